'use strict';
// The node:* modules about terminals, sockets, engines and databases a Worker has none of
// (node:tty, node:readline, node:dgram, node:_stream_wrap, node:vm, node:v8, node:sqlite,
// node:perf_hooks): their shapes and workerd's answers, each behind its enable_nodejs_*_module
// flag. Code may not be compiled at run time in a Worker, so node:vm cannot run any.

const { Error, ObjectDefineProperty, Symbol } = primordials;
const { nodeErrors, validateObject, validateString } = internals;
const {
  notImplemented, throwing, throwingClass, illegalClass, defineThrowingMethods,
} = internals.nodeStubs;
const define = internals.defineGatedNodeModule;
const EventEmitter = internals.builtinModules['node:events'].default;
const { Duplex } = internals.builtinModules['node:stream'];
const { Buffer } = internals.builtinModules['node:buffer'];

// node:tty: nothing is a terminal.
class ReadStream {
  constructor(fd) {
    this.fd = fd;
    this.isRaw = false;
    this.isTTY = false;
  }
  setRawMode(flag) {
    this.isRaw = flag;
    return this;
  }
}
class WriteStream {
  constructor(fd) {
    this.fd = fd;
    this.columns = 0;
    this.rows = 0;
  }
  get isTTY() { return false; }
  getColorDepth() { return 8; }
  hasColors() { return false; }
  _refreshSize() {}
  cursorTo() { return false; }
  moveCursor() { return false; }
  clearLine() { return false; }
  clearScreenDown() { return false; }
  getWindowSize() { return [this.columns, this.rows]; }
}
define('enable_nodejs_tty_module', 'tty', {
  isatty(fd) { return false; },
  ReadStream,
  WriteStream,
});

// node:readline: an interface with no input ever receives a line.
class Interface extends EventEmitter {
  constructor() {
    super();
    this.terminal = false;
    this.line = '';
    this.cursor = 0;
  }
  getPrompt() { return ''; }
  setPrompt(prompt) {}
  prompt() {}
  question(query, callback) {}
  pause() { return this; }
  resume() { return this; }
  close() {}
  write(data) {}
  getCursorPos() { return { rows: 0, cols: 0 }; }
}
class Readline {
  clearLine() { return this; }
  clearScreenDown() { return this; }
  commit() { return Promise.resolve(); }
  cursorTo() { return this; }
  moveCursor() { return this; }
  rollback() { return this; }
}
const createInterface = function createInterface() { return new Interface(); };
const promises = { Interface, Readline, createInterface };
define('enable_nodejs_readline_module', 'readline', {
  clearLine() { return false; },
  clearScreenDown() { return false; },
  createInterface,
  cursorTo() { return false; },
  emitKeypressEvents() {},
  moveCursor() { return false; },
  Interface,
  promises,
});
define('enable_nodejs_readline_module', 'readline/promises', promises);

// node:dgram: a socket object can be made, but there is no UDP to send on.
const validateSocketType = (type) => {
  if (typeof type !== 'string') validateObject(type, 'type');
};
class Socket extends EventEmitter {
  constructor(type, listener) {
    validateSocketType(type);
    super();
  }
}
// As on workerd, every method is inert: nothing is ever bound, sent or received.
const returnsThis = ['bind', 'close', 'ref', 'unref'];
const returnsZero = [
  'getRecvBufferSize', 'getSendBufferSize', 'getSendQueueSize', 'getSendQueueCount',
];
const returnsNothing = [
  'connect', 'disconnect', 'sendto', 'send', 'setBroadcast', 'setTTL', 'setMulticastTTL',
  'setMulticastLoopback', 'setMulticastInterface', 'addMembership', 'dropMembership',
  'addSourceSpecificMembership', 'dropSourceSpecificMembership', 'setRecvBufferSize',
  'setSendBufferSize',
];
const defineMethods = (names, body) => {
  for (const name of names) {
    ObjectDefineProperty(Socket.prototype, name, {
      value: { [name]() { return body(this); } }[name], writable: true, configurable: true,
    });
  }
};
defineMethods(returnsThis, (socket) => socket);
defineMethods(returnsZero, () => 0);
defineMethods(returnsNothing, () => undefined);
defineMethods(['address', 'remoteAddress'], () => ({}));
ObjectDefineProperty(Socket, 'length', { value: 2 });
define('enable_nodejs_dgram_module', 'dgram', {
  createSocket: function createSocket(type, listener) { return new Socket(type, listener); },
  Socket,
});

// node:_stream_wrap: only the JSStreamSocket class, as its default export.
class JSStreamSocket {
  constructor(duplex) {
    if (!(duplex instanceof Duplex)) {
      throw nodeErrors.invalidArgType('duplex', 'an stream.Duplex', duplex);
    }
    throw notImplemented('JSStreamSocket');
  }
}
defineThrowingMethods(JSStreamSocket.prototype, 'JSStreamSocket.', [
  'isClosing', 'readStart', 'readStop', 'doShutdown', 'doClose',
]);
internals.defineGatedNodeModule('enable_nodejs_stream_wrap_module', '_stream_wrap',
  { default: JSStreamSocket });

// node:vm: scripts can be described but never run.
const constants = {
  USE_MAIN_CONTEXT_DEFAULT_LOADER: Symbol('vm_dynamic_import_main_context_default'),
  DONT_CONTEXTIFY: Symbol('vm_context_no_contextify'),
};
const notAContext = (value) =>
  nodeErrors.invalidArgType('contextifiedObject', 'an vm.Context', value);
class Script {
  constructor(code) {
    this.cachedDataRejected = undefined;
    this.cachedDataProduced = undefined;
    this.cachedData = undefined;
    this.sourceMapURL = undefined;
  }
  createCachedData() { return Buffer.alloc(0); }
  runInThisContext() { throw notImplemented('runInThisContext'); }
  runInContext(context) { throw notAContext(context); }
  runInNewContext() { throw notImplemented('runInThisContext'); }
}
define('enable_nodejs_vm_module', 'vm', {
  Script,
  createContext(contextObject = {}) { return contextObject; },
  createScript(code) { return new Script(code); },
  runInContext(code, contextifiedObject) {
    validateObject(contextifiedObject, 'object');
    throw notAContext(contextifiedObject);
  },
  runInNewContext(code, contextObject, options) { throw notImplemented('runInThisContext'); },
  runInThisContext(code) { throw notImplemented('runInThisContext'); },
  isContext(object) {
    validateObject(object, 'object');
    return false;
  },
  compileFunction(code) {
    validateString(code, 'code');
    throw notImplemented('compileFunction');
  },
  measureMemory: throwing('measureMemory'),
  constants,
});

// node:v8: the engine's figures are not exposed (all zero), nothing can be serialized.
const zeros = (names) => {
  const out = {};
  for (const name of names) out[name] = 0;
  return out;
};
class GCProfiler {}
defineThrowingMethods(GCProfiler.prototype, 'GCProfiler.', ['start', 'stop']);
const Serializer = throwingClass('Serializer', 'Serializer');
const Deserializer = throwingClass('Deserializer', 'Deserializer');
ObjectDefineProperty(Deserializer, 'length', { value: 1 });
const DefaultSerializer = throwingClass('DefaultSerializer', 'Serializer');
const DefaultDeserializer = throwingClass('DefaultDeserializer', 'Deserializer');
ObjectDefineProperty(DefaultDeserializer, 'length', { value: 1 });
const throwingGroup = (prefix, names) => {
  const out = {};
  for (const name of names) out[name] = throwing(prefix + name, name);
  return out;
};
define('enable_nodejs_v8_module', 'v8', {
  cachedDataVersionTag() { return 0; },
  getHeapSnapshot: throwing('getHeapSnapshot'),
  getHeapStatistics() {
    return zeros([
      'total_heap_size', 'total_heap_size_executable', 'total_physical_size',
      'total_available_size', 'used_heap_size', 'heap_size_limit', 'malloced_memory',
      'peak_malloced_memory', 'does_zap_garbage', 'number_of_native_contexts',
      'number_of_detached_contexts', 'total_global_handles_size', 'used_global_handles_size',
      'external_memory', 'total_allocated_bytes',
    ]);
  },
  getHeapSpaceStatistics() { return []; },
  getHeapCodeStatistics() {
    return zeros([
      'code_and_metadata_size', 'bytecode_and_metadata_size', 'external_script_source_size',
      'cpu_profiler_metadata_size',
    ]);
  },
  getCppHeapStatistics() {
    return {
      committed_size_bytes: 0, resident_size_bytes: 0, used_size_bytes: 0, space_statistics: [],
      type_names: [], detail_level: 'detailed',
    };
  },
  setFlagsFromString(flags) {
    validateString(flags, 'flags');
    throw notImplemented('setFlagsFromString');
  },
  Serializer,
  Deserializer,
  DefaultSerializer,
  DefaultDeserializer,
  deserialize: throwing('deserialize', 'deserialize', 1),
  takeCoverage: throwing('takeCoverage'),
  stopCoverage: throwing('stopCoverage'),
  serialize: throwing('serialize', 'serialize', 1),
  writeHeapSnapshot: throwing('writeHeapSnapshot', 'writeHeapSnapshot', 1),
  promiseHooks: throwingGroup('promiseHooks.',
    ['createHook', 'onInit', 'onBefore', 'onAfter', 'onSettled']),
  queryObjects(constructor) {
    internals.validateFunction(constructor, 'constructor');
    throw notImplemented('queryObjects');
  },
  startupSnapshot: {
    ...throwingGroup('startupSnapshot.',
      ['addSerializeCallback', 'addDeserializeCallback', 'setDeserializeMainFunction']),
    isBuildingSnapshot() { return false; },
  },
  setHeapSnapshotNearHeapLimit(limit) {
    if (typeof limit !== 'number') {
      throw nodeErrors.invalidArgType('limit', 'of type number', limit);
    }
    throw notImplemented('setHeapSnapshotNearHeapLimit');
  },
  GCProfiler,
  isStringOneByteRepresentation(content) {
    validateString(content, 'content');
    throw notImplemented('isStringOneByteRepresentation');
  },
});

// node:sqlite: the Worker's SQLite is Durable Object storage's; this module only names it.
define('enable_nodejs_sqlite_module', 'sqlite', {
  DatabaseSync: illegalClass('DatabaseSync'),
  StatementSync: illegalClass('StatementSync'),
  constants: {
    SQLITE_CHANGESET_OMIT: 0, SQLITE_CHANGESET_REPLACE: 1, SQLITE_CHANGESET_ABORT: 2,
    SQLITE_CHANGESET_DATA: 1, SQLITE_CHANGESET_NOTFOUND: 2, SQLITE_CHANGESET_CONFLICT: 3,
    SQLITE_CHANGESET_CONSTRAINT: 4, SQLITE_CHANGESET_FOREIGN_KEY: 5, SQLITE_OK: 0, SQLITE_DENY: 1,
    SQLITE_IGNORE: 2, SQLITE_CREATE_INDEX: 1, SQLITE_CREATE_TABLE: 2, SQLITE_CREATE_TEMP_INDEX: 3,
    SQLITE_CREATE_TEMP_TABLE: 4, SQLITE_CREATE_TEMP_TRIGGER: 5, SQLITE_CREATE_TEMP_VIEW: 6,
    SQLITE_CREATE_TRIGGER: 7, SQLITE_CREATE_VIEW: 8, SQLITE_DELETE: 9, SQLITE_DROP_INDEX: 10,
    SQLITE_DROP_TABLE: 11, SQLITE_DROP_TEMP_INDEX: 12, SQLITE_DROP_TEMP_TABLE: 13,
    SQLITE_DROP_TEMP_TRIGGER: 14, SQLITE_DROP_TEMP_VIEW: 15, SQLITE_DROP_TRIGGER: 16,
    SQLITE_DROP_VIEW: 17, SQLITE_INSERT: 18, SQLITE_PRAGMA: 19, SQLITE_READ: 20, SQLITE_SELECT: 21,
    SQLITE_TRANSACTION: 22, SQLITE_UPDATE: 23, SQLITE_ATTACH: 24, SQLITE_DETACH: 25,
    SQLITE_ALTER_TABLE: 26, SQLITE_REINDEX: 27, SQLITE_ANALYZE: 28, SQLITE_CREATE_VTABLE: 29,
    SQLITE_DROP_VTABLE: 30, SQLITE_FUNCTION: 31, SQLITE_SAVEPOINT: 32, SQLITE_COPY: 0,
    SQLITE_RECURSIVE: 33,
  },
  backup: function backup() { throw new Error('backup is not implemented'); },
});

// node:perf_hooks: the global performance, and no Node-only measurements.
define('enable_nodejs_perf_hooks_module', 'perf_hooks', {
  Performance: globalThis.Performance,
  PerformanceEntry: illegalClass('PerformanceEntry'),
  PerformanceMark: illegalClass('PerformanceMark'),
  PerformanceMeasure: illegalClass('PerformanceMeasure'),
  PerformanceObserver: illegalClass('PerformanceObserver'),
  PerformanceObserverEntryList: illegalClass('PerformanceObserverEntryList'),
  PerformanceResourceTiming: illegalClass('PerformanceResourceTiming'),
  monitorEventLoopDelay: throwing('monitorEventLoopDelay'),
  createHistogram: throwing('createHistogram'),
  eventLoopUtilization(utilization1, utilization2) {
    return { idle: 0, active: 0, utilization: 0 };
  },
  timerify(fn) { return fn; },
  performance: globalThis.performance,
  constants: {
    NODE_PERFORMANCE_GC_MAJOR: 4, NODE_PERFORMANCE_GC_MINOR: 1, NODE_PERFORMANCE_GC_INCREMENTAL: 8,
    NODE_PERFORMANCE_GC_WEAKCB: 16, NODE_PERFORMANCE_GC_FLAGS_NO: 0,
    NODE_PERFORMANCE_GC_FLAGS_CONSTRUCT_RETAINED: 2, NODE_PERFORMANCE_GC_FLAGS_FORCED: 4,
    NODE_PERFORMANCE_GC_FLAGS_SYNCHRONOUS_PHANTOM_PROCESSING: 8,
    NODE_PERFORMANCE_GC_FLAGS_ALL_AVAILABLE_GARBAGE: 16,
    NODE_PERFORMANCE_GC_FLAGS_ALL_EXTERNAL_MEMORY: 32, NODE_PERFORMANCE_GC_FLAGS_SCHEDULE_IDLE: 64,
    NODE_PERFORMANCE_ENTRY_TYPE_GC: 0, NODE_PERFORMANCE_ENTRY_TYPE_HTTP: 1,
    NODE_PERFORMANCE_ENTRY_TYPE_HTTP2: 2, NODE_PERFORMANCE_ENTRY_TYPE_NET: 3,
    NODE_PERFORMANCE_ENTRY_TYPE_DNS: 4, NODE_PERFORMANCE_MILESTONE_TIME_ORIGIN_TIMESTAMP: 0,
    NODE_PERFORMANCE_MILESTONE_TIME_ORIGIN: 1, NODE_PERFORMANCE_MILESTONE_ENVIRONMENT: 2,
    NODE_PERFORMANCE_MILESTONE_NODE_START: 3, NODE_PERFORMANCE_MILESTONE_V8_START: 4,
    NODE_PERFORMANCE_MILESTONE_LOOP_START: 5, NODE_PERFORMANCE_MILESTONE_LOOP_EXIT: 6,
    NODE_PERFORMANCE_MILESTONE_BOOTSTRAP_COMPLETE: 7,
  },
});
