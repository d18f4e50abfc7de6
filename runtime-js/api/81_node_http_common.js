'use strict';
// What node:http's client and server share: STATUS_CODES, METHODS, the header-name and -value
// checks (RFC 9110 §5.1 token, §5.5 field value) with Node's error codes, maxHeaderSize, and
// Agent/globalAgent. On Workers every request goes through fetch, so an Agent pools nothing:
// it is accepted and carries defaultPort and protocol, as workerd's does.

const { Error, TypeError, RangeError, RegExpPrototypeExec, ObjectFreeze } = primordials;
const { nodeErrors } = internals;

const STATUS_CODES = {
  100: 'Continue', 101: 'Switching Protocols', 102: 'Processing', 103: 'Early Hints',
  200: 'OK', 201: 'Created', 202: 'Accepted', 203: 'Non-Authoritative Information',
  204: 'No Content', 205: 'Reset Content', 206: 'Partial Content', 207: 'Multi-Status',
  208: 'Already Reported', 226: 'IM Used', 300: 'Multiple Choices', 301: 'Moved Permanently',
  302: 'Found', 303: 'See Other', 304: 'Not Modified', 305: 'Use Proxy', 307: 'Temporary Redirect',
  308: 'Permanent Redirect', 400: 'Bad Request', 401: 'Unauthorized', 402: 'Payment Required',
  403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 406: 'Not Acceptable',
  407: 'Proxy Authentication Required', 408: 'Request Timeout', 409: 'Conflict', 410: 'Gone',
  411: 'Length Required', 412: 'Precondition Failed', 413: 'Payload Too Large',
  414: 'URI Too Long', 415: 'Unsupported Media Type', 416: 'Range Not Satisfiable',
  417: 'Expectation Failed', 418: "I'm a Teapot", 421: 'Misdirected Request',
  422: 'Unprocessable Entity', 423: 'Locked', 424: 'Failed Dependency', 425: 'Too Early',
  426: 'Upgrade Required', 428: 'Precondition Required', 429: 'Too Many Requests',
  431: 'Request Header Fields Too Large', 451: 'Unavailable For Legal Reasons',
  500: 'Internal Server Error', 501: 'Not Implemented', 502: 'Bad Gateway',
  503: 'Service Unavailable', 504: 'Gateway Timeout', 505: 'HTTP Version Not Supported',
  506: 'Variant Also Negotiates', 507: 'Insufficient Storage', 508: 'Loop Detected',
  509: 'Bandwidth Limit Exceeded', 510: 'Not Extended', 511: 'Network Authentication Required',
};

// Node's list (llhttp's methods), sorted.
const METHODS = ObjectFreeze([
  'ACL', 'BIND', 'CHECKOUT', 'CONNECT', 'COPY', 'DELETE', 'GET', 'HEAD', 'LINK', 'LOCK',
  'M-SEARCH', 'MERGE', 'MKACTIVITY', 'MKCALENDAR', 'MKCOL', 'MOVE', 'NOTIFY', 'OPTIONS', 'PATCH',
  'POST', 'PROPFIND', 'PROPPATCH', 'PURGE', 'PUT', 'QUERY', 'REBIND', 'REPORT', 'SEARCH', 'SOURCE',
  'SUBSCRIBE', 'TRACE', 'UNBIND', 'UNLINK', 'UNLOCK', 'UNSUBSCRIBE',
]);

const maxHeaderSize = 16384;
const CRLF = '\r\n';
const chunkExpression = /(?:^|\W)chunked(?:$|\W)/i;
const continueExpression = /(?:^|\W)100-continue(?:$|\W)/i;

const tokenRegExp = /^[\^_`a-zA-Z\-0-9!#$%&'*+.|~]+$/;
const checkIsHttpToken = (value) => RegExpPrototypeExec(tokenRegExp, value) !== null;
// A field value may hold tabs and visible characters, never CR, LF or NUL.
const headerCharRegExp = /[^\t\x20-\x7e\x80-\xff]/;
const checkInvalidHeaderChar = (value) => RegExpPrototypeExec(headerCharRegExp, value) !== null;

const httpErrors = {
  invalidToken: (what, name) => nodeErrors.make(TypeError, 'ERR_INVALID_HTTP_TOKEN',
    `${what} must be a valid HTTP token ["${name}"]`),
  invalidChar: (name) => nodeErrors.make(TypeError, 'ERR_INVALID_CHAR',
    `Invalid character in header content ["${name}"]`),
  invalidHeaderValue: (value, name) => nodeErrors.make(TypeError, 'ERR_HTTP_INVALID_HEADER_VALUE',
    `Invalid value "${value}" for header "${name}"`),
  headersSent: (action) => nodeErrors.make(Error, 'ERR_HTTP_HEADERS_SENT',
    `Cannot ${action} headers after they are sent to the client`),
  invalidStatusCode: (code) => nodeErrors.make(RangeError, 'ERR_HTTP_INVALID_STATUS_CODE',
    `Invalid status code: ${code}`),
  invalidProtocol: (protocol, expected) => nodeErrors.make(TypeError, 'ERR_INVALID_PROTOCOL',
    `Protocol "${protocol}" not supported. Expected "${expected}"`),
  writeAfterEnd: () => nodeErrors.make(Error, 'ERR_STREAM_WRITE_AFTER_END', 'write after end'),
  notImplemented: (what) => nodeErrors.make(Error, 'ERR_METHOD_NOT_IMPLEMENTED',
    `The ${what} method is not implemented`),
};

function validateHeaderName(name, label = 'Header name') {
  if (typeof name !== 'string' || !name || !checkIsHttpToken(name)) {
    throw httpErrors.invalidToken(label, name);
  }
}

function validateHeaderValue(name, value) {
  if (value === undefined) throw httpErrors.invalidHeaderValue(value, name);
  if (checkInvalidHeaderChar(`${value}`)) throw httpErrors.invalidChar(name);
}

// Agent: the options are kept for libraries that read them; there are no sockets to pool.
class Agent extends internals.EventEmitter {
  constructor(options = {}) {
    super();
    this.options = { __proto__: null, ...options };
    this.defaultPort = options.defaultPort ?? 80;
    this.protocol = options.protocol ?? 'http:';
    this.keepAlive = options.keepAlive ?? false;
    this.keepAliveMsecs = options.keepAliveMsecs ?? 1000;
    this.maxSockets = options.maxSockets ?? Infinity;
    this.maxFreeSockets = options.maxFreeSockets ?? 256;
    this.maxTotalSockets = options.maxTotalSockets ?? Infinity;
    this.totalSocketCount = 0;
    this.requests = { __proto__: null };
    this.sockets = { __proto__: null };
    this.freeSockets = { __proto__: null };
  }
  getName(options = {}) {
    let name = options.host || 'localhost';
    name += ':';
    if (options.port) name += options.port;
    name += ':';
    if (options.localAddress) name += options.localAddress;
    if (options.family === 4 || options.family === 6) name += `:${options.family}`;
    return name;
  }
  destroy() {}
}

class HttpsAgent extends Agent {
  constructor(options = {}) {
    super({ defaultPort: 443, protocol: 'https:', ...options });
  }
}

const globalAgent = new Agent({ keepAlive: true, scheduling: 'lifo', timeout: 5000 });
const httpsGlobalAgent = new HttpsAgent({ keepAlive: true, scheduling: 'lifo', timeout: 5000 });

internals.nodeHttp = {
  STATUS_CODES, METHODS, maxHeaderSize, CRLF, chunkExpression, continueExpression,
  checkIsHttpToken, checkInvalidHeaderChar, validateHeaderName, validateHeaderValue, httpErrors,
  Agent, HttpsAgent, globalAgent, httpsGlobalAgent,
};
