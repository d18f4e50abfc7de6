#pragma once
// Native operations behind WebCrypto (crypto.subtle, crypto.DigestStream), on OpenSSL 3.
// runtime-js/api/40_crypto_*.js … 47_crypto_*.js build the API: they validate and normalize
// every argument with workerd's messages, then call these ops with normalized algorithm names
// ("SHA-256", "P-384", "Ed25519"). Key material stays native behind opaque handle objects (see
// src/api/crypto/native_handles.h). Each op is listed once in src/ops/native_ops.cc.
//
// Conventions: `bytes` is an ArrayBuffer or view; results are fresh ArrayBuffers. An op returns
// undefined where WebCrypto defines a Worker-visible failure that runtime-js words itself (a
// failed decryption); key-data errors throw DataError; unexpected OpenSSL failures throw an
// OperationError with a logged reference id.

#include <v8-function-callback.h>

namespace edged::api {

using CryptoOp = void(const v8::FunctionCallbackInfo<v8::Value>&);

// --- digests (digest_ops.cc)
// cryptoDigest(hash, bytes) → ArrayBuffer.
CryptoOp opCryptoDigest;
// cryptoDigestCreate(hash) → handle; cryptoDigestUpdate(handle, bytes);
// cryptoDigestFinish(handle) → ArrayBuffer (once).
CryptoOp opCryptoDigestCreate;
CryptoOp opCryptoDigestUpdate;
CryptoOp opCryptoDigestFinish;
// cryptoTimingSafeEqual(a, b) → boolean, in time independent of the contents (same lengths).
CryptoOp opCryptoTimingSafeEqual;

// --- node:crypto's incremental primitives (node_crypto_ops.cc)
// cryptoDigestCopy(handle) → a new handle continuing from the same state (Hash.copy).
CryptoOp opCryptoDigestCopy;
// cryptoHmacCreate(hash, keyBytes) → handle; cryptoHmacUpdate(handle, bytes);
// cryptoHmacFinish(handle) → ArrayBuffer (once).
CryptoOp opCryptoHmacCreate;
CryptoOp opCryptoHmacUpdate;
CryptoOp opCryptoHmacFinish;
// cryptoCipherCreate(opensslName, encrypt, key, iv) → handle (key length already checked);
// cryptoCipherUpdate(handle, bytes) → ArrayBuffer; cryptoCipherFinal(handle) → ArrayBuffer, or
// undefined when padding or the GCM tag does not check out. cryptoCipherSetAAD(handle, bytes),
// cryptoCipherSetAutoPadding(handle, bool), cryptoCipherSetTag(handle, bytes) → boolean (false
// when out of order); cryptoCipherGetTag(handle, length) → ArrayBuffer.
CryptoOp opCryptoCipherCreate;
CryptoOp opCryptoCipherUpdate;
CryptoOp opCryptoCipherFinal;
CryptoOp opCryptoCipherSetAAD;
CryptoOp opCryptoCipherSetAutoPadding;
CryptoOp opCryptoCipherGetTag;
CryptoOp opCryptoCipherSetTag;
// cryptoScrypt(password, salt, N, r, p, maxmem, byteLength) → ArrayBuffer, or undefined when
// OpenSSL rejects the parameters.
CryptoOp opCryptoScrypt;

// --- secret keys, HMAC, PBKDF2, HKDF (secret_ops.cc)
// cryptoSecretImport(bytes) → handle (a copy); cryptoSecretExport(handle) → ArrayBuffer.
CryptoOp opCryptoSecretImport;
CryptoOp opCryptoSecretExport;
// cryptoHmacSign(hash, key, bytes) → ArrayBuffer;
// cryptoHmacVerify(hash, key, signature, bytes) → boolean (constant-time compare).
CryptoOp opCryptoHmacSign;
CryptoOp opCryptoHmacVerify;
// cryptoPbkdf2(hash, key, salt, iterations, byteLength) → ArrayBuffer.
CryptoOp opCryptoPbkdf2;
// cryptoHkdf(hash, key, salt, info, byteLength) → ArrayBuffer, or undefined when byteLength is
// more than RFC 5869 allows (255 hash lengths).
CryptoOp opCryptoHkdf;

// --- AES (aes_ops.cc); each → ArrayBuffer, or undefined when decryption/unwrapping fails
// cryptoAesGcm(encrypt, key, iv, additionalData | undefined, tagByteLength, bytes)
CryptoOp opCryptoAesGcm;
// cryptoAesCbc(encrypt, key, iv, bytes) — PKCS#7 padding.
CryptoOp opCryptoAesCbc;
// cryptoAesCtr(key, counter, counterBitLength, bytes) — undefined when the counter would repeat.
CryptoOp opCryptoAesCtr;
// cryptoAesKw(wrap, key, bytes) — RFC 3394.
CryptoOp opCryptoAesKw;

// --- asymmetric keys in general (asymmetric_ops.cc)
// cryptoKeyGenerate(kind, modulusLength?, publicExponent?) → [privateHandle, publicHandle];
// kind is "P-256" | "P-384" | "P-521" | "Ed25519" | "X25519" | "RSA".
CryptoOp opCryptoKeyGenerate;
// cryptoKeyImportSpki(bytes) / cryptoKeyImportPkcs8(bytes) → handle; DataError on bad input.
CryptoOp opCryptoKeyImportSpki;
CryptoOp opCryptoKeyImportPkcs8;
// cryptoKeyExportSpki(handle) / cryptoKeyExportPkcs8(handle) → ArrayBuffer (DER).
CryptoOp opCryptoKeyExportSpki;
CryptoOp opCryptoKeyExportPkcs8;
// cryptoKeyInfo(handle) → { private, kind: "rsa" | "ec" | "ed25519" | "x25519" | "other",
//   namedCurve?, modulusLength?, publicExponent? (Uint8Array) }.
CryptoOp opCryptoKeyInfo;

// --- ECDSA / ECDH (ec_ops.cc)
// cryptoEcImportRaw(curve, bytes) → public handle; cryptoEcExportRaw(handle) → uncompressed
// point. cryptoEcImportJwk(curve, x, y, d | undefined) → handle;
// cryptoEcExportJwk(handle) → [x, y, d?] as Uint8Arrays of the field size.
CryptoOp opCryptoEcImportRaw;
CryptoOp opCryptoEcExportRaw;
CryptoOp opCryptoEcImportJwk;
CryptoOp opCryptoEcExportJwk;
// cryptoEcdsaSign(handle, hash, bytes) → r‖s; cryptoEcdsaVerify(handle, hash, sig, bytes).
CryptoOp opCryptoEcdsaSign;
CryptoOp opCryptoEcdsaVerify;
// cryptoEcdhDerive(privateHandle, publicHandle) → the shared x coordinate.
CryptoOp opCryptoEcdhDerive;

// --- Ed25519 / X25519 (okp_ops.cc)
// cryptoOkpImportRaw(kind, bytes, isPrivate) → handle; cryptoOkpExportRaw(handle, private).
CryptoOp opCryptoOkpImportRaw;
CryptoOp opCryptoOkpExportRaw;
// cryptoEd25519Sign(handle, bytes); cryptoEd25519Verify(handle, signature, bytes).
CryptoOp opCryptoEd25519Sign;
CryptoOp opCryptoEd25519Verify;
// cryptoX25519Derive(privateHandle, publicHandle) → ArrayBuffer, or undefined for a
// small-order peer (all-zero secret).
CryptoOp opCryptoX25519Derive;

// --- RSA (rsa_ops.cc)
// cryptoRsaImportJwk(n, e, d?, p?, q?, dp?, dq?, qi?) → handle; DataError on a bad key.
// cryptoRsaExportJwk(handle) → [n, e] or [n, e, d, p, q, dp, dq, qi].
CryptoOp opCryptoRsaImportJwk;
CryptoOp opCryptoRsaExportJwk;
// cryptoRsaSign(handle, hash, saltLength, bytes) / cryptoRsaVerify(handle, hash, saltLength,
// signature, bytes): saltLength < 0 selects RSASSA-PKCS1-v1_5, otherwise RSA-PSS.
CryptoOp opCryptoRsaSign;
CryptoOp opCryptoRsaVerify;
// cryptoRsaOaep(encrypt, handle, hash, label | undefined, bytes) → ArrayBuffer, or undefined
// when decryption fails.
CryptoOp opCryptoRsaOaep;

}  // namespace edged::api
