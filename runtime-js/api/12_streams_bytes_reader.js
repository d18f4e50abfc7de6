'use strict';
// WHATWG Streams §4 — ReadableStreamBYOBReader (with read(view, { min })) and the byte tee
// (ReadableByteStreamTee). See 10_streams_common.js.

const S = internals.streamsImpl;
const { RangeError, TypeError } = primordials;
const {
  kInternal, Queue, newDeferred, resolveDeferred, promiseResolvedWith, promiseRejectedWith,
  uponRejection, isObject, brandError, rsOf, isPlainArrayBufferView,
  ReadableStreamCancel, ReadableStreamReaderGenericCancel, ReadableStreamReaderGenericInitialize,
  ReadableStreamReaderGenericRelease, ReadableStreamReaderErrorRequests,
  ReadableStreamDefaultReaderRead, ReadableStreamDefaultReaderRelease,
  AcquireReadableStreamDefaultReader, IsReadableStreamLocked, PromiseReadRequest,
  CreateReadableByteStream, ReadableByteStreamControllerClose, ReadableByteStreamControllerEnqueue,
  ReadableByteStreamControllerError, ReadableByteStreamControllerGetBYOBRequest,
  ReadableByteStreamControllerPullInto, ReadableByteStreamControllerRespond,
  ReadableByteStreamControllerRespondWithNewView,
} = S;

// --- ReadableStreamBYOBReader (§4.5) -------------------------------------------------------------

// Record: { obj, stream, closed (Deferred), isByob: true, requests (read-into requests) }.
let brOf;
class ReadableStreamBYOBReader {
  #reader;
  constructor(stream) {
    const reader = { obj: this, stream: undefined, closed: undefined, isByob: true,
      requests: undefined };
    if (stream === kInternal) {
      this.#reader = reader;
      return;
    }
    const streamRecord = rsOf(stream);
    if (streamRecord === undefined) {
      throw new TypeError(
        "Failed to construct 'ReadableStreamBYOBReader': parameter 1 is not of type " +
        "'ReadableStream'.");
    }
    SetUpReadableStreamBYOBReader(reader, streamRecord);
    this.#reader = reader;
  }

  static {
    brOf = (o) => (isObject(o) && #reader in o ? o.#reader : undefined);
  }

  get closed() {
    const reader = brOf(this);
    if (reader === undefined) {
      return promiseRejectedWith(brandError('ReadableStreamBYOBReader', 'closed'));
    }
    return reader.closed.promise;
  }

  cancel(reason = undefined) {
    const reader = brOf(this);
    if (reader === undefined) {
      return promiseRejectedWith(brandError('ReadableStreamBYOBReader', 'cancel'));
    }
    if (reader.stream === undefined) {
      return promiseRejectedWith(new TypeError('This ReadableStream reader has been released.'));
    }
    return ReadableStreamReaderGenericCancel(reader, reason);
  }

  read(view, options = undefined) {
    const reader = brOf(this);
    if (reader === undefined) {
      return promiseRejectedWith(brandError('ReadableStreamBYOBReader', 'read'));
    }
    if (!isPlainArrayBufferView(view)) {
      return promiseRejectedWith(new TypeError(
        "Failed to execute 'read' on 'ReadableStreamBYOBReader': parameter 1 is not of type " +
        "'ArrayBufferView'."));
    }
    let min = 1;
    try {
      const dict = S.dictionaryValue(options, 'options');
      if (dict !== undefined && dict.min !== undefined) {
        min = S.enforceRangeUnsigned(dict.min, 'options.min');
      }
    } catch (e) {
      return promiseRejectedWith(e);
    }
    const d = S.describeView(view);
    if (d.byteLength === 0) {
      return promiseRejectedWith(new TypeError('The view must have a non-zero byteLength'));
    }
    if (S.arrayBufferByteLength(d.buffer) === 0) {
      return promiseRejectedWith(new TypeError(
        "The view's buffer must have a non-zero byteLength"));
    }
    if (S.IsDetachedBuffer(d.buffer)) {
      return promiseRejectedWith(new TypeError("The view's buffer has been detached"));
    }
    if (min === 0) return promiseRejectedWith(new TypeError('options.min must be greater than 0'));
    if (min > d.length) {
      return promiseRejectedWith(new RangeError(S.isTypedArray(view)
        ? "options.min must be less than or equal to the view's length"
        : "options.min must be less than or equal to the view's byteLength"));
    }
    if (reader.stream === undefined) {
      return promiseRejectedWith(new TypeError('This ReadableStream reader has been released.'));
    }
    const request = new PromiseReadRequest();
    ReadableStreamBYOBReaderRead(reader, view, d, min, request);
    return request.promise;
  }

  releaseLock() {
    const reader = brOf(this);
    if (reader === undefined) throw brandError('ReadableStreamBYOBReader', 'releaseLock');
    if (reader.stream === undefined) return;
    ReadableStreamBYOBReaderRelease(reader);
  }
}
S.finishClass(ReadableStreamBYOBReader, 'ReadableStreamBYOBReader');
S.registerClass(ReadableStreamBYOBReader, (o) => brOf(o) !== undefined);

// --- BYOB readers (§4.9.1, §4.9.3) --------------------------------------------------------------

function AcquireReadableStreamBYOBReader(stream) {
  const reader = brOf(new ReadableStreamBYOBReader(kInternal));
  SetUpReadableStreamBYOBReader(reader, stream);
  return reader;
}

// ReadableStreamBYOBReaderRead(reader, view, min, readIntoRequest); `described` is
// S.describeView(view), computed once by the caller.
function ReadableStreamBYOBReaderRead(reader, view, described, min, readIntoRequest) {
  const stream = reader.stream;
  stream.disturbed = true;
  if (stream.state === 'errored') {
    readIntoRequest.errorSteps(stream.storedError);
  } else {
    ReadableByteStreamControllerPullInto(stream.controller, described, min, readIntoRequest);
  }
}

function ReadableStreamBYOBReaderRelease(reader) {
  ReadableStreamReaderGenericRelease(reader);
  ReadableStreamReaderErrorRequests(reader,
    new TypeError('This ReadableStream reader has been released.'));
}

function SetUpReadableStreamBYOBReader(reader, stream) {
  if (IsReadableStreamLocked(stream)) {
    throw new TypeError('This ReadableStream is currently locked to a reader.');
  }
  if (!stream.controller.isByte) {
    throw new TypeError(
      'Cannot get a BYOB reader for a stream that is not a byte stream (type: "bytes").');
  }
  ReadableStreamReaderGenericInitialize(reader, stream);
  reader.requests = new Queue();
}

// --- Byte tee (§4.9.1) ------------------------------------------------------------------------

// ReadableByteStreamTee(stream) → [branch1, branch2] records.
function ReadableByteStreamTee(stream) {
  let reader = AcquireReadableStreamDefaultReader(stream);
  let reading = false;
  let readAgainForBranch1 = false;
  let readAgainForBranch2 = false;
  let canceled1 = false;
  let canceled2 = false;
  let reason1;
  let reason2;
  let branch1;
  let branch2;
  const cancelPromise = newDeferred();

  function forwardReaderError(thisReader) {
    uponRejection(thisReader.closed.promise, (r) => {
      if (thisReader !== reader) return;
      ReadableByteStreamControllerError(branch1.controller, r);
      ReadableByteStreamControllerError(branch2.controller, r);
      if (!canceled1 || !canceled2) resolveDeferred(cancelPromise, undefined);
    });
  }

  function pullWithDefaultReader() {
    if (reader.isByob) {
      ReadableStreamBYOBReaderRelease(reader);
      reader = AcquireReadableStreamDefaultReader(stream);
      forwardReaderError(reader);
    }
    ReadableStreamDefaultReaderRead(reader, {
      chunkSteps(chunk) {
        // See ReadableStreamDefaultTee: let errors of the source overtake this chunk.
        S.queueMicrotask(() => {
          readAgainForBranch1 = false;
          readAgainForBranch2 = false;
          const chunk1 = chunk;
          let chunk2 = chunk;
          if (!canceled1 && !canceled2) {
            try {
              chunk2 = S.CloneAsUint8Array(chunk);
            } catch (cloneE) {
              ReadableByteStreamControllerError(branch1.controller, cloneE);
              ReadableByteStreamControllerError(branch2.controller, cloneE);
              resolveDeferred(cancelPromise, ReadableStreamCancel(stream, cloneE));
              return;
            }
          }
          if (!canceled1) ReadableByteStreamControllerEnqueue(branch1.controller, chunk1);
          if (!canceled2) ReadableByteStreamControllerEnqueue(branch2.controller, chunk2);
          reading = false;
          if (readAgainForBranch1) pull1Algorithm();
          else if (readAgainForBranch2) pull2Algorithm();
        });
      },
      closeSteps() {
        reading = false;
        if (!canceled1) ReadableByteStreamControllerClose(branch1.controller);
        if (!canceled2) ReadableByteStreamControllerClose(branch2.controller);
        if (branch1.controller.pendingPullIntos.length > 0) {
          ReadableByteStreamControllerRespond(branch1.controller, 0);
        }
        if (branch2.controller.pendingPullIntos.length > 0) {
          ReadableByteStreamControllerRespond(branch2.controller, 0);
        }
        if (!canceled1 || !canceled2) resolveDeferred(cancelPromise, undefined);
      },
      errorSteps() {
        reading = false;
      },
    });
  }

  function pullWithBYOBReader(view, forBranch2) {
    if (!reader.isByob) {
      ReadableStreamDefaultReaderRelease(reader);
      reader = AcquireReadableStreamBYOBReader(stream);
      forwardReaderError(reader);
    }
    const byobBranch = forBranch2 ? branch2 : branch1;
    const otherBranch = forBranch2 ? branch1 : branch2;
    const readIntoRequest = {
      chunkSteps(chunk) {
        S.queueMicrotask(() => {
          readAgainForBranch1 = false;
          readAgainForBranch2 = false;
          const byobCanceled = forBranch2 ? canceled2 : canceled1;
          const otherCanceled = forBranch2 ? canceled1 : canceled2;
          if (!otherCanceled) {
            let clonedChunk;
            try {
              clonedChunk = S.CloneAsUint8Array(chunk);
            } catch (cloneE) {
              ReadableByteStreamControllerError(byobBranch.controller, cloneE);
              ReadableByteStreamControllerError(otherBranch.controller, cloneE);
              resolveDeferred(cancelPromise, ReadableStreamCancel(stream, cloneE));
              return;
            }
            if (!byobCanceled) {
              ReadableByteStreamControllerRespondWithNewView(byobBranch.controller, chunk);
            }
            ReadableByteStreamControllerEnqueue(otherBranch.controller, clonedChunk);
          } else if (!byobCanceled) {
            ReadableByteStreamControllerRespondWithNewView(byobBranch.controller, chunk);
          }
          reading = false;
          if (readAgainForBranch1) pull1Algorithm();
          else if (readAgainForBranch2) pull2Algorithm();
        });
      },
      closeSteps(chunk) {
        reading = false;
        const byobCanceled = forBranch2 ? canceled2 : canceled1;
        const otherCanceled = forBranch2 ? canceled1 : canceled2;
        if (!byobCanceled) ReadableByteStreamControllerClose(byobBranch.controller);
        if (!otherCanceled) ReadableByteStreamControllerClose(otherBranch.controller);
        if (chunk !== undefined) {
          if (!byobCanceled) {
            ReadableByteStreamControllerRespondWithNewView(byobBranch.controller, chunk);
          }
          if (!otherCanceled && otherBranch.controller.pendingPullIntos.length > 0) {
            ReadableByteStreamControllerRespond(otherBranch.controller, 0);
          }
        }
        if (!byobCanceled || !otherCanceled) resolveDeferred(cancelPromise, undefined);
      },
      errorSteps() {
        reading = false;
      },
    };
    ReadableStreamBYOBReaderRead(reader, view, S.describeView(view), 1, readIntoRequest);
  }

  function pull1Algorithm() {
    if (reading) {
      readAgainForBranch1 = true;
      return promiseResolvedWith(undefined);
    }
    reading = true;
    const byobRequest = ReadableByteStreamControllerGetBYOBRequest(branch1.controller);
    if (byobRequest === null) pullWithDefaultReader();
    else pullWithBYOBReader(byobRequest.view, false);
    return promiseResolvedWith(undefined);
  }
  function pull2Algorithm() {
    if (reading) {
      readAgainForBranch2 = true;
      return promiseResolvedWith(undefined);
    }
    reading = true;
    const byobRequest = ReadableByteStreamControllerGetBYOBRequest(branch2.controller);
    if (byobRequest === null) pullWithDefaultReader();
    else pullWithBYOBReader(byobRequest.view, true);
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

  branch1 = CreateReadableByteStream(S.noop, pull1Algorithm, cancel1Algorithm);
  branch2 = CreateReadableByteStream(S.noop, pull2Algorithm, cancel2Algorithm);
  forwardReaderError(reader);
  return [branch1, branch2];
}

Object.assign(S, {
  brOf, AcquireReadableStreamBYOBReader, ReadableStreamBYOBReaderRead,
  ReadableStreamBYOBReaderRelease, ReadableByteStreamTee,
});

internals.ReadableStreamBYOBReader = ReadableStreamBYOBReader;
internals.defineGlobal('ReadableStreamBYOBReader', ReadableStreamBYOBReader);
