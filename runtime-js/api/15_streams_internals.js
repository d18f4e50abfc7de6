'use strict';
// What other runtime files (Request/Response bodies, fetch, sockets, compression) use from the
// streams implementation. Everything here takes and returns the public objects a Worker sees,
// and goes through the abstract operations directly, so a Worker that patches
// ReadableStream.prototype or Promise.prototype.then cannot disturb it.
//
//   internals.isReadableStream(v) / isWritableStream(v)
//   internals.isReadableStreamLocked(stream) / isReadableStreamDisturbed(stream)
//   internals.readableStreamCancel(stream, reason) → Promise<undefined>
//   internals.readableStreamTee(stream) → [branch1, branch2]      (Request/Response clone())
//   internals.readableStreamFromPull(pull, cancel, { highWaterMark, type }) → ReadableStream
//   internals.createReadableStreamFromChunks(Uint8Array[]) → ReadableStream (byte stream)
//   internals.readAllBytes(stream) → Promise<{ bytes: Uint8Array }>  (arrayBuffer(), text(), …)
//   internals.createConsumedReadableStream() → ReadableStream (closed, disturbed, locked)
//   internals.acquireReadableStreamReader(stream) → reader; readableStreamReaderRead(reader)
//     → Promise<{ value, done }>; readableStreamReaderRelease(reader)
//   internals.createWritableStreamFromSink({ write, close, abort }, { highWaterMark })
//   internals.fixedLengthOf(streamOrFixedLengthStream) → number | undefined (Content-Length)

const S = internals.streamsImpl;
const { FunctionPrototypeCall, TypeError, TypedArrayPrototypeSet, Uint8Array } = primordials;
const {
  newDeferred, resolveDeferred, rejectDeferred, promiseResolvedWith, promiseRejectedWith,
  transformPromiseWith,
} = S;

const notAReadableStream = () => new TypeError('The argument is not a ReadableStream');

function readableRecord(stream) {
  const record = S.rsOf(stream);
  if (record === undefined) throw notAReadableStream();
  return record;
}

internals.isReadableStream = (value) => S.rsOf(value) !== undefined;
internals.isWritableStream = (value) => S.wsOf(value) !== undefined;
internals.isReadableStreamLocked = (stream) => S.IsReadableStreamLocked(readableRecord(stream));
internals.isReadableStreamDisturbed = (stream) => readableRecord(stream).disturbed;

internals.readableStreamCancel = (stream, reason) => {
  const record = S.rsOf(stream);
  if (record === undefined) return promiseRejectedWith(notAReadableStream());
  return S.ReadableStreamCancel(record, reason);
};

internals.readableStreamTee = (stream) => {
  const branches = S.ReadableStreamTee(readableRecord(stream), false);
  return [branches[0].obj, branches[1].obj];
};

// A stream whose data comes from `pull()`: each call returns (a promise of) the next chunk — a
// Uint8Array the stream may keep (nobody else holds its buffer) — or null/undefined at the end;
// a rejection errors the stream. `pull` is never called again before its promise settles, and
// only while a reader waits or the queue is below highWaterMark (bytes; default 0, i.e. only
// on demand). `cancel(reason)` (optional) is called once if the reader gives up.
// `type` is 'bytes' (default: BYOB reads work, chunks are copied into the reader's buffer) or
// 'default'.
internals.readableStreamFromPull = (pull, cancel = undefined, options = undefined) => {
  const highWaterMark = options !== undefined && options.highWaterMark !== undefined
    ? options.highWaterMark : 0;
  const isBytes = options === undefined || options.type === undefined || options.type === 'bytes';
  let stream;
  const pullAlgorithm = () => {
    let result;
    try {
      result = pull();
    } catch (e) {
      return promiseRejectedWith(e);
    }
    return transformPromiseWith(promiseResolvedWith(result), (chunk) => {
      const controller = stream.controller;
      if (chunk === null || chunk === undefined) {
        if (isBytes) S.closeByteStreamFromSource(controller);
        else S.ReadableStreamDefaultControllerClose(controller);
      } else if (isBytes) {
        if (S.viewByteLength(chunk) > 0) {
          S.ReadableByteStreamControllerEnqueue(controller, chunk, true);
        }
      } else {
        S.ReadableStreamDefaultControllerEnqueue(controller, chunk);
      }
    });
  };
  const cancelAlgorithm = (reason) => {
    if (cancel === undefined) return promiseResolvedWith(undefined);
    try {
      return promiseResolvedWith(cancel(reason));
    } catch (e) {
      return promiseRejectedWith(e);
    }
  };
  stream = isBytes
    ? S.CreateReadableByteStream(S.noop, pullAlgorithm, cancelAlgorithm, highWaterMark)
    : S.CreateReadableStream(S.noop, pullAlgorithm, cancelAlgorithm, highWaterMark);
  return stream.obj;
};

// A closed byte stream holding `chunks` (Uint8Arrays the stream takes over: their buffers must
// not be used by anyone else afterwards). Empty chunks are skipped.
internals.createReadableStreamFromChunks = (chunks) => {
  const stream = S.CreateReadableByteStream(S.noop, () => promiseResolvedWith(undefined),
    () => promiseResolvedWith(undefined));
  const controller = stream.controller;
  for (let i = 0; i < chunks.length; i++) {
    const chunk = chunks[i];
    if (S.viewByteLength(chunk) > 0) S.ReadableByteStreamControllerEnqueue(controller, chunk, true);
  }
  S.ReadableByteStreamControllerClose(controller);
  return stream.obj;
};

// Reads the stream to its end and returns all its bytes in one Uint8Array that spans a whole
// ArrayBuffer nobody else holds (so `.buffer` can be handed out as is), in a null-prototype
// record: resolving a promise with an object looks up its `then`, which user code may have
// added to Object.prototype (WPT response-stream-with-broken-then). Chunks must be
// ArrayBuffers or ArrayBufferViews (a TypeError with Workers' message otherwise, after canceling
// the stream). Rejects with a TypeError if the stream is locked. Chunks queued in a byte stream
// are read synchronously, without a promise per chunk.
internals.readAllBytes = (streamObj) => {
  const stream = S.rsOf(streamObj);
  if (stream === undefined) return promiseRejectedWith(notAReadableStream());
  if (S.IsReadableStreamLocked(stream)) {
    return promiseRejectedWith(new TypeError(
      'This ReadableStream is currently locked to a reader.'));
  }
  const reader = S.AcquireReadableStreamDefaultReader(stream);
  // Chunks from a byte stream were transferred to the stream: they are ours to keep.
  const owned = stream.controller.isByte;
  const result = newDeferred();
  const chunks = [];
  let total = 0;
  let inLoop = false;
  let readAgain = false;

  const request = {
    chunkSteps(chunk) {
      const bytes = S.writtenChunkBytes(chunk);
      if (!S.isTypedArray(bytes)) {
        S.ReadableStreamCancel(stream, bytes);
        rejectDeferred(result, bytes);
        return;
      }
      if (S.viewByteLength(bytes) > 0) {
        chunks[chunks.length] = bytes;
        total += S.viewByteLength(bytes);
      }
      if (inLoop) readAgain = true;
      else pump();
    },
    // Fetch "fully read body" keeps the reader: the consumed stream stays locked.
    closeSteps() {
      resolveDeferred(result, { __proto__: null, bytes: concatenate(chunks, total, owned) });
    },
    errorSteps(e) {
      rejectDeferred(result, e);
    },
  };
  function pump() {
    do {
      readAgain = false;
      inLoop = true;
      S.ReadableStreamDefaultReaderRead(reader, request);
      inLoop = false;
    } while (readAgain);
  }
  pump();
  return result.promise;
};

// The stream `body` shows once a body was read without one (its source went out whole): as
// after reading a stream to its end, it is disturbed and stays locked by that read.
internals.createConsumedReadableStream = () => {
  const stream = S.rsOf(internals.createReadableStreamFromChunks([]));
  S.AcquireReadableStreamDefaultReader(stream);
  stream.disturbed = true;
  return stream.obj;
};

function concatenate(chunks, total, owned) {
  if (chunks.length === 1 && owned) {
    const only = chunks[0];
    if (S.viewByteOffset(only) === 0 &&
        S.arrayBufferByteLength(S.viewBuffer(only)) === S.viewByteLength(only)) {
      return only;
    }
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (let i = 0; i < chunks.length; i++) {
    TypedArrayPrototypeSet(out, chunks[i], offset);
    offset += S.viewByteLength(chunks[i]);
  }
  return out;
}

internals.acquireReadableStreamReader = (stream) =>
  S.AcquireReadableStreamDefaultReader(readableRecord(stream)).obj;

internals.readableStreamReaderRead = (readerObj) => {
  const reader = S.drOf(readerObj);
  if (reader === undefined || reader.stream === undefined) {
    return promiseRejectedWith(new TypeError('This ReadableStream reader has been released.'));
  }
  const request = new S.PromiseReadRequest();
  S.ReadableStreamDefaultReaderRead(reader, request);
  return request.promise;
};

internals.readableStreamReaderRelease = (readerObj) => {
  const reader = S.drOf(readerObj);
  if (reader !== undefined && reader.stream !== undefined) {
    S.ReadableStreamDefaultReaderRelease(reader);
  }
};

// A WritableStream over a native sink: `write(chunk)`, `close()` and `abort(reason)` (each
// optional) return promises; highWaterMark counts chunks (default 1) unless `size` is given.
internals.createWritableStreamFromSink = (sink, options = undefined) => {
  const call = (fn, arg) => {
    if (fn === undefined) return promiseResolvedWith(undefined);
    try {
      return promiseResolvedWith(FunctionPrototypeCall(fn, sink, arg));
    } catch (e) {
      return promiseRejectedWith(e);
    }
  };
  const highWaterMark = options !== undefined && options.highWaterMark !== undefined
    ? options.highWaterMark : 1;
  const size = options !== undefined && options.size !== undefined ? options.size : S.countSize;
  return S.CreateWritableStream(S.noop, (chunk) => call(sink.write, chunk),
    () => call(sink.close), (reason) => call(sink.abort, reason), highWaterMark, size).obj;
};

internals.fixedLengthOf = (value) => {
  const transform = S.tsOf(value);
  if (transform !== undefined) return transform.readable.fixedLength;
  const stream = S.rsOf(value);
  return stream === undefined ? undefined : stream.fixedLength;
};
