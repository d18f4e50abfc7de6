'use strict';
// node:tls on Workers: tls.connect() opens a TLS connection through cloudflare:sockets
// (secureTransport "on"; the runtime checks the certificate against `servername`, or the host).
// TLSSocket is a net.Socket that emits 'secureConnect'. Wrapping an existing net.Socket
// ({ socket }) is not offered, nor are servers, secure contexts with custom CAs or client
// certificates: those throw ERR_METHOD_NOT_IMPLEMENTED / ERR_OPTION_NOT_IMPLEMENTED.

const {
  Error, RangeError, ObjectSetPrototypeOf, ReflectApply, ArrayIsArray, ArrayBufferIsView,
  TypedArrayPrototypeGetSymbolToStringTag, TypedArrayPrototypeSet,
} = primordials;
const { nodeErrors } = internals;
const { Socket, normalizeArgs, kTlsOptions, isIP } = internals.nodeNet;

function notImplemented(what) {
  return nodeErrors.make(Error, 'ERR_METHOD_NOT_IMPLEMENTED', `The ${what} method is not implemented`);
}
function optionNotImplemented(name) {
  return nodeErrors.make(Error, 'ERR_OPTION_NOT_IMPLEMENTED', `The ${name} option is not implemented`);
}

function TLSSocket(socket, options) {
  if (!(this instanceof TLSSocket)) return new TLSSocket(socket, options);
  if (socket) throw optionNotImplemented('socket');
  ReflectApply(Socket, this, [options]);
  this.encrypted = true;
  this.authorized = false;
  this.authorizationError = null;
  this.alpnProtocol = false;
  this.servername = options?.servername;
}
ObjectSetPrototypeOf(TLSSocket.prototype, Socket.prototype);
ObjectSetPrototypeOf(TLSSocket, Socket);

TLSSocket.prototype.getPeerCertificate = function getPeerCertificate() { return {}; };
TLSSocket.prototype.getCertificate = function getCertificate() { return {}; };
TLSSocket.prototype.getProtocol = function getProtocol() { return this.destroyed ? null : 'TLSv1.3'; };
TLSSocket.prototype.getCipher = function getCipher() { return undefined; };
TLSSocket.prototype.getSession = function getSession() { return undefined; };
TLSSocket.prototype.isSessionReused = function isSessionReused() { return false; };
TLSSocket.prototype.setServername = function setServername(name) { this.servername = name; };
TLSSocket.prototype.setMaxSendFragment = function setMaxSendFragment() { return true; };
TLSSocket.prototype.exportKeyingMaterial = function exportKeyingMaterial() {
  throw notImplemented('exportKeyingMaterial()');
};

function connect(...args) {
  const [options, callback] = normalizeArgs(args);
  if (options.socket) throw optionNotImplemented('socket');
  for (const name of ['ca', 'cert', 'key', 'pfx', 'secureContext']) {
    if (options[name] !== undefined) throw optionNotImplemented(name);
  }
  const host = options.host ? `${options.host}` : 'localhost';
  // The certificate is checked against servername (the host when it is a name).
  const servername = options.servername ?? (isIP(host) ? undefined : host);
  const socket = new TLSSocket(undefined, { ...options, servername });
  if (options.timeout) socket.setTimeout(options.timeout);
  socket.connect({ ...options, host, [kTlsOptions]: { servername } }, callback);
  return socket;
}

function createSecureContext() {
  throw notImplemented('tls.createSecureContext()');
}
function Server() {
  throw notImplemented('tls.Server()');
}
function createServer() {
  throw notImplemented('tls.createServer()');
}
// The runtime already checked the certificate against the name while connecting.
function checkServerIdentity() {
  return undefined;
}

// ALPN's wire format (RFC 7301 §3.1): each protocol name preceded by its one-byte length.
function convertProtocols(protocols) {
  const { Buffer } = internals;
  const lengths = [];
  let total = 0;
  for (let i = 0; i < protocols.length; i++) {
    const length = Buffer.byteLength(protocols[i]);
    if (length > 255) {
      throw nodeErrors.make(RangeError, 'ERR_OUT_OF_RANGE',
        `The byte length of the protocol at index ${i} exceeds the maximum length. It must be <= 255. Received ${length}`);
    }
    lengths[i] = length;
    total += 1 + length;
  }
  const out = Buffer.alloc(total);
  let offset = 0;
  for (let i = 0; i < protocols.length; i++) {
    out[offset++] = lengths[i];
    if (typeof protocols[i] === 'string') out.write(protocols[i], offset);
    else TypedArrayPrototypeSet(out, Buffer.from(protocols[i]), offset);
    offset += lengths[i];
  }
  return out;
}

// Sets out.ALPNProtocols from a list of names or a buffer already in wire format; anything else
// leaves `out` alone.
function convertALPNProtocols(protocols, out) {
  const { Buffer } = internals;
  if (ArrayIsArray(protocols)) {
    out.ALPNProtocols = convertProtocols(protocols);
  } else if (TypedArrayPrototypeGetSymbolToStringTag(protocols) === 'Uint8Array') {
    out.ALPNProtocols = Buffer.from(protocols);
  } else if (ArrayBufferIsView(protocols)) {
    out.ALPNProtocols = Buffer.from(protocols.buffer.slice(protocols.byteOffset,
      protocols.byteOffset + protocols.byteLength));
  }
}

function createSecurePair() {
  throw notImplemented('createSecurePair');
}

internals.defineNodeModule('tls', {
  convertALPNProtocols, createSecurePair,
  TLSSocket, connect, createSecureContext, Server, createServer, checkServerIdentity,
  SecureContext: createSecureContext,
  DEFAULT_ECDH_CURVE: 'auto', DEFAULT_MIN_VERSION: 'TLSv1.2', DEFAULT_MAX_VERSION: 'TLSv1.3',
  DEFAULT_CIPHERS: 'TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256',
  CLIENT_RENEG_LIMIT: 3, CLIENT_RENEG_WINDOW: 600,
  rootCertificates: [],
  getCiphers: () => ['tls_aes_128_gcm_sha256', 'tls_aes_256_gcm_sha384', 'tls_chacha20_poly1305_sha256'],
});
