'use strict';
// node:url: the WHATWG URL and URLSearchParams (05_url.js), file: URL conversions (POSIX
// paths), url.format for both URL objects and legacy objects, and the legacy url.parse /
// url.resolve that older libraries still call.

const { ObjectKeys, StringPrototypeToLowerCase, RegExpPrototypeExec } = primordials;
const { nodeErrors, validateString } = internals;
const URLCtor = internals.URL;
const querystring = internals.nodeQuerystring;

function fileURLToPath(input) {
  const url = typeof input === 'string' ? new URLCtor(input) : input;
  if (!(url instanceof URLCtor)) throw nodeErrors.invalidArgType('path', 'of type string or an instance of URL', input);
  if (url.protocol !== 'file:') throw nodeErrors.make(TypeError, 'ERR_INVALID_URL_SCHEME', 'The URL must be of scheme file');
  if (url.hostname !== '') {
    throw nodeErrors.make(TypeError, 'ERR_INVALID_FILE_URL_HOST', 'File URL host must be "localhost" or empty on linux');
  }
  const pathname = url.pathname;
  for (let i = 0; i < pathname.length; i++) {
    if (pathname[i] === '%' && (pathname[i + 1] === '2') && (pathname[i + 2] === 'f' || pathname[i + 2] === 'F')) {
      throw nodeErrors.make(TypeError, 'ERR_INVALID_FILE_URL_PATH', 'File URL path must not include encoded / characters');
    }
  }
  return decodeURIComponent(pathname);
}

function pathToFileURL(path) {
  validateString(path, 'path');
  let resolved = internals.nodePath.resolve(path);
  // resolve() drops a trailing slash that the URL should keep.
  if (path.endsWith('/') && !resolved.endsWith('/')) resolved += '/';
  const url = new URLCtor('file://');
  url.pathname = resolved.replace(/%/g, '%25').replace(/\\/g, '%5C').replace(/\n/g, '%0A')
    .replace(/\r/g, '%0D').replace(/\t/g, '%09').replace(/#/g, '%23').replace(/\?/g, '%3F');
  return url;
}

function domainToASCII(domain) { return ops.domainToASCII(String(domain), false) ?? ''; }
function domainToUnicode(domain) { return ops.domainToUnicode(String(domain)); }

function urlToHttpOptions(url) {
  const options = {
    protocol: url.protocol,
    hostname: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
    hash: url.hash, search: url.search, pathname: url.pathname,
    path: `${url.pathname || ''}${url.search || ''}`, href: url.href,
  };
  if (url.port !== '') options.port = Number(url.port);
  if (url.username || url.password) {
    options.auth = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  }
  return options;
}

// Legacy API ----------------------------------------------------------------------------------

// Protocols whose URLs always have '//' (Node's slashedProtocol).
const kSlashed = new Set(['http', 'http:', 'https', 'https:', 'ftp', 'ftp:', 'gopher', 'gopher:',
  'file', 'file:', 'ws', 'ws:', 'wss', 'wss:']);

function Url() {
  this.protocol = null;
  this.slashes = null;
  this.auth = null;
  this.host = null;
  this.port = null;
  this.hostname = null;
  this.hash = null;
  this.search = null;
  this.query = null;
  this.pathname = null;
  this.path = null;
  this.href = null;
}

const kProtocol = /^([a-z0-9.+-]+:)/i;

function urlParse(url, parseQueryString = false, slashesDenoteHost = false) {
  if (url instanceof Url) return url;
  validateString(url, 'url');
  const result = new Url();
  let rest = url.trim().replace(/\\/g, '/');
  const hashAt = rest.indexOf('#');
  if (hashAt !== -1) {
    result.hash = rest.slice(hashAt);
    rest = rest.slice(0, hashAt);
  }
  const queryAt = rest.indexOf('?');
  if (queryAt !== -1) {
    result.search = rest.slice(queryAt);
    result.query = rest.slice(queryAt + 1);
    rest = rest.slice(0, queryAt);
  } else if (parseQueryString) {
    result.search = '';
    result.query = {};
  }
  if (parseQueryString && typeof result.query === 'string') result.query = querystring.parse(result.query);

  const protocolMatch = RegExpPrototypeExec(kProtocol, rest);
  if (protocolMatch !== null) {
    result.protocol = StringPrototypeToLowerCase(protocolMatch[1]);
    rest = rest.slice(protocolMatch[1].length);
  }
  const lowerProto = result.protocol ?? '';
  if ((slashesDenoteHost || result.protocol !== null) && rest.startsWith('//') &&
      !(result.protocol === 'javascript:')) {
    result.slashes = true;
    rest = rest.slice(2);
    let hostEnd = rest.search(/[/]/);
    if (hostEnd === -1) hostEnd = rest.length;
    let host = rest.slice(0, hostEnd);
    rest = rest.slice(hostEnd);
    const at = host.lastIndexOf('@');
    if (at !== -1) {
      result.auth = decodeURIComponent(host.slice(0, at));
      host = host.slice(at + 1);
    }
    const portMatch = /:([0-9]*)$/.exec(host);
    if (portMatch !== null) {
      if (portMatch[1] !== '') result.port = portMatch[1];
      host = host.slice(0, host.length - portMatch[0].length);
    }
    let hostname = StringPrototypeToLowerCase(host);
    if (hostname.startsWith('[') && hostname.endsWith(']')) hostname = hostname.slice(1, -1);
    else if (hostname !== '') hostname = domainToASCII(hostname) || hostname;
    result.hostname = hostname;
    const shownHost = host.startsWith('[') ? `[${hostname}]` : hostname;
    result.host = result.port !== null ? `${shownHost}:${result.port}` : shownHost;
    if (kSlashed.has(lowerProto) && rest === '') rest = '/';
  }
  // Characters Node escapes in the path.
  rest = rest.replace(/[ "'<>`{}|^]/g, (c) => encodeURIComponent(c).replace("'", '%27'));
  if (rest !== '' || result.slashes) result.pathname = rest || (result.slashes ? '/' : null);
  if (result.pathname !== null || result.search !== null) {
    result.path = `${result.pathname ?? ''}${result.search ?? ''}`;
  }
  result.href = urlFormat(result);
  return result;
}

function urlFormat(object, options = undefined) {
  if (typeof object === 'string') object = urlParse(object);
  else if (object === null || typeof object !== 'object') {
    throw nodeErrors.invalidArgType('urlObject', 'one of type object or string', object);
  }
  if (object instanceof URLCtor) {
    // WHATWG URL with Node's {auth, fragment, search, unicode} options.
    const opts = { auth: true, fragment: true, search: true, unicode: false, ...options };
    let out = object.protocol;
    if (object.host !== '' || object.protocol === 'file:') out += '//';
    if (opts.auth && (object.username || object.password)) {
      out += object.username + (object.password ? `:${object.password}` : '') + '@';
    }
    out += opts.unicode ? domainToUnicode(object.hostname) + (object.port ? `:${object.port}` : '') : object.host;
    out += object.pathname;
    if (opts.search) out += object.search;
    if (opts.fragment) out += object.hash;
    return out;
  }
  let auth = object.auth || '';
  if (auth) auth = encodeURIComponent(auth).replace(/%3A/i, ':') + '@';
  let protocol = object.protocol || '';
  let pathname = object.pathname || '';
  let hash = object.hash || '';
  let host = '';
  let query = '';
  if (object.host) {
    host = auth + object.host;
  } else if (object.hostname) {
    host = auth + (object.hostname.includes(':') && !object.hostname.startsWith('[')
      ? `[${object.hostname}]` : object.hostname);
    if (object.port) host += `:${object.port}`;
  }
  if (object.query !== null && typeof object.query === 'object' && ObjectKeys(object.query).length > 0) {
    query = querystring.stringify(object.query);
  }
  let search = object.search || (query && `?${query}`) || '';
  if (protocol && !protocol.endsWith(':')) protocol += ':';
  pathname = pathname.replace(/[?#]/g, (c) => encodeURIComponent(c));
  search = search.replace('#', '%23');
  if (object.slashes || kSlashed.has(protocol)) {
    if (object.slashes || host) {
      if (pathname && pathname[0] !== '/') pathname = '/' + pathname;
      host = '//' + host;
    } else if (protocol.length >= 4 && protocol.startsWith('file')) {
      host = '//';
    }
  }
  if (hash && hash[0] !== '#') hash = '#' + hash;
  if (search && search[0] !== '?') search = '?' + search;
  return protocol + host + pathname + search + hash;
}

// Relative sources resolve against a placeholder origin that is then removed.
function urlResolve(source, relative) {
  const resolved = new URLCtor(relative, new URLCtor(source, 'resolve://')).href;
  if (!resolved.startsWith('resolve://')) return resolved;
  const path = resolved.slice('resolve://'.length);
  return source.startsWith('/') ? path : path.replace(/^\//, '');
}

Url.prototype.parse = function parse(url, parseQueryString, slashesDenoteHost) {
  Object.assign(this, urlParse(url, parseQueryString, slashesDenoteHost));
  return this;
};
Url.prototype.format = function format() { return urlFormat(this); };
Url.prototype.resolve = function resolve(relative) { return urlResolve(this.href, relative); };

// The legacy resolve, answered as a parsed Url object (source may be one already).
function urlResolveObject(source, relative) {
  if (!source) return relative;
  const sourceHref = source instanceof Url ? urlFormat(source) : urlParse(source).href;
  const relativeHref = relative instanceof Url ? urlFormat(relative) : urlParse(relative).href;
  return urlParse(urlResolve(sourceHref, relativeHref));
}

// A URL object (or anything shaped like one, as Node's isURL checks) becomes its path; anything
// else comes back as it was.
function toPathIfFileURL(fileURLOrPath) {
  const looksLikeUrl = Boolean(fileURLOrPath?.href && fileURLOrPath.protocol &&
    fileURLOrPath.auth === undefined && fileURLOrPath.path === undefined);
  if (!looksLikeUrl) return fileURLOrPath;
  return fileURLToPath(fileURLOrPath instanceof URLCtor ? fileURLOrPath : new URLCtor(fileURLOrPath.href));
}

internals.defineNodeModule('url', {
  URL: URLCtor, URLSearchParams: internals.URLSearchParams, Url,
  domainToASCII, domainToUnicode, fileURLToPath, pathToFileURL, urlToHttpOptions,
  parse: urlParse, format: urlFormat, resolve: urlResolve, resolveObject: urlResolveObject,
  toPathIfFileURL,
});
