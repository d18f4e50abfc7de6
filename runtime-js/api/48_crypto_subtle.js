'use strict';
// WebCrypto, part 9: SubtleCrypto (WebCrypto, "SubtleCrypto interface") and crypto.subtle.
// Each method converts its arguments the way workerd's JSG signatures do
// (src/workerd/api/crypto/crypto.h), checks the key against the requested algorithm and usage,
// and hands over to the algorithm's record. Like workerd, the work happens synchronously; the
// result comes back as a promise.

const {
  JSONParse, JSONStringify, ObjectDefineProperty, ObjectGetOwnPropertyDescriptor, ReflectApply,
  Uint8Array,
} = primordials;
const { illegalConstructor, kInternalConstruct } = internals;
const C = internals.webCrypto;
const { U } = C;

// workerd validateOperation: the key must be of the requested algorithm and allow `usage`.
const validateOperation = (key, requestedName, usage) => {
  const keyName = C.keyAlgorithmName(key);
  if (!C.sameName(requestedName, keyName)) {
    throw C.invalidAccess(`Requested algorithm "${requestedName}" does not match this ` +
      `CryptoKey's algorithm "${keyName}".`);
  }
  if ((C.keyUsages(key) & usage) === 0) {
    throw C.invalidAccess(`Requested key usage "${C.usageName(usage)}" does not match any ` +
      'usage listed in this CryptoKey.');
  }
  return C.keyRecord(key);
};

// Runs `operation` of the key's algorithm, with workerd's message when it has none.
const perform = (record, operation, ...args) => {
  if (record[operation] === undefined) {
    const what = operation === 'deriveBits' ? 'deriveKey and deriveBits operations are'
      : `${operation} operation is`;
    throw C.notSupported(`The ${what} not implemented for "${record.name}".`);
  }
  return ReflectApply(record[operation], record, args);
};

// A secret or private key is useless without a usage (WebCrypto importKey/generateKey).
const requireUsages = (key) => {
  const type = C.keyType(key);
  if (C.keyUsages(key) === 0 && (type === 'secret' || type === 'private')) {
    throw C.domError('Secret/private CryptoKeys must have at least one usage.', 'SyntaxError');
  }
};

const isBytes = internals.webidl.isUint8Array;

// workerd SubtleCrypto::importKeySync, shared by importKey, unwrapKey and deriveKey.
const importKeySync = (format, keyData, algorithm, extractable, usages) => {
  if (format === 'raw' || format === 'pkcs8' || format === 'spki') {
    if (!isBytes(keyData)) {
      throw C.typeError('Import data provided for buffer-based import formats must be a ' +
        'buffer source.');
    }
  } else if (format === 'jwk') {
    if (isBytes(keyData)) {
      throw C.typeError('Import data provided for "jwk" import format must be a JsonWebKey.');
    }
    if (keyData.ext !== undefined && !keyData.ext && extractable) {
      throw C.dataError(`JWK ext field for "${algorithm.name}" is set to false but extractable ` +
        'is true');
    }
  } else {
    throw C.notSupported(`Unrecognized key import format "${format}".`);
  }
  const record = C.lookupAlgorithm(algorithm.name);
  if (record === undefined || record.importKey === undefined) {
    throw C.notSupported(`Unrecognized key import algorithm "${algorithm.name}" requested.`);
  }
  const key = record.importKey(record.name, format, keyData, algorithm, extractable, usages);
  requireUsages(key);
  return key;
};

// ImportKeyData: a BufferSource (as a Uint8Array) or a JsonWebKey (as a checked record).
const toKeyData = (value, method, index) => {
  const bytes = internals.webidl.bufferSourceBytes(value);
  if (bytes !== undefined) return bytes;
  if ((typeof value === 'object' && value !== null) || typeof value === 'function') {
    return C.toJsonWebKey(value);
  }
  throw internals.webidl.argumentTypeError(method, 'SubtleCrypto', index,
    'BufferSource or JsonWebKey');
};

// WebCrypto "get key length" for deriveKey (workerd getKeyLength); null for the KDFs.
const derivedKeyLength = (algorithm) => {
  const record = C.lookupAlgorithm(algorithm.name);
  const shape = record?.shape;
  if (shape === 'Aes') {
    const { length } = algorithm;
    if (length === undefined) throw C.typeError('Missing field "length" in "derivedKeyParams".');
    if (length !== 128 && length !== 192 && length !== 256) {
      throw C.operationError('Derived AES key must be 128, 192, or 256 bits in length but ' +
        `provided ${length}.`);
    }
    return length;
  }
  if (shape === 'Hmac') {
    if (algorithm.length !== undefined) {
      if (algorithm.length > 0) return algorithm.length;
      throw C.typeError('HMAC key length must be a non-zero unsigned long integer.');
    }
    if (algorithm.hash === undefined) {
      throw C.typeError('Missing field "hash" in "derivedKeyParams".');
    }
    return C.lookupHash(algorithm.hash).blockBits;
  }
  if (record?.name === 'HKDF' || record?.name === 'PBKDF2') return null;
  throw C.notSupported(`Unrecognized derived key type "${algorithm.name}" requested.`);
};

class SubtleCrypto {
  // No declared parameters: the interface has no constructor, so its length is 0 (WebIDL).
  constructor(token = undefined) {
    if (token !== kInternalConstruct) throw illegalConstructor();
  }

  encrypt(algorithm, key, plainText) {
    return C.promiseFor(() => {
      internals.brandCheck(this, SubtleCrypto);
      const params = C.toAlgorithm(algorithm, 'EncryptAlgorithm', 'encrypt', 0);
      const k = C.toKey(key, 'encrypt', 1);
      const data = C.toBytes(plainText, 'encrypt', 2);
      return perform(validateOperation(k, params.name, U.encrypt), 'encrypt', k, params, data);
    });
  }

  decrypt(algorithm, key, cipherText) {
    return C.promiseFor(() => {
      internals.brandCheck(this, SubtleCrypto);
      const params = C.toAlgorithm(algorithm, 'EncryptAlgorithm', 'decrypt', 0);
      const k = C.toKey(key, 'decrypt', 1);
      const data = C.toBytes(cipherText, 'decrypt', 2);
      return perform(validateOperation(k, params.name, U.decrypt), 'decrypt', k, params, data);
    });
  }

  sign(algorithm, key, data) {
    return C.promiseFor(() => {
      internals.brandCheck(this, SubtleCrypto);
      const params = C.toAlgorithm(algorithm, 'SignAlgorithm', 'sign', 0);
      const k = C.toKey(key, 'sign', 1);
      const bytes = C.toBytes(data, 'sign', 2);
      return perform(validateOperation(k, params.name, U.sign), 'sign', k, params, bytes);
    });
  }

  verify(algorithm, key, signature, data) {
    return C.promiseFor(() => {
      internals.brandCheck(this, SubtleCrypto);
      const params = C.toAlgorithm(algorithm, 'SignAlgorithm', 'verify', 0);
      const k = C.toKey(key, 'verify', 1);
      const sig = C.toBytes(signature, 'verify', 2);
      const bytes = C.toBytes(data, 'verify', 3);
      return perform(validateOperation(k, params.name, U.verify), 'verify', k, params, sig,
        bytes);
    });
  }

  digest(algorithm, data) {
    return C.promiseFor(() => {
      internals.brandCheck(this, SubtleCrypto);
      const params = C.toAlgorithm(algorithm, 'HashAlgorithm', 'digest', 0);
      const bytes = C.toBytes(data, 'digest', 1);
      return ops.cryptoDigest(C.lookupHash(params.name).name, bytes);
    });
  }

  generateKey(algorithm, extractable, keyUsages) {
    return C.promiseFor(() => {
      internals.brandCheck(this, SubtleCrypto);
      const params = C.toAlgorithm(algorithm, 'GenerateKeyAlgorithm', 'generateKey', 0);
      const usages = C.toUsages(keyUsages, 'generateKey', 2);
      const record = C.lookupAlgorithm(params.name);
      if (record === undefined || record.generateKey === undefined) {
        throw C.notSupported(`Unrecognized key generation algorithm "${params.name}" requested.`);
      }
      const result = record.generateKey(record.name, params, !!extractable, usages);
      if (C.isCryptoKey(result)) {
        requireUsages(result);
      } else if (C.keyUsages(result.privateKey) === 0) {
        throw C.domError('Attempt to generate asymmetric keys with no valid private key usages.',
          'SyntaxError');
      }
      return result;
    });
  }

  deriveKey(algorithm, baseKey, derivedKeyAlgorithm, extractable, keyUsages) {
    return C.promiseFor(() => {
      internals.brandCheck(this, SubtleCrypto);
      const params = C.toAlgorithm(algorithm, 'DeriveKeyAlgorithm', 'deriveKey', 0);
      const k = C.toKey(baseKey, 'deriveKey', 1);
      const derived = C.toAlgorithm(derivedKeyAlgorithm, 'ImportKeyAlgorithm', 'deriveKey', 2);
      const usages = C.toUsages(keyUsages, 'deriveKey', 4);
      const record = validateOperation(k, params.name, U.deriveKey);
      const length = derivedKeyLength(derived);
      const secret = new Uint8Array(perform(record, 'deriveBits', k, params, length));
      const key = importKeySync('raw', secret, derived, !!extractable, usages);
      C.wipe(secret);
      return key;
    });
  }

  deriveBits(algorithm, baseKey, length = undefined) {
    return C.promiseFor(() => {
      internals.brandCheck(this, SubtleCrypto);
      const params = C.toAlgorithm(algorithm, 'DeriveKeyAlgorithm', 'deriveBits', 0);
      const k = C.toKey(baseKey, 'deriveBits', 1);
      let bits = null;
      if (length !== undefined && length !== null) {
        bits = internals.webidl.converters.long(length);
        if (bits < 0) throw C.typeError('deriveBits length must be an unsigned long integer.');
      }
      return perform(validateOperation(k, params.name, U.deriveBits), 'deriveBits', k, params,
        bits);
    });
  }

  importKey(format, keyData, algorithm, extractable, keyUsages) {
    return C.promiseFor(() => {
      internals.brandCheck(this, SubtleCrypto);
      const fmt = `${format}`;
      const data = toKeyData(keyData, 'importKey', 1);
      const params = C.toAlgorithm(algorithm, 'ImportKeyAlgorithm', 'importKey', 2);
      const usages = C.toUsages(keyUsages, 'importKey', 4);
      return importKeySync(fmt, data, params, !!extractable, usages);
    });
  }

  exportKey(format, key) {
    return C.promiseFor(() => {
      internals.brandCheck(this, SubtleCrypto);
      const fmt = `${format}`;
      const k = C.toKey(key, 'exportKey', 1);
      return exportChecked(fmt, k);
    });
  }

  wrapKey(format, key, wrappingKey, wrapAlgorithm) {
    return C.promiseFor(() => {
      internals.brandCheck(this, SubtleCrypto);
      const fmt = `${format}`;
      const k = C.toKey(key, 'wrapKey', 1);
      const wk = C.toKey(wrappingKey, 'wrapKey', 2);
      const params = C.toAlgorithm(wrapAlgorithm, 'EncryptAlgorithm', 'wrapKey', 3);
      const record = validateOperation(wk, params.name, U.wrapKey);
      const exported = exportChecked(fmt, k);
      const bytes = fmt === 'jwk' ? ops.encodeUtf8(JSONStringify(exported))
        : new Uint8Array(exported);
      const wrap = record.wrapKey !== undefined ? 'wrapKey' : 'encrypt';
      return perform(record, wrap, wk, params, bytes);
    });
  }

  unwrapKey(format, wrappedKey, unwrappingKey, unwrapAlgorithm, unwrappedKeyAlgorithm,
    extractable, keyUsages) {
    return C.promiseFor(() => {
      internals.brandCheck(this, SubtleCrypto);
      const fmt = `${format}`;
      const wrapped = C.toBytes(wrappedKey, 'unwrapKey', 1);
      const uk = C.toKey(unwrappingKey, 'unwrapKey', 2);
      const params = C.toAlgorithm(unwrapAlgorithm, 'EncryptAlgorithm', 'unwrapKey', 3);
      const imported = C.toAlgorithm(unwrappedKeyAlgorithm, 'ImportKeyAlgorithm', 'unwrapKey', 4);
      const usages = C.toUsages(keyUsages, 'unwrapKey', 6);
      const record = validateOperation(uk, params.name, U.unwrapKey);
      const unwrap = record.unwrapKey !== undefined ? 'unwrapKey' : 'decrypt';
      const bytes = new Uint8Array(perform(record, unwrap, uk, params, wrapped));
      let keyData = bytes;
      if (fmt === 'jwk') {
        const parsed = JSONParse(ops.decodeUtf8(bytes, false));
        try {
          keyData = C.toJsonWebKey(parsed);
        } catch {
          throw C.dataError('Missing "kty" field or corrupt JSON unwrapping key?');
        }
      }
      const key = importKeySync(fmt, keyData, imported, !!extractable, usages);
      C.wipe(bytes);
      return key;
    });
  }

  // Workers extension (Node's crypto.timingSafeEqual): compares in time that depends only on
  // the length.
  timingSafeEqual(a, b) {
    internals.brandCheck(this, SubtleCrypto);
    const left = C.toBytes(a, 'timingSafeEqual', 0);
    const right = C.toBytes(b, 'timingSafeEqual', 1);
    if (left.length !== right.length) {
      throw C.typeError('Input buffers must have the same byte length.');
    }
    return ops.cryptoTimingSafeEqual(left, right);
  }

  get [Symbol.toStringTag]() { return 'SubtleCrypto'; }
}
internals.webidl.makeMembersEnumerable(SubtleCrypto.prototype);
internals.registerBrand(SubtleCrypto, (o) => o === subtle);

// workerd SubtleCrypto::exportKey after argument conversion.
const exportChecked = (format, key) => {
  if (!C.keyExtractable(key)) {
    throw C.invalidAccess(`Attempt to export non-extractable ${C.keyAlgorithmName(key)} key.`);
  }
  const record = C.keyRecord(key);
  if (record.exportKey === undefined) {
    throw C.notSupported(`Unrecognized or unsupported export of "${record.name}" requested.`);
  }
  return record.exportKey(key, format);
};

const subtle = new SubtleCrypto(kInternalConstruct);

// crypto.subtle: one SubtleCrypto per global, on Crypto.prototype as Workers has it. (Taken
// from an accessor of an object literal, the getter is named "get subtle", as WebIDL says.)
ObjectDefineProperty(internals.Crypto.prototype, 'subtle', {
  get: ObjectGetOwnPropertyDescriptor({
    get subtle() {
      if (this !== internals.crypto) throw C.typeError('Illegal invocation');
      return subtle;
    },
  }, 'subtle').get,
  enumerable: true,
  configurable: true,
});

internals.SubtleCrypto = SubtleCrypto;
internals.defineGlobal('SubtleCrypto', SubtleCrypto);
