'use strict';
// setTimeout, setInterval, clearTimeout, clearInterval, queueMicrotask (HTML §8.6). The native
// half (src/api/timers.cc) arms one libuv timer per pending id and calls internals.onTimer.

const {
  SafeMap, NumberIsFinite, MathMax, ReflectApply, TypeError, PromiseResolve, PromisePrototypeThen,
} = primordials;
const { timerStart, timerCancel, asyncContextGet, asyncContextSet } = ops;

const timers = new SafeMap();
let nextId = 1;

// Delays past 2^31-1 ms overflow to 1 ms, as in browsers (HTML timer initialization steps).
const kMaxDelay = 2 ** 31 - 1;

function toDelay(delay) {
  const ms = +delay;
  return NumberIsFinite(ms) ? MathMax(0, ms > kMaxDelay ? 1 : ms) : 0;
}

function schedule(callback, delay, args, repeat) {
  if (typeof callback !== 'function') {
    throw new TypeError(
      "Failed to execute 'setTimeout' on 'ServiceWorkerGlobalScope': parameter 1 is not of type 'Function'.");
  }
  const id = nextId++;
  const ms = toDelay(delay);
  // The AsyncLocalStorage frame current now is current again when the callback runs.
  timers.set(id, { callback, args, repeat, ms, frame: asyncContextGet() });
  timerStart(id, ms);
  return id;
}

internals.onTimer = (id) => {
  const timer = timers.get(id);
  if (timer === undefined) return;
  if (timer.repeat) {
    timerStart(id, timer.ms);
  } else {
    timers.delete(id);
  }
  const previous = asyncContextGet();
  asyncContextSet(timer.frame);
  try {
    ReflectApply(timer.callback, globalThis, timer.args);
  } finally {
    asyncContextSet(previous);
  }
};

function clear(id) {
  const key = typeof id === 'object' && id !== null ? +id : id;
  if (timers.delete(key)) timerCancel(key);
}

// Timer ids are numbers that also behave like Node's Timeout objects where libraries expect it.
function setTimeout(callback, delay = 0, ...args) {
  return schedule(callback, delay, args, false);
}
function setInterval(callback, delay = 0, ...args) {
  return schedule(callback, delay, args, true);
}
function clearTimeout(id) { clear(id); }
function clearInterval(id) { clear(id); }

internals.setTimeoutInternal = (fn, ms) => schedule(fn, ms, [], false);
internals.clearTimeoutInternal = clear;

internals.defineGlobal('setTimeout', setTimeout);
internals.defineGlobal('setInterval', setInterval);
internals.defineGlobal('clearTimeout', clearTimeout);
internals.defineGlobal('clearInterval', clearInterval);

function queueMicrotask(callback) {
  if (typeof callback !== 'function') {
    throw new TypeError(
      "Failed to execute 'queueMicrotask' on 'ServiceWorkerGlobalScope': parameter 1 is not of type 'Function'.");
  }
  // An exception in the callback is reported, not turned into a rejected promise.
  PromisePrototypeThen(PromiseResolve(), () => {
    try {
      callback();
    } catch (error) {
      internals.reportError(error);
    }
  });
}
internals.defineGlobal('queueMicrotask', queueMicrotask);
