'use strict';
// AbortController and AbortSignal (DOM §3.1-3.2) as Workers has them (workerd api/basics.c++).
// Quirks kept on purpose:
// - `new AbortSignal()` throws "Illegal constructor";
// - the default reasons are DOMExceptions that also carry `retryable: true` (workerd builds
//   them from DISCONNECTED exceptions);
// - AbortSignal.timeout() takes any number (no [EnforceRange]);
// - AbortSignal.any() wants a real Array; with no signals it returns one that never aborts;
// - every listener is removed once the signal has aborted;
// - `onabort` keeps whatever value it is given (null when unset).
//
// Runtime code that must react to an abort (fetch, streams, timers) uses
// internals.addAbortAlgorithm(): those run before the 'abort' event, and no listener can stop them.

const {
  ArrayIsArray,
  ArrayPrototypePush,
  ArrayPrototypeIndexOf,
  ArrayPrototypeSplice,
  FunctionPrototypeCall,
  ObjectDefineProperty,
  SymbolToStringTag,
  Number: NumberCtor,
} = primordials;
const {
  DOMException, EventTarget, illegalConstructor, kInternalConstruct, makeTypeError, webidl,
} = internals;
const addEventListener = EventTarget.prototype.addEventListener;

const illegalInvocation = () => makeTypeError('Illegal invocation');

const withRetryable = (err) => {
  ObjectDefineProperty(err, 'retryable', {
    value: true, writable: true, enumerable: true, configurable: true,
  });
  return err;
};
// `below` is the public function the user called; the stack starts under it.
const defaultAbortReason = (below) => withRetryable(
  internals.createDOMException('The operation was aborted', 'AbortError', below));
const timeoutAbortReason = () =>
  withRetryable(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));

let isAbortSignal;
let triggerAbort;

class AbortSignal extends EventTarget {
  #aborted = false;
  #reason = undefined;
  #onabort = null;
  #neverAborts = false;
  #algorithms = null; // runtime callbacks, run before the 'abort' event

  constructor(token = undefined) {
    if (token !== kInternalConstruct) throw illegalConstructor();
    super();
  }

  static {
    isAbortSignal = (o) => typeof o === 'object' && o !== null && #aborted in o;
    triggerAbort = (signal, reason, below = triggerAbort) => {
      if (signal.#aborted || signal.#neverAborts) return;
      signal.#aborted = true;
      signal.#reason = reason === undefined ? defaultAbortReason(below) : reason;
      const algorithms = signal.#algorithms;
      signal.#algorithms = null;
      if (algorithms !== null) {
        for (let i = 0; i < algorithms.length; i++) {
          try {
            algorithms[i](signal.#reason);
          } catch (err) {
            internals.reportError(err);
          }
        }
      }
      try {
        internals.dispatchEvent(signal, internals.makeTrustedEvent('abort'));
      } finally {
        // Nothing can happen on an aborted signal any more; let go of every listener.
        internals.removeAllListeners(signal);
      }
    };
    AbortSignal.#init();
  }

  static #init() {
    internals.abortSignalAborted = (s) => s.#aborted;
    internals.abortSignalReason = (s) => s.#reason;
    internals.abortSignalNeverAborts = (s) => s.#neverAborts;
    internals.addAbortAlgorithm = (s, fn) => {
      if (s.#aborted || s.#neverAborts) return undefined;
      if (s.#algorithms === null) s.#algorithms = [];
      ArrayPrototypePush(s.#algorithms, fn);
      return fn;
    };
    internals.removeAbortAlgorithm = (s, handle) => {
      const list = s.#algorithms;
      if (list === null || handle === undefined) return;
      const i = ArrayPrototypeIndexOf(list, handle);
      if (i !== -1) ArrayPrototypeSplice(list, i, 1);
    };
    internals.makeNeverAbortingSignal = () => {
      const s = new AbortSignal(kInternalConstruct);
      s.#neverAborts = true;
      return s;
    };
    internals.makeAbortedSignal = (reason, below = internals.makeAbortedSignal) => {
      const s = new AbortSignal(kInternalConstruct);
      s.#aborted = true;
      s.#reason = reason === undefined ? defaultAbortReason(below) : reason;
      return s;
    };
  }

  static abort(reason = undefined) {
    return internals.makeAbortedSignal(reason, AbortSignal.abort);
  }

  static timeout(delay) {
    delay = NumberCtor(delay);
    const signal = new AbortSignal(kInternalConstruct);
    // Looked up now, not at load time: the timers file loads after this one.
    internals.setTimeoutInternal(() => triggerAbort(signal, timeoutAbortReason()), delay);
    return signal;
  }

  static any(signals) {
    if (!ArrayIsArray(signals)) throw webidl.argumentTypeError('any', 'AbortSignal', 0, 'Array');
    const list = [];
    for (let i = 0; i < signals.length; i++) {
      const s = signals[i];
      if (!isAbortSignal(s)) {
        throw makeTypeError(`Incorrect type for array element ${i}: the provided value is not ` +
          "of type 'AbortSignal'.");
      }
      ArrayPrototypePush(list, s);
    }
    if (list.length === 0) return internals.makeNeverAbortingSignal();
    for (let i = 0; i < list.length; i++) {
      if (list[i].#aborted) return internals.makeAbortedSignal(list[i].#reason);
    }
    const result = new AbortSignal(kInternalConstruct);
    for (let i = 0; i < list.length; i++) {
      const source = list[i];
      // A plain listener (workerd adds one too): removed once it fires or `result` aborts.
      FunctionPrototypeCall(addEventListener, source, 'abort',
        () => triggerAbort(result, source.#reason),
        { __proto__: null, once: true, signal: result });
    }
    return result;
  }

  get aborted() {
    if (!isAbortSignal(this)) throw illegalInvocation();
    return this.#aborted;
  }

  get reason() {
    if (!isAbortSignal(this)) throw illegalInvocation();
    return this.#reason;
  }

  get onabort() {
    if (!isAbortSignal(this)) throw illegalInvocation();
    return this.#onabort;
  }

  set onabort(handler) {
    if (!isAbortSignal(this)) throw illegalInvocation();
    this.#onabort = handler === undefined ? null : handler;
  }

  throwIfAborted() {
    if (!isAbortSignal(this)) throw illegalInvocation();
    if (this.#aborted) throw this.#reason;
  }
}
internals.registerBrand(AbortSignal, isAbortSignal);

let isAbortController;
class AbortController {
  #signal = new AbortSignal(kInternalConstruct);

  static { isAbortController = (o) => typeof o === 'object' && o !== null && #signal in o; }

  get signal() {
    if (!isAbortController(this)) throw illegalInvocation();
    return this.#signal;
  }

  abort(reason = undefined) {
    if (!isAbortController(this)) throw illegalInvocation();
    triggerAbort(this.#signal, reason, abortMethod);
  }
}
internals.registerBrand(AbortController, isAbortController);
const abortMethod = AbortController.prototype.abort;

for (const [Class, tag] of [[AbortSignal, 'AbortSignal'], [AbortController, 'AbortController']]) {
  ObjectDefineProperty(Class.prototype, SymbolToStringTag, {
    value: tag, writable: false, enumerable: false, configurable: true,
  });
  internals.markResourceType(Class);
}

internals.AbortSignal = AbortSignal;
internals.AbortController = AbortController;
internals.isAbortSignal = isAbortSignal;
// Aborts a signal the runtime owns (for example a request's signal when the client goes away).
internals.triggerAbort = (signal, reason) => triggerAbort(signal, reason);

internals.defineGlobal('AbortController', AbortController);
internals.defineGlobal('AbortSignal', AbortSignal);
