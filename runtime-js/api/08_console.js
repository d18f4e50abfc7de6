'use strict';
// `console` and internals.inspect(). Values print the way Workers prints them, which is
// Node's util.inspect (workerd formats console.log() with a port of Node's lib/internal/util/
// inspect.js, src/node/internal/internal_inspect.ts). This is a smaller re-implementation of
// the same algorithm: same defaults (depth 2, breakLength 80, compact 3, maxArrayLength 100,
// maxStringLength 10000), same line-breaking and array grouping, same format specifiers.
// Runtime classes (internals.markResourceType) print like workerd's C++ types:
// `Name { getter: value, ... }`, and map-like ones `Name(n) { 'k' => 'v' }`.
//
// Not reproducible without native help, so printed differently from Node:
// - Promise state needs ops.promiseState(p) → [0 pending | 1 fulfilled | 2 rejected, result];
//   without it a promise prints `Promise { <unknown> }`;
// - Proxies are inspected as the objects they pretend to be; Map/Set iterators print without
//   their entries; WeakMap/WeakSet print `{ <items unknown> }` (as in Node).

const {
  ArrayIsArray,
  ArrayPrototypeIncludes,
  ArrayPrototypeIndexOf,
  ArrayPrototypeJoin,
  ArrayPrototypePop,
  ArrayPrototypePush,
  ArrayPrototypeSplice,
  ArrayPrototypeUnshift,
  ArrayBufferPrototypeGetByteLength,
  BigIntPrototypeValueOf,
  BooleanPrototypeValueOf,
  DataViewPrototypeGetByteLength,
  DateNow,
  DatePrototypeGetTime,
  DatePrototypeToISOString,
  DatePrototypeToString,
  Error: ErrorCtor,
  ErrorCaptureStackTrace,
  ErrorPrototypeToString,
  FunctionPrototypeCall,
  FunctionPrototypeToString,
  JSONStringify,
  MapPrototypeGetSize,
  MapPrototypeEntries,
  MathFloor,
  MathMax,
  MathMin,
  MathRound,
  MathSqrt,
  NumberIsNaN,
  NumberParseFloat,
  NumberParseInt,
  NumberPrototypeToFixed,
  NumberPrototypeToString,
  NumberPrototypeValueOf,
  ObjectGetOwnPropertyDescriptor,
  ObjectGetOwnPropertyNames,
  ObjectGetOwnPropertySymbols,
  ObjectGetPrototypeOf,
  ObjectIs,
  ObjectKeys,
  ObjectPrototype,
  ObjectPrototypeHasOwnProperty,
  ObjectPrototypePropertyIsEnumerable,
  ObjectPrototypeToString,
  RegExpPrototypeExec,
  RegExpPrototypeToString,
  SafeMap,
  SetPrototypeGetSize,
  SetPrototypeValues,
  String: StringCtor,
  StringPrototypeCharCodeAt,
  StringPrototypeCodePointAt,
  StringPrototypeEndsWith,
  StringPrototypeIncludes,
  StringPrototypeIndexOf,
  StringPrototypePadEnd,
  StringPrototypePadStart,
  StringPrototypeRepeat,
  StringPrototypeReplaceAll,
  StringPrototypeSlice,
  StringPrototypeSplit,
  StringPrototypeStartsWith,
  StringPrototypeToUpperCase,
  StringPrototypeValueOf,
  SymbolIterator,
  SymbolPrototypeToString,
  SymbolPrototypeValueOf,
  SymbolToStringTag,
  TypedArrayPrototypeGetLength,
  TypedArrayPrototypeGetSymbolToStringTag,
  Uint8Array: Uint8ArrayCtor,
  WeakMapPrototypeHas,
  WeakSetPrototypeHas,
} = primordials;

const customInspectSymbol = Symbol.for('nodejs.util.inspect.custom');
const stylizeNoColor = (text) => text;
const kObjectType = 0;
const kArrayType = 1;
const kArrayExtrasType = 2;
const kMinLineLength = 16;

const defaultOptions = {
  showHidden: false,
  depth: 2,
  customInspect: true,
  maxArrayLength: 100,
  maxStringLength: 10000,
  breakLength: 80,
  compact: 3,
  sorted: false,
  getters: false,
};

// Global constructor names present when this file loads: "built-in" for Node's purposes.
const builtInObjects = new primordials.SafeSet();
for (const name of ObjectGetOwnPropertyNames(primordials.globalThis)) {
  if (RegExpPrototypeExec(/^[A-Z][a-zA-Z0-9]+$/, name) !== null) builtInObjects.add(name);
}

// ---------------------------------------------------------------------------------------------
// Type tests through saved built-ins (a forged Symbol.toStringTag does not fool them).
const succeeds = (fn, v) => {
  try {
    fn(v);
    return true;
  } catch {
    return false;
  }
};
const isMap = (v) => succeeds(MapPrototypeGetSize, v);
const isSet = (v) => succeeds(SetPrototypeGetSize, v);
const isWeakMap = (v) => succeeds(WeakMapPrototypeHas, v);
const isWeakSet = (v) => succeeds(WeakSetPrototypeHas, v);
const isDate = (v) => succeeds(DatePrototypeGetTime, v);
const isRegExp = (v) => succeeds(primordials.RegExpPrototypeGetSource, v);
const isArrayBuffer = (v) => ops.isArrayBuffer(v);
const isDataView = (v) => succeeds(DataViewPrototypeGetByteLength, v);
const isTypedArray = (v) => TypedArrayPrototypeGetSymbolToStringTag(v) !== undefined;
const isNumberObject = (v) => succeeds(NumberPrototypeValueOf, v);
const isStringObject = (v) => succeeds(StringPrototypeValueOf, v);
const isBooleanObject = (v) => succeeds(BooleanPrototypeValueOf, v);
const isBigIntObject = (v) => succeeds(BigIntPrototypeValueOf, v);
const isSymbolObject = (v) => succeeds(SymbolPrototypeValueOf, v);
const isBoxedPrimitive = (v) => isNumberObject(v) || isStringObject(v) || isBooleanObject(v) ||
  isBigIntObject(v) || isSymbolObject(v);
const isError = (v) => v instanceof ErrorCtor || ObjectPrototypeToString(v) === '[object Error]';
const isPromise = (v) => v instanceof primordials.Promise ||
  ObjectPrototypeToString(v) === '[object Promise]';
const isArguments = (v) => ObjectPrototypeToString(v) === '[object Arguments]';
// For node:util's types (64_node_util_types.js).
internals.typeTests = {
  isMap, isSet, isWeakMap, isWeakSet, isDate, isRegExp, isArrayBuffer, isDataView, isTypedArray,
  isNumberObject, isStringObject, isBooleanObject, isBigIntObject, isSymbolObject,
  isBoxedPrimitive, isError, isPromise, isArguments,
};

// ---------------------------------------------------------------------------------------------
// Strings.

// What needs escaping: control characters, backslash, lone surrogates, and the single quote
// unless another quote character is used.
const kLoneSurrogate =
  '[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]';
const kEscapeTest = new primordials.RegExp(`[\\x00-\\x1f\\x27\\x5c\\x7f-\\x9f]|${kLoneSurrogate}`);
const kEscapeTestSingle = new primordials.RegExp(`[\\x00-\\x1f\\x5c\\x7f-\\x9f]|${kLoneSurrogate}`);
const kKeyStr = /^[a-zA-Z_][a-zA-Z_0-9]*$/;
const kNumberStr = /^(0|[1-9][0-9]*)$/;
const kNamedEscapes = {
  8: '\\b', 9: '\\t', 10: '\\n', 12: '\\f', 13: '\\r', 39: "\\'", 92: '\\\\',
};
const hex2 = (c) => StringPrototypePadStart(NumberPrototypeToString(c, 16), 2, '0');
const escapeCode = (c) => {
  if (kNamedEscapes[c] !== undefined) return kNamedEscapes[c];
  return `\\x${StringPrototypeToUpperCase(hex2(c))}`;
};
// Escapes control characters, backslash, lone surrogates and (optionally) the single quote,
// like Node's meta table. A loop, not a regexp replace, so a patched RegExp.prototype.exec
// cannot reach it.
const escapeString = (str, escapeSingleQuote) => {
  let result = '';
  let last = 0;
  const n = str.length;
  for (let i = 0; i < n; i++) {
    const c = StringPrototypeCharCodeAt(str, i);
    if ((c === 39 && escapeSingleQuote) || c === 92 || c < 32 || (c > 126 && c < 160)) {
      result += StringPrototypeSlice(str, last, i) + escapeCode(c);
      last = i + 1;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      if (c <= 0xdbff && i + 1 < n) {
        const d = StringPrototypeCharCodeAt(str, i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          i++;
          continue;
        }
      }
      result += `${StringPrototypeSlice(str, last, i)}\\u${NumberPrototypeToString(c, 16)}`;
      last = i + 1;
    }
  }
  return last === 0 ? str : result + StringPrototypeSlice(str, last);
};

// Quote with ', or " / ` when that avoids escaping, and escape what cannot print.
const strEscape = (str) => {
  let test = kEscapeTest;
  let quote = "'";
  if (StringPrototypeIncludes(str, "'")) {
    if (!StringPrototypeIncludes(str, '"')) quote = '"';
    else if (!StringPrototypeIncludes(str, '`') && !StringPrototypeIncludes(str, '${')) quote = '`';
    if (quote !== "'") test = kEscapeTestSingle;
  }
  if (RegExpPrototypeExec(test, str) !== null) str = escapeString(str, quote === "'");
  return `${quote}${str}${quote}`;
};

// Display width: East Asian wide characters count 2, combining/control ones 0.
const isFullWidth = (code) => code >= 0x1100 && (code <= 0x115f || code === 0x2329 ||
  code === 0x232a || (code >= 0x2e80 && code <= 0x3247 && code !== 0x303f) ||
  (code >= 0x3250 && code <= 0x4dbf) || (code >= 0x4e00 && code <= 0xa4c6) ||
  (code >= 0xa960 && code <= 0xa97c) || (code >= 0xac00 && code <= 0xd7a3) ||
  (code >= 0xf900 && code <= 0xfaff) || (code >= 0xfe10 && code <= 0xfe19) ||
  (code >= 0xfe30 && code <= 0xfe6b) || (code >= 0xff01 && code <= 0xff60) ||
  (code >= 0xffe0 && code <= 0xffe6) || (code >= 0x1b000 && code <= 0x1b001) ||
  (code >= 0x1f200 && code <= 0x1f251) || (code >= 0x1f300 && code <= 0x1f64f) ||
  (code >= 0x20000 && code <= 0x3fffd));
const isZeroWidth = (code) => code <= 0x1f || (code >= 0x7f && code <= 0x9f) ||
  (code >= 0x300 && code <= 0x36f) || (code >= 0x200b && code <= 0x200f) ||
  (code >= 0x20d0 && code <= 0x20ff) || (code >= 0xfe00 && code <= 0xfe0f) ||
  (code >= 0xfe20 && code <= 0xfe2f) || (code >= 0xe0100 && code <= 0xe01ef);
const getStringWidth = (str) => {
  let width = 0;
  for (let i = 0; i < str.length; i++) {
    const code = StringPrototypeCodePointAt(str, i);
    if (code > 0xffff) i++;
    if (isFullWidth(code)) width += 2;
    else if (!isZeroWidth(code)) width++;
  }
  return width;
};

// ---------------------------------------------------------------------------------------------
// Primitives.

const formatNumber = (n) => (ObjectIs(n, -0) ? '-0' : `${n}`);

const formatPrimitive = (ctx, value) => {
  switch (typeof value) {
    case 'string': {
      let trailer = '';
      if (value.length > ctx.maxStringLength) {
        const remaining = value.length - ctx.maxStringLength;
        value = StringPrototypeSlice(value, 0, ctx.maxStringLength);
        trailer = `... ${remaining} more character${remaining > 1 ? 's' : ''}`;
      }
      if (ctx.compact !== true && value.length > kMinLineLength &&
          value.length > ctx.breakLength - ctx.indentationLvl - 4) {
        // One quoted piece per line, each keeping its newline.
        const lines = [];
        let start = 0;
        while (start < value.length) {
          const nl = StringPrototypeIndexOf(value, '\n', start);
          const end = nl === -1 ? value.length : nl + 1;
          ArrayPrototypePush(lines, strEscape(StringPrototypeSlice(value, start, end)));
          start = end;
        }
        return ArrayPrototypeJoin(lines,
          ` +\n${StringPrototypeRepeat(' ', ctx.indentationLvl + 2)}`) + trailer;
      }
      return strEscape(value) + trailer;
    }
    case 'number': return formatNumber(value);
    case 'bigint': return `${value}n`;
    case 'boolean': return `${value}`;
    case 'undefined': return 'undefined';
    default: return SymbolPrototypeToString(value); // symbol
  }
};

// ---------------------------------------------------------------------------------------------
// Objects.

const isInstanceof = (obj, ctor) => {
  try {
    return obj instanceof ctor;
  } catch {
    return false;
  }
};

// The name of the nearest constructor in the prototype chain, or null for a null prototype.
const getConstructorName = (obj) => {
  const start = obj;
  let firstProto;
  while (obj !== null) {
    const desc = ObjectGetOwnPropertyDescriptor(obj, 'constructor');
    if (desc !== undefined && typeof desc.value === 'function' && desc.value.name !== '' &&
        isInstanceof(start, desc.value)) {
      return StringCtor(desc.value.name);
    }
    obj = ObjectGetPrototypeOf(obj);
    if (firstProto === undefined) firstProto = obj;
  }
  if (firstProto === null) return null;
  const inner = getConstructorName(firstProto);
  return `Object <${inner === null ? '[Object: null prototype] {}' : inner}>`;
};

const getPrefix = (constructor, tag, fallback, size = '') => {
  if (constructor === null) {
    if (tag !== '' && fallback !== tag) return `[${fallback}${size}: null prototype] [${tag}] `;
    return `[${fallback}${size}: null prototype] `;
  }
  if (tag !== '' && constructor !== tag) return `${constructor}${size} [${tag}] `;
  return `${constructor}${size} `;
};

const getKeys = (value, showHidden) => {
  const symbols = ObjectGetOwnPropertySymbols(value);
  let keys;
  if (showHidden) {
    keys = ObjectGetOwnPropertyNames(value);
    for (let i = 0; i < symbols.length; i++) ArrayPrototypePush(keys, symbols[i]);
  } else {
    try {
      keys = ObjectKeys(value);
    } catch {
      keys = ObjectGetOwnPropertyNames(value); // uninitialised module namespace
    }
    for (let i = 0; i < symbols.length; i++) {
      if (ObjectPrototypePropertyIsEnumerable(value, symbols[i])) {
        ArrayPrototypePush(keys, symbols[i]);
      }
    }
  }
  return keys;
};

// Own keys of an array-like that are not indices.
const getNonIndexKeys = (value, showHidden) => {
  const all = getKeys(value, showHidden);
  const keys = [];
  for (let i = 0; i < all.length; i++) {
    const k = all[i];
    if (typeof k === 'string' && RegExpPrototypeExec(kNumberStr, k) !== null &&
        +k < 2 ** 32 - 1) continue;
    ArrayPrototypePush(keys, k);
  }
  return keys;
};

const getCtxStyle = (constructor, tag) => getPrefix(constructor, tag, 'Object');

const getFunctionBase = (value, constructor, tag) => {
  const source = FunctionPrototypeToString(value);
  if (StringPrototypeStartsWith(source, 'class') && StringPrototypeEndsWith(source, '}')) {
    const hasName = ObjectPrototypeHasOwnProperty(value, 'name');
    let base = `class ${(hasName && value.name) || '(anonymous)'}`;
    if (constructor !== 'Function' && constructor !== null) base += ` [${constructor}]`;
    if (tag !== '' && constructor !== tag) base += ` [${tag}]`;
    if (constructor !== null) {
      const superName = ObjectGetPrototypeOf(value).name;
      if (superName) base += ` extends ${superName}`;
    } else {
      base += ' extends [null prototype]';
    }
    return `[${base}]`;
  }
  const kind = ObjectPrototypeToString(value);
  let type = 'Function';
  if (kind === '[object GeneratorFunction]') type = 'GeneratorFunction';
  else if (kind === '[object AsyncFunction]') type = 'AsyncFunction';
  else if (kind === '[object AsyncGeneratorFunction]') type = 'AsyncGeneratorFunction';
  let base = `[${type}`;
  if (constructor === null) base += ' (null prototype)';
  base += value.name === '' ? ' (anonymous)' : `: ${value.name}`;
  base += ']';
  if (constructor !== type && constructor !== null && constructor !== 'Function') {
    base += ` ${constructor}`;
  }
  if (tag !== '' && constructor !== tag) base += ` [${tag}]`;
  return base;
};

const getBoxedBase = (value, ctx, keys, constructor, tag) => {
  let type;
  let primitive;
  if (isNumberObject(value)) {
    type = 'Number';
    primitive = NumberPrototypeValueOf(value);
  } else if (isStringObject(value)) {
    type = 'String';
    primitive = StringPrototypeValueOf(value);
    ArrayPrototypeSplice(keys, 0, primitive.length);
  } else if (isBooleanObject(value)) {
    type = 'Boolean';
    primitive = BooleanPrototypeValueOf(value);
  } else if (isBigIntObject(value)) {
    type = 'BigInt';
    primitive = BigIntPrototypeValueOf(value);
  } else {
    type = 'Symbol';
    primitive = SymbolPrototypeValueOf(value);
  }
  let base = `[${type}`;
  if (type !== constructor) {
    base += constructor === null ? ' (null prototype)' : ` (${constructor})`;
  }
  base += `: ${formatPrimitive({ ...ctx, compact: true }, primitive)}]`;
  if (tag !== '' && tag !== constructor) base += ` [${tag}]`;
  return base;
};

// Node's improveStack: make the first line name the real class, e.g. `TypeError [ERR_X]`.
const improveStack = (stack, constructor, name, tag) => {
  let len = name.length;
  if (constructor === null || (StringPrototypeEndsWith(name, 'Error') &&
      StringPrototypeStartsWith(stack, name) &&
      (stack.length === len || stack[len] === ':' || stack[len] === '\n'))) {
    let fallback = 'Error';
    if (constructor === null) {
      const start = RegExpPrototypeExec(/^([A-Z][a-z_ A-Z0-9[\]()-]+)(?::|\n {4}at)/, stack) ||
        RegExpPrototypeExec(/^([a-z_A-Z0-9-]*Error)$/, stack);
      fallback = (start && start[1]) || '';
      len = fallback.length;
      fallback = fallback || 'Error';
    }
    const prefix = StringPrototypeSlice(getPrefix(constructor, tag, fallback), 0, -1);
    if (name !== prefix) {
      if (StringPrototypeIncludes(prefix, name)) {
        stack = len === 0 ? `${prefix}: ${stack}` : `${prefix}${StringPrototypeSlice(stack, len)}`;
      } else {
        stack = `${prefix} [${name}]${StringPrototypeSlice(stack, len)}`;
      }
    }
  }
  return stack;
};

// Frames an error shares with its `cause` are summarised, as Node does.
const identicalSequenceRange = (a, b) => {
  for (let i = 0; i < a.length - 3; i++) {
    const pos = ArrayPrototypeIndexOf(b, a[i]);
    if (pos !== -1) {
      const rest = b.length - pos;
      if (rest > 3) {
        let len = 1;
        const maxLen = MathMin(a.length - i, rest);
        while (maxLen > len && a[i + len] === b[pos + len]) len++;
        if (len > 3) return { len, offset: i };
      }
    }
  }
  return { len: 0, offset: 0 };
};
const removeCauseFrames = (err, frames) => {
  let cause;
  try {
    cause = err.cause;
  } catch {
    return frames;
  }
  if (cause === null || typeof cause !== 'object' || !isError(cause)) return frames;
  const causeStack = cause.stack ? StringCtor(cause.stack) : ErrorPrototypeToString(cause);
  const start = StringPrototypeIndexOf(causeStack, '\n    at');
  if (start === -1) return frames;
  const causeFrames = StringPrototypeSplit(StringPrototypeSlice(causeStack, start + 1), '\n');
  const { len, offset } = identicalSequenceRange(frames, causeFrames);
  if (len > 0) {
    const skipped = len - 2;
    ArrayPrototypeSplice(frames, offset + 1, skipped,
      `    ... ${skipped} lines matching cause stack trace ...`);
  }
  return frames;
};

const kErrorKeys = ['name', 'message', 'stack'];
const kDOMExceptionKeys = ['name', 'message', 'code'];
const formatError = (err, constructor, tag, ctx, keys) => {
  const name = err.name != null ? StringCtor(err.name) : 'Error';
  let stack = err.stack ? StringCtor(err.stack) : ErrorPrototypeToString(err);
  if (!ctx.showHidden && keys.length !== 0) {
    for (let k = 0; k < kErrorKeys.length; k++) {
      const i = ArrayPrototypeIndexOf(keys, kErrorKeys[k]);
      if (i !== -1 && StringPrototypeIncludes(stack, err[kErrorKeys[k]])) {
        ArrayPrototypeSplice(keys, i, 1);
      }
    }
  }
  if (internals.DOMException !== undefined && err instanceof internals.DOMException) {
    // Its stack starts "Error: message" (as in workerd); show the class and name instead.
    for (let k = 0; k < kDOMExceptionKeys.length; k++) {
      const i = ArrayPrototypeIndexOf(keys, kDOMExceptionKeys[k]);
      if (i !== -1) ArrayPrototypeSplice(keys, i, 1);
    }
    const nl = StringPrototypeIndexOf(stack, '\n    at');
    const rest = nl === -1 ? '' : StringPrototypeSlice(stack, nl);
    const message = StringCtor(err.message);
    const header = `${constructor ?? 'DOMException'} [${name}]`;
    stack = `${header}${message === '' ? '' : `: ${message}`}${rest}`;
  } else {
    stack = improveStack(stack, constructor, name, tag);
  }
  if ('cause' in err && !ArrayPrototypeIncludes(keys, 'cause')) ArrayPrototypePush(keys, 'cause');
  if (ArrayIsArray(err.errors) && !ArrayPrototypeIncludes(keys, 'errors')) {
    ArrayPrototypePush(keys, 'errors');
  }
  let pos = (err.message && StringPrototypeIndexOf(stack, err.message)) || -1;
  if (pos !== -1) pos += err.message.length;
  const stackStart = StringPrototypeIndexOf(stack, '\n    at', pos);
  if (stackStart === -1) {
    stack = `[${stack}]`;
  } else {
    const frames = removeCauseFrames(err,
      StringPrototypeSplit(StringPrototypeSlice(stack, stackStart + 1), '\n'));
    stack = `${StringPrototypeSlice(stack, 0, stackStart)}\n${ArrayPrototypeJoin(frames, '\n')}`;
  }
  if (ctx.indentationLvl !== 0) {
    stack = indentLines(stack, ctx.indentationLvl);
  }
  return stack;
};

const moreItems = (n) => `... ${n} more item${n > 1 ? 's' : ''}`;
const emptyItems = (n) => `<${n} empty item${n > 1 ? 's' : ''}>`;
const indentLines = (text, n) =>
  StringPrototypeReplaceAll(text, '\n', `\n${StringPrototypeRepeat(' ', n)}`);

const formatArrayBuffer = (ctx, value) => {
  const bytes = new Uint8ArrayCtor(value);
  const n = MathMin(ctx.maxArrayLength, bytes.length);
  let str = '';
  for (let i = 0; i < n; i++) str += (i === 0 ? '' : ' ') + hex2(bytes[i]);
  const remaining = bytes.length - ctx.maxArrayLength;
  if (remaining > 0) str += ` ... ${remaining} more byte${remaining > 1 ? 's' : ''}`;
  return [`[Uint8Contents]: <${str}>`];
};

const formatArray = (ctx, value, recurseTimes) => {
  const valLen = value.length;
  const len = MathMin(MathMax(0, ctx.maxArrayLength), valLen);
  const output = [];
  let i = 0;
  for (; i < len; i++) {
    if (!ObjectPrototypeHasOwnProperty(value, i)) break;
    ArrayPrototypePush(output, formatProperty(ctx, value, recurseTimes, i, kArrayType));
  }
  if (i < len) return formatSparseArray(ctx, value, recurseTimes, len, output, i);
  const remaining = valLen - len;
  if (remaining > 0) ArrayPrototypePush(output, moreItems(remaining));
  return output;
};

const formatSparseArray = (ctx, value, recurseTimes, maxLength, output, i) => {
  const keys = ObjectKeys(value);
  let index = i;
  for (; i < keys.length && output.length < maxLength; i++) {
    const key = keys[i];
    const tmp = +key;
    if (tmp > 2 ** 32 - 2) break;
    if (`${index}` !== key) {
      if (RegExpPrototypeExec(kNumberStr, key) === null) break;
      const empty = tmp - index;
      ArrayPrototypePush(output, emptyItems(empty));
      index = tmp;
      if (output.length === maxLength) break;
    }
    ArrayPrototypePush(output, formatProperty(ctx, value, recurseTimes, key, kArrayType));
    index++;
  }
  const remaining = value.length - index;
  if (output.length !== maxLength) {
    if (remaining > 0) ArrayPrototypePush(output, emptyItems(remaining));
  } else if (remaining > 0) {
    ArrayPrototypePush(output, moreItems(remaining));
  }
  return output;
};

const formatTypedArray = (ctx, value) => {
  const length = TypedArrayPrototypeGetLength(value);
  const maxLength = MathMin(MathMax(0, ctx.maxArrayLength), length);
  const output = [];
  for (let i = 0; i < maxLength; i++) {
    const v = value[i];
    ArrayPrototypePush(output, typeof v === 'bigint' ? `${v}n` : formatNumber(v));
  }
  const remaining = length - maxLength;
  if (remaining > 0) ArrayPrototypePush(output, moreItems(remaining));
  return output;
};

const formatSet = (ctx, value, recurseTimes) => {
  const output = [];
  ctx.indentationLvl += 2;
  const it = SetPrototypeValues(value);
  for (let r = it.next(); !r.done; r = it.next()) {
    ArrayPrototypePush(output, formatValue(ctx, r.value, recurseTimes));
  }
  ctx.indentationLvl -= 2;
  return output;
};

// `entries` is an iterator of [key, value] pairs.
const formatMapEntries = (ctx, entries, recurseTimes) => {
  const output = [];
  ctx.indentationLvl += 2;
  for (let r = entries.next(); !r.done; r = entries.next()) {
    const k = formatValue(ctx, r.value[0], recurseTimes);
    ArrayPrototypePush(output, `${k} => ${formatValue(ctx, r.value[1], recurseTimes)}`);
  }
  ctx.indentationLvl -= 2;
  return output;
};

const formatPromise = (ctx, value, recurseTimes) => {
  if (typeof ops.promiseState !== 'function') return ['<unknown>'];
  const details = ops.promiseState(value);
  const state = details[0];
  const result = details[1];
  if (state === 0) return ['<pending>'];
  ctx.indentationLvl += 2;
  const str = formatValue(ctx, result, recurseTimes);
  ctx.indentationLvl -= 2;
  return [state === 2 ? `<rejected> ${str}` : str];
};

const formatProperty = (ctx, value, recurseTimes, key, type, desc = undefined) => {
  let str;
  desc = desc || ObjectGetOwnPropertyDescriptor(value, key) ||
    { value: value[key], enumerable: true };
  if (desc.value !== undefined) {
    ctx.indentationLvl += 2;
    str = formatValue(ctx, desc.value, recurseTimes);
    ctx.indentationLvl -= 2;
  } else if (desc.get !== undefined) {
    str = desc.set !== undefined ? '[Getter/Setter]' : '[Getter]';
  } else if (desc.set !== undefined) {
    str = '[Setter]';
  } else {
    str = 'undefined';
  }
  if (type === kArrayType) return str;
  let name;
  if (typeof key === 'symbol') {
    name = `[${escapeString(SymbolPrototypeToString(key), true)}]`;
  } else if (key === '__proto__') {
    name = "['__proto__']";
  } else if (desc.enumerable === false) {
    name = `[${escapeString(key, true)}]`;
  } else if (RegExpPrototypeExec(kKeyStr, key) !== null) {
    name = key;
  } else {
    name = strEscape(key);
  }
  return `${name}: ${str}`;
};

const groupArrayElements = (ctx, output, value) => {
  let totalLength = 0;
  let maxLength = 0;
  let outputLength = output.length;
  if (ctx.maxArrayLength < output.length) outputLength--; // keep "... more items" apart
  const separatorSpace = 2;
  const dataLen = [];
  for (let i = 0; i < outputLength; i++) {
    const len = getStringWidth(output[i]);
    dataLen[i] = len;
    totalLength += len + separatorSpace;
    if (maxLength < len) maxLength = len;
  }
  const actualMax = maxLength + separatorSpace;
  if (actualMax * 3 + ctx.indentationLvl < ctx.breakLength &&
      (totalLength / actualMax > 5 || maxLength <= 6)) {
    const averageBias = MathSqrt(actualMax - totalLength / output.length);
    const biasedMax = MathMax(actualMax - 3 - averageBias, 1);
    const columns = MathMin(
      MathRound(MathSqrt(2.5 * biasedMax * outputLength) / biasedMax),
      MathFloor((ctx.breakLength - ctx.indentationLvl) / actualMax),
      ctx.compact * 4,
      15);
    if (columns <= 1) return output;
    const tmp = [];
    const maxLineLength = [];
    for (let i = 0; i < columns; i++) {
      let lineMaxLength = 0;
      for (let j = i; j < output.length; j += columns) {
        if (dataLen[j] > lineMaxLength) lineMaxLength = dataLen[j];
      }
      maxLineLength[i] = lineMaxLength + separatorSpace;
    }
    let order = StringPrototypePadStart;
    if (value !== undefined) {
      for (let i = 0; i < output.length; i++) {
        if (typeof value[i] !== 'number' && typeof value[i] !== 'bigint') {
          order = StringPrototypePadEnd;
          break;
        }
      }
    }
    for (let i = 0; i < outputLength; i += columns) {
      const max = MathMin(i + columns, outputLength);
      let str = '';
      let j = i;
      for (; j < max - 1; j++) {
        const padding = maxLineLength[j - i] + output[j].length - dataLen[j];
        str += order(`${output[j]}, `, padding, ' ');
      }
      if (order === StringPrototypePadStart) {
        const padding = maxLineLength[j - i] + output[j].length - dataLen[j] - separatorSpace;
        str += StringPrototypePadStart(output[j], padding, ' ');
      } else {
        str += output[j];
      }
      ArrayPrototypePush(tmp, str);
    }
    if (ctx.maxArrayLength < output.length) ArrayPrototypePush(tmp, output[outputLength]);
    output = tmp;
  }
  return output;
};

const isBelowBreakLength = (ctx, output, start, base) => {
  let totalLength = output.length + start;
  if (totalLength + output.length > ctx.breakLength) return false;
  for (let i = 0; i < output.length; i++) {
    totalLength += output[i].length;
    if (totalLength > ctx.breakLength) return false;
  }
  return base === '' || !StringPrototypeIncludes(base, '\n');
};

const reduceToSingleString = (ctx, output, base, braces, extrasType, recurseTimes, value) => {
  if (ctx.compact !== true) {
    if (typeof ctx.compact === 'number' && ctx.compact >= 1) {
      const entries = output.length;
      if (extrasType === kArrayExtrasType && entries > 6) {
        output = groupArrayElements(ctx, output, value);
      }
      if (ctx.currentDepth - recurseTimes < ctx.compact && entries === output.length) {
        const start = output.length + ctx.indentationLvl + braces[0].length + base.length + 10;
        if (isBelowBreakLength(ctx, output, start, base)) {
          const joined = ArrayPrototypeJoin(output, ', ');
          if (!StringPrototypeIncludes(joined, '\n')) {
            return `${base ? `${base} ` : ''}${braces[0]} ${joined} ${braces[1]}`;
          }
        }
      }
    }
    const indentation = `\n${StringPrototypeRepeat(' ', ctx.indentationLvl)}`;
    return `${base ? `${base} ` : ''}${braces[0]}${indentation}  ` +
      `${ArrayPrototypeJoin(output, `,${indentation}  `)}${indentation}${braces[1]}`;
  }
  if (isBelowBreakLength(ctx, output, 0, base)) {
    return `${braces[0]}${base ? ` ${base}` : ''} ${ArrayPrototypeJoin(output, ', ')} ${braces[1]}`;
  }
  const indentation = StringPrototypeRepeat(' ', ctx.indentationLvl);
  const ln = base === '' && braces[0].length === 1
    ? ' ' : `${base ? ` ${base}` : ''}\n${indentation}  `;
  return `${braces[0]}${ln}${ArrayPrototypeJoin(output, `,\n${indentation}  `)} ${braces[1]}`;
};

// workerd's formatJsgResourceType: the instance's and its prototypes' non-function properties
// (getters included), map-like entries when there is an entries() method, then `extra` lines.
const findResourceType = (value) => {
  for (let p = ObjectGetPrototypeOf(value); p !== null && p !== ObjectPrototype;
    p = ObjectGetPrototypeOf(p)) {
    const extra = internals.resourceTypes.get(p);
    if (extra !== undefined) return { extra };
  }
  return undefined;
};

// Constants such as Event.NONE sit on the prototype too; workerd leaves them out.
const isStaticConstant = (ctor, key) => {
  for (let c = ctor; typeof c === 'function'; c = ObjectGetPrototypeOf(c)) {
    if (ObjectPrototypePropertyIsEnumerable(c, key)) return true;
  }
  return false;
};

const formatResource = (ctx, value, recurseTimes, resource) => {
  const ctor = value.constructor;
  const name = typeof ctor === 'function' ? ctor.name : 'Object';
  if (ctx.depth !== null && recurseTimes > ctx.depth) return `[${name}]`;
  let entries;
  if (typeof value.entries === 'function') {
    try {
      const it = value.entries();
      entries = [];
      for (let r = it.next(); !r.done; r = it.next()) {
        if (!ArrayIsArray(r.value) || r.value.length !== 2) {
          entries = undefined;
          break;
        }
        ArrayPrototypePush(entries, r.value);
      }
    } catch {
      entries = undefined;
    }
  }
  const props = [];
  const seenKeys = new primordials.SafeSet();
  for (let p = value; p !== null && p !== ObjectPrototype; p = ObjectGetPrototypeOf(p)) {
    const names = ObjectGetOwnPropertyNames(p);
    for (let i = 0; i < names.length; i++) {
      const key = names[i];
      if (seenKeys.has(key)) continue;
      seenKeys.add(key);
      let v;
      try {
        v = value[key];
      } catch {
        continue;
      }
      if (typeof v === 'function' || isStaticConstant(ctor, key)) continue;
      ArrayPrototypePush(props, [key, v]);
    }
  }
  recurseTimes += 1;
  ArrayPrototypePush(ctx.seen, value);
  ctx.currentDepth = recurseTimes;
  let output = [];
  if (entries !== undefined) {
    output = formatMapEntries(ctx, entries[SymbolIterator](), recurseTimes);
  }
  for (let i = 0; i < props.length; i++) {
    ArrayPrototypePush(output, formatProperty(ctx, props[i][1], recurseTimes, props[i][0],
      kObjectType, { value: props[i][1], enumerable: true }));
  }
  if (resource.extra !== null) {
    const extraKeys = ObjectKeys(resource.extra);
    for (let i = 0; i < extraKeys.length; i++) {
      const key = extraKeys[i];
      ArrayPrototypePush(output, formatProperty(ctx, null, recurseTimes, key, kObjectType,
        { value: resource.extra[key](value), enumerable: false }));
    }
  }
  ArrayPrototypePop(ctx.seen);
  const prefix = entries !== undefined ? `${name}(${entries.length}) ` : `${name} `;
  if (output.length === 0) return `${prefix}{}`;
  return reduceToSingleString(ctx, output, '', [`${prefix}{`, '}'], kObjectType, recurseTimes,
    value);
};

function formatValue(ctx, value, recurseTimes, typedArray = false) {
  if (typeof value !== 'object' && typeof value !== 'function') return formatPrimitive(ctx, value);
  if (value === null) return 'null';
  if (ctx.customInspect) {
    const custom = value[customInspectSymbol];
    if (typeof custom === 'function' && custom !== inspect &&
        !(value.constructor && value.constructor.prototype === value)) {
      const depth = ctx.depth === null ? null : ctx.depth - recurseTimes;
      // Node passes the effective options plus a stylize() that custom inspectors may call.
      const options = {
        showHidden: ctx.showHidden, depth: ctx.depth, colors: false,
        customInspect: ctx.customInspect, maxArrayLength: ctx.maxArrayLength,
        maxStringLength: ctx.maxStringLength, breakLength: ctx.breakLength,
        compact: ctx.compact, sorted: ctx.sorted, getters: ctx.getters,
        ...ctx.userOptions,
        stylize: stylizeNoColor,
      };
      const ret = FunctionPrototypeCall(custom, value, depth, options, inspect);
      if (ret !== value) {
        if (typeof ret !== 'string') return formatValue(ctx, ret, recurseTimes);
        return indentLines(ret, ctx.indentationLvl);
      }
    }
  }
  if (ArrayPrototypeIncludes(ctx.seen, value)) {
    let index = 1;
    if (ctx.circular === undefined) {
      ctx.circular = new SafeMap();
      ctx.circular.set(value, index);
    } else {
      index = ctx.circular.get(value);
      if (index === undefined) {
        index = ctx.circular.size + 1;
        ctx.circular.set(value, index);
      }
    }
    return `[Circular *${index}]`;
  }
  const resource = findResourceType(value);
  if (resource !== undefined && !isError(value)) {
    return formatResource(ctx, value, recurseTimes, resource);
  }
  return formatRaw(ctx, value, recurseTimes, typedArray);
}

function formatRaw(ctx, value, recurseTimes, typedArray) {
  const constructor = getConstructorName(value);
  let tag = value[SymbolToStringTag];
  // Only a tag that is not an own enumerable property is shown (otherwise it prints twice).
  const ownTag = ctx.showHidden
    ? ObjectPrototypeHasOwnProperty : ObjectPrototypePropertyIsEnumerable;
  if (typeof tag !== 'string' || (tag !== '' && ownTag(value, SymbolToStringTag))) {
    tag = '';
  }
  let base = '';
  let formatter = () => [];
  let braces;
  let keys;
  let extrasType = kObjectType;
  let noIterator = true;

  if (SymbolIterator in value || constructor === null) {
    noIterator = false;
    if (ArrayIsArray(value)) {
      const prefix = (constructor !== 'Array' || tag !== '')
        ? getPrefix(constructor, tag, 'Array', `(${value.length})`) : '';
      keys = getNonIndexKeys(value, ctx.showHidden);
      braces = [`${prefix}[`, ']'];
      if (value.length === 0 && keys.length === 0) return `${braces[0]}]`;
      extrasType = kArrayExtrasType;
      formatter = formatArray;
    } else if (isSet(value)) {
      const size = SetPrototypeGetSize(value);
      const prefix = getPrefix(constructor, tag, 'Set', `(${size})`);
      keys = getKeys(value, ctx.showHidden);
      formatter = formatSet;
      if (size === 0 && keys.length === 0) return `${prefix}{}`;
      braces = [`${prefix}{`, '}'];
    } else if (isMap(value)) {
      const size = MapPrototypeGetSize(value);
      const prefix = getPrefix(constructor, tag, 'Map', `(${size})`);
      keys = getKeys(value, ctx.showHidden);
      formatter = (c, v, r) => formatMapEntries(c, MapPrototypeEntries(v), r);
      if (size === 0 && keys.length === 0) return `${prefix}{}`;
      braces = [`${prefix}{`, '}'];
    } else if (isTypedArray(value)) {
      keys = getNonIndexKeys(value, ctx.showHidden);
      const size = TypedArrayPrototypeGetLength(value);
      const fallback = constructor === null ? TypedArrayPrototypeGetSymbolToStringTag(value) : '';
      const prefix = getPrefix(constructor, tag, fallback, `(${size})`);
      braces = [`${prefix}[`, ']'];
      if (size === 0 && keys.length === 0 && !ctx.showHidden) return `${braces[0]}]`;
      formatter = formatTypedArray;
      extrasType = kArrayExtrasType;
    } else {
      noIterator = true;
    }
  }
  if (noIterator) {
    keys = getKeys(value, ctx.showHidden);
    braces = ['{', '}'];
    if (constructor === 'Object') {
      if (isArguments(value)) braces[0] = '[Arguments] {';
      else if (tag !== '') braces[0] = `${getPrefix(constructor, tag, 'Object')}{`;
      if (keys.length === 0) return `${braces[0]}}`;
    } else if (typeof value === 'function') {
      base = getFunctionBase(value, constructor, tag);
      if (keys.length === 0) return base;
    } else if (isRegExp(value)) {
      base = RegExpPrototypeToString(value);
      const prefix = getPrefix(constructor, tag, 'RegExp');
      if (prefix !== 'RegExp ') base = `${prefix}${base}`;
      if (keys.length === 0 || (ctx.depth !== null && recurseTimes > ctx.depth)) return base;
    } else if (isDate(value)) {
      base = NumberIsNaN(DatePrototypeGetTime(value))
        ? DatePrototypeToString(value) : DatePrototypeToISOString(value);
      const prefix = getPrefix(constructor, tag, 'Date');
      if (prefix !== 'Date ') base = `${prefix}${base}`;
      if (keys.length === 0) return base;
    } else if (isError(value)) {
      base = formatError(value, constructor, tag, ctx, keys);
      if (keys.length === 0) return base;
    } else if (isArrayBuffer(value)) {
      const prefix = getPrefix(constructor, tag, 'ArrayBuffer');
      if (!typedArray) {
        formatter = formatArrayBuffer;
      } else if (keys.length === 0) {
        return `${prefix}{ byteLength: ${formatNumber(ArrayBufferPrototypeGetByteLength(value))} }`;
      }
      braces[0] = `${prefix}{`;
      ArrayPrototypeUnshift(keys, 'byteLength');
    } else if (isDataView(value)) {
      braces[0] = `${getPrefix(constructor, tag, 'DataView')}{`;
      ArrayPrototypeUnshift(keys, 'byteLength', 'byteOffset', 'buffer');
    } else if (isPromise(value)) {
      braces[0] = `${getPrefix(constructor, tag, 'Promise')}{`;
      formatter = formatPromise;
    } else if (isWeakSet(value)) {
      braces[0] = `${getPrefix(constructor, tag, 'WeakSet')}{`;
      formatter = () => ['<items unknown>'];
    } else if (isWeakMap(value)) {
      braces[0] = `${getPrefix(constructor, tag, 'WeakMap')}{`;
      formatter = () => ['<items unknown>'];
    } else if (constructor === null && tag === 'Module') {
      braces[0] = '[Module: null prototype] {';
    } else if (isBoxedPrimitive(value)) {
      base = getBoxedBase(value, ctx, keys, constructor, tag);
      if (keys.length === 0) return base;
    } else {
      if (keys.length === 0) return `${getCtxStyle(constructor, tag)}{}`;
      braces[0] = `${getCtxStyle(constructor, tag)}{`;
    }
  }

  if (ctx.depth !== null && recurseTimes > ctx.depth) {
    let name = StringPrototypeSlice(getCtxStyle(constructor, tag), 0, -1);
    if (constructor !== null) name = `[${name}]`;
    return name;
  }
  recurseTimes += 1;
  ArrayPrototypePush(ctx.seen, value);
  ctx.currentDepth = recurseTimes;
  let output;
  try {
    output = formatter(ctx, value, recurseTimes);
    for (let i = 0; i < keys.length; i++) {
      let desc;
      if (braces[0] === '[Module: null prototype] {') {
        try {
          desc = ObjectGetOwnPropertyDescriptor(value, keys[i]);
        } catch {
          desc = { value: undefined, enumerable: true };
          ArrayPrototypePush(output, `${keys[i]}: <uninitialized>`);
          continue;
        }
      }
      ArrayPrototypePush(output,
        formatProperty(ctx, value, recurseTimes, keys[i], extrasType, desc));
    }
  } catch (err) {
    ArrayPrototypePop(ctx.seen);
    if (err instanceof primordials.RangeError &&
        StringPrototypeIncludes(`${err.message}`, 'call stack')) {
      const name = StringPrototypeSlice(getCtxStyle(constructor, tag), 0, -1);
      return `[${name}: Inspection interrupted ` +
        'prematurely. Maximum call stack size exceeded.]';
    }
    throw err;
  }
  if (ctx.circular !== undefined) {
    const index = ctx.circular.get(value);
    if (index !== undefined) {
      const reference = `<ref *${index}>`;
      if (ctx.compact !== true) base = base === '' ? reference : `${reference} ${base}`;
      else braces[0] = `${reference} ${braces[0]}`;
    }
  }
  ArrayPrototypePop(ctx.seen);
  if (ctx.sorted && extrasType === kObjectType) primordials.ArrayPrototypeSort(output);
  return reduceToSingleString(ctx, output, base, braces, extrasType, recurseTimes, value);
}

// util.inspect(value, opts) for the options above (no colors).
function inspect(value, opts = undefined) {
  const ctx = {
    ...defaultOptions,
    indentationLvl: 0,
    seen: [],
    currentDepth: 0,
    circular: undefined,
    userOptions: undefined,
  };
  if (opts !== null && typeof opts === 'object') {
    const optKeys = ObjectKeys(opts);
    for (let i = 0; i < optKeys.length; i++) {
      const key = optKeys[i];
      if (ObjectPrototypeHasOwnProperty(defaultOptions, key)) ctx[key] = opts[key];
    }
    ctx.userOptions = opts;
  } else if (typeof opts === 'boolean') {
    ctx.showHidden = opts;
  }
  if (ctx.maxArrayLength === null) ctx.maxArrayLength = Infinity;
  if (ctx.maxStringLength === null) ctx.maxStringLength = Infinity;
  return formatValue(ctx, value, 0);
}
inspect.custom = customInspectSymbol;

// ---------------------------------------------------------------------------------------------
// util.format(): printf-style specifiers, then the remaining arguments inspected.

const hasBuiltInToString = (value) => {
  if (typeof value.toString !== 'function') return true;
  if (ObjectPrototypeHasOwnProperty(value, 'toString')) return false;
  let pointer = value;
  do {
    pointer = ObjectGetPrototypeOf(pointer);
  } while (!ObjectPrototypeHasOwnProperty(pointer, 'toString'));
  const desc = ObjectGetOwnPropertyDescriptor(pointer, 'constructor');
  return desc !== undefined && typeof desc.value === 'function' &&
    builtInObjects.has(desc.value.name);
};

const tryStringify = (arg) => {
  try {
    return JSONStringify(arg);
  } catch (err) {
    if (err instanceof primordials.TypeError &&
        StringPrototypeIncludes(`${err.message}`, 'circular')) {
      return '[Circular]';
    }
    throw err;
  }
};

const formatArgs = (args) => {
  const first = args[0];
  let a = 0;
  let str = '';
  let join = '';
  if (typeof first === 'string') {
    if (args.length === 1) return first;
    let tempStr;
    let lastPos = 0;
    for (let i = 0; i < first.length - 1; i++) {
      if (StringPrototypeCharCodeAt(first, i) !== 37) continue; // '%'
      const nextChar = StringPrototypeCharCodeAt(first, ++i);
      if (a + 1 !== args.length) {
        switch (nextChar) {
          case 115: { // 's'
            const arg = args[++a];
            if (typeof arg === 'number') tempStr = formatNumber(arg);
            else if (typeof arg === 'bigint') tempStr = `${arg}n`;
            else if (typeof arg !== 'object' || arg === null) tempStr = StringCtor(arg);
            else if (!hasBuiltInToString(arg)) tempStr = StringCtor(arg);
            else tempStr = inspect(arg, { depth: 0, compact: 3 });
            break;
          }
          case 106: tempStr = tryStringify(args[++a]); break; // 'j'
          case 100: { // 'd'
            const n = args[++a];
            if (typeof n === 'bigint') tempStr = `${n}n`;
            else if (typeof n === 'symbol') tempStr = 'NaN';
            else tempStr = formatNumber(primordials.Number(n));
            break;
          }
          case 79: tempStr = inspect(args[++a]); break; // 'O'
          case 111: tempStr = inspect(args[++a], { showHidden: true, depth: 4 }); break; // 'o'
          case 105: { // 'i'
            const n = args[++a];
            if (typeof n === 'bigint') tempStr = `${n}n`;
            else if (typeof n === 'symbol') tempStr = 'NaN';
            else tempStr = formatNumber(NumberParseInt(n));
            break;
          }
          case 102: { // 'f'
            const n = args[++a];
            tempStr = typeof n === 'symbol' ? 'NaN' : formatNumber(NumberParseFloat(n));
            break;
          }
          case 99: a += 1; tempStr = ''; break; // 'c': CSS is ignored
          case 37: // '%%'
            str += StringPrototypeSlice(first, lastPos, i);
            lastPos = i + 1;
            continue;
          default:
            continue;
        }
        if (lastPos !== i - 1) str += StringPrototypeSlice(first, lastPos, i - 1);
        str += tempStr;
        lastPos = i + 1;
      } else if (nextChar === 37) {
        str += StringPrototypeSlice(first, lastPos, i);
        lastPos = i + 1;
      }
    }
    if (lastPos !== 0) {
      a++;
      join = ' ';
      if (lastPos < first.length) str += StringPrototypeSlice(first, lastPos);
    }
  }
  while (a < args.length) {
    const value = args[a];
    str += join;
    str += typeof value !== 'string' ? inspect(value) : value;
    join = ' ';
    a++;
  }
  return str;
};

// ---------------------------------------------------------------------------------------------
// console.table (Node's cli_table).

const renderRow = (row, widths) => {
  let out = '│ ';
  for (let i = 0; i < row.length; i++) {
    const cell = row[i];
    const needed = (widths[i] - getStringWidth(cell)) / 2;
    out += StringPrototypeRepeat(' ', needed) + cell +
      StringPrototypeRepeat(' ', primordials.MathCeil(needed));
    if (i !== row.length - 1) out += ' │ ';
  }
  return `${out} │`;
};

const renderTable = (head, columns) => {
  const rows = [];
  const widths = [];
  for (let i = 0; i < head.length; i++) widths[i] = getStringWidth(head[i]);
  let longest = 0;
  for (let i = 0; i < columns.length; i++) longest = MathMax(longest, columns[i].length);
  for (let i = 0; i < head.length; i++) {
    const column = columns[i];
    for (let j = 0; j < longest; j++) {
      if (rows[j] === undefined) rows[j] = [];
      const value = rows[j][i] = ObjectPrototypeHasOwnProperty(column, j) ? column[j] : '';
      widths[i] = MathMax(widths[i] || 0, getStringWidth(value));
    }
  }
  const divider = [];
  for (let i = 0; i < widths.length; i++) divider[i] = StringPrototypeRepeat('─', widths[i] + 2);
  let result = `┌${ArrayPrototypeJoin(divider, '┬')}┐\n${renderRow(head, widths)}\n` +
    `├${ArrayPrototypeJoin(divider, '┼')}┤\n`;
  for (let i = 0; i < rows.length; i++) result += `${renderRow(rows[i], widths)}\n`;
  return `${result}└${ArrayPrototypeJoin(divider, '┴')}┘`;
};

const tableCell = (v) => {
  const depth = v !== null && typeof v === 'object' && !ArrayIsArray(v) &&
    ObjectKeys(v).length > 2 ? -1 : 0;
  return inspect(v, { depth, maxArrayLength: 3, breakLength: Infinity });
};

const formatTable = (data, properties) => {
  const indexArray = (n) => {
    const out = [];
    for (let i = 0; i < n; i++) out[i] = tableCell(i);
    return out;
  };
  if (isMap(data)) {
    const keys = [];
    const values = [];
    const it = MapPrototypeEntries(data);
    for (let r = it.next(); !r.done; r = it.next()) {
      ArrayPrototypePush(keys, tableCell(r.value[0]));
      ArrayPrototypePush(values, tableCell(r.value[1]));
    }
    return renderTable(['(iteration index)', 'Key', 'Values'],
      [indexArray(keys.length), keys, values]);
  }
  if (isSet(data)) {
    const values = [];
    const it = SetPrototypeValues(data);
    for (let r = it.next(); !r.done; r = it.next()) ArrayPrototypePush(values, tableCell(r.value));
    return renderTable(['(iteration index)', 'Values'], [indexArray(values.length), values]);
  }
  const map = { __proto__: null };
  let hasPrimitives = false;
  const valuesColumn = [];
  const indexColumn = ObjectKeys(data);
  for (let i = 0; i < indexColumn.length; i++) {
    const item = data[indexColumn[i]];
    const primitive = item === null || (typeof item !== 'function' && typeof item !== 'object');
    if (properties === undefined && primitive) {
      hasPrimitives = true;
      valuesColumn[i] = tableCell(item);
    } else {
      const keys = properties || ObjectKeys(item);
      for (let k = 0; k < keys.length; k++) {
        const key = keys[k];
        if (map[key] === undefined) map[key] = [];
        map[key][i] = (primitive && properties) || !ObjectPrototypeHasOwnProperty(item, key)
          ? '' : tableCell(item[key]);
      }
    }
  }
  const head = ObjectKeys(map);
  const columns = [];
  for (let i = 0; i < head.length; i++) columns[i] = map[head[i]];
  if (hasPrimitives) {
    ArrayPrototypePush(head, 'Values');
    ArrayPrototypePush(columns, valuesColumn);
  }
  ArrayPrototypeUnshift(head, '(index)');
  ArrayPrototypeUnshift(columns, indexColumn);
  return renderTable(head, columns);
};

// ---------------------------------------------------------------------------------------------
// The console object.

let groupIndent = '';
const counts = new SafeMap();
const timers = new SafeMap();

// `args`: the call's own arguments, which a live tail (wrangler tail) shows as values.
const emit = (level, text, args = undefined) => {
  if (groupIndent !== '') {
    text = groupIndent + (StringPrototypeIncludes(text, '\n')
      ? StringPrototypeReplaceAll(text, '\n', `\n${groupIndent}`) : text);
  }
  ops.log(level, text, args);
};

const formatDuration = (ms) => {
  if (ms >= 1000) {
    if (ms >= 60000) {
      if (ms >= 3600000) return `${NumberPrototypeToFixed(ms / 3600000, 3)}h`;
      return `${NumberPrototypeToFixed(ms / 60000, 3)}min`;
    }
    return `${NumberPrototypeToFixed(ms / 1000, 3)}s`;
  }
  return `${NumberPrototypeToFixed(ms, 3)}ms`;
};

const console = {
  log(...args) { emit('log', formatArgs(args), args); },
  info(...args) { emit('info', formatArgs(args), args); },
  debug(...args) { emit('debug', formatArgs(args), args); },
  warn(...args) { emit('warn', formatArgs(args), args); },
  error(...args) { emit('error', formatArgs(args), args); },
  dirxml(...args) { emit('log', formatArgs(args)); },
  trace(...args) {
    const err = { name: 'Trace', message: formatArgs(args) };
    ErrorCaptureStackTrace(err, console.trace);
    emit('log', err.stack);
  },
  dir(obj, options = undefined) {
    emit('log', inspect(obj, { customInspect: false, ...options }));
  },
  table(data, properties = undefined) {
    if (data === null || typeof data !== 'object') {
      emit('log', formatArgs([data]));
      return;
    }
    emit('log', formatTable(data, properties));
  },
  assert(condition, ...args) {
    if (condition) return;
    if (args.length === 0) {
      emit('error', 'Assertion failed');
    } else if (typeof args[0] === 'string') {
      args[0] = `Assertion failed: ${args[0]}`;
      emit('error', formatArgs(args));
    } else {
      ArrayPrototypeUnshift(args, 'Assertion failed');
      emit('error', formatArgs(args));
    }
  },
  count(label = 'default') {
    label = `${label}`;
    const n = (counts.get(label) ?? 0) + 1;
    counts.set(label, n);
    emit('log', `${label}: ${n}`);
  },
  countReset(label = 'default') {
    label = `${label}`;
    if (!counts.has(label)) {
      emit('warn', `Count for '${label}' does not exist`);
      return;
    }
    counts.delete(label);
  },
  group(...label) {
    if (label.length !== 0) emit('log', formatArgs(label));
    groupIndent += '  ';
  },
  groupCollapsed(...label) {
    if (label.length !== 0) emit('log', formatArgs(label));
    groupIndent += '  ';
  },
  groupEnd() {
    groupIndent = StringPrototypeSlice(groupIndent, 0, MathMax(0, groupIndent.length - 2));
  },
  time(label = 'default') {
    label = `${label}`;
    if (timers.has(label)) {
      emit('warn', `Label '${label}' already exists for console.time()`);
      return;
    }
    timers.set(label, DateNow());
  },
  timeEnd(label = 'default') {
    label = `${label}`;
    const start = timers.get(label);
    if (start === undefined) {
      emit('warn', `No such label '${label}' for console.timeEnd()`);
      return;
    }
    timers.delete(label);
    emit('log', `${label}: ${formatDuration(DateNow() - start)}`);
  },
  timeLog(label = 'default', ...data) {
    label = `${label}`;
    const start = timers.get(label);
    if (start === undefined) {
      emit('warn', `No such label '${label}' for console.timeLog()`);
      return;
    }
    let text = `${label}: ${formatDuration(DateNow() - start)}`;
    if (data.length !== 0) text += ` ${formatArgs(data)}`;
    emit('log', text);
  },
};
primordials.ObjectDefineProperty(console, SymbolToStringTag, {
  value: 'console', writable: false, enumerable: false, configurable: true,
});

internals.inspect = inspect;
internals.format = (...args) => formatArgs(args);
internals.formatArgs = formatArgs;
internals.console = console;
internals.customInspectSymbol = customInspectSymbol;

internals.defineGlobal('console', console);
