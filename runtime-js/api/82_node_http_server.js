'use strict';
// http.createServer() inside a Worker, as workerd offers it: nothing opens a socket. listen(port)
// enters the server in this isolate's table of ports, and cloudflare:node's
// httpServerHandler({ port }) / handleAsNodeRequest(port, request) hand a fetch event's Request
// to it: the Request becomes an IncomingMessage, and the ServerResponse the handler writes
// becomes the Response, its body streamed as the handler writes it.
// Needs enable_nodejs_http_server_modules (workerd throws ERR_METHOD_NOT_IMPLEMENTED without it).

const {
  Error, Symbol, ArrayIsArray, NumberIsInteger, MathFloor,
  MathRandom, ObjectKeys, Promise, Uint8Array, ArrayBufferIsView, ArrayBufferPrototypeSlice,
} = primordials;
const { nodeErrors } = internals;
const {
  OutgoingMessage, IncomingMessage, STATUS_CODES, httpErrors, kUniqueHeaders,
  parseUniqueHeadersOption, kIncomingMessage, kServerResponse, chunkExpression,
} = internals.nodeHttp;
const { normalizeArgs } = internals.nodeNet;
const { ReadableStream, Response, URL, queueMicrotask } = globalThis;

// port → the Server listening on it, in this isolate.
const serversByPort = new Map();

const serverModulesEnabled = () => internals.compatEnabled('enable_nodejs_http_server_modules');

// workerd's wording for a bad listen() port.
function validateListenPort(port) {
  const number = typeof port === 'string' && port.trim() !== '' ? +port : port;
  if (typeof number !== 'number' || !NumberIsInteger(number) || number < 0 || number > 65535) {
    throw nodeErrors.make(Error, 'ERR_SOCKET_BAD_PORT',
      `options.port should be >= 0 and < 65536. Received ${typeof port}.`);
  }
  return number;
}

// The body gets its own copy of a chunk: enqueue() takes over the buffer it is given, and a
// Buffer may share a pooled one.
function ownCopy(view) {
  const end = view.byteOffset + view.byteLength;
  return new Uint8Array(ArrayBufferPrototypeSlice(view.buffer, view.byteOffset, end));
}

const kResponse = Symbol('kResponse');
const kWholeBody = Symbol('kWholeBody');
const kStarted = Symbol('kStarted');
const kController = Symbol('kController');
const kPendingWrite = Symbol('kPendingWrite');

class ServerResponse extends OutgoingMessage {
  constructor(req, options) {
    if (!serverModulesEnabled()) throw httpErrors.notImplemented('ServerResponse');
    super(options);
    this.req = req;
    this.statusCode = 200;
    this.statusMessage = undefined;
    this.sendDate = true;
    // A HEAD response keeps its body here: the HTTP layer sends its length and drops it (RFC
    // 9110 §9.3.2), as workerd's does.
    this._hasBody = true;
    if (req && (req.httpVersionMajor < 1 || req.httpVersionMinor < 1)) {
      this.useChunkedEncodingByDefault = chunkExpression.test(req.headers?.te ?? '');
      this.shouldKeepAlive = false;
    }
    this[kController] = null;
    this[kPendingWrite] = null;
    this[kWholeBody] = null;
    this[kStarted] = false;
    this[kResponse] = new Promise((resolve, reject) => {
      this._resolveResponse = resolve;
      this._rejectResponse = reject;
    });
  }

  // The Response this exchange becomes, settled when the headers are sent.
  get _fetchResponse() { return this[kResponse]; }

  writeHead(statusCode, reason, headers) {
    if (this.headersSent) throw httpErrors.headersSent('write');
    if (typeof reason !== 'string') [reason, headers] = [undefined, reason];
    statusCode |= 0;
    if (statusCode < 100 || statusCode > 999) throw httpErrors.invalidStatusCode(statusCode);
    this.statusCode = statusCode;
    if (reason !== undefined) this.statusMessage = reason;
    if (ArrayIsArray(headers)) {
      for (let i = 0; i + 1 < headers.length; i += 2) this.appendHeader(headers[i], headers[i + 1]);
    } else if (headers) {
      for (const name of ObjectKeys(headers)) {
        if (headers[name] !== undefined) this.setHeader(name, headers[name]);
      }
    }
    // As in Node, the head is fixed now and leaves with the first write or end().
    this.headersSent = true;
    return this;
  }

  _implicitHeader() {
    this.headersSent = true;
    if (this[kStarted]) return;
    this[kStarted] = true;
    this._sendHead();
  }

  // end() before anything was written knows the whole body: the Response gets those bytes
  // (and so a Content-Length) rather than a stream.
  end(chunk, encoding, callback) {
    if (typeof chunk === 'function') [chunk, callback] = [undefined, chunk];
    else if (typeof encoding === 'function') [encoding, callback] = [undefined, encoding];
    if (this[kStarted] || this.writableEnded) return super.end(chunk, encoding, callback);
    let bytes = chunk ?? internals.Buffer.alloc(0);
    if (typeof bytes === 'string') bytes = internals.Buffer.from(bytes, encoding);
    else if (!ArrayBufferIsView(bytes)) {
      throw nodeErrors.invalidArgType('chunk', 'of type string or an instance of Buffer or Uint8Array', chunk);
    }
    this[kWholeBody] = bytes;
    return super.end(callback);
  }

  _sendHead() {
    const status = this.statusCode;
    if (status < 100 || status > 999) {
      const error = httpErrors.invalidStatusCode(status);
      this._rejectResponse(error);
      throw error;
    }
    // RFC 9110 §6.4.1: 204 and 304 responses carry no content.
    if (status === 204 || status === 304) this._hasBody = false;
    const statusText = this.statusMessage ?? STATUS_CODES[status] ?? '';
    let body = null;
    if (this._hasBody && this[kWholeBody] !== null) {
      body = ownCopy(this[kWholeBody]);
    } else if (this._hasBody) {
      body = new ReadableStream({
        type: 'bytes',
        start: (controller) => { this[kController] = controller; },
        pull: () => this._releaseWrite(),
        // The client went away: the handler sees its response destroyed.
        cancel: (reason) => { this[kController] = null; this.destroy(reason); },
      });
    }
    let response;
    try {
      response = new Response(body, { status, statusText, headers: this._headerPairs() });
    } catch (error) {
      this._rejectResponse(error);
      return;
    }
    this._resolveResponse(response);
  }

  _releaseWrite() {
    const callback = this[kPendingWrite];
    this[kPendingWrite] = null;
    if (callback) callback();
  }

  // A chunk is queued on the body; the next one waits while the reader is behind.
  _write(chunk, encoding, callback) {
    const controller = this[kController];
    if (controller === null) {
      callback();
      return;
    }
    const bytes = typeof chunk === 'string' ? internals.Buffer.from(chunk, encoding) : chunk;
    if (bytes.byteLength > 0) controller.enqueue(ownCopy(bytes));
    if (controller.desiredSize > 0) callback();
    else this[kPendingWrite] = callback;
  }

  _final(callback) {
    const controller = this[kController];
    this[kController] = null;
    if (controller !== null) controller.close();
    this[kWholeBody] = null;
    callback();
  }

  _destroy(error, callback) {
    const controller = this[kController];
    this[kController] = null;
    const reason = error ?? nodeErrors.make(Error, 'ERR_STREAM_DESTROYED',
      'Cannot call write after a stream was destroyed');
    if (controller !== null) controller.error(reason);
    if (!this[kStarted]) this._rejectResponse(reason);
    this._releaseWrite();
    callback(error);
  }

  writeContinue() { throw httpErrors.notImplemented('writeContinue'); }
  writeProcessing() { throw httpErrors.notImplemented('writeProcessing'); }
  writeEarlyHints() { throw httpErrors.notImplemented('writeEarlyHints'); }
  assignSocket() { throw httpErrors.notImplemented('assignSocket'); }
  detachSocket() { throw httpErrors.notImplemented('detachSocket'); }
}

class Server extends internals.EventEmitter {
  #port = null;

  constructor(options, requestListener) {
    if (!serverModulesEnabled()) throw httpErrors.notImplemented('Server');
    super();
    if (typeof options === 'function') [options, requestListener] = [{}, options];
    else if (options == null) options = {};
    else internals.validateObject(options, 'options');
    this[kIncomingMessage] = options.IncomingMessage ?? IncomingMessage;
    this[kServerResponse] = options.ServerResponse ?? ServerResponse;
    this[kUniqueHeaders] = parseUniqueHeadersOption(options.uniqueHeaders);
    this.httpAllowHalfOpen = false;
    this.timeout = 0;
    this.maxHeadersCount = null;
    this.maxRequestsPerSocket = 0;
    this.connectionsCheckingInterval = options.connectionsCheckingInterval ?? 30000;
    this.requestTimeout = options.requestTimeout ?? 300000;
    this.headersTimeout = options.headersTimeout ?? 60000;
    this.requireHostHeader = options.requireHostHeader ?? true;
    this.joinDuplicateHeaders = options.joinDuplicateHeaders ?? false;
    this.rejectNonStandardBodyWrites = options.rejectNonStandardBodyWrites ?? false;
    this.keepAliveTimeout = options.keepAliveTimeout ?? 5000;
    this.keepAliveTimeoutBuffer = options.keepAliveTimeoutBuffer ?? 1000;
    this.highWaterMark = options.highWaterMark ?? internals.nodeHttp.kHighWaterMark;
    if (typeof requestListener === 'function') this.on('request', requestListener);
  }

  // listen([port][, host][, backlog][, callback]): only the port matters; 0 picks a free one.
  listen(...args) {
    const [options, callback] = normalizeArgs(args);
    let port = options.port === undefined || options.port === null ? 0 : validateListenPort(options.port);
    if (this.#port !== null || serversByPort.has(port)) {
      throw nodeErrors.make(Error, 'ERR_SERVER_ALREADY_LISTEN',
        'Listen method has been called more than once without closing.');
    }
    if (port === 0) port = pickFreePort();
    this.#port = port;
    serversByPort.set(port, this);
    if (typeof callback === 'function') this.once('listening', callback);
    queueMicrotask(() => this.emit('listening'));
    return this;
  }

  close(callback) {
    if (this.#port !== null) {
      serversByPort.delete(this.#port);
      this.#port = null;
    }
    if (typeof callback === 'function') this.once('close', callback);
    queueMicrotask(() => this.emit('close'));
    return this;
  }

  get listening() { return this.#port !== null; }
  // As on workerd: the address is always the loopback one.
  address() {
    return this.#port === null ? null : { port: this.#port, family: 'IPv4', address: '127.0.0.1' };
  }
  get maxConnections() { return Infinity; }
  get connections() { return 0; }
  closeAllConnections() {}
  closeIdleConnections() {}
  ref() { return this; }
  unref() { return this; }
  getConnections(callback) {
    if (callback !== undefined) {
      internals.validateFunction(callback, 'callback');
      queueMicrotask(() => callback(null, 0));
    }
    return this;
  }
  setTimeout(msecs, callback) {
    if (typeof msecs === 'function') [msecs, callback] = [undefined, msecs];
    else if (typeof msecs === 'number') this.timeout = msecs;
    if (typeof callback === 'function') this.once('timeout', callback);
    return this;
  }

  // One fetch event: the Request in, the Response the handler writes out.
  _handleRequest(request) {
    const url = new URL(request.url);
    const incoming = new this[kIncomingMessage](connectionOf(request, url, this.#port));
    incoming.url = url.pathname + url.search;
    incoming.method = request.method;
    const lines = [];
    for (const [name, value] of request.headers) lines.push(name, value);
    incoming._addHeaderLines(lines, lines.length);
    incoming._stream = request.body;
    const response = new this[kServerResponse](incoming);
    response.socket = incoming.socket;
    response[kUniqueHeaders] = this[kUniqueHeaders];
    try {
      this.emit('connection', this, incoming);
      this.emit('request', incoming, response);
    } catch (error) {
      response.destroy(error);
      throw error;
    }
    return response._fetchResponse;
  }
}

// What a handler reads from req.socket: no real socket carries the request, so an emitter with
// the addresses (the client's from CF-Connecting-IP when a proxy in front sets it).
function connectionOf(request, url, port) {
  const socket = new internals.EventEmitter();
  const remoteAddress = request.headers.get('cf-connecting-ip') ?? '127.0.0.1';
  socket.remoteAddress = remoteAddress;
  socket.remotePort = 0;
  socket.remoteFamily = internals.nodeNet.isIP(remoteAddress) === 6 ? 'IPv6' : 'IPv4';
  socket.localAddress = url.host;
  socket.localPort = port;
  socket.encrypted = url.protocol === 'https:';
  socket.readable = true;
  socket.writable = true;
  socket.destroyed = false;
  socket.setTimeout = () => socket;
  socket.setNoDelay = () => socket;
  socket.setKeepAlive = () => socket;
  socket.destroy = () => socket;
  return socket;
}

function pickFreePort() {
  for (let i = 0; i < 10; i++) {
    const port = MathFloor(MathRandom() * 65535) + 1;
    if (!serversByPort.has(port)) return port;
  }
  throw new Error('Failed to find a suitable port after 10 attempts');
}

function createServer(options, requestListener) {
  if (!serverModulesEnabled()) throw httpErrors.notImplemented('createServer');
  return new Server(options, requestListener);
}

// https.Server: TLS ends before the Worker, so it is an http.Server that accepts (and ignores)
// the certificate options.
class HttpsServer extends Server {}
function createHttpsServer(options, requestListener) {
  return new HttpsServer(options, requestListener);
}

// cloudflare:node — handleAsNodeRequest(port, request) and httpServerHandler(port | { port } |
// server) giving the Worker's `export default` that routes fetch events to that server.
// Failures reject the returned promise, as on workerd.
async function handleAsNodeRequest(port, request) {
  const server = serversByPort.get(port);
  if (server === undefined) {
    throw nodeErrors.make(Error, 'ERR_INVALID_ARG_VALUE',
      `Http server with port ${port} not found. This is likely a bug with your code. ` +
      `You should check if server.listen() was called with the same port (${port})`);
  }
  return server._handleRequest(request);
}

function httpServerHandler(descriptor) {
  if (descriptor === null || descriptor === undefined) {
    throw new Error('Server descriptor cannot be null or undefined');
  }
  let portOf;
  if (typeof descriptor === 'number') {
    portOf = () => descriptor;
  } else if (typeof descriptor === 'object' && typeof descriptor.port === 'number') {
    portOf = () => descriptor.port;
  } else if (typeof descriptor === 'object' && typeof descriptor.address === 'function') {
    // A server: its port is known once it listens, possibly after this call.
    portOf = () => descriptor.address()?.port;
  } else {
    throw new Error('Failed to determine port for server');
  }
  return {
    async fetch(request) {
      return handleAsNodeRequest(portOf(), request);
    },
  };
}

internals.nodeHttp.Server = Server;
internals.nodeHttp.ServerResponse = ServerResponse;
internals.nodeHttp.createServer = createServer;
internals.nodeHttp.HttpsServer = HttpsServer;
internals.nodeHttp.createHttpsServer = createHttpsServer;
internals.nodeHttp.handleAsNodeRequest = handleAsNodeRequest;
internals.nodeHttp.httpServerHandler = httpServerHandler;
