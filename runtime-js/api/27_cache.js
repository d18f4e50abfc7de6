'use strict';
// The Cache API as Workers has it (workerd api/cache.{h,c++}, docs/cache.md): `caches.default`
// and `await caches.open(name)`, each a Cache with match(), put() and delete(). Unlike a
// browser's Cache, it honours the response's Cache-Control/Expires (a stored entry expires),
// answers conditional and Range requests, and keeps no enumerable index (no keys(), matchAll(),
// caches.has()...). The native half (src/api/cache_*.cc) decides what is stored and answers
// matches; this file checks arguments with Workers' messages and streams bodies in and out.

const {
  Error, TypeError, Uint8Array, ObjectPrototypeIsPrototypeOf, RegExpPrototypeExec,
  StringPrototypeIncludes,
} = primordials;
const {
  cacheMatch, cacheBodyRead, cacheBodyClose, cachePutBegin, cachePutWrite, cachePutCommit,
  cachePutAbort, cacheDelete, encodeUtf8,
} = ops;

// workerd CacheStorage::open: "Set some reasonable limit" on the name (in UTF-8 bytes).
const kMaxCacheNameBytes = 1024;
const kHasHost = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]/;

// A method workerd declares but leaves unimplemented (jsg::Unimplemented, jsg::WontImplement).
const notImplemented = (method, iface) =>
  new Error(`Failed to execute '${method}' on '${iface}': the method is not implemented.`);

// workerd Request::coerce: a Request is used as is, anything else becomes `new Request(input)`.
function toRequest(input) {
  return internals.isBrand(input, internals.Request) ? input : new internals.Request(input);
}

// The key of an entry: the request URL (or `cf.cacheKey`, as Cloudflare allows), which must be
// absolute with a host (workerd validateUrl).
function cacheKey(request) {
  const cf = request.cf;
  if (cf !== undefined && cf !== null && cf.cacheKey !== undefined) return `${cf.cacheKey}`;
  // request.url is already a serialized URL: "scheme://" and a host, or it has none.
  const url = request.url;
  if (RegExpPrototypeExec(kHasHost, url) === null) {
    throw new TypeError('Invalid URL. Cache API keys must be fully-qualified, valid URLs.');
  }
  return url;
}

// CacheQueryOptions → ignoreMethod. The other dictionary members are WontImplement in workerd.
function ignoreMethodOf(options, method) {
  if (options === undefined || options === null) return false;
  if (typeof options !== 'object' && typeof options !== 'function') {
    throw new TypeError(
      `Failed to execute '${method}' on 'Cache': parameter 2 is not of type 'CacheQueryOptions'.`);
  }
  const ignoreMethod = !!options.ignoreMethod;
  for (const field of ['ignoreSearch', 'ignoreVary', 'cacheName']) {
    if (options[field] !== undefined) {
      throw new Error(`The '${field}' field on 'CacheQueryOptions' is not implemented.`);
    }
  }
  return ignoreMethod;
}

// The body of a match as a stream: a reader id streams a large body from its file.
function cachedBodyStream(body) {
  if (typeof body !== 'number') return internals.createReadableStreamFromChunks([body]);
  return internals.readableStreamFromPull(() => cacheBodyRead(body), () => cacheBodyClose(body));
}

// [status, statusText, headers, body, length] from ops.cacheMatch → the Response. Its headers
// are immutable, as on a Response from fetch() (`new Response(r.body, r)` makes them mutable).
function responseFromCache(found) {
  const [status, statusText, flatHeaders, body, length] = found;
  let state = null;
  if (typeof body === 'number') {
    state = new internals.BodyState(null, cachedBodyStream(body), length);
  } else if (body !== null) {
    state = new internals.BodyState(body, null, body.length);
  }
  const response = new internals.Response(null, {
    status, statusText, headers: internals.headersFromPairs(flatHeaders),
  });
  internals.setBody(response, state);
  internals.setHeadersGuard(response.headers, 'immutable');
  return response;
}

async function match(name, input, options) {
  const ignoreMethod = ignoreMethodOf(options, 'match');
  const request = toRequest(input);
  if (!ignoreMethod && request.method !== 'GET') return undefined;
  const found = cacheMatch(name, cacheKey(request), internals.headersToPairs(request.headers));
  return found === undefined ? undefined : responseFromCache(found);
}

// Sends a stream body to the writer chunk by chunk, waiting when the native side's file writes
// fall behind. Returns false when the body outgrew the largest storable entry (the rest of the
// stream is canceled).
async function writeStream(writer, reader, stream) {
  for (;;) {
    const { value, done } = await internals.readableStreamReaderRead(reader);
    if (done) return true;
    if (!ObjectPrototypeIsPrototypeOf(Uint8Array.prototype, value)) {
      throw new TypeError('This ReadableStream did not return bytes.');
    }
    const written = cachePutWrite(writer, value);
    if (written === false) {
      internals.readableStreamReaderRelease(reader);
      await internals.readableStreamCancel(stream, undefined);
      return false;
    }
    if (written !== true) await written;  // the body file's writes are behind: wait

  }
}

// The checks and their order follow workerd Cache::put. Everything up to the first `await`
// runs before put() returns, so the body is already taken (disturbed) when it does.
async function put(name, input, response) {
  if (!internals.isResponse(response)) {
    throw new TypeError("Failed to execute 'put' on 'Cache': parameter 2 is not of type 'Response'.");
  }
  if (response.type === 'error') throw new TypeError('Cache is unable to store an error response');
  const request = toRequest(input);
  if (request.method !== 'GET') throw new TypeError('Cannot cache response to non-GET request.');
  const { status, statusText, headers, body, webSocket } = internals.responseParts(response);
  if (status === 206) {
    throw new TypeError('Cannot cache response to a range request (206 Partial Content).');
  }
  const vary = internals.headersGet(headers, 'vary');
  if (vary !== null && StringPrototypeIncludes(vary, '*')) {
    throw new TypeError("Cannot cache response with 'Vary: *' header.");
  }
  // Silently ignored, as workerd does: a cached 304 would later answer unconditional requests.
  if (status === 304) return;
  if (webSocket !== null) throw new TypeError('Cannot cache WebSocket upgrade response.');
  if (body !== null && (body.disturbed || body.locked)) {
    throw new TypeError(internals.kBodyUsedMessage);
  }
  const key = cacheKey(request);
  const writer = cachePutBegin(name, key, status, statusText, internals.headersToPairs(headers),
    internals.headersToPairs(request.headers));
  if (body === null) {
    if (writer !== 0) await cachePutCommit(writer);
    return;
  }
  if (body.source !== null) {
    const source = body.source;
    body.source = null;
    body.used = true;
    if (writer === 0) return;
    const written = cachePutWrite(writer, typeof source === 'string' ? encodeUtf8(source) : source);
    if (written === false) return;
    if (written !== true) await written;
    await cachePutCommit(writer);
    return;
  }
  const stream = body.getStream();
  body.used = true;
  // Not stored: the body is not needed (canceling a clone's branch leaves the other intact).
  if (writer === 0) {
    await internals.readableStreamCancel(stream, undefined);
    return;
  }
  const reader = internals.acquireReadableStreamReader(stream);
  let complete;
  try {
    complete = await writeStream(writer, reader, stream);
  } catch (error) {
    cachePutAbort(writer);
    throw error;
  }
  if (complete) await cachePutCommit(writer);
}

async function remove(name, input, options) {
  const ignoreMethod = ignoreMethodOf(options, 'delete');
  const request = toRequest(input);
  if (!ignoreMethod && request.method !== 'GET') return false;
  return cacheDelete(name, cacheKey(request));
}

class Cache {
  #name; // null for caches.default

  constructor(key, name) {
    if (key !== internals) throw internals.illegalConstructor();
    this.#name = name;
  }

  static {
    internals.registerBrand(Cache, (o) => #name in o);
  }

  match(request, options = undefined) {
    internals.brandCheck(this, Cache);
    return match(this.#name, request, options);
  }
  put(request, response) {
    internals.brandCheck(this, Cache);
    return put(this.#name, request, response);
  }
  delete(request, options = undefined) {
    internals.brandCheck(this, Cache);
    return remove(this.#name, request, options);
  }
  add(request) { internals.brandCheck(this, Cache); throw notImplemented('add', 'Cache'); }
  addAll(requests) { internals.brandCheck(this, Cache); throw notImplemented('addAll', 'Cache'); }
  matchAll(request = undefined, options = undefined) {
    internals.brandCheck(this, Cache);
    throw notImplemented('matchAll', 'Cache');
  }
  keys(request = undefined, options = undefined) {
    internals.brandCheck(this, Cache);
    throw notImplemented('keys', 'Cache');
  }

  get [Symbol.toStringTag]() { return 'Cache'; }
}

class CacheStorage {
  #default;

  constructor(key) {
    if (key !== internals) throw internals.illegalConstructor();
    this.#default = new Cache(internals, null);
  }

  static {
    internals.registerBrand(CacheStorage, (o) => #default in o);
  }

  get default() {
    internals.brandCheck(this, CacheStorage);
    return this.#default;
  }

  open(cacheName) {
    internals.brandCheck(this, CacheStorage);
    return (async () => {
      const name = `${cacheName}`;
      if (encodeUtf8(name).length >= kMaxCacheNameBytes) throw new TypeError('Cache name is too long.');
      return new Cache(internals, name);
    })();
  }

  match(request, options = undefined) {
    internals.brandCheck(this, CacheStorage);
    throw notImplemented('match', 'CacheStorage');
  }
  has(cacheName) { internals.brandCheck(this, CacheStorage); throw notImplemented('has', 'CacheStorage'); }
  delete(cacheName) {
    internals.brandCheck(this, CacheStorage);
    throw notImplemented('delete', 'CacheStorage');
  }
  keys() { internals.brandCheck(this, CacheStorage); throw notImplemented('keys', 'CacheStorage'); }

  get [Symbol.toStringTag]() { return 'CacheStorage'; }
}

internals.markResourceType?.(Cache);
internals.markResourceType?.(CacheStorage);
internals.Cache = Cache;
internals.cachedBodyStream = cachedBodyStream;
internals.CacheStorage = CacheStorage;
internals.defineGlobal('Cache', Cache);
internals.defineGlobal('CacheStorage', CacheStorage);
// A read-only property of the global scope, as workerd declares it (JSG_READONLY_INSTANCE_PROPERTY).
primordials.ReflectDefineProperty(globalThis, 'caches', {
  value: new CacheStorage(internals), writable: false, enumerable: true, configurable: true,
});
