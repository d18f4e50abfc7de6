'use strict';
// WebCrypto, part 5: AES-CTR, AES-CBC, AES-GCM and AES-KW, with workerd's
// messages (src/workerd/api/crypto/aes.c++).

const { ArrayPrototypeSlice, ArrayPrototypeSort, ArrayPrototypeIncludes, StringPrototypeSlice,
  Uint8Array } = primordials;
const C = internals.webCrypto;
const { U } = C;

const isAesLength = (bits) => bits === 128 || bits === 192 || bits === 256;

const usagesFor = (name) => (name === 'AES-KW' ? U.wrapKey | U.unwrapKey
  : U.encrypt | U.decrypt | U.wrapKey | U.unwrapKey);

const aesKey = (record, name, bytes, extractable, usages) => C.makeKey({
  type: 'secret', extractable, algorithm: { name, length: bytes.length * 8 }, usages,
  handle: ops.cryptoSecretImport(bytes), record, params: {},
});

function generateAes(name, algorithm, extractable, usages) {
  const bits = C.validateUsages(name, 'generate', usages, usagesFor(name));
  const { length } = algorithm;
  if (length === undefined) throw C.typeError('Missing field "length" in "algorithm".');
  if (!isAesLength(length)) {
    throw C.operationError('Generated AES key length must be 128, 192, or 256 bits but ' +
      `requested ${length}.`);
  }
  const bytes = C.randomBytes(length / 8);
  const key = aesKey(this, name, bytes, extractable, bits);
  C.wipe(bytes);
  return key;
}

const lengthError = (bits) => C.dataError('Imported AES key length must be 128, 192, or 256 ' +
  `bits but provided ${bits}.`);

// The JWK checks of workerd's importAes (RFC 7518 §6.4, RFC 7517 §4.2–4.3).
const readAesJwk = (name, jwk, extractable, usages) => {
  if (jwk.kty !== 'oct') {
    throw C.dataError('Symmetric "jwk" key import requires a JSON Web Key with Key Type ' +
      `parameter "kty" equal to "oct" (encountered "${jwk.kty}").`);
  }
  const bytes = C.fromBase64url(jwk.k);
  if (bytes === undefined) {
    throw C.dataError('Symmetric "jwk" key import requires a base64Url encoding of the key.');
  }
  if (!isAesLength(bytes.length * 8)) throw lengthError(bytes.length * 8);
  if (jwk.alg !== undefined) {
    const expected = `A${bytes.length * 8}${StringPrototypeSlice(name, 4)}`;
    if (jwk.alg !== expected) {
      throw C.dataError(`Symmetric "jwk" key contains invalid "alg" value "${jwk.alg}", ` +
        `expected "${expected}".`);
    }
  }
  if (usages.length !== 0 && jwk.use !== undefined && jwk.use !== 'enc') {
    throw C.dataError(`Symmetric "jwk" key must have a "use" of "enc", not "${jwk.use}".`);
  }
  if (jwk.key_ops !== undefined) {
    const ops = ArrayPrototypeSort(ArrayPrototypeSlice(jwk.key_ops));
    for (let i = 1; i < ops.length; i++) {
      if (ops[i] === ops[i - 1]) {
        throw C.dataError(`Symmetric "jwk" key contains duplicate value "${ops[i]}", in ` +
          '"key_op".');
      }
    }
    for (let i = 0; i < usages.length; i++) {
      if (!ArrayPrototypeIncludes(ops, usages[i])) {
        throw C.dataError(`"jwk" key missing usage "${usages[i]}", in "key_ops".`);
      }
    }
  }
  if (jwk.ext !== undefined && !jwk.ext && extractable) {
    throw C.dataError('"jwk" key has value "false", for "ext" that is incompatible with import ' +
      'extractability value "true".');
  }
  return bytes;
};

function importAes(name, format, keyData, algorithm, extractable, usages) {
  const bits = C.validateUsages(name, 'importSecret', usages, usagesFor(name));
  let bytes;
  if (format === 'raw') {
    if (!isAesLength(keyData.length * 8)) throw lengthError(keyData.length * 8);
    bytes = keyData;
  } else if (format === 'jwk') {
    bytes = readAesJwk(name, keyData, extractable, usages);
  } else {
    throw C.notSupported(`Unrecognized key import format "${format}".`);
  }
  return aesKey(this, name, bytes, extractable, bits);
}

function exportAes(key, format) {
  const name = C.keyAlgorithmName(key);
  if (format !== 'raw' && format !== 'jwk') {
    throw C.notSupported(`${name} key only supports exporting "raw" & "jwk", not "${format}".`);
  }
  const bytes = ops.cryptoSecretExport(C.keyHandle(key));
  if (format === 'raw') return bytes;
  const u8 = new Uint8Array(bytes);
  return C.orderedJwk({
    kty: 'oct', key_ops: C.usageNames(C.keyUsages(key)),
    alg: `A${u8.length * 8}${StringPrototypeSlice(name, 4)}`, ext: true, k: C.base64url(u8),
  });
}

// The OperationError of a failed decryption (workerd decryptFinalHelper).
const decryptionFailed = (name, input, output) => C.operationError('Decryption failed. This ' +
  'could be due to a ciphertext authentication failure, bad padding, incorrect CryptoKey, or ' +
  `another algorithm-specific reason. Input length was ${input}, output length expected to be ` +
  `${output} for ${name}`);

const requireIv = (algorithm) => {
  if (algorithm.iv === undefined) throw C.typeError('Missing field "iv" in "algorithm".');
  return algorithm.iv;
};

// ---------------------------------------------------------------------------------------------
// AES-GCM (NIST SP 800-38D)

const gcmTagBits = (algorithm) => {
  const tagLength = algorithm.tagLength ?? 128;
  switch (tagLength) {
    case 32: case 64: case 96: case 104: case 112: case 120: case 128:
      return tagLength;
    default:
      throw C.operationError(`Invalid AES-GCM tag length ${tagLength}.`);
  }
};

const gcmIv = (algorithm) => {
  const iv = requireIv(algorithm);
  if (iv.length === 0) throw C.operationError('AES-GCM IV must not be empty.');
  return iv;
};

// WebCrypto AES-GCM "encrypt" step 1 (SP 800-38D §5.2.1.1): at most 2^39 - 256 bits of
// plaintext; workerd checks the number in bytes.
const kGcmMaxBytes = 2 ** 39 - 256;

const aesGcm = {
  encrypt(key, algorithm, data) {
    const iv = gcmIv(algorithm);
    if (data.length > kGcmMaxBytes) {
      throw C.operationError('AES-GCM can only encrypt up to 2^39 - 256 bytes of plaintext at ' +
        `a time, but requested ${data.length} bytes.`);
    }
    const tagBits = gcmTagBits(algorithm);
    return ops.cryptoAesGcm(true, C.keyHandle(key), iv, algorithm.additionalData, tagBits / 8,
      data);
  },
  decrypt(key, algorithm, data) {
    const iv = gcmIv(algorithm);
    const tagBits = gcmTagBits(algorithm);
    if (data.length < tagBits / 8) {
      throw C.operationError(`Ciphertext length of ${data.length * 8} bits must be greater ` +
        `than or equal to the size of the AES-GCM tag length of ${tagBits} bits.`);
    }
    const out = ops.cryptoAesGcm(false, C.keyHandle(key), iv, algorithm.additionalData,
      tagBits / 8, data);
    if (out === undefined) {
      const body = data.length - tagBits / 8;
      throw decryptionFailed('AES-GCM', body, body);
    }
    return out;
  },
};

// ---------------------------------------------------------------------------------------------
// AES-CBC (SP 800-38A, PKCS #7 padding)

const aesCbc = {
  encrypt(key, algorithm, data) {
    const iv = requireIv(algorithm);
    if (iv.length !== 16) {
      throw C.operationError(`AES-CBC IV must be 16 bytes long (provided ${iv.length} bytes).`);
    }
    return ops.cryptoAesCbc(true, C.keyHandle(key), iv, data);
  },
  decrypt(key, algorithm, data) {
    const iv = requireIv(algorithm);
    if (iv.length !== 16) {
      throw C.operationError(`AES-CBC IV must be 16 bytes long (provided ${iv.length}).`);
    }
    const out = ops.cryptoAesCbc(false, C.keyHandle(key), iv, data);
    if (out === undefined) {
      // What OpenSSL had produced before its final block check: every whole block but the
      // last one it holds back for unpadding.
      const whole = data.length - (data.length % 16);
      throw decryptionFailed('AES-CBC', data.length,
        data.length % 16 === 0 ? (whole === 0 ? 0 : whole - 16) : whole);
    }
    return out;
  },
};

// ---------------------------------------------------------------------------------------------
// AES-CTR (SP 800-38A §6.5; WebCrypto: only the rightmost `length` bits of the counter count)

const ctr = (key, algorithm, data) => {
  const { counter, length } = algorithm;
  if (counter === undefined) throw C.typeError('Missing "counter" member in "algorithm".');
  if (counter.length !== 16) {
    throw C.operationError(`Counter must have length of 16 bytes (provided ${counter.length}).`);
  }
  if (length === undefined) throw C.typeError('Missing "length" member in "algorithm".');
  if (!(length > 0 && length <= 128)) {
    throw C.operationError(`Invalid counter of ${length} bits length provided.`);
  }
  const out = ops.cryptoAesCtr(C.keyHandle(key), counter, length, data);
  if (out === undefined) throw C.operationError('Counter block values will repeat');
  return out;
};
const aesCtr = { encrypt: ctr, decrypt: ctr };

// ---------------------------------------------------------------------------------------------
// AES-KW (RFC 3394): wrapKey/unwrapKey only.

const aesKw = {
  wrapKey(key, algorithm, data) {
    if (data.length % 8 !== 0) {
      throw C.operationError('Unwrapped key bit length must be a multiple of 64 bits but ' +
        `unwrapped key has a length of ${data.length * 8} bits.`);
    }
    if (data.length < 16) {
      throw C.operationError(`Unwrapped key has length ${data.length} bytes but it should be ` +
        'greater than or equal to 16 and less than or equal to 18446744073709551607');
    }
    const out = ops.cryptoAesKw(true, C.keyHandle(key), data);
    if (out === undefined) throw C.operationError('AES-KW key wrapping failed');
    return out;
  },
  unwrapKey(key, algorithm, data) {
    if (data.length % 8 !== 0) {
      throw C.operationError(`Provided a wrapped key to unwrap that is ${data.length * 8} bits ` +
        'which isn\'t a multiple of 64 bits.');
    }
    if (data.length < 24) {
      throw C.operationError(`Provided a wrapped key to unwrap this is ${data.length * 8} bits ` +
        'that is less than the minimal length of 192 bits.');
    }
    const out = ops.cryptoAesKw(false, C.keyHandle(key), data);
    if (out === undefined) throw C.operationError('AES-KW key unwrapping failed');
    return out;
  },
};

const modes = [['AES-CTR', aesCtr], ['AES-CBC', aesCbc], ['AES-GCM', aesGcm], ['AES-KW', aesKw]];
for (let i = 0; i < modes.length; i++) {
  C.registerAlgorithm(modes[i][0], {
    shape: 'Aes', generateKey: generateAes, importKey: importAes, exportKey: exportAes,
    ...modes[i][1],
  });
}
