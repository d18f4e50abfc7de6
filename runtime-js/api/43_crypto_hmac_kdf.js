'use strict';
// WebCrypto, part 4: HMAC, PBKDF2 and HKDF, with workerd's
// messages (src/workerd/api/crypto/hmac.c++, pbkdf2.c++, hkdf.c++).

const { StringPrototypeSlice, StringPrototypeStartsWith } = primordials;
const C = internals.webCrypto;
const { U } = C;

// Workers refuses PBKDF2 above this many iterations (workerd's DEFAULT_MAX_PBKDF2_ITERATIONS,
// enforced on Cloudflare; only the local workerd server lifts it). Keeping the production cap
// means a Worker that runs here runs there.
const kMaxPbkdf2Iterations = 100000;

// A secret key over a copy of `bytes` (which the caller may then wipe).
const secretKey = (record, algorithm, extractable, usages, bytes, params) => C.makeKey({
  type: 'secret', extractable, algorithm, usages, handle: ops.cryptoSecretImport(bytes),
  record, params,
});

// Zeroes the bits past `bits` in the last byte, as Chrome does for HMAC keys whose length is
// not a whole number of bytes (workerd zeroOutTrailingKeyBits).
const zeroTrailingBits = (bytes, bits) => {
  const spare = bytes.length * 8 - bits;
  if (spare > 0) bytes[bytes.length - 1] &= (0xFF << spare) & 0xFF;
};

// ---------------------------------------------------------------------------------------------
// HMAC

function generateHmac(name, algorithm, extractable, usages) {
  if (algorithm.hash === undefined) throw C.typeError('Missing field "hash" in "algorithm".');
  const hash = C.lookupHash(algorithm.hash);
  const bits = C.validateUsages(name, 'generate', usages, U.sign | U.verify);
  const length = algorithm.length ?? hash.blockBits;
  if (!(length > 0)) {
    throw C.operationError('HMAC key length must be a non-zero unsigned long integer ' +
      `(requested ${length}).`);
  }
  const bytes = C.randomBytes(C.ceilDiv8(length));
  zeroTrailingBits(bytes, length);
  const key = secretKey(this, { name, hash: { name: hash.name }, length }, extractable, bits,
    bytes, { hash: hash.name });
  C.wipe(bytes);
  return key;
}

function importHmac(name, format, keyData, algorithm, extractable, usages) {
  const bits = C.validateUsages(name, 'importSecret', usages, U.sign | U.verify);
  if (algorithm.hash === undefined) throw C.typeError('Missing field "hash" in "algorithm".');
  let bytes;
  if (format === 'raw') {
    bytes = C.copyBytes(keyData);
  } else if (format === 'jwk') {
    if (keyData.kty !== 'oct') {
      throw C.dataError('HMAC "jwk" key import requires a JSON Web Key with Key Type parameter ' +
        `("kty") equal to "oct" (encountered "${keyData.kty}").`);
    }
    bytes = C.fromBase64url(keyData.k);
    if (bytes === undefined) {
      throw C.dataError('HMAC "jwk" key import requires a base64Url encoding of the key');
    }
    if (keyData.alg !== undefined) {
      const hashName = `${algorithm.hash}`;
      if (!StringPrototypeStartsWith(hashName, 'SHA-')) {
        throw C.notSupported(
          `Unrecognized or unimplemented hash algorithm requested${keyData.alg}`);
      }
      const expected = `HS${StringPrototypeSlice(hashName, 4)}`;
      if (keyData.alg !== expected) {
        throw C.dataError('HMAC "jwk" key import specifies "alg" that is incompatible with the ' +
          `hash name (encountered "${keyData.alg}", expected "${expected}").`);
      }
    }
  } else {
    throw C.notSupported(`Unrecognized key import format "${format}".`);
  }
  // WebCrypto HMAC "import key": the length may be up to 7 bits less than the data's.
  const dataBits = bytes.length * 8;
  const length = algorithm.length ?? dataBits;
  if (length === 0 || length > dataBits || length <= dataBits - 8) {
    throw C.dataError(`Imported HMAC key length (${length}) must be a non-zero value up to 7 ` +
      'bits less than, and no greater than, the bit length of the raw key data ' +
      `(${dataBits}).`);
  }
  zeroTrailingBits(bytes, length);
  const hash = C.lookupHash(algorithm.hash);
  const key = secretKey(this, { name, hash: { name: hash.name }, length }, extractable, bits,
    bytes, { hash: hash.name });
  C.wipe(bytes);
  return key;
}

function exportHmac(key, format) {
  if (format !== 'raw' && format !== 'jwk') {
    throw C.notSupported(`Unimplemented key export format "${format}".`);
  }
  const bytes = ops.cryptoSecretExport(C.keyHandle(key));
  if (format === 'raw') return bytes;
  const { hash } = C.keyParams(key);
  if (!StringPrototypeStartsWith(hash, 'SHA-')) {
    throw C.notSupported(`Unimplemented JWK key export format for key algorithm "${hash}".`);
  }
  return C.orderedJwk({
    kty: 'oct', key_ops: C.usageNames(C.keyUsages(key)),
    alg: `HS${StringPrototypeSlice(hash, 4)}`, ext: true, k: C.base64url(new Uint8Array(bytes)),
  });
}

C.registerAlgorithm('HMAC', {
  shape: 'Hmac',
  generateKey: generateHmac,
  importKey: importHmac,
  exportKey: exportHmac,
  sign(key, algorithm, data) {
    return ops.cryptoHmacSign(C.keyParams(key).hash, C.keyHandle(key), data);
  },
  verify(key, algorithm, signature, data) {
    return ops.cryptoHmacVerify(C.keyParams(key).hash, C.keyHandle(key), signature, data);
  },
});

// ---------------------------------------------------------------------------------------------
// PBKDF2 and HKDF: raw, never extractable, derivation usages only.

const importKdfKey = (record, name, format, keyData, extractable, usages) => {
  const bits = C.validateUsages(name, 'importSecret', usages, C.derivationMask);
  if (extractable) throw C.domError(`${name} key cannot be extractable.`, 'SyntaxError');
  if (format !== 'raw') {
    // workerd words the two differently (HKDF's has no final period).
    throw C.notSupported(`${name} key must be imported in "raw" format (requested ` +
      `"${format}")${name === 'PBKDF2' ? '.' : ''}`);
  }
  return secretKey(record, { name }, false, bits, keyData, {});
};

// The derived length in bits: present, non-zero and a multiple of 8.
const requireByteLength = (name, length) => {
  if (length === null) throw C.operationError(`${name} cannot derive a key with null length.`);
  if (length === 0 || length % 8 !== 0) {
    throw C.operationError(`${name} requires a derived key length that is a non-zero multiple ` +
      `of eight (requested ${length}).`);
  }
  return length / 8;
};

C.registerAlgorithm('PBKDF2', {
  shape: 'KeyAlgorithm',
  importKey(name, format, keyData, algorithm, extractable, usages) {
    return importKdfKey(this, name, format, keyData, extractable, usages);
  },
  deriveBits(key, algorithm, length) {
    const hash = C.requireHash(algorithm);
    if (algorithm.salt === undefined) throw C.typeError('Missing field "salt" in "algorithm".');
    const { iterations } = algorithm;
    if (iterations === undefined) {
      throw C.typeError('Missing field "iterations" in "algorithm".');
    }
    const bytes = requireByteLength('PBKDF2', length);
    if (iterations <= 0) {
      throw C.operationError('PBKDF2 requires a positive iteration count (requested ' +
        `${iterations}).`);
    }
    if (iterations > kMaxPbkdf2Iterations) {
      throw C.notSupported(`Pbkdf2 failed: iteration counts above ${kMaxPbkdf2Iterations} are ` +
        `not supported (requested ${iterations}).`);
    }
    return ops.cryptoPbkdf2(hash.name, C.keyHandle(key), algorithm.salt, iterations, bytes);
  },
});

C.registerAlgorithm('HKDF', {
  shape: 'KeyAlgorithm',
  importKey(name, format, keyData, algorithm, extractable, usages) {
    return importKdfKey(this, name, format, keyData, extractable, usages);
  },
  deriveBits(key, algorithm, length) {
    const hash = C.requireHash(algorithm);
    if (algorithm.salt === undefined) throw C.typeError('Missing field "salt" in "algorithm".');
    if (algorithm.info === undefined) throw C.typeError('Missing field "info" in "algorithm".');
    const bytes = requireByteLength('HKDF', length);
    const out = ops.cryptoHkdf(hash.name, C.keyHandle(key), algorithm.salt, algorithm.info,
      bytes);
    if (out === undefined) throw C.operationError('HKDF deriveBits failed.');
    return out;
  },
});
