// AbortController and AbortSignal (runtime-js/api/03_abort.js), checked against Workers'
// behaviour. Run by `edged test`: every export `{ async test() {} }` is a test case.

function assertEqual(actual, expected, message = '') {
  if (!Object.is(actual, expected)) {
    const prefix = message ? `${message}: ` : '';
    throw new Error(`${prefix}expected ${String(expected)}, got ${String(actual)}`);
  }
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
const assertAbortError = (reason, name, message) => {
  assertEqual(reason instanceof DOMException, true, 'reason is a DOMException');
  assertEqual(reason.name, name);
  assertEqual(reason.message, message);
};

export const controllerAborts = {
  async test() {
    const controller = new AbortController();
    const { signal } = controller;
    assertEqual(signal, controller.signal);
    assertEqual(signal.aborted, false);
    assertEqual(signal.reason, undefined);
    assertEqual(signal.onabort, null);
    const seen = [];
    signal.onabort = (e) => { seen.push(`onabort:${e.type}:${e.isTrusted}`); };
    signal.addEventListener('abort', () => { seen.push('listener'); });
    controller.abort();
    assertEqual(signal.aborted, true);
    assertAbortError(signal.reason, 'AbortError', 'The operation was aborted');
    assertEqual(signal.reason.code, 20);
    assertEqual(seen.join(','), 'onabort:abort:true,listener');
    controller.abort('again');
    assertEqual(seen.length, 2, 'a second abort does nothing');
    assertEqual(signal.reason.name, 'AbortError');
  },
};

export const customReason = {
  async test() {
    const controller = new AbortController();
    const reason = new Error('mine');
    controller.abort(reason);
    assertEqual(controller.signal.reason, reason);
    let thrown;
    try {
      controller.signal.throwIfAborted();
    } catch (err) {
      thrown = err;
    }
    assertEqual(thrown, reason);
    new AbortController().signal.throwIfAborted();
  },
};

export const staticAbort = {
  async test() {
    const signal = AbortSignal.abort();
    assertEqual(signal.aborted, true);
    assertAbortError(signal.reason, 'AbortError', 'The operation was aborted');
    assertEqual(AbortSignal.abort(42).reason, 42);
  },
};

export const timeout = {
  async test() {
    const signal = AbortSignal.timeout(5);
    assertEqual(signal.aborted, false);
    await new Promise((resolve) => signal.addEventListener('abort', resolve));
    assertEqual(signal.aborted, true);
    assertAbortError(signal.reason, 'TimeoutError', 'The operation was aborted due to timeout');
    assertEqual(signal.reason.code, 23);
  },
};

export const anySignal = {
  async test() {
    const a = new AbortController();
    const b = new AbortController();
    const combined = AbortSignal.any([a.signal, b.signal]);
    assertEqual(combined.aborted, false);
    let fired = 0;
    combined.addEventListener('abort', () => { fired++; });
    b.abort('b');
    assertEqual(combined.aborted, true);
    assertEqual(combined.reason, 'b');
    a.abort('a');
    assertEqual(combined.reason, 'b');
    assertEqual(fired, 1);
    const already = AbortSignal.any([new AbortController().signal, AbortSignal.abort('x')]);
    assertEqual(already.aborted, true);
    assertEqual(already.reason, 'x');
    assertEqual(AbortSignal.any([]).aborted, false);
  },
};

export const anyArgumentErrors = {
  async test() {
    assertThrows(() => AbortSignal.any({}), TypeError,
      "Failed to execute 'any' on 'AbortSignal': parameter 1 is not of type 'Array'.");
    assertThrows(() => AbortSignal.any([{}]), TypeError,
      "Incorrect type for array element 0: the provided value is not of type 'AbortSignal'.");
  },
};

export const notConstructible = {
  async test() {
    assertThrows(() => new AbortSignal(), TypeError, 'Illegal constructor');
    const getter = Object.getOwnPropertyDescriptor(AbortSignal.prototype, 'aborted').get;
    assertThrows(() => getter.call(new EventTarget()), TypeError, 'Illegal invocation');
  },
};

export const listenersDroppedAfterAbort = {
  async test() {
    const controller = new AbortController();
    let count = 0;
    controller.signal.addEventListener('abort', () => { count++; });
    controller.abort();
    controller.signal.dispatchEvent(new Event('abort'));
    assertEqual(count, 1, 'listeners are removed once the signal aborted');
  },
};

export const listenerErrorLeavesAbort = {
  async test() {
    const controller = new AbortController();
    controller.signal.addEventListener('abort', () => { throw new Error('in listener'); });
    assertThrows(() => controller.abort(), Error, 'in listener');
    assertEqual(controller.signal.aborted, true);
  },
};

export const toStringTags = {
  async test() {
    assertEqual(Object.prototype.toString.call(new AbortController()), '[object AbortController]');
    assertEqual(Object.prototype.toString.call(AbortSignal.abort()), '[object AbortSignal]');
    assertEqual(AbortSignal.abort() instanceof EventTarget, true);
  },
};
