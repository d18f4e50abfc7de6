#pragma once
// Native operations behind node:crypto's KeyObject, signatures, RSA encryption, key agreement,
// hashes by OpenSSL name, DiffieHellman, primes, SPKAC and getCipherInfo, on OpenSSL 3
// (runtime-js/api/7x_node_crypto_*.js). runtime-js validates arguments with Node's messages first; an
// OpenSSL failure the Worker caused throws Node's error for it (ERR_OSSL_*, see
// src/api/crypto/node_openssl_error.h). Keys are the same AsymmetricKey / SecretKey handles
// WebCrypto's CryptoKey holds, so KeyObject.from(cryptoKey) shares the material. Each op is
// listed once in src/ops/native_ops.cc.

#include <v8-function-callback.h>

namespace edged::api {

using NodeCryptoOp = void(const v8::FunctionCallbackInfo<v8::Value>&);

// --- keys (node_key_ops.cc)
// cryptoNodeKeyParse(bytes, isPem, wantPrivate, passphrase | undefined) → handle. PEM or DER in
// any structure Node reads (SPKI, PKCS #8 also encrypted, PKCS #1, SEC 1; a certificate's key
// for a public key); a public key asked of a private key's encoding is its public half.
// Throws ERR_MISSING_PASSPHRASE for an encrypted key without a passphrase.
NodeCryptoOp opCryptoNodeKeyParse;
// cryptoNodeKeyExport(handle, isPem, structure, cipher | undefined, passphrase | undefined)
// → ArrayBuffer (PEM text or DER); structure "spki" | "pkcs8" | "pkcs1" | "sec1".
NodeCryptoOp opCryptoNodeKeyExport;
// cryptoNodeKeyDetails(handle) → { type: Node's asymmetricKeyType or undefined, private,
//   modulusLength?, publicExponent? (Uint8Array), namedCurve? (OpenSSL's short name),
//   hashAlgorithm?, mgf1HashAlgorithm?, saltLength? (RSA-PSS parameters) }.
NodeCryptoOp opCryptoNodeKeyDetails;
// cryptoNodeKeyEquals(handleA, handleB) → boolean (same type and same key).
NodeCryptoOp opCryptoNodeKeyEquals;
// cryptoNodeKeyGenerate(type, modulusLengthOrCurve, publicExponent | undefined,
//   pssHash | undefined, pssMgf1Hash | undefined, pssSaltLength | undefined)
// → [privateHandle, publicHandle], or undefined for an unknown curve. type "rsa" | "rsa-pss" |
// "ec" | "ed25519" | "ed448" | "x25519" | "x448".
NodeCryptoOp opCryptoNodeKeyGenerate;
// cryptoNodeEcKey(curve, publicPoint | undefined, privateScalar | undefined) → handle, or
// undefined when the curve is unknown or the point/scalar is not valid on it (ECDH's
// setPrivateKey computes the public point from the scalar).
NodeCryptoOp opCryptoNodeEcKey;
// cryptoNodeEcPoint(handle, form) → ArrayBuffer: the public point, form "compressed" |
// "uncompressed" | "hybrid"; cryptoNodeEcScalar(handle) → ArrayBuffer (field-size padded).
NodeCryptoOp opCryptoNodeEcPoint;
NodeCryptoOp opCryptoNodeEcScalar;

// --- signatures, encryption, agreement (node_sign_ops.cc)
// cryptoNodeSign(handle, digest | null, bytes, padding, saltLength, ieeeP1363) → ArrayBuffer.
// padding/saltLength are Node's constants, or undefined for the key's default.
NodeCryptoOp opCryptoNodeSign;
// cryptoNodeVerify(handle, digest | null, bytes, signature, padding, saltLength, ieeeP1363)
// → boolean.
NodeCryptoOp opCryptoNodeVerify;
// cryptoNodeRsaCrypt(mode, handle, padding, oaepHash | undefined, oaepLabel | undefined, bytes)
// → ArrayBuffer; mode 0 publicEncrypt, 1 privateDecrypt, 2 privateEncrypt, 3 publicDecrypt.
NodeCryptoOp opCryptoNodeRsaCrypt;
// cryptoNodeDerive(privateHandle, publicHandle) → ArrayBuffer (ECDH, X25519, X448, DH).
NodeCryptoOp opCryptoNodeDerive;

// --- hashes by OpenSSL name (node_hash_ops.cc)
// cryptoNodeDigestSize(name) → the digest's size in bytes, or -1 when OpenSSL knows no such
// digest; 0 is never returned. cryptoNodeHashCreate(name) → a DigestContext handle that
// cryptoDigestUpdate / cryptoDigestCopy accept; cryptoNodeHashFinish(handle, outputLength |
// undefined) → ArrayBuffer, or undefined when outputLength is given for a digest that is no
// XOF and differs from its size.
NodeCryptoOp opCryptoNodeDigestSize;
NodeCryptoOp opCryptoNodeHashCreate;
NodeCryptoOp opCryptoNodeHashFinish;
// cryptoNodeHashNames() → the digest names OpenSSL offers, lower case, sorted.
NodeCryptoOp opCryptoNodeHashNames;

// --- X509Certificate (node_x509_ops.cc)
// cryptoNodeX509Parse(bytes) → { raw (ArrayBuffer DER), pem, subject, issuer, subjectAltName?,
//   infoAccess?, validFrom, validTo, serialNumber, fingerprint, fingerprint256, fingerprint512,
//   ca, keyUsage? (extended key usage OIDs), publicKey (handle) } in Node's formats; Node's
//   OpenSSL error when `bytes` is no certificate.
NodeCryptoOp opCryptoNodeX509Parse;
// cryptoNodeX509Check(der, what, arg): what "verify" | "privateKey" (arg a key handle) →
// boolean; "issued" (arg the issuer's DER) → boolean; "host" | "email" | "ip" (arg a string) →
// the matching name, or undefined.
NodeCryptoOp opCryptoNodeX509Check;

// --- DiffieHellman (node_dh_ops.cc); failures throw workerd's messages (no `code`).
// cryptoNodeDhGroup(name) → handle for "modp14" … "modp18" (any case), else undefined.
NodeCryptoOp opCryptoNodeDhGroup;
// cryptoNodeDhCreate(bits, generator) → handle with generated parameters; or
// cryptoNodeDhCreate(primeBytes, generator number | bytes) → handle for those parameters.
NodeCryptoOp opCryptoNodeDhCreate;
// cryptoNodeDhVerifyError(handle) → DH_check's flags, BoringSSL's way (as workerd reports).
NodeCryptoOp opCryptoNodeDhVerifyError;
// cryptoNodeDhGenerateKeys(handle) → ArrayBuffer: the public key (a private key set is kept).
NodeCryptoOp opCryptoNodeDhGenerateKeys;
// cryptoNodeDhComputeSecret(handle, peerPublicKey) → ArrayBuffer, padded to the prime's size.
NodeCryptoOp opCryptoNodeDhComputeSecret;
// cryptoNodeDhGet(handle, "prime" | "generator" | "public" | "private") → ArrayBuffer
// (minimal big-endian), or undefined when that key is not there yet.
NodeCryptoOp opCryptoNodeDhGet;
// cryptoNodeDhSet(handle, "public" | "private", bytes).
NodeCryptoOp opCryptoNodeDhSet;

// --- primes (node_prime_ops.cc)
// cryptoNodeGeneratePrime(bits, safe, add | undefined, rem | undefined) → ArrayBuffer
// (big-endian); Error "Error while generating prime" when OpenSSL refuses the size.
NodeCryptoOp opCryptoNodeGeneratePrime;
// cryptoNodeCheckPrime(bytes) → boolean (big-endian candidate).
NodeCryptoOp opCryptoNodeCheckPrime;

// --- Certificate (node_spkac_ops.cc)
// cryptoNodeSpkac("verify" | "challenge" | "publicKey", bytes) → boolean | ArrayBuffer (the
// challenge, or the key as SPKI PEM) | undefined when `bytes` is no SPKAC.
NodeCryptoOp opCryptoNodeSpkac;

// --- getCipherInfo (node_cipher_info_ops.cc)
// cryptoNodeCipherInfo(name | nid) → { name, longName, nid, blockSize, ivLength, keyLength,
// mode } or undefined when OpenSSL knows no such cipher.
NodeCryptoOp opCryptoNodeCipherInfo;

}  // namespace edged::api
