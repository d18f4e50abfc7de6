'use strict';
// node:async_hooks: AsyncLocalStorage and AsyncResource, the part of async_hooks Workers offers,
// and the hook API as Workers stubs it (createHook's hooks never run; every async id is 0).
// The current "frame" (a Map from storage to store, replaced on every change, never mutated) is
// kept in V8's continuation-preserved embedder data (src/api/async_context_ops.cc): V8 captures
// it whenever a promise reaction is created (await, then) and restores it while the reaction
// runs, so a store follows `await` and promise callbacks. Timers capture it themselves
// (17_timers.js); queueMicrotask goes through a promise reaction.

const { SafeMap, ReflectApply, FunctionPrototypeBind, ObjectDefineProperty } = primordials;
const { asyncContextGet, asyncContextSet } = ops;
const { validateFunction, nodeErrors } = internals;

const currentFrame = () => asyncContextGet();

// Runs fn with `frame` current, restoring the caller's frame afterwards (even on throw).
function runInFrame(frame, fn, thisArg, args) {
  const previous = asyncContextGet();
  asyncContextSet(frame);
  try {
    return ReflectApply(fn, thisArg, args);
  } finally {
    asyncContextSet(previous);
  }
}
internals.runInAsyncFrame = runInFrame;
internals.currentAsyncFrame = currentFrame;

function frameWith(storage, store) {
  const frame = new SafeMap(currentFrame() ?? undefined);
  frame.set(storage, store);
  return frame;
}
function frameWithout(storage) {
  const frame = new SafeMap(currentFrame() ?? undefined);
  frame.delete(storage);
  return frame;
}

class AsyncLocalStorage {
  getStore() {
    return currentFrame()?.get(this);
  }

  run(store, callback, ...args) {
    validateFunction(callback, 'callback');
    return runInFrame(frameWith(this, store), callback, undefined, args);
  }

  exit(callback, ...args) {
    validateFunction(callback, 'callback');
    return runInFrame(frameWithout(this), callback, undefined, args);
  }

  // Makes `store` current for the rest of this synchronous run and what it schedules.
  enterWith(store) {
    asyncContextSet(frameWith(this, store));
  }

  disable() {
    if (currentFrame()?.has(this)) asyncContextSet(frameWithout(this));
  }

  // A function that runs `fn` in the frame current now.
  static bind(fn) {
    validateFunction(fn, 'fn');
    return AsyncResource.bind(fn);
  }

  // A function that runs any callback in the frame current now.
  static snapshot() {
    const frame = currentFrame();
    return (callback, ...args) => {
      validateFunction(callback, 'callback');
      return runInFrame(frame, callback, undefined, args);
    };
  }
}

class AsyncResource {
  #frame;
  #type;

  constructor(type, options = undefined) {
    if (typeof type !== 'string') throw nodeErrors.invalidArgType('type', 'of type string', type);
    this.#type = type;
    this.#frame = currentFrame();
  }

  runInAsyncScope(fn, thisArg, ...args) {
    validateFunction(fn, 'fn');
    return runInFrame(this.#frame, fn, thisArg, args);
  }

  bind(fn, thisArg = undefined) {
    validateFunction(fn, 'fn');
    const bound = thisArg === undefined
      ? (...args) => this.runInAsyncScope(fn, undefined, ...args)
      : FunctionPrototypeBind(this.runInAsyncScope, this, fn, thisArg);
    ObjectDefineProperty(bound, 'length', { value: fn.length, configurable: true });
    ObjectDefineProperty(bound, 'asyncResource', { value: this, configurable: true, enumerable: true, writable: true });
    return bound;
  }

  static bind(fn, type = undefined, thisArg = undefined) {
    validateFunction(fn, 'fn');
    return new AsyncResource(type ?? (fn.name || 'bound-anonymous-fn')).bind(fn, thisArg);
  }

  emitDestroy() { return this; }
  asyncId() { return 0; }
  triggerAsyncId() { return 0; }
  get type() { return this.#type; }
}

// createHook(callbacks): an AsyncHook whose enable/disable do nothing; Workers keeps no async ids.
class AsyncHook {
  enable() { return this; }
  disable() { return this; }
}
const createHook = () => new AsyncHook();
const executionAsyncId = () => 0;
const triggerAsyncId = () => 0;
const executionAsyncResource = () => ({ __proto__: null });

// Node's provider names, each 0 here as on Workers (no provider ever creates a resource).
const asyncWrapProviders = {};
for (const name of [
  'NONE', 'DIRHANDLE', 'DNSCHANNEL', 'ELDHISTOGRAM', 'FILEHANDLE', 'FILEHANDLECLOSEREQ', 'BLOBREADER',
  'FSEVENTWRAP', 'FSREQCALLBACK', 'FSREQPROMISE', 'GETADDRINFOREQWRAP', 'GETNAMEINFOREQWRAP',
  'HEAPSNAPSHOT', 'HTTP2SESSION', 'HTTP2STREAM', 'HTTP2PING', 'HTTP2SETTINGS', 'HTTPINCOMINGMESSAGE',
  'HTTPCLIENTREQUEST', 'LOCKS', 'JSSTREAM', 'JSUDPWRAP', 'MESSAGEPORT', 'PIPECONNECTWRAP',
  'PIPESERVERWRAP', 'PIPEWRAP', 'PROCESSWRAP', 'PROMISE', 'QUERYWRAP', 'QUIC_ENDPOINT',
  'QUIC_LOGSTREAM', 'QUIC_SESSION', 'QUIC_STREAM', 'QUIC_UDP', 'SHUTDOWNWRAP', 'SIGNALWRAP',
  'STATWATCHER', 'STREAMPIPE', 'TCPCONNECTWRAP', 'TCPSERVERWRAP', 'TCPWRAP', 'TTYWRAP',
  'UDPSENDWRAP', 'UDPWRAP', 'SIGINTWATCHDOG', 'WORKER', 'WORKERCPUPROFILE', 'WORKERCPUUSAGE',
  'WORKERHEAPPROFILE', 'WORKERHEAPSNAPSHOT', 'WORKERHEAPSTATISTICS', 'WRITEWRAP', 'ZLIB',
  'CHECKPRIMEREQUEST', 'PBKDF2REQUEST', 'KEYPAIRGENREQUEST', 'KEYGENREQUEST', 'KEYEXPORTREQUEST',
  'ARGON2REQUEST', 'CIPHERREQUEST', 'DERIVEBITSREQUEST', 'HASHREQUEST', 'RANDOMBYTESREQUEST',
  'RANDOMPRIMEREQUEST', 'SCRYPTREQUEST', 'SIGNREQUEST', 'TLSWRAP', 'VERIFYREQUEST', 'QUIC_PACKET',
]) {
  asyncWrapProviders[name] = 0;
}

internals.AsyncLocalStorage = AsyncLocalStorage;
internals.AsyncResource = AsyncResource;
internals.defineNodeModule('async_hooks', {
  AsyncLocalStorage, AsyncResource, createHook, executionAsyncId, executionAsyncResource,
  triggerAsyncId, asyncWrapProviders,
});
