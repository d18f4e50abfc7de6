'use strict';
// node:module: builtinModules, isBuiltin and createRequire() as workerd has them, and its other
// exports with workerd's answers (most throw ERR_METHOD_NOT_IMPLEMENTED: a Worker has no module
// loader to hook, no compile cache and no source maps).
//
// require() answers built-in modules only: a module of the Worker's bundle cannot be evaluated
// synchronously from here, so it throws workerd's "No such module" error for those too. A node:*
// module answers its `default` export (Node's module.exports, what wrangler's CommonJS wrapper
// and process.getBuiltinModule() give) where workerd answers the namespace object; the default
// carries the named exports too, so code written for either works.

const {
  ArrayPrototypeIncludes, ArrayPrototypeJoin, ArrayPrototypePop, ArrayPrototypePush,
  ArrayPrototypeSort, Error, ObjectDefineProperty, ObjectDefineProperties, ObjectFreeze,
  ObjectKeys, StringPrototypeLastIndexOf, StringPrototypeSlice, StringPrototypeSplit,
  StringPrototypeStartsWith, TypeError,
} = primordials;
const { nodeErrors } = internals;

const notImplemented = (what) => nodeErrors.make(Error, 'ERR_METHOD_NOT_IMPLEMENTED',
  `The ${what} method is not implemented`);
// A function named like the export it stands for, throwing "The <what> method is not
// implemented".
const throwsNotImplemented = (what, name = undefined) => {
  const fn = function () { throw notImplemented(what); };
  const shown = name ?? StringPrototypeSlice(what, StringPrototypeLastIndexOf(what, '.') + 1);
  ObjectDefineProperty(fn, 'name', { value: shown });
  return fn;
};

// Node's built-in names that may be written without `node:` (workerd's list, which also knows
// `sqlite`): a name here is a built-in whether or not edged serves it.
const kNodeNames = [
  '_http_agent', '_http_client', '_http_common', '_http_incoming', '_http_outgoing',
  '_http_server', '_stream_duplex', '_stream_passthrough', '_stream_readable',
  '_stream_transform', '_stream_wrap', '_stream_writable', '_tls_common', '_tls_wrap', 'assert',
  'assert/strict', 'async_hooks', 'buffer', 'child_process', 'cluster', 'console', 'constants',
  'crypto', 'dgram', 'diagnostics_channel', 'dns', 'dns/promises', 'domain', 'events', 'fs',
  'fs/promises', 'http', 'http2', 'https', 'inspector', 'inspector/promises', 'module', 'net',
  'os', 'path', 'path/posix', 'path/win32', 'perf_hooks', 'process', 'punycode', 'querystring',
  'readline', 'readline/promises', 'repl', 'sqlite', 'stream', 'stream/consumers',
  'stream/promises', 'stream/web', 'string_decoder', 'sys', 'timers', 'timers/promises', 'tls',
  'trace_events', 'tty', 'url', 'util', 'util/types', 'v8', 'vm', 'wasi', 'worker_threads', 'zlib',
];

// The `node:` specifier a name stands for, or undefined when it is not a Node built-in.
// `sys` is the old name of `util`.
function nodeSpecifierOf(name) {
  if (name === 'sys' || name === 'node:sys') return 'node:util';
  if (ArrayPrototypeIncludes(kNodeNames, name)) return `node:${name}`;
  if (StringPrototypeStartsWith(name, 'node:')) return name;
  return undefined;
}

function isBuiltin(specifier) {
  return nodeSpecifierOf(`${specifier}`) !== undefined;
}

// The names of the node:* modules edged serves, read when a Worker first asks (every runtime
// file has published its modules by then).
let builtinNames;
function builtinModuleNames() {
  if (builtinNames === undefined) {
    const names = [];
    for (const key of ObjectKeys(internals.builtinModules)) {
      if (!StringPrototypeStartsWith(key, 'node:')) continue;
      ArrayPrototypePush(names, StringPrototypeSlice(key, 5));
    }
    builtinNames = ObjectFreeze(ArrayPrototypeSort(names));
  }
  return builtinNames;
}

// `specifier` resolved against the directory of `referrer` (both '/'-separated paths), as
// workerd names a bundle module: no leading slash.
function resolveBundlePath(referrer, specifier) {
  const resolved = [];
  const apply = (path, onAboveRoot) => {
    for (const segment of StringPrototypeSplit(path, '/')) {
      if (segment === '' || segment === '.') continue;
      if (segment !== '..') ArrayPrototypePush(resolved, segment);
      else if (ArrayPrototypePop(resolved) === undefined) onAboveRoot();
    }
  };
  if (!StringPrototypeStartsWith(specifier, '/')) {
    apply(referrer, () => {});
    ArrayPrototypePop(resolved);
  }
  apply(specifier, () => { throw new Error(`Invalid specifier path: ${specifier}`); });
  return ArrayPrototypeJoin(resolved, '/');
}

function makeRequire(referrer) {
  // No declared parameter: workerd's require has length 0.
  return function () {
    const name = `${arguments[0]}`;
    const nodeName = nodeSpecifierOf(name);
    if (nodeName !== undefined) {
      const module = internals.builtinModules[nodeName];
      if (module === undefined) throw new Error(`No such module "${nodeName}".`);
      return module.default;
    }
    if (StringPrototypeStartsWith(name, 'cloudflare:') ||
        StringPrototypeStartsWith(name, 'workerd:')) {
      const module = internals.builtinModules[name];
      if (module === undefined) throw new Error(`No such module "${name}".`);
      return module;
    }
    throw new Error(`No such module "${resolveBundlePath(referrer, name)}".`);
  };
}

const _extensions = {
  '.js': throwsNotImplemented('module._extensions.js', '.js'),
  '.json': throwsNotImplemented('module._extensions.json', '.json'),
  '.node': throwsNotImplemented('module._extensions.node', '.node'),
};

const kInvalidPath =
  'The argument must be a file URL object, a file URL string, or an absolute path string.';

// path: a file: URL (object or string) or an absolute path; its pathname is where relative
// specifiers start from.
function createRequire(path) {
  const text = `${path}`;
  if (!StringPrototypeStartsWith(text, '/') && !StringPrototypeStartsWith(text, 'file:')) {
    throw nodeErrors.invalidArgValue('path', text, kInvalidPath);
  }
  let url;
  try {
    url = new internals.URL(text, 'file:///');
  } catch {
    throw new TypeError(kInvalidPath);
  }
  if (url.search.length > 0 || url.hash.length > 0) {
    throw new Error('The specifier must not have query string parameters or hash fragments.');
  }
  return makeRequire(url.pathname);
}
const createRequireStatics = {
  resolve: throwsNotImplemented('module.createRequire.resolve'),
  paths: throwsNotImplemented('module.createRequire.resolve.paths'),
  cache: { __proto__: null },
  extensions: _extensions,
  main: undefined,
};
for (const key of ObjectKeys(createRequireStatics)) {
  ObjectDefineProperty(createRequire, key, {
    value: createRequireStatics[key], enumerable: true, writable: true,
  });
}


const constants = ObjectFreeze({
  __proto__: null,
  compileCacheStatus: ObjectFreeze({
    __proto__: null, FAILED: 0, ENABLED: 1, ALREADY_ENABLED: 2, DISABLED: 3,
  }),
});

function Module() { throw notImplemented('module.Module'); }
function SourceMap() { throw notImplemented('module.SourceMap'); }
// What workerd's Module.prototype holds: methods that do nothing (no instance can be made to
// call them anyway).
ObjectDefineProperties(Module.prototype, {
  load: { value: function load() {}, writable: true, configurable: true },
  require: { value: function require() {}, writable: true, configurable: true },
  _compile: { value: function _compile() {}, writable: true, configurable: true },
  isPreloading: { value: false, writable: true, configurable: true },
});

// In workerd's order: the default export is Module, with every other export as a static.
const exports = {
  register: throwsNotImplemented('module.register'),
  constants,
  // No compile cache: enabling and flushing it do nothing, as on workerd.
  enableCompileCache() {},
  findPackageJSON: throwsNotImplemented('module.findPackageJSON'),
  flushCompileCache() {},
  getCompileCacheDir() { return undefined; },
  stripTypeScriptTypes: throwsNotImplemented('module.stripTypeScriptTypes'),
  findSourceMap: throwsNotImplemented('module.findSourceMap'),
  SourceMap,
  getSourceMapsSupport() {
    return ObjectFreeze({
      __proto__: null, enabled: false, nodeModules: false, generatedCode: false,
    });
  },
  setSourceMapsSupport: throwsNotImplemented('module.setSourceMapsSupport'),
  createRequire,
  builtinModules: undefined, // a getter, below
  globalPaths: [],
  isBuiltin,
  runMain: throwsNotImplemented('module.runMain'),
  syncBuiltinESMExports: throwsNotImplemented('module.syncBuiltinESMExports'),
  wrap: throwsNotImplemented('module.wrap'),
  _cache: { __proto__: null },
  _debug: throwsNotImplemented('module._debug'),
  _extensions,
  _findPath: throwsNotImplemented('module._findPath'),
  _initPaths: throwsNotImplemented('module._initPaths'),
  _load: throwsNotImplemented('module._load'),
  _pathCache: { __proto__: null },
  _preloadModules: throwsNotImplemented('module._preloadModules'),
  _resolveFilename: throwsNotImplemented('module._resolveFilename'),
  _resolveLookupPaths: throwsNotImplemented('module._resolveLookupPaths'),
  _nodeModulePaths: throwsNotImplemented('module._nodeModulePaths'),
  Module,
  registerHooks: throwsNotImplemented('module.registerHooks'),
};
const module = internals.defineNodeModule('module', { ...exports, default: Module });
for (const key of ObjectKeys(exports)) {
  if (key === 'builtinModules') {
    for (const target of [module, Module]) {
      ObjectDefineProperty(target, key, {
        get: builtinModuleNames, enumerable: true, configurable: true,
      });
    }
  } else {
    ObjectDefineProperty(Module, key, { value: exports[key], writable: true, enumerable: true });
  }
}
