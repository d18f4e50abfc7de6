'use strict';
// OutgoingMessage: the half of an HTTP exchange that this side writes (ClientRequest,
// ServerResponse). A node:stream Writable whose headers are kept by lower-case name with the
// name as given, until the first body byte or end() sends them. The subclass says what sending
// means (_sendHead), and takes the body chunks through _write/_final.

const { ArrayIsArray, ArrayPrototypeMap, ObjectKeys, Symbol } = primordials;
const { Writable } = internals.nodeStream;
const { validateHeaderName, validateHeaderValue, httpErrors } = internals.nodeHttp;

const kOutHeaders = Symbol('kOutHeaders');
const kUniqueHeaders = Symbol('kUniqueHeaders');
const kHighWaterMark = 16 * 1024;

// uniqueHeaders: names that must not be repeated (joined with ', ' instead), lower-cased.
function parseUniqueHeadersOption(headers) {
  if (!ArrayIsArray(headers)) return null;
  const unique = new Set();
  for (const name of headers) unique.add(`${name}`.toLowerCase());
  return unique;
}

class OutgoingMessage extends Writable {
  constructor(options) {
    super({
      highWaterMark: options?.highWaterMark ?? kHighWaterMark,
      autoDestroy: options?.autoDestroy ?? true,
    });
    this[kOutHeaders] = { __proto__: null };
    this[kUniqueHeaders] = null;
    this.headersSent = false;
    this.sendDate = false;
    this.chunkedEncoding = false;
    this.useChunkedEncodingByDefault = true;
    this.shouldKeepAlive = true;
    this.finished = false;
    this.socket = null;
    this._hasBody = true;
  }

  get connection() { return this.socket; }
  get writableHighWaterMark() { return kHighWaterMark; }

  setHeader(name, value) {
    if (this.headersSent) throw httpErrors.headersSent('set');
    validateHeaderName(name);
    validateHeaderValue(name, value);
    this[kOutHeaders][name.toLowerCase()] = [name, value];
    return this;
  }

  // Adds to a header instead of replacing it (Node 18.3+).
  appendHeader(name, value) {
    if (this.headersSent) throw httpErrors.headersSent('append');
    validateHeaderName(name);
    validateHeaderValue(name, value);
    const key = name.toLowerCase();
    const existing = this[kOutHeaders][key];
    if (existing === undefined) {
      this[kOutHeaders][key] = [name, value];
    } else {
      const before = ArrayIsArray(existing[1]) ? existing[1] : [existing[1]];
      existing[1] = [...before, ...(ArrayIsArray(value) ? value : [value])];
    }
    return this;
  }

  setHeaders(headers) {
    if (this.headersSent) throw httpErrors.headersSent('set');
    if (typeof headers?.forEach !== 'function') {
      throw internals.nodeErrors.invalidArgType('headers', 'of type Headers or Map', headers);
    }
    headers.forEach((value, name) => this.setHeader(name, value));
    return this;
  }

  getHeader(name) {
    internals.validateString(name, 'name');
    return this[kOutHeaders][name.toLowerCase()]?.[1];
  }

  getHeaders() {
    const out = { __proto__: null };
    for (const key of ObjectKeys(this[kOutHeaders])) out[key] = this[kOutHeaders][key][1];
    return out;
  }

  getHeaderNames() { return ObjectKeys(this[kOutHeaders]); }

  getRawHeaderNames() {
    return ArrayPrototypeMap(ObjectKeys(this[kOutHeaders]), (key) => this[kOutHeaders][key][0]);
  }

  hasHeader(name) {
    internals.validateString(name, 'name');
    return this[kOutHeaders][name.toLowerCase()] !== undefined;
  }

  removeHeader(name) {
    internals.validateString(name, 'name');
    if (this.headersSent) throw httpErrors.headersSent('remove');
    delete this[kOutHeaders][name.toLowerCase()];
  }

  // [name, value] pairs as they go on the wire; an array value becomes one pair per item,
  // except for a unique header, joined.
  _headerPairs() {
    const pairs = [];
    for (const key of ObjectKeys(this[kOutHeaders])) {
      const [name, value] = this[kOutHeaders][key];
      if (ArrayIsArray(value) && !this[kUniqueHeaders]?.has(key)) {
        for (const item of value) pairs.push([name, `${item}`]);
      } else {
        pairs.push([name, ArrayIsArray(value) ? value.join(', ') : `${value}`]);
      }
    }
    return pairs;
  }

  // Headers go out once: before the first body chunk, or at end() without one.
  _implicitHeader() {
    if (this.headersSent) return;
    this.headersSent = true;
    this._sendHead();
  }

  flushHeaders() { this._implicitHeader(); }

  write(chunk, encoding, callback) {
    if (this.writableEnded) {
      const error = httpErrors.writeAfterEnd();
      const cb = typeof encoding === 'function' ? encoding : callback;
      internals.nodeStream.nextTick(() => {
        if (typeof cb === 'function') cb(error);
        this.emit('error', error);
      });
      return true;
    }
    this._implicitHeader();
    return super.write(chunk, encoding, callback);
  }

  end(chunk, encoding, callback) {
    if (typeof chunk === 'function') [chunk, callback] = [undefined, chunk];
    else if (typeof encoding === 'function') [encoding, callback] = [undefined, encoding];
    if (this.writableEnded) {
      if (typeof callback === 'function') internals.nodeStream.nextTick(callback);
      return this;
    }
    this.finished = true;
    if (chunk !== undefined && chunk !== null) this.write(chunk, encoding);
    this._implicitHeader();
    super.end(callback);
    return this;
  }

  // Trailers need chunked framing the fetch bridge does not expose.
  addTrailers() {}
  setTimeout(msecs, callback) {
    if (typeof callback === 'function') this.once('timeout', callback);
    return this;
  }
}

internals.nodeHttp.OutgoingMessage = OutgoingMessage;
internals.nodeHttp.kOutHeaders = kOutHeaders;
internals.nodeHttp.kUniqueHeaders = kUniqueHeaders;
internals.nodeHttp.kHighWaterMark = kHighWaterMark;
internals.nodeHttp.parseUniqueHeadersOption = parseUniqueHeadersOption;
