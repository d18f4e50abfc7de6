'use strict';
// node:stream Readable: a buffer of chunks filled by push() (from _read(), or from outside) and
// drained by read(n), in paused mode ('readable' events, read()) or flowing mode ('data'
// events). Follows the algorithm Node documents (nodejs.org/api/stream.html): highWaterMark
// limits how far _read() runs ahead, setEncoding() decodes through a StringDecoder. pipe() is
// in 75_node_stream_readable_pipe.js.

const {
  ArrayPrototypePush, ArrayPrototypeShift, ArrayPrototypeUnshift, ArrayPrototypeJoin,
  ArrayBufferIsView,
  ObjectSetPrototypeOf, ObjectDefineProperties, NumberIsInteger, NumberIsNaN, NumberParseInt,
  ReflectApply,
} = primordials;
const { Buffer } = internals;
const { StringDecoder } = internals.builtinModules['node:string_decoder'];
const NS = internals.nodeStream;
const {
  Stream, nextTick, streamErrors, errorOrDestroy, construct, highWaterMarkFrom,
} = NS;

function ReadableState(options, stream, isDuplex) {
  this.objectMode = !!(options?.objectMode || (isDuplex && options?.readableObjectMode));
  this.highWaterMark = highWaterMarkFrom(options, 'readableHighWaterMark', isDuplex, this.objectMode);
  this.buffer = [];
  this.length = 0;
  this.pipes = [];
  this.flowing = null;
  this.ended = false;
  this.endEmitted = false;
  this.reading = false;
  this.constructed = true;
  // True while _read() runs: a push() then may not emit 'data' at once (Node's `sync`).
  this.sync = true;
  this.needReadable = false;
  this.emittedReadable = false;
  this.readableListening = false;
  this.resumeScheduled = false;
  this.paused = null;
  this.errorEmitted = false;
  this.emitClose = options?.emitClose !== false;
  this.autoDestroy = options?.autoDestroy !== false;
  this.destroyed = false;
  this.errored = null;
  this.closed = false;
  this.closeEmitted = false;
  this.defaultEncoding = options?.defaultEncoding || 'utf8';
  // The destinations of pipe() that asked to wait for 'drain'.
  this.awaitDrainWriters = new Set();
  this.readingMore = false;
  this.dataEmitted = false;
  this.decoder = null;
  this.encoding = null;
  if (options?.encoding) {
    this.decoder = new StringDecoder(options.encoding);
    this.encoding = this.decoder.encoding;
  }
}

function Readable(options) {
  if (!(this instanceof Readable)) return new Readable(options);
  const isDuplex = this instanceof NS.Duplex;
  this._readableState = new ReadableState(options, this, isDuplex);
  if (options) {
    if (typeof options.read === 'function') this._read = options.read;
    if (typeof options.destroy === 'function') this._destroy = options.destroy;
    if (typeof options.construct === 'function') this._construct = options.construct;
    if (options.signal && !isDuplex) NS.addAbortSignal(options.signal, this);
  }
  ReflectApply(Stream, this, [options]);
  if (!isDuplex) construct(this, () => afterConstruct(this));
}
ObjectSetPrototypeOf(Readable.prototype, Stream.prototype);
ObjectSetPrototypeOf(Readable, Stream);
Readable.ReadableState = ReadableState;

function afterConstruct(stream) {
  const state = stream._readableState;
  if (state.needReadable) maybeReadMore(stream, state);
}

Readable.prototype.destroy = NS.destroy;
Readable.prototype._undestroy = function _undestroy() {
  const state = this._readableState;
  state.constructed = true;
  state.closed = state.closeEmitted = state.destroyed = false;
  state.errored = null;
  state.errorEmitted = state.reading = state.ended = state.endEmitted = false;
};
Readable.prototype._destroy = function _destroy(error, callback) {
  callback(error);
};

Readable.prototype.push = function push(chunk, encoding) {
  return addChunkFrom(this, chunk, encoding, false);
};
Readable.prototype.unshift = function unshift(chunk, encoding) {
  return addChunkFrom(this, chunk, encoding, true);
};

// Normalises a pushed chunk (strings to Buffers unless decoding, Uint8Arrays to Buffers).
function addChunkFrom(stream, chunk, encoding, addToFront) {
  const state = stream._readableState;
  if (chunk === null) {
    state.reading = false;
    onEofChunk(stream, state);
    return false;
  }
  if (!state.objectMode) {
    if (typeof chunk === 'string') {
      encoding = encoding || state.defaultEncoding;
      if (state.encoding !== encoding) {
        chunk = addToFront && state.encoding
          ? Buffer.from(chunk, encoding).toString(state.encoding)
          : Buffer.from(chunk, encoding);
        encoding = '';
      }
    } else if (chunk instanceof Buffer) {
      encoding = '';
    } else if (ArrayBufferIsView(chunk)) {
      chunk = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      encoding = '';
    } else if (chunk !== undefined) {
      errorOrDestroy(stream, streamErrors.invalidChunk(chunk));
      return false;
    }
  }
  if (state.objectMode || (chunk && chunk.length > 0)) {
    if (addToFront) {
      if (state.endEmitted) {
        errorOrDestroy(stream, streamErrors.unshiftAfterEnd());
      } else if (state.destroyed || state.errored) {
        return false;
      } else {
        addChunk(stream, state, chunk, true);
      }
    } else if (state.ended) {
      errorOrDestroy(stream, streamErrors.pushAfterEof());
    } else if (state.destroyed || state.errored) {
      return false;
    } else {
      state.reading = false;
      if (state.decoder && !encoding) {
        chunk = state.decoder.write(chunk);
        if (state.objectMode || chunk.length !== 0) addChunk(stream, state, chunk, false);
        else maybeReadMore(stream, state);
      } else {
        addChunk(stream, state, chunk, false);
      }
    }
  } else if (!addToFront) {
    state.reading = false;
    maybeReadMore(stream, state);
  }
  return !state.ended && (state.length < state.highWaterMark || state.length === 0);
}

function addChunk(stream, state, chunk, addToFront) {
  if (state.flowing && state.length === 0 && !state.sync && stream.listenerCount('data') > 0) {
    state.awaitDrainWriters.clear();
    state.dataEmitted = true;
    stream.emit('data', chunk);
  } else {
    state.length += state.objectMode ? 1 : chunk.length;
    if (addToFront) ArrayPrototypeUnshift(state.buffer, chunk);
    else ArrayPrototypePush(state.buffer, chunk);
    if (state.needReadable) emitReadable(stream);
  }
  maybeReadMore(stream, state);
}

function onEofChunk(stream, state) {
  if (state.ended) return;
  if (state.decoder) {
    const rest = state.decoder.end();
    if (rest && rest.length) {
      ArrayPrototypePush(state.buffer, rest);
      state.length += state.objectMode ? 1 : rest.length;
    }
  }
  state.ended = true;
  if (state.sync) {
    emitReadable(stream);
  } else {
    state.needReadable = false;
    state.emittedReadable = true;
    emitReadableNow(stream);
  }
}

function emitReadable(stream) {
  const state = stream._readableState;
  state.needReadable = false;
  if (!state.emittedReadable) {
    state.emittedReadable = true;
    nextTick(emitReadableNow, stream);
  }
}

function emitReadableNow(stream) {
  const state = stream._readableState;
  if (!state.destroyed && !state.errored && (state.length || state.ended)) {
    stream.emit('readable');
    state.emittedReadable = false;
  }
  state.needReadable = !state.flowing && !state.ended && state.length <= state.highWaterMark;
  flow(stream);
}

// Calls _read() again while the buffer is below highWaterMark (on a later tick).
function maybeReadMore(stream, state) {
  if (state.readingMore || !state.constructed) return;
  state.readingMore = true;
  nextTick(() => {
    while (!state.reading && !state.ended &&
           (state.length < state.highWaterMark || (state.flowing && state.length === 0))) {
      const before = state.length;
      stream.read(0);
      if (before === state.length) break;
    }
    state.readingMore = false;
  });
}

// Node raises highWaterMark to the next power of two when read(n) asks for more.
function computeNewHighWaterMark(n) {
  if (n > 0x40000000) throw internals.nodeErrors.outOfRange('size', '<= 1GiB', n);
  let v = n - 1;
  v |= v >>> 1; v |= v >>> 2; v |= v >>> 4; v |= v >>> 8; v |= v >>> 16;
  return v + 1;
}

function howMuchToRead(n, state) {
  if (n <= 0 || (state.length === 0 && state.ended)) return 0;
  if (state.objectMode) return 1;
  if (NumberIsNaN(n)) {
    if (state.flowing && state.length) return state.buffer[0].length;
    return state.length;
  }
  if (n <= state.length) return n;
  return state.ended ? state.length : 0;
}

Readable.prototype.read = function read(n) {
  if (n === undefined) n = NaN;
  else if (!NumberIsInteger(n)) n = NumberParseInt(n, 10);
  const state = this._readableState;
  const nOrig = n;
  if (n > state.highWaterMark) state.highWaterMark = computeNewHighWaterMark(n);
  if (n !== 0) state.emittedReadable = false;
  if (n === 0 && state.needReadable &&
      ((state.highWaterMark !== 0 ? state.length >= state.highWaterMark : state.length > 0) ||
       state.ended)) {
    if (state.length === 0 && state.ended) endReadable(this);
    else emitReadable(this);
    return null;
  }
  n = howMuchToRead(n, state);
  if (n === 0 && state.ended) {
    if (state.length === 0) endReadable(this);
    return null;
  }
  let doRead = state.needReadable;
  if (state.length === 0 || state.length - n < state.highWaterMark) doRead = true;
  if (state.ended || state.reading || state.destroyed || state.errored || !state.constructed) {
    doRead = false;
  } else if (doRead) {
    state.reading = true;
    state.sync = true;
    if (state.length === 0) state.needReadable = true;
    try {
      this._read(state.highWaterMark);
    } catch (error) {
      errorOrDestroy(this, error);
    }
    state.sync = false;
    if (!state.reading) n = howMuchToRead(nOrig, state);
  }
  let ret = n > 0 ? fromList(n, state) : null;
  if (ret === null) {
    state.needReadable = state.length <= state.highWaterMark;
    n = 0;
  } else {
    state.length -= n;
    state.awaitDrainWriters.clear();
  }
  if (state.length === 0) {
    if (!state.ended) state.needReadable = true;
    if (nOrig !== n && state.ended) endReadable(this);
  }
  if (ret !== null && !state.errorEmitted && !state.closeEmitted) {
    state.dataEmitted = true;
    this.emit('data', ret);
  }
  return ret;
};

// Takes n bytes (or characters, when decoding; or one object) off the front of the buffer.
function fromList(n, state) {
  if (state.length === 0) return null;
  const buffer = state.buffer;
  if (state.objectMode) return ArrayPrototypeShift(buffer);
  if (!n || n >= state.length) {
    let all;
    if (state.decoder) all = ArrayPrototypeJoin(buffer, '');
    else if (buffer.length === 1) all = buffer[0];
    else all = Buffer.concat(buffer, state.length);
    buffer.length = 0;
    return all;
  }
  const parts = [];
  let remaining = n;
  while (remaining > 0) {
    const head = buffer[0];
    if (head.length <= remaining) {
      ArrayPrototypePush(parts, ArrayPrototypeShift(buffer));
      remaining -= head.length;
    } else {
      ArrayPrototypePush(parts, head.slice(0, remaining));
      buffer[0] = head.slice(remaining);
      remaining = 0;
    }
  }
  if (state.decoder) return ArrayPrototypeJoin(parts, '');
  return parts.length === 1 ? parts[0] : Buffer.concat(parts, n);
}

function endReadable(stream) {
  const state = stream._readableState;
  if (state.endEmitted) return;
  state.ended = true;
  nextTick(() => {
    if (state.errorEmitted || state.closeEmitted || state.endEmitted || state.length !== 0) return;
    state.endEmitted = true;
    stream.emit('end');
    const w = stream._writableState;
    if (w && w.autoDestroy === false) return;
    if (state.autoDestroy && (!w || (w.autoDestroy && (w.finished || w.writable === false)))) {
      stream.destroy();
    }
  });
}

Readable.prototype._read = function _read() {
  throw streamErrors.notImplemented('_read()');
};

Readable.prototype.on = function on(event, listener) {
  const result = ReflectApply(Stream.prototype.on, this, [event, listener]);
  const state = this._readableState;
  if (event === 'data') {
    state.readableListening = this.listenerCount('readable') > 0;
    if (state.flowing !== false) this.resume();
  } else if (event === 'readable') {
    if (!state.endEmitted && !state.readableListening) {
      state.readableListening = state.needReadable = true;
      state.flowing = false;
      state.emittedReadable = false;
      if (state.length) emitReadable(this);
      else if (!state.reading) nextTick(() => this.read(0));
    }
  }
  return result;
};
Readable.prototype.addListener = Readable.prototype.on;

function updateReadableListening(stream) {
  const state = stream._readableState;
  state.readableListening = stream.listenerCount('readable') > 0;
  if (state.resumeScheduled && state.paused === false) state.flowing = true;
  else if (stream.listenerCount('data') > 0) stream.resume();
  else if (!state.readableListening) state.flowing = null;
}

Readable.prototype.removeListener = function removeListener(event, listener) {
  const result = ReflectApply(Stream.prototype.removeListener, this, [event, listener]);
  if (event === 'readable') nextTick(updateReadableListening, this);
  return result;
};
Readable.prototype.off = Readable.prototype.removeListener;
Readable.prototype.removeAllListeners = function removeAllListeners(event) {
  const result = ReflectApply(Stream.prototype.removeAllListeners, this, arguments);
  if (event === 'readable' || event === undefined) nextTick(updateReadableListening, this);
  return result;
};

Readable.prototype.resume = function resume() {
  const state = this._readableState;
  if (!state.flowing) {
    state.flowing = !state.readableListening;
    if (!state.resumeScheduled) {
      state.resumeScheduled = true;
      nextTick(() => {
        if (!state.reading) this.read(0);
        state.resumeScheduled = false;
        this.emit('resume');
        flow(this);
        if (state.flowing && !state.reading) this.read(0);
      });
    }
  }
  state.paused = false;
  return this;
};

Readable.prototype.pause = function pause() {
  const state = this._readableState;
  if (state.flowing !== false) {
    state.flowing = false;
    this.emit('pause');
  }
  state.paused = true;
  return this;
};

Readable.prototype.isPaused = function isPaused() {
  const state = this._readableState;
  return state.paused === true || state.flowing === false;
};

function flow(stream) {
  const state = stream._readableState;
  while (state.flowing && stream.read() !== null);
}

Readable.prototype.setEncoding = function setEncoding(encoding) {
  const decoder = new StringDecoder(encoding);
  const state = this._readableState;
  state.decoder = decoder;
  state.encoding = decoder.encoding;
  let content = '';
  for (const chunk of state.buffer) content += decoder.write(chunk);
  state.buffer.length = 0;
  if (content !== '') ArrayPrototypePush(state.buffer, content);
  state.length = content.length;
  return this;
};

const getter = (get) => ({ get, enumerable: false, configurable: true });
ObjectDefineProperties(Readable.prototype, {
  readable: {
    get() {
      const r = this._readableState;
      return !!r && r.readable !== false && !r.destroyed && !r.errorEmitted && !r.endEmitted;
    },
    set(value) {
      if (this._readableState) this._readableState.readable = !!value;
    },
    configurable: true,
  },
  readableDidRead: getter(function () { return this._readableState.dataEmitted; }),
  readableAborted: getter(function () {
    const r = this._readableState;
    return !!(r.readable !== false && (r.destroyed || r.errored) && !r.endEmitted);
  }),
  readableHighWaterMark: getter(function () { return this._readableState.highWaterMark; }),
  readableBuffer: getter(function () { return this._readableState?.buffer; }),
  readableFlowing: {
    get() { return this._readableState.flowing; },
    set(value) { if (this._readableState) this._readableState.flowing = value; },
    configurable: true,
  },
  readableLength: getter(function () { return this._readableState.length; }),
  readableObjectMode: getter(function () { return this._readableState?.objectMode ?? false; }),
  readableEncoding: getter(function () { return this._readableState?.encoding ?? null; }),
  readableEnded: getter(function () { return this._readableState?.endEmitted ?? false; }),
  errored: getter(function () { return this._readableState?.errored ?? null; }),
  closed: getter(function () { return this._readableState?.closed ?? false; }),
  destroyed: {
    get() { return this._readableState?.destroyed ?? false; },
    set(value) { if (this._readableState) this._readableState.destroyed = value; },
    configurable: true,
  },
});
NS.Readable = Readable;
