'use strict';
// node:timers and node:timers/promises: the global timers under Node's names, setImmediate as
// a zero-delay timer, and the promise forms with AbortSignal support.

const { Promise: PromiseCtor, PromiseReject } = primordials;
const { nodeErrors } = internals;
// The runtime's timers, captured before a Worker can replace the globals.
const { setTimeout, clearTimeout, setInterval, clearInterval } = globalThis;

function setImmediate(callback, ...args) {
  internals.validateFunction(callback, 'callback');
  return setTimeout(callback, 0, ...args);
}
function clearImmediate(id) { clearTimeout(id); }

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

const timers = {
  setTimeout: (...args) => setTimeout(...args),
  clearTimeout: (id) => clearTimeout(id),
  setInterval: (...args) => setInterval(...args),
  clearInterval: (id) => clearInterval(id),
  setImmediate, clearImmediate,
  promises,
};
internals.defineNodeModule('timers', timers);
internals.defineNodeModule('timers/promises', promises);
// nodejs_compat_v2 (Cloudflare): setImmediate and clearImmediate are globals, as in Node.
internals.onCompatibility(() => {
  if (!internals.compatEnabled('nodejs_compat_v2')) return;
  internals.defineGlobal('setImmediate', setImmediate);
  internals.defineGlobal('clearImmediate', clearImmediate);
});
