'use strict';
// node:stream finished() (Node's end-of-stream: calls back once a stream ended, finished, errored
// or closed early with ERR_STREAM_PREMATURE_CLOSE) and addAbortSignal() (destroys a stream when
// the signal aborts). Loaded before Readable and Writable, which use addAbortSignal.

const NS = internals.nodeStream;
const {
  nextTick, streamErrors, isReadableNodeStream, isWritableNodeStream, isNodeStream,
  isReadableFinished, isWritableFinished, isReadable, isWritable, isClosed,
} = NS;
const { nodeErrors, validateFunction } = internals;
const { ReflectApply } = primordials;

function nop() {}

function once(callback) {
  let called = false;
  return function (...args) {
    if (called) return;
    called = true;
    return callback.apply(this, args);
  };
}

function eos(stream, options, callback) {
  if (arguments.length === 2) {
    callback = options;
    options = {};
  } else if (options == null) {
    options = {};
  } else {
    internals.validateObject(options, 'options');
  }
  validateFunction(callback, 'callback');
  // Web streams are not observable here without locking them: only Node streams.
  if (!isNodeStream(stream)) {
    throw nodeErrors.invalidArgType('stream', 'an instance of Stream', stream);
  }
  callback = once(callback);
  const readable = options.readable ?? isReadableNodeStream(stream);
  const writable = options.writable ?? isWritableNodeStream(stream);
  const w = stream._writableState;
  const r = stream._readableState;
  // Streams that will emit 'close' after 'end'/'finish' are reported on 'close'.
  let willEmitClose = !!((w || r) && (w?.autoDestroy ?? r?.autoDestroy) &&
    (w?.emitClose ?? r?.emitClose) && (!w || w.emitClose) && (!r || r.emitClose));
  let writableFinished = isWritableFinished(stream, false);
  let readableFinished = isReadableFinished(stream, false);
  const onlegacyfinish = () => {
    if (!stream.writable) onfinish();
  };
  const onfinish = () => {
    writableFinished = true;
    if (stream.destroyed) willEmitClose = false;
    if (willEmitClose && (!stream.readable || readable)) return;
    if (!readable || readableFinished) callback.call(stream);
  };
  const onend = () => {
    readableFinished = true;
    if (stream.destroyed) willEmitClose = false;
    if (willEmitClose && (!stream.writable || writable)) return;
    if (!writable || writableFinished) callback.call(stream);
  };
  const onerror = (error) => callback.call(stream, error);
  let closed = isClosed(stream);
  const onclose = () => {
    closed = true;
    const errored = w?.errored || r?.errored;
    if (errored && typeof errored !== 'boolean') return callback.call(stream, errored);
    if (readable && !readableFinished && isReadableNodeStream(stream, true) &&
        !isReadableFinished(stream, false)) {
      return callback.call(stream, streamErrors.prematureClose());
    }
    if (writable && !writableFinished && !isWritableFinished(stream, false)) {
      return callback.call(stream, streamErrors.prematureClose());
    }
    callback.call(stream);
  };
  stream.on('finish', onfinish);
  if (!w && !r) {
    stream.on('end', onlegacyfinish);
    stream.on('close', onlegacyfinish);
  }
  stream.on('end', onend);
  if (options.error !== false) stream.on('error', onerror);
  stream.on('close', onclose);

  if (closed) {
    nextTick(onclose);
  } else if (w?.errorEmitted || r?.errorEmitted) {
    if (!willEmitClose) nextTick(onclose);
  } else if (!readable && (!willEmitClose || isReadable(stream)) &&
             (writableFinished || isWritable(stream) === false)) {
    nextTick(onclose);
  } else if (!writable && (!willEmitClose || isWritable(stream)) &&
             (readableFinished || isReadable(stream) === false)) {
    nextTick(onclose);
  }

  const cleanup = () => {
    callback = nop;
    stream.removeListener('finish', onfinish);
    stream.removeListener('end', onlegacyfinish);
    stream.removeListener('close', onlegacyfinish);
    stream.removeListener('end', onend);
    stream.removeListener('error', onerror);
    stream.removeListener('close', onclose);
  };
  if (options.signal && !closed) {
    const signal = options.signal;
    const abort = () => {
      const endCallback = callback;
      cleanup();
      endCallback.call(stream, streamErrors.abort(signal.reason));
    };
    if (signal.aborted) {
      nextTick(abort);
    } else {
      signal.addEventListener('abort', abort, { once: true });
      const original = callback;
      callback = once((...args) => {
        signal.removeEventListener('abort', abort);
        original.apply(stream, args);
      });
    }
  }
  return cleanup;
}

function finished(...args) {
  return ReflectApply(eos, undefined, args);
}
finished.finished = finished;

// The promise form, node:stream/promises finished().
function finishedPromise(stream, options) {
  return new Promise((resolve, reject) => {
    eos(stream, options, (error) => (error ? reject(error) : resolve()));
  });
}

function addAbortSignal(signal, stream) {
  if (!signal || typeof signal.aborted !== 'boolean') {
    throw nodeErrors.invalidArgType('signal', 'an instance of AbortSignal', signal);
  }
  if (!isNodeStream(stream) && !NS.isWebReadable(stream) && !NS.isWebWritable(stream)) {
    throw nodeErrors.invalidArgType('stream', 'an instance of ReadableStream, WritableStream, or Stream', stream);
  }
  const onAbort = () => {
    const error = streamErrors.abort(signal.reason);
    if (isNodeStream(stream)) stream.destroy(error);
    else if (NS.isWebReadable(stream)) stream.cancel(error).catch(nop);
    else stream.abort(error).catch(nop);
  };
  if (signal.aborted) {
    onAbort();
  } else {
    signal.addEventListener('abort', onAbort, { once: true });
    if (isNodeStream(stream)) eos(stream, () => signal.removeEventListener('abort', onAbort));
  }
  return stream;
}

NS.eos = eos;
NS.finished = finished;
NS.finishedPromise = finishedPromise;
NS.addAbortSignal = addAbortSignal;
