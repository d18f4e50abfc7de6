// Event, EventTarget, CustomEvent, ErrorEvent, PromiseRejectionEvent
// (runtime-js/api/02_events.js), checked against Workers' behaviour. Run by `edged test`:
// every export `{ async test() {} }` is a test case.

function assertEqual(actual, expected, message = '') {
  if (!Object.is(actual, expected)) {
    const prefix = message ? `${message}: ` : '';
    throw new Error(`${prefix}expected ${String(expected)}, got ${String(actual)}`);
  }
}
function assertDeepEqual(actual, expected, message = '') {
  assertEqual(JSON.stringify(actual), JSON.stringify(expected), message);
}
function assertThrows(fn, type, messageText) {
  try {
    fn();
  } catch (err) {
    if (!(err instanceof type)) throw new Error(`expected ${type.name}, got ${err}`);
    if (messageText !== undefined) assertEqual(err.message, messageText, 'error message');
    return err;
  }
  throw new Error(`expected ${type.name} "${messageText}", nothing thrown`);
}

export const eventDefaults = {
  async test() {
    const e = new Event('foo');
    assertEqual(e.type, 'foo');
    assertEqual(e.bubbles, false);
    assertEqual(e.cancelable, false);
    assertEqual(e.composed, false);
    assertEqual(e.defaultPrevented, false);
    assertEqual(e.returnValue, true);
    assertEqual(e.eventPhase, Event.NONE);
    assertEqual(e.isTrusted, false);
    assertEqual(e.timeStamp, 0);
    assertEqual(e.target, undefined, 'Workers: undefined, not null');
    assertEqual(e.currentTarget, undefined);
    assertDeepEqual(e.composedPath(), []);
    assertEqual(Event.AT_TARGET, 2);
    assertEqual(e.BUBBLING_PHASE, 3);
    assertEqual(Object.prototype.toString.call(e), '[object Event]');
    // Workers converts a missing type to the string "undefined".
    assertEqual(new Event().type, 'undefined');
  },
};

export const eventInit = {
  async test() {
    const order = [];
    const init = {};
    for (const key of ['bubbles', 'cancelable', 'composed']) {
      Object.defineProperty(init, key, { get() { order.push(key); return 1; } });
    }
    const e = new Event('x', init);
    assertDeepEqual(order, ['bubbles', 'cancelable', 'composed']);
    assertEqual(e.bubbles && e.cancelable && e.composed, true);
    e.preventDefault();
    assertEqual(e.defaultPrevented, true);
    const notCancelable = new Event('x');
    notCancelable.preventDefault();
    assertEqual(notCancelable.defaultPrevented, false);
  },
};

export const brandChecks = {
  async test() {
    const getter = Object.getOwnPropertyDescriptor(Event.prototype, 'type').get;
    assertThrows(() => getter.call({}), TypeError, 'Illegal invocation');
    assertThrows(() => EventTarget.prototype.dispatchEvent.call({}, new Event('x')), TypeError,
      'Illegal invocation');
  },
};

export const dispatchInOrder = {
  async test() {
    const target = new EventTarget();
    const seen = [];
    const obj = {
      handleEvent(e) { seen.push(['object', this === obj, e.currentTarget === target]); },
    };
    target.addEventListener('ping', function (e) {
      seen.push(['first', this === target, e.eventPhase, e.target === target]);
    });
    target.addEventListener('ping', obj);
    target.addEventListener('ping', () => { seen.push(['third']); });
    const event = new Event('ping');
    assertEqual(target.dispatchEvent(event), true);
    assertDeepEqual(seen, [['first', true, 2, true], ['object', true, true], ['third']]);
    assertEqual(event.eventPhase, 0);
    assertEqual(event.target, target, 'target stays set after dispatch');
  },
};

export const onPropertyRunsFirst = {
  async test() {
    const target = new EventTarget();
    const seen = [];
    target.addEventListener('x', () => { seen.push('listener'); });
    target.onx = () => { seen.push('onx'); };
    target.dispatchEvent(new Event('x'));
    assertDeepEqual(seen, ['onx', 'listener']);
  },
};

export const duplicatesAndRemoval = {
  async test() {
    const target = new EventTarget();
    let count = 0;
    const fn = () => { count++; };
    target.addEventListener('x', fn);
    target.addEventListener('x', fn);
    target.dispatchEvent(new Event('x'));
    assertEqual(count, 1, 'the same listener is added once');
    target.removeEventListener('x', fn);
    target.dispatchEvent(new Event('x'));
    assertEqual(count, 1);
    target.addEventListener('x', null);
    target.removeEventListener('x', null);
  },
};

export const removedDuringDispatchIsSkipped = {
  async test() {
    const target = new EventTarget();
    const seen = [];
    const second = () => { seen.push('second'); };
    target.addEventListener('x', () => {
      seen.push('first');
      target.removeEventListener('x', second);
      target.addEventListener('x', () => { seen.push('added'); });
    });
    target.addEventListener('x', second);
    target.dispatchEvent(new Event('x'));
    assertDeepEqual(seen, ['first']);
  },
};

export const onceOption = {
  async test() {
    const target = new EventTarget();
    let count = 0;
    target.addEventListener('x', () => { count++; }, { once: true });
    target.dispatchEvent(new Event('x'));
    target.dispatchEvent(new Event('x'));
    assertEqual(count, 1);
  },
};

export const signalOption = {
  async test() {
    const target = new EventTarget();
    const controller = new AbortController();
    let count = 0;
    target.addEventListener('x', () => { count++; }, { signal: controller.signal });
    target.dispatchEvent(new Event('x'));
    controller.abort();
    target.dispatchEvent(new Event('x'));
    assertEqual(count, 1);
    target.addEventListener('x', () => { count++; }, { signal: AbortSignal.abort() });
    target.dispatchEvent(new Event('x'));
    assertEqual(count, 1, 'an aborted signal adds nothing');
    assertThrows(() => target.addEventListener('x', () => {}, { signal: {} }), TypeError);
    assertThrows(() => target.addEventListener('x', null, { signal: null }), TypeError);
  },
};

export const captureAndPassiveRejected = {
  async test() {
    const target = new EventTarget();
    const fn = () => {};
    assertThrows(() => target.addEventListener('x', fn, true), TypeError,
      'addEventListener(): useCapture must be false.');
    assertThrows(() => target.addEventListener('x', fn, { capture: true }), TypeError,
      'addEventListener(): options.capture must be false.');
    assertThrows(() => target.addEventListener('x', fn, { passive: true }), TypeError,
      'addEventListener(): options.passive must be false.');
    assertThrows(() => target.removeEventListener('x', fn, true), TypeError,
      'removeEventListener(): useCapture must be false.');
    assertThrows(() => target.removeEventListener('x', fn, { capture: true }), TypeError,
      'removeEventListener(): options.capture must be false.');
    target.addEventListener('x', fn, { capture: false, passive: false });
  },
};

export const stopImmediatePropagation = {
  async test() {
    const target = new EventTarget();
    const seen = [];
    target.addEventListener('x', (e) => { seen.push(1); e.stopImmediatePropagation(); });
    target.addEventListener('x', () => { seen.push(2); });
    target.dispatchEvent(new Event('x'));
    assertDeepEqual(seen, [1]);
  },
};

export const preventDefaultAndReturnValues = {
  async test() {
    const target = new EventTarget();
    target.addEventListener('x', (e) => { e.preventDefault(); });
    const cancelable = new Event('x', { cancelable: true });
    assertEqual(target.dispatchEvent(cancelable), false);
    assertEqual(cancelable.defaultPrevented, true);
    assertEqual(cancelable.returnValue, false);
    // Workers: dispatchEvent() reports preventDefault() even for a non-cancelable event.
    const plain = new Event('x');
    assertEqual(target.dispatchEvent(plain), false);
    assertEqual(plain.defaultPrevented, false);
    // A listener returning true prevents the default.
    const t2 = new EventTarget();
    t2.addEventListener('y', () => true);
    const ev = new Event('y', { cancelable: true });
    t2.dispatchEvent(ev);
    assertEqual(ev.defaultPrevented, true);
  },
};

export const listenerExceptionPropagates = {
  async test() {
    const target = new EventTarget();
    let second = false;
    target.addEventListener('x', () => { throw new RangeError('boom'); });
    target.addEventListener('x', () => { second = true; });
    assertThrows(() => target.dispatchEvent(new Event('x')), RangeError, 'boom');
    assertEqual(second, false);
  },
};

export const redispatchDuringDispatch = {
  async test() {
    const target = new EventTarget();
    const event = new Event('x');
    let err;
    target.addEventListener('x', () => {
      try {
        target.dispatchEvent(event);
      } catch (e) {
        err = e;
      }
    });
    target.dispatchEvent(event);
    assertEqual(err instanceof DOMException, true);
    assertEqual(err.name, 'InvalidStateError');
    assertEqual(err.message, 'The event is already being dispatched.');
    assertThrows(() => target.dispatchEvent({ type: 'x' }), TypeError,
      "Failed to execute 'dispatchEvent' on 'EventTarget': parameter 1 is not of type 'Event'.");
  },
};

export const subclassing = {
  async test() {
    class MyEvent extends Event {
      constructor() { super('mine', { cancelable: true }); this.extra = 1; }
    }
    class MyTarget extends EventTarget {}
    const target = new MyTarget();
    let got;
    target.addEventListener('mine', (e) => { got = e; });
    target.dispatchEvent(new MyEvent());
    assertEqual(got instanceof MyEvent, true);
    assertEqual(got.extra, 1);
    assertEqual(got.cancelable, true);
  },
};

export const customEvent = {
  async test() {
    const detail = { a: 1 };
    const e = new CustomEvent('c', { detail, bubbles: true });
    assertEqual(e.detail, detail);
    assertEqual(e.bubbles, true);
    assertEqual(new CustomEvent('c').detail, undefined);
    assertEqual(e instanceof Event, true);
    assertEqual(Object.prototype.toString.call(e), '[object CustomEvent]');
  },
};

export const errorEvent = {
  async test() {
    const error = new Error('x');
    const e = new ErrorEvent('error',
      { message: 'm', filename: 'f.js', lineno: 3, colno: 4, error });
    assertEqual(e.message, 'm');
    assertEqual(e.filename, 'f.js');
    assertEqual(e.lineno, 3);
    assertEqual(e.colno, 4);
    assertEqual(e.error, error);
    const empty = new ErrorEvent('error');
    assertEqual(empty.message, '');
    assertEqual(empty.lineno, 0);
    assertEqual(empty.error, undefined);
  },
};

export const promiseRejectionEventNotConstructible = {
  async test() {
    assertThrows(() => new PromiseRejectionEvent('unhandledrejection', {}), TypeError,
      'Illegal constructor');
  },
};
