// scheduler.wait (runtime-js/api/17_scheduler.js), checked against what workerd does. Run by
// `edged test`: every export `{ async test() {} }` is a test case.

function assertEqual(actual, expected, message = '') {
  if (!Object.is(actual, expected)) {
    const prefix = message ? `${message}: ` : '';
    throw new Error(`${prefix}expected ${String(expected)}, got ${String(actual)}`);
  }
}

// Awaits `promise`, which must reject; returns the rejection reason.
async function rejection(promise, message = '') {
  assertEqual(promise instanceof Promise, true, `${message}: returns a promise`);
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error(`${message}: the promise was fulfilled`);
}

async function assertRejectsWithTypeError(promise, text, message) {
  const error = await rejection(promise, message);
  assertEqual(error instanceof TypeError, true, `${message}: a TypeError`);
  if (text !== undefined) assertEqual(error.message, text, message);
}

export const waitsAtLeastTheDelay = {
  async test() {
    for (const ms of [0, 1, 20, 35.5]) {
      const start = Date.now();
      const value = await scheduler.wait(ms);
      const elapsed = Date.now() - start;
      assertEqual(value, undefined, 'resolves with undefined');
      if (elapsed < ms) throw new Error(`wait(${ms}) resolved after ${elapsed} ms`);
    }
    // A string delay is converted; an undefined, negative or NaN one is 0 ms.
    const start = Date.now();
    await scheduler.wait('15');
    if (Date.now() - start < 15) throw new Error("wait('15') was too short");
    await scheduler.wait(undefined);
    await scheduler.wait(-5);
    await scheduler.wait('soon');
    await scheduler.wait({});
    await scheduler.wait(null);
  },
};

export const waitsInOrder = {
  async test() {
    const order = [];
    await Promise.all([
      scheduler.wait(30).then(() => order.push(30)),
      scheduler.wait(10).then(() => order.push(10)),
      scheduler.wait(20).then(() => order.push(20)),
    ]);
    assertEqual(order.join(), '10,20,30');
  },
};

export const abortRejectsWithTheReason = {
  async test() {
    const reason = { why: 'mine' };
    assertEqual(await rejection(scheduler.wait(10, { signal: AbortSignal.abort(reason) }),
      'already aborted'), reason, 'already aborted: the reason itself');

    const defaultReason = await rejection(scheduler.wait(10, { signal: AbortSignal.abort() }));
    assertEqual(defaultReason.name, 'AbortError');
    assertEqual(defaultReason.message, 'The operation was aborted');

    const controller = new AbortController();
    const start = Date.now();
    const later = new Error('later');
    setTimeout(() => controller.abort(later), 20);
    assertEqual(await rejection(scheduler.wait(10_000, { signal: controller.signal }),
      'aborted while waiting'), later, 'aborted while waiting');
    if (Date.now() - start > 5_000) throw new Error('the abort did not cut the wait short');

    const timedOut = await rejection(
      scheduler.wait(10_000, { signal: AbortSignal.timeout(10) }), 'AbortSignal.timeout');
    assertEqual(timedOut.name, 'TimeoutError');

    // An abort after the wait is over changes nothing.
    const done = new AbortController();
    await scheduler.wait(1, { signal: done.signal });
    done.abort();
    // Options without a signal, or not a plain object, are fine.
    await scheduler.wait(1, { signal: undefined });
    await scheduler.wait(1, () => {});
    await scheduler.wait(1, []);
  },
};

export const argumentErrorsAreWorkers = {
  async test() {
    await assertRejectsWithTypeError(scheduler.wait(), "Failed to execute 'wait' on " +
      "'Scheduler': parameter 1 is not of type 'number'.", 'no delay');
    await assertRejectsWithTypeError(scheduler.wait(10, 5), "Failed to execute 'wait' on " +
      "'Scheduler': parameter 2 is not of type 'WaitOptions'.", 'number options');
    await assertRejectsWithTypeError(scheduler.wait(10, 'x'), undefined, 'string options');
    const notASignal = "Incorrect type for the 'signal' field on 'WaitOptions': the provided " +
      "value is not of type 'AbortSignal'.";
    await assertRejectsWithTypeError(scheduler.wait(10, { signal: 5 }), notASignal, 'number');
    await assertRejectsWithTypeError(scheduler.wait(10, { signal: null }), notASignal, 'null');
    await assertRejectsWithTypeError(scheduler.wait(10, { signal: { aborted: true } }),
      notASignal, 'a look-alike');
    await assertRejectsWithTypeError(scheduler.wait(5n), 'Cannot convert a BigInt value to a ' +
      'number', 'BigInt delay');
    await assertRejectsWithTypeError(scheduler.wait(Symbol('s')), 'Cannot convert a Symbol ' +
      'value to a number', 'Symbol delay');
  },
};

export const shapeIsWorkers = {
  async test() {
    assertEqual(typeof scheduler, 'object');
    assertEqual(Object.prototype.toString.call(scheduler), '[object Scheduler]');
    assertEqual(globalThis.Scheduler, undefined, 'the class is not a global');
    assertEqual(Object.getOwnPropertyNames(scheduler).length, 0, 'no own properties');
    const proto = Object.getPrototypeOf(scheduler);
    assertEqual(Object.getOwnPropertyNames(proto).sort().join(), 'constructor,wait');
    assertEqual(proto.wait.length, 0, 'wait.length');
    assertEqual(Object.getOwnPropertyDescriptor(proto, 'wait').enumerable, true,
      'wait is enumerable');
    let error;
    try {
      new proto.constructor();
    } catch (e) {
      error = e;
    }
    assertEqual(error instanceof TypeError && error.message, 'Illegal constructor');
    const { wait } = scheduler;
    try {
      wait(1);
      error = undefined;
    } catch (e) {
      error = e;
    }
    assertEqual(error instanceof TypeError && error.message, 'Illegal invocation',
      'wait without its scheduler throws at once');
  },
};
