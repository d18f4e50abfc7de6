// node:os (runtime-js/api/79_node_os.js): workerd's fixed answers for a Worker's "machine".
// compatibility_flags: enable_nodejs_os_module
import os, * as osNamespace from 'node:os';
import assert from 'node:assert/strict';

export const fixedValues = {
  test() {
    assert.equal(os.EOL, '\n');
    assert.equal(os.devNull, '/dev/null');
    assert.equal(os.platform(), 'linux');
    assert.equal(os.type(), 'Linux');
    assert.equal(os.arch(), 'x64');
    assert.equal(os.machine(), 'x86_64');
    assert.equal(os.endianness(), 'LE');
    assert.equal(os.hostname(), 'localhost');
    assert.equal(os.homedir(), '/tmp/');
    assert.equal(os.tmpdir(), '/tmp/');
    assert.equal(os.release(), '');
    assert.equal(os.version(), '');
    assert.equal(os.availableParallelism(), 1);
    assert.equal(os.totalmem(), 0);
    assert.equal(os.freemem(), 0);
    assert.equal(os.uptime(), 0);
    assert.deepEqual(os.cpus(), []);
    assert.deepEqual(os.loadavg(), [0, 0, 0]);
    assert.deepEqual(os.networkInterfaces(), {});
    assert.deepEqual(os.userInfo(), {});
  },
};

export const constants = {
  test() {
    assert.ok(Object.isFrozen(os.constants));
    assert.equal(os.constants.signals.SIGTERM, 15);
    assert.equal(os.constants.signals.SIGKILL, 9);
    assert.equal(os.constants.errno.ENOENT, 2);
    assert.equal(os.constants.errno.EADDRINUSE, 98);
    assert.equal(os.constants.priority.PRIORITY_HIGHEST, -20);
    assert.equal(os.constants.dlopen.RTLD_NOW, 2);
    assert.equal(os.constants.UV_UDP_REUSEADDR, 4);
  },
};

export const priorities = {
  test() {
    assert.equal(os.getPriority(), 0);
    assert.equal(os.getPriority(123), 0);
    assert.equal(os.getPriority.length, 1);
    assert.equal(os.setPriority(0, 10), undefined);
    assert.throws(() => os.getPriority('x'), {
      name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE',
      message: 'The "pid" argument must be of type number. Received type string (\'x\')',
    });
    assert.throws(() => os.setPriority(0), {
      code: 'ERR_INVALID_ARG_TYPE',
      message: 'The "priority" argument must be of type number. Received undefined',
    });
    assert.throws(() => os.setPriority(), {
      message: 'The "pid" argument must be of type number. Received undefined',
    });
  },
};

export const namespaceMatchesDefault = {
  test() {
    assert.equal(osNamespace.default, os);
    for (const key of Object.keys(os)) assert.equal(osNamespace[key], os[key], key);
  },
};
