'use strict';
// WHATWG Streams §4 — readable byte streams: ReadableByteStreamController and
// ReadableStreamBYOBRequest. The BYOB reader and the byte tee are in 12_streams_bytes_reader.js.
// Follows the standard's abstract operations under their names; see 10_streams_common.js.

const S = internals.streamsImpl;
const { ArrayBuffer, MathMin, RangeError, TypeError, Uint8Array } = primordials;
const {
  kInternal, Queue, promiseResolvedWith, uponPromise, isObject, brandError, ReadableStreamClose,
  ReadableStreamError, ReadableStreamFulfillReadRequest, ReadableStreamGetNumReadRequests,
  ReadableStreamHasDefaultReader,
} = S;

// An ArrayBufferView over a (non-shared) ArrayBuffer, as WebIDL's ArrayBufferView type accepts.
function isPlainArrayBufferView(value) {
  return S.isArrayBufferView(value) && S.isArrayBuffer(S.viewBuffer(value));
}

// --- ReadableByteStreamController (§4.7) ---------------------------------------------------------

let bcOf;
class ReadableByteStreamController {
  #controller;
  constructor(key = undefined) {
    if (key !== kInternal) throw S.illegalConstructor();
    this.#controller = {
      obj: this,
      stream: undefined,
      isByte: true,
      // Entries { buffer, byteOffset, byteLength }.
      queue: new Queue(),
      queueTotalSize: 0,
      started: false,
      closeRequested: false,
      pullAgain: false,
      pulling: false,
      strategyHWM: 0,
      pullAlgorithm: undefined,
      cancelAlgorithm: undefined,
      autoAllocateChunkSize: undefined,
      // Pull-into descriptors { buffer, bufferByteLength, byteOffset, byteLength, bytesFilled,
      // minimumFill, elementSize, viewConstructor, readerType: 'default' | 'byob' | 'none' }.
      pendingPullIntos: new Queue(),
      byobRequest: null, // a BYOB request record
    };
  }

  static {
    bcOf = (o) => (isObject(o) && #controller in o ? o.#controller : undefined);
  }

  get byobRequest() {
    const controller = bcOf(this);
    if (controller === undefined) throw brandError('ReadableByteStreamController', 'byobRequest');
    const request = ReadableByteStreamControllerGetBYOBRequest(controller);
    return request === null ? null : request.obj;
  }

  get desiredSize() {
    const controller = bcOf(this);
    if (controller === undefined) throw brandError('ReadableByteStreamController', 'desiredSize');
    return ReadableByteStreamControllerGetDesiredSize(controller);
  }

  close() {
    const controller = bcOf(this);
    if (controller === undefined) throw brandError('ReadableByteStreamController', 'close');
    if (controller.closeRequested) throw new TypeError('The stream has already been closed');
    if (controller.stream.state !== 'readable') {
      throw new TypeError('The stream is not in a state that permits close');
    }
    ReadableByteStreamControllerClose(controller);
  }

  enqueue(chunk) {
    const controller = bcOf(this);
    if (controller === undefined) throw brandError('ReadableByteStreamController', 'enqueue');
    if (!isPlainArrayBufferView(chunk)) {
      throw new TypeError(
        "Failed to execute 'enqueue' on 'ReadableByteStreamController': parameter 1 is not of " +
        "type 'ArrayBufferView'.");
    }
    if (S.viewByteLength(chunk) === 0) {
      throw new TypeError('The chunk must have a non-zero byteLength');
    }
    if (S.arrayBufferByteLength(S.viewBuffer(chunk)) === 0) {
      throw new TypeError("The chunk's buffer must have a non-zero byteLength");
    }
    if (controller.closeRequested) throw new TypeError('The stream has already been closed');
    if (controller.stream.state !== 'readable') {
      throw new TypeError('The stream is not in a state that permits enqueue');
    }
    ReadableByteStreamControllerEnqueue(controller, chunk);
  }

  error(e = undefined) {
    const controller = bcOf(this);
    if (controller === undefined) throw brandError('ReadableByteStreamController', 'error');
    ReadableByteStreamControllerError(controller, e);
  }
}
S.finishClass(ReadableByteStreamController, 'ReadableByteStreamController');
S.registerClass(ReadableByteStreamController, (o) => bcOf(o) !== undefined);

// --- ReadableStreamBYOBRequest (§4.8) ----------------------------------------------------------

let reqOf;
class ReadableStreamBYOBRequest {
  #request;
  constructor(key = undefined) {
    if (key !== kInternal) throw S.illegalConstructor();
    this.#request = { obj: this, controller: undefined, view: null };
  }

  static {
    reqOf = (o) => (isObject(o) && #request in o ? o.#request : undefined);
  }

  get view() {
    const request = reqOf(this);
    if (request === undefined) throw brandError('ReadableStreamBYOBRequest', 'view');
    return request.view;
  }

  respond(bytesWritten) {
    const request = reqOf(this);
    if (request === undefined) throw brandError('ReadableStreamBYOBRequest', 'respond');
    bytesWritten = S.enforceRangeUnsigned(bytesWritten, 'bytesWritten');
    if (request.controller === undefined) {
      throw new TypeError('This BYOB request has been invalidated');
    }
    if (S.IsDetachedBuffer(S.viewBuffer(request.view))) {
      throw new TypeError(
        "The BYOB request's buffer has been detached and so cannot be used as a response");
    }
    ReadableByteStreamControllerRespond(request.controller, bytesWritten);
  }

  respondWithNewView(view) {
    const request = reqOf(this);
    if (request === undefined) throw brandError('ReadableStreamBYOBRequest', 'respondWithNewView');
    if (!isPlainArrayBufferView(view)) {
      throw new TypeError(
        "Failed to execute 'respondWithNewView' on 'ReadableStreamBYOBRequest': parameter 1 " +
        "is not of type 'ArrayBufferView'.");
    }
    if (request.controller === undefined) {
      throw new TypeError('This BYOB request has been invalidated');
    }
    if (S.IsDetachedBuffer(S.viewBuffer(view))) {
      throw new TypeError(
        "The given view's buffer has been detached and so cannot be used as a response");
    }
    ReadableByteStreamControllerRespondWithNewView(request.controller, view);
  }
}
S.finishClass(ReadableStreamBYOBRequest, 'ReadableStreamBYOBRequest');
S.registerClass(ReadableStreamBYOBRequest, (o) => reqOf(o) !== undefined);

// --- Working with byte streams (§4.9.1) ----------------------------------------------------------

// CreateReadableByteStream(startAlgorithm, pullAlgorithm, cancelAlgorithm) → a stream record.
// (highWaterMark and autoAllocateChunkSize are runtime extensions for native-backed bodies.)
function CreateReadableByteStream(startAlgorithm, pullAlgorithm, cancelAlgorithm,
  highWaterMark = 0, autoAllocateChunkSize = undefined) {
  const stream = S.newReadableStream();
  const controller = bcOf(new ReadableByteStreamController(kInternal));
  SetUpReadableByteStreamController(stream, controller, startAlgorithm, pullAlgorithm,
    cancelAlgorithm, highWaterMark, autoAllocateChunkSize);
  return stream;
}

// --- Interfacing with controllers (§4.9.2) ------------------------------------------------------

function ReadableStreamAddReadIntoRequest(stream, readIntoRequest) {
  stream.reader.requests.push(readIntoRequest);
}

function ReadableStreamFulfillReadIntoRequest(stream, chunk, done) {
  const readIntoRequest = stream.reader.requests.shift();
  if (done) readIntoRequest.closeSteps(chunk);
  else readIntoRequest.chunkSteps(chunk);
}

function ReadableStreamGetNumReadIntoRequests(stream) {
  return stream.reader.requests.length;
}

function ReadableStreamHasBYOBReader(stream) {
  const reader = stream.reader;
  return reader !== undefined && reader.isByob;
}

// --- Byte stream controllers (§4.9.5) ------------------------------------------------------------

function ReadableByteStreamControllerCallPullIfNeeded(controller) {
  if (!ReadableByteStreamControllerShouldCallPull(controller)) return;
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
      ReadableByteStreamControllerCallPullIfNeeded(controller);
    }
  }, (e) => {
    ReadableByteStreamControllerError(controller, e);
  });
}

function ReadableByteStreamControllerClearAlgorithms(controller) {
  controller.pullAlgorithm = undefined;
  controller.cancelAlgorithm = undefined;
}

function ReadableByteStreamControllerClearPendingPullIntos(controller) {
  ReadableByteStreamControllerInvalidateBYOBRequest(controller);
  controller.pendingPullIntos = new Queue();
}

function ReadableByteStreamControllerClose(controller) {
  const stream = controller.stream;
  if (controller.closeRequested || stream.state !== 'readable') return;
  if (controller.queueTotalSize > 0) {
    controller.closeRequested = true;
    return;
  }
  if (controller.pendingPullIntos.length > 0) {
    const firstPendingPullInto = controller.pendingPullIntos.peek();
    if (firstPendingPullInto.bytesFilled % firstPendingPullInto.elementSize !== 0) {
      const e = new TypeError('Insufficient bytes to fill elements in the given buffer');
      ReadableByteStreamControllerError(controller, e);
      throw e;
    }
  }
  ReadableByteStreamControllerClearAlgorithms(controller);
  ReadableStreamClose(stream);
}

function ReadableByteStreamControllerCommitPullIntoDescriptor(stream, pullIntoDescriptor) {
  const done = stream.state === 'closed';
  const filledView = ReadableByteStreamControllerConvertPullIntoDescriptor(pullIntoDescriptor);
  if (pullIntoDescriptor.readerType === 'default') {
    ReadableStreamFulfillReadRequest(stream, filledView, done);
  } else {
    ReadableStreamFulfillReadIntoRequest(stream, filledView, done);
  }
}

function ReadableByteStreamControllerConvertPullIntoDescriptor(pullIntoDescriptor) {
  const { bytesFilled, elementSize } = pullIntoDescriptor;
  const buffer = S.TransferArrayBuffer(pullIntoDescriptor.buffer);
  return new pullIntoDescriptor.viewConstructor(buffer, pullIntoDescriptor.byteOffset,
    bytesFilled / elementSize);
}

// `owned` (a runtime extension) says the chunk's buffer belongs to the stream already, nobody
// else holds it, so it need not be transferred.
function ReadableByteStreamControllerEnqueue(controller, chunk, owned = false) {
  const stream = controller.stream;
  if (controller.closeRequested || stream.state !== 'readable') return;
  const d = S.describeView(chunk);
  const { buffer, byteOffset, byteLength } = d;
  if (S.IsDetachedBuffer(buffer)) {
    throw new TypeError("The chunk's buffer is detached and so cannot be enqueued");
  }
  const transferredBuffer = owned ? buffer : S.TransferArrayBuffer(buffer);
  if (controller.pendingPullIntos.length > 0) {
    const firstPendingPullInto = controller.pendingPullIntos.peek();
    if (S.IsDetachedBuffer(firstPendingPullInto.buffer)) {
      throw new TypeError(
        "The BYOB request's buffer has been detached and so cannot be filled with an enqueued " +
        "chunk");
    }
    ReadableByteStreamControllerInvalidateBYOBRequest(controller);
    firstPendingPullInto.buffer = S.TransferArrayBuffer(firstPendingPullInto.buffer);
    if (firstPendingPullInto.readerType === 'none') {
      ReadableByteStreamControllerEnqueueDetachedPullIntoToQueue(controller, firstPendingPullInto);
    }
  }
  if (ReadableStreamHasDefaultReader(stream)) {
    ReadableByteStreamControllerProcessReadRequestsUsingQueue(controller);
    if (ReadableStreamGetNumReadRequests(stream) === 0) {
      ReadableByteStreamControllerEnqueueChunkToQueue(controller, transferredBuffer, byteOffset,
        byteLength);
    } else {
      if (controller.pendingPullIntos.length > 0) {
        ReadableByteStreamControllerShiftPendingPullInto(controller);
      }
      const transferredView = new Uint8Array(transferredBuffer, byteOffset, byteLength);
      ReadableStreamFulfillReadRequest(stream, transferredView, false);
    }
  } else if (ReadableStreamHasBYOBReader(stream)) {
    ReadableByteStreamControllerEnqueueChunkToQueue(controller, transferredBuffer, byteOffset,
      byteLength);
    ReadableByteStreamControllerProcessPullIntoDescriptorsUsingQueue(controller);
  } else {
    ReadableByteStreamControllerEnqueueChunkToQueue(controller, transferredBuffer, byteOffset,
      byteLength);
  }
  ReadableByteStreamControllerCallPullIfNeeded(controller);
}

function ReadableByteStreamControllerEnqueueChunkToQueue(controller, buffer, byteOffset,
  byteLength) {
  controller.queue.push({ buffer, byteOffset, byteLength });
  controller.queueTotalSize += byteLength;
}

function ReadableByteStreamControllerEnqueueClonedChunkToQueue(controller, buffer, byteOffset,
  byteLength) {
  let clonedChunk;
  try {
    clonedChunk = S.copyBytes(buffer, byteOffset, byteLength);
  } catch (cloneE) {
    ReadableByteStreamControllerError(controller, cloneE);
    throw cloneE;
  }
  ReadableByteStreamControllerEnqueueChunkToQueue(controller, S.viewBuffer(clonedChunk), 0,
    byteLength);
}

function ReadableByteStreamControllerEnqueueDetachedPullIntoToQueue(controller, firstDescriptor) {
  if (firstDescriptor.bytesFilled > 0) {
    ReadableByteStreamControllerEnqueueClonedChunkToQueue(controller, firstDescriptor.buffer,
      firstDescriptor.byteOffset, firstDescriptor.bytesFilled);
  }
  ReadableByteStreamControllerShiftPendingPullInto(controller);
}

function ReadableByteStreamControllerError(controller, e) {
  const stream = controller.stream;
  if (stream.state !== 'readable') return;
  ReadableByteStreamControllerClearPendingPullIntos(controller);
  S.ResetQueue(controller);
  ReadableByteStreamControllerClearAlgorithms(controller);
  ReadableStreamError(stream, e);
}

function ReadableByteStreamControllerFillHeadPullIntoDescriptor(controller, size,
  pullIntoDescriptor) {
  pullIntoDescriptor.bytesFilled += size;
}

function ReadableByteStreamControllerFillPullIntoDescriptorFromQueue(controller,
  pullIntoDescriptor) {
  const { elementSize } = pullIntoDescriptor;
  const maxBytesToCopy = MathMin(controller.queueTotalSize,
    pullIntoDescriptor.byteLength - pullIntoDescriptor.bytesFilled);
  const maxBytesFilled = pullIntoDescriptor.bytesFilled + maxBytesToCopy;
  let totalBytesToCopyRemaining = maxBytesToCopy;
  let ready = false;
  const remainderBytes = maxBytesFilled % elementSize;
  const maxAlignedBytes = maxBytesFilled - remainderBytes;
  if (maxAlignedBytes >= pullIntoDescriptor.minimumFill) {
    totalBytesToCopyRemaining = maxAlignedBytes - pullIntoDescriptor.bytesFilled;
    ready = true;
  }
  const queue = controller.queue;
  while (totalBytesToCopyRemaining > 0) {
    const headOfQueue = queue.peek();
    const bytesToCopy = MathMin(totalBytesToCopyRemaining, headOfQueue.byteLength);
    const destStart = pullIntoDescriptor.byteOffset + pullIntoDescriptor.bytesFilled;
    S.copyDataBlockBytes(pullIntoDescriptor.buffer, destStart, headOfQueue.buffer,
      headOfQueue.byteOffset, bytesToCopy);
    if (headOfQueue.byteLength === bytesToCopy) {
      queue.shift();
    } else {
      headOfQueue.byteOffset += bytesToCopy;
      headOfQueue.byteLength -= bytesToCopy;
    }
    controller.queueTotalSize -= bytesToCopy;
    ReadableByteStreamControllerFillHeadPullIntoDescriptor(controller, bytesToCopy,
      pullIntoDescriptor);
    totalBytesToCopyRemaining -= bytesToCopy;
  }
  return ready;
}

function ReadableByteStreamControllerFillReadRequestFromQueue(controller, readRequest) {
  const entry = controller.queue.shift();
  controller.queueTotalSize -= entry.byteLength;
  ReadableByteStreamControllerHandleQueueDrain(controller);
  const view = new Uint8Array(entry.buffer, entry.byteOffset, entry.byteLength);
  readRequest.chunkSteps(view);
}

function ReadableByteStreamControllerGetBYOBRequest(controller) {
  if (controller.byobRequest === null && controller.pendingPullIntos.length > 0) {
    const firstDescriptor = controller.pendingPullIntos.peek();
    const view = new Uint8Array(firstDescriptor.buffer,
      firstDescriptor.byteOffset + firstDescriptor.bytesFilled,
      firstDescriptor.byteLength - firstDescriptor.bytesFilled);
    const byobRequest = reqOf(new ReadableStreamBYOBRequest(kInternal));
    byobRequest.controller = controller;
    byobRequest.view = view;
    controller.byobRequest = byobRequest;
  }
  return controller.byobRequest;
}

function ReadableByteStreamControllerGetDesiredSize(controller) {
  const state = controller.stream.state;
  if (state === 'errored') return null;
  if (state === 'closed') return 0;
  return controller.strategyHWM - controller.queueTotalSize;
}

function ReadableByteStreamControllerHandleQueueDrain(controller) {
  if (controller.queueTotalSize === 0 && controller.closeRequested) {
    ReadableByteStreamControllerClearAlgorithms(controller);
    ReadableStreamClose(controller.stream);
  } else {
    ReadableByteStreamControllerCallPullIfNeeded(controller);
  }
}

function ReadableByteStreamControllerInvalidateBYOBRequest(controller) {
  const request = controller.byobRequest;
  if (request === null) return;
  request.controller = undefined;
  request.view = null;
  controller.byobRequest = null;
}

function ReadableByteStreamControllerProcessPullIntoDescriptorsUsingQueue(controller) {
  while (controller.pendingPullIntos.length > 0) {
    if (controller.queueTotalSize === 0) return;
    const pullIntoDescriptor = controller.pendingPullIntos.peek();
    if (ReadableByteStreamControllerFillPullIntoDescriptorFromQueue(controller,
      pullIntoDescriptor)) {
      ReadableByteStreamControllerShiftPendingPullInto(controller);
      ReadableByteStreamControllerCommitPullIntoDescriptor(controller.stream, pullIntoDescriptor);
    }
  }
}

function ReadableByteStreamControllerProcessReadRequestsUsingQueue(controller) {
  const requests = controller.stream.reader.requests;
  while (requests.length > 0) {
    if (controller.queueTotalSize === 0) return;
    const readRequest = requests.shift();
    ReadableByteStreamControllerFillReadRequestFromQueue(controller, readRequest);
  }
}

// ReadableByteStreamControllerPullInto(controller, view, min, readIntoRequest), with the view
// already described (S.describeView).
function ReadableByteStreamControllerPullInto(controller, view, min, readIntoRequest) {
  const stream = controller.stream;
  const { elementSize, ctor, byteOffset, byteLength } = view;
  const minimumFill = min * elementSize;
  let buffer;
  try {
    buffer = S.TransferArrayBuffer(view.buffer);
  } catch (e) {
    readIntoRequest.errorSteps(e);
    return;
  }
  const pullIntoDescriptor = {
    buffer,
    bufferByteLength: S.arrayBufferByteLength(buffer),
    byteOffset,
    byteLength,
    bytesFilled: 0,
    minimumFill,
    elementSize,
    viewConstructor: ctor,
    readerType: 'byob',
  };
  if (controller.pendingPullIntos.length > 0) {
    controller.pendingPullIntos.push(pullIntoDescriptor);
    ReadableStreamAddReadIntoRequest(stream, readIntoRequest);
    return;
  }
  if (stream.state === 'closed') {
    const emptyView = new ctor(pullIntoDescriptor.buffer, pullIntoDescriptor.byteOffset, 0);
    readIntoRequest.closeSteps(emptyView);
    return;
  }
  if (controller.queueTotalSize > 0) {
    if (ReadableByteStreamControllerFillPullIntoDescriptorFromQueue(controller,
      pullIntoDescriptor)) {
      const filledView = ReadableByteStreamControllerConvertPullIntoDescriptor(pullIntoDescriptor);
      ReadableByteStreamControllerHandleQueueDrain(controller);
      readIntoRequest.chunkSteps(filledView);
      return;
    }
    if (controller.closeRequested) {
      const e = new TypeError('Insufficient bytes to fill elements in the given buffer');
      ReadableByteStreamControllerError(controller, e);
      readIntoRequest.errorSteps(e);
      return;
    }
  }
  controller.pendingPullIntos.push(pullIntoDescriptor);
  ReadableStreamAddReadIntoRequest(stream, readIntoRequest);
  ReadableByteStreamControllerCallPullIfNeeded(controller);
}

function ReadableByteStreamControllerRespond(controller, bytesWritten) {
  const firstDescriptor = controller.pendingPullIntos.peek();
  const state = controller.stream.state;
  if (state === 'closed') {
    if (bytesWritten !== 0) {
      throw new TypeError('bytesWritten must be 0 when calling respond() on a closed stream');
    }
  } else {
    if (bytesWritten === 0) {
      throw new TypeError(
        'bytesWritten must be greater than 0 when calling respond() on a readable stream');
    }
    if (firstDescriptor.bytesFilled + bytesWritten > firstDescriptor.byteLength) {
      throw new RangeError('bytesWritten out of range');
    }
  }
  firstDescriptor.buffer = S.TransferArrayBuffer(firstDescriptor.buffer);
  ReadableByteStreamControllerRespondInternal(controller, bytesWritten);
}

function ReadableByteStreamControllerRespondInClosedState(controller, firstDescriptor) {
  if (firstDescriptor.readerType === 'none') {
    ReadableByteStreamControllerShiftPendingPullInto(controller);
  }
  const stream = controller.stream;
  if (ReadableStreamHasBYOBReader(stream)) {
    while (ReadableStreamGetNumReadIntoRequests(stream) > 0) {
      const pullIntoDescriptor = ReadableByteStreamControllerShiftPendingPullInto(controller);
      ReadableByteStreamControllerCommitPullIntoDescriptor(stream, pullIntoDescriptor);
    }
  }
}

function ReadableByteStreamControllerRespondInReadableState(controller, bytesWritten,
  pullIntoDescriptor) {
  ReadableByteStreamControllerFillHeadPullIntoDescriptor(controller, bytesWritten,
    pullIntoDescriptor);
  if (pullIntoDescriptor.readerType === 'none') {
    ReadableByteStreamControllerEnqueueDetachedPullIntoToQueue(controller, pullIntoDescriptor);
    ReadableByteStreamControllerProcessPullIntoDescriptorsUsingQueue(controller);
    return;
  }
  if (pullIntoDescriptor.bytesFilled < pullIntoDescriptor.minimumFill) return;
  ReadableByteStreamControllerShiftPendingPullInto(controller);
  const remainderSize = pullIntoDescriptor.bytesFilled % pullIntoDescriptor.elementSize;
  if (remainderSize > 0) {
    const end = pullIntoDescriptor.byteOffset + pullIntoDescriptor.bytesFilled;
    ReadableByteStreamControllerEnqueueClonedChunkToQueue(controller, pullIntoDescriptor.buffer,
      end - remainderSize, remainderSize);
  }
  pullIntoDescriptor.bytesFilled -= remainderSize;
  ReadableByteStreamControllerCommitPullIntoDescriptor(controller.stream, pullIntoDescriptor);
  ReadableByteStreamControllerProcessPullIntoDescriptorsUsingQueue(controller);
}

function ReadableByteStreamControllerRespondInternal(controller, bytesWritten) {
  const firstDescriptor = controller.pendingPullIntos.peek();
  ReadableByteStreamControllerInvalidateBYOBRequest(controller);
  if (controller.stream.state === 'closed') {
    ReadableByteStreamControllerRespondInClosedState(controller, firstDescriptor);
  } else {
    ReadableByteStreamControllerRespondInReadableState(controller, bytesWritten, firstDescriptor);
  }
  ReadableByteStreamControllerCallPullIfNeeded(controller);
}

function ReadableByteStreamControllerRespondWithNewView(controller, view) {
  const firstDescriptor = controller.pendingPullIntos.peek();
  const state = controller.stream.state;
  const d = S.describeView(view);
  if (state === 'closed') {
    if (d.byteLength !== 0) {
      throw new TypeError(
        "The view's length must be 0 when calling respondWithNewView() on a closed stream");
    }
  } else if (d.byteLength === 0) {
    throw new TypeError(
      "The view's length must be greater than 0 when calling respondWithNewView() on a " +
      "readable stream");
  }
  if (firstDescriptor.byteOffset + firstDescriptor.bytesFilled !== d.byteOffset) {
    throw new RangeError('The region specified by view does not match byobRequest');
  }
  if (firstDescriptor.bufferByteLength !== S.arrayBufferByteLength(d.buffer)) {
    throw new RangeError('The buffer of view has different capacity than byobRequest');
  }
  if (firstDescriptor.bytesFilled + d.byteLength > firstDescriptor.byteLength) {
    throw new RangeError('The region specified by view is larger than byobRequest');
  }
  const viewByteLength = d.byteLength;
  firstDescriptor.buffer = S.TransferArrayBuffer(d.buffer);
  ReadableByteStreamControllerRespondInternal(controller, viewByteLength);
}

function ReadableByteStreamControllerShiftPendingPullInto(controller) {
  return controller.pendingPullIntos.shift();
}

function ReadableByteStreamControllerShouldCallPull(controller) {
  const stream = controller.stream;
  if (stream.state !== 'readable') return false;
  if (controller.closeRequested) return false;
  if (!controller.started) return false;
  if (ReadableStreamHasDefaultReader(stream) && ReadableStreamGetNumReadRequests(stream) > 0) {
    return true;
  }
  if (ReadableStreamHasBYOBReader(stream) && ReadableStreamGetNumReadIntoRequests(stream) > 0) {
    return true;
  }
  return ReadableByteStreamControllerGetDesiredSize(controller) > 0;
}

function SetUpReadableByteStreamController(stream, controller, startAlgorithm, pullAlgorithm,
  cancelAlgorithm, highWaterMark, autoAllocateChunkSize) {
  controller.stream = stream;
  controller.pullAgain = false;
  controller.pulling = false;
  controller.byobRequest = null;
  S.ResetQueue(controller);
  controller.closeRequested = false;
  controller.started = false;
  controller.strategyHWM = highWaterMark;
  controller.pullAlgorithm = pullAlgorithm;
  controller.cancelAlgorithm = cancelAlgorithm;
  controller.autoAllocateChunkSize = autoAllocateChunkSize;
  controller.pendingPullIntos = new Queue();
  stream.controller = controller;
  const startResult = startAlgorithm();
  uponPromise(promiseResolvedWith(startResult), () => {
    controller.started = true;
    ReadableByteStreamControllerCallPullIfNeeded(controller);
  }, (r) => {
    ReadableByteStreamControllerError(controller, r);
  });
}

function SetUpReadableByteStreamControllerFromUnderlyingSource(stream, underlyingSource,
  sourceDict, highWaterMark) {
  const controller = bcOf(new ReadableByteStreamController(kInternal));
  const controllerObj = controller.obj;
  const { start, pull, cancel, autoAllocateChunkSize } = sourceDict;
  const startAlgorithm = start === undefined ? S.noop
    : () => S.call1(start, underlyingSource, controllerObj);
  const pullAlgorithm = pull === undefined ? () => promiseResolvedWith(undefined)
    : () => S.invokePromise1(pull, underlyingSource, controllerObj);
  const cancelAlgorithm = cancel === undefined ? () => promiseResolvedWith(undefined)
    : (reason) => S.invokePromise1(cancel, underlyingSource, reason);
  if (autoAllocateChunkSize === 0) {
    throw new TypeError('autoAllocateChunkSize must be greater than 0');
  }
  SetUpReadableByteStreamController(stream, controller, startAlgorithm, pullAlgorithm,
    cancelAlgorithm, highWaterMark, autoAllocateChunkSize);
}

// Closes the stream from the source side and answers a BYOB read still waiting with "done"
// (what an underlying byte source does: close(), then byobRequest.respond(0)).
function closeByteStreamFromSource(controller) {
  if (controller.closeRequested || controller.stream.state !== 'readable') return;
  ReadableByteStreamControllerClose(controller);
  if (controller.pendingPullIntos.length > 0 && controller.stream.state === 'closed') {
    ReadableByteStreamControllerRespond(controller, 0);
  }
}

// [[CancelSteps]](reason).
function ReadableByteStreamControllerCancelSteps(controller, reason) {
  ReadableByteStreamControllerClearPendingPullIntos(controller);
  S.ResetQueue(controller);
  const result = controller.cancelAlgorithm(reason);
  ReadableByteStreamControllerClearAlgorithms(controller);
  return result;
}

// [[PullSteps]](readRequest).
function ReadableByteStreamControllerPullSteps(controller, readRequest) {
  const stream = controller.stream;
  if (controller.queueTotalSize > 0) {
    ReadableByteStreamControllerFillReadRequestFromQueue(controller, readRequest);
    return;
  }
  const autoAllocateChunkSize = controller.autoAllocateChunkSize;
  if (autoAllocateChunkSize !== undefined) {
    let buffer;
    try {
      buffer = new ArrayBuffer(autoAllocateChunkSize);
    } catch (bufferE) {
      readRequest.errorSteps(bufferE);
      return;
    }
    controller.pendingPullIntos.push({
      buffer,
      bufferByteLength: autoAllocateChunkSize,
      byteOffset: 0,
      byteLength: autoAllocateChunkSize,
      bytesFilled: 0,
      minimumFill: 1,
      elementSize: 1,
      viewConstructor: Uint8Array,
      readerType: 'default',
    });
  }
  S.ReadableStreamAddReadRequest(stream, readRequest);
  ReadableByteStreamControllerCallPullIfNeeded(controller);
}

// [[ReleaseSteps]]().
function ReadableByteStreamControllerReleaseSteps(controller) {
  if (controller.pendingPullIntos.length > 0) {
    const firstPendingPullInto = controller.pendingPullIntos.peek();
    firstPendingPullInto.readerType = 'none';
    controller.pendingPullIntos = new Queue();
    controller.pendingPullIntos.push(firstPendingPullInto);
  }
}

// --- Sharing -------------------------------------------------------------------------------------

Object.assign(S, {
  bcOf, isPlainArrayBufferView, CreateReadableByteStream,
  ReadableByteStreamControllerPullInto,
  ReadableByteStreamControllerCancelSteps, ReadableByteStreamControllerPullSteps,
  ReadableByteStreamControllerReleaseSteps, ReadableByteStreamControllerClose,
  ReadableByteStreamControllerEnqueue, ReadableByteStreamControllerError,
  ReadableByteStreamControllerGetBYOBRequest, ReadableByteStreamControllerGetDesiredSize,
  ReadableByteStreamControllerRespond, ReadableByteStreamControllerRespondWithNewView,
  SetUpReadableByteStreamControllerFromUnderlyingSource, closeByteStreamFromSource,
});

internals.ReadableByteStreamController = ReadableByteStreamController;
internals.ReadableStreamBYOBRequest = ReadableStreamBYOBRequest;
internals.defineGlobal('ReadableByteStreamController', ReadableByteStreamController);
internals.defineGlobal('ReadableStreamBYOBRequest', ReadableStreamBYOBRequest);
