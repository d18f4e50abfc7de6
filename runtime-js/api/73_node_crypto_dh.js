'use strict';
// node:crypto's DiffieHellman and DiffieHellmanGroup (createDiffieHellman,
// createDiffieHellmanGroup, getDiffieHellman) as workerd offers them: the RFC 3526 groups
// modp14 … modp18 only (workerd refuses modp1, modp2 and modp5 as too weak), workerd's messages
// for failures, Node's for bad arguments. Both are functions that may be called without `new`,
// as in Node. The native side is src/api/crypto/node_dh_ops.cc; part 4
// (74_node_crypto_sign.js) adds them to node:crypto.

const { ArrayBuffer, ArrayBufferIsView, Error, NumberIsInteger, ObjectDefineProperty } = primordials;
const { nodeErrors, Buffer } = internals;
const { toBytes } = internals.nodeCrypto;

const kHandle = Symbol('kHandle');
const kDefaultGenerator = 2;
const kSizeOrKeyTypes = 'one of type number or string or an instance of ArrayBuffer, Buffer, TypedArray, or DataView';

function validateInt32(value, name) {
  if (typeof value !== 'number') throw nodeErrors.invalidArgType(name, 'of type number', value);
  if (!NumberIsInteger(value)) throw nodeErrors.outOfRange(name, 'an integer', value);
  if (value < -(2 ** 31) || value > 2 ** 31 - 1) {
    throw nodeErrors.outOfRange(name, '>= -2147483648 && <= 2147483647', value);
  }
}

const isBytes = (value) => ArrayBufferIsView(value) || value instanceof ArrayBuffer;

// A string in `encoding`, or the bytes given.
const toBuf = (value, encoding) => (typeof value === 'string' ? Buffer.from(value, encoding) : value);

function DiffieHellman(sizeOrKey, keyEncoding, generator, genEncoding) {
  if (!new.target) return new DiffieHellman(sizeOrKey, keyEncoding, generator, genEncoding);
  if (typeof sizeOrKey !== 'number' && typeof sizeOrKey !== 'string' && !isBytes(sizeOrKey)) {
    throw nodeErrors.invalidArgType('sizeOrKey', kSizeOrKeyTypes, sizeOrKey);
  }
  // Sizes below 2 are accepted here and refused when generating, as in Node.
  if (typeof sizeOrKey === 'number') validateInt32(sizeOrKey, 'sizeOrKey');
  // createDiffieHellman(prime, generator[, genEncoding]): the second argument is no encoding.
  if (keyEncoding && keyEncoding !== 'buffer' && !Buffer.isEncoding(keyEncoding)) {
    genEncoding = generator;
    generator = keyEncoding;
    keyEncoding = 'utf-8';
  }
  keyEncoding ??= 'utf-8';
  genEncoding ??= 'utf-8';
  if (typeof sizeOrKey !== 'number') sizeOrKey = toBuf(sizeOrKey, keyEncoding);
  // Through a fluke of history (Node's), any falsy generator, 0 included, means 2.
  if (!generator) {
    generator = kDefaultGenerator;
  } else if (typeof generator === 'number') {
    validateInt32(generator, 'generator');
  } else if (typeof generator === 'string') {
    generator = toBuf(generator, genEncoding);
  } else if (!isBytes(generator)) {
    throw nodeErrors.invalidArgType('generator', kSizeOrKeyTypes, generator);
  }
  this[kHandle] = ops.cryptoNodeDhCreate(sizeOrKey, generator);
}

function DiffieHellmanGroup(name) {
  if (!new.target) return new DiffieHellmanGroup(name);
  const handle = ops.cryptoNodeDhGroup(String(name));
  if (handle === undefined) {
    throw new Error('Failed to init DiffieHellmanGroup: invalid group. Only groups ' +
      '{modp14, modp15, modp16, modp17, modp18} are supported.');
  }
  this[kHandle] = handle;
}

// A Buffer, or a string when an encoding other than 'buffer' is asked for.
function encode(arrayBuffer, encoding) {
  const buffer = Buffer.from(arrayBuffer);
  return encoding && encoding !== 'buffer' ? buffer.toString(encoding) : buffer;
}

const kKeyTypes = 'of type string or an instance of ArrayBuffer, Buffer, TypedArray, or DataView';

function part(self, which, missing) {
  const bytes = ops.cryptoNodeDhGet(self[kHandle], which);
  if (bytes === undefined) throw new Error(missing);
  return bytes;
}

const shared = {
  generateKeys(encoding) {
    return encode(ops.cryptoNodeDhGenerateKeys(this[kHandle]), encoding);
  },
  computeSecret(key, inputEncoding, outputEncoding) {
    const bytes = toBytes(key, 'key', inputEncoding, kKeyTypes);
    return encode(ops.cryptoNodeDhComputeSecret(this[kHandle], bytes), outputEncoding);
  },
  getPrime(encoding) { return encode(part(this, 'prime'), encoding); },
  getGenerator(encoding) { return encode(part(this, 'generator'), encoding); },
  getPublicKey(encoding) { return encode(part(this, 'public', 'No public key'), encoding); },
  getPrivateKey(encoding) { return encode(part(this, 'private', 'No private key'), encoding); },
};
const setters = {
  setPublicKey(key, encoding) {
    ops.cryptoNodeDhSet(this[kHandle], 'public', toBytes(key, 'key', encoding, kKeyTypes));
    return this;
  },
  setPrivateKey(key, encoding) {
    ops.cryptoNodeDhSet(this[kHandle], 'private', toBytes(key, 'key', encoding, kKeyTypes));
    return this;
  },
};
// Plain assignments, as Node's and workerd's prototypes have them (enumerable).
Object.assign(DiffieHellman.prototype, shared, setters);
Object.assign(DiffieHellmanGroup.prototype, shared);
for (const Class of [DiffieHellman, DiffieHellmanGroup]) {
  ObjectDefineProperty(Class.prototype, 'verifyError', {
    get() { return ops.cryptoNodeDhVerifyError(this[kHandle]); },
    enumerable: true,
    configurable: true,
  });
}

function createDiffieHellman(sizeOrKey, keyEncoding, generator, genEncoding) {
  return new DiffieHellman(sizeOrKey, keyEncoding, generator, genEncoding);
}
const createDiffieHellmanGroup = (name) => new DiffieHellmanGroup(name);
const getDiffieHellman = (name) => new DiffieHellmanGroup(name);

internals.nodeCrypto.dh = {
  DiffieHellman, DiffieHellmanGroup, createDiffieHellman, createDiffieHellmanGroup, getDiffieHellman,
};
