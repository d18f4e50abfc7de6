'use strict';
// WHATWG Streams §5 — WritableStream, WritableStreamDefaultWriter and
// WritableStreamDefaultController. See 10_streams_common.js for how records and public objects
// relate.

const S = internals.streamsImpl;
const { FunctionPrototypeCall, RangeError, TypeError } = primordials;
const {
  kInternal, Queue, newDeferred, resolveDeferred, rejectDeferred, rejectedDeferred,
  resolvedDeferred, promiseResolvedWith, promiseRejectedWith, uponPromise,
  setPromiseIsHandledToTrue, isObject, brandError,
} = S;

// The queue entry standing for "close" (the spec's close sentinel).
const kCloseSentinel = { closeSentinel: true };

// --- WritableStream (§5.2) ----------------------------------------------------------------------

// InitializeWritableStream: the slots of a WritableStream.
function newWritableStreamRecord(obj) {
  return {
    obj,
    state: 'writable', // 'writable' | 'erroring' | 'errored' | 'closed'
    storedError: undefined,
    writer: undefined, // a writer record
    controller: undefined,
    inFlightWriteRequest: undefined, // Deferreds
    closeRequest: undefined,
    inFlightCloseRequest: undefined,
    pendingAbortRequest: undefined, // { promise: Deferred, reason, wasAlreadyErroring }
    writeRequests: new Queue(), // Deferreds
    backpressure: false,
  };
}

let wsOf;
class WritableStream {
  #ws;
  constructor(underlyingSink = undefined, strategy = undefined) {
    if (underlyingSink === kInternal) {
      this.#ws = newWritableStreamRecord(this);
      return;
    }
    if (underlyingSink !== undefined && !isObject(underlyingSink)) {
      throw new TypeError("Failed to construct 'WritableStream': underlyingSink must be an object");
    }
    const strategyDict = S.convertQueuingStrategy(strategy, 'strategy');
    const sink = underlyingSink === undefined ? null : underlyingSink;
    const sinkDict = convertUnderlyingSink(sink);
    if (sinkDict.type !== undefined) throw new RangeError('Invalid type is specified');
    const stream = newWritableStreamRecord(this);
    this.#ws = stream;
    const sizeAlgorithm = S.ExtractSizeAlgorithm(strategyDict);
    const highWaterMark = S.ExtractHighWaterMark(strategyDict, 1);
    SetUpWritableStreamDefaultControllerFromUnderlyingSink(stream, sink, sinkDict, highWaterMark,
      sizeAlgorithm);
  }

  static {
    wsOf = (o) => (isObject(o) && #ws in o ? o.#ws : undefined);
  }

  get locked() {
    const stream = wsOf(this);
    if (stream === undefined) throw brandError('WritableStream', 'locked');
    return IsWritableStreamLocked(stream);
  }

  abort(reason = undefined) {
    const stream = wsOf(this);
    if (stream === undefined) return promiseRejectedWith(brandError('WritableStream', 'abort'));
    if (IsWritableStreamLocked(stream)) {
      return promiseRejectedWith(new TypeError(
        'Cannot abort a WritableStream that is locked to a writer.'));
    }
    return WritableStreamAbort(stream, reason);
  }

  close() {
    const stream = wsOf(this);
    if (stream === undefined) return promiseRejectedWith(brandError('WritableStream', 'close'));
    if (IsWritableStreamLocked(stream)) {
      return promiseRejectedWith(new TypeError(
        'Cannot close a WritableStream that is locked to a writer.'));
    }
    if (WritableStreamCloseQueuedOrInFlight(stream)) {
      return promiseRejectedWith(new TypeError(
        'Cannot close a WritableStream that is already closing.'));
    }
    return WritableStreamClose(stream);
  }

  getWriter() {
    const stream = wsOf(this);
    if (stream === undefined) throw brandError('WritableStream', 'getWriter');
    return AcquireWritableStreamDefaultWriter(stream).obj;
  }
}
S.finishClass(WritableStream, 'WritableStream');
S.registerClass(WritableStream, (o) => wsOf(o) !== undefined);

// UnderlyingSink: abort, close, start, type, write (lexicographic order).
function convertUnderlyingSink(sink) {
  const dict = sink === null ? undefined : sink;
  const context = 'underlyingSink';
  const abort = S.callbackMember(dict, 'abort', context);
  const close = S.callbackMember(dict, 'close', context);
  const start = S.callbackMember(dict, 'start', context);
  const type = dict === undefined ? undefined : dict.type;
  const write = S.callbackMember(dict, 'write', context);
  return { abort, close, start, type, write };
}

// --- WritableStreamDefaultWriter (§5.3) ---------------------------------------------------------

// Record: { obj, stream, ready (Deferred), closed (Deferred) }.
let wrOf;
class WritableStreamDefaultWriter {
  #writer;
  constructor(stream) {
    const writer = { obj: this, stream: undefined, ready: undefined, closed: undefined };
    if (stream === kInternal) {
      this.#writer = writer;
      return;
    }
    const streamRecord = wsOf(stream);
    if (streamRecord === undefined) {
      throw new TypeError(
        "Failed to construct 'WritableStreamDefaultWriter': parameter 1 is not of type " +
        "'WritableStream'.");
    }
    SetUpWritableStreamDefaultWriter(writer, streamRecord);
    this.#writer = writer;
  }

  static {
    wrOf = (o) => (isObject(o) && #writer in o ? o.#writer : undefined);
  }

  get closed() {
    const writer = wrOf(this);
    if (writer === undefined) {
      return promiseRejectedWith(brandError('WritableStreamDefaultWriter', 'closed'));
    }
    return writer.closed.promise;
  }

  get desiredSize() {
    const writer = wrOf(this);
    if (writer === undefined) throw brandError('WritableStreamDefaultWriter', 'desiredSize');
    if (writer.stream === undefined) {
      throw new TypeError('This WritableStream writer has been released.');
    }
    return WritableStreamDefaultWriterGetDesiredSize(writer);
  }

  get ready() {
    const writer = wrOf(this);
    if (writer === undefined) {
      return promiseRejectedWith(brandError('WritableStreamDefaultWriter', 'ready'));
    }
    return writer.ready.promise;
  }

  abort(reason = undefined) {
    const writer = wrOf(this);
    if (writer === undefined) {
      return promiseRejectedWith(brandError('WritableStreamDefaultWriter', 'abort'));
    }
    if (writer.stream === undefined) {
      return promiseRejectedWith(new TypeError('This WritableStream writer has been released.'));
    }
    return WritableStreamAbort(writer.stream, reason);
  }

  close() {
    const writer = wrOf(this);
    if (writer === undefined) {
      return promiseRejectedWith(brandError('WritableStreamDefaultWriter', 'close'));
    }
    const stream = writer.stream;
    if (stream === undefined) {
      return promiseRejectedWith(new TypeError('This WritableStream writer has been released.'));
    }
    if (WritableStreamCloseQueuedOrInFlight(stream)) {
      return promiseRejectedWith(new TypeError(
        'Cannot close a WritableStream that is already closing.'));
    }
    return WritableStreamClose(stream);
  }

  releaseLock() {
    const writer = wrOf(this);
    if (writer === undefined) throw brandError('WritableStreamDefaultWriter', 'releaseLock');
    if (writer.stream === undefined) return;
    WritableStreamDefaultWriterRelease(writer);
  }

  write(chunk = undefined) {
    const writer = wrOf(this);
    if (writer === undefined) {
      return promiseRejectedWith(brandError('WritableStreamDefaultWriter', 'write'));
    }
    if (writer.stream === undefined) {
      return promiseRejectedWith(new TypeError('This WritableStream writer has been released.'));
    }
    return WritableStreamDefaultWriterWrite(writer, chunk);
  }
}
S.finishClass(WritableStreamDefaultWriter, 'WritableStreamDefaultWriter');
S.registerClass(WritableStreamDefaultWriter, (o) => wrOf(o) !== undefined);

// --- WritableStreamDefaultController (§5.4) ------------------------------------------------------

let wcOf;
class WritableStreamDefaultController {
  #controller;
  constructor(key = undefined) {
    if (key !== kInternal) throw S.illegalConstructor();
    this.#controller = {
      obj: this,
      stream: undefined,
      queue: new Queue(),
      queueTotalSize: 0,
      started: false,
      strategySizeAlgorithm: undefined,
      strategyHWM: 1,
      writeAlgorithm: undefined,
      closeAlgorithm: undefined,
      abortAlgorithm: undefined,
      // [[abortController]], made when `signal` is first read (most sinks never look).
      abortController: undefined,
      abortSignal: undefined,
      aborted: false,
      abortReason: undefined,
      // Runtime sinks (14_streams_transform.js) hear about abort() here, at the moment the spec
      // signals [[abortController]], without allocating one.
      abortHook: undefined,
    };
  }

  static {
    wcOf = (o) => (isObject(o) && #controller in o ? o.#controller : undefined);
  }

  get signal() {
    const controller = wcOf(this);
    if (controller === undefined) throw brandError('WritableStreamDefaultController', 'signal');
    if (controller.abortController === undefined) {
      const AbortController = internals.AbortController;
      if (typeof AbortController !== 'function') {
        throw new TypeError('WritableStreamDefaultController.signal needs AbortController');
      }
      const abortController = new AbortController();
      controller.abortController = abortController;
      controller.abortSignal = abortController.signal;
      if (controller.aborted) signalAbortOn(controller);
    }
    return controller.abortSignal;
  }

  error(e = undefined) {
    const controller = wcOf(this);
    if (controller === undefined) throw brandError('WritableStreamDefaultController', 'error');
    if (controller.stream.state !== 'writable') return;
    WritableStreamDefaultControllerError(controller, e);
  }
}
S.finishClass(WritableStreamDefaultController, 'WritableStreamDefaultController');
S.registerClass(WritableStreamDefaultController, (o) => wcOf(o) !== undefined);

// "Signal abort" on the controller's [[abortController]].
function signalAbort(controller, reason) {
  if (controller.aborted) return;
  controller.aborted = true;
  controller.abortReason = reason;
  if (controller.abortHook !== undefined) controller.abortHook(reason);
  if (controller.abortController !== undefined) signalAbortOn(controller);
}
function signalAbortOn(controller) {
  if (typeof internals.triggerAbort === 'function' &&
      internals.isAbortSignal(controller.abortSignal)) {
    internals.triggerAbort(controller.abortSignal, controller.abortReason);
  } else {
    controller.abortController.abort(controller.abortReason);
  }
}

// --- Working with writable streams (§5.5.1) -----------------------------------------------------

function AcquireWritableStreamDefaultWriter(stream) {
  const writer = wrOf(new WritableStreamDefaultWriter(kInternal));
  SetUpWritableStreamDefaultWriter(writer, stream);
  return writer;
}

// CreateWritableStream(start, write, close, abort, highWaterMark = 1, size = count) → a record.
function CreateWritableStream(startAlgorithm, writeAlgorithm, closeAlgorithm, abortAlgorithm,
  highWaterMark = 1, sizeAlgorithm = S.countSize) {
  const stream = wsOf(new WritableStream(kInternal));
  const controller = wcOf(new WritableStreamDefaultController(kInternal));
  SetUpWritableStreamDefaultController(stream, controller, startAlgorithm, writeAlgorithm,
    closeAlgorithm, abortAlgorithm, highWaterMark, sizeAlgorithm);
  return stream;
}

function IsWritableStreamLocked(stream) {
  return stream.writer !== undefined;
}

function SetUpWritableStreamDefaultWriter(writer, stream) {
  if (IsWritableStreamLocked(stream)) {
    throw new TypeError('This WritableStream is currently locked to a writer.');
  }
  writer.stream = stream;
  stream.writer = writer;
  const state = stream.state;
  if (state === 'writable') {
    if (!WritableStreamCloseQueuedOrInFlight(stream) && stream.backpressure) {
      writer.ready = newDeferred();
    } else {
      writer.ready = resolvedDeferred(undefined);
    }
    writer.closed = newDeferred();
  } else if (state === 'erroring') {
    writer.ready = rejectedDeferred(stream.storedError);
    writer.closed = newDeferred();
  } else if (state === 'closed') {
    writer.ready = resolvedDeferred(undefined);
    writer.closed = resolvedDeferred(undefined);
  } else {
    writer.ready = rejectedDeferred(stream.storedError);
    writer.closed = rejectedDeferred(stream.storedError);
  }
}

function WritableStreamAbort(stream, reason) {
  if (stream.state === 'closed' || stream.state === 'errored') {
    return promiseResolvedWith(undefined);
  }
  signalAbort(stream.controller, reason);
  // Abort listeners ran user code, which may have changed the state.
  const state = stream.state;
  if (state === 'closed' || state === 'errored') return promiseResolvedWith(undefined);
  if (stream.pendingAbortRequest !== undefined) return stream.pendingAbortRequest.promise.promise;
  let wasAlreadyErroring = false;
  if (state === 'erroring') {
    wasAlreadyErroring = true;
    reason = undefined;
  }
  const promise = newDeferred();
  stream.pendingAbortRequest = { promise, reason, wasAlreadyErroring };
  if (!wasAlreadyErroring) WritableStreamStartErroring(stream, reason);
  return promise.promise;
}

function WritableStreamClose(stream) {
  const state = stream.state;
  if (state === 'closed' || state === 'errored') {
    return promiseRejectedWith(new TypeError(
      `The stream (in ${state} state) is not in the writable state and cannot be closed`));
  }
  const promise = newDeferred();
  stream.closeRequest = promise;
  const writer = stream.writer;
  if (writer !== undefined && stream.backpressure && state === 'writable') {
    resolveDeferred(writer.ready, undefined);
  }
  WritableStreamDefaultControllerClose(stream.controller);
  return promise.promise;
}

// --- Interfacing with controllers (§5.5.2) ------------------------------------------------------

function WritableStreamAddWriteRequest(stream) {
  const promise = newDeferred();
  stream.writeRequests.push(promise);
  return promise;
}

function WritableStreamCloseQueuedOrInFlight(stream) {
  return stream.closeRequest !== undefined || stream.inFlightCloseRequest !== undefined;
}

function WritableStreamDealWithRejection(stream, error) {
  if (stream.state === 'writable') {
    WritableStreamStartErroring(stream, error);
    return;
  }
  WritableStreamFinishErroring(stream);
}

function WritableStreamFinishErroring(stream) {
  stream.state = 'errored';
  S.ResetQueue(stream.controller); // [[ErrorSteps]]
  const storedError = stream.storedError;
  const writeRequests = stream.writeRequests.drain();
  for (let i = 0; i < writeRequests.length; i++) rejectDeferred(writeRequests[i], storedError);
  const abortRequest = stream.pendingAbortRequest;
  if (abortRequest === undefined) {
    WritableStreamRejectCloseAndClosedPromiseIfNeeded(stream);
    return;
  }
  stream.pendingAbortRequest = undefined;
  if (abortRequest.wasAlreadyErroring) {
    rejectDeferred(abortRequest.promise, storedError);
    WritableStreamRejectCloseAndClosedPromiseIfNeeded(stream);
    return;
  }
  const promise = WritableStreamDefaultControllerAbortSteps(stream.controller, abortRequest.reason);
  uponPromise(promise, () => {
    resolveDeferred(abortRequest.promise, undefined);
    WritableStreamRejectCloseAndClosedPromiseIfNeeded(stream);
  }, (reason) => {
    rejectDeferred(abortRequest.promise, reason);
    WritableStreamRejectCloseAndClosedPromiseIfNeeded(stream);
  });
}

function WritableStreamFinishInFlightClose(stream) {
  resolveDeferred(stream.inFlightCloseRequest, undefined);
  stream.inFlightCloseRequest = undefined;
  if (stream.state === 'erroring') {
    stream.storedError = undefined;
    if (stream.pendingAbortRequest !== undefined) {
      resolveDeferred(stream.pendingAbortRequest.promise, undefined);
      stream.pendingAbortRequest = undefined;
    }
  }
  stream.state = 'closed';
  const writer = stream.writer;
  if (writer !== undefined) resolveDeferred(writer.closed, undefined);
}

function WritableStreamFinishInFlightCloseWithError(stream, error) {
  rejectDeferred(stream.inFlightCloseRequest, error);
  stream.inFlightCloseRequest = undefined;
  if (stream.pendingAbortRequest !== undefined) {
    rejectDeferred(stream.pendingAbortRequest.promise, error);
    stream.pendingAbortRequest = undefined;
  }
  WritableStreamDealWithRejection(stream, error);
}

function WritableStreamFinishInFlightWrite(stream) {
  resolveDeferred(stream.inFlightWriteRequest, undefined);
  stream.inFlightWriteRequest = undefined;
}

function WritableStreamFinishInFlightWriteWithError(stream, error) {
  rejectDeferred(stream.inFlightWriteRequest, error);
  stream.inFlightWriteRequest = undefined;
  WritableStreamDealWithRejection(stream, error);
}

function WritableStreamHasOperationMarkedInFlight(stream) {
  return stream.inFlightWriteRequest !== undefined || stream.inFlightCloseRequest !== undefined;
}

function WritableStreamMarkCloseRequestInFlight(stream) {
  stream.inFlightCloseRequest = stream.closeRequest;
  stream.closeRequest = undefined;
}

function WritableStreamMarkFirstWriteRequestInFlight(stream) {
  stream.inFlightWriteRequest = stream.writeRequests.shift();
}

function WritableStreamRejectCloseAndClosedPromiseIfNeeded(stream) {
  if (stream.closeRequest !== undefined) {
    rejectDeferred(stream.closeRequest, stream.storedError);
    stream.closeRequest = undefined;
  }
  const writer = stream.writer;
  if (writer !== undefined) {
    rejectDeferred(writer.closed, stream.storedError);
    setPromiseIsHandledToTrue(writer.closed.promise);
  }
}

function WritableStreamStartErroring(stream, reason) {
  const controller = stream.controller;
  stream.state = 'erroring';
  stream.storedError = reason;
  const writer = stream.writer;
  if (writer !== undefined) WritableStreamDefaultWriterEnsureReadyPromiseRejected(writer, reason);
  if (!WritableStreamHasOperationMarkedInFlight(stream) && controller.started) {
    WritableStreamFinishErroring(stream);
  }
}

function WritableStreamUpdateBackpressure(stream, backpressure) {
  const writer = stream.writer;
  if (writer !== undefined && backpressure !== stream.backpressure) {
    if (backpressure) writer.ready = newDeferred();
    else resolveDeferred(writer.ready, undefined);
  }
  stream.backpressure = backpressure;
}

// --- Writers (§5.5.3) ----------------------------------------------------------------------------

function WritableStreamDefaultWriterCloseWithErrorPropagation(writer) {
  const stream = writer.stream;
  const state = stream.state;
  if (WritableStreamCloseQueuedOrInFlight(stream) || state === 'closed') {
    return promiseResolvedWith(undefined);
  }
  if (state === 'errored') return promiseRejectedWith(stream.storedError);
  return WritableStreamClose(stream);
}

function WritableStreamDefaultWriterEnsureClosedPromiseRejected(writer, error) {
  if (writer.closed.pending) rejectDeferred(writer.closed, error);
  else writer.closed = rejectedDeferred(error);
  setPromiseIsHandledToTrue(writer.closed.promise);
}

function WritableStreamDefaultWriterEnsureReadyPromiseRejected(writer, error) {
  if (writer.ready.pending) rejectDeferred(writer.ready, error);
  else writer.ready = rejectedDeferred(error);
  setPromiseIsHandledToTrue(writer.ready.promise);
}

function WritableStreamDefaultWriterGetDesiredSize(writer) {
  const stream = writer.stream;
  const state = stream.state;
  if (state === 'errored' || state === 'erroring') return null;
  if (state === 'closed') return 0;
  return WritableStreamDefaultControllerGetDesiredSize(stream.controller);
}

function WritableStreamDefaultWriterRelease(writer) {
  const stream = writer.stream;
  const releasedError = new TypeError(
    "This WritableStream writer has been released and can no longer be used to monitor the " +
    "stream's closedness.");
  WritableStreamDefaultWriterEnsureReadyPromiseRejected(writer, releasedError);
  WritableStreamDefaultWriterEnsureClosedPromiseRejected(writer, releasedError);
  stream.writer = undefined;
  writer.stream = undefined;
}

function WritableStreamDefaultWriterWrite(writer, chunk) {
  const stream = writer.stream;
  const controller = stream.controller;
  const chunkSize = WritableStreamDefaultControllerGetChunkSize(controller, chunk);
  if (stream !== writer.stream) {
    return promiseRejectedWith(new TypeError('This WritableStream writer has been released.'));
  }
  const state = stream.state;
  if (state === 'errored') return promiseRejectedWith(stream.storedError);
  if (WritableStreamCloseQueuedOrInFlight(stream) || state === 'closed') {
    return promiseRejectedWith(new TypeError('This WritableStream has been closed.'));
  }
  if (state === 'erroring') return promiseRejectedWith(stream.storedError);
  const promise = WritableStreamAddWriteRequest(stream);
  WritableStreamDefaultControllerWrite(controller, chunk, chunkSize);
  return promise.promise;
}

// --- Default controllers (§5.5.4) ----------------------------------------------------------------

function SetUpWritableStreamDefaultController(stream, controller, startAlgorithm, writeAlgorithm,
  closeAlgorithm, abortAlgorithm, highWaterMark, sizeAlgorithm) {
  controller.stream = stream;
  stream.controller = controller;
  S.ResetQueue(controller);
  controller.started = false;
  controller.strategySizeAlgorithm = sizeAlgorithm;
  controller.strategyHWM = highWaterMark;
  controller.writeAlgorithm = writeAlgorithm;
  controller.closeAlgorithm = closeAlgorithm;
  controller.abortAlgorithm = abortAlgorithm;
  WritableStreamUpdateBackpressure(stream,
    WritableStreamDefaultControllerGetBackpressure(controller));
  const startResult = startAlgorithm();
  uponPromise(promiseResolvedWith(startResult), () => {
    controller.started = true;
    WritableStreamDefaultControllerAdvanceQueueIfNeeded(controller);
  }, (r) => {
    controller.started = true;
    WritableStreamDealWithRejection(stream, r);
  });
}

function SetUpWritableStreamDefaultControllerFromUnderlyingSink(stream, underlyingSink, sinkDict,
  highWaterMark, sizeAlgorithm) {
  const controller = wcOf(new WritableStreamDefaultController(kInternal));
  const controllerObj = controller.obj;
  const { start, write, close, abort } = sinkDict;
  const startAlgorithm = start === undefined ? S.noop
    : () => FunctionPrototypeCall(start, underlyingSink, controllerObj);
  const writeAlgorithm = write === undefined ? () => promiseResolvedWith(undefined)
    : (chunk) => S.invokePromise2(write, underlyingSink, chunk, controllerObj);
  const closeAlgorithm = close === undefined ? () => promiseResolvedWith(undefined)
    : () => S.invokePromise0(close, underlyingSink);
  const abortAlgorithm = abort === undefined ? () => promiseResolvedWith(undefined)
    : (reason) => S.invokePromise1(abort, underlyingSink, reason);
  SetUpWritableStreamDefaultController(stream, controller, startAlgorithm, writeAlgorithm,
    closeAlgorithm, abortAlgorithm, highWaterMark, sizeAlgorithm);
}

function WritableStreamDefaultControllerAdvanceQueueIfNeeded(controller) {
  const stream = controller.stream;
  if (!controller.started) return;
  if (stream.inFlightWriteRequest !== undefined) return;
  if (stream.state === 'erroring') {
    WritableStreamFinishErroring(stream);
    return;
  }
  if (controller.queue.length === 0) return;
  const value = S.PeekQueueValue(controller);
  if (value === kCloseSentinel) WritableStreamDefaultControllerProcessClose(controller);
  else WritableStreamDefaultControllerProcessWrite(controller, value);
}

function WritableStreamDefaultControllerClearAlgorithms(controller) {
  controller.writeAlgorithm = undefined;
  controller.closeAlgorithm = undefined;
  controller.abortAlgorithm = undefined;
  controller.strategySizeAlgorithm = undefined;
}

function WritableStreamDefaultControllerClose(controller) {
  S.EnqueueValueWithSize(controller, kCloseSentinel, 0);
  WritableStreamDefaultControllerAdvanceQueueIfNeeded(controller);
}

function WritableStreamDefaultControllerError(controller, error) {
  WritableStreamDefaultControllerClearAlgorithms(controller);
  WritableStreamStartErroring(controller.stream, error);
}

function WritableStreamDefaultControllerErrorIfNeeded(controller, error) {
  if (controller.stream.state === 'writable') {
    WritableStreamDefaultControllerError(controller, error);
  }
}

function WritableStreamDefaultControllerGetBackpressure(controller) {
  return WritableStreamDefaultControllerGetDesiredSize(controller) <= 0;
}

function WritableStreamDefaultControllerGetChunkSize(controller, chunk) {
  // The size algorithm is cleared once the stream errors.
  if (controller.strategySizeAlgorithm === undefined) return 1;
  try {
    return controller.strategySizeAlgorithm(chunk);
  } catch (chunkSizeE) {
    WritableStreamDefaultControllerErrorIfNeeded(controller, chunkSizeE);
    return 1;
  }
}

function WritableStreamDefaultControllerGetDesiredSize(controller) {
  return controller.strategyHWM - controller.queueTotalSize;
}

function WritableStreamDefaultControllerProcessClose(controller) {
  const stream = controller.stream;
  WritableStreamMarkCloseRequestInFlight(stream);
  S.DequeueValue(controller);
  const sinkClosePromise = controller.closeAlgorithm();
  WritableStreamDefaultControllerClearAlgorithms(controller);
  uponPromise(sinkClosePromise, () => {
    WritableStreamFinishInFlightClose(stream);
  }, (reason) => {
    WritableStreamFinishInFlightCloseWithError(stream, reason);
  });
}

function WritableStreamDefaultControllerProcessWrite(controller, chunk) {
  const stream = controller.stream;
  WritableStreamMarkFirstWriteRequestInFlight(stream);
  const sinkWritePromise = controller.writeAlgorithm(chunk);
  uponPromise(sinkWritePromise, () => {
    WritableStreamFinishInFlightWrite(stream);
    const state = stream.state;
    S.DequeueValue(controller);
    if (!WritableStreamCloseQueuedOrInFlight(stream) && state === 'writable') {
      WritableStreamUpdateBackpressure(stream,
        WritableStreamDefaultControllerGetBackpressure(controller));
    }
    WritableStreamDefaultControllerAdvanceQueueIfNeeded(controller);
  }, (reason) => {
    if (stream.state === 'writable') WritableStreamDefaultControllerClearAlgorithms(controller);
    WritableStreamFinishInFlightWriteWithError(stream, reason);
  });
}

function WritableStreamDefaultControllerWrite(controller, chunk, chunkSize) {
  try {
    S.EnqueueValueWithSize(controller, chunk, chunkSize);
  } catch (enqueueE) {
    WritableStreamDefaultControllerErrorIfNeeded(controller, enqueueE);
    return;
  }
  const stream = controller.stream;
  if (!WritableStreamCloseQueuedOrInFlight(stream) && stream.state === 'writable') {
    WritableStreamUpdateBackpressure(stream,
      WritableStreamDefaultControllerGetBackpressure(controller));
  }
  WritableStreamDefaultControllerAdvanceQueueIfNeeded(controller);
}

// [[AbortSteps]](reason).
function WritableStreamDefaultControllerAbortSteps(controller, reason) {
  const result = controller.abortAlgorithm(reason);
  WritableStreamDefaultControllerClearAlgorithms(controller);
  return result;
}

// --- Sharing -------------------------------------------------------------------------------------

Object.assign(S, {
  WritableStream, wsOf, wrOf, wcOf,
  AcquireWritableStreamDefaultWriter, CreateWritableStream, IsWritableStreamLocked,
  WritableStreamAbort, WritableStreamClose, WritableStreamCloseQueuedOrInFlight,
  WritableStreamDefaultControllerError, WritableStreamDefaultControllerErrorIfNeeded,
  WritableStreamDefaultControllerGetDesiredSize, WritableStreamDefaultWriterWrite,
  WritableStreamDefaultWriterRelease, WritableStreamDefaultWriterGetDesiredSize,
  WritableStreamDefaultWriterCloseWithErrorPropagation,
});

internals.WritableStream = WritableStream;
internals.WritableStreamDefaultWriter = WritableStreamDefaultWriter;
internals.WritableStreamDefaultController = WritableStreamDefaultController;
internals.defineGlobal('WritableStream', WritableStream);
internals.defineGlobal('WritableStreamDefaultWriter', WritableStreamDefaultWriter);
internals.defineGlobal('WritableStreamDefaultController', WritableStreamDefaultController);
