'use strict';
// URLPattern (https://urlpattern.spec.whatwg.org/#urlpattern-class) as workerd exposes it:
// create and match from the standard, on the parser (06_urlpattern_parser.js) and the
// canonicalization (06_urlpattern_init.js). Every invalid pattern is the same TypeError in
// Workers ("Failed to construct URLPattern"); test() and exec() have one each too.

const {
  ObjectDefineProperty,
  RegExpPrototypeExec,
  SymbolToStringTag,
} = primordials;
const { makeTypeError, makeWebIDLShaped, markResourceType, registerBrand } = internals;
const { converters: { USVString: toUSVString } } = internals.webidl;
const { basicURLParse, serializePath } = internals.urlParser;
const {
  URLPatternError, fail, compileComponent, makeOptions, kDefaultOptions, kHostnameOptions,
  kPathnameOptions,
} = internals.urlPatternParser;
const {
  canonicalizeProtocol, canonicalizeUsername, canonicalizePassword, canonicalizeHostname,
  canonicalizeIPv6Hostname, canonicalizePort, canonicalizePathname, canonicalizeOpaquePathname,
  canonicalizeSearch, canonicalizeHash, defaultPort, isSpecialScheme, kComponentNames,
  parseConstructorString, processURLPatternInit, protocolComponentMatchesSpecialScheme,
} = internals.urlPatternInit;

const kConstructFailed = 'Failed to construct URLPattern';
const illegalInvocation = () => makeTypeError('Illegal invocation');

// Runs `fn`; a broken pattern rule becomes Workers' TypeError with `message`. Anything else (a
// throwing getter of the Worker's own input, say) goes through unchanged.
function withWorkersError(message, fn) {
  try {
    return fn();
  } catch (error) {
    if (error instanceof URLPatternError) throw makeTypeError(message);
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// WebIDL conversions

// The URLPatternInit members, in the order workerd reads them.
const kInitMembers = [...kComponentNames, 'baseURL'];

// (USVString or URLPatternInit): objects (and undefined, null) are dictionaries. Returns a
// string or an init with a null prototype holding the members present.
function toURLPatternInput(value) {
  if (value !== undefined && value !== null && typeof value !== 'object' &&
      typeof value !== 'function') {
    return toUSVString(value);
  }
  const init = { __proto__: null };
  if (value === undefined || value === null) return init;
  for (let i = 0; i < kInitMembers.length; i++) {
    const member = value[kInitMembers[i]];
    if (member !== undefined) init[kInitMembers[i]] = toUSVString(member);
  }
  return init;
}

// URLPatternOptions: { ignoreCase = false }.
function toIgnoreCase(value) {
  if (value === undefined || value === null) return false;
  if (typeof value !== 'object' && typeof value !== 'function') {
    throw makeTypeError(kConstructFailed);
  }
  return !!value.ignoreCase;
}

// The dictionary a Worker gave, as the plain object an exec() result lists in `inputs`.
function initToObject(init) {
  const object = {};
  for (let i = 0; i < kInitMembers.length; i++) {
    const member = kInitMembers[i];
    if (member in init) defineValue(object, member, init[member]);
  }
  return object;
}

// Own data properties, so setters a Worker put on Object.prototype (or a group named
// "__proto__") cannot intercept them.
const defineValue = (object, key, value) => ObjectDefineProperty(object, key,
  { value, writable: true, enumerable: true, configurable: true });

// ---------------------------------------------------------------------------------------------
// https://urlpattern.spec.whatwg.org/#url-pattern-create

// Returns the eight compiled components, keyed by name. `input` is a string or an init,
// `baseURL` a string or null.
function createURLPattern(input, baseURL, ignoreCase) {
  let init;
  if (typeof input === 'string') {
    init = parseConstructorString(input);
    if (baseURL === null && !('protocol' in init)) fail('a relative pattern needs a base URL');
    if (baseURL !== null) init.baseURL = baseURL;
  } else {
    if (baseURL !== null) fail('a base URL goes in the dictionary');
    init = input;
  }
  const processed = processURLPatternInit(init, 'pattern', null);
  for (let i = 0; i < kComponentNames.length; i++) {
    if (!(kComponentNames[i] in processed)) processed[kComponentNames[i]] = '*';
  }
  const { protocol: protocolPattern, port } = processed;
  if (isSpecialScheme(protocolPattern) && port === `${defaultPort(protocolPattern)}`) {
    processed.port = '';
  }
  const protocol = compileComponent(protocolPattern, canonicalizeProtocol, kDefaultOptions);
  const hostnamePattern = processed.hostname;
  const components = {
    __proto__: null,
    protocol,
    username: compileComponent(processed.username, canonicalizeUsername, kDefaultOptions),
    password: compileComponent(processed.password, canonicalizePassword, kDefaultOptions),
    hostname: compileComponent(hostnamePattern, hostnamePatternIsIPv6(hostnamePattern)
      ? canonicalizeIPv6Hostname : canonicalizeHostname, kHostnameOptions),
    port: compileComponent(processed.port, canonicalizePort, kDefaultOptions),
    pathname: null,
    search: null,
    hash: null,
  };
  const options = makeOptions('', '', ignoreCase);
  if (protocolComponentMatchesSpecialScheme(protocol)) {
    const pathOptions =
      makeOptions(kPathnameOptions.delimiter, kPathnameOptions.prefix, ignoreCase);
    components.pathname = compileComponent(processed.pathname, canonicalizePathname, pathOptions);
  } else {
    components.pathname =
      compileComponent(processed.pathname, canonicalizeOpaquePathname, options);
  }
  components.search = compileComponent(processed.search, canonicalizeSearch, options);
  components.hash = compileComponent(processed.hash, canonicalizeHash, options);
  return components;
}

// https://urlpattern.spec.whatwg.org/#hostname-pattern-is-an-ipv6-address
function hostnamePatternIsIPv6(input) {
  if (input.length < 2) return false;
  return input[0] === '[' || ((input[0] === '{' || input[0] === '\\') && input[1] === '[');
}

// ---------------------------------------------------------------------------------------------
// https://urlpattern.spec.whatwg.org/#url-pattern-match

// `input` is a string or an init; `baseURL` a string or undefined. Returns the exec() result
// or null.
function matchURLPattern(components, input, baseURL) {
  let values;
  let inputs;
  if (typeof input !== 'string') {
    if (baseURL !== undefined) fail('a base URL goes in the dictionary');
    inputs = [initToObject(input)];
    try {
      values = processURLPatternInit(input, 'url', '');
    } catch (error) {
      // Text that is not a valid URL part matches nothing.
      if (error instanceof URLPatternError) return null;
      throw error;
    }
  } else {
    let base = null;
    inputs = [input];
    if (baseURL !== undefined) {
      base = basicURLParse(baseURL, null, null, 0);
      if (base === null) return null;
      inputs = [input, baseURL];
    }
    const url = basicURLParse(input, base, null, 0);
    if (url === null) return null;
    values = {
      protocol: url.scheme,
      username: url.username,
      password: url.password,
      hostname: url.host ?? '',
      port: url.port === null ? '' : `${url.port}`,
      pathname: serializePath(url),
      search: url.query ?? '',
      hash: url.fragment ?? '',
    };
  }
  const matches = { __proto__: null };
  for (let i = 0; i < kComponentNames.length; i++) {
    const name = kComponentNames[i];
    const match = RegExpPrototypeExec(components[name].regexp, values[name]);
    if (match === null) return null;
    matches[i] = match;
  }
  const result = { inputs };
  for (let i = 0; i < kComponentNames.length; i++) {
    const name = kComponentNames[i];
    defineValue(result, name, componentResult(components[name], values[name], matches[i]));
  }
  return result;
}

// https://urlpattern.spec.whatwg.org/#create-a-component-match-result
function componentResult(component, input, match) {
  const groups = {};
  for (let i = 1; i < match.length; i++) defineValue(groups, component.names[i - 1], match[i]);
  return { input, groups };
}

// ---------------------------------------------------------------------------------------------

let isURLPattern;

class URLPattern {
  #components;  // the compiled components by name (createURLPattern)

  // new URLPattern(input, baseURL, options) and new URLPattern(input, options): with two
  // arguments a string second argument is the base URL and anything else the options.
  // workerd takes an undefined base URL as none, even with three arguments.
  constructor(input = undefined, baseURL = undefined, options = undefined) {
    input = toURLPatternInput(input);
    let base = null;
    if (arguments.length >= 3 || (baseURL !== undefined && baseURL !== null &&
        typeof baseURL !== 'object' && typeof baseURL !== 'function')) {
      if (baseURL !== undefined) base = toUSVString(baseURL);
    } else {
      options = baseURL;
    }
    const ignoreCase = toIgnoreCase(options);
    this.#components =
      withWorkersError(kConstructFailed, () => createURLPattern(input, base, ignoreCase));
  }

  static {
    isURLPattern = (value) => typeof value === 'object' && value !== null && #components in value;
  }

  #component(name) {
    return this.#components[name].patternString;
  }

  get protocol() {
    if (!isURLPattern(this)) throw illegalInvocation();
    return this.#component('protocol');
  }

  get username() {
    if (!isURLPattern(this)) throw illegalInvocation();
    return this.#component('username');
  }

  get password() {
    if (!isURLPattern(this)) throw illegalInvocation();
    return this.#component('password');
  }

  get hostname() {
    if (!isURLPattern(this)) throw illegalInvocation();
    return this.#component('hostname');
  }

  get port() {
    if (!isURLPattern(this)) throw illegalInvocation();
    return this.#component('port');
  }

  get pathname() {
    if (!isURLPattern(this)) throw illegalInvocation();
    return this.#component('pathname');
  }

  get search() {
    if (!isURLPattern(this)) throw illegalInvocation();
    return this.#component('search');
  }

  get hash() {
    if (!isURLPattern(this)) throw illegalInvocation();
    return this.#component('hash');
  }

  // https://urlpattern.spec.whatwg.org/#url-pattern-has-regexp-groups
  get hasRegExpGroups() {
    if (!isURLPattern(this)) throw illegalInvocation();
    for (let i = 0; i < kComponentNames.length; i++) {
      if (this.#components[kComponentNames[i]].hasRegExpGroups) return true;
    }
    return false;
  }

  test(input = undefined, baseURL = undefined) {
    if (!isURLPattern(this)) throw illegalInvocation();
    input = toURLPatternInput(input);
    if (baseURL !== undefined) baseURL = toUSVString(baseURL);
    return withWorkersError('Failed to test URLPattern',
      () => matchURLPattern(this.#components, input, baseURL)) !== null;
  }

  exec(input = undefined, baseURL = undefined) {
    if (!isURLPattern(this)) throw illegalInvocation();
    input = toURLPatternInput(input);
    if (baseURL !== undefined) baseURL = toUSVString(baseURL);
    return withWorkersError('Failed to exec URLPattern',
      () => matchURLPattern(this.#components, input, baseURL));
  }
}

registerBrand(URLPattern, (value) => isURLPattern(value));
markResourceType(URLPattern);  // console.log shows the component patterns, as workerd does
makeWebIDLShaped(URLPattern.prototype);
ObjectDefineProperty(URLPattern.prototype, SymbolToStringTag,
  { value: 'URLPattern', writable: false, enumerable: false, configurable: true });

internals.URLPattern = URLPattern;
internals.defineGlobal('URLPattern', URLPattern);
