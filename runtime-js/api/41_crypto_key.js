'use strict';
// WebCrypto, part 2: CryptoKey (WebCrypto, "CryptoKey interface"). A key is created only by
// the algorithm files, through C.makeKey; its material lives natively behind `handle`
// (src/api/crypto/native_handles.h), so Worker code can read its description but never its
// bytes.

const { ObjectFreeze, ObjectKeys } = primordials;
const { illegalConstructor, kInternalConstruct } = internals;
const C = internals.webCrypto;

class CryptoKey {
  #type;
  #extractable;
  #algorithm;
  #usages;
  #usageList;
  // Internal: the native handle, the record from the registry, and what the algorithm needs
  // besides the public description (hash name, curve, …).
  #handle;
  #record;
  #params;

  // Both parameters optional: the interface has no constructor, so its length is 0 (WebIDL).
  constructor(token = undefined, init = undefined) {
    if (token !== kInternalConstruct) throw illegalConstructor();
    this.#type = init.type;
    this.#extractable = init.extractable;
    this.#algorithm = init.algorithm;
    this.#usages = init.usages;
    this.#usageList = ObjectFreeze(C.usageNames(init.usages));
    this.#handle = init.handle;
    this.#record = init.record;
    this.#params = init.params;
  }

  get type() {
    internals.brandCheck(this, CryptoKey);
    return this.#type;
  }

  get extractable() {
    internals.brandCheck(this, CryptoKey);
    return this.#extractable;
  }

  // WebCrypto: `algorithm` returns the same (frozen) KeyAlgorithm object on every read.
  get algorithm() {
    internals.brandCheck(this, CryptoKey);
    return this.#algorithm;
  }

  get usages() {
    internals.brandCheck(this, CryptoKey);
    return this.#usageList;
  }

  get [Symbol.toStringTag]() { return 'CryptoKey'; }

  static isKey(value) { return typeof value === 'object' && value !== null && #type in value; }
  static typeOf(key) { return key.#type; }
  static extractableOf(key) { return key.#extractable; }
  static handleOf(key) { return key.#handle; }
  static usageBits(key) { return key.#usages; }
  static recordOf(key) { return key.#record; }
  static paramsOf(key) { return key.#params; }
}
const {
  isKey, typeOf, extractableOf, handleOf, usageBits, recordOf, paramsOf,
} = CryptoKey;
for (const name of ['isKey', 'typeOf', 'extractableOf', 'handleOf', 'usageBits', 'recordOf',
  'paramsOf']) {
  delete CryptoKey[name];
}
internals.webidl.makeMembersEnumerable(CryptoKey.prototype);
internals.registerBrand(CryptoKey, isKey);
internals.markResourceType(CryptoKey);

// A frozen copy of a KeyAlgorithm dictionary: nested `hash` frozen too. (A publicExponent
// Uint8Array cannot be frozen; it is a copy no other key shares.)
const freezeAlgorithm = (algorithm) => {
  const out = {};
  const fields = ObjectKeys(algorithm);
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i];
    const value = algorithm[field];
    out[field] = field === 'hash' ? ObjectFreeze({ name: value.name }) : value;
  }
  return ObjectFreeze(out);
};

// init: { type: 'secret' | 'public' | 'private', extractable, algorithm (plain dictionary),
//         usages (bits), handle, record (registry entry), params (algorithm-private) }.
C.makeKey = (init) => {
  init.algorithm = freezeAlgorithm(init.algorithm);
  return new CryptoKey(kInternalConstruct, init);
};
C.isCryptoKey = isKey;
C.keyHandle = handleOf;
C.keyUsages = usageBits;
C.keyRecord = recordOf;
C.keyParams = paramsOf;
C.keyType = typeOf;
C.keyExtractable = extractableOf;
C.keyAlgorithmName = (key) => recordOf(key).name;

internals.CryptoKey = CryptoKey;
internals.defineGlobal('CryptoKey', CryptoKey);
