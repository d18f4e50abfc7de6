'use strict';
// node:stream Readable.prototype.pipe/unpipe/wrap: pipe() stops the source while the
// destination's write() returns false and resumes once every such destination emitted 'drain';
// the destination ends with the source unless { end: false }, and errors or an early 'close' of
// the destination unpipe it. wrap() adapts an old-style stream that only emits events.

const { ArrayPrototypePush, ArrayPrototypeIndexOf, ArrayPrototypeSplice, ArrayPrototypeIncludes } = primordials;
const NS = internals.nodeStream;
const { Readable, nextTick, errorOrDestroy } = NS;

Readable.prototype.pipe = function pipe(dest, options) {
  const src = this;
  const state = this._readableState;
  ArrayPrototypePush(state.pipes, dest);
  const doEnd = options?.end !== false && !dest._isStdio;
  const endFn = doEnd ? onend : unpipe;
  if (state.endEmitted) nextTick(endFn);
  else src.once('end', endFn);
  dest.on('unpipe', onunpipe);
  function onunpipe(readable, info) {
    if (readable === src && info && info.hasUnpiped === false) {
      info.hasUnpiped = true;
      cleanup();
    }
  }
  function onend() {
    dest.end();
  }
  let ondrain;
  let cleanedUp = false;
  function cleanup() {
    dest.removeListener('close', onclose);
    dest.removeListener('finish', onfinish);
    if (ondrain) dest.removeListener('drain', ondrain);
    dest.removeListener('error', onerror);
    dest.removeListener('unpipe', onunpipe);
    src.removeListener('end', onend);
    src.removeListener('end', unpipe);
    src.removeListener('data', ondata);
    cleanedUp = true;
    if (ondrain && state.awaitDrainWriters.size && (!dest._writableState || dest._writableState.needDrain)) {
      ondrain();
    }
  }
  function pauseForDrain() {
    if (!cleanedUp && ArrayPrototypeIncludes(state.pipes, dest)) {
      state.awaitDrainWriters.add(dest);
      src.pause();
    }
    if (!ondrain) {
      ondrain = () => {
        state.awaitDrainWriters.delete(dest);
        if (state.awaitDrainWriters.size === 0 && src.listenerCount('data')) src.resume();
      };
      dest.on('drain', ondrain);
    }
  }
  function ondata(chunk) {
    if (dest.write(chunk) === false) pauseForDrain();
  }
  src.on('data', ondata);
  function onerror(error) {
    unpipe();
    dest.removeListener('error', onerror);
    if (dest.listenerCount('error') === 0) {
      const s = dest._writableState || dest._readableState;
      if (s && !s.errorEmitted) errorOrDestroy(dest, error);
      else dest.emit('error', error);
    }
  }
  dest.prependListener('error', onerror);
  function onclose() {
    dest.removeListener('finish', onfinish);
    unpipe();
  }
  dest.once('close', onclose);
  function onfinish() {
    dest.removeListener('close', onclose);
    unpipe();
  }
  dest.once('finish', onfinish);
  function unpipe() {
    src.unpipe(dest);
  }
  dest.emit('pipe', src);
  if (dest.writableNeedDrain === true) pauseForDrain();
  else if (!state.flowing) src.resume();
  return dest;
};

Readable.prototype.unpipe = function unpipe(dest) {
  const state = this._readableState;
  if (state.pipes.length === 0) return this;
  if (!dest) {
    const dests = state.pipes;
    state.pipes = [];
    this.pause();
    for (const each of dests) each.emit('unpipe', this, { hasUnpiped: false });
    return this;
  }
  const index = ArrayPrototypeIndexOf(state.pipes, dest);
  if (index === -1) return this;
  ArrayPrototypeSplice(state.pipes, index, 1);
  if (state.pipes.length === 0) this.pause();
  dest.emit('unpipe', this, { hasUnpiped: false });
  return this;
};

// Wraps an old-style stream (only 'data'/'end' events) as this Readable.
Readable.prototype.wrap = function wrap(stream) {
  let paused = false;
  stream.on('data', (chunk) => {
    if (!this.push(chunk) && stream.pause) {
      paused = true;
      stream.pause();
    }
  });
  stream.on('end', () => this.push(null));
  stream.on('error', (error) => errorOrDestroy(this, error));
  stream.on('close', () => this.destroy());
  stream.on('destroy', () => this.destroy());
  this._read = () => {
    if (paused && stream.resume) {
      paused = false;
      stream.resume();
    }
  };
  return this;
};
