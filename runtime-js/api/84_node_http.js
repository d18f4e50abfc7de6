'use strict';
// Publishes node:http, node:https, Node's node:_http_* modules, node:http2 and cloudflare:node
// from the pieces in 81_node_http_*.js, 82_node_http_*.js and 83_node_http2_constants.js, each
// only under the compatibility flag workerd gives it: enable_nodejs_http_modules (the client
// side and the modules themselves), enable_nodejs_http_server_modules (createServer, checked
// when a Server is made, and node:_http_server), enable_nodejs_http2_module.

const { Error, Symbol, SymbolFor, ObjectKeys } = primordials;
const H = internals.nodeHttp;
const { nodeErrors } = internals;

const http = {
  Agent: H.Agent,
  ClientRequest: H.ClientRequest,
  CloseEvent: globalThis.CloseEvent,
  IncomingMessage: H.IncomingMessage,
  METHODS: H.METHODS,
  MessageEvent: globalThis.MessageEvent,
  OutgoingMessage: H.OutgoingMessage,
  STATUS_CODES: H.STATUS_CODES,
  Server: H.Server,
  ServerResponse: H.ServerResponse,
  WebSocket: globalThis.WebSocket,
  _connectionListener() {},
  createServer: H.createServer,
  get: H.get,
  globalAgent: H.globalAgent,
  maxHeaderSize: H.maxHeaderSize,
  request: H.request,
  setMaxIdleHTTPParsers() {},
  validateHeaderName: H.validateHeaderName,
  validateHeaderValue: H.validateHeaderValue,
};

const https = {
  Agent: H.HttpsAgent,
  Server: H.HttpsServer,
  createServer: H.createHttpsServer,
  get: H.httpsGet,
  globalAgent: H.httpsGlobalAgent,
  request: H.httpsRequest,
};

const httpModules = {
  http,
  https,
  _http_agent: { Agent: H.Agent, globalAgent: H.globalAgent },
  _http_client: { ClientRequest: H.ClientRequest },
  _http_common: {
    CRLF: H.CRLF, _checkInvalidHeaderChar: H.checkInvalidHeaderChar,
    _checkIsHttpToken: H.checkIsHttpToken, chunkExpression: H.chunkExpression,
    continueExpression: H.continueExpression, kIncomingMessage: H.kIncomingMessage,
    methods: H.METHODS, parsers: {},
  },
  _http_incoming: { IncomingMessage: H.IncomingMessage },
  _http_outgoing: {
    OutgoingMessage: H.OutgoingMessage, kHighWaterMark: H.kHighWaterMark,
    kUniqueHeaders: H.kUniqueHeaders, parseUniqueHeadersOption: H.parseUniqueHeadersOption,
    validateHeaderName: H.validateHeaderName, validateHeaderValue: H.validateHeaderValue,
  },
  _http_server: {
    STATUS_CODES: H.STATUS_CODES, Server: H.Server, ServerResponse: H.ServerResponse,
    _connectionListener: http._connectionListener, httpServerPreClose() {},
    kConnectionsCheckingInterval: Symbol('http.server.connectionsCheckingInterval'),
    kServerResponse: H.kServerResponse, setupConnectionsTracking() {}, storeHTTPOptions() {},
  },
};

// node:http2: workerd offers the constants and settings helpers; sessions and servers throw.
function http2NotImplemented(name) {
  return () => {
    throw nodeErrors.make(Error, 'ERR_METHOD_NOT_IMPLEMENTED', `The http2.${name} method is not implemented`);
  };
}
class Http2ServerRequest {
  constructor() { http2NotImplemented('Http2ServerRequest')(); }
}
class Http2ServerResponse {
  constructor() { http2NotImplemented('Http2ServerResponse')(); }
}
const http2 = {
  Http2ServerRequest,
  Http2ServerResponse,
  connect: http2NotImplemented('connect'),
  constants: internals.http2Constants,
  createSecureServer: http2NotImplemented('createSecureServer'),
  createServer: http2NotImplemented('createServer'),
  getDefaultSettings: () => ({}),
  getPackedSettings: () => internals.Buffer.alloc(0),
  getUnpackedSettings: () => ({}),
  performServerHandshake: http2NotImplemented('performServerHandshake'),
  sensitiveHeaders: SymbolFor('nodejs.http2.sensitiveHeaders'),
};

const cloudflareNode = {
  handleAsNodeRequest: H.handleAsNodeRequest,
  httpServerHandler: H.httpServerHandler,
};

// Each module is there only when its flag is on (internals.defineGatedNodeModule,
// runtime-js/api/60_node_compat.js); cloudflare:node whatever the flags, as on workerd.
const serverFlag = 'enable_nodejs_http_server_modules';
for (const name of ObjectKeys(httpModules)) {
  const flag = name === '_http_server' ? serverFlag : 'enable_nodejs_http_modules';
  internals.defineGatedNodeModule(flag, name, httpModules[name]);
}
internals.defineGatedNodeModule('enable_nodejs_http2_module', 'http2', http2);
internals.builtinModules['cloudflare:node'] = cloudflareNode;
