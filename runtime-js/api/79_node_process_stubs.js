'use strict';
// The node:* modules about processes, threads and debugging that a Worker has none of
// (node:cluster, node:child_process, node:worker_threads, node:repl, node:inspector,
// node:trace_events, node:wasi, node:domain): their shapes and workerd's answers, each behind
// its enable_nodejs_*_module flag.

const {
  ArrayIsArray, Map, ObjectDefineProperties, ObjectDefineProperty, ObjectFreeze, Symbol,
  SyntaxError, TypeError,
} = primordials;
const { validateObject, validateString } = internals;
const {
  notImplemented, throwing, throwingClass, illegalClass, defineThrowingMethods,
} = internals.nodeStubs;
const define = internals.defineGatedNodeModule;
const EventEmitter = internals.builtinModules['node:events'].default;

// node:cluster: this is always the primary and never forks.
class Worker extends EventEmitter {
  constructor(options) {
    super(options);
    this._connected = false;
    this.id = 0;
  }
}
// A worker that was never started: dead, disconnected, and deaf to messages.
ObjectDefineProperties(Worker.prototype, {
  process: { get() { return undefined; }, configurable: true },
  exitedAfterDisconnect: { get() { return undefined; }, configurable: true },
});
Worker.prototype.isConnected = function isConnected() { return false; };
Worker.prototype.isDead = function isDead() { return true; };
Worker.prototype.send = function send() { return false; };
Worker.prototype.kill = function kill() {};
Worker.prototype.destroy = function destroy() {};
Worker.prototype.disconnect = function disconnect() { return this; };
class Cluster extends EventEmitter {
  constructor() {
    super();
    this._maxListeners = 0;
    this.Worker = Worker;
    this.isMaster = true;
    this.isPrimary = true;
    this.isWorker = false;
    this.SCHED_NONE = 1;
    this.SCHED_RR = 2;
    this.schedulingPolicy = 2;
    this.settings = {};
    this.workers = {};
  }
}
// workerd's setupMaster names setupWorker in its message.
Cluster.prototype.setupPrimary = throwing('cluster.setupPrimary', 'setupPrimary', 1);
Cluster.prototype.setupMaster = throwing('cluster.setupWorker', 'setupMaster', 1);
Cluster.prototype.disconnect = throwing('cluster.disconnect', 'disconnect', 1);
Cluster.prototype.fork = throwing('cluster.fork', 'fork', 1);
const cluster = new Cluster();
define('enable_nodejs_cluster_module', 'cluster', {
  Cluster, Worker, SCHED_NONE: 1, SCHED_RR: 2, _events: cluster._events,
  _eventsCount: cluster._eventsCount, _maxListeners: 0, disconnect: cluster.disconnect,
  fork: cluster.fork, isMaster: true, isPrimary: true, isWorker: false, schedulingPolicy: 2,
  settings: cluster.settings, setupMaster: cluster.setupMaster, setupPrimary: cluster.setupPrimary,
  workers: cluster.workers, default: cluster,
});

// node:child_process: no processes to start.
class ChildProcess extends EventEmitter {
  constructor() {
    super();
    throw notImplemented('child_process.ChildProcess');
  }
}
const cp = (name, length) => throwing(`child_process.${name}`, name, length);
// exec and spawnSync check their command first, as workerd does.
const checkingCommand = (name, length) => {
  const stub = cp(name, length);
  const fn = function (command) {
    validateString(command, 'command');
    return stub();
  };
  ObjectDefineProperty(fn, 'name', { value: name });
  ObjectDefineProperty(fn, 'length', { value: length });
  return fn;
};
define('enable_nodejs_child_process_module', 'child_process', {
  ChildProcess,
  _forkChild: cp('_forkChild', 2),
  exec: checkingCommand('exec', 3),
  execFile: cp('execFile', 4),
  execFileSync: cp('execFileSync', 3),
  execSync: cp('execSync', 2),
  fork: cp('fork', 3),
  spawn: cp('spawn', 0),
  spawnSync: checkingCommand('spawnSync', 3),
});

// node:worker_threads: the Worker's one thread, with environment data kept per isolate.
const environmentData = new Map();
define('enable_nodejs_worker_threads_module', 'worker_threads', {
  BroadcastChannel: throwingClass('BroadcastChannel'),
  MessageChannel: illegalClass('MessageChannel'),
  MessagePort: illegalClass('MessagePort'),
  Worker: throwingClass('Worker'),
  SHARE_ENV: Symbol.for('nodejs.worker_threads.SHARE_ENV'),
  getEnvironmentData(key) { return environmentData.get(key); },
  setEnvironmentData(key, value) {
    if (value === undefined) environmentData.delete(key);
    else environmentData.set(key, value);
  },
  isInternalThread: false,
  isMainThread: true,
  isMarkedAsUntransferable(object) { return false; },
  markAsUncloneable(object) {},
  markAsUntransferable(object) {},
  moveMessagePortToContext(port, context) { throw new TypeError('Illegal constructor'); },
  parentPort: null,
  postMessageToThread: throwing('postMessageToThread', 'postMessageToThread', 4),
  receiveMessageOnPort(port) { return undefined; },
  resourceLimits: {},
  threadId: 0,
  workerData: null,
});

// node:repl: nothing to read from.
const replNames = ObjectFreeze([
  'assert', 'assert/strict', 'async_hooks', 'buffer', 'child_process', 'cluster', 'console',
  'constants', 'crypto', 'dgram', 'diagnostics_channel', 'dns', 'dns/promises', 'domain',
  'events', 'fs', 'fs/promises', 'http', 'http2', 'https', 'inspector', 'inspector/promises',
  'module', 'net', 'os', 'path', 'path/posix', 'path/win32', 'perf_hooks', 'process', 'punycode',
  'querystring', 'readline', 'readline/promises', 'repl', 'stream', 'stream/consumers',
  'stream/promises', 'stream/web', 'string_decoder', 'sys', 'timers', 'timers/promises', 'tls',
  'trace_events', 'tty', 'url', 'util', 'util/types', 'v8', 'vm', 'wasi', 'worker_threads', 'zlib',
]);
class REPLServer {
  constructor() { throw notImplemented('REPLServer'); }
}
defineThrowingMethods(REPLServer.prototype, 'REPLServer.', [
  'setupHistory', 'defineCommand', 'displayPrompt', 'clearBufferedCommand',
]);
class Recoverable extends SyntaxError {
  constructor(err) {
    super();
    this.err = err;
  }
}
define('enable_nodejs_repl_module', 'repl', {
  writer: throwing('writer'),
  start: throwing('start'),
  Recoverable,
  REPLServer,
  builtinModules: replNames,
  _builtinLibs: replNames,
  REPL_MODE_SLOPPY: Symbol('repl-sloppy'),
  REPL_MODE_STRICT: Symbol('repl-strict'),
});

// node:inspector: no debugger to attach to.
const noop = (name) => ({ [name]() {} })[name];
const networkEvents = (names) => {
  const network = {};
  for (const name of names) network[name] = noop(name);
  return network;
};
const kNetworkEvents = [
  'requestWillBeSent', 'dataReceived', 'dataSent', 'responseReceived', 'loadingFinished',
  'loadingFailed', 'webSocketCreated', 'webSocketHandshakeResponseReceived', 'webSocketClosed',
];
const inspectorConsole = networkEvents([
  'debug', 'error', 'info', 'log', 'warn', 'dir', 'dirxml', 'table', 'trace', 'group',
  'groupCollapsed', 'groupEnd', 'clear', 'count', 'countReset', 'assert', 'profile',
  'profileEnd', 'time', 'timeLog', 'timeStamp',
]);
class Session extends EventEmitter {
  constructor() {
    super();
    throw notImplemented('Session');
  }
}
defineThrowingMethods(Session.prototype, 'Session.', [
  'connect', 'connectToMainThread', 'disconnect', 'post',
]);
define('enable_nodejs_inspector_module', 'inspector', {
  Session,
  close() {},
  console: inspectorConsole,
  open(port, host, wait) { return {}; },
  url() { return undefined; },
  waitForDebugger() {},
  Network: networkEvents(kNetworkEvents),
});
define('enable_nodejs_inspector_module', 'inspector/promises', {
  close: throwing('Inspector.close', 'close'),
  console: inspectorConsole,
  Network: networkEvents(kNetworkEvents),
  open: throwing('Inspector.open', 'open'),
  Session,
  url: throwing('Inspector.url', 'url'),
  waitForDebugger: throwing('Inspector.waitForDebugger', 'waitForDebugger'),
});

// node:trace_events: tracing that records nothing.
class Tracing {
  constructor(categories) { this.#categories = categories; }
  #categories;
  enable() {}
  disable() {}
  get enabled() { return false; }
  get categories() { return this.#categories.join(','); }
}
define('enable_nodejs_trace_events_module', 'trace_events', {
  createTracing(options) {
    validateObject(options, 'options');
    return new Tracing(ArrayIsArray(options.categories) ? options.categories : []);
  },
  getEnabledCategories() { return undefined; },
});

// node:wasi: WebAssembly runs, but without a WASI host.
class WASI {
  constructor() { throw notImplemented('WASI'); }
}
defineThrowingMethods(WASI.prototype, 'WASI.', [
  'finalizeBindings', 'start', 'initialize', 'getImportObject',
]);
define('enable_nodejs_wasi_module', 'wasi', { WASI });

// node:domain (deprecated in Node): a domain runs and binds functions without catching their
// errors, as workerd's does.
class Domain extends EventEmitter {
  constructor() {
    super();
    this.members = [];
  }
  _errorHandler() {}
  enter() {}
  exit() {}
  add(emitter) {}
  remove(emitter) {}
  run(fn, ...args) { return fn(...args); }
  intercept(fn) { return fn; }
  bind(fn) { return fn; }
}
define('enable_nodejs_domain_module', 'domain', {
  Domain,
  active: null,
  createDomain() { return new Domain(); },
  create: new Domain(),
});
