'use strict';
// node:crypto, part 1 of 4: hashes, HMAC, randomness, timingSafeEqual, PBKDF2 and scrypt, with
// Node's messages and error codes. Everything is synchronous as in Node (the callback forms
// compute now and call back on a microtask); the native half is WebCrypto's OpenSSL ops plus
// src/api/crypto/node_crypto_ops.cc and node_hash_ops.cc. Part 2 (72_node_crypto_cipher.js)
// adds the ciphers and publishes the module; parts 3 and 4 (73_node_crypto_keys.js,
// 74_node_crypto_sign.js) add keys and signatures to it.

const {
  ArrayBuffer, ArrayBufferIsView, NumberIsInteger, NumberIsSafeInteger,
  TypeError, RangeError, Error, Uint8Array,
} = primordials;
const { nodeErrors, Buffer } = internals;
// Captured at load, before a Worker can replace the global.
const queueMicrotask = globalThis.queueMicrotask;

const kBytesTypes = 'an instance of Buffer, TypedArray, or DataView';

// Node's digest names (any case, with or without the dash) → the ops' WebCrypto names.
const kDigests = {
  __proto__: null,
  md5: 'MD5', sha1: 'SHA-1', sha256: 'SHA-256', sha384: 'SHA-384', sha512: 'SHA-512',
  'sha-1': 'SHA-1', 'sha-256': 'SHA-256', 'sha-384': 'SHA-384', 'sha-512': 'SHA-512',
  'rsa-md5': 'MD5', 'rsa-sha1': 'SHA-1', 'rsa-sha256': 'SHA-256', 'rsa-sha384': 'SHA-384',
  'rsa-sha512': 'SHA-512',
};
// Other digests OpenSSL offers go by its own name ("sha3-256", "sha512-256"); XOFs (shake*)
// have no fixed size to key a MAC or derive with.
function digestName(name) {
  if (typeof name !== 'string') return undefined;
  const known = kDigests[name.toLowerCase()];
  if (known !== undefined) return known;
  return !/^shake/i.test(name) && ops.cryptoNodeDigestSize(name) > 0 ? name : undefined;
}
const getHashes = () => ops.cryptoNodeHashNames();

// A Uint8Array view of `value` (string in `encoding`, ArrayBuffer, or any view).
function toBytes(value, name, encoding = 'utf8', types = `of type string or ${kBytesTypes}`) {
  if (typeof value === 'string') return Buffer.from(value, encoding);
  if (ArrayBufferIsView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  throw nodeErrors.invalidArgType(name, types, value);
}

// Buffer for 'buffer'/undefined, else the string in `encoding` (Buffer's codecs, its errors).
function encodeOutput(arrayBuffer, encoding) {
  const buffer = Buffer.from(arrayBuffer);
  return encoding === undefined || encoding === 'buffer' ? buffer : buffer.toString(encoding);
}

// Hash.copy() passes this and the copied handle to the constructor; Worker code cannot.
const kCopy = Symbol('copy');
const finalizedError = () => nodeErrors.make(Error, 'ERR_CRYPTO_HASH_FINALIZED', 'Digest already called');

// Any digest OpenSSL offers, by its name ("sha256", "SHA3-512", "RSA-SHA1"); a XOF (shake128,
// shake256) gives `options.outputLength` bytes.
class Hash {
  #handle;
  #outputLength;
  #finished = false;
  constructor(algorithm, options) {
    if (algorithm === kCopy) {
      [this.#handle, this.#outputLength] = options;
      return;
    }
    internals.validateString(algorithm, 'algorithm');
    const size = ops.cryptoNodeDigestSize(algorithm);
    if (size < 0) throw new Error('Digest method not supported');
    this.#outputLength = outputLengthOf(options, size, algorithm);
    this.#handle = ops.cryptoNodeHashCreate(algorithm);
  }
  update(data, inputEncoding) {
    if (this.#finished) throw finalizedError();
    ops.cryptoDigestUpdate(this.#handle, toBytes(data, 'data', inputEncoding));
    return this;
  }
  digest(outputEncoding) {
    if (this.#finished) throw finalizedError();
    this.#finished = true;
    return encodeOutput(ops.cryptoNodeHashFinish(this.#handle, this.#outputLength), outputEncoding);
  }
  copy(options) {
    if (this.#finished) throw finalizedError();
    const handle = ops.cryptoDigestCopy(this.#handle);
    const outputLength = options?.outputLength === undefined ? this.#outputLength
      : outputLengthOf(options, undefined);
    return new Hash(kCopy, [handle, outputLength]);
  }
}

const kMaxOutputLength = 2 ** 27;

// options.outputLength validated; only a XOF's may differ from the digest's size, which Node
// reports as OpenSSL does.
function outputLengthOf(options, size, algorithm) {
  const length = options?.outputLength;
  if (length === undefined) return undefined;
  if (typeof length !== 'number') throw nodeErrors.invalidArgType('options.outputLength', 'of type number', length);
  // Node takes any uint32; a Worker's 128 MiB memory limit bounds what could be returned.
  if (!NumberIsInteger(length) || length < 0 || length > kMaxOutputLength) {
    throw nodeErrors.outOfRange('options.outputLength', `>= 0 && <= ${kMaxOutputLength}`, length);
  }
  if (size !== undefined && length !== size && !/^shake/i.test(algorithm)) {
    const error = nodeErrors.make(Error, 'ERR_OSSL_EVP_NOT_XOF_OR_INVALID_LENGTH',
      'error:030000B2:digital envelope routines::not XOF or invalid length');
    error.library = 'digital envelope routines';
    error.reason = 'not XOF or invalid length';
    throw error;
  }
  return length;
}

class Hmac {
  #handle;
  #finished = false;
  constructor(hmac, key, options) {
    internals.validateString(hmac, 'hmac');
    const name = digestName(hmac);
    if (name === undefined) {
      throw nodeErrors.make(TypeError, 'ERR_CRYPTO_INVALID_DIGEST', `Invalid digest: ${hmac}`);
    }
    const keyBytes = internals.nodeCrypto.secretKeyBytes(key) ?? toBytes(key, 'key', options?.encoding,
      `of type string or an instance of ArrayBuffer, Buffer, TypedArray, DataView, KeyObject, or CryptoKey`);
    this.#handle = ops.cryptoHmacCreate(name, keyBytes);
  }
  update(data, inputEncoding) {
    if (this.#finished) throw finalizedError();
    ops.cryptoHmacUpdate(this.#handle, toBytes(data, 'data', inputEncoding));
    return this;
  }
  // A second digest() gives an empty result, as in Node.
  digest(outputEncoding) {
    if (this.#finished) return encodeOutput(new ArrayBuffer(0), outputEncoding);
    this.#finished = true;
    return encodeOutput(ops.cryptoHmacFinish(this.#handle), outputEncoding);
  }
}

const createHash = (algorithm, options) => new Hash(algorithm, options);
const createHmac = (hmac, key, options) => new Hmac(hmac, key, options);
// crypto.hash(algorithm, data, outputEncoding = 'hex'): the one-shot form (Node 21.7).
function hash(algorithm, data, outputEncoding = 'hex') {
  return createHash(algorithm).update(data).digest(outputEncoding);
}

// --- randomness
const kMaxRandomSize = 2 ** 31 - 1;
function validateSize(size, name = 'size', max = kMaxRandomSize) {
  if (typeof size !== 'number') throw nodeErrors.invalidArgType(name, 'of type number', size);
  if (!NumberIsInteger(size) || size < 0 || size > max) {
    throw nodeErrors.outOfRange(name, `>= 0 && <= ${max}`, size);
  }
}

// RAND_bytes through the getRandomValues op, in chunks so no single call is huge.
function fillRandom(bytes) {
  for (let offset = 0; offset < bytes.length; offset += 65536) {
    ops.randomFill(bytes.subarray(offset, offset + 65536));
  }
}

// Runs `compute` now; `callback(error, result)` on a microtask (Node calls back asynchronously).
function callBack(callback, compute) {
  let error = null;
  let result;
  try {
    result = compute();
  } catch (caught) {
    error = caught;
  }
  queueMicrotask(() => (error ? callback(error) : callback(null, result)));
}

function randomBytes(size, callback) {
  validateSize(size);
  if (callback !== undefined) internals.validateFunction(callback, 'callback');
  const make = () => {
    const buffer = Buffer.alloc(size);
    fillRandom(buffer);
    return buffer;
  };
  if (callback === undefined) return make();
  callBack(callback, make);
}

function randomFillSync(buffer, offset = 0, size = undefined) {
  if (!ArrayBufferIsView(buffer) && !(buffer instanceof ArrayBuffer)) {
    throw nodeErrors.invalidArgType('buf', 'an instance of ArrayBuffer or ArrayBufferView', buffer);
  }
  const bytes = toBytes(buffer, 'buf');
  validateSize(offset, 'offset', bytes.length);
  size ??= bytes.length - offset;
  validateSize(size, 'size', bytes.length - offset);
  fillRandom(bytes.subarray(offset, offset + size));
  return buffer;
}

function randomFill(buffer, offset, size, callback) {
  if (typeof offset === 'function') [callback, offset, size] = [offset, 0, undefined];
  else if (typeof size === 'function') [callback, size] = [size, undefined];
  internals.validateFunction(callback, 'callback');
  randomFillSync(buffer, offset, size);
  queueMicrotask(() => callback(null, buffer));
}

// randomInt([min,] max[, callback]): uniform in [min, max) by rejection sampling on 48 bits.
const kMaxRange = 2 ** 48 - 1;
function randomInt(min, max, callback) {
  if (max === undefined || typeof max === 'function') [callback, max, min] = [max, min, 0];
  if (!NumberIsSafeInteger(min)) throw nodeErrors.invalidArgType('min', 'a safe integer', min);
  if (!NumberIsSafeInteger(max)) throw nodeErrors.invalidArgType('max', 'a safe integer', max);
  if (max <= min) {
    throw nodeErrors.make(RangeError, 'ERR_OUT_OF_RANGE',
      `The value of "max" is out of range. It must be greater than the value of "min" (${min}). Received ${max}`);
  }
  const range = max - min;
  if (range > kMaxRange) {
    throw nodeErrors.make(RangeError, 'ERR_OUT_OF_RANGE',
      `The value of "max - min" is out of range. It must be <= ${kMaxRange}. Received ${range}`);
  }
  if (callback !== undefined) internals.validateFunction(callback, 'callback');
  const limit = kMaxRange + 1 - ((kMaxRange + 1) % range);
  const six = new Uint8Array(6);
  let value;
  do {
    ops.randomFill(six);
    value = 0;
    for (let i = 0; i < 6; i++) value = value * 256 + six[i];
  } while (value >= limit);
  const result = min + (value % range);
  if (callback === undefined) return result;
  queueMicrotask(() => callback(null, result));
}

function randomUUID(options) {
  if (options !== undefined) internals.validateObject(options, 'options');
  return ops.randomUUID();
}

function timingSafeEqual(buf1, buf2) {
  // Node's text here comes from its C++ side: no "Received …" part.
  const check = (value, name) => {
    if (ArrayBufferIsView(value) || value instanceof ArrayBuffer) return;
    throw nodeErrors.make(TypeError, 'ERR_INVALID_ARG_TYPE',
      `The "${name}" argument must be an instance of ArrayBuffer, Buffer, TypedArray, or DataView.`);
  };
  check(buf1, 'buf1');
  check(buf2, 'buf2');
  const a = toBytes(buf1, 'buf1');
  const b = toBytes(buf2, 'buf2');
  if (a.byteLength !== b.byteLength) {
    throw nodeErrors.make(RangeError, 'ERR_CRYPTO_TIMING_SAFE_EQUAL_LENGTH',
      'Input buffers must have the same byte length');
  }
  return ops.cryptoTimingSafeEqual(a, b);
}

// --- key derivation
const kPasswordTypes = `of type string or an instance of ArrayBuffer, Buffer, TypedArray, or DataView`;

function pbkdf2Sync(password, salt, iterations, keylen, digest) {
  const passwordBytes = toBytes(password, 'password', 'utf8', kPasswordTypes);
  const saltBytes = toBytes(salt, 'salt', 'utf8', kPasswordTypes);
  if (typeof iterations !== 'number') throw nodeErrors.invalidArgType('iterations', 'of type number', iterations);
  if (!NumberIsInteger(iterations) || iterations < 1 || iterations > kMaxRandomSize) {
    throw nodeErrors.outOfRange('iterations', `>= 1 && <= ${kMaxRandomSize}`, iterations);
  }
  validateSize(keylen, 'keylen');
  internals.validateString(digest, 'digest');
  const name = digestName(digest);
  if (name === undefined) {
    throw nodeErrors.make(TypeError, 'ERR_CRYPTO_INVALID_DIGEST', `Invalid digest: ${digest}`);
  }
  const key = ops.cryptoSecretImport(passwordBytes);
  return Buffer.from(ops.cryptoPbkdf2(name, key, saltBytes, iterations, keylen));
}

function pbkdf2(password, salt, iterations, keylen, digest, callback) {
  if (typeof digest === 'function') [callback, digest] = [digest, undefined];
  internals.validateFunction(callback, 'callback');
  const result = pbkdf2Sync(password, salt, iterations, keylen, digest);
  queueMicrotask(() => callback(null, result));
}

// Node's scrypt options and their aliases; maxmem defaults to 32 MiB.
function scryptParams(options) {
  if (options !== undefined && options !== null) internals.validateObject(options, 'options');
  const pick = (a, b, fallback) => {
    const value = options?.[a] ?? options?.[b];
    if (value === undefined) return fallback;
    if (typeof value !== 'number') throw nodeErrors.invalidArgType(a, 'of type number', value);
    return value;
  };
  return {
    N: pick('N', 'cost', 16384), r: pick('r', 'blockSize', 8), p: pick('p', 'parallelization', 1),
    maxmem: pick('maxmem', 'maxmem', 32 << 20),
  };
}

function scryptSync(password, salt, keylen, options) {
  const passwordBytes = toBytes(password, 'password', 'utf8', kPasswordTypes);
  const saltBytes = toBytes(salt, 'salt', 'utf8', kPasswordTypes);
  validateSize(keylen, 'keylen');
  const { N, r, p, maxmem } = scryptParams(options);
  const out = ops.cryptoScrypt(passwordBytes, saltBytes, N, r, p, maxmem, keylen);
  if (out === undefined) {
    throw nodeErrors.make(RangeError, 'ERR_CRYPTO_INVALID_SCRYPT_PARAMS', 'Invalid scrypt params');
  }
  return Buffer.from(out);
}

function scrypt(password, salt, keylen, options, callback) {
  if (typeof options === 'function') [callback, options] = [options, undefined];
  internals.validateFunction(callback, 'callback');
  const result = scryptSync(password, salt, keylen, options);
  queueMicrotask(() => callback(null, result));
}

// hkdfSync(digest, ikm, salt, info, keylen) → ArrayBuffer (not a Buffer, as in Node).
function hkdfSync(digest, ikm, salt, info, keylen) {
  internals.validateString(digest, 'digest');
  const name = digestName(digest);
  if (name === undefined) {
    throw nodeErrors.make(TypeError, 'ERR_CRYPTO_INVALID_DIGEST', `Invalid digest: ${digest}`);
  }
  const key = ops.cryptoSecretImport(toBytes(ikm, 'ikm', 'utf8', kPasswordTypes));
  const saltBytes = toBytes(salt, 'salt', 'utf8', kPasswordTypes);
  const infoBytes = toBytes(info, 'info', 'utf8', kPasswordTypes);
  if (infoBytes.byteLength > 1024) {
    throw nodeErrors.outOfRange('info', 'must not contain more than 1024 bytes', infoBytes.byteLength);
  }
  validateSize(keylen, 'keylen');
  const out = ops.cryptoHkdf(name, key, saltBytes, infoBytes, keylen);
  if (out === undefined) throw nodeErrors.make(RangeError, 'ERR_CRYPTO_INVALID_KEYLEN', 'Invalid key length');
  return out;
}

function hkdf(digest, ikm, salt, info, keylen, callback) {
  internals.validateFunction(callback, 'callback');
  const result = hkdfSync(digest, ikm, salt, info, keylen);
  queueMicrotask(() => callback(null, result));
}

internals.nodeCrypto = {
  toBytes, encodeOutput, callBack,
  exports: {
    Hash, Hmac, createHash, createHmac, hash, getHashes,
    randomBytes, pseudoRandomBytes: randomBytes, randomFill, randomFillSync, randomInt, randomUUID,
    timingSafeEqual, pbkdf2, pbkdf2Sync, scrypt, scryptSync, hkdf, hkdfSync,
  },
};
