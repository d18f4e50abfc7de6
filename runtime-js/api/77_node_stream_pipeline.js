'use strict';
// node:stream pipeline(): connects a source, transforms and a destination — Node streams, Web
// streams, iterables, async generator functions — with backpressure, destroys every stream when
// one fails, and calls back (or, from node:stream/promises, settles) once the last one finished.
// Also Duplex.from() and compose(), which build a Duplex out of the same kinds of parts.

const { ArrayIsArray, Promise, SymbolAsyncIterator, SymbolFor } = primordials;
const NS = internals.nodeStream;
const {
  Readable, Duplex, PassThrough, eos, nextTick, streamErrors, isNodeStream, isReadableNodeStream,
  isIterable, isReadableFinished, isWebReadable, isWebWritable, isWebTransform,
} = NS;
const { nodeErrors, validateFunction, AbortController } = internals;

function destroyer(stream, reading, writing) {
  let finished = false;
  stream.on('close', () => { finished = true; });
  const cleanup = eos(stream, { readable: reading, writable: writing }, (error) => {
    finished = !error;
  });
  return {
    destroy(error) {
      if (finished) return;
      finished = true;
      stream.destroy(error || streamErrors.destroyed('pipe'));
    },
    cleanup,
  };
}

// Writes what an iterable yields into a Node Writable, waiting for 'drain' when it asks.
async function pumpToNode(iterable, writable, finish, end) {
  let error;
  let onresolve = null;
  const resume = (err) => {
    if (err) error = err;
    if (onresolve) {
      const callback = onresolve;
      onresolve = null;
      callback();
    }
  };
  const wait = () => new Promise((resolve, reject) => {
    if (error) reject(error);
    else onresolve = () => (error ? reject(error) : resolve());
  });
  writable.on('drain', resume);
  const cleanup = eos(writable, { readable: false }, resume);
  try {
    if (writable.writableNeedDrain) await wait();
    for await (const chunk of iterable) {
      if (!writable.write(chunk)) await wait();
    }
    if (end) {
      writable.end();
      await wait();
    }
    finish();
  } catch (err) {
    finish(error !== err && error ? error : err);
  } finally {
    cleanup();
    writable.off('drain', resume);
  }
}

function pipe(src, dst, finish, end) {
  let ended = false;
  dst.on('close', () => {
    if (!ended) finish(streamErrors.prematureClose());
  });
  src.pipe(dst, { end: false });
  if (end) {
    const endFn = () => {
      ended = true;
      dst.end();
    };
    if (isReadableFinished(src)) nextTick(endFn);
    else src.once('end', endFn);
    eos(dst, { readable: false, writable: true }, finish);
  } else {
    finish();
  }
  eos(src, { readable: true, writable: false }, (error) => {
    const r = src._readableState;
    if (error?.code === 'ERR_STREAM_PREMATURE_CLOSE' && r?.ended && !r.errored && !r.errorEmitted) {
      src.once('end', finish).once('error', finish);
    } else {
      finish(error);
    }
  });
}

// Web streams take part as the Node streams they convert to.
function asNodeStream(stream) {
  if (isWebReadable(stream)) return Readable.fromWeb(stream, { objectMode: true });
  if (isWebWritable(stream)) return NS.Writable.fromWeb(stream, { objectMode: true });
  if (isWebTransform(stream)) return NS.fromWebPair(stream, { objectMode: true });
  return stream;
}

function pipelineImpl(streams, callback, options) {
  if (streams.length === 1 && ArrayIsArray(streams[0])) streams = streams[0];
  if (streams.length < 2) throw nodeErrors.missingArgs('streams');
  const controller = new AbortController();
  const signal = controller.signal;
  const outerSignal = options?.signal;
  const abortFromOuter = () => finishImpl(streamErrors.abort(outerSignal.reason), true);
  outerSignal?.addEventListener('abort', abortFromOuter, { once: true });

  let error;
  let value;
  const destroys = [];
  let finishCount = 0;
  const finish = (err) => finishImpl(err, --finishCount === 0);
  function finishImpl(err, final) {
    if (err && (!error || error.code === 'ERR_STREAM_PREMATURE_CLOSE')) error = err;
    if (!error && !final) return;
    while (destroys.length) destroys.shift()(error);
    outerSignal?.removeEventListener('abort', abortFromOuter);
    controller.abort();
    if (final) nextTick(callback, error, value);
  }

  let ret;
  for (let i = 0; i < streams.length; i++) {
    const stream = asNodeStream(streams[i]);
    const reading = i < streams.length - 1;
    const writing = i > 0;
    const end = reading || options?.end !== false;
    if (isNodeStream(stream)) {
      // A stream's own errors after its pipe completed still reach the callback.
      const onError = (err) => {
        if (err && err.name !== 'AbortError' && err.code !== 'ERR_STREAM_PREMATURE_CLOSE') finish(err);
      };
      stream.on('error', onError);
      const { destroy } = destroyer(stream, reading, writing);
      destroys.push(destroy);
    }
    if (i === 0) {
      if (typeof stream === 'function') {
        ret = stream({ signal });
        if (!isIterable(ret)) throw streamErrors.invalidReturn('Iterable, AsyncIterable or Stream', 'source', ret);
      } else if (isIterable(stream) || isReadableNodeStream(stream)) {
        ret = stream;
      } else {
        ret = Duplex.from(stream);
      }
    } else if (typeof stream === 'function') {
      if (isReadableNodeStream(ret)) ret = ret[SymbolAsyncIterator]();
      ret = stream(ret, { signal });
      if (reading) {
        if (!isIterable(ret, true)) {
          throw streamErrors.invalidReturn('AsyncIterable', `transform[${i - 1}]`, ret);
        }
      } else {
        const pt = new PassThrough({ objectMode: true });
        const then = ret?.then;
        if (typeof then === 'function') {
          finishCount++;
          then.call(ret, (val) => {
            value = val;
            if (val != null) pt.write(val);
            if (end) pt.end();
            nextTick(finish);
          }, (err) => {
            pt.destroy(err);
            nextTick(finish, err);
          });
        } else if (isIterable(ret, true)) {
          finishCount++;
          pumpToNode(ret, pt, finish, end);
        } else {
          throw streamErrors.invalidReturn('AsyncIterable or Promise', 'destination', ret);
        }
        ret = pt;
        destroys.push(destroyer(ret, false, true).destroy);
      }
    } else if (isNodeStream(stream)) {
      if (isReadableNodeStream(ret)) {
        finishCount += 2;
        pipe(ret, stream, finish, end);
      } else if (isIterable(ret)) {
        finishCount++;
        pumpToNode(ret, stream, finish, end);
      } else {
        throw nodeErrors.invalidArgType('val', 'an instance of Readable, Iterable, AsyncIterable, ReadableStream, or TransformStream', ret);
      }
      ret = stream;
    } else {
      ret = Duplex.from(stream);
    }
  }
  if (signal.aborted || outerSignal?.aborted) nextTick(abortFromOuter);
  return ret;
}

function pipeline(...streams) {
  const callback = streams.pop();
  validateFunction(callback, 'streams[stream.length - 1]');
  return pipelineImpl(streams, callback);
}

// node:stream/promises pipeline(): a trailing { signal, end } object is its options.
function pipelinePromise(...streams) {
  return new Promise((resolve, reject) => {
    let options;
    const last = streams[streams.length - 1];
    if (last && typeof last === 'object' && !isNodeStream(last) && !isIterable(last) &&
        !isWebReadable(last) && !isWebWritable(last) && !isWebTransform(last)) {
      options = streams.pop();
    }
    pipelineImpl(streams, (error, value) => (error ? reject(error) : resolve(value)), options);
  });
}
pipeline[SymbolFor('nodejs.util.promisify.custom')] = pipelinePromise;

// Duplex.from(): a Duplex out of a stream, a Web stream pair, an iterable, an async generator
// function (source => output), a promise, or { readable, writable }.
function duplexFrom(body) {
  if (body instanceof Duplex) return body;
  if (isReadableNodeStream(body) || NS.isWritableNodeStream(body)) return body;
  if (isWebReadable(body)) return Readable.fromWeb(body);
  if (isWebWritable(body)) return NS.Writable.fromWeb(body);
  if (isWebTransform(body)) return NS.fromWebPair(body);
  if (typeof body === 'function') {
    const input = new PassThrough({ objectMode: true, highWaterMark: 1 });
    const output = body(input[SymbolAsyncIterator]());
    if (!isIterable(output, true) && typeof output?.then !== 'function') {
      throw streamErrors.invalidReturn('Iterable, AsyncIterable or AsyncFunction', 'from', output);
    }
    const readable = typeof output.then === 'function'
      ? Readable.from((async function* () { const v = await output; if (v != null) yield v; })())
      : Readable.from(output);
    return pairToDuplex(readable, input);
  }
  if (typeof body?.then === 'function') {
    return Readable.from((async function* () { const v = await body; if (v != null) yield v; })());
  }
  if (isIterable(body) || typeof body === 'string') return Readable.from(body);
  if (body && typeof body === 'object' && ('readable' in body || 'writable' in body)) {
    return pairToDuplex(body.readable && asNodeStream(body.readable), body.writable && asNodeStream(body.writable));
  }
  throw nodeErrors.invalidArgType('body', 'a stream, iterable, function, promise or { readable, writable }', body);
}

// One Duplex whose writes go to `writable` and whose reads come from `readable`.
function pairToDuplex(readable, writable) {
  const duplex = new Duplex({
    objectMode: true,
    readable: !!readable,
    writable: !!writable,
    read() {
      readable?.resume();
    },
    write(chunk, encoding, callback) {
      if (writable.write(chunk, encoding)) callback();
      else writable.once('drain', () => callback());
    },
    final(callback) {
      writable.end();
      eos(writable, { readable: false }, (error) => callback(error));
    },
    destroy(error, callback) {
      readable?.destroy(error);
      writable?.destroy(error);
      callback(error);
    },
  });
  if (readable) {
    readable.on('data', (chunk) => {
      if (!duplex.push(chunk)) readable.pause();
    });
    eos(readable, { writable: false }, (error) => {
      if (error) duplex.destroy(error);
      else duplex.push(null);
    });
  }
  if (writable) eos(writable, { readable: false }, (error) => error && duplex.destroy(error));
  return duplex;
}
Duplex.from = duplexFrom;

// compose(a, b, c): one Duplex that writes into a and reads from c, the parts piped together.
function compose(...streams) {
  if (streams.length === 0) throw nodeErrors.missingArgs('streams');
  if (streams.length === 1) return duplexFrom(streams[0]);
  const parts = streams.map((stream) => (typeof stream === 'function' ? duplexFrom(stream) : asNodeStream(stream)));
  const head = parts[0];
  const tail = parts[parts.length - 1];
  const writable = NS.isWritableNodeStream(head) && !(isIterable(head) && !isNodeStream(head)) ? head : undefined;
  const duplex = pairToDuplex(isReadableNodeStream(tail) ? tail : undefined, writable);
  pipelineImpl(parts, (error) => { if (error) duplex.destroy(error); });
  return duplex;
}

NS.pipeline = pipeline;
NS.pipelinePromise = pipelinePromise;
NS.compose = compose;
