'use strict';
// WHATWG Streams §4 — ReadableStream, ReadableStreamDefaultReader,
// ReadableStreamDefaultController and the default tee. ReadableStream.from() and async iteration
// are in 11_streams_readable_iteration.js, byte streams in 12_*, pipeTo in 14_streams_pipe.js. See
// 10_streams_common.js for how records and public objects relate.

const S = internals.streamsImpl;
const {
  FunctionPrototypeCall, ObjectDefineProperty, Promise, RangeError, SymbolAsyncIterator, TypeError,
} = primordials;
const {
  kInternal, Queue, newDeferred, resolveDeferred, rejectDeferred, rejectedDeferred,
  resolvedDeferred, promiseResolvedWith, promiseRejectedWith, uponPromise, uponRejection,
  transformPromiseWith, setPromiseIsHandledToTrue, isObject, brandError,
} = S;

// --- Records ----------------------------------------------------------------------------------

// InitializeReadableStream: the slots of a ReadableStream.
function newReadableStreamRecord(obj) {
  return {
    obj,
    state: 'readable', // 'readable' | 'closed' | 'errored'
    reader: undefined, // a reader record
    storedError: undefined,
    disturbed: false,
    controller: undefined, // a default or byte controller record
    // The byte count a FixedLengthStream promised (14_streams_transform.js); else undefined.
    fixedLength: undefined,
  };
}

// --- ReadableStream (§4.2) ----------------------------------------------------------------------

let rsOf;
class ReadableStream {
  #rs;
  constructor(underlyingSource = undefined, strategy = undefined) {
    if (underlyingSource === kInternal) {
      this.#rs = newReadableStreamRecord(this);
      return;
    }
    // IDL arguments first: `optional object underlyingSource`, `optional QueuingStrategy strategy`.
    if (underlyingSource !== undefined && !isObject(underlyingSource)) {
      throw new TypeError(
        "Failed to construct 'ReadableStream': underlyingSource must be an object");
    }
    const strategyDict = S.convertQueuingStrategy(strategy, 'strategy');
    // Then the body: the UnderlyingSource dictionary, members in lexicographic order.
    const source = underlyingSource === undefined ? null : underlyingSource;
    const sourceDict = convertUnderlyingSource(source);
    const stream = newReadableStreamRecord(this);
    this.#rs = stream;
    if (sourceDict.type === 'bytes') {
      if (strategyDict.size !== undefined) {
        throw new RangeError('The strategy for a byte stream cannot have a size function');
      }
      const highWaterMark = S.ExtractHighWaterMark(strategyDict, 0);
      S.SetUpReadableByteStreamControllerFromUnderlyingSource(stream, source, sourceDict,
        highWaterMark);
    } else {
      const sizeAlgorithm = S.ExtractSizeAlgorithm(strategyDict);
      const highWaterMark = S.ExtractHighWaterMark(strategyDict, 1);
      SetUpReadableStreamDefaultControllerFromUnderlyingSource(stream, source, sourceDict,
        highWaterMark, sizeAlgorithm);
    }
  }

  static {
    rsOf = (o) => (isObject(o) && #rs in o ? o.#rs : undefined);
  }

  static from(asyncIterable) {
    return S.ReadableStreamFromIterable(asyncIterable).obj;
  }

  get locked() {
    const stream = rsOf(this);
    if (stream === undefined) throw brandError('ReadableStream', 'locked');
    return IsReadableStreamLocked(stream);
  }

  cancel(reason = undefined) {
    const stream = rsOf(this);
    if (stream === undefined) return promiseRejectedWith(brandError('ReadableStream', 'cancel'));
    if (IsReadableStreamLocked(stream)) {
      return promiseRejectedWith(new TypeError(
        'Cannot cancel a ReadableStream that is locked to a reader.'));
    }
    return ReadableStreamCancel(stream, reason);
  }

  getReader(options = undefined) {
    const stream = rsOf(this);
    if (stream === undefined) throw brandError('ReadableStream', 'getReader');
    const dict = S.dictionaryValue(options, 'options');
    let mode = dict === undefined ? undefined : dict.mode;
    if (mode !== undefined) {
      mode = S.toDOMString(mode);
      if (mode !== 'byob') {
        throw new TypeError(`The provided value '${mode}' is not a valid enum value of ` +
          'type ReadableStreamReaderMode.');
      }
      return S.AcquireReadableStreamBYOBReader(stream).obj;
    }
    return AcquireReadableStreamDefaultReader(stream).obj;
  }

  pipeThrough(transform, options = undefined) {
    const stream = rsOf(this);
    if (stream === undefined) throw brandError('ReadableStream', 'pipeThrough');
    // ReadableWritablePair: required `readable`, then required `writable`.
    const pair = S.dictionaryValue(transform, 'transform');
    const readableObj = pair === undefined ? undefined : pair.readable;
    if (readableObj === undefined) {
      throw new TypeError("Failed to execute 'pipeThrough': transform.readable is required");
    }
    const readable = rsOf(readableObj);
    if (readable === undefined) {
      throw new TypeError(
        "Failed to execute 'pipeThrough': transform.readable is not a ReadableStream");
    }
    const writableObj = pair.writable;
    if (writableObj === undefined) {
      throw new TypeError("Failed to execute 'pipeThrough': transform.writable is required");
    }
    const writable = S.wsOf(writableObj);
    if (writable === undefined) {
      throw new TypeError(
        "Failed to execute 'pipeThrough': transform.writable is not a WritableStream");
    }
    const opts = S.convertPipeOptions(options);
    if (IsReadableStreamLocked(stream)) {
      throw new TypeError('This ReadableStream is currently locked to a reader.');
    }
    if (S.IsWritableStreamLocked(writable)) {
      throw new TypeError('This WritableStream is currently locked to a writer.');
    }
    const promise = S.ReadableStreamPipeTo(stream, writable, opts.preventClose, opts.preventAbort,
      opts.preventCancel, opts.signal);
    setPromiseIsHandledToTrue(promise);
    return readable.obj;
  }

  pipeTo(destination, options = undefined) {
    const stream = rsOf(this);
    if (stream === undefined) return promiseRejectedWith(brandError('ReadableStream', 'pipeTo'));
    const dest = S.wsOf(destination);
    if (dest === undefined) {
      return promiseRejectedWith(new TypeError(
        "Failed to execute 'pipeTo': destination is not a WritableStream"));
    }
    let opts;
    try {
      opts = S.convertPipeOptions(options);
    } catch (e) {
      return promiseRejectedWith(e);
    }
    if (IsReadableStreamLocked(stream)) {
      return promiseRejectedWith(new TypeError(
        'This ReadableStream is currently locked to a reader.'));
    }
    if (S.IsWritableStreamLocked(dest)) {
      return promiseRejectedWith(new TypeError(
        'This WritableStream is currently locked to a writer.'));
    }
    return S.ReadableStreamPipeTo(stream, dest, opts.preventClose, opts.preventAbort,
      opts.preventCancel, opts.signal);
  }

  tee() {
    const stream = rsOf(this);
    if (stream === undefined) throw brandError('ReadableStream', 'tee');
    const branches = ReadableStreamTee(stream, false);
    return [branches[0].obj, branches[1].obj];
  }

  values(options = undefined) {
    const stream = rsOf(this);
    if (stream === undefined) throw brandError('ReadableStream', 'values');
    const dict = S.dictionaryValue(options, 'options');
    const preventCancel = dict === undefined ? false : S.toBoolean(dict.preventCancel);
    const reader = AcquireReadableStreamDefaultReader(stream);
    return S.createAsyncIterator(reader, preventCancel);
  }
}
S.finishClass(ReadableStream, 'ReadableStream');
// The async iterable declaration: @@asyncIterator is the same function as values().
ObjectDefineProperty(ReadableStream.prototype, SymbolAsyncIterator, {
  value: ReadableStream.prototype.values, writable: true, enumerable: false, configurable: true,
});
S.rsOf = rsOf;
S.registerClass(ReadableStream, (o) => rsOf(o) !== undefined, {
  state: (o) => rsOf(o).state,
  supportsBYOB: (o) => rsOf(o).controller.isByte,
  length: (o) => {
    const length = rsOf(o).fixedLength;
    return length === undefined ? undefined : primordials.BigInt(length);
  },
});

// UnderlyingSource: autoAllocateChunkSize, cancel, pull, start, type (lexicographic order).
function convertUnderlyingSource(source) {
  const dict = source === null ? undefined : source;
  const context = 'underlyingSource';
  let autoAllocateChunkSize = dict === undefined ? undefined : dict.autoAllocateChunkSize;
  if (autoAllocateChunkSize !== undefined) {
    autoAllocateChunkSize = S.enforceRangeUnsigned(autoAllocateChunkSize,
      'underlyingSource.autoAllocateChunkSize');
  }
  const cancel = S.callbackMember(dict, 'cancel', context);
  const pull = S.callbackMember(dict, 'pull', context);
  const start = S.callbackMember(dict, 'start', context);
  let type = dict === undefined ? undefined : dict.type;
  if (type !== undefined) {
    type = S.toDOMString(type);
    if (type !== 'bytes') {
      throw new TypeError(
        `The provided value '${type}' is not a valid enum value of type ReadableStreamType.`);
    }
  }
  return { autoAllocateChunkSize, cancel, pull, start, type };
}

// --- ReadableStreamDefaultReader (§4.4) ----------------------------------------------------------

// A default reader's record: { obj, stream, closed (Deferred), isByob: false, requests }.
let drOf;
class ReadableStreamDefaultReader {
  #reader;
  constructor(stream) {
    const reader = { obj: this, stream: undefined, closed: undefined, isByob: false,
      requests: undefined };
    if (stream === kInternal) {
      this.#reader = reader;
      return;
    }
    const streamRecord = rsOf(stream);
    if (streamRecord === undefined) {
      throw new TypeError(
        "Failed to construct 'ReadableStreamDefaultReader': parameter 1 is not of type " +
        "'ReadableStream'.");
    }
    SetUpReadableStreamDefaultReader(reader, streamRecord);
    this.#reader = reader;
  }

  static {
    drOf = (o) => (isObject(o) && #reader in o ? o.#reader : undefined);
  }

  get closed() {
    const reader = drOf(this);
    if (reader === undefined) {
      return promiseRejectedWith(brandError('ReadableStreamDefaultReader', 'closed'));
    }
    return reader.closed.promise;
  }

  cancel(reason = undefined) {
    const reader = drOf(this);
    if (reader === undefined) {
      return promiseRejectedWith(brandError('ReadableStreamDefaultReader', 'cancel'));
    }
    if (reader.stream === undefined) {
      return promiseRejectedWith(new TypeError('This ReadableStream reader has been released.'));
    }
    return ReadableStreamReaderGenericCancel(reader, reason);
  }

  read() {
    const reader = drOf(this);
    if (reader === undefined) {
      return promiseRejectedWith(brandError('ReadableStreamDefaultReader', 'read'));
    }
    if (reader.stream === undefined) {
      return promiseRejectedWith(new TypeError('This ReadableStream reader has been released.'));
    }
    const request = new PromiseReadRequest();
    ReadableStreamDefaultReaderRead(reader, request);
    return request.promise;
  }

  releaseLock() {
    const reader = drOf(this);
    if (reader === undefined) throw brandError('ReadableStreamDefaultReader', 'releaseLock');
    if (reader.stream === undefined) return;
    ReadableStreamDefaultReaderRelease(reader);
  }
}
S.finishClass(ReadableStreamDefaultReader, 'ReadableStreamDefaultReader');
S.registerClass(ReadableStreamDefaultReader, (o) => drOf(o) !== undefined);

// The read request behind reader.read(): settles a promise with a ReadableStreamReadResult.
class PromiseReadRequest {
  constructor() {
    this.resolve = undefined;
    this.reject = undefined;
    this.promise = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }
  chunkSteps(chunk) {
    this.resolve({ value: chunk, done: false });
  }
  closeSteps(chunk) {
    this.resolve({ value: chunk, done: true });
  }
  errorSteps(e) {
    this.reject(e);
  }
}
S.PromiseReadRequest = PromiseReadRequest;

// --- ReadableStreamDefaultController (§4.6) -----------------------------------------------------

let dcOf;
class ReadableStreamDefaultController {
  #controller;
  constructor(key = undefined) {
    if (key !== kInternal) throw S.illegalConstructor();
    this.#controller = {
      obj: this,
      stream: undefined,
      isByte: false,
      queue: new Queue(),
      queueTotalSize: 0,
      started: false,
      closeRequested: false,
      pullAgain: false,
      pulling: false,
      strategySizeAlgorithm: undefined,
      strategyHWM: 0,
      pullAlgorithm: undefined,
      cancelAlgorithm: undefined,
    };
  }

  static {
    dcOf = (o) => (isObject(o) && #controller in o ? o.#controller : undefined);
  }

  get desiredSize() {
    const controller = dcOf(this);
    if (controller === undefined) {
      throw brandError('ReadableStreamDefaultController', 'desiredSize');
    }
    return ReadableStreamDefaultControllerGetDesiredSize(controller);
  }

  close() {
    const controller = dcOf(this);
    if (controller === undefined) throw brandError('ReadableStreamDefaultController', 'close');
    if (!ReadableStreamDefaultControllerCanCloseOrEnqueue(controller)) {
      throw new TypeError('The stream is not in a state that permits close');
    }
    ReadableStreamDefaultControllerClose(controller);
  }

  enqueue(chunk = undefined) {
    const controller = dcOf(this);
    if (controller === undefined) throw brandError('ReadableStreamDefaultController', 'enqueue');
    if (!ReadableStreamDefaultControllerCanCloseOrEnqueue(controller)) {
      throw new TypeError('The stream is not in a state that permits enqueue');
    }
    ReadableStreamDefaultControllerEnqueue(controller, chunk);
  }

  error(e = undefined) {
    const controller = dcOf(this);
    if (controller === undefined) throw brandError('ReadableStreamDefaultController', 'error');
    ReadableStreamDefaultControllerError(controller, e);
  }
}
S.finishClass(ReadableStreamDefaultController, 'ReadableStreamDefaultController');
S.registerClass(ReadableStreamDefaultController, (o) => dcOf(o) !== undefined);

// --- Working with readable streams (§4.9.1) -----------------------------------------------------

function AcquireReadableStreamDefaultReader(stream) {
  const reader = drOf(new ReadableStreamDefaultReader(kInternal));
  SetUpReadableStreamDefaultReader(reader, stream);
  return reader;
}

// CreateReadableStream(startAlgorithm, pullAlgorithm, cancelAlgorithm, highWaterMark = 1,
// sizeAlgorithm = count) → a stream record.
function CreateReadableStream(startAlgorithm, pullAlgorithm, cancelAlgorithm, highWaterMark = 1,
  sizeAlgorithm = S.countSize) {
  const stream = newReadableStream();
  const controller = dcOf(new ReadableStreamDefaultController(kInternal));
  SetUpReadableStreamDefaultController(stream, controller, startAlgorithm, pullAlgorithm,
    cancelAlgorithm, highWaterMark, sizeAlgorithm);
  return stream;
}

// A ReadableStream object with initialized slots and no controller yet.
function newReadableStream() {
  return rsOf(new ReadableStream(kInternal));
}

function IsReadableStreamLocked(stream) {
  return stream.reader !== undefined;
}

// ReadableStreamTee(stream, cloneForBranch2) → [branch1, branch2] records.
function ReadableStreamTee(stream, cloneForBranch2) {
  if (stream.controller.isByte) return S.ReadableByteStreamTee(stream);
  return ReadableStreamDefaultTee(stream, cloneForBranch2);
}

function ReadableStreamDefaultTee(stream, cloneForBranch2) {
  const reader = AcquireReadableStreamDefaultReader(stream);
  let reading = false;
  let readAgain = false;
  let canceled1 = false;
  let canceled2 = false;
  let reason1;
  let reason2;
  let branch1;
  let branch2;
  const cancelPromise = newDeferred();

  const readRequest = {
    chunkSteps(chunk) {
      // A microtask later: errors of the source take a microtask to be seen through
      // reader.closed, and a chunk must not overtake them.
      S.queueMicrotask(() => {
        readAgain = false;
        const chunk1 = chunk;
        const chunk2 = chunk;
        // cloneForBranch2 is only used by structured-clone tees, which the runtime never makes.
        void cloneForBranch2;
        if (!canceled1) ReadableStreamDefaultControllerEnqueue(branch1.controller, chunk1);
        if (!canceled2) ReadableStreamDefaultControllerEnqueue(branch2.controller, chunk2);
        reading = false;
        if (readAgain) pullAlgorithm();
      });
    },
    closeSteps() {
      reading = false;
      if (!canceled1) ReadableStreamDefaultControllerClose(branch1.controller);
      if (!canceled2) ReadableStreamDefaultControllerClose(branch2.controller);
      if (!canceled1 || !canceled2) resolveDeferred(cancelPromise, undefined);
    },
    errorSteps() {
      reading = false;
    },
  };

  function pullAlgorithm() {
    if (reading) {
      readAgain = true;
      return promiseResolvedWith(undefined);
    }
    reading = true;
    ReadableStreamDefaultReaderRead(reader, readRequest);
    return promiseResolvedWith(undefined);
  }
  function cancel1Algorithm(reason) {
    canceled1 = true;
    reason1 = reason;
    if (canceled2) {
      resolveDeferred(cancelPromise, ReadableStreamCancel(stream, [reason1, reason2]));
    }
    return cancelPromise.promise;
  }
  function cancel2Algorithm(reason) {
    canceled2 = true;
    reason2 = reason;
    if (canceled1) {
      resolveDeferred(cancelPromise, ReadableStreamCancel(stream, [reason1, reason2]));
    }
    return cancelPromise.promise;
  }

  branch1 = CreateReadableStream(S.noop, pullAlgorithm, cancel1Algorithm);
  branch2 = CreateReadableStream(S.noop, pullAlgorithm, cancel2Algorithm);
  uponRejection(reader.closed.promise, (r) => {
    ReadableStreamDefaultControllerError(branch1.controller, r);
    ReadableStreamDefaultControllerError(branch2.controller, r);
    if (!canceled1 || !canceled2) resolveDeferred(cancelPromise, undefined);
  });
  return [branch1, branch2];
}

// --- Interfacing with controllers (§4.9.2) ------------------------------------------------------

function ReadableStreamAddReadRequest(stream, readRequest) {
  stream.reader.requests.push(readRequest);
}

function ReadableStreamCancel(stream, reason) {
  stream.disturbed = true;
  if (stream.state === 'closed') return promiseResolvedWith(undefined);
  if (stream.state === 'errored') return promiseRejectedWith(stream.storedError);
  ReadableStreamClose(stream);
  const reader = stream.reader;
  if (reader !== undefined && reader.isByob) {
    const readIntoRequests = reader.requests.drain();
    for (let i = 0; i < readIntoRequests.length; i++) readIntoRequests[i].closeSteps(undefined);
  }
  const controller = stream.controller;
  const sourceCancelPromise = controller.isByte
    ? S.ReadableByteStreamControllerCancelSteps(controller, reason)
    : ReadableStreamDefaultControllerCancelSteps(controller, reason);
  return transformPromiseWith(sourceCancelPromise, S.noop);
}

function ReadableStreamClose(stream) {
  stream.state = 'closed';
  const reader = stream.reader;
  if (reader === undefined) return;
  resolveDeferred(reader.closed, undefined);
  if (!reader.isByob) {
    const readRequests = reader.requests.drain();
    for (let i = 0; i < readRequests.length; i++) readRequests[i].closeSteps();
  }
}

function ReadableStreamError(stream, e) {
  stream.state = 'errored';
  stream.storedError = e;
  const reader = stream.reader;
  if (reader === undefined) return;
  rejectDeferred(reader.closed, e);
  setPromiseIsHandledToTrue(reader.closed.promise);
  // Read requests and read-into requests are both error-stepped the same way.
  ReadableStreamReaderErrorRequests(reader, e);
}

function ReadableStreamFulfillReadRequest(stream, chunk, done) {
  const readRequest = stream.reader.requests.shift();
  if (done) readRequest.closeSteps();
  else readRequest.chunkSteps(chunk);
}

function ReadableStreamGetNumReadRequests(stream) {
  return stream.reader.requests.length;
}

function ReadableStreamHasDefaultReader(stream) {
  const reader = stream.reader;
  return reader !== undefined && !reader.isByob;
}

// --- Readers (§4.9.3) ----------------------------------------------------------------------------

function ReadableStreamReaderGenericCancel(reader, reason) {
  return ReadableStreamCancel(reader.stream, reason);
}

function ReadableStreamReaderGenericInitialize(reader, stream) {
  reader.stream = stream;
  stream.reader = reader;
  if (stream.state === 'readable') {
    reader.closed = newDeferred();
  } else if (stream.state === 'closed') {
    reader.closed = resolvedDeferred(undefined);
  } else {
    reader.closed = rejectedDeferred(stream.storedError);
  }
}

function ReadableStreamReaderGenericRelease(reader) {
  const stream = reader.stream;
  const e = new TypeError(
    "This ReadableStream reader has been released and can no longer be used to monitor the " +
    "stream's closedness.");
  if (stream.state === 'readable') {
    rejectDeferred(reader.closed, e);
    setPromiseIsHandledToTrue(reader.closed.promise);
  } else {
    reader.closed = rejectedDeferred(e);
  }
  const controller = stream.controller;
  if (controller.isByte) S.ReadableByteStreamControllerReleaseSteps(controller);
  stream.reader = undefined;
  reader.stream = undefined;
}

function ReadableStreamReaderErrorRequests(reader, e) {
  const requests = reader.requests.drain();
  for (let i = 0; i < requests.length; i++) requests[i].errorSteps(e);
}

function ReadableStreamDefaultReaderRead(reader, readRequest) {
  const stream = reader.stream;
  stream.disturbed = true;
  if (stream.state === 'closed') {
    readRequest.closeSteps();
  } else if (stream.state === 'errored') {
    readRequest.errorSteps(stream.storedError);
  } else {
    const controller = stream.controller;
    if (controller.isByte) S.ReadableByteStreamControllerPullSteps(controller, readRequest);
    else ReadableStreamDefaultControllerPullSteps(controller, readRequest);
  }
}

function ReadableStreamDefaultReaderRelease(reader) {
  ReadableStreamReaderGenericRelease(reader);
  ReadableStreamReaderErrorRequests(reader,
    new TypeError('This ReadableStream reader has been released.'));
}

function SetUpReadableStreamDefaultReader(reader, stream) {
  if (IsReadableStreamLocked(stream)) {
    throw new TypeError('This ReadableStream is currently locked to a reader.');
  }
  ReadableStreamReaderGenericInitialize(reader, stream);
  reader.requests = new Queue();
}

// --- Default controllers (§4.9.4) ---------------------------------------------------------------

function ReadableStreamDefaultControllerCallPullIfNeeded(controller) {
  if (!ReadableStreamDefaultControllerShouldCallPull(controller)) return;
  if (controller.pulling) {
    controller.pullAgain = true;
    return;
  }
  controller.pulling = true;
  const pullPromise = controller.pullAlgorithm();
  uponPromise(pullPromise, () => {
    controller.pulling = false;
    if (controller.pullAgain) {
      controller.pullAgain = false;
      ReadableStreamDefaultControllerCallPullIfNeeded(controller);
    }
  }, (e) => {
    ReadableStreamDefaultControllerError(controller, e);
  });
}

function ReadableStreamDefaultControllerShouldCallPull(controller) {
  const stream = controller.stream;
  if (!ReadableStreamDefaultControllerCanCloseOrEnqueue(controller)) return false;
  if (!controller.started) return false;
  if (IsReadableStreamLocked(stream) && ReadableStreamGetNumReadRequests(stream) > 0) return true;
  return ReadableStreamDefaultControllerGetDesiredSize(controller) > 0;
}

function ReadableStreamDefaultControllerClearAlgorithms(controller) {
  controller.pullAlgorithm = undefined;
  controller.cancelAlgorithm = undefined;
  controller.strategySizeAlgorithm = undefined;
}

function ReadableStreamDefaultControllerClose(controller) {
  if (!ReadableStreamDefaultControllerCanCloseOrEnqueue(controller)) return;
  controller.closeRequested = true;
  if (controller.queue.length === 0) {
    ReadableStreamDefaultControllerClearAlgorithms(controller);
    ReadableStreamClose(controller.stream);
  }
}

function ReadableStreamDefaultControllerEnqueue(controller, chunk) {
  if (!ReadableStreamDefaultControllerCanCloseOrEnqueue(controller)) return;
  const stream = controller.stream;
  if (IsReadableStreamLocked(stream) && ReadableStreamGetNumReadRequests(stream) > 0) {
    ReadableStreamFulfillReadRequest(stream, chunk, false);
  } else {
    let chunkSize;
    try {
      chunkSize = controller.strategySizeAlgorithm(chunk);
    } catch (chunkSizeE) {
      ReadableStreamDefaultControllerError(controller, chunkSizeE);
      throw chunkSizeE;
    }
    try {
      S.EnqueueValueWithSize(controller, chunk, chunkSize);
    } catch (enqueueE) {
      ReadableStreamDefaultControllerError(controller, enqueueE);
      throw enqueueE;
    }
  }
  ReadableStreamDefaultControllerCallPullIfNeeded(controller);
}

function ReadableStreamDefaultControllerError(controller, e) {
  const stream = controller.stream;
  if (stream.state !== 'readable') return;
  S.ResetQueue(controller);
  ReadableStreamDefaultControllerClearAlgorithms(controller);
  ReadableStreamError(stream, e);
}

function ReadableStreamDefaultControllerGetDesiredSize(controller) {
  const state = controller.stream.state;
  if (state === 'errored') return null;
  if (state === 'closed') return 0;
  return controller.strategyHWM - controller.queueTotalSize;
}

function ReadableStreamDefaultControllerHasBackpressure(controller) {
  return !ReadableStreamDefaultControllerShouldCallPull(controller);
}

function ReadableStreamDefaultControllerCanCloseOrEnqueue(controller) {
  return !controller.closeRequested && controller.stream.state === 'readable';
}

// [[CancelSteps]](reason).
function ReadableStreamDefaultControllerCancelSteps(controller, reason) {
  S.ResetQueue(controller);
  const result = controller.cancelAlgorithm(reason);
  ReadableStreamDefaultControllerClearAlgorithms(controller);
  return result;
}

// [[PullSteps]](readRequest).
function ReadableStreamDefaultControllerPullSteps(controller, readRequest) {
  const stream = controller.stream;
  if (controller.queue.length > 0) {
    const chunk = S.DequeueValue(controller);
    if (controller.closeRequested && controller.queue.length === 0) {
      ReadableStreamDefaultControllerClearAlgorithms(controller);
      ReadableStreamClose(stream);
    } else {
      ReadableStreamDefaultControllerCallPullIfNeeded(controller);
    }
    readRequest.chunkSteps(chunk);
  } else {
    ReadableStreamAddReadRequest(stream, readRequest);
    ReadableStreamDefaultControllerCallPullIfNeeded(controller);
  }
}

function SetUpReadableStreamDefaultController(stream, controller, startAlgorithm, pullAlgorithm,
  cancelAlgorithm, highWaterMark, sizeAlgorithm) {
  controller.stream = stream;
  S.ResetQueue(controller);
  controller.started = false;
  controller.closeRequested = false;
  controller.pullAgain = false;
  controller.pulling = false;
  controller.strategySizeAlgorithm = sizeAlgorithm;
  controller.strategyHWM = highWaterMark;
  controller.pullAlgorithm = pullAlgorithm;
  controller.cancelAlgorithm = cancelAlgorithm;
  stream.controller = controller;
  const startResult = startAlgorithm();
  uponPromise(promiseResolvedWith(startResult), () => {
    controller.started = true;
    ReadableStreamDefaultControllerCallPullIfNeeded(controller);
  }, (r) => {
    ReadableStreamDefaultControllerError(controller, r);
  });
}

function SetUpReadableStreamDefaultControllerFromUnderlyingSource(stream, underlyingSource,
  sourceDict, highWaterMark, sizeAlgorithm) {
  const controller = dcOf(new ReadableStreamDefaultController(kInternal));
  const controllerObj = controller.obj;
  const { start, pull, cancel } = sourceDict;
  const startAlgorithm = start === undefined ? S.noop
    : () => FunctionPrototypeCall(start, underlyingSource, controllerObj);
  const pullAlgorithm = pull === undefined ? () => promiseResolvedWith(undefined)
    : () => S.invokePromise1(pull, underlyingSource, controllerObj);
  const cancelAlgorithm = cancel === undefined ? () => promiseResolvedWith(undefined)
    : (reason) => S.invokePromise1(cancel, underlyingSource, reason);
  SetUpReadableStreamDefaultController(stream, controller, startAlgorithm, pullAlgorithm,
    cancelAlgorithm, highWaterMark, sizeAlgorithm);
}

// --- Sharing -------------------------------------------------------------------------------------

Object.assign(S, {
  ReadableStream, newReadableStream, dcOf, drOf,
  AcquireReadableStreamDefaultReader, CreateReadableStream, IsReadableStreamLocked,
  ReadableStreamAddReadRequest, ReadableStreamCancel, ReadableStreamClose, ReadableStreamError,
  ReadableStreamFulfillReadRequest, ReadableStreamGetNumReadRequests,
  ReadableStreamHasDefaultReader, ReadableStreamReaderGenericCancel,
  ReadableStreamReaderGenericInitialize, ReadableStreamReaderGenericRelease,
  ReadableStreamReaderErrorRequests, ReadableStreamDefaultReaderRead,
  ReadableStreamDefaultReaderRelease, ReadableStreamTee,
  ReadableStreamDefaultControllerCallPullIfNeeded, ReadableStreamDefaultControllerClose,
  ReadableStreamDefaultControllerEnqueue, ReadableStreamDefaultControllerError,
  ReadableStreamDefaultControllerGetDesiredSize, ReadableStreamDefaultControllerHasBackpressure,
  ReadableStreamDefaultControllerCanCloseOrEnqueue,
});

internals.ReadableStream = ReadableStream;
internals.ReadableStreamDefaultReader = ReadableStreamDefaultReader;
internals.ReadableStreamDefaultController = ReadableStreamDefaultController;
internals.defineGlobal('ReadableStream', ReadableStream);
internals.defineGlobal('ReadableStreamDefaultReader', ReadableStreamDefaultReader);
internals.defineGlobal('ReadableStreamDefaultController', ReadableStreamDefaultController);
