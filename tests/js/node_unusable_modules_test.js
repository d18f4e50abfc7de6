// The node:* modules a Worker can import but not use (runtime-js/api/79_node_process_stubs.js,
// 79_node_io_stubs.js): their shapes and workerd's error texts.
// compatibility_flags: enable_nodejs_cluster_module, enable_nodejs_child_process_module, enable_nodejs_worker_threads_module, enable_nodejs_repl_module, enable_nodejs_inspector_module, enable_nodejs_trace_events_module, enable_nodejs_wasi_module, enable_nodejs_domain_module, enable_nodejs_tty_module, enable_nodejs_readline_module, enable_nodejs_dgram_module, enable_nodejs_stream_wrap_module, enable_nodejs_vm_module, enable_nodejs_v8_module, enable_nodejs_sqlite_module, enable_nodejs_perf_hooks_module
import assert from 'node:assert/strict';
import cluster, * as clusterNs from 'node:cluster';
import * as childProcess from 'node:child_process';
import * as workerThreads from 'node:worker_threads';
import * as repl from 'node:repl';
import * as inspector from 'node:inspector';
import * as inspectorPromises from 'node:inspector/promises';
import * as traceEvents from 'node:trace_events';
import { WASI } from 'node:wasi';
import domain from 'node:domain';
import tty from 'node:tty';
import readline from 'node:readline';
import * as readlinePromises from 'node:readline/promises';
import dgram from 'node:dgram';
import JSStreamSocket from 'node:_stream_wrap';
import vm from 'node:vm';
import v8 from 'node:v8';
import * as sqlite from 'node:sqlite';
import * as perfHooks from 'node:perf_hooks';

const notImplemented = (what) => ({
  name: 'Error', code: 'ERR_METHOD_NOT_IMPLEMENTED', message: `The ${what} method is not implemented`,
});
const argType = (name, type) => ({
  name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE',
  message: `The "${name}" argument must be of type ${type}. Received undefined`,
});

export const clusterIsAlwaysThePrimary = {
  test() {
    assert.ok(cluster instanceof clusterNs.Cluster);
    assert.equal(clusterNs.isPrimary, true);
    assert.equal(clusterNs.isWorker, false);
    assert.equal(clusterNs.SCHED_RR, 2);
    assert.throws(() => clusterNs.fork(), notImplemented('cluster.fork'));
    assert.throws(() => clusterNs.setupMaster(), notImplemented('cluster.setupWorker'));
    assert.equal(new clusterNs.Worker().id, 0);
  },
};

export const childProcessCannotSpawn = {
  test() {
    assert.throws(() => childProcess.exec(), argType('command', 'string'));
    assert.throws(() => childProcess.exec('ls'), notImplemented('child_process.exec'));
    assert.throws(() => childProcess.spawn('ls'), notImplemented('child_process.spawn'));
    assert.throws(() => new childProcess.ChildProcess(),
      notImplemented('child_process.ChildProcess'));
  },
};

export const workerThreadsIsTheMainThread = {
  test() {
    assert.equal(workerThreads.isMainThread, true);
    assert.equal(workerThreads.threadId, 0);
    assert.equal(workerThreads.parentPort, null);
    workerThreads.setEnvironmentData('a', 1);
    assert.equal(workerThreads.getEnvironmentData('a'), 1);
    assert.throws(() => new workerThreads.Worker('x.js'), notImplemented('Worker'));
  },
};

export const replAndInspector = {
  test() {
    assert.ok(repl.builtinModules.includes('punycode'));
    assert.equal(repl._builtinLibs, repl.builtinModules);
    assert.throws(() => repl.start(), notImplemented('start'));
    assert.ok(new repl.Recoverable(new Error('x')) instanceof SyntaxError);
    assert.equal(inspector.url(), undefined);
    assert.throws(() => new inspector.Session(), notImplemented('Session'));
    assert.throws(() => inspectorPromises.url(), notImplemented('Inspector.url'));
  },
};

export const traceEventsWasiDomain = {
  test() {
    assert.throws(() => traceEvents.createTracing(), argType('options', 'object'));
    const tracing = traceEvents.createTracing({ categories: ['node.perf'] });
    assert.equal(tracing.enabled, false);
    assert.equal(traceEvents.getEnabledCategories(), undefined);
    assert.throws(() => new WASI(), notImplemented('WASI'));
    assert.equal(domain.active, null);
    assert.equal(domain.createDomain().run(() => 5), 5);
  },
};

export const terminalsAndSockets = {
  test() {
    assert.equal(tty.isatty(1), false);
    assert.deepEqual({ ...new tty.ReadStream(0) }, { fd: 0, isRaw: false, isTTY: false });
    assert.deepEqual(new tty.WriteStream(1).getWindowSize(), [0, 0]);
    const rl = readline.createInterface();
    assert.equal(rl.line, '');
    assert.equal(readline.clearLine(), false);
    assert.equal(readline.promises.Interface, readlinePromises.Interface);
    assert.throws(() => dgram.createSocket(), argType('type', 'object'));
    const socket = dgram.createSocket('udp4');
    assert.equal(socket.bind(), socket);
    assert.equal(socket.getSendQueueSize(), 0);
    assert.throws(() => new JSStreamSocket(), {
      code: 'ERR_INVALID_ARG_TYPE',
      message: 'The "duplex" argument must be an stream.Duplex. Received undefined',
    });
  },
};

export const vmV8SqlitePerfHooks = {
  test() {
    assert.throws(() => vm.runInThisContext('1'), notImplemented('runInThisContext'));
    assert.throws(() => vm.compileFunction(), argType('code', 'string'));
    assert.equal(vm.isContext({}), false);
    assert.throws(() => v8.serialize({}), notImplemented('serialize'));
    assert.equal(v8.getHeapStatistics().used_heap_size, 0);
    assert.throws(() => v8.setFlagsFromString(), argType('flags', 'string'));
    assert.throws(() => new sqlite.DatabaseSync(':memory:'),
      { name: 'TypeError', message: 'Illegal constructor' });
    assert.equal(sqlite.constants.SQLITE_OK, 0);
    assert.equal(perfHooks.performance, globalThis.performance);
    assert.throws(() => perfHooks.createHistogram(), notImplemented('createHistogram'));
    assert.deepEqual(perfHooks.eventLoopUtilization(), { idle: 0, active: 0, utilization: 0 });
  },
};
