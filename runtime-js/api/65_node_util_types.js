'use strict';
// node:util's `types` (also node:util/types): brand checks through saved built-ins, so a forged
// Symbol.toStringTag does not fool them (the tests themselves live in 08_console.js).

const {
  ObjectGetPrototypeOf, ObjectPrototypeToString, TypedArrayPrototypeGetSymbolToStringTag,
} = primordials;
const t = internals.typeTests;

const succeeds = (fn) => {
  try {
    fn();
    return true;
  } catch {
    return false;
  }
};
// The console's checks also accept primitives (valueOf works on them); Node's answer false.
const objectOnly = (test) => (value) => value !== null && typeof value === 'object' && test(value);
const typedArrayOf = (name) => (value) => TypedArrayPrototypeGetSymbolToStringTag(value) === name;
// The prototypes of generator and async functions, and of the objects generators return.
const GeneratorFunction = ObjectGetPrototypeOf(function* () {});
const AsyncFunction = ObjectGetPrototypeOf(async function () {});
const AsyncGeneratorFunction = ObjectGetPrototypeOf(async function* () {});
const GeneratorPrototype = GeneratorFunction.prototype;
const AsyncGeneratorPrototype = AsyncGeneratorFunction.prototype;
const MapIteratorPrototype = ObjectGetPrototypeOf(new Map().entries());
const SetIteratorPrototype = ObjectGetPrototypeOf(new Set().entries());
const protoOf = (value) => (value !== null && (typeof value === 'object' || typeof value === 'function')
  ? ObjectGetPrototypeOf(value) : undefined);

const isSharedArrayBuffer = (value) => typeof SharedArrayBuffer === 'function' &&
  succeeds(() => primordials.uncurryThis(
    Object.getOwnPropertyDescriptor(SharedArrayBuffer.prototype, 'byteLength').get)(value));

const types = {
  isAnyArrayBuffer: (v) => t.isArrayBuffer(v) || isSharedArrayBuffer(v),
  isArrayBuffer: t.isArrayBuffer,
  isSharedArrayBuffer,
  isArrayBufferView: (v) => ArrayBuffer.isView(v),
  isArgumentsObject: t.isArguments,
  isAsyncFunction: (v) => typeof v === 'function' &&
    (protoOf(v) === AsyncFunction || protoOf(v) === AsyncGeneratorFunction),
  isGeneratorFunction: (v) => typeof v === 'function' &&
    (protoOf(v) === GeneratorFunction || protoOf(v) === AsyncGeneratorFunction),
  isGeneratorObject: (v) => {
    const p = protoOf(protoOf(v));
    return p === GeneratorPrototype || p === AsyncGeneratorPrototype;
  },
  isBigInt64Array: typedArrayOf('BigInt64Array'),
  isBigUint64Array: typedArrayOf('BigUint64Array'),
  // Float16Array arrives with a newer V8 than this one; the check is ready for it.
  isFloat16Array: typedArrayOf('Float16Array'),
  isFloat32Array: typedArrayOf('Float32Array'),
  isFloat64Array: typedArrayOf('Float64Array'),
  isInt8Array: typedArrayOf('Int8Array'),
  isInt16Array: typedArrayOf('Int16Array'),
  isInt32Array: typedArrayOf('Int32Array'),
  isUint8Array: typedArrayOf('Uint8Array'),
  isUint8ClampedArray: typedArrayOf('Uint8ClampedArray'),
  isUint16Array: typedArrayOf('Uint16Array'),
  isUint32Array: typedArrayOf('Uint32Array'),
  isTypedArray: t.isTypedArray,
  isDataView: t.isDataView,
  isDate: t.isDate,
  isMap: t.isMap,
  isSet: t.isSet,
  isWeakMap: t.isWeakMap,
  isWeakSet: t.isWeakSet,
  isMapIterator: (v) => protoOf(v) === MapIteratorPrototype,
  isSetIterator: (v) => protoOf(v) === SetIteratorPrototype,
  isRegExp: t.isRegExp,
  isPromise: (v) => succeeds(() => ops.promiseState(v)),
  isNativeError: t.isError,
  isBoxedPrimitive: objectOnly(t.isBoxedPrimitive),
  isNumberObject: objectOnly(t.isNumberObject),
  isStringObject: objectOnly(t.isStringObject),
  isBooleanObject: objectOnly(t.isBooleanObject),
  isBigIntObject: objectOnly(t.isBigIntObject),
  isSymbolObject: objectOnly(t.isSymbolObject),
  isModuleNamespaceObject: (v) => v !== null && typeof v === 'object' && protoOf(v) === null &&
    ObjectPrototypeToString(v) === '[object Module]',
  isCryptoKey: (v) => typeof CryptoKey === 'function' && v instanceof CryptoKey,
  isKeyObject: () => false,
  isExternal: () => false,
  // V8 hides proxies from JavaScript; without a native check none is reported.
  isProxy: () => false,
};

internals.nodeUtilTypes = types;
internals.defineNodeModule('util/types', types);
