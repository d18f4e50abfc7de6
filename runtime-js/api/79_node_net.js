'use strict';
// node:net on Workers: net.Socket is a Duplex over a cloudflare:sockets connection
// (runtime-js/api/29_sockets.js), so the same limits apply (outbound TCP only, no port 25).
// connect()/createConnection(), 'connect'/'ready', write/end/'data'/'end', setTimeout with
// 'timeout', setNoDelay/setKeepAlive/ref/unref accepted, and the address helpers (isIP …).
// Servers cannot listen inside a Worker: net.Server and createServer() throw, as on Workers.
// node:tls builds on the `secure` connect option here (runtime-js/api/79_node_tls.js).

const {
  Error, RangeError, NumberIsInteger, PromisePrototypeThen, RegExpPrototypeExec, ReflectApply,
  ObjectSetPrototypeOf, ObjectDefineProperties, StringPrototypeLastIndexOf, StringPrototypeSlice,
  Uint8Array: Uint8ArrayCtor, Symbol,
} = primordials;
const { Buffer, nodeErrors } = internals;
const NS = internals.nodeStream;
const { Duplex, nextTick } = NS;
const { setTimeout, clearTimeout } = globalThis;

// Options node:tls passes through connect(): { servername, … } makes the connection TLS.
const kTlsOptions = Symbol('kTlsOptions');

const v4Segment = '(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])';
const v4String = `(?:${v4Segment}\\.){3}${v4Segment}`;
const IPv4Reg = new RegExp(`^${v4String}$`);
const v6Segment = '(?:[0-9a-fA-F]{1,4})';
const IPv6Reg = new RegExp('^(?:' +
  `(?:${v6Segment}:){7}(?:${v6Segment}|:)|` +
  `(?:${v6Segment}:){6}(?:${v4String}|:${v6Segment}|:)|` +
  `(?:${v6Segment}:){5}(?::${v4String}|(?::${v6Segment}){1,2}|:)|` +
  `(?:${v6Segment}:){4}(?:(?::${v6Segment}){0,1}:${v4String}|(?::${v6Segment}){1,3}|:)|` +
  `(?:${v6Segment}:){3}(?:(?::${v6Segment}){0,2}:${v4String}|(?::${v6Segment}){1,4}|:)|` +
  `(?:${v6Segment}:){2}(?:(?::${v6Segment}){0,3}:${v4String}|(?::${v6Segment}){1,5}|:)|` +
  `(?:${v6Segment}:){1}(?:(?::${v6Segment}){0,4}:${v4String}|(?::${v6Segment}){1,6}|:)|` +
  `(?::(?:(?::${v6Segment}){0,5}:${v4String}|(?::${v6Segment}){1,7}|:))` +
  ')(?:%[0-9a-zA-Z-.:]{1,})?$');

const isIPv4 = (input) => RegExpPrototypeExec(IPv4Reg, `${input}`) !== null;
const isIPv6 = (input) => RegExpPrototypeExec(IPv6Reg, `${input}`) !== null;
const isIP = (input) => (isIPv4(input) ? 4 : isIPv6(input) ? 6 : 0);

function notImplemented(what) {
  return nodeErrors.make(Error, 'ERR_METHOD_NOT_IMPLEMENTED', `The ${what} method is not implemented`);
}

// "127.0.0.1:5432" / "[::1]:5432" → { address, port, family }.
function splitAddress(text) {
  if (typeof text !== 'string' || text === '') return undefined;
  const colon = StringPrototypeLastIndexOf(text, ':');
  let address = StringPrototypeSlice(text, 0, colon);
  if (address[0] === '[') address = StringPrototypeSlice(address, 1, -1);
  return { address, port: +StringPrototypeSlice(text, colon + 1), family: isIPv6(address) ? 'IPv6' : 'IPv4' };
}

// A connection failure as Node names it (code ECONNREFUSED …) where the text tells which.
function connectError(error, host, port) {
  const message = `${error?.message ?? error}`;
  const codes = [[/refused/i, 'ECONNREFUSED'], [/timed? ?out/i, 'ETIMEDOUT'],
    [/DNS lookup failed|not known|no addresses/i, 'ENOTFOUND'], [/reset/i, 'ECONNRESET']];
  for (const [pattern, code] of codes) {
    if (RegExpPrototypeExec(pattern, message) !== null) {
      if (error && typeof error === 'object') {
        error.code = code;
        error.syscall = code === 'ENOTFOUND' ? 'getaddrinfo' : 'connect';
        error.address = host;
        error.port = port;
      }
      break;
    }
  }
  return error;
}

function validatePort(port) {
  const number = typeof port === 'string' && port.trim() !== '' ? +port : port;
  if (typeof number !== 'number' || !NumberIsInteger(number) || number < 0 || number > 65535) {
    throw nodeErrors.make(RangeError, 'ERR_SOCKET_BAD_PORT',
      `Port should be >= 0 and < 65536. Received ${typeof port === 'number' ? `type number (${port})` : `type ${typeof port} (${internals.inspect(port)})`}.`);
  }
  return number;
}

// connect(port[, host][, cb]) | connect(options[, cb]) → [options, cb].
function normalizeArgs(args) {
  let options;
  if (args.length === 0) return [{}, undefined];
  const first = args[0];
  if (first !== null && typeof first === 'object') {
    options = { ...first };
  } else if (typeof first === 'string' && RegExpPrototypeExec(/^\d+$/, first) === null) {
    options = { path: first };
  } else {
    options = { port: first };
    if (args.length > 1 && typeof args[1] === 'string') {
      options.host = args[1];
    }
  }
  const callback = typeof args[args.length - 1] === 'function' ? args[args.length - 1] : undefined;
  return [options, callback];
}

function Socket(options) {
  if (!(this instanceof Socket)) return new Socket(options);
  if (typeof options === 'number') options = { fd: options };
  if (options?.fd !== undefined) throw notImplemented('Socket(fd)');
  ReflectApply(Duplex, this, [{
    ...options,
    allowHalfOpen: !!options?.allowHalfOpen,
    emitClose: true,
    autoDestroy: true,
    decodeStrings: false,
  }]);
  this.connecting = false;
  this.bytesRead = 0;
  this._bytesDispatched = 0;
  this._connection = null;
  this._reader = null;
  this._writer = null;
  this._timeoutMs = 0;
  this._timer = null;
  this._local = undefined;
  this._remote = undefined;
  this._host = null;
  this.encrypted = false;
}
ObjectSetPrototypeOf(Socket.prototype, Duplex.prototype);
ObjectSetPrototypeOf(Socket, Duplex);

Socket.prototype.connect = function connect(...args) {
  const [options, callback] = normalizeArgs(args);
  if (options.path !== undefined) throw notImplemented('Socket.connect(path)');
  if (this.connecting || this._connection) {
    throw nodeErrors.make(Error, 'ERR_SOCKET_CONNECTION_IN_PROGRESS', 'Socket connection in progress');
  }
  const port = validatePort(options.port);
  const host = options.host ? `${options.host}` : 'localhost';
  if (callback) this.once(options[kTlsOptions] ? 'secureConnect' : 'connect', callback);
  this.connecting = true;
  this._host = host;
  const tls = options[kTlsOptions];
  let connection;
  try {
    const servername = tls?.servername;
    if (servername && servername !== host) {
      // TLS to `host` with the certificate checked against another name: connect, then
      // upgrade at once with that name.
      connection = internals.connectSocket({ hostname: host, port }, {
        secureTransport: 'starttls',
        allowHalfOpen: true,
      }).startTls({ expectedServerHostname: servername });
    } else {
      connection = internals.connectSocket({ hostname: host, port }, {
        secureTransport: tls ? 'on' : 'off',
        allowHalfOpen: true,
      });
    }
  } catch (error) {
    nextTick(() => this.destroy(connectError(error, host, port)));
    return this;
  }
  this._connection = connection;
  this._writer = connection.writable.getWriter();
  PromisePrototypeThen(connection.opened, (info) => {
    if (this.destroyed) return;
    this.connecting = false;
    this._remote = splitAddress(info?.remoteAddress);
    this._local = splitAddress(info?.localAddress);
    this._refreshTimeout();
    if (tls) {
      this.encrypted = true;
      this.authorized = true;
      this.emit('connect');
      this.emit('secureConnect');
    } else {
      this.emit('connect');
    }
    this.emit('ready');
    this.read(0);
  }, (error) => this.destroy(connectError(error, host, port)));
  return this;
};

Socket.prototype._read = function _read() {
  if (this.connecting || !this._connection) {
    this.once('connect', () => this._read());
    return;
  }
  if (this._reader === null) this._reader = this._connection.readable.getReader();
  if (this._reading) return;
  this._reading = true;
  PromisePrototypeThen(this._reader.read(), ({ value, done }) => {
    this._reading = false;
    if (done) {
      this.push(null);
      return;
    }
    this.bytesRead += value.byteLength;
    this._refreshTimeout();
    if (this.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength))) this._read();
  }, (error) => {
    this._reading = false;
    this.destroy(error);
  });
};

Socket.prototype._write = function _write(chunk, encoding, callback) {
  if (this.connecting || !this._connection) {
    this.once('connect', () => this._write(chunk, encoding, callback));
    return;
  }
  const bytes = typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk;
  this._bytesDispatched += bytes.byteLength;
  this._refreshTimeout();
  PromisePrototypeThen(this._writer.write(new Uint8ArrayCtor(bytes.buffer, bytes.byteOffset, bytes.byteLength)),
    () => callback(), callback);
};

// end(): our side is done writing (a TCP FIN); the peer may still send.
Socket.prototype._final = function _final(callback) {
  if (this.connecting || !this._connection) {
    this.once('connect', () => this._final(callback));
    return;
  }
  PromisePrototypeThen(this._writer.close(), () => callback(), callback);
};

Socket.prototype._destroy = function _destroy(error, callback) {
  this.connecting = false;
  if (this._timer !== null) clearTimeout(this._timer);
  this._timer = null;
  const connection = this._connection;
  if (connection) PromisePrototypeThen(connection.close(), undefined, () => {});
  callback(error);
};

// setTimeout(ms[, cb]): 'timeout' after ms without activity; the socket stays open (Node).
Socket.prototype.setTimeout = function setTimeoutOnSocket(ms, callback) {
  this._timeoutMs = ms;
  if (callback) {
    if (ms === 0) this.removeListener('timeout', callback);
    else this.once('timeout', callback);
  }
  this._refreshTimeout();
  return this;
};
Socket.prototype._refreshTimeout = function _refreshTimeout() {
  if (this._timer !== null) clearTimeout(this._timer);
  this._timer = null;
  if (this._timeoutMs > 0 && !this.destroyed) {
    this._timer = setTimeout(() => {
      this._timer = null;
      this.emit('timeout');
    }, this._timeoutMs);
  }
};

// The connection is the runtime's: these tune nothing and are accepted as on Workers.
Socket.prototype.setNoDelay = function setNoDelay() { return this; };
Socket.prototype.setKeepAlive = function setKeepAlive() { return this; };
Socket.prototype.ref = function ref() { return this; };
Socket.prototype.unref = function unref() { return this; };
Socket.prototype.resetAndDestroy = function resetAndDestroy() { return this.destroy(); };
Socket.prototype.address = function address() {
  return this._local ? { ...this._local } : {};
};

ObjectDefineProperties(Socket.prototype, {
  pending: { get() { return !this._connection || this.connecting; }, configurable: true },
  readyState: {
    get() {
      if (this.connecting) return 'opening';
      if (this.readable && this.writable) return 'open';
      if (this.readable && !this.writable) return 'readOnly';
      if (!this.readable && this.writable) return 'writeOnly';
      return 'closed';
    },
    configurable: true,
  },
  bytesWritten: { get() { return this._bytesDispatched; }, configurable: true },
  remoteAddress: { get() { return this._remote?.address; }, configurable: true },
  remotePort: { get() { return this._remote?.port; }, configurable: true },
  remoteFamily: { get() { return this._remote?.family; }, configurable: true },
  localAddress: { get() { return this._local?.address; }, configurable: true },
  localPort: { get() { return this._local?.port; }, configurable: true },
  localFamily: { get() { return this._local?.family; }, configurable: true },
});

function connect(...args) {
  const [options] = normalizeArgs(args);
  const socket = new Socket(options);
  if (options.timeout) socket.setTimeout(options.timeout);
  return ReflectApply(socket.connect, socket, args);
}

function Server() {
  throw notImplemented('net.Server()');
}
function createServer() {
  throw notImplemented('net.createServer()');
}
function BlockList() {
  throw notImplemented('net.BlockList()');
}
function SocketAddress() {
  throw notImplemented('net.SocketAddress()');
}

// net._normalizeArgs as Node exports it: [options, callback or null] tagged with a symbol, the
// caller's options object itself (not a copy), a non-numeric string as an IPC path.
const kNormalizedArgs = Symbol('normalizedArgs');
function publicNormalizeArgs(args) {
  let result;
  if (args.length === 0) {
    result = [{}, null];
  } else {
    const first = args[0];
    let options = {};
    if (typeof first === 'object' && first !== null) {
      options = first;
    } else if (typeof first === 'string' && !(+first >= 0)) {
      options.path = first;
    } else {
      options.port = first;
      if (args.length > 1 && typeof args[1] === 'string') options.host = args[1];
    }
    const callback = args[args.length - 1];
    result = [options, typeof callback === 'function' ? callback : null];
  }
  result[kNormalizedArgs] = true;
  return result;
}

let autoSelectFamily = true;
let autoSelectFamilyAttemptTimeout = 250;
const net = {
  Socket, Stream: Socket, Server, BlockList, SocketAddress, connect, createConnection: connect,
  createServer, isIP, isIPv4, isIPv6, _normalizeArgs: publicNormalizeArgs,
  getDefaultAutoSelectFamily: () => autoSelectFamily,
  setDefaultAutoSelectFamily: (value) => { autoSelectFamily = !!value; },
  getDefaultAutoSelectFamilyAttemptTimeout: () => autoSelectFamilyAttemptTimeout,
  setDefaultAutoSelectFamilyAttemptTimeout: (value) => { autoSelectFamilyAttemptTimeout = value; },
};

internals.nodeNet = { Socket, normalizeArgs, kTlsOptions, isIP };
internals.defineNodeModule('net', net);
