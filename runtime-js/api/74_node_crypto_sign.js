'use strict';
// node:crypto, part 4 of 4: signatures (createSign / createVerify, crypto.sign / crypto.verify),
// RSA encryption (publicEncrypt, privateDecrypt, privateEncrypt, publicDecrypt), key agreement
// (diffieHellman, createECDH) and crypto.constants, with Node's defaults, messages and codes;
// then it adds parts 3 and 4 (and the 73_node_crypto_* extras: X509Certificate, DiffieHellman,
// primes, Certificate) to the node:crypto module parts 1 and 2 published. The ops are in
// src/api/crypto/node_sign_ops.cc and node_key_ops.cc.

const { ArrayBufferIsView, Error, NumberIsInteger, RangeError, TypeError, Uint8Array } = primordials;
const { nodeErrors, Buffer } = internals;
const { toBytes, encodeOutput } = internals.nodeCrypto;
const { prepareAsymmetricKey, isKeyObject, handleOf, exports: keyExports } = internals.nodeCrypto.keys;
const queueMicrotask = globalThis.queueMicrotask;

const constants = {
  RSA_PKCS1_PADDING: 1,
  RSA_NO_PADDING: 3,
  RSA_PKCS1_OAEP_PADDING: 4,
  RSA_X931_PADDING: 5,
  RSA_PKCS1_PSS_PADDING: 6,
  RSA_PSS_SALTLEN_DIGEST: -1,
  RSA_PSS_SALTLEN_MAX_SIGN: -2,
  RSA_PSS_SALTLEN_AUTO: -2,
  POINT_CONVERSION_COMPRESSED: 2,
  POINT_CONVERSION_UNCOMPRESSED: 4,
  POINT_CONVERSION_HYBRID: 6,
};

const kDataTypes = 'an instance of Buffer, TypedArray, or DataView';
const kSignedDataTypes = 'of type string or an instance of ArrayBuffer, Buffer, TypedArray, or DataView';

function validateInt32(value, name) {
  if (typeof value !== 'number') throw nodeErrors.invalidArgType(name, 'of type number', value);
  if (!NumberIsInteger(value) || value < -(2 ** 31) || value > 2 ** 31 - 1) {
    throw nodeErrors.outOfRange(name, '>= -2147483648 && <= 2147483647', value);
  }
}

// The signing options a key argument may carry ({ key, padding, saltLength, dsaEncoding }).
function signatureOptions(key) {
  const options = typeof key === 'object' && key !== null && !isKeyObject(key) && !ArrayBufferIsView(key)
    ? key : {};
  const { padding, saltLength, dsaEncoding = 'der' } = options;
  const isInt32 = (value) => NumberIsInteger(value) && value >= -(2 ** 31) && value < 2 ** 31;
  if (padding !== undefined && !isInt32(padding)) throw nodeErrors.invalidArgValue('options.padding', padding);
  if (saltLength !== undefined && !isInt32(saltLength)) {
    throw nodeErrors.invalidArgValue('options.saltLength', saltLength);
  }
  if (dsaEncoding !== 'der' && dsaEncoding !== 'ieee-p1363') {
    throw nodeErrors.invalidArgValue('options.dsaEncoding', dsaEncoding);
  }
  return { padding, saltLength, p1363: dsaEncoding === 'ieee-p1363' };
}

// `streaming`: for Sign / Verify objects, which Ed25519 and Ed448 (signing whole messages)
// cannot use.
function signWith(algorithm, data, key, streaming = false) {
  const { padding, saltLength, p1363 } = signatureOptions(key);
  const { handle } = prepareAsymmetricKey(key, 'private');
  if (streaming) refuseEdwards(handle);
  return Buffer.from(ops.cryptoNodeSign(handle, algorithm ?? null, data, padding, saltLength, p1363));
}

function verifyWith(algorithm, data, key, signature, streaming = false) {
  const { padding, saltLength, p1363 } = signatureOptions(key);
  const { handle } = prepareAsymmetricKey(key, 'any');
  if (streaming) refuseEdwards(handle);
  return ops.cryptoNodeVerify(handle, algorithm ?? null, data, signature, padding, saltLength, p1363);
}

function refuseEdwards(handle) {
  const { type } = ops.cryptoNodeKeyDetails(handle);
  if (type === 'ed25519' || type === 'ed448') {
    throw nodeErrors.make(Error, 'ERR_CRYPTO_UNSUPPORTED_OPERATION', 'Unsupported crypto operation');
  }
}

const notInitialised = () => nodeErrors.make(Error, 'ERR_CRYPTO_INVALID_STATE', 'Not initialised');

// Sign and Verify gather the data and sign it whole at the end: OpenSSL hashes it then, with
// the same result as hashing as it comes.
class SignatureBase {
  #algorithm;
  #chunks = [];
  #done = false;

  constructor(algorithm, options) {
    internals.validateString(algorithm, 'algorithm');
    if (ops.cryptoNodeDigestSize(algorithm) < 0) {
      throw nodeErrors.make(TypeError, 'ERR_CRYPTO_INVALID_DIGEST', 'Invalid digest');
    }
    this.#algorithm = algorithm;
  }

  update(data, inputEncoding) {
    if (this.#done) throw notInitialised();
    if (typeof data !== 'string' && !ArrayBufferIsView(data)) {
      throw nodeErrors.invalidArgType('data', `of type string or ${kDataTypes}`, data);
    }
    const bytes = toBytes(data, 'data', inputEncoding);
    this.#chunks.push(new Uint8Array(bytes));
    return this;
  }

  // The algorithm and all data given, once.
  static take(self) {
    if (self.#done) throw notInitialised();
    self.#done = true;
    const data = Buffer.concat(self.#chunks);
    self.#chunks = [];
    return [self.#algorithm, data];
  }
}
const { take } = SignatureBase;
delete SignatureBase.take;

class Sign extends SignatureBase {
  sign(privateKey, outputEncoding) {
    if (privateKey === undefined || privateKey === null) {
      throw nodeErrors.make(Error, 'ERR_CRYPTO_SIGN_KEY_REQUIRED', 'No key provided to sign');
    }
    const [algorithm, data] = take(this);
    const signature = signWith(algorithm, data, privateKey, true);
    return outputEncoding === undefined || outputEncoding === 'buffer'
      ? signature : signature.toString(outputEncoding);
  }
}

class Verify extends SignatureBase {
  verify(object, signature, signatureEncoding) {
    const [algorithm, data] = take(this);
    const signatureBytes = toBytes(signature, 'signature', signatureEncoding,
      `of type string or ${kDataTypes}`);
    return verifyWith(algorithm, data, object, signatureBytes, true);
  }
}

const createSign = (algorithm, options) => new Sign(algorithm, options);
const createVerify = (algorithm, options) => new Verify(algorithm, options);

// Runs `compute`; with a callback, reports on a microtask as Node reports from its thread pool.
function maybeCallBack(callback, compute) {
  if (callback === undefined) return compute();
  internals.validateFunction(callback, 'callback');
  let result;
  try {
    result = compute();
  } catch (error) {
    queueMicrotask(() => callback(error));
    return undefined;
  }
  queueMicrotask(() => callback(null, result));
  return undefined;
}

function validateAlgorithm(algorithm) {
  if (algorithm !== null && algorithm !== undefined) internals.validateString(algorithm, 'algorithm');
}

function sign(algorithm, data, key, callback) {
  validateAlgorithm(algorithm);
  const bytes = toBytes(data, 'data', 'utf8', kSignedDataTypes);
  if (key === undefined || key === null) {
    throw nodeErrors.make(Error, 'ERR_CRYPTO_SIGN_KEY_REQUIRED', 'No key provided to sign');
  }
  return maybeCallBack(callback, () => signWith(algorithm, bytes, key));
}

function verify(algorithm, data, key, signature, callback) {
  validateAlgorithm(algorithm);
  const bytes = toBytes(data, 'data', 'utf8', kSignedDataTypes);
  const signatureBytes = toBytes(signature, 'signature', 'utf8', kSignedDataTypes);
  return maybeCallBack(callback, () => verifyWith(algorithm, bytes, key, signatureBytes));
}

// --- RSA encryption; mode as ops.cryptoNodeRsaCrypt numbers them.
function rsaCrypt(mode, kind, defaultPadding, key, buffer) {
  const { handle } = prepareAsymmetricKey(key, kind);
  const options = typeof key === 'object' && key !== null && !isKeyObject(key) && !ArrayBufferIsView(key)
    ? key : {};
  const { padding = defaultPadding, oaepHash, oaepLabel, encoding } = options;
  validateInt32(padding, 'key.padding');
  if (oaepHash !== undefined) internals.validateString(oaepHash, 'key.oaepHash');
  const label = oaepLabel === undefined ? undefined
    : toBytes(oaepLabel, 'key.oaepLabel', undefined, kDataTypes);
  const data = toBytes(buffer, 'buffer', encoding, `of type string or ${kDataTypes}`);
  return Buffer.from(ops.cryptoNodeRsaCrypt(mode, handle, padding, oaepHash, label, data));
}

const publicEncrypt = (key, buffer) => rsaCrypt(0, 'any', constants.RSA_PKCS1_OAEP_PADDING, key, buffer);
const privateDecrypt = (key, buffer) => rsaCrypt(1, 'private', constants.RSA_PKCS1_OAEP_PADDING, key, buffer);
const privateEncrypt = (key, buffer) => rsaCrypt(2, 'private', constants.RSA_PKCS1_PADDING, key, buffer);
const publicDecrypt = (key, buffer) => rsaCrypt(3, 'any', constants.RSA_PKCS1_PADDING, key, buffer);

// --- key agreement

function diffieHellman(options, callback) {
  internals.validateObject(options, 'options');
  const { privateKey, publicKey } = options;
  if (!isKeyObject(privateKey)) {
    throw nodeErrors.invalidArgValue('options.privateKey', privateKey);
  }
  if (!isKeyObject(publicKey)) throw nodeErrors.invalidArgValue('options.publicKey', publicKey);
  if (privateKey.type !== 'private') throw keyObjectType(privateKey.type, 'private');
  if (publicKey.type !== 'public' && publicKey.type !== 'private') {
    throw keyObjectType(publicKey.type, 'private or public');
  }
  const mine = privateKey.asymmetricKeyType;
  const theirs = publicKey.asymmetricKeyType;
  if (mine !== theirs || !['ec', 'x25519', 'x448', 'dh'].includes(mine)) {
    throw nodeErrors.make(Error, 'ERR_CRYPTO_INCOMPATIBLE_KEY',
      `Incompatible key types for Diffie-Hellman: ${mine} and ${theirs}`);
  }
  return maybeCallBack(callback,
    () => Buffer.from(ops.cryptoNodeDerive(handleOf(privateKey), handleOf(publicKey))));
}
const keyObjectType = (type, expected) => nodeErrors.make(TypeError, 'ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE',
  `Invalid key object type ${type}, expected ${expected}.`);

const invalidCurve = () => nodeErrors.make(TypeError, 'ERR_CRYPTO_INVALID_CURVE', 'Invalid EC curve name');
const kPointFormats = ['compressed', 'uncompressed', 'hybrid'];

function pointFormat(format) {
  if (format === undefined) return 'uncompressed';
  if (!kPointFormats.includes(format)) {
    throw nodeErrors.make(TypeError, 'ERR_CRYPTO_ECDH_INVALID_FORMAT', `Invalid ECDH format: ${format}`);
  }
  return format;
}

// A public key handle on `curve` from the encoded point `bytes`, or Node's error.
function peerKey(curve, bytes) {
  const handle = ops.cryptoNodeEcKey(curve, bytes, undefined);
  if (handle === undefined) {
    throw nodeErrors.make(Error, 'ERR_CRYPTO_ECDH_INVALID_PUBLIC_KEY', 'Public key is not valid for specified curve');
  }
  return handle;
}

class ECDH {
  #curve;
  #key;

  constructor(curve) {
    internals.validateString(curve, 'curve');
    if (ops.cryptoNodeKeyGenerate('ec', curve) === undefined) throw invalidCurve();
    this.#curve = curve;
  }

  generateKeys(encoding, format) {
    [this.#key] = ops.cryptoNodeKeyGenerate('ec', this.#curve);
    return this.getPublicKey(encoding, format);
  }

  getPublicKey(encoding, format) {
    if (this.#key === undefined) {
      throw nodeErrors.make(Error, 'ERR_CRYPTO_OPERATION_FAILED', 'Failed to get ECDH public key');
    }
    return encodeOutput(ops.cryptoNodeEcPoint(this.#key, pointFormat(format)), encoding ?? undefined);
  }

  getPrivateKey(encoding) {
    if (this.#key === undefined) {
      throw nodeErrors.make(Error, 'ERR_CRYPTO_OPERATION_FAILED', 'Failed to get ECDH private key');
    }
    return encodeOutput(ops.cryptoNodeEcScalar(this.#key), encoding ?? undefined);
  }

  setPrivateKey(privateKey, encoding) {
    const bytes = toBytes(privateKey, 'privateKey', encoding, `of type string or ${kDataTypes}`);
    const handle = ops.cryptoNodeEcKey(this.#curve, undefined, bytes);
    if (handle === undefined) {
      throw nodeErrors.make(RangeError, 'ERR_CRYPTO_INVALID_KEYTYPE', 'Private key is not valid for specified curve.');
    }
    this.#key = handle;
    return this;
  }

  computeSecret(otherPublicKey, inputEncoding, outputEncoding) {
    const bytes = toBytes(otherPublicKey, 'otherPublicKey', inputEncoding, `of type string or ${kDataTypes}`);
    if (this.#key === undefined) throw nodeErrors.make(RangeError, 'ERR_CRYPTO_INVALID_KEYPAIR', 'Invalid key pair');
    const peer = peerKey(this.#curve, bytes);
    return encodeOutput(ops.cryptoNodeDerive(this.#key, peer), outputEncoding ?? undefined);
  }

  // Re-encodes a public point (compressed ↔ uncompressed ↔ hybrid).
  static convertKey(key, curve, inputEncoding, outputEncoding, format) {
    internals.validateString(curve, 'curve');
    const bytes = toBytes(key, 'key', inputEncoding, `of type string or ${kDataTypes}`);
    if (ops.cryptoNodeKeyGenerate('ec', curve) === undefined) throw invalidCurve();
    return encodeOutput(ops.cryptoNodeEcPoint(peerKey(curve, bytes), pointFormat(format)), outputEncoding);
  }
}

const createECDH = (curve) => new ECDH(curve);
const getCurves = () => ['prime256v1', 'secp224r1', 'secp256k1', 'secp384r1', 'secp521r1'];

const base = internals.builtinModules['node:crypto'].default;
const { x509, dh, prime, spkac } = internals.nodeCrypto;
Object.assign(base, keyExports, x509, dh, prime, spkac, {
  Sign, Verify, createSign, createVerify, sign, verify,
  publicEncrypt, privateDecrypt, privateEncrypt, publicDecrypt,
  diffieHellman, ECDH, createECDH, getCurves,
  constants,
});
internals.defineNodeModule('crypto', base);
