'use strict';
// node:util's MIMEType and MIMEParams: WHATWG MIME Sniffing §4.4 "parse a MIME type" and §4.5
// "serialize a MIME type". The error texts are workerd's (its MIMEType is native): a TypeError
// without a Node `code`.

const {
  SafeMap, MapPrototypeGet, MapPrototypeSet, MapPrototypeHas, MapPrototypeDelete,
  StringPrototypeToLowerCase, RegExpPrototypeExec, StringPrototypeReplace, TypeError, Map,
  ObjectDefineProperty, ObjectDefineProperties, ReflectConstruct,
} = primordials;

// §2.1 HTTP token and HTTP quoted-string token code points; HTTP whitespace.
const kToken = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const kQuotedStringToken = /^[\t\u0020-\u007E\u0080-\u00FF]*$/;
const kLeadingTrailingWhitespace = /^[\t\n\r ]+|[\t\n\r ]+$/g;
const kTrailingWhitespace = /[\t\n\r ]+$/;
const isToken = (s) => RegExpPrototypeExec(kToken, s) !== null;
const isQuotedStringToken = (s) => RegExpPrototypeExec(kQuotedStringToken, s) !== null;
const isHttpWhitespace = (c) => c === ' ' || c === '\t' || c === '\n' || c === '\r';

// The index of the first of `stops` at or after `from` (or the end of `input`).
function collectUntil(input, from, stops) {
  let end = from;
  while (end < input.length && !stops.includes(input[end])) end++;
  return end;
}

// §2.2 "collect an HTTP quoted string" with extract-value: `position` is at the opening quote.
function collectQuotedString(input, position) {
  let value = '';
  position++;
  while (true) {
    const end = collectUntil(input, position, '"\\');
    value += input.slice(position, end);
    position = end;
    if (position >= input.length) break;
    const quoteOrBackslash = input[position++];
    if (quoteOrBackslash === '\\') {
      if (position >= input.length) {
        value += '\\';
        break;
      }
      value += input[position++];
    } else {
      break;
    }
  }
  return { value, position };
}

// Parameters go into `params` (a Map); returns false where the algorithm returns failure.
function parseMimeType(text, into) {
  const input = StringPrototypeReplace(text, kLeadingTrailingWhitespace, '');
  let position = collectUntil(input, 0, '/');
  const type = input.slice(0, position);
  if (!isToken(type) || position >= input.length) return false;
  position++;
  const subtypeEnd = collectUntil(input, position, ';');
  const subtype = StringPrototypeReplace(input.slice(position, subtypeEnd), kTrailingWhitespace, '');
  if (!isToken(subtype)) return false;
  position = subtypeEnd;
  into.type = StringPrototypeToLowerCase(type);
  into.subtype = StringPrototypeToLowerCase(subtype);
  while (position < input.length) {
    position++;
    while (position < input.length && isHttpWhitespace(input[position])) position++;
    const nameEnd = collectUntil(input, position, ';=');
    const name = StringPrototypeToLowerCase(input.slice(position, nameEnd));
    position = nameEnd;
    if (position < input.length) {
      if (input[position] === ';') continue;
      position++;
    }
    if (position >= input.length) break;
    let value;
    if (input[position] === '"') {
      ({ value, position } = collectQuotedString(input, position));
      position = collectUntil(input, position, ';');
    } else {
      const valueEnd = collectUntil(input, position, ';');
      value = StringPrototypeReplace(input.slice(position, valueEnd), kTrailingWhitespace, '');
      position = valueEnd;
      if (value === '') continue;
    }
    if (name !== '' && isToken(name) && isQuotedStringToken(value) &&
        !MapPrototypeHas(into.params, name)) {
      MapPrototypeSet(into.params, name, value);
    }
  }
  return true;
}

// §4.5: values that are not tokens are quoted, with `"` and `\` escaped.
function serializeParams(map) {
  let out = '';
  for (const [name, value] of map) {
    const shown = value !== '' && isToken(value) ? value
      : `"${StringPrototypeReplace(value, /["\\]/g, '\\$&')}"`;
    out += `${out === '' ? '' : ';'}${name}=${shown}`;
  }
  return out;
}

const constructorError = (name) => new TypeError(
  `Failed to construct '${name}': Please use the 'new' operator, this object constructor cannot be called as a function.`);

const kMap = Symbol('mimeParams');

class MIMEParams {
  constructor() {
    this[kMap] = new SafeMap();
  }

  delete(name) { MapPrototypeDelete(this[kMap], `${name}`); }
  get(name) { return MapPrototypeGet(this[kMap], `${name}`) ?? null; }
  has(name) { return MapPrototypeHas(this[kMap], `${name}`); }
  set(name, value) {
    name = `${name}`;
    value = `${value}`;
    if (!isToken(name) || !isQuotedStringToken(value)) throw new TypeError('Not a valid MIME parameter');
    MapPrototypeSet(this[kMap], StringPrototypeToLowerCase(name), value);
  }
  entries() { return this[kMap].entries(); }
  keys() { return this[kMap].keys(); }
  values() { return this[kMap].values(); }
  toString() { return serializeParams(this[kMap]); }
  toJSON() { return this.toString(); }
  [Symbol.iterator]() { return this[kMap].entries(); }
  [internals.customInspectSymbol](depth, options, inspect) {
    return `MIMEParams${inspect(new Map(this[kMap]), options).slice('Map'.length)}`;
  }
}

class MIMEType {
  #type;
  #subtype;
  #params = new MIMEParams();

  constructor(input) {
    if (input === undefined) {
      throw new TypeError("Failed to construct 'MIMEType': constructor parameter 1 is not of type 'string'.");
    }
    const text = `${input}`;
    const parsed = { type: '', subtype: '', params: this.#params[kMap] };
    if (!parseMimeType(text, parsed)) throw new TypeError(`Not a valid MIME type: ${text}`);
    this.#type = parsed.type;
    this.#subtype = parsed.subtype;
  }

  get type() { return this.#type; }
  set type(value) {
    value = `${value}`;
    if (!isToken(value)) throw new TypeError('Not a valid MIME type');
    this.#type = StringPrototypeToLowerCase(value);
  }
  get subtype() { return this.#subtype; }
  set subtype(value) {
    value = `${value}`;
    if (!isToken(value)) throw new TypeError('Not a valid MIME subtype');
    this.#subtype = StringPrototypeToLowerCase(value);
  }
  get essence() { return `${this.#type}/${this.#subtype}`; }
  get params() { return this.#params; }
  toString() {
    const params = this.#params.toString();
    return params === '' ? this.essence : `${this.essence};${params}`;
  }
  toJSON() { return this.toString(); }
  [internals.customInspectSymbol](depth, options, inspect) {
    const shown = { type: this.#type, subtype: this.#subtype, essence: this.essence, params: this.#params };
    return `MIMEType ${inspect(shown, options)}`;
  }
}

// Workers words a call without `new` as its other native constructors do.
function callable(Class) {
  const wrapper = function (...args) {
    if (new.target === undefined) throw constructorError(Class.name);
    return ReflectConstruct(Class, args, new.target);
  };
  ObjectDefineProperties(wrapper, {
    name: { value: Class.name },
    prototype: { value: Class.prototype },
  });
  ObjectDefineProperty(Class.prototype, 'constructor', { value: wrapper, writable: true, configurable: true });
  return wrapper;
}

internals.nodeUtilMime = { MIMEType: callable(MIMEType), MIMEParams: callable(MIMEParams) };
