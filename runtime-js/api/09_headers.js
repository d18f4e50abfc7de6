'use strict';
// Headers (Fetch §5.2) as Workers has it (workerd api/headers.{h,c++}).
//
// Storage: one flat array of [lowerName, value, rawName] triples in insertion order, so building
// the Headers of an incoming request is one pass over the parser's pairs. The sorted-and-combined
// view that iteration needs (Fetch "sort and combine") is built on first use and kept until the
// next change. Quirks kept on purpose:
// - any guard other than "none" makes the object read-only: TypeError "Can't modify immutable
//   headers." (incoming request headers included, as on Workers);
// - values may hold any code point except NUL, CR, LF (Workers sends them as UTF-8, where
//   WebIDL's ByteString would reject code points above U+00FF); leading and trailing HTTP
//   whitespace is trimmed; names must be HTTP tokens;
// - `new Headers(otherHeaders)` copies without reading its iterator (even an overridden one);
// - a record init skips Symbol keys (WebIDL's record<> would throw on them);
// - each iterator walks a snapshot taken when it was created (the spec iterates the live
//   list): deleting headers while iterating visits every header, as on Workers;
// - getAll("set-cookie") survives as the legacy spelling of getSetCookie().

const {
  ArrayIsArray,
  ArrayPrototypeJoin,
  ArrayPrototypePush,
  ArrayPrototypeSort,
  ArrayPrototypeSplice,
  FunctionPrototypeCall,
  ObjectDefineProperty,
  ObjectGetOwnPropertyDescriptor,
  ObjectGetPrototypeOf,
  ObjectSetPrototypeOf,
  ReflectOwnKeys,
  RegExpPrototypeExec,
  StringPrototypeCharCodeAt,
  StringPrototypeSlice,
  StringPrototypeToLowerCase,
  SymbolIterator,
  SymbolToStringTag,
  ArrayIteratorPrototype,
} = primordials;
const { makeTypeError, webidl, kInternalConstruct, illegalConstructor } = internals;
const toDOMString = webidl.converters.DOMString;

const illegalInvocation = () => makeTypeError('Illegal invocation');
const kImmutable = "Can't modify immutable headers.";

// RFC 9110 §5.6.2 token.
const kToken = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const kBadValue = /[\0\r\n]/;

const isWhitespaceCode = (c) => c === 0x20 || c === 0x09 || c === 0x0A || c === 0x0D;

const normalizeName = (name) => {
  name = toDOMString(name);
  if (RegExpPrototypeExec(kToken, name) === null) throw makeTypeError('Invalid header name.');
  return StringPrototypeToLowerCase(name);
};

// Fetch "normalize": strip leading/trailing HTTP whitespace; then no NUL, CR or LF may remain.
const normalizeValue = (value) => {
  value = toDOMString(value);
  const n = value.length;
  if (n !== 0 && (isWhitespaceCode(StringPrototypeCharCodeAt(value, 0)) ||
      isWhitespaceCode(StringPrototypeCharCodeAt(value, n - 1)))) {
    let start = 0;
    let end = n;
    while (start < end && isWhitespaceCode(StringPrototypeCharCodeAt(value, start))) start++;
    while (end > start && isWhitespaceCode(StringPrototypeCharCodeAt(value, end - 1))) end--;
    value = StringPrototypeSlice(value, start, end);
  }
  if (RegExpPrototypeExec(kBadValue, value) !== null) throw makeTypeError('Invalid header value.');
  return value;
};

const kGuards = ['immutable', 'request', 'response', 'none'];

let isHeaders;
let headersState;

class Headers {
  #list = []; // [lowerName, value, rawName, ...]
  #guard = 'none';
  #display = null; // cached sorted+combined [name, value] pairs

  constructor(init = undefined) {
    if (init === undefined) return;
    if (init === kInternalConstruct) return; // internals.headersFromPairs fills it in
    if (isHeaders(init)) {
      const other = init.#list;
      for (let i = 0; i < other.length; i++) ArrayPrototypePush(this.#list, other[i]);
      return;
    }
    if (init === null || (typeof init !== 'object' && typeof init !== 'function')) {
      throw webidl.constructorArgumentTypeError('Headers', 0, 'Headers or Sequence or Object');
    }
    const iteratorMethod = init[SymbolIterator];
    if (iteratorMethod !== undefined && iteratorMethod !== null) {
      if (typeof iteratorMethod !== 'function') {
        throw webidl.constructorArgumentTypeError('Headers', 0, 'Headers or Sequence or Object');
      }
      // sequence<sequence<ByteString>>: read everything first, then append.
      const pairs = [];
      const it = FunctionPrototypeCall(iteratorMethod, init);
      for (let r = it.next(); !r.done; r = it.next()) {
        const entry = r.value;
        if (entry === null || (typeof entry !== 'object' && typeof entry !== 'function')) {
          throw makeTypeError(`Incorrect type for array element ${pairs.length}: the provided ` +
            "value is not of type 'Sequence'.");
        }
        const inner = [];
        if (ArrayIsArray(entry)) {
          for (let i = 0; i < entry.length; i++) ArrayPrototypePush(inner, toDOMString(entry[i]));
        } else {
          const innerIt = entry[SymbolIterator]();
          for (let s = innerIt.next(); !s.done; s = innerIt.next()) {
            ArrayPrototypePush(inner, toDOMString(s.value));
          }
        }
        if (inner.length !== 2) {
          throw makeTypeError('To initialize a Headers object from a sequence, each inner ' +
            'sequence must have exactly two elements.');
        }
        ArrayPrototypePush(pairs, inner);
      }
      for (let i = 0; i < pairs.length; i++) {
        appendUnguarded(this, pairs[i][0], normalizeValue(pairs[i][1]));
      }
      return;
    }
    // record<ByteString, ByteString> (WebIDL §3.2.28): own enumerable keys in order, each
    // descriptor read before its value, a bad name refused before its value is read. An
    // enumerable Symbol key is skipped, as workerd does (WebIDL would throw).
    const keys = ReflectOwnKeys(init);
    const fields = [];
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      const desc = ObjectGetOwnPropertyDescriptor(init, key);
      if (desc === undefined || !desc.enumerable || typeof key !== 'string') continue;
      normalizeName(key);
      ArrayPrototypePush(fields, key, toDOMString(init[key]));
    }
    for (let i = 0; i < fields.length; i += 2) {
      appendUnguarded(this, fields[i], normalizeValue(fields[i + 1]));
    }
  }

  static {
    isHeaders = (o) => typeof o === 'object' && o !== null && #list in o;
    headersState = {
      list: (h) => h.#list,
      setList: (h, list) => { h.#list = list; h.#display = null; },
      guard: (h) => h.#guard,
      setGuard: (h, g) => { h.#guard = g; },
      changed: (h) => { h.#display = null; },
      checkGuard: (h) => { if (h.#guard !== 'none') throw makeTypeError(kImmutable); },
      // Fetch "sort and combine": lower-case names in order; values joined with ", " except
      // set-cookie, which yields one pair per value.
      display: (h) => {
        if (h.#display !== null) return h.#display;
        const list = h.#list;
        const names = [];
        const byName = { __proto__: null };
        for (let i = 0; i < list.length; i += 3) {
          const name = list[i];
          const values = byName[name];
          if (values === undefined) {
            byName[name] = [list[i + 1]];
            ArrayPrototypePush(names, name);
          } else {
            ArrayPrototypePush(values, list[i + 1]);
          }
        }
        ArrayPrototypeSort(names, (a, b) => (a < b ? -1 : a > b ? 1 : 0));
        const out = [];
        for (let i = 0; i < names.length; i++) {
          const name = names[i];
          const values = byName[name];
          if (name === 'set-cookie') {
            for (let j = 0; j < values.length; j++) ArrayPrototypePush(out, name, values[j]);
          } else {
            ArrayPrototypePush(out, name, ArrayPrototypeJoin(values, ', '));
          }
        }
        h.#display = out;
        return out;
      },
    };
  }

  get(name) {
    if (!isHeaders(this)) throw illegalInvocation();
    return getCombined(this.#list, normalizeName(name));
  }

  getAll(name) {
    if (!isHeaders(this)) throw illegalInvocation();
    if (StringPrototypeToLowerCase(toDOMString(name)) !== 'set-cookie') {
      throw makeTypeError('getAll() can only be used with the header name "Set-Cookie".');
    }
    return getAllValues(this.#list, 'set-cookie');
  }

  getSetCookie() {
    if (!isHeaders(this)) throw illegalInvocation();
    return getAllValues(this.#list, 'set-cookie');
  }

  has(name) {
    if (!isHeaders(this)) throw illegalInvocation();
    name = normalizeName(name);
    const list = this.#list;
    for (let i = 0; i < list.length; i += 3) if (list[i] === name) return true;
    return false;
  }

  set(name, value) {
    if (!isHeaders(this)) throw illegalInvocation();
    if (this.#guard !== 'none') throw makeTypeError(kImmutable);
    value = normalizeValue(value);
    setUnguarded(this, name, value);
  }

  append(name, value) {
    if (!isHeaders(this)) throw illegalInvocation();
    if (this.#guard !== 'none') throw makeTypeError(kImmutable);
    value = normalizeValue(value);
    appendUnguarded(this, name, value);
  }

  delete(name) {
    if (!isHeaders(this)) throw illegalInvocation();
    if (this.#guard !== 'none') throw makeTypeError(kImmutable);
    name = normalizeName(name);
    const list = this.#list;
    let found = false;
    for (let i = list.length - 3; i >= 0; i -= 3) {
      if (list[i] === name) {
        ArrayPrototypeSplice(list, i, 3);
        found = true;
      }
    }
    if (found) this.#display = null;
  }

  forEach(callback, thisArg = undefined) {
    if (!isHeaders(this)) throw illegalInvocation();
    if (typeof callback !== 'function') {
      throw webidl.argumentTypeError('forEach', 'Headers', 0, 'function');
    }
    const display = headersState.display(this);
    for (let i = 0; i < display.length; i += 2) {
      FunctionPrototypeCall(callback, thisArg ?? undefined, display[i + 1], display[i], this);
    }
  }

  entries() {
    if (!isHeaders(this)) throw illegalInvocation();
    return new HeadersIterator(headersState.display(this), 'entries', kInternalConstruct);
  }

  keys() {
    if (!isHeaders(this)) throw illegalInvocation();
    return new HeadersIterator(headersState.display(this), 'keys', kInternalConstruct);
  }

  values() {
    if (!isHeaders(this)) throw illegalInvocation();
    return new HeadersIterator(headersState.display(this), 'values', kInternalConstruct);
  }
}
webidl.makeMembersEnumerable(Headers.prototype);
ObjectDefineProperty(Headers.prototype, SymbolIterator, {
  value: Headers.prototype.entries, writable: true, enumerable: false, configurable: true,
});
internals.registerBrand(Headers, isHeaders);

const getCombined = (list, lowerName) => {
  let result = null;
  for (let i = 0; i < list.length; i += 3) {
    if (list[i] === lowerName) result = result === null ? list[i + 1] : `${result}, ${list[i + 1]}`;
  }
  return result;
};

const getAllValues = (list, lowerName) => {
  const out = [];
  for (let i = 0; i < list.length; i += 3) {
    if (list[i] === lowerName) ArrayPrototypePush(out, list[i + 1]);
  }
  return out;
};

// `value` is already normalised; `rawName` is validated here.
const appendUnguarded = (h, rawName, value) => {
  rawName = toDOMString(rawName);
  const name = normalizeName(rawName);
  ArrayPrototypePush(headersState.list(h), name, value, rawName);
  headersState.changed(h);
};

// Fetch "set": replace the first entry with this name, drop the others, else append.
const setUnguarded = (h, rawName, value) => {
  rawName = toDOMString(rawName);
  const name = normalizeName(rawName);
  const list = headersState.list(h);
  let first = -1;
  for (let i = 0; i < list.length; i += 3) {
    if (list[i] !== name) continue;
    if (first === -1) {
      first = i;
      list[i + 1] = value;
    } else {
      ArrayPrototypeSplice(list, i, 3);
      i -= 3;
    }
  }
  if (first === -1) ArrayPrototypePush(list, name, value, rawName);
  headersState.changed(h);
};

// ---------------------------------------------------------------------------------------------

let isHeadersIterator;
class HeadersIterator {
  #pairs;
  #kind;
  #index = 0;

  constructor(pairs, kind, token) {
    if (token !== kInternalConstruct) throw illegalConstructor();
    this.#pairs = pairs;
    this.#kind = kind;
  }

  static { isHeadersIterator = (o) => typeof o === 'object' && o !== null && #pairs in o; }

  next() {
    if (!isHeadersIterator(this)) throw illegalInvocation();
    const i = this.#index;
    const pairs = this.#pairs;
    if (i >= pairs.length) return { value: undefined, done: true };
    this.#index = i + 2;
    switch (this.#kind) {
      case 'keys': return { value: pairs[i], done: false };
      case 'values': return { value: pairs[i + 1], done: false };
      default: return { value: [pairs[i], pairs[i + 1]], done: false };
    }
  }
}
// %IteratorPrototype% provides [Symbol.iterator]() { return this; }.
ObjectSetPrototypeOf(HeadersIterator.prototype, ObjectGetPrototypeOf(ArrayIteratorPrototype));
webidl.makeMembersEnumerable(HeadersIterator.prototype);
ObjectDefineProperty(HeadersIterator.prototype, SymbolToStringTag, {
  value: 'Headers Iterator', writable: false, enumerable: false, configurable: true,
});

ObjectDefineProperty(Headers.prototype, SymbolToStringTag, {
  value: 'Headers', writable: false, enumerable: false, configurable: true,
});
internals.markResourceType(Headers, { immutable: (h) => headersState.guard(h) !== 'none' });

// ---------------------------------------------------------------------------------------------
// For other runtime files. Names passed as `lowerName` must already be lower-case.

const checkGuardName = (guard) => {
  for (let i = 0; i < kGuards.length; i++) if (kGuards[i] === guard) return guard;
  throw makeTypeError(`unknown headers guard: ${guard}`);
};

internals.Headers = Headers;
internals.isHeaders = isHeaders;
// From a native flat array [name0, value0, name1, value1, ...] the HTTP parser already
// validated: no checks, names lower-cased here.
internals.headersFromPairs = (flat, guard = 'none') => {
  const h = new Headers(kInternalConstruct);
  const list = [];
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const raw = flat[i];
    ArrayPrototypePush(list, StringPrototypeToLowerCase(raw), flat[i + 1], raw);
  }
  headersState.setList(h, list);
  headersState.setGuard(h, checkGuardName(guard));
  return h;
};
// → [rawName0, value0, ...] in insertion order, one pair per stored value (for native code).
internals.headersToPairs = (h) => {
  const list = headersState.list(h);
  const out = [];
  for (let i = 0; i < list.length; i += 3) ArrayPrototypePush(out, list[i + 2], list[i + 1]);
  return out;
};
internals.setHeadersGuard = (h, guard) => headersState.setGuard(h, checkGuardName(guard));
internals.headersGuard = (h) => headersState.guard(h);
// A copy that keeps the guard (workerd Headers::clone()).
internals.cloneHeaders = (h) => {
  const copy = new Headers(h);
  headersState.setGuard(copy, headersState.guard(h));
  return copy;
};
internals.headersGet = (h, lowerName) => getCombined(headersState.list(h), lowerName);
internals.headersHas = (h, lowerName) => getCombined(headersState.list(h), lowerName) !== null;
// Runtime-side changes ignore the guard (workerd setUnguarded) but still validate.
internals.headersSetUnguarded = (h, name, value) => setUnguarded(h, name, normalizeValue(value));
internals.headersAppendUnguarded = (h, name, value) =>
  appendUnguarded(h, name, normalizeValue(value));
internals.headersDeleteUnguarded = (h, lowerName) => {
  const list = headersState.list(h);
  for (let i = list.length - 3; i >= 0; i -= 3) {
    if (list[i] === lowerName) ArrayPrototypeSplice(list, i, 3);
  }
  headersState.changed(h);
};
// The sorted-and-combined [name, value, ...] view (do not modify it).
internals.headersSortedPairs = (h) => headersState.display(h);
internals.normalizeHeaderName = normalizeName;
internals.normalizeHeaderValue = normalizeValue;

internals.defineGlobal('Headers', Headers);
