'use strict';
// Response (Fetch §6.4) with Workers' additions: `webSocket`, `encodeBody`, `cf`.

const { TypeError, RangeError, JSONStringify, SafeSet, ObjectPrototypeIsPrototypeOf } = primordials;
const { Body, extractBody, bodyOf } = internals;

const kNullBodyStatus = new SafeSet([101, 204, 205, 304]);
const kRedirectStatus = new SafeSet([301, 302, 303, 307, 308]);
// RFC 9110 reason-phrase: HTAB, SP, VCHAR, obs-text.
const kReasonPhrase = /^[\t\x20-\x7e\x80-\xff]*$/;

class Response extends Body {
  #status;
  #statusText;
  #headers;
  #type;
  #url;
  #webSocket;
  #encodeBody;
  #cf;
  #redirected;

  constructor(body = null, init = undefined) {
    if (init !== undefined && init !== null && typeof init !== 'object') {
      throw new TypeError("Failed to construct 'Response': The provided value is not of type 'ResponseInit'.");
    }
    init ??= {};
    const status = init.status === undefined ? (init.webSocket ? 101 : 200) : +init.status;
    if (init.webSocket === undefined || init.webSocket === null) {
      if (!(status >= 200 && status <= 599) || (status | 0) !== status) {
        throw new RangeError('Responses may only be constructed with status codes in the range 200 to 599, inclusive.');
      }
    } else if (status !== 101) {
      throw new RangeError('Responses with a WebSocket must have status code 101.');
    }
    const statusText = init.statusText === undefined ? '' : `${init.statusText}`;
    if (!primordials.RegExpPrototypeTest(kReasonPhrase, statusText)) {
      throw new TypeError(`Invalid statusText: ${statusText}`);
    }
    const headers = new internals.Headers(init.headers);
    let state = null;
    if (body !== null && body !== undefined) {
      if (kNullBodyStatus.has(status)) {
        throw new TypeError(`Response with null body status (${status}) cannot have a body.`);
      }
      const extracted = extractBody(body);
      state = extracted.body;
      if (extracted.contentType !== null && !headers.has('content-type')) {
        headers.set('content-type', extracted.contentType);
      }
    }
    super(internals, state);
    this.#status = status;
    this.#statusText = statusText;
    this.#headers = headers;
    this.#type = 'default';
    this.#url = '';
    this.#webSocket = init.webSocket ?? null;
    this.#encodeBody = init.encodeBody === 'manual' ? 'manual' : 'automatic';
    this.#cf = init.cf;
    this.#redirected = false;
  }

  static {
    internals.registerBrand(Response, (o) => #status in o);
    internals.responseParts = (r) => ({
      status: r.#status, statusText: r.#statusText, headers: r.#headers, body: bodyOf(r),
      webSocket: r.#webSocket, encodeBody: r.#encodeBody,
    });
    internals.setResponseUrl = (r, url, redirected) => {
      r.#url = url;
      r.#redirected = redirected;
    };
  }

  static error() {
    const response = new Response(null, { status: 200 });
    response.#type = 'error';
    response.#status = 0;
    return response;
  }

  static redirect(url, status = 302) {
    const parsed = internals.parseURL(`${url}`);
    if (parsed === null) throw new TypeError(`Unable to parse URL: ${url}`);
    status = +status;
    if (!kRedirectStatus.has(status)) {
      throw new RangeError(`${status} is not a redirect status code. It must be one of: 301, 302, 303, 307, or 308.`);
    }
    const response = new Response(null, { status, headers: { location: parsed.href } });
    internals.setHeadersGuard(response.#headers, 'immutable');
    return response;
  }

  static json(data, init = undefined) {
    const text = JSONStringify(data);
    if (text === undefined) throw new TypeError('The data is not JSON serializable');
    init ??= {};
    const headers = new internals.Headers(init.headers);
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
    return new Response(text, { ...init, headers });
  }

  get status() { internals.brandCheck(this, Response); return this.#status; }
  get statusText() { internals.brandCheck(this, Response); return this.#statusText; }
  get ok() { internals.brandCheck(this, Response); return this.#status >= 200 && this.#status <= 299; }
  get headers() { internals.brandCheck(this, Response); return this.#headers; }
  get type() { internals.brandCheck(this, Response); return this.#type; }
  get url() { internals.brandCheck(this, Response); return this.#url; }
  get redirected() { internals.brandCheck(this, Response); return this.#redirected; }
  get webSocket() { internals.brandCheck(this, Response); return this.#webSocket; }
  get cf() { internals.brandCheck(this, Response); return this.#cf; }

  clone() {
    internals.brandCheck(this, Response);
    if (this.#webSocket !== null) throw new TypeError('Cannot clone a response to a WebSocket handshake.');
    const body = bodyOf(this);
    const copy = new Response(null, {
      status: this.#status === 0 ? 200 : this.#status,
      statusText: this.#statusText,
      headers: this.#headers,
      encodeBody: this.#encodeBody,
      cf: this.#cf,
    });
    internals.setBody(copy, body === null ? null : body.clone());
    copy.#headers = internals.cloneHeaders(this.#headers);
    copy.#status = this.#status;
    copy.#type = this.#type;
    copy.#url = this.#url;
    copy.#redirected = this.#redirected;
    return copy;
  }

  get [Symbol.toStringTag]() { return 'Response'; }
}

internals.markResourceType?.(Response);
internals.Response = Response;
internals.isResponse = (value) => ObjectPrototypeIsPrototypeOf(Response.prototype, value);
internals.defineGlobal('Response', Response);
