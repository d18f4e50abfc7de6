'use strict';
// Event, EventTarget, CustomEvent, ErrorEvent, PromiseRejectionEvent (DOM §2) as Workers has
// them (workerd api/basics.{h,c++}, api/events.{h,c++}, api/global-scope.h). Workers has no
// event tree, so dispatch only ever reaches the target itself. Quirks kept on purpose:
// - `capture: true` and `passive: true` are rejected with a TypeError;
// - a listener is identified by its function/object alone (there is no capture flag);
// - an `on<type>` function property on the target runs first, before added listeners;
// - a listener that throws stops the dispatch and the exception leaves dispatchEvent();
// - a listener returning `true` calls preventDefault(); any other non-undefined return value
//   logs a warning once per target;
// - target/currentTarget are `undefined` (not null) before dispatch and keep the target after;
// - dispatchEvent() returns false whenever preventDefault() was called, cancelable or not;
// - timeStamp is always 0; events made by the runtime are trusted (ErrorEvent too).
// The global object is an EventTarget too (a ServiceWorkerGlobalScope, 19_global_scope.js),
// and `addEventListener(…)` called bare reaches it (WebIDL: an undefined `this` is the global).

const {
  ArrayPrototypePush,
  ArrayPrototypeSlice,
  ArrayPrototypeSplice,
  ArrayPrototypeIndexOf,
  FunctionPrototypeCall,
  ObjectDefineProperty,
  ObjectKeys,
  SymbolToStringTag,
  NumberIsFinite,
  MathTrunc,
  Number: NumberCtor,
} = primordials;
const { DOMException, makeTypeError, webidl, illegalConstructor, kInternalConstruct } = internals;
const toDOMString = webidl.converters.DOMString;

const kTrusted = Symbol('kTrustedEvent');
const kNone = 0;
const kAtTarget = 2;

const illegalInvocation = () => makeTypeError('Illegal invocation');

// Reads an EventInit-shaped dictionary in WebIDL member order.
const readEventInit = (init, iface) => {
  if (init === undefined || init === null) {
    return { bubbles: false, cancelable: false, composed: false };
  }
  if (typeof init !== 'object' && typeof init !== 'function') {
    throw webidl.constructorArgumentTypeError(iface, 1, `${iface}Init`);
  }
  return { bubbles: !!init.bubbles, cancelable: !!init.cancelable, composed: !!init.composed };
};

let isEvent;
let eventBeginDispatch;
let eventEndDispatch;
let eventIsStopped;
let eventPreventedFlag;
let eventType;
let eventPreventDefault;

class Event {
  #type;
  #target = undefined;
  #trusted;
  #bubbles;
  #cancelable;
  #composed;
  #stopped = false;
  #preventedDefault = false;
  #dispatching = false;
  #propagationStopped = false;

  constructor(type, init = undefined, trusted = undefined) {
    this.#type = toDOMString(type);
    const flags = readEventInit(init, 'Event');
    this.#bubbles = flags.bubbles;
    this.#cancelable = flags.cancelable;
    this.#composed = flags.composed;
    this.#trusted = trusted === kTrusted;
  }

  static {
    isEvent = (o) => typeof o === 'object' && o !== null && #type in o;
    eventBeginDispatch = (ev, target) => {
      if (ev.#dispatching) {
        throw new DOMException('The event is already being dispatched.', 'InvalidStateError');
      }
      ev.#dispatching = true;
      ev.#target = target;
      ev.#preventedDefault = false;
    };
    eventEndDispatch = (ev) => { ev.#dispatching = false; };
    eventIsStopped = (ev) => ev.#stopped;
    eventPreventedFlag = (ev) => ev.#preventedDefault;
    eventType = (ev) => ev.#type;
    eventPreventDefault = (ev) => { ev.#preventedDefault = true; };
  }

  get type() { if (!isEvent(this)) throw illegalInvocation(); return this.#type; }
  get eventPhase() {
    if (!isEvent(this)) throw illegalInvocation();
    return this.#dispatching ? kAtTarget : kNone;
  }
  get composed() { if (!isEvent(this)) throw illegalInvocation(); return this.#composed; }
  get bubbles() { if (!isEvent(this)) throw illegalInvocation(); return this.#bubbles; }
  get cancelable() { if (!isEvent(this)) throw illegalInvocation(); return this.#cancelable; }
  get defaultPrevented() {
    if (!isEvent(this)) throw illegalInvocation();
    return this.#cancelable && this.#preventedDefault;
  }
  get returnValue() {
    if (!isEvent(this)) throw illegalInvocation();
    return !(this.#cancelable && this.#preventedDefault);
  }
  get currentTarget() { if (!isEvent(this)) throw illegalInvocation(); return this.#target; }
  get target() { if (!isEvent(this)) throw illegalInvocation(); return this.#target; }
  get srcElement() { if (!isEvent(this)) throw illegalInvocation(); return this.#target; }
  get timeStamp() { if (!isEvent(this)) throw illegalInvocation(); return 0; }
  get isTrusted() { if (!isEvent(this)) throw illegalInvocation(); return this.#trusted; }
  get cancelBubble() {
    if (!isEvent(this)) throw illegalInvocation();
    return this.#propagationStopped;
  }
  set cancelBubble(value) {
    if (!isEvent(this)) throw illegalInvocation();
    this.#propagationStopped = !!value;
  }

  stopImmediatePropagation() {
    if (!isEvent(this)) throw illegalInvocation();
    this.#stopped = true;
  }
  preventDefault() { if (!isEvent(this)) throw illegalInvocation(); this.#preventedDefault = true; }
  stopPropagation() {
    if (!isEvent(this)) throw illegalInvocation();
    this.#propagationStopped = true;
  }
  composedPath() {
    if (!isEvent(this)) throw illegalInvocation();
    return this.#dispatching ? [this.#target] : [];
  }
}
for (const [name, value] of [['NONE', 0], ['CAPTURING_PHASE', 1], ['AT_TARGET', 2],
  ['BUBBLING_PHASE', 3]]) {
  const desc = { value, writable: false, enumerable: true, configurable: false };
  ObjectDefineProperty(Event, name, desc);
  ObjectDefineProperty(Event.prototype, name, desc);
}
internals.registerBrand(Event, isEvent);

let isCustomEvent;
class CustomEvent extends Event {
  #detail;
  constructor(type, init = undefined) {
    super(type, init);
    this.#detail = init === undefined || init === null ? undefined : init.detail;
  }
  static { isCustomEvent = (o) => typeof o === 'object' && o !== null && #detail in o; }
  get detail() { if (!isCustomEvent(this)) throw illegalInvocation(); return this.#detail; }
}

// jsg `int` conversion for ErrorEventInit.lineno/colno.
const toInt32Strict = (v) => {
  const x = NumberCtor(v);
  if (!NumberIsFinite(x)) return 0;
  if (x > 2147483647 || x < -2147483648) {
    throw makeTypeError(
      'Value out of range. Must be between -2147483648 and 2147483647 (inclusive).');
  }
  return MathTrunc(x);
};

let isErrorEvent;
class ErrorEvent extends Event {
  #message = '';
  #filename = '';
  #lineno = 0;
  #colno = 0;
  #error = undefined;
  // workerd builds ErrorEvent as a trusted event and ignores bubbles/cancelable/composed.
  constructor(type, init = undefined) {
    super(type, undefined, kTrusted);
    if (init === undefined || init === null) return;
    if (typeof init !== 'object' && typeof init !== 'function') {
      throw webidl.constructorArgumentTypeError('ErrorEvent', 1, 'ErrorEventInit');
    }
    const { message, filename, lineno, colno, error } = init;
    if (message !== undefined) this.#message = toDOMString(message);
    if (filename !== undefined) this.#filename = toDOMString(filename);
    if (lineno !== undefined) this.#lineno = toInt32Strict(lineno);
    if (colno !== undefined) this.#colno = toInt32Strict(colno);
    this.#error = error;
  }
  static { isErrorEvent = (o) => typeof o === 'object' && o !== null && #colno in o; }
  get filename() { if (!isErrorEvent(this)) throw illegalInvocation(); return this.#filename; }
  get message() { if (!isErrorEvent(this)) throw illegalInvocation(); return this.#message; }
  get lineno() { if (!isErrorEvent(this)) throw illegalInvocation(); return this.#lineno; }
  get colno() { if (!isErrorEvent(this)) throw illegalInvocation(); return this.#colno; }
  get error() { if (!isErrorEvent(this)) throw illegalInvocation(); return this.#error; }
}

// Not constructible from JS in Workers; the runtime makes them for unhandled rejections.
class PromiseRejectionEvent extends Event {
  constructor(type, promise, reason, token = undefined) {
    if (token !== kInternalConstruct) throw illegalConstructor();
    super(type, undefined, kTrusted);
    const desc = { writable: false, enumerable: true, configurable: true };
    ObjectDefineProperty(this, 'promise', { ...desc, value: promise });
    ObjectDefineProperty(this, 'reason', { ...desc, value: reason });
  }
}

// ---------------------------------------------------------------------------------------------
// EventTarget. Each type maps to an array of listener records in registration order:
//   { handler, fn, thisArg, once, native, removed, onRemove }
// `handler` is the identity (the function or the handleEvent object); native records are the
// runtime's own listeners (AbortSignal.any, `signal` options) and have no identity.

const warnReturn = (ret) => {
  const text = (ret !== null && typeof ret === 'object' && typeof ret.then === 'function')
    ? 'An event handler returned a promise that will be ignored. Event handlers should not ' +
      'have a return value and should not be async functions.'
    : `An event handler returned a value of type "${ret === null ? 'object' : typeof ret}" ` +
      'that will be ignored. Event handlers should not have a return value.';
  ops.log('warn', text);
};

let isEventTarget;
let listenersOf;
let removeRecord;
let addRecord;
let clearListeners;
let takeReturnWarning;
// The global object was not made by the EventTarget constructor, so it has none of its private
// fields: its listeners live on this stand-in, made when the class is.
let globalStandIn;
const stateHolder = (target) => (target === globalThis ? globalStandIn : target);

const findRecord = (list, handler) => {
  for (let i = 0; i < list.length; i++) {
    if (!list[i].native && list[i].handler === handler) return list[i];
  }
  return undefined;
};

class EventTarget {
  #types = null; // { __proto__: null, [type]: record[] }, made on first addEventListener
  #warnOnReturn = true;

  static {
    isEventTarget = (o) =>
      o === globalThis || (typeof o === 'object' && o !== null && #types in o);
    listenersOf = (target, type, create) => {
      const holder = stateHolder(target);
      let types = holder.#types;
      if (types === null) {
        if (!create) return undefined;
        types = holder.#types = { __proto__: null };
      }
      let list = types[type];
      if (list === undefined && create) {
        list = [];
        types[type] = list;
      }
      return list;
    };
    clearListeners = (target) => {
      const holder = stateHolder(target);
      const types = holder.#types;
      if (types === null) return;
      holder.#types = null;
      const names = ObjectKeys(types);
      for (let n = 0; n < names.length; n++) {
        const list = types[names[n]];
        for (let i = 0; i < list.length; i++) {
          const rec = list[i];
          rec.removed = true;
          if (rec.onRemove !== undefined) rec.onRemove();
        }
      }
    };
    takeReturnWarning = (target) => {
      const holder = stateHolder(target);
      const w = holder.#warnOnReturn;
      holder.#warnOnReturn = false;
      return w;
    };
    globalStandIn = new EventTarget();
  }

  addEventListener(type, handler, options = undefined) {
    const target = this ?? globalThis;
    if (!isEventTarget(target)) throw illegalInvocation();
    type = toDOMString(type);
    let fn;
    let thisArg;
    if (typeof handler === 'function') {
      fn = handler;
      thisArg = target;
    } else if (handler !== undefined && handler !== null) {
      if (typeof handler !== 'object') {
        throw webidl.argumentTypeError('addEventListener', 'EventTarget', 1,
          'function or HandlerObject');
      }
      fn = handler.handleEvent;
      if (typeof fn !== 'function') {
        throw webidl.fieldTypeError('handleEvent', 'HandlerObject', 'function');
      }
      thisArg = handler;
    }
    // The options dictionary is converted (and can throw) even when there is no listener; the
    // Workers-only capture/passive refusals apply to real listeners.
    let capture = false;
    let passive = false;
    let once = false;
    let signal;
    if (options !== undefined && options !== null) {
      if (typeof options === 'object' || typeof options === 'function') {
        capture = !!options.capture;
        passive = !!options.passive;
        once = !!options.once;
        signal = options.signal;
        if (signal !== undefined && !internals.isAbortSignal(signal)) {
          throw webidl.fieldTypeError('signal', 'AddEventListenerOptions', 'AbortSignal');
        }
      } else if (options) {
        if (fn === undefined) return;
        throw makeTypeError('addEventListener(): useCapture must be false.');
      }
    }
    if (fn === undefined) return;
    if (capture) throw makeTypeError('addEventListener(): options.capture must be false.');
    if (passive) throw makeTypeError('addEventListener(): options.passive must be false.');
    if (signal !== undefined && internals.abortSignalAborted(signal)) return;
    addRecord(target, type, { handler, fn, thisArg, once, native: false, removed: false,
      onRemove: undefined }, signal);
  }

  removeEventListener(type, handler, options = undefined) {
    const target = this ?? globalThis;
    if (!isEventTarget(target)) throw illegalInvocation();
    type = toDOMString(type);
    let capture = false;
    if (options !== undefined && options !== null) {
      capture = typeof options === 'object' || typeof options === 'function'
        ? !!options.capture : !!options;
    }
    if (handler === undefined || handler === null) return;
    if (capture) {
      throw makeTypeError(typeof options === 'object' || typeof options === 'function'
        ? 'removeEventListener(): options.capture must be false.'
        : 'removeEventListener(): useCapture must be false.');
    }
    const list = listenersOf(target, type, false);
    if (list === undefined) return;
    const rec = findRecord(list, handler);
    if (rec !== undefined) removeRecord(target, type, rec);
  }

  dispatchEvent(event) {
    const target = this ?? globalThis;
    if (!isEventTarget(target)) throw illegalInvocation();
    if (!isEvent(event)) throw webidl.argumentTypeError('dispatchEvent', 'EventTarget', 0, 'Event');
    return dispatch(target, event);
  }
}
internals.registerBrand(EventTarget, isEventTarget);

addRecord = (target, type, rec, signal) => {
  const list = listenersOf(target, type, true);
  if (!rec.native && findRecord(list, rec.handler) !== undefined) return;
  ArrayPrototypePush(list, rec);
  if (signal !== undefined) {
    // When the signal aborts, drop the listener; when the listener goes first, stop watching.
    const watcher = addNativeListener(signal, 'abort', () => removeRecord(target, type, rec), true);
    rec.onRemove = () => removeNativeListener(signal, 'abort', watcher);
  }
};

removeRecord = (target, type, rec) => {
  if (rec.removed) return;
  rec.removed = true;
  const list = listenersOf(target, type, false);
  if (list !== undefined) {
    const i = ArrayPrototypeIndexOf(list, rec);
    if (i !== -1) ArrayPrototypeSplice(list, i, 1);
  }
  if (rec.onRemove !== undefined) rec.onRemove();
};

// Runtime-owned listener: called with the event, in registration order with the others.
const addNativeListener = (target, type, fn, once = false) => {
  const rec = { handler: undefined, fn, thisArg: undefined, once, native: true, removed: false,
    onRemove: undefined };
  addRecord(target, type, rec, undefined);
  return rec;
};
const removeNativeListener = (target, type, rec) => removeRecord(target, type, rec);

// DOM §2.9 "dispatch", reduced to a single target (workerd EventTarget::dispatchEventImpl).
const dispatch = (target, event) => {
  eventBeginDispatch(event, target);
  try {
    const type = eventType(event);
    const onProp = target[`on${type}`];
    const list = listenersOf(target, type, false);
    if (typeof onProp === 'function') {
      if (eventIsStopped(event)) return !eventPreventedFlag(event);
      callListener(target, event, onProp, target);
    }
    if (list !== undefined && list.length !== 0) {
      // Listeners added during dispatch do not run; removed ones are skipped.
      const snapshot = ArrayPrototypeSlice(list);
      for (let i = 0; i < snapshot.length; i++) {
        if (eventIsStopped(event)) break;
        const rec = snapshot[i];
        if (rec.removed) continue;
        if (rec.once) removeRecord(target, type, rec);
        if (rec.native) {
          rec.fn(event);
        } else {
          callListener(target, event, rec.fn, rec.thisArg);
        }
      }
    }
    return !eventPreventedFlag(event);
  } finally {
    eventEndDispatch(event);
  }
};

const callListener = (target, event, fn, thisArg) => {
  const ret = FunctionPrototypeCall(fn, thisArg, event);
  if (ret === undefined) return;
  if (ret === true) eventPreventDefault(event);
  if (typeof ret !== 'boolean' && takeReturnWarning(target)) warnReturn(ret);
};

for (const [Class, tag] of [[Event, 'Event'], [EventTarget, 'EventTarget'],
  [CustomEvent, 'CustomEvent'], [ErrorEvent, 'ErrorEvent'],
  [PromiseRejectionEvent, 'PromiseRejectionEvent']]) {
  ObjectDefineProperty(Class.prototype, SymbolToStringTag, {
    value: tag, writable: false, enumerable: false, configurable: true,
  });
  internals.markResourceType(Class);
}

// Logs an exception nobody can catch any more (a throwing microtask, a failed 'error' event):
// the stack if it has one, otherwise the value as console.log would show it.
const reportError = (error) => {
  let text;
  try {
    const stack = error !== null && typeof error === 'object' ? error.stack : undefined;
    if (typeof stack === 'string') {
      text = stack;
    } else {
      text = internals.inspect !== undefined ? internals.inspect(error) : `${error}`;
    }
  } catch {
    text = '<error could not be formatted>';
  }
  ops.log('error', `Uncaught ${text}`);
};

internals.Event = Event;
internals.EventTarget = EventTarget;
internals.CustomEvent = CustomEvent;
internals.ErrorEvent = ErrorEvent;
internals.PromiseRejectionEvent = PromiseRejectionEvent;
internals.kTrustedEvent = kTrusted;
internals.isEvent = isEvent;
internals.isEventTarget = isEventTarget;
internals.makeTrustedEvent = (type, init = undefined) => new Event(type, init, kTrusted);
internals.makePromiseRejectionEvent = (type, promise, reason) =>
  new PromiseRejectionEvent(type, promise, reason, kInternalConstruct);
internals.dispatchEvent = dispatch; // no brand checks: runtime callers only
internals.addNativeListener = addNativeListener;
internals.removeNativeListener = removeNativeListener;
internals.removeAllListeners = (target) => clearListeners(target);
internals.listenerCount = (target, type) => {
  const list = listenersOf(target, `${type}`, false);
  return list === undefined ? 0 : list.length;
};
internals.reportError = reportError;

internals.defineGlobal('Event', Event);
internals.defineGlobal('EventTarget', EventTarget);
internals.defineGlobal('CustomEvent', CustomEvent);
internals.defineGlobal('ErrorEvent', ErrorEvent);
internals.defineGlobal('PromiseRejectionEvent', PromiseRejectionEvent);
