'use strict';
// DOMException (WebIDL §3.14.1) as Workers has it, plus the small WebIDL helpers every other
// runtime file uses to convert arguments and to throw Workers' exact messages.
//
// Workers quirks kept on purpose (workerd jsg/dom-exception.{h,c++}):
// - `message`, `name`, `code` are own read-only instance properties, not prototype getters;
// - `stack` is an own lazy property whose first line is `Error: <message>` (workerd captures
//   the stack with a plain Error);
// - the 25 legacy code constants live on both the constructor and the prototype.

const {
  Error: ErrorCtor,
  ErrorCaptureStackTrace,
  ErrorPrototype,
  ObjectDefineProperty,
  ObjectSetPrototypeOf,
  RangeError: RangeErrorCtor,
  ReflectGetOwnPropertyDescriptor,
  ReflectOwnKeys,
  RegExpPrototypeExec,
  SafeMap,
  SafeWeakMap,
  StringPrototypeCharCodeAt,
  StringPrototypeSlice,
  SymbolToStringTag,
  TypeError: TypeErrorCtor,
  ArrayBufferIsView,
  TypedArrayPrototypeGetSymbolToStringTag,
  Uint8Array: Uint8ArrayCtor,
  DataViewPrototypeGetBuffer,
  DataViewPrototypeGetByteOffset,
  DataViewPrototypeGetByteLength,
  TypedArrayPrototypeGetBuffer,
  TypedArrayPrototypeGetByteOffset,
  TypedArrayPrototypeGetByteLength,
  MathFloor,
  MathTrunc,
  NumberIsFinite,
  Number: NumberCtor,
} = primordials;

// name → legacy code, in WebIDL's table order (workerd JSG_DOM_EXCEPTION_FOR_EACH_ERROR_NAME).
const kLegacyCodes = [
  ['INDEX_SIZE_ERR', 1, 'IndexSizeError'],
  ['DOMSTRING_SIZE_ERR', 2, 'DOMStringSizeError'],
  ['HIERARCHY_REQUEST_ERR', 3, 'HierarchyRequestError'],
  ['WRONG_DOCUMENT_ERR', 4, 'WrongDocumentError'],
  ['INVALID_CHARACTER_ERR', 5, 'InvalidCharacterError'],
  ['NO_DATA_ALLOWED_ERR', 6, 'NoDataAllowedError'],
  ['NO_MODIFICATION_ALLOWED_ERR', 7, 'NoModificationAllowedError'],
  ['NOT_FOUND_ERR', 8, 'NotFoundError'],
  ['NOT_SUPPORTED_ERR', 9, 'NotSupportedError'],
  ['INUSE_ATTRIBUTE_ERR', 10, 'InUseAttributeError'],
  ['INVALID_STATE_ERR', 11, 'InvalidStateError'],
  ['SYNTAX_ERR', 12, 'SyntaxError'],
  ['INVALID_MODIFICATION_ERR', 13, 'InvalidModificationError'],
  ['NAMESPACE_ERR', 14, 'NamespaceError'],
  ['INVALID_ACCESS_ERR', 15, 'InvalidAccessError'],
  ['VALIDATION_ERR', 16, 'ValidationError'],
  ['TYPE_MISMATCH_ERR', 17, 'TypeMismatchError'],
  ['SECURITY_ERR', 18, 'SecurityError'],
  ['NETWORK_ERR', 19, 'NetworkError'],
  ['ABORT_ERR', 20, 'AbortError'],
  ['URL_MISMATCH_ERR', 21, 'URLMismatchError'],
  ['QUOTA_EXCEEDED_ERR', 22, 'QuotaExceededError'],
  ['TIMEOUT_ERR', 23, 'TimeoutError'],
  ['INVALID_NODE_TYPE_ERR', 24, 'InvalidNodeTypeError'],
  ['DATA_CLONE_ERR', 25, 'DataCloneError'],
];
const codeByName = new SafeMap();
for (let i = 0; i < kLegacyCodes.length; i++) {
  codeByName.set(kLegacyCodes[i][2], kLegacyCodes[i][1]);
}

const readOnly = (obj, key, value) => {
  ObjectDefineProperty(obj, key, { value, writable: false, enumerable: true, configurable: true });
};

// The stack holder is captured at construction and formatted only when `stack` is first read.
const stackHolders = new SafeWeakMap();
const stackGetter = {
  get() {
    const holder = stackHolders.get(this);
    const stack = holder === undefined ? undefined : holder.stack;
    ObjectDefineProperty(this, 'stack', {
      value: stack, writable: false, enumerable: false, configurable: true,
    });
    return stack;
  },
  enumerable: false,
  configurable: true,
};

class DOMException {
  constructor(message = undefined, name = undefined) {
    message = message === undefined ? '' : `${message}`;
    name = name === undefined ? 'Error' : `${name}`;
    readOnly(this, 'message', message);
    readOnly(this, 'name', name);
    readOnly(this, 'code', codeByName.get(name) ?? 0);
    // `{ name: 'Error' }` makes V8 write the same first line workerd's v8::Exception::Error does.
    const holder = { name: 'Error', message };
    ErrorCaptureStackTrace(holder, DOMException);
    stackHolders.set(this, holder);
    ObjectDefineProperty(this, 'stack', stackGetter);
  }
}
ObjectSetPrototypeOf(DOMException.prototype, ErrorPrototype);
ObjectSetPrototypeOf(DOMException, ErrorCtor);
for (let i = 0; i < kLegacyCodes.length; i++) {
  const [constName, code] = kLegacyCodes[i];
  const desc = { value: code, writable: false, enumerable: true, configurable: false };
  ObjectDefineProperty(DOMException, constName, desc);
  ObjectDefineProperty(DOMException.prototype, constName, desc);
}
ObjectDefineProperty(DOMException.prototype, SymbolToStringTag, {
  value: 'DOMException', writable: false, enumerable: false, configurable: true,
});

// Runtime code throws through these so each message is written once.
// The stack starts at the caller, without this helper's own frame.
const makeTypeError = (msg) => {
  const err = new TypeErrorCtor(msg);
  ErrorCaptureStackTrace(err, makeTypeError);
  return err;
};
const makeRangeError = (msg) => {
  const err = new RangeErrorCtor(msg);
  ErrorCaptureStackTrace(err, makeRangeError);
  return err;
};
const makeDOMException = (msg, name) => new DOMException(msg, name);
// A DOMException whose stack starts below `constructorOpt` (a runtime function), so it shows
// where user code called into the runtime and not the runtime's own frames.
const createDOMException = (msg, name, constructorOpt) => {
  const err = new DOMException(msg, name);
  const holder = { name: 'Error', message: err.message };
  ErrorCaptureStackTrace(holder, constructorOpt);
  stackHolders.set(err, holder);
  return err;
};

// ---------------------------------------------------------------------------------------------
// Brand checks. Each class registers a predicate built on its own private field
// (`o => #state in o`), so user code can neither forge nor observe the brand.
const brandTests = new SafeWeakMap();
const registerBrand = (Class, test) => { brandTests.set(Class, test); };
const isBrand = (self, Class) => {
  const test = brandTests.get(Class);
  return test !== undefined && typeof self === 'object' && self !== null && test(self);
};
// V8's own message when a method is called on the wrong receiver.
const brandCheck = (self, Class) => {
  if (!isBrand(self, Class)) throw makeTypeError('Illegal invocation');
};
// Runtime classes console.log shows the way workerd shows its C++ ("JSG resource") types:
// `Name { prop: value, ... }` listing every non-function property of the instance and its
// prototypes, plus `[extra]: value` lines from `extra` (a name → function(obj) record).
const resourceTypes = new SafeWeakMap();
const markResourceType = (Class, extra = undefined) => {
  resourceTypes.set(Class.prototype, extra ?? null);
};

// Classes that user code must not construct (workerd deletes their constructor: "Illegal
// constructor").
const kInternalConstruct = Symbol('kInternalConstruct');
const illegalConstructor = () => makeTypeError('Illegal constructor');

// ---------------------------------------------------------------------------------------------
// WebIDL conversions (https://webidl.spec.whatwg.org/#es-type-mapping) and Workers' messages.

// jsg's TypeErrorContext messages (workerd jsg/util.c++ typeErrorMessage).
const argumentTypeError = (method, iface, index, type) => makeTypeError(
  `Failed to execute '${method}' on '${iface}': parameter ${index + 1} is not of type '${type}'.`);
const constructorArgumentTypeError = (iface, index, type) => makeTypeError(
  `Failed to construct '${iface}': constructor parameter ${index + 1} is not of type '${type}'.`);
const fieldTypeError = (field, struct, type) => makeTypeError(
  `Incorrect type for the '${field}' field on '${struct}': the provided value is not of ` +
  `type '${type}'.`);

// `prefix` is "Failed to execute 'x' on 'Y'" (or "Failed to construct 'Y'").
const requiredArguments = (count, min, prefix) => {
  if (count < min) {
    const noun = min === 1 ? 'argument' : 'arguments';
    throw makeTypeError(`${prefix}: ${min} ${noun} required, but only ${count} present.`);
  }
};

// DOMString: ToString, which throws TypeError for symbols.
const toDOMString = (v) => (typeof v === 'string' ? v : `${v}`);

// USVString: lone surrogates become U+FFFD (String.prototype.toWellFormed is not in V8 10.2).
// Hand-written rather than a regexp replace, which would go through RegExp.prototype.exec.
const kSurrogate = /[\uD800-\uDFFF]/;
const toWellFormed = (s) => {
  if (RegExpPrototypeExec(kSurrogate, s) === null) return s;
  let out = '';
  let last = 0;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = StringPrototypeCharCodeAt(s, i);
    if (c < 0xD800 || c > 0xDFFF) continue;
    if (c <= 0xDBFF && i + 1 < n) {
      const d = StringPrototypeCharCodeAt(s, i + 1);
      if (d >= 0xDC00 && d <= 0xDFFF) {
        i++;
        continue;
      }
    }
    out += `${StringPrototypeSlice(s, last, i)}\uFFFD`;
    last = i + 1;
  }
  return out + StringPrototypeSlice(s, last);
};
const toUSVString = (v) => toWellFormed(toDOMString(v));

const toByteString = (v, prefix = 'Cannot convert argument to a ByteString') => {
  const s = toDOMString(v);
  for (let i = 0; i < s.length; i++) {
    const c = StringPrototypeCharCodeAt(s, i);
    if (c > 255) {
      throw makeTypeError(`${prefix} because the character at index ${i} has a value of ` +
        `${c} which is greater than 255.`);
    }
  }
  return s;
};

const toBoolean = (v) => !!v;

// Integer conversions (WebIDL §3.2.4 ConvertToInt) with optional [EnforceRange]/[Clamp].
const convertToInt = (v, bits, signed, opts, what) => {
  let x = NumberCtor(v);
  const upper = signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1;
  const lower = signed ? -(2 ** (bits - 1)) : 0;
  if (opts?.enforceRange) {
    if (!NumberIsFinite(x)) throw makeTypeError(`${what} is not a finite number.`);
    x = MathTrunc(x);
    if (x < lower || x > upper) {
      throw makeTypeError(`${what} is outside the accepted range of ${lower} to ${upper}.`);
    }
    return x;
  }
  if (opts?.clamp) {
    if (x !== x) return 0; // NaN
    x = x < lower ? lower : x > upper ? upper : x;
    // Round half to even, and never return -0.
    const f = MathFloor(x);
    const r = x - f < 0.5 ? f : x - f > 0.5 ? f + 1 : (f % 2 === 0 ? f : f + 1);
    return r === 0 ? 0 : r;
  }
  if (!NumberIsFinite(x) || x === 0) return 0;
  x = MathTrunc(x);
  const mod = 2 ** bits;
  x = ((x % mod) + mod) % mod;
  if (signed && x > upper) x -= mod;
  return x === 0 ? 0 : x;
};
const toUnsignedLong = (v, opts, what = 'Value') => convertToInt(v, 32, false, opts, what);
const toLong = (v, opts, what = 'Value') => convertToInt(v, 32, true, opts, what);
const toUnsignedLongLong = (v, opts, what = 'Value') => convertToInt(v, 64, false, opts, what);
const toLongLong = (v, opts, what = 'Value') => convertToInt(v, 64, true, opts, what);

// BufferSource: an ArrayBuffer or any ArrayBufferView. Checks go through V8 or saved getters so
// a patched prototype or a fake Symbol.toStringTag cannot fool them.
const isArrayBuffer = (v) => ops.isArrayBuffer(v);
const isArrayBufferView = (v) => ArrayBufferIsView(v);
const isTypedArray = (v) => TypedArrayPrototypeGetSymbolToStringTag(v) !== undefined;
const isUint8Array = (v) => TypedArrayPrototypeGetSymbolToStringTag(v) === 'Uint8Array';
const isBufferSource = (v) => isArrayBufferView(v) || isArrayBuffer(v);
// A Uint8Array over exactly the bytes of a BufferSource (no copy), or undefined.
const bufferSourceBytes = (v) => {
  if (isArrayBufferView(v)) {
    if (isTypedArray(v)) {
      return new Uint8ArrayCtor(TypedArrayPrototypeGetBuffer(v),
        TypedArrayPrototypeGetByteOffset(v), TypedArrayPrototypeGetByteLength(v));
    }
    return new Uint8ArrayCtor(DataViewPrototypeGetBuffer(v),
      DataViewPrototypeGetByteOffset(v), DataViewPrototypeGetByteLength(v));
  }
  if (isArrayBuffer(v)) return new Uint8ArrayCtor(v);
  return undefined;
};

// WebIDL §3.7.5-6: regular attributes and operations are enumerable properties of their
// interface prototype (class getters and methods are not); `constructor` and the well-known
// symbols (@@iterator, @@toStringTag) stay hidden.
const makeMembersEnumerable = (proto) => {
  const keys = ReflectOwnKeys(proto);
  for (let i = 0; i < keys.length; i++) {
    if (keys[i] === 'constructor' || typeof keys[i] !== 'string') continue;
    const desc = ReflectGetOwnPropertyDescriptor(proto, keys[i]);
    desc.enumerable = true;
    ObjectDefineProperty(proto, keys[i], desc);
  }
};

internals.DOMException = DOMException;
internals.makeTypeError = makeTypeError;
internals.makeRangeError = makeRangeError;
internals.makeDOMException = makeDOMException;
internals.createDOMException = createDOMException;
internals.registerBrand = registerBrand;
internals.isBrand = isBrand;
internals.brandCheck = brandCheck;
internals.kInternalConstruct = kInternalConstruct;
internals.markResourceType = markResourceType;
internals.resourceTypes = resourceTypes;
internals.illegalConstructor = illegalConstructor;
internals.webidl = {
  requiredArguments,
  argumentTypeError,
  constructorArgumentTypeError,
  fieldTypeError,
  toWellFormed,
  isArrayBuffer,
  isArrayBufferView,
  isTypedArray,
  isUint8Array,
  isBufferSource,
  bufferSourceBytes,
  makeMembersEnumerable,
  converters: {
    DOMString: toDOMString,
    USVString: toUSVString,
    ByteString: toByteString,
    boolean: toBoolean,
    long: toLong,
    'unsigned long': toUnsignedLong,
    'long long': toLongLong,
    'unsigned long long': toUnsignedLongLong,
  },
};

internals.defineGlobal('DOMException', DOMException);
