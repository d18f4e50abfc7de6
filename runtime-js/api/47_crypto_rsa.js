'use strict';
// WebCrypto, part 8: RSASSA-PKCS1-v1_5, RSA-PSS and RSA-OAEP, with
// workerd's messages and its strict_crypto_checks limits (src/workerd/api/crypto/rsa.c++).

const { SafeMap, StringPrototypeSlice } = primordials;
const C = internals.webCrypto;
const { U } = C;

const signUsages = U.sign | U.verify;
const oaepUsages = U.encrypt | U.decrypt | U.wrapKey | U.unwrapKey;
const usagesFor = (name) => (name === 'RSA-OAEP' ? oaepUsages : signUsages);

// RFC 7518 §3.3, §3.5, §4.3: the JWK "alg" of each variant and hash.
const kJwkAlgs = {
  __proto__: null,
  'RSASSA-PKCS1-v1_5': new SafeMap([['RS1', 'SHA-1'], ['RS256', 'SHA-256'],
    ['RS384', 'SHA-384'], ['RS512', 'SHA-512']]),
  'RSA-PSS': new SafeMap([['PS1', 'SHA-1'], ['PS256', 'SHA-256'], ['PS384', 'SHA-384'],
    ['PS512', 'SHA-512']]),
  'RSA-OAEP': new SafeMap([['RSA-OAEP', 'SHA-1'], ['RSA-OAEP-256', 'SHA-256'],
    ['RSA-OAEP-384', 'SHA-384'], ['RSA-OAEP-512', 'SHA-512']]),
};
const jwkAlgFor = (name, hash) => {
  const suffix = StringPrototypeSlice(hash, 4);
  if (name === 'RSA-OAEP') return hash === 'SHA-1' ? 'RSA-OAEP' : `RSA-OAEP-${suffix}`;
  return `${name === 'RSA-PSS' ? 'PS' : 'RS'}${suffix}`;
};

// The public exponent as an unsigned integer, or -1 when it does not fit 32 bits.
const exponentValue = (bytes) => {
  let value = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (value > 0xFFFFFF) return -1;
    value = value * 256 + bytes[i];
  }
  return value;
};

// workerd Rsa::validateRsaParams with strict_crypto_checks: Chromium's key size limits, and
// exponents 3 and 65537 for new keys (3, 17, 37 and 65537 for imported ones).
const validateRsaParams = (modulusLength, exponent, isImport) => {
  if (modulusLength % 8 !== 0 || modulusLength < 256 || modulusLength > 16384) {
    throw C.operationError('The modulus length must be a multiple of 8 and between 256 and ' +
      `16k, but ${modulusLength} was requested.`);
  }
  const e = exponentValue(exponent);
  if (e < 0) {
    throw C.operationError('The "publicExponent" must be either 3 or 65537, but got a number ' +
      'larger than 2^32.');
  }
  if (!isImport && e !== 3 && e !== 65537) {
    throw C.operationError(`The "publicExponent" must be either 3 or 65537, but got ${e}.`);
  }
  if (isImport && e !== 3 && e !== 17 && e !== 37 && e !== 65537) {
    throw C.operationError(`Imported RSA key has invalid publicExponent ${e}.`);
  }
};

const rsaAlgorithm = (name, modulusLength, publicExponent, hash) => ({
  name, modulusLength, publicExponent, hash: { name: hash },
});

function generateRsa(name, algorithm, extractable, usages) {
  const { publicExponent, modulusLength } = algorithm;
  if (publicExponent === undefined) {
    throw C.typeError('Missing field "publicExponent" in "algorithm".');
  }
  if (algorithm.hash === undefined) throw C.typeError('Missing field "hash" in "algorithm".');
  if (modulusLength === undefined) {
    throw C.typeError('Missing field "modulusLength" in "algorithm".');
  }
  if (!(modulusLength > 0)) {
    throw C.operationError(`modulusLength must be greater than zero (requested ${modulusLength}).`);
  }
  const hash = C.lookupHash(algorithm.hash).name;
  const bits = C.validateUsages(name, 'generate', usages, usagesFor(name));
  validateRsaParams(modulusLength, publicExponent, false);
  if (modulusLength % 128 !== 0) {
    throw C.operationError("Can't generate key: RSA key size is required to be a multiple of 128");
  }
  const exponent = C.copyBytes(publicExponent);
  const handles = ops.cryptoKeyGenerate('RSA', modulusLength, exponent);
  return C.makeKeyPair(handles, rsaAlgorithm(name, modulusLength, exponent, hash), this,
    { hash, modulusBytes: modulusLength / 8 }, extractable, bits);
}

// A JWK member holding a big-endian integer (RFC 7518 §6.3), or a DataError.
const member = (jwk, field, what) => {
  const bytes = C.fromBase64url(jwk[field]);
  if (bytes === undefined) throw C.dataError(`Invalid RSA key in JSON Web Key; ${what}.`);
  return bytes;
};
const kCrtMembers = [['p', 'First Prime Factor'], ['q', 'Second Prime Factor'],
  ['dp', 'First Factor CRT Exponent'], ['dq', 'Second Factor CRT Exponent'],
  ['qi', 'First CRT Coefficient']];

// workerd's JWK reader for RSA keys (rsa.c++ importRsa, rsaJwkReader).
const readRsaJwk = (name, hash, jwk) => {
  if (jwk.kty !== 'RSA') {
    // (workerd names RSASSA-PKCS1-v1_5 here whatever the variant.)
    throw C.dataError('RSASSA-PKCS1-v1_5 "jwk" key import requires a JSON Web Key with Key ' +
      `Type parameter "kty" ("${jwk.kty}") equal to "RSA".`);
  }
  if (jwk.alg !== undefined) {
    const algHash = kJwkAlgs[name].get(jwk.alg);
    if (algHash === undefined) {
      throw C.notSupported(`Unrecognized or unimplemented algorithm "${jwk.alg}" listed in JSON ` +
        'Web Key Algorithm parameter.');
    }
    if (algHash !== hash) {
      throw C.dataError(`JSON Web Key Algorithm parameter "alg" ("${jwk.alg}") does not match ` +
        `requested hash algorithm "${jwk.alg}".`);
    }
  }
  const n = member(jwk, 'n', 'missing or invalid Modulus parameter ("n")');
  const e = member(jwk, 'e', 'missing or invalid Exponent parameter ("e")');
  if (jwk.d === undefined) return ops.cryptoRsaImportJwk(n, e);
  const d = member(jwk, 'd', 'missing or invalid Private Exponent parameter ("d")');
  let present = 0;
  for (let i = 0; i < kCrtMembers.length; i++) {
    if (jwk[kCrtMembers[i][0]] !== undefined) present++;
  }
  if (present === 0) return ops.cryptoRsaImportJwk(n, e, d);
  if (present !== kCrtMembers.length) {
    throw C.dataError('Invalid RSA private key in JSON Web Key; if one Prime Factor or CRT ' +
      'Exponent/Coefficient parameter is present, then they must all be present ("p", "q", ' +
      '"dp", "dq", "qi").');
  }
  const crt = [];
  for (let i = 0; i < kCrtMembers.length; i++) {
    crt[i] = member(jwk, kCrtMembers[i][0],
      `invalid ${kCrtMembers[i][1]} parameter ("${kCrtMembers[i][0]}")`);
  }
  return ops.cryptoRsaImportJwk(n, e, d, crt[0], crt[1], crt[2], crt[3], crt[4]);
};

function importRsa(name, format, keyData, algorithm, extractable, usages) {
  if (algorithm.hash === undefined) throw C.typeError('Missing field "hash" in "algorithm".');
  const hash = C.lookupHash(algorithm.hash).name;
  const imported = C.importAsymmetric(format, keyData, name, extractable, usages,
    (jwk) => readRsaJwk(name, hash, jwk), usagesFor(name));
  const info = ops.cryptoKeyInfo(imported.handle);
  if (info.kind !== 'rsa') throw C.dataError('Input was not an RSA key');
  // workerd reports the modulus size in whole bytes (RSA_size), as bits.
  const modulusBytes = C.ceilDiv8(info.modulusLength);
  validateRsaParams(modulusBytes * 8, info.publicExponent, true);
  return C.makeKey({
    type: imported.type, extractable,
    algorithm: rsaAlgorithm(name, modulusBytes * 8, info.publicExponent, hash),
    usages: imported.usages, handle: imported.handle, record: this,
    params: { hash, modulusBytes },
  });
}

const kJwkMembers = ['n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi'];

function exportRsa(key, format) {
  const name = C.keyAlgorithmName(key);
  return C.exportAsymmetric(key, format, (k) => {
    const { hash } = C.keyParams(k);
    if (hash === 'MD5') {
      throw C.notSupported(`JWK export not supported for hash algorithm "${hash}".`);
    }
    const jwk = { kty: 'RSA', alg: jwkAlgFor(name, hash) };
    const parts = ops.cryptoRsaExportJwk(C.keyHandle(k));
    for (let i = 0; i < parts.length; i++) {
      if (parts[i] === undefined) continue;
      jwk[kJwkMembers[i]] = C.base64url(parts[i]);
      C.wipe(parts[i]);
    }
    return jwk;
  }, () => {
    throw C.invalidAccess(`Cannot export "${name}" in "raw" format.`);
  });
}

// RFC 8017 §9.2 note 1 and §9.1.1: the key must hold the encoded digest (workerd's checks,
// which avoid OpenSSL's opaque errors).
const hashBytes = (hash) => C.lookupHash(hash).bytes;
const checkPkcs1Size = (key) => {
  const { hash, modulusBytes } = C.keyParams(key);
  const needed = hashBytes(hash) + 32;
  if (needed > modulusBytes) {
    throw C.operationError('key too small for signing with given digest, need at least ' +
      `${8 * needed}bits.`);
  }
};
const checkPssSize = (key, salt) => {
  const { hash, modulusBytes } = C.keyParams(key);
  if (hashBytes(hash) + 2 > modulusBytes) {
    throw C.operationError('key too small for signing with given digest');
  }
  if (salt > modulusBytes - hashBytes(hash) - 2) {
    throw C.operationError('key too small for signing with given digest and salt length');
  }
};
// RSA-PSS's saltLength: sign reports a missing one as a DataError, verify as a TypeError.
const pssSalt = (algorithm, missing) => {
  const salt = algorithm.saltLength;
  if (salt === undefined) {
    throw missing('Failed to provide salt for RSA-PSS key operation which requires a salt');
  }
  if (salt < 0) {
    throw C.dataError(`SaltLength for RSA-PSS must be non-negative (provided ${salt}).`);
  }
  return salt;
};

C.registerAlgorithm('RSASSA-PKCS1-v1_5', {
  shape: 'Rsa', generateKey: generateRsa, importKey: importRsa, exportKey: exportRsa,
  sign(key, algorithm, data) {
    C.requirePrivateToSign(key);
    checkPkcs1Size(key);
    return ops.cryptoRsaSign(C.keyHandle(key), C.keyParams(key).hash, -1, data);
  },
  verify(key, algorithm, signature, data) {
    C.requirePublicToVerify(key);
    return ops.cryptoRsaVerify(C.keyHandle(key), C.keyParams(key).hash, -1, signature, data);
  },
});

C.registerAlgorithm('RSA-PSS', {
  shape: 'Rsa', generateKey: generateRsa, importKey: importRsa, exportKey: exportRsa,
  sign(key, algorithm, data) {
    C.requirePrivateToSign(key);
    const salt = pssSalt(algorithm, C.dataError);
    checkPssSize(key, salt);
    return ops.cryptoRsaSign(C.keyHandle(key), C.keyParams(key).hash, salt, data);
  },
  verify(key, algorithm, signature, data) {
    C.requirePublicToVerify(key);
    const salt = pssSalt(algorithm, C.typeError);
    return ops.cryptoRsaVerify(C.keyHandle(key), C.keyParams(key).hash, salt, signature, data);
  },
});

const oaep = (encrypt, key, algorithm, data) => {
  const out = ops.cryptoRsaOaep(encrypt, C.keyHandle(key), C.keyParams(key).hash,
    algorithm.label, data);
  if (out === undefined) throw C.operationError('RSA-OAEP failed encrypt/decrypt');
  return out;
};

C.registerAlgorithm('RSA-OAEP', {
  shape: 'Rsa', generateKey: generateRsa, importKey: importRsa, exportKey: exportRsa,
  encrypt(key, algorithm, data) {
    if (C.keyType(key) !== 'public') {
      throw C.invalidAccess('Encryption/key wrapping only works with public keys, not ' +
        `"${C.keyType(key)}".`);
    }
    return oaep(true, key, algorithm, data);
  },
  decrypt(key, algorithm, data) {
    if (C.keyType(key) !== 'private') {
      throw C.invalidAccess('Decryption/key unwrapping only works with private keys, not ' +
        `"${C.keyType(key)}".`);
    }
    return oaep(false, key, algorithm, data);
  },
});
