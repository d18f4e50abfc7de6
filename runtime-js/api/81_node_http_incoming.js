'use strict';
// IncomingMessage: the half of an HTTP exchange this side reads (the client's response, the
// server's request). A node:stream Readable fed from a fetch body (a Web ReadableStream), with
// Node's header views: `headers` (lower-case names; repeated values joined with ', ', except
// set-cookie, an array, and the first of a few single-valued ones) and `rawHeaders` (a flat
// [name, value, …] list as received).

const { ArrayPrototypePush, PromisePrototypeThen, Symbol } = primordials;
const { Readable } = internals.nodeStream;

const kStream = Symbol('kStream');
// Headers where Node keeps only the first value (lib/_http_incoming.js matchKnownFields).
const singleValued = new Set([
  'content-type', 'content-length', 'user-agent', 'referer', 'host', 'authorization',
  'proxy-authorization', 'if-modified-since', 'if-unmodified-since', 'from', 'location',
  'max-forwards', 'retry-after', 'etag', 'last-modified', 'server', 'age', 'expires',
]);

class IncomingMessage extends Readable {
  constructor(socket) {
    super();
    this.socket = socket ?? null;
    this.httpVersionMajor = 1;
    this.httpVersionMinor = 1;
    this.httpVersion = '1.1';
    this.complete = false;
    this.rawHeaders = [];
    this.rawTrailers = [];
    this.headers = {};
    this.trailers = {};
    this.joinDuplicateHeaders = false;
    this.aborted = false;
    this.upgrade = false;
    this.url = '';
    this.method = null;
    this.statusCode = null;
    this.statusMessage = null;
    this[kStream] = null;
    this._reader = null;
    this._pulling = false;
  }

  get connection() { return this.socket; }
  get headersDistinct() {
    const out = {};
    for (let i = 0; i < this.rawHeaders.length; i += 2) {
      const key = this.rawHeaders[i].toLowerCase();
      (out[key] ??= []).push(this.rawHeaders[i + 1]);
    }
    return out;
  }
  get trailersDistinct() { return {}; }

  // The Web body the message reads from (null: no body).
  get _stream() { return this[kStream]; }
  set _stream(stream) { this[kStream] = stream; }

  // Adds `n` entries of a flat [name, value, …] list to headers and rawHeaders.
  _addHeaderLines(lines, n) {
    for (let i = 0; i < n; i += 2) this._addHeaderLine(lines[i], lines[i + 1], this.headers);
  }

  _addHeaderLine(name, value, target) {
    ArrayPrototypePush(this.rawHeaders, name, value);
    const key = name.toLowerCase();
    if (key === 'set-cookie') {
      (target[key] ??= []).push(value);
    } else if (target[key] === undefined) {
      target[key] = value;
    } else if (!singleValued.has(key)) {
      target[key] += `, ${value}`;
    }
  }

  // One read of the Web body at a time; more while push() says the buffer has room.
  _read() {
    if (this._pulling || this.complete) return;
    const stream = this[kStream];
    if (stream === null) {
      this._finishBody();
      return;
    }
    this._reader ??= stream.getReader();
    this._pulling = true;
    PromisePrototypeThen(this._reader.read(), ({ value, done }) => {
      this._pulling = false;
      if (this.destroyed) return;
      if (done) {
        this._finishBody();
      } else if (this.push(internals.Buffer.from(value.buffer, value.byteOffset, value.byteLength))) {
        this._read();
      }
    }, (error) => {
      this._pulling = false;
      this.aborted = true;
      this.destroy(error);
    });
  }

  _finishBody() {
    this.complete = true;
    this.push(null);
  }

  _destroy(error, callback) {
    if (!this.readableEnded || !this.complete) this.aborted = true;
    // A body left unread is cancelled, so its connection is not held.
    if (!this.complete) {
      const cancel = this._reader ? this._reader.cancel(error) : this[kStream]?.cancel(error);
      if (cancel) PromisePrototypeThen(cancel, undefined, () => {});
    }
    callback(error);
  }

  setTimeout(msecs, callback) {
    if (typeof callback === 'function') this.once('timeout', callback);
    return this;
  }
}

internals.nodeHttp.IncomingMessage = IncomingMessage;
internals.nodeHttp.kIncomingMessage = Symbol('IncomingMessage');
internals.nodeHttp.kServerResponse = Symbol('ServerResponse');
