// node:async_hooks (runtime-js/api/69_node_async_hooks.js): AsyncLocalStorage must follow
// await, promise callbacks, timers and queueMicrotask, as on Workers with nodejs_compat.
import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';

function assertEqual(actual, expected, message = '') {
  if (!Object.is(actual, expected)) {
    throw new Error(`${message ? message + ': ' : ''}expected ${String(expected)}, got ${String(actual)}`);
  }
}
const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

export const runAndGetStore = {
  test() {
    const als = new AsyncLocalStorage();
    assertEqual(als.getStore(), undefined);
    const result = als.run(42, (a, b) => {
      assertEqual(als.getStore(), 42);
      return a + b;
    }, 1, 2);
    assertEqual(result, 3);
    assertEqual(als.getStore(), undefined, 'restored after run');
  },
};

export const restoredAfterThrow = {
  test() {
    const als = new AsyncLocalStorage();
    try {
      als.run('x', () => { throw new Error('boom'); });
    } catch {}
    assertEqual(als.getStore(), undefined);
  },
};

export const nestedAndIndependent = {
  test() {
    const a = new AsyncLocalStorage();
    const b = new AsyncLocalStorage();
    a.run(1, () => {
      b.run(2, () => {
        assertEqual(a.getStore(), 1);
        assertEqual(b.getStore(), 2);
        a.run(3, () => assertEqual(a.getStore(), 3));
        assertEqual(a.getStore(), 1);
        a.exit(() => assertEqual(a.getStore(), undefined));
        assertEqual(b.getStore(), 2);
      });
    });
  },
};

export const acrossAwait = {
  async test() {
    const als = new AsyncLocalStorage();
    const seen = await als.run({ id: 7 }, async () => {
      await null;
      await tick();
      const first = als.getStore().id;
      await Promise.resolve();
      return [first, als.getStore().id];
    });
    assertEqual(seen.join(), '7,7');
    assertEqual(als.getStore(), undefined);
  },
};

export const concurrentRunsStayApart = {
  async test() {
    const als = new AsyncLocalStorage();
    const work = (id, delay) => als.run(id, async () => {
      await new Promise((r) => setTimeout(r, delay));
      await null;
      return als.getStore();
    });
    const results = await Promise.all([work('a', 5), work('b', 1), work('c', 3)]);
    assertEqual(results.join(), 'a,b,c');
  },
};

export const promiseCallbacks = {
  async test() {
    const als = new AsyncLocalStorage();
    let promise;
    als.run('then', () => {
      promise = Promise.resolve().then(() => als.getStore());
    });
    assertEqual(await promise, 'then');
  },
};

export const timersAndMicrotasks = {
  async test() {
    const als = new AsyncLocalStorage();
    const seen = [];
    await new Promise((resolve) => {
      als.run('t', () => {
        setTimeout(() => seen.push(['timeout', als.getStore()]), 1);
        queueMicrotask(() => seen.push(['microtask', als.getStore()]));
        const id = setInterval(() => {
          seen.push(['interval', als.getStore()]);
          clearInterval(id);
          setTimeout(resolve, 2);
        }, 2);
      });
    });
    assertEqual(JSON.stringify(seen.sort()),
      JSON.stringify([['interval', 't'], ['microtask', 't'], ['timeout', 't']]));
  },
};

export const enterWithAndSnapshot = {
  async test() {
    const als = new AsyncLocalStorage();
    const runInA = await als.run('a', async () => {
      await null;
      return AsyncLocalStorage.snapshot();
    });
    assertEqual(als.getStore(), undefined);
    assertEqual(runInA(() => als.getStore()), 'a');
    const bound = als.run('b', () => AsyncLocalStorage.bind(() => als.getStore()));
    assertEqual(bound(), 'b');
    als.run('outer', () => {
      als.enterWith('entered');
      assertEqual(als.getStore(), 'entered');
    });
    assertEqual(als.getStore(), undefined);
  },
};

export const asyncResource = {
  test() {
    const als = new AsyncLocalStorage();
    const resource = als.run('r', () => new AsyncResource('X'));
    assertEqual(resource.runInAsyncScope(function (x) { return [this, x, als.getStore()].join(); }, 'self', 1), 'self,1,r');
    const fn = resource.bind(() => als.getStore());
    assertEqual(fn(), 'r');
    assertEqual(AsyncResource.bind(() => 1)(), 1);
  },
};

export const storeDoesNotLeakBetweenRequests = {
  async test() {
    const als = new AsyncLocalStorage();
    als.run('leak?', () => setTimeout(() => {}, 0));
    await tick();
    assertEqual(als.getStore(), undefined);
  },
};

export const hookStubs = {
  async test() {
    const hooks = await import('node:async_hooks');
    const hook = hooks.createHook({ init() {} });
    assertEqual(hook.enable(), hook, 'enable returns the hook');
    assertEqual(hook.disable(), hook, 'disable returns the hook');
    assertEqual(hooks.executionAsyncId(), 0);
    assertEqual(hooks.triggerAsyncId(), 0);
    const resource = hooks.executionAsyncResource();
    assertEqual(Object.getPrototypeOf(resource), null, 'an empty resource');
    assertEqual(hooks.asyncWrapProviders.PROMISE, 0);
    assertEqual(Object.keys(hooks.asyncWrapProviders).length, 69, 'the provider names');
  },
};
