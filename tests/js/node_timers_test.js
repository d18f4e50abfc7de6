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
