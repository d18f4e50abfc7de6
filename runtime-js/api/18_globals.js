'use strict';
// Small globals every Worker can reach: crypto.getRandomValues/randomUUID, performance,
// navigator, structuredClone, self. (crypto.subtle arrives with the WebCrypto issue.)

const {
  TypeError, DateNow, ObjectFreeze, ArrayBufferIsView, TypedArrayPrototypeGetByteLength,
  TypedArrayPrototypeGetSymbolToStringTag, ReflectDefineProperty,
} = primordials;
const { DOMException } = internals;

const kIllegal = 'Illegal constructor';
const kIntegerArrays = new primordials.SafeSet([
  'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array',
  'Uint32Array', 'BigInt64Array', 'BigUint64Array',
]);

class Crypto {
  // No declared parameters: the interface has no constructor, so its length is 0 (WebIDL).
  constructor(key = undefined) {
    if (key !== internals) throw new TypeError(kIllegal);
  }

  // WebCrypto §10.1.1: integer typed arrays only, at most 65536 bytes.
  getRandomValues(array) {
    if (this !== crypto) throw new TypeError('Illegal invocation');
    if (!ArrayBufferIsView(array) || !kIntegerArrays.has(TypedArrayPrototypeGetSymbolToStringTag(array))) {
      throw new DOMException(
        'The provided ArrayBufferView is not an integer-typed array.', 'TypeMismatchError');
    }
    if (TypedArrayPrototypeGetByteLength(array) > 65536) {
      throw new DOMException(
        `The ArrayBufferView's byte length (${TypedArrayPrototypeGetByteLength(array)}) ` +
        'exceeds the number of bytes of entropy available via this API (65536).',
        'QuotaExceededError');
    }
    ops.randomFill(array);
    return array;
  }

  randomUUID() {
    if (this !== crypto) throw new TypeError('Illegal invocation');
    return ops.randomUUID();
  }

  get [Symbol.toStringTag]() { return 'Crypto'; }
}
internals.webidl.makeMembersEnumerable(Crypto.prototype);
const crypto = new Crypto(internals);
internals.Crypto = Crypto;
internals.crypto = crypto;
internals.defineGlobal('Crypto', Crypto);
internals.defineGlobal('crypto', crypto);

// workerd's performance: timeOrigin 0, now() on the same clock as Date.now().
class Performance {
  constructor(key) {
    if (key !== internals) throw new TypeError(kIllegal);
  }
  get timeOrigin() { return 0; }
  now() { return DateNow(); }
  toJSON() { return { timeOrigin: 0 }; }
  get [Symbol.toStringTag]() { return 'Performance'; }
}
internals.defineGlobal('Performance', Performance);
internals.defineGlobal('performance', new Performance(internals));

class Navigator {
  constructor(key) {
    if (key !== internals) throw new TypeError(kIllegal);
  }
  get userAgent() { return 'Cloudflare-Workers'; }
  get hardwareConcurrency() { return 1; }
  get language() { return 'en'; }
  get languages() { return ObjectFreeze(['en']); }
  get [Symbol.toStringTag]() { return 'Navigator'; }
}
internals.defineGlobal('Navigator', Navigator);
internals.defineGlobal('navigator', new Navigator(internals));

// HTML §2.7.3 structuredClone(value, { transfer }).
function structuredClone(value, options = undefined) {
  if (arguments.length === 0) {
    throw new TypeError("Failed to execute 'structuredClone' on 'ServiceWorkerGlobalScope': " +
      '1 argument required, but only 0 present.');
  }
  const transfer = options?.transfer ?? [];
  try {
    return ops.structuredClone(value, [...transfer]);
  } catch (error) {
    if (error instanceof TypeError) throw error;
    throw new DOMException(error?.message ?? String(error), 'DataCloneError');
  }
}
internals.defineGlobal('structuredClone', structuredClone);

ReflectDefineProperty(globalThis, 'self', {
  get() { return globalThis; }, configurable: true, enumerable: true,
});
