'use strict';
// node:util: promisify/callbackify, inspect and format (the console's, 08_console.js),
// types (65_node_util_types.js), inherits, deprecate, isDeepStrictEqual, TextEncoder and
// TextDecoder, and the small helpers libraries still call (debuglog, isArray, …).

const {
  ObjectDefineProperty, ObjectDefineProperties, ObjectGetOwnPropertyDescriptors,
  ObjectSetPrototypeOf, ObjectGetPrototypeOf, ReflectApply, Promise: PromiseCtor, SymbolFor,
  ArrayIsArray, ArrayPrototypePush, Error, PromisePrototypeThen, SafeSet,
} = primordials;
// The runtime's own, captured before a Worker can replace the global.
const { queueMicrotask } = globalThis;
const { nodeErrors, validateFunction } = internals;

const kCustomPromisify = SymbolFor('nodejs.util.promisify.custom');
const kCustomPromisifyArgs = Symbol('customPromisifyArgs');

function promisify(original) {
  validateFunction(original, 'original');
  if (original[kCustomPromisify]) {
    const fn = original[kCustomPromisify];
    validateFunction(fn, 'util.promisify.custom');
    return ObjectDefineProperty(fn, kCustomPromisify, { value: fn, enumerable: false, writable: false, configurable: true });
  }
  const argumentNames = original[kCustomPromisifyArgs];
  function fn(...args) {
    return new PromiseCtor((resolve, reject) => {
      ArrayPrototypePush(args, (err, ...values) => {
        if (err) return reject(err);
        if (argumentNames !== undefined && values.length > 1) {
          const object = {};
          for (let i = 0; i < argumentNames.length; i++) object[argumentNames[i]] = values[i];
          resolve(object);
        } else {
          resolve(values[0]);
        }
      });
      ReflectApply(original, this, args);
    });
  }
  ObjectSetPrototypeOf(fn, ObjectGetPrototypeOf(original));
  ObjectDefineProperty(fn, kCustomPromisify, { value: fn, enumerable: false, writable: false, configurable: true });
  return ObjectDefineProperties(fn, ObjectGetOwnPropertyDescriptors(original));
}
promisify.custom = kCustomPromisify;

function callbackify(original) {
  validateFunction(original, 'original');
  function callbackified(...args) {
    const callback = args.pop();
    validateFunction(callback, 'last argument');
    const onResult = (value) => queueMicrotask(() => callback(null, value));
    const onError = (reason) => {
      // A falsy rejection reason still reaches the callback as an error (Node's rule).
      if (!reason) {
        const wrapped = nodeErrors.make(Error, 'ERR_FALSY_VALUE_REJECTION', 'Promise was rejected with falsy value');
        wrapped.reason = reason;
        reason = wrapped;
      }
      queueMicrotask(() => callback(reason));
    };
    PromisePrototypeThen(PromiseCtor.resolve(ReflectApply(original, this, args)), onResult, onError);
  }
  const descriptors = ObjectGetOwnPropertyDescriptors(original);
  if (typeof descriptors.length?.value === 'number') descriptors.length.value++;
  if (typeof descriptors.name?.value === 'string') descriptors.name.value += 'Callbackified';
  ObjectSetPrototypeOf(callbackified, ObjectGetPrototypeOf(original));
  return ObjectDefineProperties(callbackified, descriptors);
}

function inherits(ctor, superCtor) {
  if (ctor === undefined || ctor === null) throw nodeErrors.invalidArgType('ctor', 'of type function', ctor);
  if (superCtor === undefined || superCtor === null) {
    throw nodeErrors.invalidArgType('superCtor', 'of type function', superCtor);
  }
  if (superCtor.prototype === undefined) {
    throw nodeErrors.invalidArgType('superCtor.prototype', 'of type object', superCtor.prototype);
  }
  ObjectDefineProperty(ctor, 'super_', { value: superCtor, writable: true, configurable: true });
  ObjectSetPrototypeOf(ctor.prototype, superCtor.prototype);
}

// Warns once per code (or once per function without one), then calls through.
const warnedCodes = new SafeSet();
function deprecate(fn, msg, code) {
  validateFunction(fn, 'fn');
  let warned = false;
  function deprecated(...args) {
    if (!warned && !(code !== undefined && warnedCodes.has(code))) {
      warned = true;
      if (code !== undefined) warnedCodes.add(code);
      internals.console.warn(`[${code ?? 'DEP'}] DeprecationWarning: ${msg}`);
    }
    return new.target ? Reflect.construct(fn, args, new.target) : ReflectApply(fn, this, args);
  }
  ObjectSetPrototypeOf(deprecated, fn);
  if (fn.prototype) deprecated.prototype = fn.prototype;
  return deprecated;
}

// debuglog(section): NODE_DEBUG does not exist here, so logging stays off.
function debuglog(section, callback) {
  const logger = () => {};
  logger.enabled = false;
  return logger;
}

function inspect(value, ...options) {
  return internals.inspect(value, ...options);
}
inspect.custom = internals.customInspectSymbol;
ObjectDefineProperty(inspect, 'defaultOptions', {
  get() { return { depth: 2, showHidden: false, colors: false, customInspect: true, maxArrayLength: 100, maxStringLength: 10000, breakLength: 80, compact: 3, sorted: false, getters: false }; },
  set(options) { internals.validateObject(options, 'options'); },
  enumerable: true,
});
inspect.colors = { __proto__: null };
inspect.styles = { __proto__: null };

function formatWithOptions(inspectOptions, ...args) {
  internals.validateObject(inspectOptions, 'inspectOptions');
  return internals.format(...args);
}

function stripVTControlCharacters(str) {
  internals.validateString(str, 'str');
  // eslint-disable-next-line no-control-regex
  return str.replace(/[\u001B\u009B][[\]()#;?]*(?:(?:(?:[a-zA-Z\d]*(?:;[-a-zA-Z\d/#&.:=?%@~_]*)*)?\u0007)|(?:(?:\d{1,4}(?:;\d{0,4})*)?[\dA-PR-TZcf-ntqry=><~]))/g, '');
}

function toUSVString(str) {
  return String(str).toWellFormed?.() ?? String(str).replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

// util.aborted(signal, resource): resolves once the signal aborts.
function aborted(signal, resource) {
  if (!internals.isAbortSignal(signal)) throw nodeErrors.invalidArgType('signal', 'an instance of AbortSignal', signal);
  if (resource === null || (typeof resource !== 'object' && typeof resource !== 'function')) {
    throw nodeErrors.invalidArgType('resource', 'an object', resource);
  }
  if (signal.aborted) return PromiseCtor.resolve();
  return new PromiseCtor((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

const isPrimitive = (v) => v === null || (typeof v !== 'object' && typeof v !== 'function');

const util = {
  promisify, callbackify, inherits, deprecate, debuglog, debug: debuglog, inspect,
  format: (...args) => internals.format(...args), formatWithOptions,
  isDeepStrictEqual: internals.isDeepStrictEqual,
  types: internals.nodeUtilTypes,
  TextEncoder: internals.TextEncoder, TextDecoder: internals.TextDecoder,
  stripVTControlCharacters, toUSVString, aborted,
  // Deprecated type checks that old libraries still use.
  isArray: ArrayIsArray,
  isBoolean: (v) => typeof v === 'boolean',
  isNull: (v) => v === null,
  isNullOrUndefined: (v) => v === null || v === undefined,
  isNumber: (v) => typeof v === 'number',
  isString: (v) => typeof v === 'string',
  isSymbol: (v) => typeof v === 'symbol',
  isUndefined: (v) => v === undefined,
  isRegExp: internals.nodeUtilTypes.isRegExp,
  isObject: (v) => v !== null && typeof v === 'object',
  isDate: internals.nodeUtilTypes.isDate,
  isError: internals.nodeUtilTypes.isNativeError,
  isFunction: (v) => typeof v === 'function',
  isPrimitive,
  isBuffer: (v) => internals.Buffer.isBuffer(v),
};
internals.defineNodeModule('util', util);
