'use strict';
// node:timers and node:timers/promises: setTimeout/setInterval returning Node's Timeout objects
// (the globals return numbers, as on Workers), setImmediate as a zero-delay timer returning an
// Immediate, the deprecated active/unenroll/enroll as Workers has them, and the promise forms
// with AbortSignal support.

const {
  Promise: PromiseCtor, PromiseReject, SymbolToPrimitive, SymbolToStringTag, Error, TypeError,
  ObjectDefineProperty,
} = primordials;
const { nodeErrors } = internals;
// The runtime's timers, captured before a Worker can replace the globals.
const { setTimeout, clearTimeout, setInterval, clearInterval } = globalThis;

// What setImmediate returns on Workers: an Immediate whose ref/unref do nothing (an isolate has
// no event loop to keep alive) and hasRef is false; clearImmediate and Symbol.dispose cancel it.
class Immediate {
  #id;

  constructor(token = undefined, id = undefined) {
    if (token !== internals.kInternalConstruct) throw new TypeError('Illegal constructor');
    this.#id = id;
  }

  ref() {}
  unref() {}
  hasRef() { return false; }
  static cancel(immediate) { clearTimeout(immediate.#id); }
}
ObjectDefineProperty(Immediate.prototype, SymbolToStringTag, { value: 'Immediate', configurable: true });
if (typeof Symbol.dispose === 'symbol') {
  Immediate.prototype[Symbol.dispose] = function dispose() { Immediate.cancel(this); };
}

// The global (ServiceWorkerGlobalScope) and node:timers (TimersUtil) forms differ only in the
// interface their TypeError names, as on workerd.
const immediateScheduler = (owner) => function setImmediate(callback, ...args) {
  if (typeof callback !== 'function') {
    throw new TypeError(`Failed to execute 'setImmediate' on '${owner}': parameter 1 is not of type 'function'.`);
  }
  return new Immediate(internals.kInternalConstruct, setTimeout(callback, 0, ...args));
};
const setImmediate = immediateScheduler('TimersUtil');
function clearImmediate(immediate) {
  if (immediate instanceof Immediate) Immediate.cancel(immediate);
}

function abortError(signal) {
  const error = nodeErrors.make(Error, 'ABORT_ERR', 'The operation was aborted');
  Object.defineProperty(error, 'name', { value: 'AbortError', configurable: true, writable: true });
  error.cause = signal.reason;
  return error;
}

function checkOptions(options) {
  internals.validateObject(options, 'options');
  const signal = options.signal;
  if (signal !== undefined && !internals.isAbortSignal(signal)) {
    throw nodeErrors.invalidArgType('options.signal', 'an instance of AbortSignal', signal);
  }
  return signal;
}

// A promise settled by a timer, rejected with an AbortError when `signal` aborts first.
function delayed(schedule, cancel, value, options) {
  let signal;
  try {
    signal = checkOptions(options);
  } catch (error) {
    return PromiseReject(error);
  }
  if (signal?.aborted) return PromiseReject(abortError(signal));
  return new PromiseCtor((resolve, reject) => {
    const onAbort = () => {
      cancel(id);
      reject(abortError(signal));
    };
    const id = schedule(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(value);
    });
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

const promises = {
  setTimeout: (delay = 1, value = undefined, options = {}) =>
    delayed((fn) => setTimeout(fn, delay), clearTimeout, value, options),
  setImmediate: (value = undefined, options = {}) =>
    delayed((fn) => setTimeout(fn, 0), clearTimeout, value, options),
  // for await (const v of setInterval(ms, v)): one value per tick until the loop stops.
  async *setInterval(delay = 1, value = undefined, options = {}) {
    const signal = checkOptions(options);
    if (signal?.aborted) throw abortError(signal);
    let pending = 0;
    let wake = null;
    const id = setInterval(() => {
      pending++;
      wake?.();
    }, delay);
    const onAbort = () => wake?.();
    signal?.addEventListener('abort', onAbort);
    try {
      while (true) {
        if (pending === 0) await new PromiseCtor((resolve) => { wake = resolve; });
        wake = null;
        if (signal?.aborted) throw abortError(signal);
        for (; pending > 0; pending--) yield value;
      }
    } finally {
      clearInterval(id);
      signal?.removeEventListener('abort', onAbort);
    }
  },
  scheduler: {
    wait: (delay, options = {}) => promises.setTimeout(delay, undefined, options),
    yield: () => promises.setImmediate(),
  },
};

// One pending global timer under Node's handle: refresh() re-arms it with the same delay,
// ref/unref only record the wish (a Worker's timers never keep anything alive), and it converts
// to the global timer's id, so the global clearTimeout(timeout) works too.
class Timeout {
  #id;
  #callback;
  #after;
  #args;
  #repeat;
  #refed;

  constructor(callback, after = 1, args = [], isRepeat = false, isRefed = false) {
    this.#callback = callback;
    this.#after = after * 1;
    this.#args = args;
    this.#repeat = isRepeat;
    this.#refed = isRefed;
    this.#arm();
  }

  #arm() {
    this.#id = this.#repeat
      ? setInterval(this.#callback, this.#after, ...this.#args)
      : setTimeout(this.#callback, this.#after, ...this.#args);
  }

  refresh() {
    clearTimeout(this.#id);
    this.#arm();
    return this;
  }
  unref() {
    this.#refed = false;
    return this;
  }
  ref() {
    this.#refed = true;
    return this;
  }
  hasRef() { return this.#refed; }
  close() {
    clearTimeout(this.#id);
    return this;
  }
  [SymbolToPrimitive]() { return this.#id; }
}
if (typeof Symbol.dispose === 'symbol') {
  Timeout.prototype[Symbol.dispose] = function dispose() { this.close(); };
}

function clearTimer(timer) {
  if (timer instanceof Timeout) timer.close();
  else if (typeof timer === 'number') clearTimeout(timer);
}

const timers = {
  Timeout,
  setTimeout(callback, delay, ...args) {
    internals.validateFunction(callback, 'callback');
    return new Timeout(callback, delay, args, false, true);
  },
  setInterval(callback, delay, ...args) {
    internals.validateFunction(callback, 'callback');
    return new Timeout(callback, delay, args, true, true);
  },
  clearTimeout: clearTimer,
  clearInterval: clearTimer,
  setImmediate, clearImmediate,
  // Deprecated (DEP0126, DEP0096, DEP0095): Workers keeps active and unenroll for Timeouts only.
  active(timer) {
    if (timer instanceof Timeout) timer.refresh();
  },
  unenroll: (timer) => clearTimer(timer),
  enroll(item, msecs) {
    throw new Error('Not implemented. Please use setTimeout() instead.');
  },
  promises,
};
internals.defineNodeModule('timers', timers);
internals.defineNodeModule('timers/promises', promises);
// nodejs_compat_v2 (Cloudflare): setImmediate and clearImmediate are globals, as in Node.
internals.onCompatibility(() => {
  if (!internals.compatEnabled('nodejs_compat_v2')) return;
  internals.defineGlobal('setImmediate', immediateScheduler('ServiceWorkerGlobalScope'));
  internals.defineGlobal('clearImmediate', clearImmediate);
});
