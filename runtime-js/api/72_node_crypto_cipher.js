'use strict';
// node:crypto, part 2 of 4: createCipheriv/createDecipheriv for AES in CBC, CTR, GCM and ECB
// (the native side is ops.cryptoCipher*, src/api/crypto/node_crypto_ops.cc), then the module
// itself: part 1's functions, the ciphers, webcrypto/subtle/getRandomValues (the global
// crypto's), and the names Node lists.

const { Error, MathTrunc, Number, RangeError, TypeError, Uint8Array } = primordials;
const { nodeErrors, Buffer } = internals;
const { toBytes, encodeOutput, exports: hashExports } = internals.nodeCrypto;
const { StringDecoder } = internals.builtinModules['node:string_decoder'];

// name → [key bytes, IV bytes (0: none; GCM takes any non-empty nonce, 12 by default)].
const kCiphers = { __proto__: null };
for (const bits of [128, 192, 256]) {
  kCiphers[`aes-${bits}-cbc`] = [bits / 8, 16];
  kCiphers[`aes-${bits}-ctr`] = [bits / 8, 16];
  kCiphers[`aes-${bits}-ecb`] = [bits / 8, 0];
  kCiphers[`aes-${bits}-gcm`] = [bits / 8, -1];
  kCiphers[`id-aes${bits}-gcm`] = [bits / 8, -1];
}
const getCiphers = () => Object.keys(kCiphers).filter((name) => !name.startsWith('id-'));
const kTagLengths = [4, 8, 12, 13, 14, 15, 16];

const invalidState = (operation) => nodeErrors.make(Error, 'ERR_CRYPTO_INVALID_STATE',
  `Invalid state for operation ${operation}`);
const kKeyTypes = 'of type string or an instance of ArrayBuffer, Buffer, TypedArray, DataView, KeyObject, or CryptoKey';

class CipherBase {
  #handle;
  #encrypt;
  #gcm;
  #tagLength;
  #padding = true;
  #finished = false;
  #tag;
  #decoder;

  constructor(encrypt, cipher, key, iv, options) {
    internals.validateString(cipher, 'cipher');
    const spec = kCiphers[cipher.toLowerCase()];
    if (spec === undefined) throw nodeErrors.make(Error, 'ERR_CRYPTO_UNKNOWN_CIPHER', 'Unknown cipher');
    const keyBytes = internals.nodeCrypto.secretKeyBytes(key) ?? toBytes(key, 'key', options?.encoding, kKeyTypes);
    let ivBytes = new Uint8Array(0);
    if (iv !== null || spec[1] !== 0) {
      ivBytes = toBytes(iv, 'iv', options?.encoding,
        'of type string or an instance of Buffer, TypedArray, or DataView');
    }
    if (keyBytes.byteLength !== spec[0]) {
      throw nodeErrors.make(RangeError, 'ERR_CRYPTO_INVALID_KEYLEN', 'Invalid key length');
    }
    const ivOk = spec[1] === -1 ? ivBytes.byteLength > 0 : ivBytes.byteLength === spec[1];
    if (!ivOk) throw nodeErrors.make(TypeError, 'ERR_CRYPTO_INVALID_IV', 'Invalid initialization vector');
    this.#gcm = spec[1] === -1;
    this.#tagLength = options?.authTagLength ?? 16;
    if (this.#gcm && !kTagLengths.includes(this.#tagLength)) {
      throw nodeErrors.make(TypeError, 'ERR_CRYPTO_INVALID_AUTH_TAG',
        `Invalid authentication tag length: ${this.#tagLength}`);
    }
    this.#encrypt = encrypt;
    const name = cipher.toLowerCase().replace(/^id-aes(\d+)-gcm$/, 'aes-$1-gcm');
    this.#handle = ops.cryptoCipherCreate(name, encrypt, keyBytes, ivBytes);
  }

  // Strings out of update()/final() go through one StringDecoder, so a multi-byte character or
  // a base64 group split between calls comes out whole (Node does the same).
  #output(arrayBuffer, encoding) {
    if (encoding === undefined || encoding === 'buffer') return Buffer.from(arrayBuffer);
    this.#decoder ??= new StringDecoder(encoding);
    return this.#decoder.write(Buffer.from(arrayBuffer));
  }

  update(data, inputEncoding, outputEncoding) {
    if (this.#finished) throw new Error('Trying to add data in unsupported state');
    const bytes = toBytes(data, 'data', inputEncoding);
    return this.#output(ops.cryptoCipherUpdate(this.#handle, bytes), outputEncoding);
  }

  final(outputEncoding) {
    if (this.#finished) throw nodeErrors.make(Error, 'ERR_CRYPTO_INVALID_STATE', 'Invalid state');
    this.#finished = true;
    const out = ops.cryptoCipherFinal(this.#handle);
    if (out === undefined) throw this.#finalError();
    if (this.#encrypt && this.#gcm) this.#tag = ops.cryptoCipherGetTag(this.#handle, this.#tagLength);
    const last = this.#output(out, outputEncoding);
    return this.#decoder ? last + this.#decoder.end() : last;
  }

  // Node's texts for OpenSSL's reasons: a GCM tag that does not verify, bad PKCS#7 padding, or
  // data that is not a whole number of blocks when padding is off.
  #finalError() {
    if (this.#gcm) return new Error('Unsupported state or unable to authenticate data');
    if (this.#encrypt || !this.#padding) {
      const error = nodeErrors.make(Error, 'ERR_OSSL_WRONG_FINAL_BLOCK_LENGTH',
        'error:1C80006B:Provider routines::wrong final block length');
      error.reason = 'wrong final block length';
      return error;
    }
    const error = nodeErrors.make(Error, 'ERR_OSSL_BAD_DECRYPT', 'error:1C800064:Provider routines::bad decrypt');
    error.reason = 'bad decrypt';
    return error;
  }

  setAutoPadding(autoPadding = true) {
    if (!ops.cryptoCipherSetAutoPadding(this.#handle, !!autoPadding)) throw invalidState('setAutoPadding');
    this.#padding = !!autoPadding;
    return this;
  }

  setAAD(buffer, options) {
    const bytes = toBytes(buffer, 'buffer', undefined, 'an instance of Buffer, TypedArray, or DataView');
    if (!this.#gcm || !ops.cryptoCipherSetAAD(this.#handle, bytes)) throw invalidState('setAAD');
    return this;
  }

  // Cipheriv only, after final().
  getAuthTag() {
    if (!this.#encrypt || this.#tag === undefined) throw invalidState('getAuthTag');
    return Buffer.from(this.#tag);
  }

  // Decipheriv only, before final().
  setAuthTag(tag, encoding) {
    const bytes = toBytes(tag, 'buffer', encoding, 'an instance of Buffer, TypedArray, or DataView');
    if (this.#encrypt || !this.#gcm || this.#finished) throw invalidState('setAuthTag');
    const expected = this.#tagLength;
    const length = bytes.byteLength;
    if (!kTagLengths.includes(length) || (expected !== 16 && length !== expected)) {
      throw nodeErrors.make(TypeError, 'ERR_CRYPTO_INVALID_AUTH_TAG', `Invalid authentication tag length: ${length}`);
    }
    if (!ops.cryptoCipherSetTag(this.#handle, bytes)) throw invalidState('setAuthTag');
    return this;
  }
}

class Cipheriv extends CipherBase {
  constructor(cipher, key, iv, options) { super(true, cipher, key, iv, options); }
}
class Decipheriv extends CipherBase {
  constructor(cipher, key, iv, options) { super(false, cipher, key, iv, options); }
}

const createCipheriv = (cipher, key, iv, options) => new Cipheriv(cipher, key, iv, options);
const createDecipheriv = (cipher, key, iv, options) => new Decipheriv(cipher, key, iv, options);

// The password-based Cipher / Decipher (createCipher, an MD5 key derivation Node deprecated
// and then removed) are absent from workerd: each throws when called, and is no constructor.
const notImplemented = (what) => () => {
  throw nodeErrors.make(Error, 'ERR_METHOD_NOT_IMPLEMENTED', `The ${what} method is not implemented`);
};

// getCipherInfo(nameOrNid[, { keyLength, ivLength }]): OpenSSL's description of a cipher
// createCipheriv offers, or undefined (also when a length does not suit it). Like workerd, the
// lengths are converted to integers rather than validated.
function getCipherInfo(nameOrNid, options = {}) {
  if (typeof nameOrNid !== 'string' && typeof nameOrNid !== 'number') {
    throw nodeErrors.invalidArgType('nameOrId', 'one of type string or number', nameOrNid);
  }
  internals.validateObject(options, 'options');
  if (typeof nameOrNid === 'string' && kCiphers[nameOrNid.toLowerCase()] === undefined) return undefined;
  const info = ops.cryptoNodeCipherInfo(nameOrNid);
  if (info === undefined || kCiphers[info.longName] === undefined) return undefined;
  const { keyLength, ivLength } = options;
  if (keyLength !== undefined && MathTrunc(Number(keyLength)) !== info.keyLength) return undefined;
  if (ivLength !== undefined) {
    const length = MathTrunc(Number(ivLength));
    // GCM takes a nonce of any non-empty length; the other modes only their own.
    const fits = info.mode === 'gcm' ? length > 0 : length === info.ivLength;
    if (!fits) return undefined;
    info.ivLength = length;
  }
  const { name, nid, blockSize, mode } = info;
  return { name, nid, blockSize, ivLength: info.ivLength, keyLength: info.keyLength, mode };
}

const webcrypto = internals.crypto;
const nodeCrypto = {
  ...hashExports,
  Cipheriv, Decipheriv, createCipheriv, createDecipheriv, getCiphers, getCipherInfo,
  Cipher: notImplemented('Cipher'),
  Decipher: notImplemented('Decipher'),
  createCipher: notImplemented('createCipher'),
  createDecipher: notImplemented('createDecipher'),
  getRandomValues: (array) => webcrypto.getRandomValues(array),
  webcrypto,
  subtle: webcrypto.subtle,
  CryptoKey: globalThis.CryptoKey,
  constants: {},
  // OpenSSL here runs without its FIPS provider, so FIPS mode is off and cannot be turned on;
  // workerd (BoringSSL's FIPS build) reports it on.
  getFips: () => 0,
  get fips() { return 0; },
  setFips: notImplemented('setFips'),
  setEngine: notImplemented('setEngine'),
  // No secure heap: OpenSSL's is not set up (Node's too, unless --secure-heap is given).
  secureHeapUsed: () => ({ total: 0, used: 0, utilization: 0, min: 0 }),
};
internals.defineNodeModule('crypto', nodeCrypto);
