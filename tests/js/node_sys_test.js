// node:sys (runtime-js/api/79_node_sys.js): the old name of node:util, the same module.
import sys, * as sysNamespace from 'node:sys';
import util, * as utilNamespace from 'node:util';
import assert from 'node:assert/strict';

export const sameAsUtil = {
  test() {
    assert.equal(sys, util);
    assert.deepEqual(Object.keys(sysNamespace).sort(), Object.keys(utilNamespace).sort());
    assert.equal(sysNamespace.format, util.format);
    assert.equal(sys.format('%s=%d', 'x', 42), 'x=42');
  },
};

export const getBuiltinModule = {
  test() {
    assert.equal(process.getBuiltinModule('sys'), util);
    assert.equal(process.getBuiltinModule('node:sys'), util);
  },
};
