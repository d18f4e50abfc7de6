'use strict';
// node:events: EventEmitter (on/once/prepend*/off/emit/listenerCount/eventNames/rawListeners,
// 'newListener' and 'removeListener' events, errorMonitor, captureRejections, max-listener
// warnings), events.once() and events.on() (an async iterator), getEventListeners,
// setMaxListeners, and the EventTarget interop Node offers.

const {
  ArrayPrototypePush, ArrayPrototypeUnshift, ArrayPrototypeSplice, ArrayPrototypeSlice,
  ArrayPrototypeIndexOf, ReflectApply, ReflectOwnKeys, Promise: PromiseCtor, PromiseReject,
  PromiseResolve, SymbolFor, SymbolAsyncIterator, ObjectDefineProperty, ObjectCreate,
  ObjectSetPrototypeOf, ObjectGetPrototypeOf, Error, NumberIsNaN,
} = primordials;
// The runtime's own, captured before a Worker can replace the global.
const { queueMicrotask } = globalThis;
const { nodeErrors, validateFunction } = internals;

const kCapture = Symbol('kCapture');
const errorMonitor = Symbol('events.errorMonitor');
const captureRejectionSymbol = SymbolFor('nodejs.rejection');
let defaultMaxListeners = 10;
let defaultCaptureRejections = false;

function checkListener(listener) {
  validateFunction(listener, 'listener');
}

function EventEmitter(opts) {
  EventEmitter.init.call(this, opts);
}

EventEmitter.init = function init(opts) {
  if (this._events === undefined || this._events === ObjectGetPrototypeOf(this)._events) {
    this._events = ObjectCreate(null);
    this._eventsCount = 0;
  }
  this._maxListeners = this._maxListeners || undefined;
  if (opts?.captureRejections !== undefined) {
    if (typeof opts.captureRejections !== 'boolean') {
      throw nodeErrors.invalidArgType('options.captureRejections', 'of type boolean', opts.captureRejections);
    }
    this[kCapture] = opts.captureRejections;
  } else {
    this[kCapture] = EventEmitter.prototype[kCapture];
  }
};

EventEmitter.prototype._events = undefined;
EventEmitter.prototype._eventsCount = 0;
EventEmitter.prototype._maxListeners = undefined;
EventEmitter.prototype[kCapture] = false;
EventEmitter.EventEmitter = EventEmitter;
EventEmitter.usingDomains = false;
EventEmitter.errorMonitor = errorMonitor;
EventEmitter.captureRejectionSymbol = captureRejectionSymbol;
ObjectDefineProperty(EventEmitter, 'captureRejections', {
  get() { return defaultCaptureRejections; },
  set(value) {
    if (typeof value !== 'boolean') throw nodeErrors.invalidArgType('EventEmitter.captureRejections', 'of type boolean', value);
    defaultCaptureRejections = value;
    EventEmitter.prototype[kCapture] = value;
  },
  enumerable: true,
});
ObjectDefineProperty(EventEmitter, 'defaultMaxListeners', {
  get() { return defaultMaxListeners; },
  set(value) {
    if (typeof value !== 'number' || value < 0 || NumberIsNaN(value)) {
      throw nodeErrors.outOfRange('defaultMaxListeners', 'a non-negative number', value);
    }
    defaultMaxListeners = value;
  },
  enumerable: true,
});

EventEmitter.prototype.setMaxListeners = function setMaxListeners(n) {
  if (typeof n !== 'number' || n < 0 || NumberIsNaN(n)) throw nodeErrors.outOfRange('n', 'a non-negative number', n);
  this._maxListeners = n;
  return this;
};
EventEmitter.prototype.getMaxListeners = function getMaxListeners() {
  return this._maxListeners === undefined ? defaultMaxListeners : this._maxListeners;
};

// A listener's promise that rejects is routed to 'error' (or the nodejs.rejection handler).
function addCatch(emitter, result, type, args) {
  if (result === undefined || result === null || typeof result.then !== 'function') return;
  result.then(undefined, (error) => {
    queueMicrotask(() => emitUnhandledRejectionOrErr(emitter, error, type, args));
  });
}
function emitUnhandledRejectionOrErr(emitter, error, type, args) {
  if (typeof emitter[captureRejectionSymbol] === 'function') {
    ReflectApply(emitter[captureRejectionSymbol], emitter, [error, type, ...args]);
  } else {
    const previous = emitter[kCapture];
    try {
      emitter[kCapture] = false;
      emitter.emit('error', error);
    } finally {
      emitter[kCapture] = previous;
    }
  }
}

EventEmitter.prototype.emit = function emit(type, ...args) {
  const events = this._events;
  if (type === 'error' && events !== undefined && events[errorMonitor] !== undefined) {
    this.emit(errorMonitor, ...args);
  }
  const handler = events === undefined ? undefined : events[type];
  if (handler === undefined) {
    if (type !== 'error') return false;
    const error = args[0];
    if (error instanceof Error) throw error;
    const unhandled = nodeErrors.make(Error, 'ERR_UNHANDLED_ERROR',
      `Unhandled error. (${internals.inspect(error)})`);
    unhandled.context = error;
    throw unhandled;
  }
  const listeners = typeof handler === 'function' ? [handler] : ArrayPrototypeSlice(handler);
  for (let i = 0; i < listeners.length; i++) {
    const result = ReflectApply(listeners[i], this, args);
    if (this[kCapture]) addCatch(this, result, type, args);
  }
  return true;
};

function addListener(target, type, listener, prepend) {
  checkListener(listener);
  let events = target._events;
  if (events === undefined) {
    events = target._events = ObjectCreate(null);
    target._eventsCount = 0;
  } else if (events.newListener !== undefined) {
    target.emit('newListener', type, listener.listener ?? listener);
    events = target._events;
  }
  const existing = events[type];
  if (existing === undefined) {
    events[type] = listener;
    target._eventsCount++;
    return target;
  }
  const list = typeof existing === 'function' ? (events[type] = [existing]) : existing;
  if (prepend) ArrayPrototypeUnshift(list, listener);
  else ArrayPrototypePush(list, listener);
  const max = target.getMaxListeners();
  if (max > 0 && list.length > max && !list.warned) {
    list.warned = true;
    const name = typeof type === 'symbol' ? type.toString() : type;
    internals.console.warn(`MaxListenersExceededWarning: Possible EventEmitter memory leak detected. ` +
      `${list.length} ${name} listeners added to ${target.constructor.name}. ` +
      'Use emitter.setMaxListeners() to increase limit');
  }
  return target;
}

EventEmitter.prototype.addListener = function addListenerMethod(type, listener) {
  return addListener(this, type, listener, false);
};
EventEmitter.prototype.on = EventEmitter.prototype.addListener;
EventEmitter.prototype.prependListener = function prependListener(type, listener) {
  return addListener(this, type, listener, true);
};

function onceWrapper(target, type, listener) {
  const state = { fired: false, target, type, listener };
  const wrapped = function (...args) {
    if (state.fired) return undefined;
    state.target.removeListener(state.type, wrapped);
    state.fired = true;
    return ReflectApply(state.listener, state.target, args);
  };
  wrapped.listener = listener;
  return wrapped;
}
EventEmitter.prototype.once = function once(type, listener) {
  checkListener(listener);
  return this.on(type, onceWrapper(this, type, listener));
};
EventEmitter.prototype.prependOnceListener = function prependOnceListener(type, listener) {
  checkListener(listener);
  return this.prependListener(type, onceWrapper(this, type, listener));
};

EventEmitter.prototype.removeListener = function removeListener(type, listener) {
  checkListener(listener);
  const events = this._events;
  if (events === undefined) return this;
  const list = events[type];
  if (list === undefined) return this;
  if (list === listener || list.listener === listener) {
    if (--this._eventsCount === 0) this._events = ObjectCreate(null);
    else delete events[type];
    if (events.removeListener !== undefined) this.emit('removeListener', type, list.listener ?? listener);
    return this;
  }
  if (typeof list === 'function') return this;
  // The most recently added matching listener goes first, as in Node.
  for (let i = list.length - 1; i >= 0; i--) {
    if (list[i] === listener || list[i].listener === listener) {
      ArrayPrototypeSplice(list, i, 1);
      if (list.length === 1) events[type] = list[0];
      if (events.removeListener !== undefined) this.emit('removeListener', type, listener);
      break;
    }
  }
  return this;
};
EventEmitter.prototype.off = EventEmitter.prototype.removeListener;

EventEmitter.prototype.removeAllListeners = function removeAllListeners(type) {
  const events = this._events;
  if (events === undefined) return this;
  if (events.removeListener === undefined) {
    if (arguments.length === 0) {
      this._events = ObjectCreate(null);
      this._eventsCount = 0;
    } else if (events[type] !== undefined) {
      if (--this._eventsCount === 0) this._events = ObjectCreate(null);
      else delete events[type];
    }
    return this;
  }
  // With 'removeListener' listeners, each removal is announced (that event's own last).
  if (arguments.length === 0) {
    for (const key of ReflectOwnKeys(events)) {
      if (key !== 'removeListener') this.removeAllListeners(key);
    }
    this.removeAllListeners('removeListener');
    this._events = ObjectCreate(null);
    this._eventsCount = 0;
    return this;
  }
  const listeners = events[type];
  if (typeof listeners === 'function') {
    this.removeListener(type, listeners);
  } else if (listeners !== undefined) {
    for (let i = listeners.length - 1; i >= 0; i--) this.removeListener(type, listeners[i]);
  }
  return this;
};

function listenersOf(target, type, unwrap) {
  const list = target._events?.[type];
  if (list === undefined) return [];
  if (typeof list === 'function') return unwrap ? [list.listener ?? list] : [list];
  return unwrap ? list.map((l) => l.listener ?? l) : ArrayPrototypeSlice(list);
}
EventEmitter.prototype.listeners = function listeners(type) { return listenersOf(this, type, true); };
EventEmitter.prototype.rawListeners = function rawListeners(type) { return listenersOf(this, type, false); };

function listenerCount(type, listener) {
  const list = this._events?.[type];
  if (list === undefined) return 0;
  if (typeof list === 'function') {
    return listener === undefined || list === listener || list.listener === listener ? 1 : 0;
  }
  if (listener === undefined) return list.length;
  let n = 0;
  for (const l of list) if (l === listener || l.listener === listener) n++;
  return n;
}
EventEmitter.prototype.listenerCount = listenerCount;
EventEmitter.listenerCount = (emitter, type) =>
  typeof emitter.listenerCount === 'function' ? emitter.listenerCount(type) : ReflectApply(listenerCount, emitter, [type]);

EventEmitter.prototype.eventNames = function eventNames() {
  return this._eventsCount > 0 ? ReflectOwnKeys(this._events) : [];
};

function validateSignal(signal) {
  if (signal !== undefined && (signal === null || typeof signal !== 'object' || !('aborted' in signal))) {
    throw nodeErrors.invalidArgType('options.signal', 'an instance of AbortSignal', signal);
  }
}
// Node's AbortError: name 'AbortError', code 'ABORT_ERR', the signal's reason as `cause`.
const abortErrorNamed = (signal) => {
  const error = nodeErrors.make(Error, 'ABORT_ERR', 'The operation was aborted');
  ObjectDefineProperty(error, 'name', { value: 'AbortError', configurable: true, writable: true });
  ObjectDefineProperty(error, 'cause', { value: signal?.reason, configurable: true, writable: true });
  return error;
};

// events.once(emitter, name[, {signal}]): a promise of the arguments of the next `name` event;
// rejects on 'error' (unless waiting for 'error' itself). EventTargets work too.
function once(emitter, name, options = {}) {
  const signal = options?.signal;
  validateSignal(signal);
  if (signal?.aborted) return PromiseReject(abortErrorNamed(signal));
  return new PromiseCtor((resolve, reject) => {
    const cleanups = [];
    const done = () => { for (const fn of cleanups) fn(); };
    if (typeof emitter.addEventListener === 'function' && typeof emitter.on !== 'function') {
      const listener = (event) => { done(); resolve([event]); };
      emitter.addEventListener(name, listener, { once: true });
      ArrayPrototypePush(cleanups, () => emitter.removeEventListener(name, listener));
    } else {
      const listener = (...args) => { done(); resolve(args); };
      emitter.once(name, listener);
      ArrayPrototypePush(cleanups, () => emitter.removeListener(name, listener));
      if (name !== 'error') {
        const onError = (error) => { done(); reject(error); };
        emitter.once('error', onError);
        ArrayPrototypePush(cleanups, () => emitter.removeListener('error', onError));
      }
    }
    if (signal !== undefined) {
      const onAbort = () => { done(); reject(abortErrorNamed(signal)); };
      signal.addEventListener('abort', onAbort, { once: true });
      ArrayPrototypePush(cleanups, () => signal.removeEventListener('abort', onAbort));
    }
  });
}

// events.on(emitter, name[, {signal, close}]): an async iterator of each event's arguments.
// An 'error' event makes the next next() reject; return() removes the listeners.
function on(emitter, event, options = {}) {
  const signal = options?.signal;
  validateSignal(signal);
  if (signal?.aborted) throw abortErrorNamed(signal);
  const unconsumed = [];
  const waiting = [];
  let error = null;
  let finished = false;
  const isTarget = typeof emitter.addEventListener === 'function' && typeof emitter.on !== 'function';
  const push = (value) => {
    if (waiting.length > 0) waiting.shift().resolve({ value, done: false });
    else ArrayPrototypePush(unconsumed, value);
  };
  const onEvent = isTarget ? (e) => push([e]) : (...args) => push(args);
  const onError = (err) => {
    if (waiting.length > 0) waiting.shift().reject(err);
    else error = err;
    iterator.return();
  };
  const onClose = () => iterator.return();
  const onAbort = () => onError(abortErrorNamed(signal));
  const closeEvents = options?.close ?? [];
  if (isTarget) {
    emitter.addEventListener(event, onEvent);
  } else {
    emitter.on(event, onEvent);
    if (event !== 'error') emitter.on('error', onError);
    for (const name of closeEvents) emitter.on(name, onClose);
  }
  signal?.addEventListener('abort', onAbort, { once: true });

  const cleanup = () => {
    if (isTarget) {
      emitter.removeEventListener(event, onEvent);
    } else {
      emitter.removeListener(event, onEvent);
      emitter.removeListener('error', onError);
      for (const name of closeEvents) emitter.removeListener(name, onClose);
    }
    signal?.removeEventListener('abort', onAbort);
  };
  const iterator = ObjectSetPrototypeOf({
    next() {
      if (unconsumed.length > 0) return PromiseResolve({ value: unconsumed.shift(), done: false });
      if (error !== null) {
        const p = PromiseReject(error);
        error = null;
        return p;
      }
      if (finished) return PromiseResolve({ value: undefined, done: true });
      return new PromiseCtor((resolve, reject) => ArrayPrototypePush(waiting, { resolve, reject }));
    },
    return() {
      if (!finished) {
        finished = true;
        cleanup();
        for (const w of waiting) w.resolve({ value: undefined, done: true });
        waiting.length = 0;
      }
      return PromiseResolve({ value: undefined, done: true });
    },
    throw(err) {
      if (!err || !(err instanceof Error)) {
        throw nodeErrors.invalidArgType('EventEmitter.AsyncIterator', 'an instance of Error', err);
      }
      error = err;
      cleanup();
    },
    [SymbolAsyncIterator]() { return this; },
  }, ObjectGetPrototypeOf(ObjectGetPrototypeOf(async function* () {}).prototype));
  return iterator;
}

function getEventListeners(emitter, type) {
  if (typeof emitter.listeners === 'function') return emitter.listeners(type);
  if (internals.isEventTarget?.(emitter)) return internals.eventTargetListeners?.(emitter, type) ?? [];
  throw nodeErrors.invalidArgType('emitter', 'an instance of EventEmitter or EventTarget', emitter);
}

function setMaxListeners(n = defaultMaxListeners, ...targets) {
  if (typeof n !== 'number' || n < 0 || NumberIsNaN(n)) throw nodeErrors.outOfRange('n', 'a non-negative number', n);
  if (targets.length === 0) {
    defaultMaxListeners = n;
    return;
  }
  for (const target of targets) {
    if (typeof target.setMaxListeners === 'function') target.setMaxListeners(n);
  }
}

function getMaxListeners(emitter) {
  if (typeof emitter?.getMaxListeners === 'function') return emitter.getMaxListeners();
  return defaultMaxListeners;
}

// addAbortListener(signal, listener) → a Disposable-like {dispose} (Node 20).
function addAbortListener(signal, listener) {
  validateSignal(signal);
  validateFunction(listener, 'listener');
  if (signal.aborted) {
    queueMicrotask(() => listener());
    return { dispose() {} };
  }
  signal.addEventListener('abort', listener, { once: true });
  return { dispose() { signal.removeEventListener('abort', listener); } };
}

EventEmitter.once = once;
EventEmitter.on = on;
EventEmitter.getEventListeners = getEventListeners;
EventEmitter.getMaxListeners = getMaxListeners;
EventEmitter.setMaxListeners = setMaxListeners;
EventEmitter.addAbortListener = addAbortListener;

internals.EventEmitter = EventEmitter;
internals.builtinModules['node:events'] = {
  default: EventEmitter, EventEmitter, once, on, getEventListeners, getMaxListeners,
  setMaxListeners, addAbortListener, errorMonitor, captureRejectionSymbol,
  listenerCount: EventEmitter.listenerCount,
  get defaultMaxListeners() { return defaultMaxListeners; },
  captureRejections: false, usingDomains: false,
};
