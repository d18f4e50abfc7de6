// node:process (runtime-js/api/70_node_process.js): what Workers offer of Node's process. The
// runner's compatibility date (2025-09-01) with nodejs_compat turns on nodejs_compat_v2 (the
// process global) and nodejs_compat_populate_process_env (its vars in process.env).
import process, { nextTick, env } from 'node:process';
import assert from 'node:assert/strict';

export const processIsTheGlobalUnderV2 = {
  test() {
    assert.equal(globalThis.process, process);
    assert.equal(env, process.env);
  },
};

export const envHoldsTheWorkersTextVars = {
  test(ctrl, workerEnv) {
    // run_js_test.mjs gives the runner the text var TEST_MODULE.
    assert.equal(process.env.TEST_MODULE, workerEnv.TEST_MODULE);
    process.env.MINE = 'set by the Worker';
    assert.equal(process.env.MINE, 'set by the Worker');
    process.env.NUMBER = 42;
    assert.equal(process.env.NUMBER, '42');
    delete process.env.NUMBER;
    assert.equal('NUMBER' in process.env, false);
  },
};

export const nextTickRunsBeforeTimers = {
  async test() {
    const order = [];
    await new Promise((resolve) => {
      setTimeout(() => {
        order.push('timeout');
        resolve();
      }, 0);
      nextTick((a, b) => order.push(`tick ${a} ${b}`), 1, 2);
      order.push('sync');
    });
    assert.deepEqual(order, ['sync', 'tick 1 2', 'timeout']);
    assert.throws(() => nextTick('nope'), { code: 'ERR_INVALID_ARG_TYPE' });
  },
};

export const staticFacts = {
  test() {
    assert.match(process.version, /^v\d+\.\d+\.\d+$/);
    assert.equal(process.versions.node, process.version.slice(1));
    assert.equal(process.platform, 'linux');
    assert.equal(process.cwd(), '/');
    assert.equal(typeof process.on, 'function');
    const [s, ns] = process.hrtime();
    assert.ok(Number.isInteger(s) && Number.isInteger(ns));
    assert.equal(typeof process.hrtime.bigint(), 'bigint');
    assert.equal(process.getBuiltinModule('node:path').join('a', 'b'), 'a/b');
    assert.throws(() => process.exit(1), { code: 'ERR_METHOD_NOT_IMPLEMENTED' });
  },
};
