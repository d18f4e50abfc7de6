'use strict';
// node:stream Readable and async iteration: `for await (const chunk of readable)`,
// Readable.from(iterable) and the iterator helpers Node added to Readable (map, filter,
// forEach, toArray, some, every, find, reduce, take, drop, flatMap), which run one item at a
// time here (the `concurrency` option is accepted and not used for parallelism).

const {
  SymbolAsyncIterator, SymbolIterator, Promise: PromiseCtor, PromisePrototypeThen,
  ArrayPrototypePush, TypeError,
} = primordials;
const NS = internals.nodeStream;
const { Readable, nextTick, eos, streamErrors } = NS;
const { Buffer, nodeErrors, validateFunction } = internals;

function nop() {}

async function* createAsyncIterator(stream, options) {
  let callback = nop;
  function next(resolve) {
    if (this === stream) {
      callback();
      callback = nop;
    } else {
      callback = resolve;
    }
  }
  stream.on('readable', next);
  // undefined while the stream runs; null once it ended cleanly; else the error.
  let error;
  const cleanup = eos(stream, { writable: false }, (err) => {
    error = err ? err : null;
    callback();
    callback = nop;
  });
  try {
    while (true) {
      const chunk = stream.destroyed ? null : stream.read();
      if (chunk !== null) yield chunk;
      else if (error) throw error;
      else if (error === null) return;
      else await new PromiseCtor(next);
    }
  } catch (err) {
    error = err;
    throw error;
  } finally {
    if ((error || options?.destroyOnReturn !== false) &&
        (error === undefined || stream._readableState.autoDestroy)) {
      stream.destroy(null);
    } else {
      stream.off('readable', next);
      cleanup();
    }
  }
}

Readable.prototype[SymbolAsyncIterator] = function () {
  return createAsyncIterator(this);
};
Readable.prototype.iterator = function iterator(options) {
  return createAsyncIterator(this, options);
};

// A Readable that yields the iterable's items (objectMode unless told otherwise). A string or a
// Buffer is one chunk, not one per character or byte.
function from(iterable, options) {
  if (typeof iterable === 'string' || iterable instanceof Buffer) {
    return new Readable({
      objectMode: true,
      ...options,
      read() {
        this.push(iterable);
        this.push(null);
      },
    });
  }
  let isAsync;
  let iterator;
  if (iterable && typeof iterable[SymbolAsyncIterator] === 'function') {
    isAsync = true;
    iterator = iterable[SymbolAsyncIterator]();
  } else if (iterable && typeof iterable[SymbolIterator] === 'function') {
    isAsync = false;
    iterator = iterable[SymbolIterator]();
  } else {
    throw nodeErrors.invalidArgType('iterable', 'an instance of Iterable', iterable);
  }
  let reading = false;
  let finished = false;
  const readable = new Readable({
    objectMode: true,
    highWaterMark: 1,
    ...options,
    read() {
      if (reading) return;
      reading = true;
      pump();
    },
    destroy(error, callback) {
      const close = async () => {
        if (!finished && typeof iterator.return === 'function') {
          const { value } = await iterator.return();
          await value;
        }
      };
      PromisePrototypeThen(close(), () => nextTick(callback, error), (e) => nextTick(callback, e || error));
    },
  });
  async function pump() {
    try {
      while (true) {
        let step = isAsync ? await iterator.next() : iterator.next();
        if (!isAsync && step.value && typeof step.value.then === 'function') {
          step = { done: step.done, value: await step.value };
        }
        if (step.done) {
          finished = true;
          readable.push(null);
          return;
        }
        if (step.value === null) throw streamErrors.nullValues();
        if (!readable.push(step.value)) break;
      }
    } catch (error) {
      finished = true;
      readable.destroy(error);
    } finally {
      reading = false;
    }
  }
  return readable;
}
Readable.from = from;

// The iterator helpers: each returns a new Readable or a promise, as in Node.
function streamFromAsyncGenerator(source, generate, options) {
  return from(generate(source), { objectMode: true, ...options });
}

const helpers = {
  map(fn, options) {
    validateFunction(fn, 'fn');
    return streamFromAsyncGenerator(this, async function* (source) {
      for await (const item of source) yield await fn(item, { signal: options?.signal });
    });
  },
  filter(fn, options) {
    validateFunction(fn, 'fn');
    return streamFromAsyncGenerator(this, async function* (source) {
      for await (const item of source) if (await fn(item, { signal: options?.signal })) yield item;
    });
  },
  flatMap(fn, options) {
    validateFunction(fn, 'fn');
    return streamFromAsyncGenerator(this, async function* (source) {
      for await (const item of source) yield* await fn(item, { signal: options?.signal });
    });
  },
  take(count) {
    return streamFromAsyncGenerator(this, async function* (source) {
      if (count <= 0) return;
      let n = 0;
      for await (const item of source) {
        yield item;
        if (++n >= count) return;
      }
    });
  },
  drop(count) {
    return streamFromAsyncGenerator(this, async function* (source) {
      let n = 0;
      for await (const item of source) if (n++ >= count) yield item;
    });
  },
  async forEach(fn, options) {
    validateFunction(fn, 'fn');
    for await (const item of this) await fn(item, { signal: options?.signal });
  },
  async toArray(options) {
    const out = [];
    for await (const item of this) {
      if (options?.signal?.aborted) throw streamErrors.abort(options.signal.reason);
      ArrayPrototypePush(out, item);
    }
    return out;
  },
  async some(fn, options) {
    validateFunction(fn, 'fn');
    for await (const item of this) if (await fn(item, { signal: options?.signal })) return true;
    return false;
  },
  async every(fn, options) {
    validateFunction(fn, 'fn');
    for await (const item of this) if (!(await fn(item, { signal: options?.signal }))) return false;
    return true;
  },
  async find(fn, options) {
    validateFunction(fn, 'fn');
    for await (const item of this) if (await fn(item, { signal: options?.signal })) return item;
    return undefined;
  },
  async reduce(fn, ...initial) {
    validateFunction(fn, 'reducer');
    let hasAccumulator = initial.length > 0;
    let accumulator = initial[0];
    for await (const item of this) {
      if (hasAccumulator) {
        accumulator = await fn(accumulator, item);
      } else {
        accumulator = item;
        hasAccumulator = true;
      }
    }
    if (!hasAccumulator) {
      throw nodeErrors.make(TypeError, 'ERR_INVALID_ARGS', 'Reduce of an empty stream requires an initial value');
    }
    return accumulator;
  },
  asIndexedPairs() {
    return streamFromAsyncGenerator(this, async function* (source) {
      let index = 0;
      for await (const item of source) yield [index++, item];
    });
  },
};
for (const name in helpers) Readable.prototype[name] = helpers[name];
