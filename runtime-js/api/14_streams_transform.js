'use strict';
// WHATWG Streams §6 — TransformStream and TransformStreamDefaultController; and the Workers
// byte pipes IdentityTransformStream and FixedLengthStream. See 10_streams_common.js.

const S = internals.streamsImpl;
const { FunctionPrototypeCall, MathMin, RangeError, TypeError, Uint8Array } = primordials;
const {
  kInternal, newDeferred, resolveDeferred, rejectDeferred, promiseResolvedWith,
  promiseRejectedWith, uponPromise, transformPromiseWith, isObject, brandError,
} = S;

// --- TransformStream (§6.2) ---------------------------------------------------------------------

// Record: { obj, readable, writable (stream records), backpressure,
// backpressureChangePromise (Deferred), controller }.
let tsOf;
class TransformStream {
  #ts;
  constructor(transformer = undefined, writableStrategy = undefined,
    readableStrategy = undefined) {
    // `kind` tells IdentityTransformStream ('identity') and FixedLengthStream ('fixedLength')
    // from a spec TransformStream ('transform').
    const stream = { obj: this, kind: 'transform', readable: undefined, writable: undefined,
      backpressure: undefined, backpressureChangePromise: undefined, controller: undefined };
    this.#ts = stream;
    if (transformer === kInternal) return;
    if (transformer !== undefined && !isObject(transformer)) {
      throw new TypeError("Failed to construct 'TransformStream': transformer must be an object");
    }
    const writableStrategyDict = S.convertQueuingStrategy(writableStrategy, 'writableStrategy');
    const readableStrategyDict = S.convertQueuingStrategy(readableStrategy, 'readableStrategy');
    const source = transformer === undefined ? null : transformer;
    const transformerDict = convertTransformer(source);
    if (transformerDict.readableType !== undefined) {
      throw new RangeError('Invalid readableType specified');
    }
    if (transformerDict.writableType !== undefined) {
      throw new RangeError('Invalid writableType specified');
    }
    const readableHighWaterMark = S.ExtractHighWaterMark(readableStrategyDict, 0);
    const readableSizeAlgorithm = S.ExtractSizeAlgorithm(readableStrategyDict);
    const writableHighWaterMark = S.ExtractHighWaterMark(writableStrategyDict, 1);
    const writableSizeAlgorithm = S.ExtractSizeAlgorithm(writableStrategyDict);
    const startPromise = newDeferred();
    InitializeTransformStream(stream, startPromise.promise, writableHighWaterMark,
      writableSizeAlgorithm, readableHighWaterMark, readableSizeAlgorithm);
    SetUpTransformStreamDefaultControllerFromTransformer(stream, source, transformerDict);
    if (transformerDict.start !== undefined) {
      resolveDeferred(startPromise,
        FunctionPrototypeCall(transformerDict.start, source, stream.controller.obj));
    } else {
      resolveDeferred(startPromise, undefined);
    }
  }

  static {
    tsOf = (o) => (isObject(o) && #ts in o ? o.#ts : undefined);
  }

  get readable() {
    const stream = tsOf(this);
    if (stream === undefined) throw brandError('TransformStream', 'readable');
    return stream.readable.obj;
  }

  get writable() {
    const stream = tsOf(this);
    if (stream === undefined) throw brandError('TransformStream', 'writable');
    return stream.writable.obj;
  }
}
S.finishClass(TransformStream, 'TransformStream');
S.registerClass(TransformStream, (o) => tsOf(o) !== undefined);

// Transformer: cancel, flush, readableType, start, transform, writableType (lexicographic).
function convertTransformer(transformer) {
  const dict = transformer === null ? undefined : transformer;
  const context = 'transformer';
  const cancel = S.callbackMember(dict, 'cancel', context);
  const flush = S.callbackMember(dict, 'flush', context);
  const readableType = dict === undefined ? undefined : dict.readableType;
  const start = S.callbackMember(dict, 'start', context);
  const transform = S.callbackMember(dict, 'transform', context);
  const writableType = dict === undefined ? undefined : dict.writableType;
  return { cancel, flush, readableType, start, transform, writableType };
}

// --- TransformStreamDefaultController (§6.3) -----------------------------------------------------

let tcOf;
class TransformStreamDefaultController {
  #controller;
  constructor(key = undefined) {
    if (key !== kInternal) throw S.illegalConstructor();
    this.#controller = { obj: this, stream: undefined, transformAlgorithm: undefined,
      flushAlgorithm: undefined, cancelAlgorithm: undefined, finishPromise: undefined };
  }

  static {
    tcOf = (o) => (isObject(o) && #controller in o ? o.#controller : undefined);
  }

  get desiredSize() {
    const controller = tcOf(this);
    if (controller === undefined) {
      throw brandError('TransformStreamDefaultController', 'desiredSize');
    }
    return S.ReadableStreamDefaultControllerGetDesiredSize(controller.stream.readable.controller);
  }

  enqueue(chunk = undefined) {
    const controller = tcOf(this);
    if (controller === undefined) throw brandError('TransformStreamDefaultController', 'enqueue');
    TransformStreamDefaultControllerEnqueue(controller, chunk);
  }

  error(reason = undefined) {
    const controller = tcOf(this);
    if (controller === undefined) throw brandError('TransformStreamDefaultController', 'error');
    TransformStreamError(controller.stream, reason);
  }

  terminate() {
    const controller = tcOf(this);
    if (controller === undefined) {
      throw brandError('TransformStreamDefaultController', 'terminate');
    }
    TransformStreamDefaultControllerTerminate(controller);
  }
}
S.finishClass(TransformStreamDefaultController, 'TransformStreamDefaultController');
S.registerClass(TransformStreamDefaultController, (o) => tcOf(o) !== undefined);

// --- Working with transform streams (§6.4.1) -----------------------------------------------------

function InitializeTransformStream(stream, startPromise, writableHighWaterMark,
  writableSizeAlgorithm, readableHighWaterMark, readableSizeAlgorithm) {
  const startAlgorithm = () => startPromise;
  stream.writable = S.CreateWritableStream(startAlgorithm,
    (chunk) => TransformStreamDefaultSinkWriteAlgorithm(stream, chunk),
    () => TransformStreamDefaultSinkCloseAlgorithm(stream),
    (reason) => TransformStreamDefaultSinkAbortAlgorithm(stream, reason),
    writableHighWaterMark, writableSizeAlgorithm);
  stream.readable = S.CreateReadableStream(startAlgorithm,
    () => TransformStreamDefaultSourcePullAlgorithm(stream),
    (reason) => TransformStreamDefaultSourceCancelAlgorithm(stream, reason),
    readableHighWaterMark, readableSizeAlgorithm);
  stream.backpressure = undefined;
  stream.backpressureChangePromise = undefined;
  TransformStreamSetBackpressure(stream, true);
  stream.controller = undefined;
}

function TransformStreamError(stream, e) {
  S.ReadableStreamDefaultControllerError(stream.readable.controller, e);
  TransformStreamErrorWritableAndUnblockWrite(stream, e);
}

function TransformStreamErrorWritableAndUnblockWrite(stream, e) {
  TransformStreamDefaultControllerClearAlgorithms(stream.controller);
  S.WritableStreamDefaultControllerErrorIfNeeded(stream.writable.controller, e);
  TransformStreamUnblockWrite(stream);
}

function TransformStreamUnblockWrite(stream) {
  if (stream.backpressure) TransformStreamSetBackpressure(stream, false);
}

function TransformStreamSetBackpressure(stream, backpressure) {
  if (stream.backpressureChangePromise !== undefined) {
    resolveDeferred(stream.backpressureChangePromise, undefined);
  }
  stream.backpressureChangePromise = newDeferred();
  stream.backpressure = backpressure;
}

// --- Default controllers (§6.4.2) ----------------------------------------------------------------

function SetUpTransformStreamDefaultController(stream, controller, transformAlgorithm,
  flushAlgorithm, cancelAlgorithm) {
  controller.stream = stream;
  stream.controller = controller;
  controller.transformAlgorithm = transformAlgorithm;
  controller.flushAlgorithm = flushAlgorithm;
  controller.cancelAlgorithm = cancelAlgorithm;
}

function SetUpTransformStreamDefaultControllerFromTransformer(stream, transformer,
  transformerDict) {
  const controller = tcOf(new TransformStreamDefaultController(kInternal));
  const controllerObj = controller.obj;
  const { transform, flush, cancel } = transformerDict;
  const transformAlgorithm = transform === undefined
    ? (chunk) => {
      try {
        TransformStreamDefaultControllerEnqueue(controller, chunk);
        return promiseResolvedWith(undefined);
      } catch (transformResultE) {
        return promiseRejectedWith(transformResultE);
      }
    }
    : (chunk) => S.invokePromise2(transform, transformer, chunk, controllerObj);
  const flushAlgorithm = flush === undefined ? () => promiseResolvedWith(undefined)
    : () => S.invokePromise1(flush, transformer, controllerObj);
  const cancelAlgorithm = cancel === undefined ? () => promiseResolvedWith(undefined)
    : (reason) => S.invokePromise1(cancel, transformer, reason);
  SetUpTransformStreamDefaultController(stream, controller, transformAlgorithm, flushAlgorithm,
    cancelAlgorithm);
}

function TransformStreamDefaultControllerClearAlgorithms(controller) {
  controller.transformAlgorithm = undefined;
  controller.flushAlgorithm = undefined;
  controller.cancelAlgorithm = undefined;
}

function TransformStreamDefaultControllerEnqueue(controller, chunk) {
  const stream = controller.stream;
  const readableController = stream.readable.controller;
  if (!S.ReadableStreamDefaultControllerCanCloseOrEnqueue(readableController)) {
    throw new TypeError(
      'The readable side of this TransformStream is not in a state that permits enqueue');
  }
  try {
    S.ReadableStreamDefaultControllerEnqueue(readableController, chunk);
  } catch (e) {
    // The readable strategy's size() threw.
    TransformStreamErrorWritableAndUnblockWrite(stream, e);
    throw stream.readable.storedError;
  }
  const backpressure = S.ReadableStreamDefaultControllerHasBackpressure(readableController);
  if (backpressure !== stream.backpressure) TransformStreamSetBackpressure(stream, true);
}

function TransformStreamDefaultControllerPerformTransform(controller, chunk) {
  const transformPromise = controller.transformAlgorithm(chunk);
  return transformPromiseWith(transformPromise, undefined, (r) => {
    TransformStreamError(controller.stream, r);
    throw r;
  });
}

function TransformStreamDefaultControllerTerminate(controller) {
  const stream = controller.stream;
  S.ReadableStreamDefaultControllerClose(stream.readable.controller);
  TransformStreamErrorWritableAndUnblockWrite(stream,
    new TypeError('The TransformStream has been terminated'));
}

// --- Default sinks (§6.4.3) and sources (§6.4.4) ----------------------------------------------

function TransformStreamDefaultSinkWriteAlgorithm(stream, chunk) {
  const controller = stream.controller;
  if (stream.backpressure) {
    return transformPromiseWith(stream.backpressureChangePromise.promise, () => {
      const writable = stream.writable;
      if (writable.state === 'erroring') throw writable.storedError;
      return TransformStreamDefaultControllerPerformTransform(controller, chunk);
    });
  }
  return TransformStreamDefaultControllerPerformTransform(controller, chunk);
}

function TransformStreamDefaultSinkAbortAlgorithm(stream, reason) {
  const controller = stream.controller;
  if (controller.finishPromise !== undefined) return controller.finishPromise.promise;
  const readable = stream.readable;
  // Set before calling user code, so a cancel() from inside does not run the algorithm again.
  const finishPromise = newDeferred();
  controller.finishPromise = finishPromise;
  const cancelPromise = controller.cancelAlgorithm(reason);
  TransformStreamDefaultControllerClearAlgorithms(controller);
  uponPromise(cancelPromise, () => {
    if (readable.state === 'errored') {
      rejectDeferred(finishPromise, readable.storedError);
    } else {
      S.ReadableStreamDefaultControllerError(readable.controller, reason);
      resolveDeferred(finishPromise, undefined);
    }
  }, (r) => {
    S.ReadableStreamDefaultControllerError(readable.controller, r);
    rejectDeferred(finishPromise, r);
  });
  return finishPromise.promise;
}

function TransformStreamDefaultSinkCloseAlgorithm(stream) {
  const controller = stream.controller;
  if (controller.finishPromise !== undefined) return controller.finishPromise.promise;
  const readable = stream.readable;
  const finishPromise = newDeferred();
  controller.finishPromise = finishPromise;
  const flushPromise = controller.flushAlgorithm();
  TransformStreamDefaultControllerClearAlgorithms(controller);
  uponPromise(flushPromise, () => {
    if (readable.state === 'errored') {
      rejectDeferred(finishPromise, readable.storedError);
    } else {
      S.ReadableStreamDefaultControllerClose(readable.controller);
      resolveDeferred(finishPromise, undefined);
    }
  }, (r) => {
    S.ReadableStreamDefaultControllerError(readable.controller, r);
    rejectDeferred(finishPromise, r);
  });
  return finishPromise.promise;
}

function TransformStreamDefaultSourcePullAlgorithm(stream) {
  TransformStreamSetBackpressure(stream, false);
  return stream.backpressureChangePromise.promise;
}

function TransformStreamDefaultSourceCancelAlgorithm(stream, reason) {
  const controller = stream.controller;
  if (controller.finishPromise !== undefined) return controller.finishPromise.promise;
  const writable = stream.writable;
  const finishPromise = newDeferred();
  controller.finishPromise = finishPromise;
  const cancelPromise = controller.cancelAlgorithm(reason);
  TransformStreamDefaultControllerClearAlgorithms(controller);
  uponPromise(cancelPromise, () => {
    if (writable.state === 'errored') {
      rejectDeferred(finishPromise, writable.storedError);
    } else {
      S.WritableStreamDefaultControllerErrorIfNeeded(writable.controller, reason);
      TransformStreamUnblockWrite(stream);
      resolveDeferred(finishPromise, undefined);
    }
  }, (r) => {
    S.WritableStreamDefaultControllerErrorIfNeeded(writable.controller, r);
    TransformStreamUnblockWrite(stream);
    rejectDeferred(finishPromise, r);
  });
  return finishPromise.promise;
}

// --- IdentityTransformStream and FixedLengthStream (Workers) -----------------------------------
// A byte pipe: the writable side takes ArrayBuffer / ArrayBufferView chunks, the readable side is
// a byte stream (BYOB reads work). Nothing is buffered between the two: a write's promise
// settles once readers have taken all its bytes, as on Workers. Without a highWaterMark the
// writer never reports backpressure (desiredSize stays 1); with one, desiredSize counts bytes.

const kStringChunk =
  "This TransformStream is being used as a byte stream, but received a string on its writable " +
  "side. If you wish to write a string, you'll probably want to explicitly UTF-8-encode it " +
  "with TextEncoder.";
const kNonBufferChunk =
  'This TransformStream is being used as a byte stream, but received an object of ' +
  'non-ArrayBuffer/ArrayBufferView type on its writable side.';

// The bytes of a written chunk as a Uint8Array over the caller's memory; for anything else, the
// TypeError Workers reports (returned, not thrown). Callers tell the two apart with isTypedArray.
function writtenChunkBytes(chunk) {
  if (typeof chunk === 'string') return new TypeError(kStringChunk);
  if (S.isArrayBufferView(chunk)) {
    const d = S.describeView(chunk);
    return new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
  }
  if (S.isArrayBuffer(chunk)) return new Uint8Array(chunk);
  return new TypeError(kNonBufferChunk);
}
S.writtenChunkBytes = writtenChunkBytes;

// IdentityTransformStream's QueuingStrategy: { [EnforceRange] unsigned long long highWaterMark }.
function convertIdentityStrategy(value) {
  const dict = S.dictionaryValue(value, 'queuingStrategy');
  if (dict === undefined || dict.highWaterMark === undefined) return undefined;
  return S.enforceRangeUnsigned(dict.highWaterMark, 'queuingStrategy.highWaterMark');
}

// Builds the two halves on `stream` (a TransformStream record). `expectedLength` is undefined
// for IdentityTransformStream.
function setUpBytePipe(stream, highWaterMark, expectedLength) {
  // The write whose bytes readers are taking: { bytes: Uint8Array, done: Deferred }.
  let pending;
  // A pull arrived before any write.
  let pullWaiting = false;
  let written = 0;
  let readable;
  let writable;

  // Moves bytes of the pending write to the reader that is waiting.
  function deliver() {
    pullWaiting = false;
    const controller = readable.controller;
    const request = S.ReadableByteStreamControllerGetBYOBRequest(controller);
    const bytes = pending.bytes;
    let taken;
    if (request !== null) {
      const view = request.view;
      taken = MathMin(S.viewByteLength(view), S.viewByteLength(bytes));
      S.copyDataBlockBytes(S.viewBuffer(view), S.viewByteOffset(view), S.viewBuffer(bytes),
        S.viewByteOffset(bytes), taken);
    } else {
      taken = S.viewByteLength(bytes);
    }
    const current = pending;
    if (taken === S.viewByteLength(bytes)) {
      pending = undefined;
    } else {
      pending = { bytes: new Uint8Array(S.viewBuffer(bytes), S.viewByteOffset(bytes) + taken,
        S.viewByteLength(bytes) - taken), done: current.done };
    }
    if (request !== null) {
      S.ReadableByteStreamControllerRespond(controller, taken);
    } else {
      // The chunk belongs to the writer; the reader gets its own copy.
      S.ReadableByteStreamControllerEnqueue(controller,
        S.copyBytes(S.viewBuffer(bytes), S.viewByteOffset(bytes), taken), true);
    }
    if (pending === undefined) resolveDeferred(current.done, undefined);
  }

  function writeAlgorithm(chunk) {
    const bytes = writtenChunkBytes(chunk);
    if (!S.isTypedArray(bytes)) {
      S.ReadableByteStreamControllerError(readable.controller, bytes);
      return promiseRejectedWith(bytes);
    }
    if (expectedLength !== undefined) {
      written += S.viewByteLength(bytes);
      if (written > expectedLength) {
        const e = new TypeError('Attempt to write too many bytes through a FixedLengthStream.');
        S.ReadableByteStreamControllerError(readable.controller, e);
        return promiseRejectedWith(e);
      }
    }
    if (S.viewByteLength(bytes) === 0) return promiseResolvedWith(undefined);
    if (readable.state !== 'readable') {
      return promiseRejectedWith(readable.state === 'errored' ? readable.storedError
        : new TypeError('The readable side of this stream was canceled.'));
    }
    const done = newDeferred();
    pending = { bytes, done };
    if (pullWaiting) deliver();
    return done.promise;
  }

  function closeAlgorithm() {
    if (expectedLength !== undefined && written < expectedLength) {
      const e = new TypeError('FixedLengthStream did not see all expected bytes before close().');
      S.ReadableByteStreamControllerError(readable.controller, e);
      return promiseRejectedWith(e);
    }
    S.closeByteStreamFromSource(readable.controller);
    return promiseResolvedWith(undefined);
  }

  function abortAlgorithm(reason) {
    S.ReadableByteStreamControllerError(readable.controller, reason);
    return promiseResolvedWith(undefined);
  }

  // writer.abort() while a write waits for a reader: fail that write now (the spec would wait
  // for it to finish before aborting, which only a reader could make happen).
  function onAbort(reason) {
    if (pending !== undefined) {
      rejectDeferred(pending.done, reason);
      pending = undefined;
    }
    S.ReadableByteStreamControllerError(readable.controller, reason);
  }

  function pullAlgorithm() {
    if (pending !== undefined) deliver();
    else pullWaiting = true;
    return promiseResolvedWith(undefined);
  }

  function cancelAlgorithm(reason) {
    pullWaiting = false;
    if (pending !== undefined) {
      rejectDeferred(pending.done, reason);
      pending = undefined;
    }
    S.WritableStreamDefaultControllerErrorIfNeeded(writable.controller, reason);
    return promiseResolvedWith(undefined);
  }

  // Without a highWaterMark every chunk counts 0: the writer never sees backpressure.
  const hwm = highWaterMark === undefined ? 1 : highWaterMark;
  const size = highWaterMark === undefined ? () => 0
    : (chunk) => {
      const bytes = writtenChunkBytes(chunk);
      return S.isTypedArray(bytes) ? S.viewByteLength(bytes) : 0;
    };
  writable = S.CreateWritableStream(S.noop, writeAlgorithm, closeAlgorithm, abortAlgorithm, hwm,
    size);
  writable.controller.abortHook = onAbort;
  readable = S.CreateReadableByteStream(S.noop, pullAlgorithm, cancelAlgorithm);
  readable.fixedLength = expectedLength;
  stream.kind = expectedLength === undefined ? 'identity' : 'fixedLength';
  stream.readable = readable;
  stream.writable = writable;
}

class IdentityTransformStream extends TransformStream {
  constructor(queuingStrategy = undefined) {
    const highWaterMark = convertIdentityStrategy(queuingStrategy);
    super(kInternal);
    setUpBytePipe(tsOf(this), highWaterMark, undefined);
  }
}
setToStringTag(IdentityTransformStream, 'IdentityTransformStream');
S.registerClass(IdentityTransformStream,
  (o) => tsOf(o) !== undefined && tsOf(o).kind === 'identity');

class FixedLengthStream extends TransformStream {
  constructor(expectedLength, queuingStrategy = undefined) {
    if (arguments.length < 1) {
      throw new TypeError(
        "Failed to construct 'FixedLengthStream': 1 argument required, but only 0 present.");
    }
    let length;
    try {
      length = S.enforceRangeUnsigned(expectedLength, 'expectedLength');
    } catch {
      throw new TypeError('FixedLengthStream requires an integer expected length less than 2^53.');
    }
    let highWaterMark = convertIdentityStrategy(queuingStrategy);
    // A FixedLengthStream never needs more buffer than its length.
    if (highWaterMark !== undefined) highWaterMark = MathMin(highWaterMark, length);
    super(kInternal);
    setUpBytePipe(tsOf(this), highWaterMark, length);
  }
}
setToStringTag(FixedLengthStream, 'FixedLengthStream');
S.registerClass(FixedLengthStream,
  (o) => tsOf(o) !== undefined && tsOf(o).kind === 'fixedLength');

function setToStringTag(ctor, name) {
  primordials.ObjectDefineProperty(ctor.prototype, primordials.SymbolToStringTag, {
    value: name, writable: false, enumerable: false, configurable: true,
  });
}

// --- Sharing -------------------------------------------------------------------------------------

Object.assign(S, { TransformStream, tsOf, tcOf });

internals.TransformStream = TransformStream;
internals.TransformStreamDefaultController = TransformStreamDefaultController;
internals.IdentityTransformStream = IdentityTransformStream;
internals.FixedLengthStream = FixedLengthStream;
internals.defineGlobal('TransformStream', TransformStream);
internals.defineGlobal('TransformStreamDefaultController', TransformStreamDefaultController);
internals.defineGlobal('IdentityTransformStream', IdentityTransformStream);
internals.defineGlobal('FixedLengthStream', FixedLengthStream);
