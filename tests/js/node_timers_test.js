// node:timers and node:timers/promises (runtime-js/api/70_node_timers.js).
import timers, { setImmediate, clearImmediate } from 'node:timers';
import { setTimeout as sleep, setImmediate as immediate, setInterval as every } from 'node:timers/promises';
import assert from 'node:assert/strict';

export const callbackTimers = {
  async test() {
    const order = [];
    await new Promise((resolve) => {
      timers.setTimeout(() => order.push('timeout'), 1);
      const cancelled = setImmediate(() => order.push('cancelled'));
      clearImmediate(cancelled);
      setImmediate((x) => {
        order.push(`immediate ${x}`);
        timers.setTimeout(resolve, 2);
      }, 'arg');
    });
    assert.deepEqual(order.sort(), ['immediate arg', 'timeout']);
  },
};

// workerd's Immediate: ref/unref do nothing, hasRef is false, only the runtime constructs one.
export const immediateObjects = {
  test() {
    const immediate = setImmediate(() => assert.fail('cleared immediates do not run'));
    assert.equal(Object.prototype.toString.call(immediate), '[object Immediate]');
    assert.equal(immediate.ref(), undefined);
    assert.equal(immediate.unref(), undefined);
    assert.equal(immediate.hasRef(), false);
    clearImmediate(immediate);
    clearImmediate(42);
    assert.throws(() => new immediate.constructor(), { name: 'TypeError', message: 'Illegal constructor' });
    assert.throws(() => setImmediate('x'), {
      name: 'TypeError',
      message: "Failed to execute 'setImmediate' on 'TimersUtil': parameter 1 is not of type 'function'.",
    });
  },
};

export const promiseTimers = {
  async test() {
    assert.equal(await sleep(1, 'result'), 'result');
    assert.equal(await immediate('now'), 'now');
    const controller = new AbortController();
    const pending = sleep(10_000, 'never', { signal: controller.signal });
    controller.abort();
    await assert.rejects(pending, { name: 'AbortError', code: 'ABORT_ERR' });
    const aborted = AbortSignal.abort();
    await assert.rejects(sleep(1, 'x', { signal: aborted }), { name: 'AbortError' });
  },
};

export const intervalIterator = {
  async test() {
    const seen = [];
    for await (const value of every(1, 'tick')) {
      seen.push(value);
      if (seen.length === 3) break;
    }
    assert.deepEqual(seen, ['tick', 'tick', 'tick']);
  },
};

export const timeoutObjects = {
  async test() {
    let fired = 0;
    const timeout = timers.setTimeout((a, b) => { fired += a + b; }, 5, 1, 2);
    assert.ok(timeout instanceof timers.Timeout);
    assert.equal(timeout.hasRef(), true);
    assert.equal(timeout.unref(), timeout);
    assert.equal(timeout.hasRef(), false);
    assert.equal(timeout.ref(), timeout);
    assert.equal(timeout.refresh(), timeout);
    assert.equal(typeof +timeout, 'number');
    await sleep(30);
    assert.equal(fired, 3);
    // Closed before it fires; the global clearTimeout takes a Timeout too.
    let late = false;
    timers.setTimeout(() => { late = true; }, 5).close();
    clearTimeout(timers.setTimeout(() => { late = true; }, 5));
    const interval = timers.setInterval(() => { late = true; }, 5);
    timers.clearInterval(interval);
    // active() re-arms a Timeout; unenroll() cancels it; enroll is not offered.
    const refreshed = timers.setTimeout(() => { late = true; }, 5);
    timers.active(refreshed);
    timers.unenroll(refreshed);
    assert.equal(timers.active({}), undefined);
    assert.throws(() => timers.enroll({}, 10), { message: 'Not implemented. Please use setTimeout() instead.' });
    await sleep(30);
    assert.equal(late, false);
    const direct = new timers.Timeout(() => { fired++; }, 5);
    await sleep(30);
    assert.equal(fired, 4);
    direct.close();
    assert.throws(() => timers.setTimeout(1), { code: 'ERR_INVALID_ARG_TYPE' });
    assert.equal(typeof setTimeout(() => {}, 0), 'number');
  },
};
