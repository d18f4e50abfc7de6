'use strict';
// WHATWG Streams §4 — ReadableStream.from() (ReadableStreamFromIterable) and async iteration
// (ReadableStream.prototype.values / @@asyncIterator). See 10_streams_common.js.

const S = internals.streamsImpl;
const {
  FunctionPrototypeCall, ObjectDefineProperty, ObjectSetPrototypeOf, Promise,
  PromisePrototypeThen, PromiseResolve, String, Symbol, SymbolAsyncIterator, SymbolIterator,
  SymbolToStringTag, TypeError,
} = primordials;
const {
  promiseResolvedWith, promiseRejectedWith, transformPromiseWith, isObject,
  CreateReadableStream, ReadableStreamDefaultControllerClose,
  ReadableStreamDefaultControllerEnqueue,
  ReadableStreamDefaultReaderRead, ReadableStreamDefaultReaderRelease,
  ReadableStreamReaderGenericCancel,
} = S;

// --- ReadableStream.from (§4.9.1) ----------------------------------------------------------------

// ReadableStreamFromIterable(asyncIterable) (§4.9.1).
function ReadableStreamFromIterable(asyncIterable) {
  let stream;
  const iteratorRecord = GetAsyncIterator(asyncIterable);
  const startAlgorithm = S.noop;
  const pullAlgorithm = () => {
    let nextResult;
    try {
      nextResult = iteratorRecord.next();
    } catch (e) {
      return promiseRejectedWith(e);
    }
    const nextPromise = promiseResolvedWith(nextResult);
    return transformPromiseWith(nextPromise, (iterResult) => {
      if (!isObject(iterResult)) {
        throw new TypeError(
          'The promise returned by the iterator.next() method must fulfill with an object');
      }
      if (iterResult.done) {
        ReadableStreamDefaultControllerClose(stream.controller);
      } else {
        ReadableStreamDefaultControllerEnqueue(stream.controller, iterResult.value);
      }
    });
  };
  const cancelAlgorithm = (reason) => {
    const iterator = iteratorRecord.iterator;
    let returnResult;
    try {
      const returnMethod = getMethod(iterator, 'return');
      if (returnMethod === undefined) return promiseResolvedWith(undefined);
      returnResult = FunctionPrototypeCall(returnMethod, iterator, reason);
    } catch (e) {
      return promiseRejectedWith(e);
    }
    return transformPromiseWith(promiseResolvedWith(returnResult), (result) => {
      if (!isObject(result)) {
        throw new TypeError(
          'The promise returned by the iterator.return() method must fulfill with an object');
      }
      return undefined;
    });
  };
  stream = CreateReadableStream(startAlgorithm, pullAlgorithm, cancelAlgorithm, 0);
  return stream;
}

// GetMethod(V, P).
function getMethod(value, key) {
  const method = value[key];
  if (method === undefined || method === null) return undefined;
  if (typeof method !== 'function') throw new TypeError(`${String(key)} is not a function`);
  return method;
}

// GetIterator(obj, async) → { iterator, next() }; a sync iterable is wrapped the way
// CreateAsyncFromSyncIterator does.
function GetAsyncIterator(obj) {
  if (obj === undefined || obj === null) {
    throw new TypeError('ReadableStream.from: the argument is not iterable');
  }
  const method = getMethod(obj, SymbolAsyncIterator);
  if (method === undefined) {
    const syncMethod = getMethod(obj, SymbolIterator);
    if (syncMethod === undefined) {
      throw new TypeError(
        'ReadableStream.from: the argument is neither async iterable nor iterable');
    }
    const syncIterator = FunctionPrototypeCall(syncMethod, obj);
    if (!isObject(syncIterator)) throw new TypeError('The iterator must be an object');
    return createAsyncFromSyncIterator(syncIterator, syncIterator.next);
  }
  const iterator = FunctionPrototypeCall(method, obj);
  if (!isObject(iterator)) throw new TypeError('The async iterator must be an object');
  const nextMethod = iterator.next;
  return { iterator, next: () => FunctionPrototypeCall(nextMethod, iterator) };
}

// %AsyncFromSyncIteratorPrototype% (ECMA-262 §27.1.4), reduced to next() and return().
function createAsyncFromSyncIterator(syncIterator, nextMethod) {
  const continuation = (result) => {
    const done = !!result.done;
    const value = result.value;
    let valueWrapper;
    try {
      valueWrapper = PromiseResolve(value);
    } catch (e) {
      if (!done) closeSyncIterator(syncIterator);
      return promiseRejectedWith(e);
    }
    return PromisePrototypeThen(valueWrapper, (v) => ({ value: v, done }), (e) => {
      if (!done) closeSyncIterator(syncIterator);
      throw e;
    });
  };
  const asyncIterator = {
    next() {
      let result;
      try {
        result = FunctionPrototypeCall(nextMethod, syncIterator);
        if (!isObject(result)) throw new TypeError('The iterator result must be an object');
      } catch (e) {
        return promiseRejectedWith(e);
      }
      return continuation(result);
    },
    return(value) {
      let result;
      try {
        const returnMethod = getMethod(syncIterator, 'return');
        if (returnMethod === undefined) return promiseResolvedWith({ value, done: true });
        result = FunctionPrototypeCall(returnMethod, syncIterator, value);
        if (!isObject(result)) throw new TypeError('The iterator result must be an object');
      } catch (e) {
        return promiseRejectedWith(e);
      }
      return continuation(result);
    },
  };
  return { iterator: asyncIterator, next: () => asyncIterator.next() };
}

function closeSyncIterator(iterator) {
  try {
    const returnMethod = getMethod(iterator, 'return');
    if (returnMethod !== undefined) FunctionPrototypeCall(returnMethod, iterator);
  } catch {
    // IteratorClose with a throw completion keeps the original error.
  }
}

// --- Async iteration (§4.2.5) ------------------------------------------------------------------
// The WebIDL async iterator: next() and return() chained through an "ongoing promise".

const kEndOfIteration = Symbol('end of iteration');
let iterOf;
class ReadableStreamAsyncIterator {
  #it;
  constructor(reader, preventCancel) {
    this.#it = { reader, preventCancel, ongoingPromise: null, isFinished: false };
  }

  static {
    iterOf = (o) => (isObject(o) && #it in o ? o.#it : undefined);
  }

  next() {
    const it = iterOf(this);
    if (it === undefined) {
      return promiseRejectedWith(new TypeError(
        "'next' called on an object that is not a ReadableStream async iterator."));
    }
    const nextSteps = () => {
      if (it.isFinished) return promiseResolvedWith({ value: undefined, done: true });
      const nextPromise = getNextIterationResult(it);
      return PromisePrototypeThen(nextPromise, (next) => {
        it.ongoingPromise = null;
        if (next === kEndOfIteration) {
          it.isFinished = true;
          return { value: undefined, done: true };
        }
        return { value: next, done: false };
      }, (reason) => {
        it.ongoingPromise = null;
        it.isFinished = true;
        throw reason;
      });
    };
    it.ongoingPromise = it.ongoingPromise === null ? nextSteps()
      : PromisePrototypeThen(it.ongoingPromise, nextSteps, nextSteps);
    return it.ongoingPromise;
  }

  return(value) {
    const it = iterOf(this);
    if (it === undefined) {
      return promiseRejectedWith(new TypeError(
        "'return' called on an object that is not a ReadableStream async iterator."));
    }
    const returnSteps = () => {
      if (it.isFinished) return promiseResolvedWith({ value, done: true });
      it.isFinished = true;
      return asyncIteratorReturn(it, value);
    };
    it.ongoingPromise = it.ongoingPromise === null ? returnSteps()
      : PromisePrototypeThen(it.ongoingPromise, returnSteps, returnSteps);
    return PromisePrototypeThen(it.ongoingPromise, () => ({ value, done: true }));
  }
}
{
  const proto = ReadableStreamAsyncIterator.prototype;
  Reflect.deleteProperty(proto, 'constructor');
  ObjectSetPrototypeOf(proto, primordials.AsyncIteratorPrototype);
  for (const key of ['next', 'return']) {
    const desc = Reflect.getOwnPropertyDescriptor(proto, key);
    desc.enumerable = true;
    ObjectDefineProperty(proto, key, desc);
  }
  ObjectDefineProperty(proto, SymbolToStringTag, {
    value: 'ReadableStream AsyncIterator', writable: false, enumerable: false, configurable: true,
  });
}

function createAsyncIterator(reader, preventCancel) {
  return new ReadableStreamAsyncIterator(reader, preventCancel);
}

function getNextIterationResult(it) {
  const reader = it.reader;
  let resolve;
  let reject;
  const promise = new Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });
  ReadableStreamDefaultReaderRead(reader, {
    chunkSteps(chunk) {
      resolve(chunk);
    },
    closeSteps() {
      ReadableStreamDefaultReaderRelease(reader);
      resolve(kEndOfIteration);
    },
    errorSteps(e) {
      ReadableStreamDefaultReaderRelease(reader);
      reject(e);
    },
  });
  return promise;
}

function asyncIteratorReturn(it, arg) {
  const reader = it.reader;
  if (!it.preventCancel) {
    const result = ReadableStreamReaderGenericCancel(reader, arg);
    ReadableStreamDefaultReaderRelease(reader);
    return result;
  }
  ReadableStreamDefaultReaderRelease(reader);
  return promiseResolvedWith(undefined);
}

S.ReadableStreamFromIterable = ReadableStreamFromIterable;
S.createAsyncIterator = createAsyncIterator;
