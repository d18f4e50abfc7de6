'use strict';
// node:util: promisify/callbackify, inspect and format (the console's, 08_console.js),
// types (65_node_util_types.js), inherits, deprecate, isDeepStrictEqual, TextEncoder and
// TextDecoder, MIMEType (66_node_util_mime.js), parseArgs, parseEnv, styleText, getCallSites,
// and the small helpers libraries still call (debuglog, isArray, _extend, log, …).

const {
  ObjectDefineProperty, ObjectDefineProperties, ObjectGetOwnPropertyDescriptors,
  ObjectSetPrototypeOf, ObjectGetPrototypeOf, ReflectApply, Promise: PromiseCtor, SymbolFor,
  ArrayIsArray, ArrayPrototypePush, Error, PromisePrototypeThen, SafeSet, ObjectKeys,
  ArrayPrototypeJoin, ArrayPrototypeMap, ObjectPrototypeHasOwnProperty, Date, ErrorCaptureStackTrace,
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
// Node's table of SGR codes ([open, close]); styleText accepts its names.
inspect.colors = {
  __proto__: null, reset: [0, 0], bold: [1, 22], dim: [2, 22], italic: [3, 23],
  underline: [4, 24], blink: [5, 25], inverse: [7, 27], hidden: [8, 28], strikethrough: [9, 29],
  doubleunderline: [21, 24], black: [30, 39], red: [31, 39], green: [32, 39], yellow: [33, 39],
  blue: [34, 39], magenta: [35, 39], cyan: [36, 39], white: [37, 39], bgBlack: [40, 49],
  bgRed: [41, 49], bgGreen: [42, 49], bgYellow: [43, 49], bgBlue: [44, 49], bgMagenta: [45, 49],
  bgCyan: [46, 49], bgWhite: [47, 49], framed: [51, 54], overlined: [53, 55], gray: [90, 39],
  redBright: [91, 39], greenBright: [92, 39], yellowBright: [93, 39], blueBright: [94, 39],
  magentaBright: [95, 39], cyanBright: [96, 39], whiteBright: [97, 39], bgGray: [100, 49],
  bgRedBright: [101, 49], bgGreenBright: [102, 49], bgYellowBright: [103, 49],
  bgBlueBright: [104, 49], bgMagentaBright: [105, 49], bgCyanBright: [106, 49],
  bgWhiteBright: [107, 49],
};
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

// styleText(format, text[, {validateStream, stream}]): with validateStream (the default) the text
// is for a stream, and a Worker's output is never a terminal, so it comes back without escape
// codes (as on Workers, and as Node does for a non-TTY stream); validateStream: false styles it.
function styleText(format, text, { validateStream = true, stream = undefined } = {}) {
  internals.validateString(text, 'text');
  if (typeof validateStream !== 'boolean') {
    throw nodeErrors.invalidArgType('options.validateStream', 'of type boolean', validateStream);
  }
  if (validateStream && stream !== undefined && !internals.isReadableStream(stream) &&
      !internals.isWritableStream(stream) && !internals.nodeStream?.isNodeStream(stream)) {
    throw nodeErrors.invalidArgType('stream', 'an instance of ReadableStream, WritableStream, or Stream', stream);
  }
  let left = '';
  let right = '';
  for (const name of ArrayIsArray(format) ? format : [format]) {
    if (typeof name !== 'string' || !ObjectPrototypeHasOwnProperty(inspect.colors, name)) {
      const valid = ArrayPrototypeJoin(ArrayPrototypeMap(ObjectKeys(inspect.colors), (k) => `'${k}'`), ', ');
      throw nodeErrors.invalidArgValue('format', name, `must be one of: ${valid}`);
    }
    const [open, close] = inspect.colors[name];
    left += `\u001b[${open}m`;
    right = `\u001b[${close}m${right}`;
  }
  return validateStream ? text : `${left}${text}${right}`;
}

// util.log: "24 Nov 18:56:03 - message" on the console, Node's layout.
const kMonths = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
function log(...args) {
  const d = new Date();
  const pad = (n) => (n < 10 ? `0${n}` : `${n}`);
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  internals.console.log('%s - %s', `${d.getDate()} ${kMonths[d.getMonth()]} ${time}`, internals.format(...args));
}

// Copies source's own enumerable properties onto target (the old util._extend).
function _extend(target, source) {
  if (source === null || typeof source !== 'object') return target;
  const keys = ObjectKeys(source);
  for (let i = keys.length - 1; i >= 0; i--) target[keys[i]] = source[keys[i]];
  return target;
}

// getCallSites([frameCount][, options]): the caller's frames as Workers describes them, read
// through V8's structured stack trace API (a temporary Error.prepareStackTrace).
function getCallSites(frameCount = 10, options = undefined) {
  if (frameCount !== null && typeof frameCount === 'object' && options === undefined) frameCount = 10;
  if (typeof frameCount !== 'number' || !(frameCount >= 1 && frameCount <= 200)) {
    throw new Error('Frame count should be between 1 and 200 inclusive.');
  }
  const holder = {};
  const { prepareStackTrace, stackTraceLimit } = Error;
  let sites;
  try {
    Error.prepareStackTrace = (error, callSites) => callSites;
    Error.stackTraceLimit = frameCount;
    ErrorCaptureStackTrace(holder, getCallSites);
    sites = holder.stack;
  } finally {
    Error.prepareStackTrace = prepareStackTrace;
    Error.stackTraceLimit = stackTraceLimit;
  }
  if (!ArrayIsArray(sites)) return [];
  return ArrayPrototypeMap(sites, (site) => ({
    functionName: site.getFunctionName() ?? '',
    scriptName: site.getScriptNameOrSourceURL() ?? '',
    lineNumber: site.getLineNumber() ?? 0,
    columnNumber: site.getColumnNumber() ?? 0,
    column: site.getColumnNumber() ?? 0,
  }));
}

// What Workers leaves out (no libuv errno table, no postMessage between threads) throws as there.
const notOnWorkers = (name) => function () {
  throw new Error(`node:util ${name} is not implemented`);
};
const methodNotImplemented = (name) => function () {
  throw nodeErrors.make(Error, 'ERR_METHOD_NOT_IMPLEMENTED', `The ${name} method is not implemented`);
};

const isPrimitive = (v) => v === null || (typeof v !== 'object' && typeof v !== 'function');

const util = {
  promisify, callbackify, inherits, deprecate, debuglog, debug: debuglog, inspect,
  format: (...args) => internals.format(...args), formatWithOptions,
  isDeepStrictEqual: internals.isDeepStrictEqual,
  types: internals.nodeUtilTypes,
  TextEncoder: internals.TextEncoder, TextDecoder: internals.TextDecoder,
  stripVTControlCharacters, toUSVString, aborted,
  MIMEType: internals.nodeUtilMime.MIMEType, MIMEParams: internals.nodeUtilMime.MIMEParams,
  parseArgs: internals.nodeParseArgs, parseEnv: internals.nodeParseEnv, styleText, log, _extend,
  getCallSites, getCallSite: getCallSites,
  getSystemErrorName: notOnWorkers('getSystemErrorName'),
  getSystemErrorMap: notOnWorkers('getSystemErrorMap'),
  getSystemErrorMessage: notOnWorkers('getSystemErrorMessage'),
  transferableAbortController: notOnWorkers('transferableAbortController'),
  transferableAbortSignal: notOnWorkers('transferableAbortSignal'),
  _errnoException: methodNotImplemented('_errnoException'),
  _exceptionWithHostPort: methodNotImplemented('_exceptionWithHostPort'),
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
