'use strict';
// WHATWG Streams (https://streams.spec.whatwg.org/) — what the stream files share.
//
// The stream files, in load order:
//   10_streams_common.js     promises, queue-with-sizes, BufferSource helpers, IDL conversions,
//                            ByteLengthQueuingStrategy / CountQueuingStrategy
//   11_streams_readable.js   ReadableStream, default reader and controller, default tee
//   11_streams_readable_iteration.js   ReadableStream.from(), async iteration
//   12_streams_bytes.js      ReadableByteStreamController, ReadableStreamBYOBRequest
//   12_streams_bytes_reader.js   ReadableStreamBYOBReader, the byte tee
//   13_streams_writable.js   WritableStream, writer, controller
//   14_streams_pipe.js       ReadableStreamPipeTo (pipeTo, pipeThrough)
//   14_streams_transform.js  TransformStream, IdentityTransformStream, FixedLengthStream
//   15_streams_internals.js  what other runtime files use (Request/Response bodies, fetch)
//
// Each public object holds one private field pointing at a plain "record" carrying the spec's
// internal slots ([[state]], [[reader]], …). Abstract operations take records and keep the
// spec's names, so each can be checked against the standard line by line; user code can neither
// see nor forge a slot. `internals.streamsImpl` (`S` below) carries operations between these
// files only — other runtime files use what 15_streams_internals.js publishes.

const {
  ArrayBuffer, ArrayBufferIsView, ArrayBufferPrototypeGetByteLength, DataView,
  DataViewPrototypeGetBuffer, DataViewPrototypeGetByteLength, DataViewPrototypeGetByteOffset,
  FunctionPrototypeCall, MathTrunc, NumberIsNaN, ObjectDefineProperty,
  Promise, PromisePrototypeThen, PromiseReject, PromiseResolve, RangeError, Symbol,
  SymbolToStringTag, TypeError, TypedArrayPrototypeGetBuffer, TypedArrayPrototypeGetByteLength,
  TypedArrayPrototypeGetByteOffset, TypedArrayPrototypeGetLength,
  TypedArrayPrototypeGetSymbolToStringTag, TypedArrayPrototypeSet, Uint8Array,
} = primordials;

const S = {};
internals.streamsImpl = S;

// Passed to a stream class constructor by the runtime itself to create an object without
// running the WebIDL constructor steps (the spec's "new a ReadableStream").
S.kInternal = Symbol('streams.internal');

// --- Promises ---------------------------------------------------------------------------------
// Every reaction goes through the saved `Promise.prototype.then`: a Worker that patches `then`
// cannot intercept the runtime's own plumbing (WPT piping/then-interception).

const noop = () => {};
S.noop = noop;
const resolvedUndefined = PromiseResolve(undefined);

// A spec "promise" we may settle later. `pending` answers "is the promise still pending?"
// (needed by WritableStreamDefaultWriterEnsureReadyPromiseRejected and friends).
class Deferred {
  constructor() {
    this.pending = true;
    this.resolveFn = undefined;
    this.rejectFn = undefined;
    this.promise = new Promise((resolve, reject) => {
      this.resolveFn = resolve;
      this.rejectFn = reject;
    });
  }
}
S.newDeferred = () => new Deferred();
S.resolveDeferred = (d, value) => {
  if (!d.pending) return;
  d.pending = false;
  d.resolveFn(value);
};
S.rejectDeferred = (d, reason) => {
  if (!d.pending) return;
  d.pending = false;
  d.rejectFn(reason);
};
// A Deferred that is already rejected (and marked handled), or already resolved.
S.rejectedDeferred = (reason) => {
  const d = new Deferred();
  S.rejectDeferred(d, reason);
  setPromiseIsHandledToTrue(d.promise);
  return d;
};
S.resolvedDeferred = (value) => {
  const d = new Deferred();
  S.resolveDeferred(d, value);
  return d;
};

// "A promise resolved with x": %Promise%.resolve semantics (adopts thenables). Always a new
// promise for undefined too: callers such as cancel() must return distinct promises.
S.promiseResolvedWith = (value) => PromiseResolve(value);
S.promiseRejectedWith = (reason) => PromiseReject(reason);
// "Upon fulfillment / rejection": the derived promise is never observed, so it must not report
// an unhandled rejection.
S.uponPromise = (promise, onFulfilled, onRejected) => {
  PromisePrototypeThen(promise, onFulfilled, onRejected === undefined ? noop : onRejected);
};
S.uponFulfillment = (promise, onFulfilled) => {
  PromisePrototypeThen(promise, onFulfilled, noop);
};
S.uponRejection = (promise, onRejected) => {
  PromisePrototypeThen(promise, undefined, onRejected);
};
// "The result of reacting to promise": the derived promise is returned.
S.transformPromiseWith = (promise, onFulfilled, onRejected) =>
  PromisePrototypeThen(promise, onFulfilled, onRejected);
function setPromiseIsHandledToTrue(promise) {
  PromisePrototypeThen(promise, undefined, noop);
}
S.setPromiseIsHandledToTrue = setPromiseIsHandledToTrue;
// Runs fn in a microtask (queueMicrotask is a host function, absent from a bare V8 context).
S.queueMicrotask = (fn) => {
  PromisePrototypeThen(resolvedUndefined, fn);
};
// "Wait for all": resolves with undefined once every promise fulfilled; rejects with the first
// rejection.
S.waitForAll = (promises) => {
  const d = new Deferred();
  const total = promises.length;
  if (total === 0) {
    S.resolveDeferred(d, undefined);
    return d.promise;
  }
  let fulfilled = 0;
  const onFulfilled = () => {
    fulfilled++;
    if (fulfilled === total) S.resolveDeferred(d, undefined);
  };
  const onRejected = (e) => S.rejectDeferred(d, e);
  for (let i = 0; i < total; i++) PromisePrototypeThen(promises[i], onFulfilled, onRejected);
  return d.promise;
};

// Invoking a WebIDL callback whose return type is Promise<…>: a throw becomes a rejected promise.
S.invokePromise0 = (fn, thisArg) => {
  try {
    return S.promiseResolvedWith(FunctionPrototypeCall(fn, thisArg));
  } catch (e) {
    return PromiseReject(e);
  }
};
S.invokePromise1 = (fn, thisArg, arg) => {
  try {
    return S.promiseResolvedWith(FunctionPrototypeCall(fn, thisArg, arg));
  } catch (e) {
    return PromiseReject(e);
  }
};
S.invokePromise2 = (fn, thisArg, arg1, arg2) => {
  try {
    return S.promiseResolvedWith(FunctionPrototypeCall(fn, thisArg, arg1, arg2));
  } catch (e) {
    return PromiseReject(e);
  }
};
S.call1 = (fn, thisArg, arg) => FunctionPrototypeCall(fn, thisArg, arg);

// --- A FIFO list -------------------------------------------------------------------------------
// The spec's lists of read requests, write requests, queued chunks and pull-into descriptors are
// consumed from the front. Array.prototype.shift is O(n) on long arrays and patchable; this keeps
// a head index instead and never touches Array.prototype.

class Queue {
  constructor() {
    this.items = [];
    this.head = 0;
  }
  get length() {
    return this.items.length - this.head;
  }
  push(value) {
    const items = this.items;
    items[items.length] = value;
  }
  peek() {
    return this.items[this.head];
  }
  // The i-th element from the front.
  at(i) {
    return this.items[this.head + i];
  }
  shift() {
    const items = this.items;
    const value = items[this.head];
    items[this.head] = undefined;
    this.head++;
    if (this.head === items.length) {
      items.length = 0;
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > items.length) {
      const rest = [];
      for (let i = this.head; i < items.length; i++) rest[rest.length] = items[i];
      this.items = rest;
      this.head = 0;
    }
    return value;
  }
  // Empties the list and returns what it held, front first (for "let requests be …; set … to a
  // new empty list; for each request of requests …").
  drain() {
    const out = [];
    for (let i = this.head; i < this.items.length; i++) out[out.length] = this.items[i];
    this.items = [];
    this.head = 0;
    return out;
  }
  clear() {
    this.items = [];
    this.head = 0;
  }
}
S.Queue = Queue;

// --- Queue-with-sizes (§8.1) -------------------------------------------------------------------
// A container has `queue` (a Queue of {value, size}) and `queueTotalSize`.

S.IsNonNegativeNumber = (v) => typeof v === 'number' && !NumberIsNaN(v) && v >= 0;

S.EnqueueValueWithSize = (container, value, size) => {
  if (!S.IsNonNegativeNumber(size)) {
    throw new RangeError('The chunk size must be a non-negative number');
  }
  if (size === Infinity) throw new RangeError('The chunk size must be a finite number');
  container.queue.push({ value, size });
  container.queueTotalSize += size;
};
S.DequeueValue = (container) => {
  const pair = container.queue.shift();
  container.queueTotalSize -= pair.size;
  // Rounding errors may leave a tiny negative total (WPT floating-point-total-queue-size).
  if (container.queueTotalSize < 0) container.queueTotalSize = 0;
  return pair.value;
};
S.PeekQueueValue = (container) => container.queue.peek().value;
S.ResetQueue = (container) => {
  container.queue.clear();
  container.queueTotalSize = 0;
};

// --- BufferSource helpers (ECMAScript abstract operations the spec uses) ----------------------

const typedArrayConstructors = {
  Int8Array: primordials.Int8Array, Uint8Array, Uint8ClampedArray: primordials.Uint8ClampedArray,
  Int16Array: primordials.Int16Array, Uint16Array: primordials.Uint16Array,
  Int32Array: primordials.Int32Array, Uint32Array: primordials.Uint32Array,
  Float32Array: primordials.Float32Array, Float64Array: primordials.Float64Array,
  BigInt64Array: primordials.BigInt64Array, BigUint64Array: primordials.BigUint64Array,
};

// Describes an ArrayBufferView by its internal slots (never its patchable properties):
// { ctor, elementSize, buffer, byteOffset, byteLength, length }.
S.describeView = (view) => {
  const name = TypedArrayPrototypeGetSymbolToStringTag(view);
  if (name !== undefined) {
    const ctor = typedArrayConstructors[name];
    return {
      ctor,
      elementSize: ctor.BYTES_PER_ELEMENT,
      buffer: TypedArrayPrototypeGetBuffer(view),
      byteOffset: TypedArrayPrototypeGetByteOffset(view),
      byteLength: TypedArrayPrototypeGetByteLength(view),
      length: TypedArrayPrototypeGetLength(view),
    };
  }
  const byteLength = DataViewPrototypeGetByteLength(view);
  return {
    ctor: DataView,
    elementSize: 1,
    buffer: DataViewPrototypeGetBuffer(view),
    byteOffset: DataViewPrototypeGetByteOffset(view),
    byteLength,
    length: byteLength,
  };
};
S.isTypedArray = (v) => TypedArrayPrototypeGetSymbolToStringTag(v) !== undefined;
S.isArrayBufferView = (v) => ArrayBufferIsView(v);
S.viewBuffer = (view) =>
  (S.isTypedArray(view) ? TypedArrayPrototypeGetBuffer(view) : DataViewPrototypeGetBuffer(view));
S.viewByteLength = (view) =>
  (S.isTypedArray(view) ? TypedArrayPrototypeGetByteLength(view)
    : DataViewPrototypeGetByteLength(view));
S.viewByteOffset = (view) =>
  (S.isTypedArray(view) ? TypedArrayPrototypeGetByteOffset(view)
    : DataViewPrototypeGetByteOffset(view));

// Is v an ArrayBuffer (not a SharedArrayBuffer)?
S.isArrayBuffer = internals.webidl.isArrayBuffer;
S.arrayBufferByteLength = (buffer) => ArrayBufferPrototypeGetByteLength(buffer);

const ArrayBufferPrototypeGetDetached = primordials.ArrayBufferPrototypeGetDetached;
const ArrayBufferPrototypeTransfer = primordials.ArrayBufferPrototypeTransfer;
// Detaching needs the engine: V8 10.2 has no ArrayBuffer.prototype.transfer, so the native side
// provides `ops.transferArrayBuffer(buffer)` (BackingStore moved to a new ArrayBuffer, old one
// detached; throws TypeError for a non-detachable buffer such as WebAssembly memory).
const opTransfer = ops && typeof ops.transferArrayBuffer === 'function'
  ? ops.transferArrayBuffer : undefined;

S.IsDetachedBuffer = (buffer) => {
  if (ArrayBufferPrototypeGetDetached !== undefined) return ArrayBufferPrototypeGetDetached(buffer);
  if (ArrayBufferPrototypeGetByteLength(buffer) !== 0) return false;
  // A detached buffer reads as length 0; only a detached one refuses a view.
  try {
    new Uint8Array(buffer);
    return false;
  } catch {
    return true;
  }
};

// TransferArrayBuffer(O): a new ArrayBuffer owning O's bytes; O is detached. Throws a TypeError
// for a buffer that cannot be detached.
S.TransferArrayBuffer = (buffer) => {
  if (opTransfer !== undefined) return opTransfer(buffer);
  if (ArrayBufferPrototypeTransfer !== undefined) {
    try {
      return ArrayBufferPrototypeTransfer(buffer);
    } catch {
      throw new TypeError('The ArrayBuffer cannot be transferred');
    }
  }
  // No way to detach in this engine: hand back a copy and leave the original usable. Readers
  // still get correct bytes; only the spec's "the old buffer is detached" is not observable.
  const length = ArrayBufferPrototypeGetByteLength(buffer);
  const copy = new ArrayBuffer(length);
  TypedArrayPrototypeSet(new Uint8Array(copy), new Uint8Array(buffer, 0, length));
  return copy;
};
S.canDetach = opTransfer !== undefined || ArrayBufferPrototypeTransfer !== undefined;

// A fresh Uint8Array holding a copy of `length` bytes of `buffer` from `offset` (CloneArrayBuffer
// without consulting @@species).
S.copyBytes = (buffer, offset, length) => {
  const copy = new Uint8Array(length);
  if (length > 0) TypedArrayPrototypeSet(copy, new Uint8Array(buffer, offset, length));
  return copy;
};
// CloneAsUint8Array(O) for an ArrayBufferView.
S.CloneAsUint8Array = (view) => {
  const d = S.describeView(view);
  return S.copyBytes(d.buffer, d.byteOffset, d.byteLength);
};
// CopyDataBlockBytes.
S.copyDataBlockBytes = (toBuffer, toIndex, fromBuffer, fromIndex, count) => {
  TypedArrayPrototypeSet(new Uint8Array(toBuffer, toIndex, count),
    new Uint8Array(fromBuffer, fromIndex, count));
};

// --- WebIDL conversions ------------------------------------------------------------------------

S.isObject = (v) => (typeof v === 'object' && v !== null) || typeof v === 'function';

// A dictionary argument: undefined and null are an empty dictionary; other non-objects throw.
S.dictionaryValue = (value, context) => {
  if (value === undefined || value === null) return undefined;
  if (!S.isObject(value)) throw new TypeError(`${context} must be an object`);
  return value;
};
// A callback function member; undefined when absent.
S.callbackMember = (dict, name, context) => {
  if (dict === undefined) return undefined;
  const value = dict[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'function') throw new TypeError(`${context}.${name} must be a function`);
  return value;
};
// [EnforceRange] unsigned long long.
S.enforceRangeUnsigned = (value, context) => {
  let x = +value;
  if (NumberIsNaN(x) || x === Infinity || x === -Infinity) {
    throw new TypeError(`${context} must be a finite number`);
  }
  x = MathTrunc(x);
  if (x < 0 || x > 9007199254740991) throw new TypeError(`${context} is out of range`);
  return x === 0 ? 0 : x;
};
S.toBoolean = (v) => !!v;
S.toDOMString = (v) => {
  if (typeof v === 'symbol') throw new TypeError('Cannot convert a Symbol to a string');
  return `${v}`;
};

// The QueuingStrategy dictionary: { unrestricted double highWaterMark; QueuingStrategySize size }.
S.convertQueuingStrategy = (value, context) => {
  const dict = S.dictionaryValue(value, context);
  if (dict === undefined) return { highWaterMark: undefined, size: undefined };
  let highWaterMark = dict.highWaterMark;
  if (highWaterMark !== undefined) highWaterMark = +highWaterMark;
  const size = S.callbackMember(dict, 'size', context);
  return { highWaterMark, size };
};
// ExtractHighWaterMark(strategy, defaultHWM).
S.ExtractHighWaterMark = (strategy, defaultHWM) => {
  const hwm = strategy.highWaterMark;
  if (hwm === undefined) return defaultHWM;
  if (NumberIsNaN(hwm) || hwm < 0) {
    throw new RangeError('The highWaterMark must be a non-negative number');
  }
  return hwm;
};
const countSize = () => 1;
S.countSize = countSize;
// ExtractSizeAlgorithm(strategy): the callback's result is converted to unrestricted double.
S.ExtractSizeAlgorithm = (strategy) => {
  const size = strategy.size;
  if (size === undefined) return countSize;
  return (chunk) => +FunctionPrototypeCall(size, undefined, chunk);
};

// --- Class plumbing ----------------------------------------------------------------------------

// WebIDL operations, getters and the @@toStringTag are non-enumerable on classes already;
// the spec makes them enumerable. Also names the class for @@toStringTag.
S.finishClass = (ctor, name) => {
  const proto = ctor.prototype;
  for (const key of Reflect.ownKeys(proto)) {
    if (key === 'constructor') continue;
    const desc = Reflect.getOwnPropertyDescriptor(proto, key);
    desc.enumerable = typeof key === 'string';
    ObjectDefineProperty(proto, key, desc);
  }
  for (const key of Reflect.ownKeys(ctor)) {
    if (key === 'prototype' || key === 'length' || key === 'name') continue;
    const desc = Reflect.getOwnPropertyDescriptor(ctor, key);
    desc.enumerable = typeof key === 'string';
    ObjectDefineProperty(ctor, key, desc);
  }
  ObjectDefineProperty(proto, SymbolToStringTag, {
    value: name, writable: false, enumerable: false, configurable: true,
  });
};
// Registers a class with the runtime's brand table and console inspection (01_errors.js), when
// that file is loaded. `extra` names [internal] properties console.log shows, as workerd does.
S.registerClass = (ctor, brandTest, extra = undefined) => {
  if (typeof internals.registerBrand === 'function') internals.registerBrand(ctor, brandTest);
  if (typeof internals.markResourceType === 'function') internals.markResourceType(ctor, extra);
};
S.illegalConstructor = () => new TypeError('Illegal constructor');
// Workers' (and V8's) message for a method called on the wrong kind of object. `name` and
// `member` are kept for debugging only.
S.brandError = (name, member) => {
  void name;
  void member;
  return new TypeError('Illegal invocation');
};

// --- Queuing strategies (§7) -------------------------------------------------------------------

// QueuingStrategyInit: { required unrestricted double highWaterMark }.
const convertStrategyInit = (init, name) => {
  const dict = S.dictionaryValue(init, `${name} constructor argument`);
  const hwm = dict === undefined ? undefined : dict.highWaterMark;
  if (hwm === undefined) {
    throw new TypeError(`${name} requires an init dictionary with a highWaterMark member`);
  }
  return +hwm;
};

// The size functions are one object per realm, shared by every instance (§7.2, §7.3).
const byteLengthSize = {
  size(chunk) {
    return chunk.byteLength;
  },
}.size;
const countSizeFunction = {
  size() {
    return 1;
  },
}.size;

let isByteLengthQueuingStrategy;
class ByteLengthQueuingStrategy {
  #highWaterMark;
  constructor(init) {
    this.#highWaterMark = convertStrategyInit(init, 'ByteLengthQueuingStrategy');
  }
  static {
    isByteLengthQueuingStrategy = (o) => S.isObject(o) && #highWaterMark in o;
  }
  get highWaterMark() {
    if (!S.isObject(this) || !(#highWaterMark in this)) {
      throw S.brandError('ByteLengthQueuingStrategy', 'highWaterMark');
    }
    return this.#highWaterMark;
  }
  get size() {
    if (!S.isObject(this) || !(#highWaterMark in this)) {
      throw S.brandError('ByteLengthQueuingStrategy', 'size');
    }
    return byteLengthSize;
  }
}
S.finishClass(ByteLengthQueuingStrategy, 'ByteLengthQueuingStrategy');

let isCountQueuingStrategy;
class CountQueuingStrategy {
  #highWaterMark;
  constructor(init) {
    this.#highWaterMark = convertStrategyInit(init, 'CountQueuingStrategy');
  }
  static {
    isCountQueuingStrategy = (o) => S.isObject(o) && #highWaterMark in o;
  }
  get highWaterMark() {
    if (!S.isObject(this) || !(#highWaterMark in this)) {
      throw S.brandError('CountQueuingStrategy', 'highWaterMark');
    }
    return this.#highWaterMark;
  }
  get size() {
    if (!S.isObject(this) || !(#highWaterMark in this)) {
      throw S.brandError('CountQueuingStrategy', 'size');
    }
    return countSizeFunction;
  }
}
S.finishClass(CountQueuingStrategy, 'CountQueuingStrategy');

S.registerClass(ByteLengthQueuingStrategy, isByteLengthQueuingStrategy);
S.registerClass(CountQueuingStrategy, isCountQueuingStrategy);
internals.ByteLengthQueuingStrategy = ByteLengthQueuingStrategy;
internals.CountQueuingStrategy = CountQueuingStrategy;
internals.defineGlobal('ByteLengthQueuingStrategy', ByteLengthQueuingStrategy);
internals.defineGlobal('CountQueuingStrategy', CountQueuingStrategy);
