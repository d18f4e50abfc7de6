'use strict';
// URL and URLSearchParams (https://url.spec.whatwg.org/#api), on the parser in 04_url_parser.js.
// Argument handling follows WebIDL (helpers from 01_errors.js): a missing required argument or
// the wrong `this` is a TypeError, arguments are converted to USVStrings. Messages are Workers'
// where it has one.

const {
  Error: ErrorCtor,
  ArrayPrototypePush,
  ArrayPrototypeSort,
  ObjectDefineProperty,
  ObjectSetPrototypeOf,
  ReflectApply,
  ReflectDeleteProperty,
  ReflectGetOwnPropertyDescriptor,
  ReflectGetPrototypeOf,
  ReflectOwnKeys,
  StringPrototypeSlice,
  SymbolIterator,
  SymbolToStringTag,
} = primordials;
const {
  basicURLParse,
  cannotHaveUsernamePasswordPort,
  hasOpaquePath,
  kUserinfoSet,
  parseFormURLEncoded,
  percentEncode,
  serializeFormURLEncoded,
  serializeOrigin,
  serializePath,
  serializeURL,
  states,
  stripTrailingSpacesFromOpaquePath,
} = internals.urlParser;
const { makeTypeError, markResourceType, registerBrand } = internals;
const { requiredArguments, converters: { USVString: toUSVString } } = internals.webidl;

const kInvalidURL = 'Invalid URL string.';
const illegalInvocation = () => makeTypeError('Illegal invocation');

// Parses `url` against the optional `base` (both already USVStrings); null on failure.
function parseAgainst(url, base) {
  let baseRecord = null;
  if (base !== undefined) {
    baseRecord = basicURLParse(base, null, null, 0);
    if (baseRecord === null) return null;
  }
  return basicURLParse(url, baseRecord, null, 0);
}

// Passed as the first constructor argument to wrap an existing record; never visible to Workers.
const kFromRecord = { __proto__: null };

let isURL;
let urlRecordOf;
let setQueryFromSearchParams;
let newLinkedSearchParams;
let resetSearchParams;
let isSearchParams;
let searchParamsList;

class URL {
  #url;  // the URL record
  #href = null;  // its serialization, cached; null after a change
  #query = null;  // the query object (URLSearchParams), made on first use

  constructor(url, base = undefined) {
    if (url === kFromRecord) {
      this.#url = base;
      return;
    }
    requiredArguments(arguments.length, 1, "Failed to construct 'URL'");
    url = toUSVString(url);
    if (base !== undefined) base = toUSVString(base);
    const record = parseAgainst(url, base);
    if (record === null) throw makeTypeError(kInvalidURL);
    this.#url = record;
  }

  static {
    isURL = (value) => typeof value === 'object' && value !== null && #url in value;
    urlRecordOf = (value) => (isURL(value) ? value.#url : null);
    // The update steps of URLSearchParams, from the URL's side.
    setQueryFromSearchParams = (self, query) => {
      self.#url.query = query;
      if (query === null) stripTrailingSpacesFromOpaquePath(self.#url);
      self.#href = null;
    };
  }

  static canParse(url, base = undefined) {
    requiredArguments(arguments.length, 1, "Failed to execute 'canParse' on 'URL'");
    url = toUSVString(url);
    if (base !== undefined) base = toUSVString(base);
    return parseAgainst(url, base) !== null;
  }

  static parse(url, base = undefined) {
    requiredArguments(arguments.length, 1, "Failed to execute 'parse' on 'URL'");
    url = toUSVString(url);
    if (base !== undefined) base = toUSVString(base);
    const record = parseAgainst(url, base);
    return record === null ? null : new URL(kFromRecord, record);
  }

  // There is no blob URL store (Workers has none either).
  static createObjectURL(object) {
    throw new ErrorCtor('URL.createObjectURL() is not implemented');
  }

  static revokeObjectURL(url) {
    throw new ErrorCtor('URL.revokeObjectURL() is not implemented');
  }

  #serialize() {
    if (this.#href === null) this.#href = serializeURL(this.#url);
    return this.#href;
  }

  get href() {
    if (!isURL(this)) throw illegalInvocation();
    return this.#serialize();
  }

  set href(value) {
    if (!isURL(this)) throw illegalInvocation();
    const record = basicURLParse(toUSVString(value), null, null, 0);
    if (record === null) {
      throw makeTypeError("Failed to set the 'href' property on 'URL': the provided value is " +
        "not of type 'valid URL string'.");
    }
    this.#url = record;
    this.#href = null;
    if (this.#query !== null) resetSearchParams(this.#query, record.query);
  }

  get origin() {
    if (!isURL(this)) throw illegalInvocation();
    return serializeOrigin(this.#url);
  }

  get protocol() {
    if (!isURL(this)) throw illegalInvocation();
    return this.#url.scheme + ':';
  }

  set protocol(value) {
    if (!isURL(this)) throw illegalInvocation();
    basicURLParse(toUSVString(value) + ':', null, this.#url, states.kSchemeStart);
    this.#href = null;
  }

  get username() {
    if (!isURL(this)) throw illegalInvocation();
    return this.#url.username;
  }

  set username(value) {
    if (!isURL(this)) throw illegalInvocation();
    value = toUSVString(value);
    if (cannotHaveUsernamePasswordPort(this.#url)) return;
    this.#url.username = percentEncode(value, kUserinfoSet);
    this.#href = null;
  }

  get password() {
    if (!isURL(this)) throw illegalInvocation();
    return this.#url.password;
  }

  set password(value) {
    if (!isURL(this)) throw illegalInvocation();
    value = toUSVString(value);
    if (cannotHaveUsernamePasswordPort(this.#url)) return;
    this.#url.password = percentEncode(value, kUserinfoSet);
    this.#href = null;
  }

  get host() {
    if (!isURL(this)) throw illegalInvocation();
    const url = this.#url;
    if (url.host === null) return '';
    return url.port === null ? url.host : url.host + ':' + url.port;
  }

  set host(value) {
    if (!isURL(this)) throw illegalInvocation();
    value = toUSVString(value);
    if (hasOpaquePath(this.#url)) return;
    basicURLParse(value, null, this.#url, states.kHost);
    this.#href = null;
  }

  get hostname() {
    if (!isURL(this)) throw illegalInvocation();
    const host = this.#url.host;
    return host === null ? '' : host;
  }

  set hostname(value) {
    if (!isURL(this)) throw illegalInvocation();
    value = toUSVString(value);
    if (hasOpaquePath(this.#url)) return;
    basicURLParse(value, null, this.#url, states.kHostname);
    this.#href = null;
  }

  get port() {
    if (!isURL(this)) throw illegalInvocation();
    const port = this.#url.port;
    return port === null ? '' : `${port}`;
  }

  set port(value) {
    if (!isURL(this)) throw illegalInvocation();
    value = toUSVString(value);
    if (cannotHaveUsernamePasswordPort(this.#url)) return;
    if (value === '') this.#url.port = null;
    else basicURLParse(value, null, this.#url, states.kPort);
    this.#href = null;
  }

  get pathname() {
    if (!isURL(this)) throw illegalInvocation();
    return serializePath(this.#url);
  }

  set pathname(value) {
    if (!isURL(this)) throw illegalInvocation();
    value = toUSVString(value);
    const url = this.#url;
    if (hasOpaquePath(url)) return;
    url.path = [];
    basicURLParse(value, null, url, states.kPathStart);
    this.#href = null;
  }

  get search() {
    if (!isURL(this)) throw illegalInvocation();
    const query = this.#url.query;
    return query === null || query === '' ? '' : '?' + query;
  }

  set search(value) {
    if (!isURL(this)) throw illegalInvocation();
    value = toUSVString(value);
    const url = this.#url;
    this.#href = null;
    // The list must become the parse of `value` itself (it can differ from the parse of the
    // encoded query, e.g. for tabs), so the query object is made now if it does not exist yet.
    const query = this.#query ?? (this.#query = newLinkedSearchParams(this, url.query));
    if (value === '') {
      url.query = null;
      resetSearchParams(query, null);
      stripTrailingSpacesFromOpaquePath(url);
      return;
    }
    const input = value[0] === '?' ? StringPrototypeSlice(value, 1) : value;
    url.query = '';
    basicURLParse(input, null, url, states.kQuery);
    resetSearchParams(query, input);
  }

  get searchParams() {
    if (!isURL(this)) throw illegalInvocation();
    return this.#query ?? (this.#query = newLinkedSearchParams(this, this.#url.query));
  }

  get hash() {
    if (!isURL(this)) throw illegalInvocation();
    const fragment = this.#url.fragment;
    return fragment === null || fragment === '' ? '' : '#' + fragment;
  }

  set hash(value) {
    if (!isURL(this)) throw illegalInvocation();
    value = toUSVString(value);
    const url = this.#url;
    this.#href = null;
    if (value === '') {
      url.fragment = null;
      stripTrailingSpacesFromOpaquePath(url);
      return;
    }
    const input = value[0] === '#' ? StringPrototypeSlice(value, 1) : value;
    url.fragment = '';
    basicURLParse(input, null, url, states.kFragment);
  }

  toString() {
    if (!isURL(this)) throw illegalInvocation();
    return this.#serialize();
  }

  toJSON() {
    if (!isURL(this)) throw illegalInvocation();
    return this.#serialize();
  }
}

// ---------------------------------------------------------------------------------------------

const kEntries = 0;
const kKeys = 1;
const kValues = 2;

// Converts a JS value to sequence<USVString> (WebIDL "create a sequence from an iterable").
function iterableToStrings(value) {
  if ((typeof value !== 'object' || value === null) && typeof value !== 'function') {
    throw makeTypeError("Failed to construct 'URLSearchParams': The provided value cannot be " +
      'converted to a sequence.');
  }
  const method = value[SymbolIterator];
  if (typeof method !== 'function') {
    throw makeTypeError("Failed to construct 'URLSearchParams': The object must have a " +
      'callable @@iterator property.');
  }
  return collect(value, method, toUSVString);
}

// Runs the iterator protocol over `value` with `method`, mapping each item through `convert`.
function collect(value, method, convert) {
  const iterator = ReflectApply(method, value, []);
  if ((typeof iterator !== 'object' || iterator === null) && typeof iterator !== 'function') {
    throw makeTypeError('Result of the Symbol.iterator method is not an object');
  }
  const next = iterator.next;
  const items = [];
  for (;;) {
    const result = ReflectApply(next, iterator, []);
    if ((typeof result !== 'object' || result === null) && typeof result !== 'function') {
      throw makeTypeError(`Iterator result ${result} is not an object`);
    }
    if (result.done) return items;
    ArrayPrototypePush(items, convert(result.value));
  }
}

class URLSearchParams {
  #list = [];  // [name, value] pairs
  #url = null;  // the URL object whose query this is, or null

  constructor(init = undefined) {
    if (init === undefined) return;
    if ((typeof init === 'object' && init !== null) || typeof init === 'function') {
      const method = init[SymbolIterator];
      if (method !== undefined && method !== null) {
        // sequence<sequence<USVString>>
        if (typeof method !== 'function') {
          throw makeTypeError("Failed to construct 'URLSearchParams': The object's " +
            '@@iterator property is not callable.');
        }
        const pairs = collect(init, method, iterableToStrings);
        for (let i = 0; i < pairs.length; i++) {
          if (pairs[i].length !== 2) throw makeTypeError('Invalid URL search params sequence.');
          ArrayPrototypePush(this.#list, [pairs[i][0], pairs[i][1]]);
        }
      } else {
        // record<USVString, USVString>: a later key that converts to the same string replaces
        // the value in place.
        const keys = ReflectOwnKeys(init);
        const seen = { __proto__: null };  // name -> index in the list
        for (let i = 0; i < keys.length; i++) {
          const desc = ReflectGetOwnPropertyDescriptor(init, keys[i]);
          if (desc === undefined || !desc.enumerable) continue;
          const name = toUSVString(keys[i]);
          const value = toUSVString(init[keys[i]]);
          const index = seen[name];
          if (index === undefined) {
            seen[name] = this.#list.length;
            ArrayPrototypePush(this.#list, [name, value]);
          } else {
            this.#list[index][1] = value;
          }
        }
      }
      return;
    }
    let query = toUSVString(init);
    if (query[0] === '?') query = StringPrototypeSlice(query, 1);
    this.#list = parseFormURLEncoded(query);
  }

  static {
    isSearchParams = (value) => typeof value === 'object' && value !== null && #list in value;
    searchParamsList = (self) => self.#list;
    newLinkedSearchParams = (url, query) => {
      const params = new URLSearchParams();
      params.#url = url;
      if (query !== null) params.#list = parseFormURLEncoded(query);
      return params;
    };
    resetSearchParams = (self, query) => {
      self.#list = query === null ? [] : parseFormURLEncoded(query);
    };
  }

  // https://url.spec.whatwg.org/#concept-urlsearchparams-update
  #update() {
    if (this.#url === null) return;
    const query = serializeFormURLEncoded(this.#list);
    setQueryFromSearchParams(this.#url, query === '' ? null : query);
  }

  get size() {
    if (!isSearchParams(this)) throw illegalInvocation();
    return this.#list.length;
  }

  append(name, value) {
    if (!isSearchParams(this)) throw illegalInvocation();
    requiredArguments(arguments.length, 2, "Failed to execute 'append' on 'URLSearchParams'");
    ArrayPrototypePush(this.#list, [toUSVString(name), toUSVString(value)]);
    this.#update();
  }

  delete(name, value = undefined) {
    if (!isSearchParams(this)) throw illegalInvocation();
    requiredArguments(arguments.length, 1, "Failed to execute 'delete' on 'URLSearchParams'");
    name = toUSVString(name);
    if (value !== undefined) value = toUSVString(value);
    const list = this.#list;
    let kept = 0;
    for (let i = 0; i < list.length; i++) {
      const pair = list[i];
      if (pair[0] === name && (value === undefined || pair[1] === value)) continue;
      list[kept++] = pair;
    }
    list.length = kept;
    this.#update();
  }

  get(name) {
    if (!isSearchParams(this)) throw illegalInvocation();
    requiredArguments(arguments.length, 1, "Failed to execute 'get' on 'URLSearchParams'");
    name = toUSVString(name);
    const list = this.#list;
    for (let i = 0; i < list.length; i++) {
      if (list[i][0] === name) return list[i][1];
    }
    return null;
  }

  getAll(name) {
    if (!isSearchParams(this)) throw illegalInvocation();
    requiredArguments(arguments.length, 1, "Failed to execute 'getAll' on 'URLSearchParams'");
    name = toUSVString(name);
    const list = this.#list;
    const values = [];
    for (let i = 0; i < list.length; i++) {
      if (list[i][0] === name) ArrayPrototypePush(values, list[i][1]);
    }
    return values;
  }

  has(name, value = undefined) {
    if (!isSearchParams(this)) throw illegalInvocation();
    requiredArguments(arguments.length, 1, "Failed to execute 'has' on 'URLSearchParams'");
    name = toUSVString(name);
    if (value !== undefined) value = toUSVString(value);
    const list = this.#list;
    for (let i = 0; i < list.length; i++) {
      if (list[i][0] === name && (value === undefined || list[i][1] === value)) return true;
    }
    return false;
  }

  set(name, value) {
    if (!isSearchParams(this)) throw illegalInvocation();
    requiredArguments(arguments.length, 2, "Failed to execute 'set' on 'URLSearchParams'");
    name = toUSVString(name);
    value = toUSVString(value);
    const list = this.#list;
    let found = false;
    let kept = 0;
    for (let i = 0; i < list.length; i++) {
      const pair = list[i];
      if (pair[0] === name) {
        if (found) continue;
        found = true;
        pair[1] = value;
      }
      list[kept++] = pair;
    }
    list.length = kept;
    if (!found) ArrayPrototypePush(list, [name, value]);
    this.#update();
  }

  sort() {
    if (!isSearchParams(this)) throw illegalInvocation();
    // Array.prototype.sort is stable; `<` compares strings by UTF-16 code units, as specified.
    ArrayPrototypeSort(this.#list, (a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    this.#update();
  }

  entries() {
    if (!isSearchParams(this)) throw illegalInvocation();
    return new URLSearchParamsIterator(this, kEntries);
  }

  keys() {
    if (!isSearchParams(this)) throw illegalInvocation();
    return new URLSearchParamsIterator(this, kKeys);
  }

  values() {
    if (!isSearchParams(this)) throw illegalInvocation();
    return new URLSearchParamsIterator(this, kValues);
  }

  forEach(callback, thisArg = undefined) {
    if (!isSearchParams(this)) throw illegalInvocation();
    requiredArguments(arguments.length, 1, "Failed to execute 'forEach' on 'URLSearchParams'");
    if (typeof callback !== 'function') {
      throw makeTypeError("Failed to execute 'forEach' on 'URLSearchParams': parameter 1 is " +
        "not of type 'Function'.");
    }
    // The list is read afresh each step: callbacks may change it.
    for (let i = 0; i < this.#list.length; i++) {
      const pair = this.#list[i];
      ReflectApply(callback, thisArg, [pair[1], pair[0], this]);
    }
  }

  toString() {
    if (!isSearchParams(this)) throw illegalInvocation();
    return serializeFormURLEncoded(this.#list);
  }
}

// The WebIDL default iterator for URLSearchParams' pairs: live over the list, by index.
class URLSearchParamsIterator {
  #params;
  #kind;
  #index = 0;

  constructor(params, kind) {
    this.#params = params;
    this.#kind = kind;
  }

  next() {
    if (typeof this !== 'object' || this === null || !(#params in this)) {
      throw illegalInvocation();
    }
    const list = searchParamsList(this.#params);
    const index = this.#index;
    if (index >= list.length) return { value: undefined, done: true };
    this.#index = index + 1;
    const pair = list[index];
    if (this.#kind === kKeys) return { value: pair[0], done: false };
    if (this.#kind === kValues) return { value: pair[1], done: false };
    return { value: [pair[0], pair[1]], done: false };
  }
}

// WebIDL property shapes: operations and attributes are enumerable, the class string is set,
// iterator prototypes inherit %IteratorPrototype% and have no constructor.
function makeWebIDLShaped(target) {
  const keys = ReflectOwnKeys(target);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (typeof key !== 'string' || key === 'constructor' || key === 'prototype' ||
        key === 'length' || key === 'name') {
      continue;
    }
    const desc = ReflectGetOwnPropertyDescriptor(target, key);
    desc.enumerable = true;
    ObjectDefineProperty(target, key, desc);
  }
}
const setToStringTag = (target, tag) =>
  ObjectDefineProperty(target, SymbolToStringTag,
    { value: tag, writable: false, enumerable: false, configurable: true });

registerBrand(URL, isURL);
registerBrand(URLSearchParams, isSearchParams);
markResourceType(URL);
makeWebIDLShaped(URL);
makeWebIDLShaped(URL.prototype);
setToStringTag(URL.prototype, 'URL');
makeWebIDLShaped(URLSearchParams.prototype);
ObjectDefineProperty(URLSearchParams.prototype, SymbolIterator, {
  value: URLSearchParams.prototype.entries, writable: true, enumerable: false, configurable: true,
});
setToStringTag(URLSearchParams.prototype, 'URLSearchParams');
ObjectSetPrototypeOf(URLSearchParamsIterator.prototype,
  ReflectGetPrototypeOf(primordials.ArrayIteratorPrototype));
ReflectDeleteProperty(URLSearchParamsIterator.prototype, 'constructor');
makeWebIDLShaped(URLSearchParamsIterator.prototype);
setToStringTag(URLSearchParamsIterator.prototype, 'URLSearchParams Iterator');

// ---------------------------------------------------------------------------------------------
// For other runtime files. URL records handed out are shared: treat them as read-only.

internals.URL = URL;
// (Class or prototype) -> makes its operations and attributes enumerable, as WebIDL does.
internals.makeWebIDLShaped = makeWebIDLShaped;
internals.URLSearchParams = URLSearchParams;
// parseURL(input, base?): `input` a string, `base` a string, a URL record or undefined/null.
// Returns a URL record (see 04_url_parser.js) or null on failure. No URL object is made.
internals.parseURL = (input, base) => {
  let baseRecord = null;
  if (typeof base === 'string') {
    baseRecord = basicURLParse(toUSVString(base), null, null, 0);
    if (baseRecord === null) return null;
  } else if (base !== undefined && base !== null) {
    baseRecord = base;
  }
  return basicURLParse(toUSVString(input), baseRecord, null, 0);
};
internals.serializeURL = serializeURL;  // (record, excludeFragment = false) -> string
internals.serializeURLOrigin = serializeOrigin;  // (record) -> string, "null" if opaque
// The record of a URL object, or null if `value` is not one (fetch(url) without a re-parse).
internals.urlRecordOf = (value) => urlRecordOf(value);
// A URL object around a record the caller will no longer change.
internals.urlFromRecord = (record) => new URL(kFromRecord, record);
internals.isURLSearchParams = (value) => isSearchParams(value);
// The application/x-www-form-urlencoded body of a URLSearchParams (fetch body extraction).
internals.serializeURLSearchParams = (params) =>
  serializeFormURLEncoded(searchParamsList(params));
internals.parseFormURLEncoded = parseFormURLEncoded;  // (string) -> [[name, value], ...]
internals.serializeFormURLEncoded = serializeFormURLEncoded;  // ([[name, value], ...]) -> string

internals.defineGlobal('URL', URL);
internals.defineGlobal('URLSearchParams', URLSearchParams);
