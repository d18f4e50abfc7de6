'use strict';
// From what a Worker passes to URLPattern to the eight component pattern strings
// (https://urlpattern.spec.whatwg.org/#canon and #constructor-string-parsing): the encoding
// callbacks that canonicalize component text with the URL parser of 04_url_parser.js, the
// constructor string parser ("https://*.example.com/:id"), and "process a URLPatternInit".
//
// A URLPatternInit here is an object with a null prototype holding only the members present,
// so "init contains x" is `x in init`.

const {
  RegExpPrototypeExec, StringPrototypeLastIndexOf, StringPrototypeSlice, StringPrototypeToLowerCase,
} = primordials;
const {
  URLRecord, basicURLParse, defaultPort, isSpecialScheme, kUserinfoSet, percentEncode,
  serializePath, states,
} = internals.urlParser;
const {
  fail, tokenize, tokenTypes, escapePatternString, compileComponent, kDefaultOptions,
} = internals.urlPatternParser;

const kSpecialSchemes = ['ftp', 'file', 'http', 'https', 'ws', 'wss'];
// The URL components a pattern has, in URL order.
const kComponentNames =
  ['protocol', 'username', 'password', 'hostname', 'port', 'pathname', 'search', 'hash'];

// https://urlpattern.spec.whatwg.org/#create-a-dummy-url: the record of
// "https://dummy.invalid/", built directly since the encoding callbacks change it.
function createDummyURL() {
  const url = new URLRecord();
  url.scheme = 'https';
  url.host = 'dummy.invalid';
  url.path = [''];
  return url;
}

// ---------------------------------------------------------------------------------------------
// Encoding callbacks (https://urlpattern.spec.whatwg.org/#canon-encoding-callbacks). Each takes
// a piece of component text and returns it canonicalized, or throws URLPatternError.

function canonicalizeProtocol(value) {
  if (value === '') return value;
  // Not the scheme state override: that refuses to switch between special and non-special.
  const url = basicURLParse(`${value}://dummy.invalid/`, null, null, 0);
  if (url === null) fail(`invalid protocol "${value}"`);
  return url.scheme;
}

// https://url.spec.whatwg.org/#set-the-username (and #set-the-password).
const canonicalizeUsername = (value) => percentEncode(value, kUserinfoSet);
const canonicalizePassword = (value) => percentEncode(value, kUserinfoSet);

function canonicalizeHostname(value) {
  if (value === '') return value;
  const url = createDummyURL();
  if (basicURLParse(value, null, url, states.kHostname) === null) {
    fail(`invalid hostname "${value}"`);
  }
  return url.host ?? '';
}

function canonicalizeIPv6Hostname(value) {
  let result = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') ||
          c === '[' || c === ']' || c === ':')) {
      fail(`invalid IPv6 hostname "${value}"`);
    }
    result += StringPrototypeToLowerCase(c);
  }
  return result;
}

const isTabOrNewline = (c) => c === '\t' || c === '\n' || c === '\r';

function canonicalizePort(value, protocol = undefined) {
  if (value === '') return value;
  const url = createDummyURL();
  url.port = null;
  // The scheme lets the parser drop a default port.
  if (protocol !== undefined) url.scheme = protocol;
  // The port state override accepts text after the digits ("80x" is 80) but also text with no
  // digits at all, leaving the port unset; a port pattern must start with a digit.
  let first = 0;
  while (first < value.length && isTabOrNewline(value[first])) first++;
  if (first < value.length && !(value[first] >= '0' && value[first] <= '9')) {
    fail(`invalid port "${value}"`);
  }
  if (basicURLParse(value, null, url, states.kPort) === null) fail(`invalid port "${value}"`);
  return url.port === null ? '' : `${url.port}`;
}

function canonicalizePathname(value) {
  if (value === '') return value;
  // A piece of a pathname: "/-" keeps the parser from adding a leading "/" or collapsing a
  // leading ".", and is cut off again below.
  const leadingSlash = value[0] === '/';
  const url = createDummyURL();
  url.path = [];
  basicURLParse(leadingSlash ? value : `/-${value}`, null, url, states.kPathStart);
  const result = serializePath(url);
  return leadingSlash ? result : StringPrototypeSlice(result, 2);
}

// The standard runs the opaque path state on `value`; workerd parses "fake:" + value instead,
// so text starting with "/" is the hierarchical path of a non-special URL (dot segments
// collapse), as in the URLs such a pattern is matched against. edged does what workerd does.
function canonicalizeOpaquePathname(value) {
  if (value === '') return value;
  const url = basicURLParse(`fake:${value}`, null, null, 0);
  if (url === null) fail(`invalid pathname "${value}"`);
  return serializePath(url);
}

function canonicalizeSearch(value) {
  if (value === '') return value;
  const url = createDummyURL();
  url.query = '';
  basicURLParse(value, null, url, states.kQuery);
  return url.query;
}

function canonicalizeHash(value) {
  if (value === '') return value;
  const url = createDummyURL();
  url.fragment = '';
  basicURLParse(value, null, url, states.kFragment);
  return url.fragment;
}

// https://urlpattern.spec.whatwg.org/#protocol-component-matches-a-special-scheme
function protocolComponentMatchesSpecialScheme(component) {
  for (let i = 0; i < kSpecialSchemes.length; i++) {
    if (RegExpPrototypeExec(component.regexp, kSpecialSchemes[i]) !== null) {
      return true;
    }
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Constructor strings (https://urlpattern.spec.whatwg.org/#constructor-string-parsing)

const { kOpen, kClose, kRegexp, kName, kChar, kEscapedChar, kAsterisk, kEnd, kInvalidChar } =
  tokenTypes;

class ConstructorStringParser {
  constructor(input) {
    this.input = input;
    this.tokens = tokenize(input, true);
    this.result = { __proto__: null };
    this.componentStart = 0;
    this.tokenIndex = 0;
    this.tokenIncrement = 1;
    this.groupDepth = 0;
    this.hostnameIPv6BracketDepth = 0;
    this.protocolMatchesSpecialScheme = false;
    // 'init', 'protocol', 'authority', 'username', 'password', 'hostname', 'port',
    // 'pathname', 'search', 'hash' or 'done'. The component states name result members.
    this.state = 'init';
  }

  // https://urlpattern.spec.whatwg.org/#parse-a-constructor-string
  parse() {
    const tokens = this.tokens;
    while (this.tokenIndex < tokens.length) {
      this.tokenIncrement = 1;
      if (tokens[this.tokenIndex].type === kEnd) {
        if (this.state === 'init') {
          // No protocol: a relative pattern, starting with whichever component comes first.
          this.rewind();
          if (this.isHashPrefix()) this.changeState('hash', 1);
          else if (this.isSearchPrefix()) this.changeState('search', 1);
          else this.changeState('pathname', 0);
          this.tokenIndex += this.tokenIncrement;
          continue;
        }
        if (this.state === 'authority') {
          // No "@": there is no username or password.
          this.rewindAndSetState('hostname');
          this.tokenIndex += this.tokenIncrement;
          continue;
        }
        this.changeState('done', 0);
        break;
      }
      // Component boundaries never fall inside "{ ... }".
      if (tokens[this.tokenIndex].type === kOpen) {
        this.groupDepth++;
        this.tokenIndex += this.tokenIncrement;
        continue;
      }
      if (this.groupDepth > 0) {
        if (tokens[this.tokenIndex].type === kClose) {
          this.groupDepth--;
        } else {
          this.tokenIndex += this.tokenIncrement;
          continue;
        }
      }
      this.step();
      this.tokenIndex += this.tokenIncrement;
    }
    // A hostname without a port means the default port, not any port.
    if ('hostname' in this.result && !('port' in this.result)) this.result.port = '';
    return this.result;
  }

  // The per-state steps of the parse loop.
  step() {
    switch (this.state) {
      case 'init':
        if (this.isNonSpecialPatternChar(this.tokenIndex, ':')) this.rewindAndSetState('protocol');
        break;
      case 'protocol':
        if (this.isNonSpecialPatternChar(this.tokenIndex, ':')) {
          this.computeProtocolMatchesSpecialSchemeFlag();
          let nextState = 'pathname';
          let skip = 1;
          if (this.nextIsAuthoritySlashes()) {
            nextState = 'authority';
            skip = 3;
          } else if (this.protocolMatchesSpecialScheme) {
            nextState = 'authority';
          }
          this.changeState(nextState, skip);
        }
        break;
      case 'authority':
        if (this.isNonSpecialPatternChar(this.tokenIndex, '@')) {
          this.rewindAndSetState('username');
        } else if (this.isPathnameStart() || this.isSearchPrefix() || this.isHashPrefix()) {
          this.rewindAndSetState('hostname');
        }
        break;
      case 'username':
        if (this.isNonSpecialPatternChar(this.tokenIndex, ':')) {
          this.changeState('password', 1);
        } else if (this.isNonSpecialPatternChar(this.tokenIndex, '@')) {
          this.changeState('hostname', 1);
        }
        break;
      case 'password':
        if (this.isNonSpecialPatternChar(this.tokenIndex, '@')) this.changeState('hostname', 1);
        break;
      case 'hostname':
        if (this.isNonSpecialPatternChar(this.tokenIndex, '[')) {
          this.hostnameIPv6BracketDepth++;
        } else if (this.isNonSpecialPatternChar(this.tokenIndex, ']')) {
          this.hostnameIPv6BracketDepth--;
        } else if (this.isNonSpecialPatternChar(this.tokenIndex, ':') &&
                   this.hostnameIPv6BracketDepth === 0) {
          this.changeState('port', 1);
        } else if (this.isPathnameStart()) {
          this.changeState('pathname', 0);
        } else if (this.isSearchPrefix()) {
          this.changeState('search', 1);
        } else if (this.isHashPrefix()) {
          this.changeState('hash', 1);
        }
        break;
      case 'port':
        if (this.isPathnameStart()) this.changeState('pathname', 0);
        else if (this.isSearchPrefix()) this.changeState('search', 1);
        else if (this.isHashPrefix()) this.changeState('hash', 1);
        break;
      case 'pathname':
        if (this.isSearchPrefix()) this.changeState('search', 1);
        else if (this.isHashPrefix()) this.changeState('hash', 1);
        break;
      case 'search':
        if (this.isHashPrefix()) this.changeState('hash', 1);
        break;
      default:  // 'hash' takes the rest; 'done' ends the loop before this.
        break;
    }
  }

  // https://urlpattern.spec.whatwg.org/#change-state
  changeState(newState, skip) {
    const state = this.state;
    const result = this.result;
    if (state !== 'init' && state !== 'authority' && state !== 'done') {
      result[state] = this.makeComponentString();
    }
    if (state !== 'init' && newState !== 'done') {
      // Components skipped between two that were given are empty, not wildcards.
      const beforeHostname = state === 'protocol' || state === 'authority' ||
        state === 'username' || state === 'password';
      const beforePathname = beforeHostname || state === 'hostname' || state === 'port';
      if (beforeHostname && (newState === 'port' || newState === 'pathname' ||
          newState === 'search' || newState === 'hash') && !('hostname' in result)) {
        result.hostname = '';
      }
      if (beforePathname && (newState === 'search' || newState === 'hash') &&
          !('pathname' in result)) {
        result.pathname = this.protocolMatchesSpecialScheme ? '/' : '';
      }
      if ((beforePathname || state === 'pathname') && newState === 'hash' &&
          !('search' in result)) {
        result.search = '';
      }
    }
    this.state = newState;
    this.tokenIndex += skip;
    this.componentStart = this.tokenIndex;
    this.tokenIncrement = 0;
  }

  rewind() {
    this.tokenIndex = this.componentStart;
    this.tokenIncrement = 0;
  }

  rewindAndSetState(state) {
    this.rewind();
    this.state = state;
  }

  // https://urlpattern.spec.whatwg.org/#get-a-safe-token: past the end is the end token.
  safeToken(index) {
    const tokens = this.tokens;
    return index < tokens.length ? tokens[index] : tokens[tokens.length - 1];
  }

  // https://urlpattern.spec.whatwg.org/#is-a-non-special-pattern-char
  isNonSpecialPatternChar(index, value) {
    const token = this.safeToken(index);
    if (token.value !== value) return false;
    return token.type === kChar || token.type === kEscapedChar || token.type === kInvalidChar;
  }

  nextIsAuthoritySlashes() {
    return this.isNonSpecialPatternChar(this.tokenIndex + 1, '/') &&
      this.isNonSpecialPatternChar(this.tokenIndex + 2, '/');
  }

  isPathnameStart() {
    return this.isNonSpecialPatternChar(this.tokenIndex, '/');
  }

  isHashPrefix() {
    return this.isNonSpecialPatternChar(this.tokenIndex, '#');
  }

  // https://urlpattern.spec.whatwg.org/#is-a-search-prefix: a "?" is also the optional
  // modifier, unless nothing before it can take one.
  isSearchPrefix() {
    if (this.isNonSpecialPatternChar(this.tokenIndex, '?')) return true;
    if (this.tokens[this.tokenIndex].value !== '?') return false;
    if (this.tokenIndex === 0) return true;
    const previous = this.safeToken(this.tokenIndex - 1);
    return previous.type !== kName && previous.type !== kRegexp && previous.type !== kClose &&
      previous.type !== kAsterisk;
  }

  // https://urlpattern.spec.whatwg.org/#make-a-component-string
  makeComponentString() {
    const start = this.safeToken(this.componentStart).index;
    return StringPrototypeSlice(this.input, start, this.tokens[this.tokenIndex].index);
  }

  // Whether the pattern's protocol can match a special scheme decides whether an authority
  // and a "/" pathname follow.
  computeProtocolMatchesSpecialSchemeFlag() {
    const component =
      compileComponent(this.makeComponentString(), canonicalizeProtocol, kDefaultOptions);
    if (protocolComponentMatchesSpecialScheme(component)) {
      this.protocolMatchesSpecialScheme = true;
    }
  }
}

const parseConstructorString = (input) => new ConstructorStringParser(input).parse();

// ---------------------------------------------------------------------------------------------
// https://urlpattern.spec.whatwg.org/#process-a-urlpatterninit

// `type` is 'pattern' (building a URLPattern: text stays pattern syntax) or 'url' (matching:
// text is canonicalized as URL parts). `defaults` holds the starting value of each component,
// or is null for none.
function processURLPatternInit(init, type, defaults) {
  const result = { __proto__: null };
  if (defaults !== null) {
    for (let i = 0; i < kComponentNames.length; i++) result[kComponentNames[i]] = defaults;
  }
  const isPattern = type === 'pattern';
  const fromBase = (value) => (isPattern ? escapePatternString(value) : value);
  let baseURL = null;
  if ('baseURL' in init) {
    // A component is taken from the base URL unless init gives that component or a less
    // specific one (protocol, hostname, port, pathname, search, hash; username and password
    // come after port and are never taken for a pattern).
    baseURL = basicURLParse(init.baseURL, null, null, 0);
    if (baseURL === null) fail(`invalid base URL "${init.baseURL}"`);
    const has = (name) => name in init;
    if (!has('protocol')) result.protocol = fromBase(baseURL.scheme);
    const authorityGiven = has('protocol') || has('hostname') || has('port');
    if (!isPattern && !authorityGiven && !has('username')) {
      result.username = fromBase(baseURL.username);
    }
    if (!isPattern && !authorityGiven && !has('username') && !has('password')) {
      result.password = fromBase(baseURL.password);
    }
    if (!has('protocol') && !has('hostname')) result.hostname = fromBase(baseURL.host ?? '');
    if (!authorityGiven) {
      result.port = baseURL.port === null ? '' : `${baseURL.port}`;
      if (!has('pathname')) {
        result.pathname = fromBase(serializePath(baseURL));
        if (!has('search')) {
          result.search = fromBase(baseURL.query ?? '');
          if (!has('hash')) result.hash = fromBase(baseURL.fragment ?? '');
        }
      }
    }
  }
  if ('protocol' in init) {
    const value = stripSuffix(init.protocol, ':');
    result.protocol = isPattern ? value : canonicalizeProtocol(value);
  }
  if ('username' in init) {
    result.username = isPattern ? init.username : canonicalizeUsername(init.username);
  }
  if ('password' in init) {
    result.password = isPattern ? init.password : canonicalizePassword(init.password);
  }
  if ('hostname' in init) {
    result.hostname = isPattern ? init.hostname : canonicalizeHostname(init.hostname);
  }
  const protocol = result.protocol ?? '';
  if ('port' in init) {
    result.port = isPattern ? init.port : canonicalizePort(init.port, protocol);
  }
  if ('pathname' in init) {
    let pathname = init.pathname;
    // A relative pathname is resolved against the base URL's directory.
    if (baseURL !== null && typeof baseURL.path !== 'string' &&
        !isAbsolutePathname(pathname, type)) {
      const basePath = fromBase(serializePath(baseURL));
      const slash = StringPrototypeLastIndexOf(basePath, '/');
      if (slash !== -1) pathname = StringPrototypeSlice(basePath, 0, slash + 1) + pathname;
    }
    result.pathname = isPattern ? pathname : processPathnameForURL(pathname, protocol);
  }
  if ('search' in init) {
    const value = stripPrefix(init.search, '?');
    result.search = isPattern ? value : canonicalizeSearch(value);
  }
  if ('hash' in init) {
    const value = stripPrefix(init.hash, '#');
    result.hash = isPattern ? value : canonicalizeHash(value);
  }
  return result;
}

const stripSuffix = (value, c) =>
  (value !== '' && value[value.length - 1] === c ? StringPrototypeSlice(value, 0, -1) : value);
const stripPrefix = (value, c) => (value[0] === c ? StringPrototypeSlice(value, 1) : value);

// https://urlpattern.spec.whatwg.org/#is-an-absolute-pathname
function isAbsolutePathname(input, type) {
  if (input === '') return false;
  if (input[0] === '/') return true;
  if (type === 'url' || input.length < 2) return false;
  return (input[0] === '\\' || input[0] === '{') && input[1] === '/';
}

// https://urlpattern.spec.whatwg.org/#process-pathname-for-init, for type 'url'. An empty
// protocol (none given) counts as special: the common case.
function processPathnameForURL(pathname, protocol) {
  if (protocol === '' || isSpecialScheme(protocol)) return canonicalizePathname(pathname);
  return canonicalizeOpaquePathname(pathname);
}

internals.urlPatternInit = {
  canonicalizeProtocol,
  canonicalizeUsername,
  canonicalizePassword,
  canonicalizeHostname,
  canonicalizeIPv6Hostname,
  canonicalizePort,
  canonicalizePathname,
  canonicalizeOpaquePathname,
  canonicalizeSearch,
  canonicalizeHash,
  defaultPort,
  isSpecialScheme,
  kComponentNames,
  parseConstructorString,
  processURLPatternInit,
  protocolComponentMatchesSpecialScheme,
};
