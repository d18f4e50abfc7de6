'use strict';
// fetch() (Fetch §5.1 "fetch method", §4 "fetching") as Workers has it: HTTP/1.1 and HTTPS to
// any origin through the native client (src/api/fetch_client.cc, one connection pool per
// isolate), bodies streamed both ways, redirects followed here (§4.4), AbortSignal honoured.
//
// Differences from a browser, as in workerd: no CORS, no credentials mode, no cache modes but
// "no-store" and "no-cache"; response headers are immutable (TypeError "Can't modify immutable
// headers.", use `new Response(r.body, r)`); gzip and br response bodies are decoded
// (25_compression.js).
// Every hop passes through a cache as it would through Cloudflare's in front of the origin,
// honouring the `cf` cache options (cacheTtl, cacheEverything, cacheKey, cacheTtlByStatus) and the
// Request's `cache` mode, and says how in CF-Cache-Status (28_fetch_cache.js). The zone features
// (minify, polish, …) are accepted and ignored.
// Unlike workerd, redirect: "error" is accepted (the Request constructor takes it): a redirect
// then rejects with a TypeError, as the Fetch standard says.

const {
  ArrayBufferIsView, FunctionPrototypeCall,
  ObjectGetOwnPropertyDescriptor, PromisePrototypeThen, PromiseReject, SafeSet,
  StringPrototypeSlice, StringPrototypeToLowerCase, RegExpPrototypeExec,
  TypeError, NumberParseInt,
} = primordials;
const {
  fetchClientStart, fetchClientWrite, fetchClientEnd, fetchClientResponse, fetchClientRead,
  fetchClientAbort, fetchPipe, encodeUtf8,
} = ops;
const { Request, Response, BodyState, bodyOf } = internals;
const { serializePath } = internals.urlParser;

// Fetch §4.4 step 5: "If request's redirect count is 20, then return a network error."
const kMaxRedirects = 20;
const kRedirectStatus = new SafeSet([301, 302, 303, 307, 308]);
const kNullBodyStatus = new SafeSet([101, 204, 205, 304]);
// Fetch §4.4 step 12: dropped with the body when a redirect turns the request into a GET.
const kRequestBodyHeaders = new SafeSet([
  'content-encoding', 'content-language', 'content-location', 'content-type',
]);
// RFC 9110 §9.3: methods whose requests carry content; sent without a body they get
// "Content-Length: 0" (RFC 9110 §8.6).
const kContentMethods = new SafeSet(['POST', 'PUT', 'PATCH']);
const kDigits = /^[0-9]{1,15}$/;

// Request's public getters, saved: a Worker that patches Request.prototype cannot redirect them.
const requestGetter = (name) => {
  const get = ObjectGetOwnPropertyDescriptor(Request.prototype, name).get;
  return (request) => FunctionPrototypeCall(get, request);
};
const requestMethod = requestGetter('method');
const requestUrl = requestGetter('url');
const requestHeaders = requestGetter('headers');
const requestRedirect = requestGetter('redirect');
const requestSignal = requestGetter('signal');

const { isArrayBuffer } = internals.webidl;

// Workers' Fetcher.parseUrl: only http and https go out.
function httpUrlRecord(url) {
  const record = internals.parseURL(url);
  if (record === null || (record.scheme !== 'http' && record.scheme !== 'https')) {
    throw new TypeError(`Fetch API cannot load: ${url}`);
  }
  return record;
}

// What fetchClientStart needs to know about where a URL record points.
function connectionTarget(record) {
  const https = record.scheme === 'https';
  const host = record.host;
  // An IPv6 literal without its brackets, for DNS and the TLS name check.
  const bare = host[0] === '[' ? StringPrototypeSlice(host, 1, -1) : host;
  return {
    https,
    host: bare,
    port: record.port ?? (https ? 443 : 80),
    target: serializePath(record) + (record.query !== null ? '?' + record.query : ''),
    hostHeader: record.port === null ? host : `${host}:${record.port}`,
  };
}

// The body a request sends, in a form that can be sent again after a redirect when it is
// bytes (Fetch "body's source"); a stream body can be sent once.
function outgoingBody(state) {
  if (state === null) return null;
  if (state.disturbed || state.locked) throw new TypeError(internals.kBodyUsedMessage);
  if (state.source !== null) {
    const bytes = typeof state.source === 'string' ? encodeUtf8(state.source) : state.source;
    state.source = null;
    state.used = true;
    return { bytes, stream: null, length: bytes.length };
  }
  const stream = state.getStream();
  return { bytes: null, stream, length: state.length };
}

// Streams `stream` into the request with backpressure; an error in the stream aborts the fetch
// with that error.
async function pumpRequestBody(id, stream) {
  const reader = internals.acquireReadableStreamReader(stream);
  try {
    for (;;) {
      const { value, done } = await internals.readableStreamReaderRead(reader);
      if (done) {
        fetchClientEnd(id);
        return;
      }
      if (!ArrayBufferIsView(value) && !isArrayBuffer(value)) {
        throw new TypeError('This ReadableStream did not return bytes.');
      }
      const taken = fetchClientWrite(id, value);
      if (taken === false) break;  // the origin answered without waiting for the rest
      if (taken !== undefined) await taken;
    }
  } catch (error) {
    fetchClientAbort(id, error);
    return;
  }
  internals.readableStreamReaderRelease(reader);
  internals.readableStreamCancel(stream, undefined);
}

// One HTTP exchange: sends `method url` with `headerPairs` and `body`, resolves with the
// response head. `signal` aborts it (and later its response body).
async function sendOnce(method, record, headerPairs, body, abort) {
  const to = connectionTarget(record);
  let length = null;
  if (body !== null) length = body.length ?? -1;
  else if (kContentMethods.has(method)) length = 0;
  const id = fetchClientStart(method, to.https, to.host, to.port, to.target, to.hostHeader,
    headerPairs, length);
  abort.track(id);
  if (body !== null && body.bytes !== null) {
    if (body.bytes.length > 0) fetchClientWrite(id, body.bytes);
    fetchClientEnd(id);
  } else if (body !== null) {
    pumpRequestBody(id, body.stream);
  }
  const [status, statusText, responseHeaders, hasBody, webSocketId] = await fetchClientResponse(id);
  return { id, status, statusText, headerPairs: responseHeaders, hasBody, webSocketId };
}

// Ties an AbortSignal to the exchange in flight: aborting rejects what waits on it with the
// signal's reason and closes the connection.
class AbortLink {
  #signal;
  #handle;
  #id = 0;
  constructor(signal) {
    this.#signal = signal;
    this.#handle = internals.addAbortAlgorithm(signal, (reason) => {
      if (this.#id !== 0) fetchClientAbort(this.#id, reason);
    });
  }
  get aborted() { return internals.abortSignalAborted(this.#signal); }
  get reason() { return internals.abortSignalReason(this.#signal); }
  track(id) { this.#id = id; }
  release() { internals.removeAbortAlgorithm(this.#signal, this.#handle); }
}

// The response body: a byte stream reading the exchange on demand, so a slow reader pauses the
// socket. An abort errors it with the signal's reason.
function responseBodyStream(id, abort) {
  const pull = () => {
    if (abort.aborted) return PromiseReject(abort.reason);
    return PromisePrototypeThen(fetchClientRead(id), (chunk) => {
      if (chunk === null) abort.release();
      return chunk;
    });
  };
  const cancel = () => {
    abort.release();
    fetchClientAbort(id, undefined);
  };
  return internals.readableStreamFromPull(pull, cancel);
}

// What the cache (28_fetch_cache.js) needs to reach the origin.
const kOrigin = { send: sendOnce, bodyStream: responseBodyStream };

// An exchange's raw (still encoded) body: the origin's, or the one the cache supplied (a cached
// copy, or the origin's body passing through into the cache).
function exchangeBody(exchange, abort) {
  return exchange.body !== undefined ? exchange.body : responseBodyStream(exchange.id, abort);
}

// Drops an exchange's body unread; from the origin, without any, the connection stays reusable.
function discardBody(exchange) {
  if (exchange.body !== undefined) internals.readableStreamCancel(exchange.body, undefined);
  else if (exchange.hasBody) fetchClientAbort(exchange.id, undefined);
}

function makeResponse(method, exchange, url, redirected, abort) {
  const { status, statusText, headerPairs, hasBody, webSocketId } = exchange;
  if (status === 101 && webSocketId !== 0) {
    // The origin accepted a WebSocket handshake: the socket is the response's `webSocket`.
    abort.release();
    const response = new Response(null, {
      status, statusText, headers: internals.headersFromPairs(headerPairs),
      webSocket: internals.webSocketFromId(webSocketId),
    });
    internals.setResponseUrl(response, internals.serializeURL(url, true), redirected);
    return response;
  }
  if (status < 200 || status > 599) {
    discardBody(exchange);
    throw new TypeError(`Received an invalid HTTP response. (status ${status})`);
  }
  const response = new Response(null, {
    status, statusText, headers: internals.headersFromPairs(headerPairs),
  });
  const headers = internals.responseParts(response).headers;
  // Fetch §4.1 main fetch step 21: HEAD and null body statuses have no body (content an origin
  // sends anyway is dropped with its connection).
  if (method === 'HEAD' || kNullBodyStatus.has(status)) {
    discardBody(exchange);
    abort.release();
  } else {
    let stream;
    let length = null;
    if (hasBody) {
      stream = exchangeBody(exchange, abort);
      const declared = internals.headersGet(headers, 'content-length');
      if (declared !== null && RegExpPrototypeExec(kDigits, declared) !== null) {
        length = NumberParseInt(declared, 10);
      }
    } else {
      abort.release();
      stream = internals.createReadableStreamFromChunks([]);
      length = 0;
    }
    const encoding = internals.headersGet(headers, 'content-encoding');
    const decoded = internals.decodeContentEncoding(stream, encoding, length);
    internals.setBody(response, new BodyState(null, decoded, decoded === stream ? length : null));
    // The origin's bytes as they are: returned unchanged, they can skip JavaScript (30_worker.js).
    if (hasBody && exchange.body === undefined && decoded === stream) {
      internals.nativeBodyPipes.set(stream, {
        length: null,
        pipe: async (fetchId, status, statusText, flat, contentLength) => {
          try {
            await fetchPipe(fetchId, exchange.id, status, statusText, flat, contentLength);
          } finally {
            abort.release();
          }
        },
      });
    }
  }
  internals.headersSetUnguarded(headers, 'CF-Cache-Status', exchange.cacheStatus);
  internals.setHeadersGuard(headers, 'response');
  internals.setResponseUrl(response, internals.serializeURL(url, true), redirected);
  return response;
}

// Fetch §4.4 "HTTP-redirect fetch": the next request, or null to return `exchange` as is.
function followRedirect(state, exchange) {
  const { status, headerPairs } = exchange;
  const headers = internals.headersFromPairs(headerPairs);
  const location = internals.headersGet(headers, 'location');
  if (!kRedirectStatus.has(status) || location === null || state.mode === 'manual') return null;
  // The redirect's own content is not wanted.
  discardBody(exchange);
  if (state.mode === 'error') {
    throw new TypeError('Redirect was not followed: the request\'s redirect mode is "error".');
  }
  const next = internals.parseURL(location, state.url);
  if (next === null) throw new TypeError('Invalid Location header; unable to follow redirect.');
  if (state.redirects === kMaxRedirects) throw new TypeError('Too many redirects.');
  if (next.scheme !== 'http' && next.scheme !== 'https') {
    throw new TypeError(`Fetch API cannot load: ${next.href}`);
  }
  state.redirects++;
  // Step 13: credentials do not follow the request to another origin.
  if (internals.serializeURLOrigin(next) !== internals.serializeURLOrigin(state.url)) {
    state.headerPairs = withoutHeaders(state.headerPairs, new SafeSet(['authorization']));
  }
  // Step 11 (workerd's message): a stream body cannot be sent twice.
  if (status !== 303 && state.body !== null && state.body.bytes === null) {
    throw new TypeError('A request with a one-time-use body (it was initialized from a stream, ' +
      'not a buffer) encountered a redirect requiring the body to be retransmitted. To avoid ' +
      'this error in the future, construct this request from a buffer-like body initializer.');
  }
  // Step 12: 301/302 turn POST into GET; 303 turns everything but HEAD into GET.
  if (((status === 301 || status === 302) && state.method === 'POST') ||
      (status === 303 && state.method !== 'HEAD')) {
    state.method = 'GET';
    state.body = null;
    state.headerPairs = withoutHeaders(state.headerPairs, kRequestBodyHeaders);
  }
  state.url = next;
  return state;
}

function withoutHeaders(pairs, lowerNames) {
  const out = [];
  for (let i = 0; i + 1 < pairs.length; i += 2) {
    if (lowerNames.has(StringPrototypeToLowerCase(pairs[i]))) continue;
    out[out.length] = pairs[i];
    out[out.length] = pairs[i + 1];
  }
  return out;
}

async function fetchRequest(request) {
  const signal = requestSignal(request);
  if (internals.abortSignalAborted(signal)) throw internals.abortSignalReason(signal);
  const url = httpUrlRecord(requestUrl(request));
  const headers = requestHeaders(request);
  const state = {
    method: requestMethod(request),
    url,
    headerPairs: internals.headersToPairs(headers),
    body: outgoingBody(bodyOf(request)),
    mode: requestRedirect(request),
    redirects: 0,
  };
  internals.fetchCache.prepare(request, state);
  for (;;) {
    const abort = new AbortLink(signal);
    let exchange;
    try {
      exchange = await internals.fetchCache.send(state, abort, state.redirects === 0, kOrigin);
    } catch (error) {
      abort.release();
      throw error;
    }
    let next;
    try {
      next = followRedirect(state, exchange);
    } catch (error) {
      abort.release();
      throw error;
    }
    if (next === null) {
      return makeResponse(state.method, exchange, state.url, state.redirects > 0, abort);
    }
    abort.release();
  }
}

function fetch(input, init = undefined) {
  let request;
  try {
    // Fetch §5.1 step 2 (and workerd): a new Request, so a Request input's body is taken over
    // and the input left used, and invalid arguments throw as the constructor would.
    request = new Request(input, init);
  } catch (error) {
    return PromiseReject(error);
  }
  return fetchRequest(request);
}

internals.fetch = fetch;
internals.defineGlobal('fetch', fetch);
