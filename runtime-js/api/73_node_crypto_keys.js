'use strict';
// node:crypto, part 3 of 4: KeyObject (secret, public, private), createSecretKey / createPublicKey /
// createPrivateKey from PEM, DER, JWK, KeyObjects and CryptoKeys, export to PEM / DER / JWK,
// and key generation, with Node's messages and error codes. Key material stays native: a
// KeyObject holds the same handle a CryptoKey holds (src/api/crypto/native_handles.h), so
// KeyObject.from(cryptoKey) shares it. The ops are in src/api/crypto/node_key_ops.cc.

const {
  ArrayBuffer, ArrayBufferIsView, BigInt, Error, MathFloor, NumberIsInteger, TypeError, Uint8Array,
} = primordials;
const { nodeErrors, Buffer } = internals;
const { toBytes } = internals.nodeCrypto;
const C = internals.webCrypto;
const queueMicrotask = globalThis.queueMicrotask;

const kBufferTypes = 'an instance of ArrayBuffer, Buffer, TypedArray, or DataView';
const kKeyInputTypes = 'of type string or an instance of ArrayBuffer, Buffer, TypedArray, DataView, ' +
  'KeyObject, or CryptoKey';
const kInternal = Symbol('KeyObject');

const incompatibleOptions = (message) =>
  nodeErrors.make(Error, 'ERR_CRYPTO_INCOMPATIBLE_KEY_OPTIONS', message);
const invalidKeyObjectType = (type, expected) => nodeErrors.make(TypeError,
  'ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE', `Invalid key object type ${type}, expected ${expected}.`);
const oneOf = (name, value, list) => nodeErrors.invalidArgValue(name, value,
  `must be one of: ${list.map((item) => (item === undefined ? 'undefined' : `'${item}'`)).join(', ')}`);

class KeyObject {
  #type;
  #handle;
  #details;

  constructor(type, handle) {
    if (type !== 'secret' && type !== 'public' && type !== 'private') {
      throw nodeErrors.invalidArgValue('type', type);
    }
    if (handle?.[kInternal] === undefined) throw nodeErrors.invalidArgType('handle', 'of type object', handle);
    this.#type = type;
    this.#handle = handle[kInternal];
  }

  // KeyObject.from(cryptoKey): the CryptoKey's own material, extractable or not (as in Node).
  static from(key) {
    if (!C.isCryptoKey(key)) throw nodeErrors.invalidArgType('key', 'an instance of CryptoKey', key);
    return makeKeyObject(C.keyType(key), C.keyHandle(key));
  }

  get type() { return this.#type; }

  equals(otherKeyObject) {
    if (!isKeyObject(otherKeyObject)) {
      throw nodeErrors.invalidArgType('otherKeyObject', 'an instance of KeyObject', otherKeyObject);
    }
    if (otherKeyObject.#type !== this.#type) return false;
    if (this.#type !== 'secret') return ops.cryptoNodeKeyEquals(this.#handle, otherKeyObject.#handle);
    const a = new Uint8Array(ops.cryptoSecretExport(this.#handle));
    const b = new Uint8Array(ops.cryptoSecretExport(otherKeyObject.#handle));
    return a.length === b.length && ops.cryptoTimingSafeEqual(a, b);
  }

  get [Symbol.toStringTag]() { return 'KeyObject'; }

  static isKeyObject(value) { return typeof value === 'object' && value !== null && #type in value; }
  static handleOf(key) { return key.#handle; }
  // Asymmetric keys: OpenSSL's description with Node's names, read once.
  static detailsOf(key) {
    key.#details ??= ops.cryptoNodeKeyDetails(key.#handle);
    return key.#details;
  }
}
const { isKeyObject, handleOf, detailsOf } = KeyObject;
delete KeyObject.isKeyObject;
delete KeyObject.handleOf;
delete KeyObject.detailsOf;

class SecretKeyObject extends KeyObject {
  get symmetricKeySize() { return ops.cryptoSecretExport(handleOf(this)).byteLength; }

  export(options) {
    if (options !== undefined) internals.validateObject(options, 'options');
    const bytes = Buffer.from(ops.cryptoSecretExport(handleOf(this)));
    const format = options?.format;
    if (format === 'jwk') return { kty: 'oct', k: bytes.toString('base64url') };
    if (format !== undefined && format !== 'buffer') {
      throw oneOf('options.format', format, [undefined, 'buffer', 'jwk']);
    }
    return bytes;
  }
}

class AsymmetricKeyObject extends KeyObject {
  get asymmetricKeyType() { return detailsOf(this).type; }

  // { modulusLength, publicExponent (bigint) } for RSA (plus the PSS restrictions), { namedCurve }
  // for EC, {} for the others: a fresh object each time, as in Node.
  get asymmetricKeyDetails() {
    const details = detailsOf(this);
    switch (details.type) {
      case 'rsa':
      case 'rsa-pss': {
        const out = {
          modulusLength: details.modulusLength,
          publicExponent: BigInt(`0x${Buffer.from(details.publicExponent).toString('hex') || '0'}`),
        };
        if (details.hashAlgorithm !== undefined) {
          out.hashAlgorithm = details.hashAlgorithm;
          out.mgf1HashAlgorithm = details.mgf1HashAlgorithm;
          out.saltLength = details.saltLength;
        }
        return out;
      }
      case 'ec': return { namedCurve: details.namedCurve };
      case 'dsa':
      case 'dh': return { modulusLength: details.modulusLength };
      default: return {};
    }
  }

  export(options) {
    internals.validateObject(options, 'options');
    if (options.format === 'jwk') return exportJwk(this);
    return exportEncoded(this, options);
  }
}

class PublicKeyObject extends AsymmetricKeyObject {}
class PrivateKeyObject extends AsymmetricKeyObject {}

function makeKeyObject(type, handle) {
  const token = { [kInternal]: handle };
  if (type === 'secret') return new SecretKeyObject(type, token);
  return type === 'public' ? new PublicKeyObject(type, token) : new PrivateKeyObject(type, token);
}

// --- export

// PEM (a string) or DER (a Buffer) in the structure `options.type` names.
function exportEncoded(key, options) {
  const { format, type, cipher, passphrase } = options;
  if (format !== 'pem' && format !== 'der') throw nodeErrors.invalidArgValue('options.format', format);
  const keyType = key.asymmetricKeyType;
  const allowed = key.type === 'public' ? ['spki', 'pkcs1'] : ['pkcs1', 'pkcs8', 'sec1'];
  if (!allowed.includes(type)) throw nodeErrors.invalidArgValue('options.type', type);
  if (type === 'pkcs1' && keyType !== 'rsa') {
    throw incompatibleOptions('The selected key encoding pkcs1 can only be used for RSA keys.');
  }
  if (type === 'sec1' && keyType !== 'ec') {
    throw incompatibleOptions('The selected key encoding sec1 can only be used for EC keys.');
  }
  let passphraseBytes;
  if (key.type === 'private' && cipher !== undefined) {
    internals.validateString(cipher, 'options.cipher');
    if (format === 'der' && type !== 'pkcs8') {
      throw incompatibleOptions(`The selected key encoding ${type} does not support encryption.`);
    }
    if (typeof passphrase !== 'string' && !ArrayBufferIsView(passphrase) && !(passphrase instanceof ArrayBuffer)) {
      throw nodeErrors.invalidArgValue('options.passphrase', passphrase);
    }
    passphraseBytes = toBytes(passphrase, 'options.passphrase');
  }
  const out = ops.cryptoNodeKeyExport(handleOf(key), format === 'pem', type,
    passphraseBytes === undefined ? undefined : cipher, passphraseBytes);
  return format === 'pem' ? Buffer.from(out).toString('latin1') : Buffer.from(out);
}

const b64 = (bytes) => Buffer.from(bytes.buffer ?? bytes, bytes.byteOffset, bytes.byteLength).toString('base64url');
const kRsaMembers = ['n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi'];
const kJwkCurves = { __proto__: null, prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' };
const kOkpCurves = { __proto__: null, ed25519: 'Ed25519', x25519: 'X25519' };

// JWK with Node's member order.
function exportJwk(key) {
  const handle = handleOf(key);
  const isPrivate = key.type === 'private';
  const keyType = key.asymmetricKeyType;
  if (keyType === 'rsa') {
    const members = ops.cryptoRsaExportJwk(handle);
    const jwk = { kty: 'RSA' };
    for (let i = 0; i < members.length; i++) jwk[kRsaMembers[i]] = b64(members[i]);
    return jwk;
  }
  if (keyType === 'ec') {
    const crv = kJwkCurves[key.asymmetricKeyDetails.namedCurve];
    if (crv === undefined) {
      throw nodeErrors.make(Error, 'ERR_CRYPTO_JWK_UNSUPPORTED_CURVE',
        `Unsupported JWK EC curve: ${key.asymmetricKeyDetails.namedCurve}.`);
    }
    const [x, y, d] = ops.cryptoEcExportJwk(handle);
    const jwk = { kty: 'EC', x: b64(x), y: b64(y), crv };
    if (isPrivate) jwk.d = b64(d);
    return jwk;
  }
  const crv = kOkpCurves[keyType];
  if (crv === undefined) {
    throw nodeErrors.make(Error, 'ERR_CRYPTO_JWK_UNSUPPORTED_KEY_TYPE', 'Unsupported JWK Key Type.');
  }
  const x = b64(new Uint8Array(ops.cryptoOkpExportRaw(handle, false)));
  if (!isPrivate) return { crv, x, kty: 'OKP' };
  return { crv, d: b64(new Uint8Array(ops.cryptoOkpExportRaw(handle, true))), x, kty: 'OKP' };
}

// --- import

function jwkMember(jwk, name, optional = false) {
  const value = jwk[name];
  if (value === undefined && optional) return undefined;
  if (typeof value !== 'string') throw nodeErrors.invalidArgType(`key.${name}`, 'of type string', value);
  return Buffer.from(value, 'base64url');
}

// A native handle from a JWK; a private key's only when `isPublic` is false and `d` is there.
function importJwk(jwk, isPublic) {
  internals.validateObject(jwk, 'key');
  const { kty } = jwk;
  const invalidJwk = () => nodeErrors.make(TypeError, 'ERR_CRYPTO_INVALID_JWK', 'Invalid JWK data');
  const wrap = (make) => {
    try {
      return make();
    } catch {
      throw invalidJwk();
    }
  };
  if (kty === 'RSA') {
    const members = [jwkMember(jwk, 'n'), jwkMember(jwk, 'e')];
    if (!isPublic) {
      for (const name of kRsaMembers.slice(2)) members.push(jwkMember(jwk, name));
    }
    return wrap(() => ops.cryptoRsaImportJwk(...members));
  }
  if (kty === 'EC') {
    const { crv } = jwk;
    if (crv !== 'P-256' && crv !== 'P-384' && crv !== 'P-521') throw oneOf('key.crv', crv, ['P-256', 'P-384', 'P-521']);
    const x = jwkMember(jwk, 'x');
    const y = jwkMember(jwk, 'y');
    const d = isPublic ? undefined : jwkMember(jwk, 'd');
    return wrap(() => ops.cryptoEcImportJwk(crv, x, y, d));
  }
  if (kty === 'OKP') {
    const { crv } = jwk;
    if (crv !== 'Ed25519' && crv !== 'X25519') throw oneOf('key.crv', crv, ['Ed25519', 'X25519']);
    const bytes = isPublic ? jwkMember(jwk, 'x') : jwkMember(jwk, 'd');
    return wrap(() => ops.cryptoOkpImportRaw(crv, bytes, !isPublic));
  }
  throw oneOf('key.kty', kty, ['RSA', 'EC', 'OKP']);
}

// A public-only handle for `handle` (which may be a private key's).
const publicHandleOf = (handle) => ops.cryptoNodeKeyParse(ops.cryptoKeyExportSpki(handle), false, false);

// The key material `input` describes, as { type, handle }. `kind` is 'private' (createPrivateKey,
// signing), 'public' (createPublicKey: a private key gives its public half) or 'any' (verifying,
// encrypting: a private key serves as is).
function prepareAsymmetricKey(input, kind) {
  const expected = kind === 'private' ? 'private' : 'public';
  const fromObject = (type, handle) => {
    if (type === 'secret') throw invalidKeyObjectType(type, kind === 'any' ? 'private or public' : 'private');
    if (kind === 'private' && type !== 'private') throw invalidKeyObjectType(type, expected);
    if (kind === 'public' && type === 'private') return { type: 'public', handle: publicHandleOf(handle) };
    return { type, handle };
  };
  if (isKeyObject(input)) return fromObject(input.type, handleOf(input));
  if (C.isCryptoKey(input)) return fromObject(C.keyType(input), C.keyHandle(input));
  let data = input;
  let format = 'pem';
  let type;
  let passphrase;
  let encoding;
  let name = 'key';
  if (typeof input === 'object' && input !== null && !ArrayBufferIsView(input) && !(input instanceof ArrayBuffer)) {
    ({ key: data, format = 'pem', type, passphrase, encoding } = input);
    name = 'key.key';
    if (isKeyObject(data)) return fromObject(data.type, handleOf(data));
    if (C.isCryptoKey(data)) return fromObject(C.keyType(data), C.keyHandle(data));
    if (format === 'jwk') {
      const isPublic = kind !== 'private' && data?.d === undefined;
      const handle = importJwk(data, isPublic);
      return kind === 'public' && !isPublic
        ? { type: 'public', handle: publicHandleOf(handle) }
        : { type: isPublic ? 'public' : 'private', handle };
    }
    if (format !== 'pem' && format !== 'der') throw nodeErrors.invalidArgValue('options.format', format);
    if (format === 'der') {
      const types = kind === 'private' ? ['pkcs1', 'pkcs8', 'sec1'] : ['pkcs1', 'spki', 'pkcs8', 'sec1'];
      if (!types.includes(type)) throw nodeErrors.invalidArgValue('options.type', type);
    }
  }
  if (typeof data !== 'string' && !ArrayBufferIsView(data) && !(data instanceof ArrayBuffer)) {
    throw nodeErrors.invalidArgType(name, kKeyInputTypes, data);
  }
  const bytes = toBytes(data, 'key', encoding ?? 'utf8');
  const passphraseBytes = passphrase === undefined || passphrase === null
    ? undefined : toBytes(passphrase, 'options.passphrase');
  const parse = (wantPrivate) => ({
    type: wantPrivate ? 'private' : 'public',
    handle: ops.cryptoNodeKeyParse(bytes, format === 'pem', wantPrivate, passphraseBytes),
  });
  if (kind !== 'any') return parse(kind === 'private');
  // Verifying or encrypting takes a private key's encoding whole, as Node does: its PEM label
  // or DER type says which it is (a PKCS #1 DER key is either).
  if (format === 'pem') {
    return parse(/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(Buffer.from(bytes).toString('latin1')));
  }
  if (type !== 'pkcs1') return parse(type !== 'spki');
  try {
    return parse(true);
  } catch {
    return parse(false);
  }
}

function createSecretKey(key, encoding) {
  let bytes;
  if (typeof key === 'string') bytes = Buffer.from(key, encoding);
  else if (ArrayBufferIsView(key) || key instanceof ArrayBuffer) bytes = toBytes(key, 'key');
  else throw nodeErrors.invalidArgType('key', kBufferTypes, key);
  return makeKeyObject('secret', ops.cryptoSecretImport(bytes));
}

function createPublicKey(key) {
  const inner = typeof key === 'object' && key !== null && 'key' in key ? key.key : key;
  if (isKeyObject(inner) && inner.type === 'public') throw invalidKeyObjectType('public', 'private');
  const { handle } = prepareAsymmetricKey(key, 'public');
  return makeKeyObject('public', handle);
}

function createPrivateKey(key) {
  const inner = typeof key === 'object' && key !== null && 'key' in key ? key.key : key;
  if (isKeyObject(inner) || C.isCryptoKey(inner)) {
    throw nodeErrors.invalidArgType('key', `of type string or ${kBufferTypes}`, inner);
  }
  const { handle } = prepareAsymmetricKey(key, 'private');
  return makeKeyObject('private', handle);
}

// --- generation

const kPairTypes = ['rsa', 'rsa-pss', 'ec', 'ed25519', 'ed448', 'x25519', 'x448'];

function validateUint32(value, name) {
  if (typeof value !== 'number') throw nodeErrors.invalidArgType(name, 'of type number', value);
  if (!NumberIsInteger(value) || value < 0 || value > 0xffffffff) {
    throw nodeErrors.outOfRange(name, '>= 0 && <= 4294967295', value);
  }
}

// A number as big-endian bytes (RSA public exponents).
function exponentBytes(value) {
  const out = [];
  for (let rest = value; rest > 0; rest = MathFloor(rest / 256)) out.unshift(rest % 256);
  return new Uint8Array(out.length ? out : [0]);
}

// The private and public handles of a new pair, options validated as Node does.
function generatePair(type, options) {
  internals.validateString(type, 'type');
  if (!kPairTypes.includes(type)) {
    throw nodeErrors.invalidArgValue('type', type, 'must be a supported key type');
  }
  if (options !== undefined) internals.validateObject(options, 'options');
  if (type === 'rsa' || type === 'rsa-pss') {
    const { modulusLength, publicExponent = 0x10001, hashAlgorithm, mgf1HashAlgorithm, saltLength } = options ?? {};
    validateUint32(modulusLength, 'options.modulusLength');
    validateUint32(publicExponent, 'options.publicExponent');
    if (hashAlgorithm !== undefined) internals.validateString(hashAlgorithm, 'options.hashAlgorithm');
    if (mgf1HashAlgorithm !== undefined) internals.validateString(mgf1HashAlgorithm, 'options.mgf1HashAlgorithm');
    if (saltLength !== undefined && (!NumberIsInteger(saltLength) || saltLength < 0)) {
      throw nodeErrors.outOfRange('options.saltLength', '>= 0 && <= 2147483647', saltLength);
    }
    return ops.cryptoNodeKeyGenerate(type, modulusLength, exponentBytes(publicExponent),
      hashAlgorithm ?? (mgf1HashAlgorithm === undefined ? undefined : 'sha1'), mgf1HashAlgorithm, saltLength);
  }
  if (type === 'ec') {
    internals.validateString(options?.namedCurve, 'options.namedCurve');
    const pair = ops.cryptoNodeKeyGenerate('ec', options.namedCurve);
    if (pair === undefined) throw nodeErrors.make(TypeError, 'ERR_CRYPTO_INVALID_CURVE', 'Invalid EC curve name');
    return pair;
  }
  return ops.cryptoNodeKeyGenerate(type);
}

// Each half as a KeyObject, or encoded when `options.{public,private}KeyEncoding` asks.
function encodePair([privateHandle, publicHandle], options) {
  const publicKey = makeKeyObject('public', publicHandle);
  const privateKey = makeKeyObject('private', privateHandle);
  const encode = (key, encoding, name) => {
    if (encoding === undefined) return key;
    internals.validateObject(encoding, `options.${name}`);
    return key.export(encoding);
  };
  return {
    publicKey: encode(publicKey, options?.publicKeyEncoding, 'publicKeyEncoding'),
    privateKey: encode(privateKey, options?.privateKeyEncoding, 'privateKeyEncoding'),
  };
}

function generateKeyPairSync(type, options) {
  return encodePair(generatePair(type, options), options);
}

function generateKeyPair(type, options, callback) {
  if (typeof options === 'function') [callback, options] = [options, undefined];
  internals.validateFunction(callback, 'callback');
  const { publicKey, privateKey } = generateKeyPairSync(type, options);
  queueMicrotask(() => callback(null, publicKey, privateKey));
}

function generateKeySync(type, options) {
  internals.validateString(type, 'type');
  internals.validateObject(options, 'options');
  const { length } = options;
  if (type === 'hmac') {
    if (typeof length !== 'number') throw nodeErrors.invalidArgType('options.length', 'of type number', length);
    if (!NumberIsInteger(length) || length < 8 || length > 2 ** 31 - 1) {
      throw nodeErrors.outOfRange('options.length', '>= 8 && <= 2147483647', length);
    }
  } else if (type === 'aes') {
    if (length !== 128 && length !== 192 && length !== 256) {
      throw nodeErrors.invalidArgValue('options.length', length, 'must be one of: 128, 192, 256');
    }
  } else {
    throw nodeErrors.invalidArgValue('type', type, "must be a supported key type");
  }
  const bytes = new Uint8Array(MathFloor(length / 8));
  for (let offset = 0; offset < bytes.length; offset += 65536) {
    ops.randomFill(bytes.subarray(offset, offset + 65536));
  }
  return makeKeyObject('secret', ops.cryptoSecretImport(bytes));
}

function generateKey(type, options, callback) {
  internals.validateFunction(callback, 'callback');
  const key = generateKeySync(type, options);
  queueMicrotask(() => callback(null, key));
}

// The raw bytes of a secret key given as a KeyObject or CryptoKey (createHmac, createCipheriv);
// undefined for anything else.
function secretKeyBytes(key) {
  if (isKeyObject(key)) {
    if (key.type !== 'secret') throw invalidKeyObjectType(key.type, 'secret');
    return new Uint8Array(ops.cryptoSecretExport(handleOf(key)));
  }
  if (C.isCryptoKey(key)) {
    if (C.keyType(key) !== 'secret') throw invalidKeyObjectType(C.keyType(key), 'secret');
    return new Uint8Array(ops.cryptoSecretExport(C.keyHandle(key)));
  }
  return undefined;
}

internals.nodeCrypto.secretKeyBytes = secretKeyBytes;
internals.nodeCrypto.keys = {
  prepareAsymmetricKey, makeKeyObject, isKeyObject, handleOf, detailsOf,
  exports: {
    KeyObject, SecretKeyObject, PublicKeyObject, PrivateKeyObject,
    createSecretKey, createPublicKey, createPrivateKey,
    generateKeyPair, generateKeyPairSync, generateKey, generateKeySync,
  },
};
