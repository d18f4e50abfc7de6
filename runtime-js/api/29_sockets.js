'use strict';
// The built-in module `cloudflare:sockets`: connect() opens an outbound TCP connection, plain,
// TLS from the start (secureTransport "on") or upgraded later (secureTransport "starttls", then
// socket.startTls()), as developers.cloudflare.com/workers/runtime-apis/tcp-sockets/ describes.
// The native side (src/api/socket_ops.cc, ops.socket*) connects and moves bytes; this file builds
// the Socket: a byte ReadableStream, a WritableStream, `opened` and `closed`.
//
// Closing, as workerd does it: without allowHalfOpen the end of the readable side (the peer's
// FIN) closes the writable side too, and `closed` resolves once both are done; close() ends both
// at once. Validation texts are workerd's where it has them.

const {
  ArrayBufferIsView, Error, NumberIsInteger, PromisePrototypeThen, PromiseReject,
  RegExpPrototypeExec, StringPrototypeIndexOf, StringPrototypeLastIndexOf, StringPrototypeSlice,
  Symbol, TypeError, Uint8Array,
} = primordials;
const {
  socketConnect, socketOpened, socketRead, socketWrite, socketShutdown, socketStartTls,
  socketClose,
} = ops;
const S = internals.streamsImpl;

const kConstruct = Symbol('Socket');
// Cloudflare refuses outbound connections to SMTP's port (use Email Workers instead).
const kBlockedPort = 25;
// workerd's isValidHost(): a length and character check, not a full name validation.
const kHostChars = /^[A-Za-z0-9._\-[\]:]{1,255}$/;
const kDigits = /^[0-9]{1,5}$/;

const kInvalidAddress =
  'Specified address is empty string, contains unsupported characters or is too long.';
const kUnparsable = 'Specified address could not be parsed.';

const { isArrayBuffer } = internals.webidl;

function parsePort(text) {
  if (RegExpPrototypeExec(kDigits, text) === null) throw new TypeError(kUnparsable);
  const port = +text;
  if (port < 1 || port > 65535) throw new TypeError(kUnparsable);
  return port;
}

// "host:port", "[v6]:port" or { hostname, port } → { hostname, port } (brackets removed).
function parseAddress(address) {
  if (typeof address === 'string') {
    if (RegExpPrototypeExec(kHostChars, address) === null) throw new TypeError(kInvalidAddress);
    if (address[0] === '[') {
      const end = StringPrototypeIndexOf(address, ']');
      if (end < 2) throw new TypeError(kUnparsable);
      const rest = StringPrototypeSlice(address, end + 1);
      // As in workerd (the address is read as an https URL), a missing port means 443.
      if (rest === '') return { hostname: StringPrototypeSlice(address, 1, end), port: 443 };
      if (rest[0] !== ':') throw new TypeError(kUnparsable);
      return {
        hostname: StringPrototypeSlice(address, 1, end),
        port: parsePort(StringPrototypeSlice(rest, 1)),
      };
    }
    const colon = StringPrototypeLastIndexOf(address, ':');
    if (colon === -1) return { hostname: address, port: 443 };
    if (StringPrototypeIndexOf(address, ':') !== colon || colon === 0) {
      throw new TypeError(kUnparsable);
    }
    return {
      hostname: StringPrototypeSlice(address, 0, colon),
      port: parsePort(StringPrototypeSlice(address, colon + 1)),
    };
  }
  if (address === null || typeof address !== 'object') throw new TypeError(kUnparsable);
  let hostname = `${address.hostname ?? ''}`;
  const port = address.port;
  if (RegExpPrototypeExec(kHostChars, hostname) === null) throw new TypeError(kInvalidAddress);
  if (hostname[0] === '[' && hostname[hostname.length - 1] === ']') {
    hostname = StringPrototypeSlice(hostname, 1, -1);
  }
  if (typeof port !== 'number' || !NumberIsInteger(port) || port < 1 || port > 65535) {
    throw new TypeError(
      `Specified port is invalid: ${port}. It must be an integer from 1 to 65535.`);
  }
  return { hostname, port };
}

function parseSecureTransport(options) {
  const value = options?.secureTransport;
  if (value === undefined) return 'off';
  const kind = `${value}`;
  if (kind !== 'off' && kind !== 'on' && kind !== 'starttls') {
    throw new TypeError(`Unsupported value in secureTransport socket option: ${kind}`);
  }
  return kind;
}

function handled(promise) {
  S.setPromiseIsHandledToTrue(promise);
  return promise;
}

class Socket {
  #id;
  #hostname;
  #secureTransport;
  #allowHalfOpen;
  #secure;  // TLS already (secureTransport "on", or the socket startTls() returned)
  #upgraded = false;
  #readable;
  #writable;
  #opened;
  #closed;  // a deferred (streams' newDeferred): `closed` is its promise
  #readDone = false;
  #writeDone = false;
  #finished = false;

  constructor(token, id, hostname, options, failure) {
    if (token !== kConstruct) throw new TypeError('Illegal constructor');
    this.#id = id;
    this.#hostname = hostname;
    this.#secureTransport = options.secureTransport;
    this.#allowHalfOpen = options.allowHalfOpen;
    this.#secure = options.secure;
    this.#closed = S.newDeferred();
    handled(this.#closed.promise);
    if (failure !== undefined) {
      this.#opened = handled(PromiseReject(failure));
      this.#fail(failure);
    } else {
      this.#opened = handled(PromisePrototypeThen(socketOpened(id),
        ([remoteAddress, localAddress]) => ({ remoteAddress, localAddress }),
        (error) => {
          this.#fail(error);
          throw error;
        }));
    }
    this.#readable = internals.readableStreamFromPull(() => this.#pull(failure),
      () => this.#readSideDone());
    this.#writable = internals.createWritableStreamFromSink({
      write: (chunk) => this.#write(chunk, failure),
      close: () => PromisePrototypeThen(socketShutdown(this.#id), () => {
        this.#writeDone = true;
        this.#maybeFinish();
      }),
      abort: () => {
        this.#writeDone = true;
        this.#maybeFinish();
      },
    });
  }

  get readable() { return this.#readable; }
  get writable() { return this.#writable; }
  get opened() { return this.#opened; }
  get closed() { return this.#closed.promise; }
  get upgraded() { return this.#upgraded; }
  get secureTransport() { return this.#secureTransport; }

  close() {
    this.#closeBoth(new TypeError('This WritableStream has been closed.'));
    S.resolveDeferred(this.#closed, undefined);
    return this.#closed.promise;
  }

  startTls(options = undefined) {
    if (this.#secure) throw new TypeError('Cannot startTls on a TLS socket.');
    if (this.#upgraded) throw new TypeError('startTls can only be called once.');
    if (this.#secureTransport !== 'starttls') {
      throw new TypeError(
        "The `secureTransport` socket option must be set to 'starttls' for startTls to be used.");
    }
    const expected = options?.expectedServerHostname;
    const hostname = expected === undefined ? this.#hostname : `${expected}`;
    // Chunks the writable side already handed over are queued on the connection ahead of the
    // handshake; this socket's streams end here and the connection lives on in the new one.
    const id = socketStartTls(this.#id, hostname);
    this.#upgraded = true;
    // The connection now belongs to the new socket: only this socket's streams end.
    this.#closeBoth(new TypeError('This WritableStream has been closed.'), false);
    S.resolveDeferred(this.#closed, undefined);
    return new Socket(kConstruct, id, hostname, {
      secureTransport: this.#secureTransport, allowHalfOpen: this.#allowHalfOpen, secure: true,
    });
  }

  #pull(failure) {
    if (failure !== undefined) return PromiseReject(failure);
    return PromisePrototypeThen(socketRead(this.#id), (chunk) => {
      if (chunk === null) this.#readSideDone();
      return chunk;
    }, (error) => {
      this.#fail(error);
      throw error;
    });
  }

  #write(chunk, failure) {
    if (failure !== undefined) return PromiseReject(failure);
    let bytes;
    if (ArrayBufferIsView(chunk)) bytes = chunk;
    else if (isArrayBuffer(chunk)) bytes = new Uint8Array(chunk);
    else throw new TypeError('This WritableStream only supports writing byte types.');
    // A failed write means the connection is gone (with allowHalfOpen, the first sign that the
    // peer closed fully after its FIN): `closed` rejects with it too.
    return PromisePrototypeThen(socketWrite(this.#id, bytes), undefined, (error) => {
      this.#fail(error);
      throw error;
    });
  }

  // The peer ended its side (or the Worker cancelled the readable side).
  #readSideDone() {
    if (this.#finished) return;
    this.#readDone = true;
    if (!this.#allowHalfOpen) {
      const writable = S.wsOf(this.#writable);
      if (writable.state === 'writable' && !S.WritableStreamCloseQueuedOrInFlight(writable)) {
        handled(S.WritableStreamClose(writable));
      }
    }
    this.#maybeFinish();
  }

  #maybeFinish() {
    if (this.#finished || !this.#readDone || !this.#writeDone) return;
    this.#finished = true;
    socketClose(this.#id);
    S.resolveDeferred(this.#closed, undefined);
  }

  // Ends both streams and the connection; what still uses the writable side gets `reason`.
  #closeBoth(reason, closeConnection = true) {
    if (this.#finished) return;
    this.#finished = true;
    if (closeConnection) socketClose(this.#id);
    handled(internals.readableStreamCancel(this.#readable, undefined));
    handled(S.WritableStreamAbort(S.wsOf(this.#writable), reason));
  }

  // The connection failed: `closed` rejects with the error, and so does the writable side.
  #fail(error) {
    if (this.#finished) return;
    this.#finished = true;
    socketClose(this.#id);
    S.rejectDeferred(this.#closed, error);
    if (this.#writable !== undefined) {
      S.WritableStreamDefaultControllerErrorIfNeeded(S.wsOf(this.#writable).controller, error);
    }
  }
}

function connect(address, options = undefined) {
  const { hostname, port } = parseAddress(address);
  const secureTransport = parseSecureTransport(options);
  const socketOptions = {
    secureTransport,
    allowHalfOpen: !!options?.allowHalfOpen,
    secure: secureTransport === 'on',
  };
  if (port === kBlockedPort) {
    const failure = new Error(`Connections to port ${kBlockedPort} are not allowed. ` +
      'Cloudflare blocks outbound SMTP: use Email Workers or an email provider\'s API.');
    return new Socket(kConstruct, 0, hostname, socketOptions, failure);
  }
  const id = socketConnect(hostname, port, secureTransport === 'on');
  return new Socket(kConstruct, id, hostname, socketOptions);
}

internals.Socket = Socket;
internals.connectSocket = connect;
internals.builtinModules ??= {};
internals.builtinModules['cloudflare:sockets'] = { connect };
