'use strict';
// WebCrypto, part 1 of 10: what every algorithm shares. Argument conversion the way workerd's
// JSG dictionaries do it (src/workerd/api/crypto/crypto.h), key usages (WebCrypto's
// RecognizedKeyUsage, workerd's CryptoKeyUsageSet), hash names, and the registry the algorithm
// files (43…47) fill and SubtleCrypto (48) dispatches through. Everything is published on
// `internals.webCrypto` (`C` in the other crypto files); nothing here is visible to Worker code.

const {
  ArrayIsArray, ArrayPrototypePush, ObjectFreeze, SafeMap, StringFromCharCode,
  StringPrototypeCharCodeAt, TypedArrayPrototypeSlice,
  TypedArrayPrototypeFill, Uint8Array, MathCeil, MathClz32, PromiseResolve, PromiseReject,
  RegExpPrototypeExec, StringPrototypeToUpperCase,
} = primordials;
const { DOMException, makeTypeError, webidl } = internals;

const C = { __proto__: null };
internals.webCrypto = C;

// ---------------------------------------------------------------------------------------------
// Errors: DOMExceptions with WebCrypto's names, TypeErrors for bad dictionaries.
C.domError = (message, name) => new DOMException(message, name);
C.typeError = makeTypeError;
C.notSupported = (message) => new DOMException(message, 'NotSupportedError');
C.dataError = (message) => new DOMException(message, 'DataError');
C.operationError = (message) => new DOMException(message, 'OperationError');
C.invalidAccess = (message) => new DOMException(message, 'InvalidAccessError');

// WebIDL: a promise-returning operation reports every failure, argument conversion included,
// as a rejection.
C.promiseFor = (fn) => {
  try {
    return PromiseResolve(fn());
  } catch (error) {
    return PromiseReject(error);
  }
};

// ---------------------------------------------------------------------------------------------
// Key usages as bits, in the order the spec lists them (CryptoKey.usages keeps this order).
const kUsageNames = ['encrypt', 'decrypt', 'sign', 'verify', 'deriveKey', 'deriveBits',
  'wrapKey', 'unwrapKey'];
const U = ObjectFreeze({
  encrypt: 1, decrypt: 2, sign: 4, verify: 8, deriveKey: 16, deriveBits: 32, wrapKey: 64,
  unwrapKey: 128,
});
C.U = U;
C.publicMask = U.encrypt | U.verify | U.wrapKey;
C.privateMask = U.decrypt | U.sign | U.unwrapKey | U.deriveKey | U.deriveBits;
C.derivationMask = U.deriveKey | U.deriveBits;
const kUsageBits = new SafeMap();
for (let i = 0; i < kUsageNames.length; i++) kUsageBits.set(kUsageNames[i], 1 << i);

const kContextWords = {
  __proto__: null,
  generate: 'generate', importSecret: 'import secret', importPublic: 'import public',
  importPrivate: 'import private',
};

// workerd CryptoKeyUsageSet::validate: every requested usage must be recognized and allowed
// by `mask`; duplicates are fine. Returns the set as bits.
C.validateUsages = (algorithmName, context, usages, mask) => {
  let bits = 0;
  for (let i = 0; i < usages.length; i++) {
    const usage = usages[i];
    const bit = kUsageBits.get(usage) ?? 0;
    if (bit === 0 || (bit & mask) === 0) {
      throw C.domError(`Attempt to ${kContextWords[context]} ${algorithmName} key with invalid ` +
        `usage "${usage}".`, 'SyntaxError');
    }
    bits |= bit;
  }
  return bits;
};

C.usageNames = (bits) => {
  const names = [];
  for (let i = 0; i < kUsageNames.length; i++) {
    if (bits & (1 << i)) ArrayPrototypePush(names, kUsageNames[i]);
  }
  return names;
};
C.usageName = (bit) => kUsageNames[31 - MathClz32(bit)];

// ---------------------------------------------------------------------------------------------
// Names compare ASCII case-insensitively, as workerd's strcasecmp does (so "ı" stays "ı").
const kNonAscii = /[^\x00-\x7F]/;
const asciiUpper = (s) => {
  if (RegExpPrototypeExec(kNonAscii, s) === null) return StringPrototypeToUpperCase(s);
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = StringPrototypeCharCodeAt(s, i);
    out += StringFromCharCode(c >= 0x61 && c <= 0x7A ? c - 0x20 : c);
  }
  return out;
};
C.asciiUpper = asciiUpper;
C.sameName = (a, b) => a === b || asciiUpper(a) === asciiUpper(b);

// Hashes: workerd's lookupDigestAlgorithm (MD5 too: Workers allows it on purpose).
const kHashes = new SafeMap([
  ['SHA-1', { name: 'SHA-1', bytes: 20, blockBits: 512 }],
  ['SHA-256', { name: 'SHA-256', bytes: 32, blockBits: 512 }],
  ['SHA-384', { name: 'SHA-384', bytes: 48, blockBits: 1024 }],
  ['SHA-512', { name: 'SHA-512', bytes: 64, blockBits: 1024 }],
  ['MD5', { name: 'MD5', bytes: 16, blockBits: 512 }],
]);
// The hash record for `name`; NotSupportedError when there is none.
C.lookupHash = (name) => {
  const hash = kHashes.get(asciiUpper(`${name}`));
  if (hash === undefined) {
    throw C.notSupported('Unrecognized or unimplemented digest algorithm requested.');
  }
  return hash;
};
// `hash` of a dictionary, which must be present: TypeError "Missing field …" otherwise.
C.requireHash = (algorithm, field = 'algorithm') => {
  if (algorithm.hash === undefined) {
    throw C.typeError(`Missing field "hash" in "${field}".`);
  }
  return C.lookupHash(algorithm.hash);
};

// ---------------------------------------------------------------------------------------------
// Argument conversion. Each dictionary lists its members in workerd's declaration order, which
// is the order their getters run.
const kDictionaries = {
  __proto__: null,
  HashAlgorithm: [['name', 'string']],
  EncryptAlgorithm: [['name', 'string'], ['iv', 'buffer'], ['additionalData', 'buffer'],
    ['tagLength', 'int'], ['counter', 'buffer'], ['length', 'int'], ['label', 'buffer']],
  SignAlgorithm: [['name', 'string'], ['hash', 'hash'], ['dataLength', 'int'],
    ['saltLength', 'int']],
  GenerateKeyAlgorithm: [['name', 'string'], ['hash', 'hash'], ['modulusLength', 'int'],
    ['publicExponent', 'buffer'], ['length', 'int'], ['namedCurve', 'string']],
  ImportKeyAlgorithm: [['name', 'string'], ['hash', 'hash'], ['length', 'int'],
    ['namedCurve', 'string'], ['compressed', 'boolean']],
  DeriveKeyAlgorithm: [['name', 'string'], ['salt', 'buffer'], ['iterations', 'int'],
    ['hash', 'hash'], ['public', 'key'], ['info', 'buffer']],
};

const isObject = (v) => (typeof v === 'object' && v !== null) || typeof v === 'function';
const toInt = webidl.converters.long;

const convertMember = (value, kind, field, dictionary) => {
  switch (kind) {
    case 'string':
      return `${value}`;
    case 'int':
      return toInt(value);
    case 'boolean':
      return !!value;
    case 'buffer': {
      const bytes = webidl.bufferSourceBytes(value);
      if (bytes === undefined) throw webidl.fieldTypeError(field, dictionary, 'BufferSource');
      return bytes;
    }
    case 'hash':
      if (isObject(value)) return convertDictionary(value, 'HashAlgorithm').name;
      return `${value}`;
    case 'key':
      if (!C.isCryptoKey(value)) throw webidl.fieldTypeError(field, dictionary, 'CryptoKey');
      return value;
  }
  return undefined;
};

const convertDictionary = (object, dictionary) => {
  const out = { __proto__: null };
  const members = kDictionaries[dictionary];
  for (let i = 0; i < members.length; i++) {
    const field = members[i][0];
    const kind = members[i][1];
    const value = object[field];
    if (value === undefined) {
      if (field === 'name') throw webidl.fieldTypeError('name', dictionary, 'string');
      continue;
    }
    out[field] = convertMember(value, kind, field, dictionary);
  }
  return out;
};

// An AlgorithmIdentifier argument (a name or a dictionary) as a null-prototype record.
// `method`/`index` name the argument in the TypeError for undefined and null.
C.toAlgorithm = (value, dictionary, method, index) => {
  if (typeof value === 'string') return { __proto__: null, name: value };
  if (isObject(value)) return convertDictionary(value, dictionary);
  if (value === undefined || value === null) {
    throw webidl.argumentTypeError(method, 'SubtleCrypto', index, `string or ${dictionary}`);
  }
  return { __proto__: null, name: `${value}` };
};

// A BufferSource argument as a Uint8Array over its bytes (no copy: ops run synchronously).
C.toBytes = (value, method, index, iface = 'SubtleCrypto') => {
  const bytes = webidl.bufferSourceBytes(value);
  if (bytes === undefined) throw webidl.argumentTypeError(method, iface, index, 'BufferSource');
  return bytes;
};

// A sequence<DOMString> of key usages.
C.toUsages = (value, method, index) => {
  if (!ArrayIsArray(value)) throw webidl.argumentTypeError(method, 'SubtleCrypto', index, 'Array');
  const out = [];
  for (let i = 0; i < value.length; i++) ArrayPrototypePush(out, `${value[i]}`);
  return out;
};

C.toKey = (value, method, index) => {
  if (!C.isCryptoKey(value)) {
    throw webidl.argumentTypeError(method, 'SubtleCrypto', index, 'CryptoKey');
  }
  return value;
};

// JsonWebKey (RFC 7517 members plus "ext"), converted member by member in workerd's order.
const kJwkStrings = ['crv', 'x', 'y', 'd', 'n', 'e', 'p', 'q', 'dp', 'dq', 'qi'];
const toStringArray = (value, field) => {
  if (!ArrayIsArray(value)) throw webidl.fieldTypeError(field, 'JsonWebKey', 'Array');
  const out = [];
  for (let i = 0; i < value.length; i++) ArrayPrototypePush(out, `${value[i]}`);
  return out;
};
C.toJsonWebKey = (object) => {
  const jwk = { __proto__: null };
  if (object.kty === undefined) throw webidl.fieldTypeError('kty', 'JsonWebKey', 'string');
  jwk.kty = `${object.kty}`;
  if (object.use !== undefined) jwk.use = `${object.use}`;
  if (object.key_ops !== undefined) jwk.key_ops = toStringArray(object.key_ops, 'key_ops');
  if (object.alg !== undefined) jwk.alg = `${object.alg}`;
  if (object.ext !== undefined) jwk.ext = !!object.ext;
  for (let i = 0; i < kJwkStrings.length; i++) {
    const field = kJwkStrings[i];
    if (object[field] !== undefined) jwk[field] = `${object[field]}`;
  }
  if (object.oth !== undefined) {
    if (!ArrayIsArray(object.oth)) throw webidl.fieldTypeError('oth', 'JsonWebKey', 'Array');
    jwk.oth = object.oth;
  }
  if (object.k !== undefined) jwk.k = `${object.k}`;
  return jwk;
};

// A JWK for export: members in workerd's JsonWebKey order, absent ones left out.
const kJwkOrder = ['kty', 'use', 'key_ops', 'alg', 'ext', 'crv', 'x', 'y', 'd', 'n', 'e', 'p',
  'q', 'dp', 'dq', 'qi', 'oth', 'k'];
C.orderedJwk = (members) => {
  const out = {};
  for (let i = 0; i < kJwkOrder.length; i++) {
    const field = kJwkOrder[i];
    if (members[field] !== undefined) out[field] = members[field];
  }
  return out;
};

// base64url for JWK members (RFC 7515 §2, no padding); decoding gives undefined when invalid.
C.base64url = (bytes) => internals.base64UrlEncode(bytes);
C.fromBase64url = (text) =>
  (typeof text === 'string' ? internals.base64UrlDecode(text) : undefined);

// ---------------------------------------------------------------------------------------------
// Bytes.
C.copyBytes = (u8) => TypedArrayPrototypeSlice(u8);
C.randomBytes = (length) => {
  const bytes = new Uint8Array(length);
  // getRandomValues' 64 KiB limit is a Web API rule, not OpenSSL's: fill in one call.
  ops.randomFill(bytes);
  return bytes;
};
C.wipe = (u8) => { TypedArrayPrototypeFill(u8, 0); };
C.ceilDiv8 = (bits) => MathCeil(bits / 8);
// The first `bits` bits of `bytes` (WebCrypto: "the first length bits"); the unused low bits
// of the last byte are zeroed.
C.truncateBits = (buffer, bits) => {
  const bytes = new Uint8Array(buffer, 0, C.ceilDiv8(bits));
  const out = TypedArrayPrototypeSlice(bytes);
  const spare = out.length * 8 - bits;
  if (spare > 0) out[out.length - 1] &= (0xFF << spare) & 0xFF;
  return out.buffer;
};

// ---------------------------------------------------------------------------------------------
// Registry: canonical algorithm name → record of the operations it supports:
//   generateKey(name, algorithm, extractable, usages) → CryptoKey | { publicKey, privateKey }
//   importKey(name, format, keyData, algorithm, extractable, usages) → CryptoKey
//   exportKey(key, format), sign(key, algorithm, bytes), verify(key, algorithm, sig, bytes),
//   encrypt / decrypt / wrapKey / unwrapKey(key, algorithm, bytes),
//   deriveBits(key, algorithm, length | null) → ArrayBuffer
const registry = new SafeMap();
C.registerAlgorithm = (name, record) => { registry.set(asciiUpper(name), { name, ...record }); };
C.lookupAlgorithm = (name) => registry.get(asciiUpper(`${name}`));
