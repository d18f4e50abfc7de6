'use strict';
// Request (Fetch §6.2) with Workers' additions: `cf`, `fetcher`, no `mode`/`credentials` logic.

const {
  TypeError, RangeError, StringPrototypeToUpperCase, ObjectPrototypeIsPrototypeOf, SafeSet,
  RegExpPrototypeTest,
} = primordials;
const { Body, BodyState, extractBody, bodyOf, setBody } = internals;

// Fetch §4.1 "normalize a method" upper-cases these; workerd also upper-cases PATCH (it parses
// methods case-insensitively). Others are kept as given.
const kNormalizedMethods = new SafeSet(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH']);
const kForbiddenMethods = new SafeSet(['CONNECT', 'TRACE', 'TRACK']);
const kToken = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const kRedirectModes = new SafeSet(['follow', 'manual', 'error']);
// The `cache` modes Workers supports (compatibility flags cache_option_enabled and
// cache_no_cache_enabled; edged accepts both whatever the compatibility date). What they do to a
// subrequest: 28_fetch_cache.js.
const kCacheModes = new SafeSet(['no-store', 'no-cache']);

function normalizeMethod(method) {
  const value = `${method}`;
  if (!RegExpPrototypeTest(kToken, value)) throw new TypeError(`Invalid HTTP method string: ${value}`);
  const upper = StringPrototypeToUpperCase(value);
  if (kForbiddenMethods.has(upper)) throw new TypeError(`Invalid HTTP method string: ${value}`);
  return kNormalizedMethods.has(upper) ? upper : value;
}

function parseRequestUrl(input) {
  const record = internals.urlRecordOf(input);
  if (record !== null) return internals.serializeURL(record, false);
  const url = internals.parseURL(`${input}`);
  if (url === null) throw new TypeError(`Invalid URL: ${input}`);
  return url.href;
}

class Request extends Body {
  #method;
  #url;
  #headers;
  #redirect;
  #signal;
  #cf;
  #cache;
  #fetcher;

  constructor(input, init = undefined) {
    if (input === internals.kInternalConstruct) {
      // Fast path for incoming requests: everything was validated by the HTTP layer.
      const { method, url, headers, body } = init;
      super(internals, body);
      this.#method = method;
      this.#url = url;
      this.#headers = headers;
      this.#redirect = 'manual';
      this.#signal = null;
      this.#cf = init.cf;
      this.#cache = undefined;
      this.#fetcher = null;
      return;
    }
    if (arguments.length === 0) {
      throw new TypeError("Failed to construct 'Request': 1 argument required, but only 0 present.");
    }
    if (init !== undefined && init !== null && typeof init !== 'object') {
      throw new TypeError("Failed to construct 'Request': The provided value is not of type 'RequestInit'.");
    }
    const source = ObjectPrototypeIsPrototypeOf(Request.prototype, input) ? input : null;
    init ??= {};

    let method = source ? source.#method : 'GET';
    if (init.method !== undefined) method = normalizeMethod(init.method);
    const url = source ? source.#url : parseRequestUrl(input);
    let redirect = source ? source.#redirect : 'follow';
    if (init.redirect !== undefined) {
      redirect = `${init.redirect}`;
      if (!kRedirectModes.has(redirect)) {
        throw new TypeError(`Failed to construct 'Request': '${redirect}' is not a valid value for RequestRedirect.`);
      }
    }
    let signal = source ? source.#signal : null;
    if (init.signal !== undefined) signal = init.signal;
    let cf = source ? source.#cf : undefined;
    if (init.cf !== undefined) {
      // workerd declares `cf` an object member of RequestInitializerDict.
      if (init.cf === null || (typeof init.cf !== 'object' && typeof init.cf !== 'function')) {
        throw new TypeError("Incorrect type for the 'cf' field on 'RequestInitializerDict': " +
          "the provided value is not of type 'object'.");
      }
      cf = init.cf;
    }
    let cache = source ? source.#cache : undefined;
    if (init.cache !== undefined) {
      cache = `${init.cache}`;
      if (!kCacheModes.has(cache)) throw new TypeError(`Unsupported cache mode: ${cache}`);
    }

    const headers = new internals.Headers(init.headers !== undefined ? init.headers
      : source ? source.#headers : undefined);

    let body = null;
    if (init.body !== undefined && init.body !== null) {
      if (method === 'GET' || method === 'HEAD') {
        throw new TypeError('Request with a GET or HEAD method cannot have a body.');
      }
      const extracted = extractBody(init.body);
      body = extracted.body;
      if (extracted.contentType !== null && !headers.has('content-type')) {
        headers.set('content-type', extracted.contentType);
      }
    } else if (source !== null && bodyOf(source) !== null && init.body === undefined) {
      // Fetch §6.2 step 41: the new request takes the input request's body.
      const inputBody = bodyOf(source);
      if (inputBody.disturbed || inputBody.locked) throw new TypeError(internals.kBodyUsedMessage);
      if (method === 'GET' || method === 'HEAD') {
        throw new TypeError('Request with a GET or HEAD method cannot have a body.');
      }
      body = inputBody;
      setBody(source, new BodyState(null, emptyUsedStream(), 0));
      bodyOf(source).used = true;
    }
    super(internals, body);
    this.#method = method;
    this.#url = url;
    this.#headers = headers;
    this.#redirect = redirect;
    this.#signal = signal;
    this.#cf = cf;
    this.#cache = cache;
    this.#fetcher = null;
  }

  static {
    internals.registerBrand(Request, (o) => #method in o);
  }

  get method() { internals.brandCheck(this, Request); return this.#method; }
  get url() { internals.brandCheck(this, Request); return this.#url; }
  get headers() { internals.brandCheck(this, Request); return this.#headers; }
  get redirect() { internals.brandCheck(this, Request); return this.#redirect; }
  get signal() {
    internals.brandCheck(this, Request);
    // Workers gives every request a signal; one that never aborts when none was passed.
    this.#signal ??= new internals.AbortController().signal;
    return this.#signal;
  }
  get cf() { internals.brandCheck(this, Request); return this.#cf; }
  // undefined unless set: Workers has no "default" mode.
  get cache() { internals.brandCheck(this, Request); return this.#cache; }
  get fetcher() { internals.brandCheck(this, Request); return this.#fetcher; }
  get integrity() { internals.brandCheck(this, Request); return ''; }
  get keepalive() { internals.brandCheck(this, Request); return false; }

  clone() {
    internals.brandCheck(this, Request);
    const body = bodyOf(this);
    const copy = new Request(internals.kInternalConstruct, {
      method: this.#method,
      url: this.#url,
      headers: internals.cloneHeaders(this.#headers),
      body: body === null ? null : body.clone(),
      cf: this.#cf,
    });
    copy.#redirect = this.#redirect;
    copy.#signal = this.#signal;
    copy.#cache = this.#cache;
    return copy;
  }

  get [Symbol.toStringTag]() { return 'Request'; }
}

function emptyUsedStream() {
  return internals.createReadableStreamFromChunks([]);
}

internals.markResourceType?.(Request);
internals.Request = Request;
internals.normalizeMethod = normalizeMethod;
internals.defineGlobal('Request', Request);
