'use strict';
// node:stream Writable: write() hands one chunk at a time to _write() (or, when several waited,
// all of them to _writev()), buffering the rest; write() returns false once highWaterMark bytes
// wait, and 'drain' says when to go on. end() waits for the buffer, runs _final(), then emits
// 'finish'. cork() holds writes until uncork() so _writev() gets them together.

const {
  ArrayPrototypePush, ArrayPrototypeSlice, ArrayPrototypeSplice, ArrayBufferIsView,
  ObjectSetPrototypeOf, ObjectDefineProperties, ObjectDefineProperty, FunctionPrototypeSymbolHasInstance,
  ReflectApply, SymbolHasInstance,
} = primordials;
const { Buffer } = internals;
const NS = internals.nodeStream;
const { Stream, nextTick, streamErrors, errorOrDestroy, construct, highWaterMarkFrom } = NS;

function nop() {}

function WritableState(options, stream, isDuplex) {
  this.objectMode = !!(options?.objectMode || (isDuplex && options?.writableObjectMode));
  this.highWaterMark = highWaterMarkFrom(options, 'writableHighWaterMark', isDuplex, this.objectMode);
  this.finalCalled = false;
  this.needDrain = false;
  this.ending = false;
  this.ended = false;
  this.finished = false;
  this.destroyed = false;
  // Strings become Buffers before _write() unless decodeStrings is false.
  this.decodeStrings = options?.decodeStrings !== false;
  this.defaultEncoding = options?.defaultEncoding || 'utf8';
  this.length = 0;
  this.writing = false;
  this.corked = 0;
  // True while _write() runs: its callback, if called at once, is deferred a tick.
  this.sync = true;
  this.bufferProcessing = false;
  this.onwrite = (error) => onwrite(stream, error);
  this.writecb = null;
  this.writelen = 0;
  this.afterWriteTickInfo = null;
  this.buffered = [];
  this.bufferedIndex = 0;
  this.pendingcb = 0;
  this.constructed = true;
  this.prefinished = false;
  this.errorEmitted = false;
  this.emitClose = options?.emitClose !== false;
  this.autoDestroy = options?.autoDestroy !== false;
  this.errored = null;
  this.closed = false;
  this.closeEmitted = false;
  this.onFinished = [];
}
ObjectDefineProperty(WritableState.prototype, 'bufferedRequestCount', {
  get() { return this.buffered.length - this.bufferedIndex; },
});
WritableState.prototype.getBuffer = function getBuffer() {
  return ArrayPrototypeSlice(this.buffered, this.bufferedIndex);
};

function Writable(options) {
  const isDuplex = this instanceof NS.Duplex;
  if (!isDuplex && !FunctionPrototypeSymbolHasInstance(Writable, this)) return new Writable(options);
  this._writableState = new WritableState(options, this, isDuplex);
  applyWritableOptions(this, options);
  ReflectApply(Stream, this, [options]);
  if (options?.signal) NS.addAbortSignal(options.signal, this);
  construct(this, () => afterConstruct(this));
}
ObjectSetPrototypeOf(Writable.prototype, Stream.prototype);
ObjectSetPrototypeOf(Writable, Stream);
Writable.WritableState = WritableState;

function applyWritableOptions(stream, options) {
  if (!options) return;
  if (typeof options.write === 'function') stream._write = options.write;
  if (typeof options.writev === 'function') stream._writev = options.writev;
  if (typeof options.destroy === 'function') stream._destroy = options.destroy;
  if (typeof options.final === 'function') stream._final = options.final;
  if (typeof options.construct === 'function') stream._construct = options.construct;
}

function afterConstruct(stream) {
  const state = stream._writableState;
  if (!state.writing) clearBuffer(stream, state);
  finishMaybe(stream, state);
}

// A Duplex (and a Transform) is a Readable whose prototype has Writable's methods, and still
// `instanceof Writable`.
ObjectDefineProperty(Writable, SymbolHasInstance, {
  value(object) {
    if (FunctionPrototypeSymbolHasInstance(this, object)) return true;
    if (this !== Writable) return false;
    return !!(object && object._writableState instanceof WritableState);
  },
  configurable: true,
});

Writable.prototype.pipe = function pipe() {
  errorOrDestroy(this, streamErrors.cannotPipe());
};

function writeChunk(stream, chunk, encoding, callback) {
  const state = stream._writableState;
  if (typeof encoding === 'function') {
    callback = encoding;
    encoding = state.defaultEncoding;
  } else {
    if (!encoding) encoding = state.defaultEncoding;
    else if (encoding !== 'buffer' && !Buffer.isEncoding(encoding)) throw internals.nodeErrors.unknownEncoding(encoding);
    if (typeof callback !== 'function') callback = nop;
  }
  if (chunk === null) throw streamErrors.nullValues();
  if (!state.objectMode) {
    if (typeof chunk === 'string') {
      if (state.decodeStrings !== false) {
        chunk = Buffer.from(chunk, encoding);
        encoding = 'buffer';
      }
    } else if (chunk instanceof Buffer) {
      encoding = 'buffer';
    } else if (ArrayBufferIsView(chunk) && chunk.BYTES_PER_ELEMENT !== undefined) {
      chunk = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      encoding = 'buffer';
    } else {
      throw streamErrors.invalidChunk(chunk);
    }
  }
  let error;
  if (state.ending) error = streamErrors.writeAfterEnd();
  else if (state.destroyed) error = streamErrors.destroyed('write');
  if (error) {
    nextTick(callback, error);
    errorOrDestroy(stream, error, true);
    return error;
  }
  state.pendingcb++;
  return writeOrBuffer(stream, state, chunk, encoding, callback);
}

Writable.prototype.write = function write(chunk, encoding, callback) {
  return writeChunk(this, chunk, encoding, callback) === true;
};

Writable.prototype.cork = function cork() {
  this._writableState.corked++;
};

Writable.prototype.uncork = function uncork() {
  const state = this._writableState;
  if (state.corked) {
    state.corked--;
    if (!state.writing) clearBuffer(this, state);
  }
};

Writable.prototype.setDefaultEncoding = function setDefaultEncoding(encoding) {
  if (typeof encoding === 'string') encoding = encoding.toLowerCase();
  if (!Buffer.isEncoding(encoding)) throw internals.nodeErrors.unknownEncoding(encoding);
  this._writableState.defaultEncoding = encoding;
  return this;
};

function writeOrBuffer(stream, state, chunk, encoding, callback) {
  const len = state.objectMode ? 1 : chunk.length;
  state.length += len;
  const ret = state.length < state.highWaterMark;
  if (!ret) state.needDrain = true;
  if (state.writing || state.corked || state.errored || !state.constructed) {
    ArrayPrototypePush(state.buffered, { chunk, encoding, callback });
  } else {
    doWrite(stream, state, false, len, chunk, encoding, callback);
  }
  return ret && !state.errored && !state.destroyed;
}

function doWrite(stream, state, writev, len, chunk, encoding, callback) {
  state.writelen = len;
  state.writecb = callback;
  state.writing = true;
  state.sync = true;
  if (state.destroyed) state.onwrite(streamErrors.destroyed('write'));
  else if (writev) stream._writev(chunk, state.onwrite);
  else stream._write(chunk, encoding, state.onwrite);
  state.sync = false;
}

function onwrite(stream, error) {
  const state = stream._writableState;
  const sync = state.sync;
  const callback = state.writecb;
  if (typeof callback !== 'function') {
    errorOrDestroy(stream, streamErrors.multipleCallback());
    return;
  }
  state.writing = false;
  state.writecb = null;
  state.length -= state.writelen;
  state.writelen = 0;
  if (error) {
    if (!state.errored) state.errored = error;
    const r = stream._readableState;
    if (r && !r.errored) r.errored = error;
    const fail = () => {
      --state.pendingcb;
      callback(error);
      errorBuffer(state);
      errorOrDestroy(stream, error);
    };
    if (sync) nextTick(fail);
    else fail();
    return;
  }
  if (state.buffered.length > state.bufferedIndex) clearBuffer(stream, state);
  if (sync) {
    // Callbacks of synchronous writes are batched into one tick, as Node does.
    if (state.afterWriteTickInfo !== null && state.afterWriteTickInfo.callback === callback) {
      state.afterWriteTickInfo.count++;
    } else {
      const info = { count: 1, callback };
      state.afterWriteTickInfo = info;
      nextTick(() => {
        state.afterWriteTickInfo = null;
        afterWrite(stream, state, info.count, callback);
      });
    }
  } else {
    afterWrite(stream, state, 1, callback);
  }
}

function afterWrite(stream, state, count, callback) {
  const needDrain = !state.ending && !stream.destroyed && state.length === 0 && state.needDrain;
  if (needDrain) {
    state.needDrain = false;
    stream.emit('drain');
  }
  while (count-- > 0) {
    state.pendingcb--;
    callback(null);
  }
  if (state.destroyed) errorBuffer(state);
  finishMaybe(stream, state);
}

// The stream failed or was destroyed: every buffered write's callback gets the error.
function errorBuffer(state) {
  if (state.writing) return;
  for (let n = state.bufferedIndex; n < state.buffered.length; ++n) {
    const { chunk, callback } = state.buffered[n];
    state.length -= state.objectMode ? 1 : chunk.length;
    callback(state.errored ?? streamErrors.destroyed('write'));
  }
  for (const callback of ArrayPrototypeSplice(state.onFinished, 0)) {
    callback(state.errored ?? streamErrors.destroyed('end'));
  }
  state.buffered = [];
  state.bufferedIndex = 0;
}

function clearBuffer(stream, state) {
  if (state.corked || state.bufferProcessing || state.destroyed || !state.constructed) return;
  const { buffered, objectMode } = state;
  const count = buffered.length - state.bufferedIndex;
  if (!count) return;
  let i = state.bufferedIndex;
  state.bufferProcessing = true;
  if (count > 1 && stream._writev) {
    state.pendingcb -= count - 1;
    const chunks = ArrayPrototypeSlice(buffered, i);
    chunks.allBuffers = chunks.every((entry) => entry.encoding === 'buffer');
    const callback = (error) => {
      for (const entry of chunks) entry.callback(error);
    };
    state.buffered = [];
    state.bufferedIndex = 0;
    doWrite(stream, state, true, state.length, chunks, '', callback);
  } else {
    do {
      const { chunk, encoding, callback } = buffered[i];
      buffered[i++] = null;
      doWrite(stream, state, false, objectMode ? 1 : chunk.length, chunk, encoding, callback);
    } while (i < buffered.length && !state.writing);
    if (i === buffered.length) {
      state.buffered = [];
      state.bufferedIndex = 0;
    } else if (i > 256) {
      ArrayPrototypeSplice(buffered, 0, i);
      state.bufferedIndex = 0;
    } else {
      state.bufferedIndex = i;
    }
  }
  state.bufferProcessing = false;
}

Writable.prototype._write = function _write(chunk, encoding, callback) {
  if (this._writev) this._writev([{ chunk, encoding }], callback);
  else throw streamErrors.notImplemented('_write()');
};
Writable.prototype._writev = null;

Writable.prototype.end = function end(chunk, encoding, callback) {
  const state = this._writableState;
  if (typeof chunk === 'function') {
    callback = chunk;
    chunk = null;
    encoding = null;
  } else if (typeof encoding === 'function') {
    callback = encoding;
    encoding = null;
  }
  let error;
  if (chunk !== null && chunk !== undefined) {
    const ret = writeChunk(this, chunk, encoding);
    if (ret instanceof Error) error = ret;
  }
  if (state.corked) {
    state.corked = 1;
    this.uncork();
  }
  if (error) {
    // The write's callback already has it.
  } else if (!state.errored && !state.ending) {
    state.ending = true;
    finishMaybe(this, state, true);
    state.ended = true;
  } else if (state.finished) {
    error = streamErrors.alreadyFinished('end');
  } else if (state.destroyed) {
    error = streamErrors.destroyed('end');
  }
  if (typeof callback === 'function') {
    if (error || state.finished) nextTick(callback, error);
    else ArrayPrototypePush(state.onFinished, callback);
  }
  return this;
};

function needFinish(state) {
  return state.ending && !state.destroyed && state.constructed && state.length === 0 &&
    !state.errored && state.buffered.length === state.bufferedIndex && !state.finished &&
    !state.writing && !state.errorEmitted && !state.closeEmitted;
}

function callFinal(stream, state) {
  let called = false;
  function onFinish(error) {
    if (called) {
      errorOrDestroy(stream, error ?? streamErrors.multipleCallback());
      return;
    }
    called = true;
    state.pendingcb--;
    if (error) {
      for (const callback of ArrayPrototypeSplice(state.onFinished, 0)) callback(error);
      errorOrDestroy(stream, error, state.sync);
    } else if (needFinish(state)) {
      state.prefinished = true;
      stream.emit('prefinish');
      state.pendingcb++;
      nextTick(finish, stream, state);
    }
  }
  state.sync = true;
  state.pendingcb++;
  try {
    stream._final(onFinish);
  } catch (error) {
    onFinish(error);
  }
  state.sync = false;
}

function prefinish(stream, state) {
  if (state.prefinished || state.finalCalled) return;
  if (typeof stream._final === 'function' && !state.destroyed) {
    state.finalCalled = true;
    callFinal(stream, state);
  } else {
    state.prefinished = true;
    stream.emit('prefinish');
  }
}

function finishMaybe(stream, state, sync) {
  if (!needFinish(state)) return;
  prefinish(stream, state);
  if (state.pendingcb !== 0) return;
  if (sync) {
    state.pendingcb++;
    nextTick(() => {
      if (needFinish(state)) finish(stream, state);
      else state.pendingcb--;
    });
  } else if (needFinish(state)) {
    state.pendingcb++;
    finish(stream, state);
  }
}

function finish(stream, state) {
  state.pendingcb--;
  state.finished = true;
  for (const callback of ArrayPrototypeSplice(state.onFinished, 0)) callback(null);
  stream.emit('finish');
  if (!state.autoDestroy) return;
  const r = stream._readableState;
  if (!r || (r.autoDestroy && (r.endEmitted || r.readable === false))) stream.destroy();
}

Writable.prototype.destroy = function destroy(error, callback) {
  const state = this._writableState;
  if (!state.destroyed && (state.bufferedIndex < state.buffered.length || state.onFinished.length)) {
    nextTick(errorBuffer, state);
  }
  return ReflectApply(NS.destroy, this, [error, callback]);
};
Writable.prototype._undestroy = function _undestroy() {
  const state = this._writableState;
  state.constructed = true;
  state.destroyed = state.closed = state.closeEmitted = false;
  state.errored = null;
  state.errorEmitted = state.ended = state.ending = state.finalCalled = false;
  state.prefinished = state.finished = false;
};
Writable.prototype._destroy = function _destroy(error, callback) {
  callback(error);
};

const getter = (get) => ({ get, enumerable: false, configurable: true });
ObjectDefineProperties(Writable.prototype, {
  closed: getter(function () { return this._writableState?.closed ?? false; }),
  destroyed: {
    get() { return this._writableState?.destroyed ?? false; },
    set(value) { if (this._writableState) this._writableState.destroyed = value; },
    configurable: true,
  },
  writable: {
    get() {
      const w = this._writableState;
      return !!w && w.writable !== false && !w.destroyed && !w.errored && !w.ending && !w.ended;
    },
    set(value) {
      if (this._writableState) this._writableState.writable = !!value;
    },
    configurable: true,
  },
  writableFinished: getter(function () { return this._writableState?.finished ?? false; }),
  writableObjectMode: getter(function () { return this._writableState?.objectMode ?? false; }),
  writableBuffer: getter(function () { return this._writableState?.getBuffer(); }),
  writableEnded: getter(function () { return this._writableState?.ending ?? false; }),
  writableNeedDrain: getter(function () {
    const w = this._writableState;
    return !!w && !w.destroyed && !w.ending && w.needDrain;
  }),
  writableHighWaterMark: getter(function () { return this._writableState?.highWaterMark; }),
  writableCorked: getter(function () { return this._writableState?.corked ?? 0; }),
  writableLength: getter(function () { return this._writableState?.length; }),
  writableErrored: getter(function () { return this._writableState?.errored ?? null; }),
  writableAborted: getter(function () {
    const w = this._writableState;
    return !!(w.writable !== false && (w.destroyed || w.errored) && !w.finished);
  }),
  errored: getter(function () { return this._writableState?.errored ?? null; }),
});

NS.Writable = Writable;
NS.WritableState = WritableState;
NS.applyWritableOptions = applyWritableOptions;
NS.afterWritableConstruct = afterConstruct;
