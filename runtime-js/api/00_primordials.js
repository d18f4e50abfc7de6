'use strict';
// Saved copies of built-ins, taken before any user code runs (Deno's primordials). Runtime code
// calls `ArrayPrototypePush(list, x)` instead of `list.push(x)` where user code could have
// patched the prototype. `uncurryThis(f)(self, ...args)` is `f.call(self, ...args)`.

const { apply, bind, call } = Function.prototype;
const uncurryThis = bind.bind(call);
primordials.uncurryThis = uncurryThis;
primordials.applyBind = bind.bind(apply);

const copyStatics = (prefix, source) => {
  for (const key of Reflect.ownKeys(source)) {
    if (typeof key !== 'string') continue;
    const desc = Reflect.getOwnPropertyDescriptor(source, key);
    const name = prefix + key[0].toUpperCase() + key.slice(1);
    if (!('value' in desc)) continue;
    // Statics such as Promise.resolve need their constructor as `this`.
    primordials[name] = typeof desc.value === 'function' && !/^[A-Z]/.test(key)
      ? desc.value.bind(source) : desc.value;
  }
};
const copyPrototype = (prefix, proto) => {
  for (const key of Reflect.ownKeys(proto)) {
    const desc = Reflect.getOwnPropertyDescriptor(proto, key);
    let name;
    if (typeof key === 'symbol') {
      const m = /^Symbol\((?:Symbol\.)?(.*)\)$/.exec(String(key));
      name = prefix + 'Symbol' + m[1][0].toUpperCase() + m[1].slice(1);
    } else {
      name = prefix + key[0].toUpperCase() + key.slice(1);
    }
    if ('value' in desc) {
      if (typeof desc.value === 'function') primordials[name] = uncurryThis(desc.value);
    } else if (desc.get) {
      primordials[name.replace(prefix, prefix + 'Get')] = uncurryThis(desc.get);
    }
  }
};

const globals = [
  'Array', 'ArrayBuffer', 'BigInt', 'BigInt64Array', 'BigUint64Array', 'Boolean', 'DataView',
  'Date', 'Error', 'EvalError', 'FinalizationRegistry', 'Float32Array', 'Float64Array',
  'Function', 'Int16Array', 'Int32Array', 'Int8Array', 'Map', 'Number', 'Object', 'Promise',
  'Proxy', 'RangeError', 'ReferenceError', 'RegExp', 'Set', 'String', 'Symbol', 'SyntaxError',
  'TypeError', 'URIError', 'Uint16Array', 'Uint32Array', 'Uint8Array', 'Uint8ClampedArray',
  'WeakMap', 'WeakRef', 'WeakSet',
];
for (const name of globals) {
  const ctor = globalThis[name];
  if (ctor === undefined) continue;
  primordials[name] = ctor;
  copyStatics(name, ctor);
  if (ctor.prototype) copyPrototype(name + 'Prototype', ctor.prototype);
}
for (const name of ['JSON', 'Math', 'Reflect', 'Atomics']) {
  if (globalThis[name] === undefined) continue;
  primordials[name] = globalThis[name];
  copyStatics(name, globalThis[name]);
}
primordials.TypedArray = Reflect.getPrototypeOf(Uint8Array);
copyPrototype('TypedArrayPrototype', primordials.TypedArray.prototype);
primordials.ArrayIteratorPrototype = Reflect.getPrototypeOf([][Symbol.iterator]());
primordials.AsyncIteratorPrototype = Reflect.getPrototypeOf(
  Reflect.getPrototypeOf(async function* () {}).prototype);
primordials.globalThis = globalThis;
primordials.encodeURIComponent = encodeURIComponent;
primordials.decodeURIComponent = decodeURIComponent;
primordials.encodeURI = encodeURI;
primordials.decodeURI = decodeURI;

// Promise helpers that do not go through a patchable `then`.
const { Promise: PromiseCtor } = primordials;
primordials.SafePromiseThen = (p, onFulfilled, onRejected) =>
  primordials.PromisePrototypeThen(p, onFulfilled, onRejected);
// A promise plus its resolve/reject functions.
primordials.createDeferred = () => {
  let resolve, reject;
  const promise = new PromiseCtor((res, rej) => { resolve = res; reject = rej; });
  return { promise, resolve, reject };
};

// Map and Set whose methods cannot be replaced by user code.
const makeSafe = (Base, name) => {
  // An explicit constructor: the implicit one spreads its arguments through the patchable
  // Array.prototype[Symbol.iterator].
  const Safe = class extends Base {
    constructor(iterable) { super(iterable); }
  };
  for (const key of Reflect.ownKeys(Base.prototype)) {
    if (key === 'constructor') continue;
    const desc = Reflect.getOwnPropertyDescriptor(Base.prototype, key);
    Reflect.defineProperty(Safe.prototype, key, desc);
  }
  Object.freeze(Safe.prototype);
  Reflect.defineProperty(Safe, 'name', { value: name });
  return Safe;
};
primordials.SafeMap = makeSafe(Map, 'SafeMap');
primordials.SafeSet = makeSafe(Set, 'SafeSet');
primordials.SafeWeakMap = makeSafe(WeakMap, 'SafeWeakMap');

internals.defineGlobal = (name, value) => {
  Reflect.defineProperty(globalThis, name, {
    value, writable: true, configurable: true, enumerable: false,
  });
};
