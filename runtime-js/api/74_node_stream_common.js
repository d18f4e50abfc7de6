'use strict';
// node:stream, shared pieces: the legacy Stream base (an EventEmitter with the classic pipe()),
// Node's stream error codes, destroy() and errorOrDestroy() common to Readable and Writable, and
// the predicates (isReadable, isErrored, …) that finished(), pipeline() and libraries use.
// Readable and Writable keep their state in `_readableState` / `_writableState` with Node's
// field names, because libraries read those directly.

const {
  ObjectSetPrototypeOf, Error, TypeError, SymbolAsyncIterator, SymbolIterator, Symbol,
  ReflectApply, ObjectDefineProperty,
} = primordials;
const { EventEmitter, nodeErrors } = internals;
// The runtime's own, captured before a Worker can replace the global.
const { queueMicrotask } = globalThis;

// process.nextTick as workerd has it: a microtask.
function nextTick(fn, ...args) {
  queueMicrotask(() => ReflectApply(fn, undefined, args));
}

const make = nodeErrors.make;
const streamErrors = {
  pushAfterEof: () => make(Error, 'ERR_STREAM_PUSH_AFTER_EOF', 'stream.push() after EOF'),
  unshiftAfterEnd: () => make(Error, 'ERR_STREAM_UNSHIFT_AFTER_END_EVENT', 'stream.unshift() after end event'),
  writeAfterEnd: () => make(Error, 'ERR_STREAM_WRITE_AFTER_END', 'write after end'),
  destroyed: (what) => make(Error, 'ERR_STREAM_DESTROYED', `Cannot call ${what} after a stream was destroyed`),
  alreadyFinished: (what) => make(Error, 'ERR_STREAM_ALREADY_FINISHED', `Cannot call ${what} after a stream was finished`),
  nullValues: () => make(TypeError, 'ERR_STREAM_NULL_VALUES', 'May not write null values to stream'),
  multipleCallback: () => make(Error, 'ERR_MULTIPLE_CALLBACK', 'Callback called multiple times'),
  notImplemented: (what) => make(Error, 'ERR_METHOD_NOT_IMPLEMENTED', `The ${what} method is not implemented`),
  prematureClose: () => make(Error, 'ERR_STREAM_PREMATURE_CLOSE', 'Premature close'),
  cannotPipe: () => make(Error, 'ERR_STREAM_CANNOT_PIPE', 'Cannot pipe, not readable'),
  invalidChunk: (chunk) => nodeErrors.invalidArgType('chunk', 'of type string or an instance of Buffer or Uint8Array', chunk),
  invalidReturn: (expected, name, value) => make(TypeError, 'ERR_INVALID_RETURN_VALUE',
    `Expected ${expected} to be returned from the "${name}" function but got ${value === null ? 'null' : typeof value}.`),
  abort(cause) {
    const error = make(Error, 'ABORT_ERR', 'The operation was aborted');
    ObjectDefineProperty(error, 'name', { value: 'AbortError', writable: true, configurable: true });
    if (cause !== undefined) error.cause = cause;
    return error;
  },
};

// The legacy base class: `new Stream()` is an EventEmitter whose pipe() forwards 'data'.
function Stream(options) {
  ReflectApply(EventEmitter, this, [options]);
}
ObjectSetPrototypeOf(Stream.prototype, EventEmitter.prototype);
ObjectSetPrototypeOf(Stream, EventEmitter);

// Stream.prototype.pipe for streams that are only EventEmitters ('data', 'end', pause/resume).
Stream.prototype.pipe = function pipe(dest, options) {
  const source = this;
  function ondata(chunk) {
    if (dest.writable && dest.write(chunk) === false && source.pause) source.pause();
  }
  function ondrain() {
    if (source.readable && source.resume) source.resume();
  }
  source.on('data', ondata);
  dest.on('drain', ondrain);
  let didOnEnd = false;
  function onend() {
    if (didOnEnd) return;
    didOnEnd = true;
    dest.end();
  }
  function onclose() {
    if (didOnEnd) return;
    didOnEnd = true;
    if (typeof dest.destroy === 'function') dest.destroy();
  }
  if (!dest._isStdio && options?.end !== false) {
    source.on('end', onend);
    source.on('close', onclose);
  }
  function onerror(error) {
    cleanup();
    if (EventEmitter.listenerCount(this, 'error') === 0) this.emit('error', error);
  }
  source.prependListener('error', onerror);
  dest.prependListener('error', onerror);
  function cleanup() {
    source.removeListener('data', ondata);
    dest.removeListener('drain', ondrain);
    source.removeListener('end', onend);
    source.removeListener('close', onclose);
    source.removeListener('error', onerror);
    dest.removeListener('error', onerror);
    source.removeListener('end', cleanup);
    source.removeListener('close', cleanup);
    dest.removeListener('close', cleanup);
  }
  source.on('end', cleanup);
  source.on('close', cleanup);
  dest.on('close', cleanup);
  dest.emit('pipe', source);
  return dest;
};

// Emitted by a stream whose construct() finished, so a destroy() waiting for it can go on.
const kDestroy = Symbol('kDestroy');

function checkError(error, w, r) {
  if (!error) return;
  if (w && !w.errored) w.errored = error;
  if (r && !r.errored) r.errored = error;
}

function emitErrorNT(stream, error) {
  const r = stream._readableState;
  const w = stream._writableState;
  if (w?.errorEmitted || r?.errorEmitted) return;
  if (w) w.errorEmitted = true;
  if (r) r.errorEmitted = true;
  stream.emit('error', error);
}

function emitCloseNT(stream) {
  const r = stream._readableState;
  const w = stream._writableState;
  if (w) w.closeEmitted = true;
  if (r) r.closeEmitted = true;
  if (w?.emitClose || r?.emitClose) stream.emit('close');
}

function runDestroy(stream, error, callback) {
  let called = false;
  function onDestroy(err) {
    if (called) return;
    called = true;
    const r = stream._readableState;
    const w = stream._writableState;
    checkError(err, w, r);
    if (w) w.closed = true;
    if (r) r.closed = true;
    if (typeof callback === 'function') callback(err);
    if (err) {
      nextTick(() => {
        emitErrorNT(stream, err);
        emitCloseNT(stream);
      });
    } else {
      nextTick(emitCloseNT, stream);
    }
  }
  try {
    stream._destroy(error || null, onDestroy);
  } catch (err) {
    onDestroy(err);
  }
}

// Readable.prototype.destroy and Writable.prototype.destroy: marks the stream destroyed, calls
// _destroy(err, cb), then emits 'error' (when there is one) and 'close' on a later tick.
function destroy(error, callback) {
  const r = this._readableState;
  const w = this._writableState;
  const s = w || r;
  if (w?.destroyed || r?.destroyed) {
    if (typeof callback === 'function') callback();
    return this;
  }
  checkError(error, w, r);
  if (w) w.destroyed = true;
  if (r) r.destroyed = true;
  if (!s.constructed) {
    this.once(kDestroy, (err) => runDestroy(this, err || error, callback));
  } else {
    runDestroy(this, error, callback);
  }
  return this;
}

// An error the stream itself ran into: destroy it (autoDestroy) or just emit 'error'.
function errorOrDestroy(stream, error, sync) {
  const r = stream._readableState;
  const w = stream._writableState;
  if (w?.destroyed || r?.destroyed) return;
  if (r?.autoDestroy || w?.autoDestroy) {
    stream.destroy(error);
  } else if (error) {
    checkError(error, w, r);
    if (sync) nextTick(emitErrorNT, stream, error);
    else emitErrorNT(stream, error);
  }
}

// Emitted once _construct() succeeded.
const kConstructed = Symbol('kConstructed');

// Runs options.construct (or _construct) before any _read/_write; they wait for `constructed`.
// `callback` runs once it succeeded (a Duplex passes one callback for both sides).
function construct(stream, callback) {
  if (typeof stream._construct !== 'function') return;
  const r = stream._readableState;
  const w = stream._writableState;
  if (r) r.constructed = false;
  if (w) w.constructed = false;
  stream.once(kConstructed, callback);
  nextTick(() => {
    let called = false;
    function onConstruct(error) {
      if (called) {
        errorOrDestroy(stream, error ?? streamErrors.multipleCallback());
        return;
      }
      called = true;
      if (r) r.constructed = true;
      if (w) w.constructed = true;
      if (r?.destroyed || w?.destroyed) stream.emit(kDestroy, error);
      else if (error) errorOrDestroy(stream, error, true);
      else stream.emit(kConstructed);
    }
    try {
      stream._construct((error) => nextTick(onConstruct, error));
    } catch (error) {
      nextTick(onConstruct, error);
    }
  });
}

const isReadableNodeStream = (obj, strict = false) => !!(obj && typeof obj.pipe === 'function' &&
  typeof obj.on === 'function' &&
  (!strict || (typeof obj.pause === 'function' && typeof obj.resume === 'function')) &&
  (!obj._writableState || obj._readableState?.readable !== false) &&
  (!obj._writableState || obj._readableState));
const isWritableNodeStream = (obj) => !!(obj && typeof obj.write === 'function' &&
  typeof obj.on === 'function' && (!obj._readableState || obj._writableState?.writable !== false));
const isNodeStream = (obj) => !!(obj && (obj._readableState || obj._writableState ||
  (typeof obj.write === 'function' && typeof obj.on === 'function') ||
  (typeof obj.pipe === 'function' && typeof obj.on === 'function')));
const isWebReadable = (obj) => internals.isReadableStream(obj);
const isWebWritable = (obj) => internals.isWritableStream(obj);
const isWebTransform = (obj) => !!(obj && isWebReadable(obj.readable) && isWebWritable(obj.writable));
const isIterable = (obj, isAsync) => {
  if (obj == null) return false;
  if (isAsync === true) return typeof obj[SymbolAsyncIterator] === 'function';
  if (isAsync === false) return typeof obj[SymbolIterator] === 'function';
  return typeof obj[SymbolAsyncIterator] === 'function' || typeof obj[SymbolIterator] === 'function';
};

function isDestroyed(stream) {
  if (!isNodeStream(stream)) return null;
  const state = stream._writableState || stream._readableState;
  return !!(stream.destroyed || state?.destroyed);
}
function isWritableEnded(stream) {
  const w = stream._writableState;
  if (!w || w.errored) return false;
  return typeof w.ended === 'boolean' ? w.ended : null;
}
function isWritableFinished(stream, strict) {
  const w = stream._writableState;
  if (!w || w.errored) return false;
  return !!(w.finished || (strict === false && w.ended === true && w.length === 0));
}
function isReadableFinished(stream, strict) {
  const r = stream._readableState;
  if (!r || r.errored) return false;
  return !!(r.endEmitted || (strict === false && r.ended === true && r.length === 0));
}
function isReadable(stream) {
  if (isWebReadable(stream)) return !stream.locked;
  if (stream && typeof stream.readable !== 'boolean') return null;
  if (isDestroyed(stream)) return false;
  return isReadableNodeStream(stream) && stream.readable && !isReadableFinished(stream);
}
function isWritable(stream) {
  if (isWebWritable(stream)) return !stream.locked;
  if (stream && typeof stream.writable !== 'boolean') return null;
  if (isDestroyed(stream)) return false;
  return isWritableNodeStream(stream) && stream.writable && !isWritableEnded(stream);
}
function isErrored(stream) {
  return !!(stream && (stream.errored ?? stream.readableErrored ?? stream.writableErrored ??
    stream._readableState?.errorEmitted ?? stream._writableState?.errorEmitted ??
    stream._readableState?.errored ?? stream._writableState?.errored));
}
function isDisturbed(stream) {
  return !!(stream && (stream.disturbed ?? (stream.readableDidRead || stream.readableAborted)));
}
function isClosed(stream) {
  if (!isNodeStream(stream)) return null;
  const w = stream._writableState;
  const r = stream._readableState;
  if (typeof w?.closed === 'boolean' || typeof r?.closed === 'boolean') return !!(w?.closed || r?.closed);
  return typeof stream.closed === 'boolean' ? stream.closed : null;
}

// 64 KiB for bytes and 16 objects, as in Node 22.
let defaultHighWaterMark = 64 * 1024;
const defaultObjectHighWaterMark = 16;
function getDefaultHighWaterMark(objectMode) {
  return objectMode ? defaultObjectHighWaterMark : defaultHighWaterMark;
}
function setDefaultHighWaterMark(objectMode, value) {
  if (!objectMode) defaultHighWaterMark = value;
}
// options.highWaterMark (or readableHighWaterMark / writableHighWaterMark of a Duplex).
function highWaterMarkFrom(options, duplexKey, isDuplex, objectMode) {
  const value = options?.highWaterMark ?? (isDuplex ? options?.[duplexKey] : undefined);
  if (value == null) return getDefaultHighWaterMark(objectMode);
  if (typeof value !== 'number' || !(value >= 0) || value !== Math.floor(value)) {
    const name = options?.highWaterMark != null ? 'options.highWaterMark' : `options.${duplexKey}`;
    throw nodeErrors.invalidArgValue(name, value);
  }
  return value;
}

internals.nodeStream = {
  Stream, nextTick, streamErrors, destroy, errorOrDestroy, construct,
  isReadableNodeStream, isWritableNodeStream, isNodeStream, isWebReadable,
  isWebWritable, isWebTransform, isIterable, isDestroyed, isWritableEnded, isWritableFinished,
  isReadableFinished, isReadable, isWritable, isErrored, isDisturbed, isClosed,
  getDefaultHighWaterMark, setDefaultHighWaterMark, highWaterMarkFrom,
};
