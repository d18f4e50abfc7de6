'use strict';
// The base of nodejs_compat: the Worker's compatibility flags (set by src/runtime/
// worker_isolate.cc before the main module runs), how a node:* module is published, and Node's
// coded errors (`err.code === 'ERR_INVALID_ARG_TYPE'`) that libraries test for.
// src/runtime/module_registry.cc serves internals.builtinModules['node:x'] only under the flag.

const { ObjectDefineProperty, TypeError, RangeError } = primordials;

internals.builtinModules ??= {};

// internals.compatibility is {nodejs_compat: bool, nodejs_compat_v2: bool, …}, every flag of
// src/runtime/compatibility_flags.cc, set by src/runtime/worker_isolate.cc before setEnv. In the
// snapshot (no Worker yet) everything is off.
internals.compatEnabled = (name) => internals.compatibility?.[name] === true;
// What depends on the flags (globals, process.env) runs when the Worker's env is set, the one
// start-up step before its main module is evaluated.
internals.onCompatibility = (fn) => internals.onEnvSet(() => fn());
// nodejs_compat_v2 (Cloudflare): `global` is globalThis, as in Node (CommonJS packages read
// `global.process`, `global.Buffer`).
internals.onCompatibility(() => {
  if (internals.compatEnabled('nodejs_compat_v2')) internals.defineGlobal('global', globalThis);
});

// node:<name>: its named exports plus `default`, the module object itself (what Node's ESM
// loader gives for a built-in: `import events from 'node:events'`).
internals.defineNodeModule = (name, exports) => {
  const module = { ...exports };
  if (!('default' in module)) module.default = exports;
  internals.builtinModules['node:' + name] = module;
  return module;
};

// node:<name> behind its own compatibility flag (enable_nodejs_os_module, …; workerd turns these
// on by date). The module is built in the snapshot but kept out of builtinModules until a Worker
// whose flag is on starts, so import, require(), process.getBuiltinModule() and node:module's
// builtinModules all see it only then; a Worker without the flag gets `No such module "node:x".`
const gatedNodeModules = [];
internals.defineGatedNodeModule = (flag, name, exports) => {
  const module = { ...exports };
  if (!('default' in module)) module.default = exports;
  gatedNodeModules.push({ flag, name, module });
  return module;
};
internals.onCompatibility(() => {
  for (const { flag, name, module } of gatedNodeModules) {
    if (internals.compatEnabled(flag)) internals.builtinModules['node:' + name] = module;
  }
});

// Node's errors carry a `code` (ERR_INVALID_ARG_TYPE, …) that libraries branch on.
function makeNodeError(Base, code, message) {
  const error = new Base(message);
  ObjectDefineProperty(error, 'code', { value: code, writable: true, configurable: true, enumerable: true });
  ObjectDefineProperty(error, 'name', { value: Base.name, writable: true, configurable: true });
  return error;
}

// "The "name" argument must be of type string. Received type number (1)": Node's wording.
function describeReceived(value) {
  if (value === null || value === undefined) return ` Received ${value}`;
  if (typeof value === 'function') return ` Received function ${value.name || '<anonymous>'}`;
  if (typeof value === 'object') {
    if (value.constructor?.name) return ` Received an instance of ${value.constructor.name}`;
    return ` Received ${internals.inspect(value, { depth: -1 })}`;
  }
  let shown = internals.inspect(value, { colors: false });
  if (shown.length > 28) shown = `${shown.slice(0, 25)}...`;
  return ` Received type ${typeof value} (${shown})`;
}

const nodeErrors = {
  invalidArgType(name, expected, value) {
    // "The first argument must be …" (Buffer.from) reads as Node words it.
    const subject = name === 'first argument' ? 'The first argument'
      : `The "${name}" ${name.includes('.') ? 'property' : 'argument'}`;
    return makeNodeError(TypeError, 'ERR_INVALID_ARG_TYPE',
      `${subject} must be ${expected}.${describeReceived(value)}`);
  },
  invalidArgValue(name, value, reason = 'is invalid') {
    const what = name.includes('.') ? 'property' : 'argument';
    return makeNodeError(TypeError, 'ERR_INVALID_ARG_VALUE',
      `The ${what} '${name}' ${reason}. Received ${internals.inspect(value)}`);
  },
  outOfRange(name, range, value) {
    let shown = typeof value === 'bigint' ? `${value}n` : internals.inspect(value);
    return makeNodeError(RangeError, 'ERR_OUT_OF_RANGE',
      `The value of "${name}" is out of range. It must be ${range}. Received ${shown}`);
  },
  unknownEncoding(encoding) {
    return makeNodeError(TypeError, 'ERR_UNKNOWN_ENCODING', `Unknown encoding: ${encoding}`);
  },
  missingArgs(...names) {
    return makeNodeError(TypeError, 'ERR_MISSING_ARGS',
      `The ${names.map((n) => `"${n}"`).join(' and ')} argument${names.length > 1 ? 's' : ''} must be specified`);
  },
  make: makeNodeError,
};
internals.nodeErrors = nodeErrors;

internals.validateFunction = (value, name) => {
  if (typeof value !== 'function') throw nodeErrors.invalidArgType(name, 'of type function', value);
};
internals.validateString = (value, name) => {
  if (typeof value !== 'string') throw nodeErrors.invalidArgType(name, 'of type string', value);
};
internals.validateObject = (value, name) => {
  if (value === null || typeof value !== 'object') {
    throw nodeErrors.invalidArgType(name, 'of type object', value);
  }
};
