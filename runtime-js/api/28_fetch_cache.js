'use strict';
// The cache in front of fetch() subrequests, as Cloudflare's zone cache sits between a Worker and
// its origins (docs/cache.md "fetch() through the cache"). 26_fetch.js sends every hop through
// send() below; which responses are kept and for how long is src/api/fetch_cache_policy.h, the
// entries live in the Cache API's store (27_cache.js, src/api/cache_*.cc) in a namespace of
// their own per Worker.
//
// Which requests use the cache (Cloudflare "Default cache behavior", "Cache using fetch"):
// GET, and HEAD answered from a GET's entry, whose URL ends in one of Cloudflare's default cached
// file extensions, or any such request with `cf.cacheEverything` or `cf.cacheTtl`. The others go
// straight to the origin: CF-Cache-Status DYNAMIC. The Request's `cache` mode "no-store" bypasses
// the cache (and asks the origin not to serve a cached copy either), "no-cache" skips the lookup
// but stores the fresh answer.

const {
  ArrayIsArray, MathMax, MathMin, MathTrunc, NumberIsFinite, NumberParseInt,
  ObjectGetOwnPropertyDescriptor, ObjectKeys, FunctionPrototypeCall, PromisePrototypeThen,
  RegExpPrototypeExec, SafeSet, StringPrototypeLastIndexOf, StringPrototypeSlice,
  StringPrototypeToLowerCase, TypeError,
} = primordials;
const { fetchCacheMatch, fetchCachePutBegin, cachePutWrite, cachePutCommit, cachePutAbort } = ops;
const { Request } = internals;
const { serializePath } = internals.urlParser;

// Cloudflare "Default cache behavior": cached by extension, not by MIME type (HTML and JSON are
// not), plus a site's /robots.txt.
const kCachedExtensions = new SafeSet([
  '7z', 'csv', 'gif', 'midi', 'png', 'tif', 'zip', 'avi', 'doc', 'gz', 'mkv', 'ppt', 'tiff', 'zst',
  'avif', 'docx', 'ico', 'mp3', 'pptx', 'ttf', 'apk', 'dmg', 'iso', 'mp4', 'ps', 'webm', 'bin',
  'ejs', 'jar', 'ogg', 'rar', 'webp', 'bmp', 'eot', 'jpg', 'otf', 'svg', 'woff', 'bz2', 'eps',
  'jpeg', 'svgz', 'woff2', 'class', 'exe', 'js', 'pict', 'swf', 'xls', 'css', 'flac', 'mid', 'pls',
  'tar', 'xlsx',
]);
const kStatusKey = /^([1-9][0-9]{2})(?:-([1-9][0-9]{2}))?$/;
// RFC 9111 §1.2.2: delta-seconds past 2^31 are read as 2^31.
const kMaxTtl = 2147483648;
const kCfType = 'RequestInitCfProperties';

const requestGetter = (name) => {
  const get = ObjectGetOwnPropertyDescriptor(Request.prototype, name).get;
  return (request) => FunctionPrototypeCall(get, request);
};
const requestCf = requestGetter('cf');
const requestCacheMode = requestGetter('cache');

function typeError(field, type) {
  return new TypeError(`Incorrect type for the '${field}' field on '${kCfType}': the provided ` +
    `value is not of type '${type}'.`);
}

function ttlValue(value, field) {
  if (typeof value !== 'number' || !NumberIsFinite(value)) throw typeError(field, 'number');
  return MathMax(-kMaxTtl, MathMin(kMaxTtl, MathTrunc(value)));
}

// cacheTtlByStatus → [from, to, ttl, …]: keys "404" or "500-599" (Cloudflare: status codes
// 100-999), values seconds.
function ttlByStatusEntries(byStatus) {
  if (byStatus === null || typeof byStatus !== 'object') {
    throw typeError('cacheTtlByStatus', 'object');
  }
  const flat = [];
  const keys = ObjectKeys(byStatus);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const m = RegExpPrototypeExec(kStatusKey, key);
    const from = m === null ? 0 : NumberParseInt(m[1], 10);
    const to = m === null || m[2] === undefined ? from : NumberParseInt(m[2], 10);
    if (m === null || to < from) {
      throw new TypeError(`Invalid status code or range '${key}' in 'cacheTtlByStatus': ` +
        'expected a status code such as "404" or a range such as "500-599".');
    }
    flat[flat.length] = from;
    flat[flat.length] = to;
    flat[flat.length] = ttlValue(byStatus[key], `cacheTtlByStatus["${key}"]`);
  }
  return flat;
}

// What a request's `cf` and `cache` ask of the cache, checked once per fetch().
function policyOf(request) {
  const mode = requestCacheMode(request);
  const cf = requestCf(request);
  const policy = {
    mode, cacheEverything: false, cacheTtl: null, byStatus: null, cacheKey: undefined,
  };
  let givenTtl;
  if (cf !== undefined && cf !== null) {
    if (cf.cacheEverything !== undefined) {
      if (typeof cf.cacheEverything !== 'boolean') throw typeError('cacheEverything', 'boolean');
      policy.cacheEverything = cf.cacheEverything;
    }
    givenTtl = cf.cacheTtl;
    if (givenTtl !== undefined) policy.cacheTtl = ttlValue(givenTtl, 'cacheTtl');
    if (cf.cacheTtlByStatus !== undefined) policy.byStatus = ttlByStatusEntries(cf.cacheTtlByStatus);
    if (cf.cacheKey !== undefined) {
      if (typeof cf.cacheKey !== 'string') throw typeError('cacheKey', 'string');
      policy.cacheKey = cf.cacheKey;
    }
    // Accepted for Cache-Tag purges, which edged has none of.
    if (cf.cacheTags !== undefined) {
      const tags = cf.cacheTags;
      if (!ArrayIsArray(tags)) throw typeError('cacheTags', 'array');
      for (let i = 0; i < tags.length; i++) {
        if (typeof tags[i] !== 'string') throw typeError('cacheTags', 'array of strings');
      }
    }
  }
  // workerd Request::serializeCfBlobJson: no-store means cacheTtl -1, and nothing else.
  if (mode === 'no-store' && policy.cacheTtl !== null && policy.cacheTtl !== -1) {
    throw new TypeError(`CacheTtl: ${givenTtl}, is not compatible with cache: no-store header.`);
  }
  return policy;
}

// Sets header `lowerName` in flat [name, value, …] pairs unless the Worker did.
function withDefaultHeader(pairs, lowerName, value) {
  const out = [];
  for (let i = 0; i < pairs.length; i++) {
    if (i % 2 === 0 && StringPrototypeToLowerCase(pairs[i]) === lowerName) return pairs;
    out[i] = pairs[i];
  }
  out[out.length] = lowerName;
  out[out.length] = value;
  return out;
}

// Prepares a fetch's state for the cache: its policy, and for "no-store" the request headers
// Cloudflare sends so the origin (or a cache in front of it) does not answer from a copy either.
function prepare(request, state) {
  state.cachePolicy = policyOf(request);
  if (state.cachePolicy.mode === 'no-store') {
    state.headerPairs = withDefaultHeader(state.headerPairs, 'cache-control', 'no-cache');
    state.headerPairs = withDefaultHeader(state.headerPairs, 'pragma', 'no-cache');
  }
}

function hasCachedExtension(url) {
  const path = serializePath(url);
  if (path === '/robots.txt') return true;
  const segment = StringPrototypeSlice(path, StringPrototypeLastIndexOf(path, '/') + 1);
  const dot = StringPrototypeLastIndexOf(segment, '.');
  return dot > 0 && kCachedExtensions.has(
    StringPrototypeToLowerCase(StringPrototypeSlice(segment, dot + 1)));
}

function usesCache(state, policy) {
  if (policy.mode === 'no-store') return false;
  if (state.method !== 'GET' && state.method !== 'HEAD') return false;
  for (let i = 0; i < state.headerPairs.length; i += 2) {
    if (StringPrototypeToLowerCase(state.headerPairs[i]) === 'upgrade') return false;
  }
  return policy.cacheEverything || policy.cacheTtl !== null || hasCachedExtension(state.url);
}

// A hit as an exchange 26_fetch.js can turn into a Response.
function cachedExchange(found, abort) {
  const [status, statusText, headerPairs, body] = found;
  abort.release();  // nothing left to abort: the bytes are local
  return {
    id: 0, status, statusText, headerPairs, hasBody: body !== null, webSocketId: 0,
    body: body === null ? undefined : internals.cachedBodyStream(body),
    cacheStatus: 'HIT',
  };
}

// Stores the origin's body as the Worker reads it: each chunk goes to the cache writer on its
// way to the Worker, so the origin is read no faster than the slower of the two (a tee would
// buffer whatever the Worker has not read yet). Once the whole body passed, the entry is
// committed. If the Worker gives the body up (a redirect followed, a body it cancels), the rest
// is still read into the cache, as Cloudflare's cache reads an origin to the end; if the origin
// fails, nothing is stored. A cache that cannot store (its errors are logged natively) never
// fails the Worker's read.
function storingStream(writer, origin) {
  const reader = internals.acquireReadableStreamReader(origin);
  let storing = true;
  const stop = () => {
    if (storing) cachePutAbort(writer);
    storing = false;
  };
  const store = async (chunk) => {
    if (!storing) return;
    try {
      const written = cachePutWrite(writer, chunk);  // copies the chunk
      if (written === false) storing = false;  // larger than an entry may be: dropped
      else if (written !== true) await written;
    } catch {
      stop();
    }
  };
  const finish = () => {
    if (!storing) return;
    storing = false;
    PromisePrototypeThen(cachePutCommit(writer), undefined, () => {});
  };
  const next = async () => {
    let read;
    try {
      read = await internals.readableStreamReaderRead(reader);
    } catch (error) {
      stop();
      throw error;
    }
    if (read.done) {
      finish();
      return null;
    }
    await store(read.value);
    return read.value;
  };
  const drain = async () => {
    try {
      for (;;) {
        if (await next() === null) return;
      }
    } catch {
      // The origin failed: nothing was stored, and nobody reads this body any more.
    }
  };
  return internals.readableStreamFromPull(next, () => { drain(); });
}

// One hop of a fetch: answered from the cache, or sent by `origin.send` and then stored.
async function send(state, abort, first, origin) {
  const policy = state.cachePolicy;
  if (!usesCache(state, policy)) {
    const exchange = await origin.send(state.method, state.url, state.headerPairs, state.body,
      abort);
    exchange.cacheStatus = 'DYNAMIC';
    return exchange;
  }
  // `cacheKey` names the entry of the URL given to fetch(); the hops of a redirect it follows keep
  // their own URLs (one key for all would make a cached redirect answer itself).
  const key = first && policy.cacheKey !== undefined ? policy.cacheKey
    : internals.serializeURL(state.url, true);
  let expired = false;
  if (policy.mode !== 'no-cache') {
    const found = fetchCacheMatch(key, state.headerPairs);
    if (ArrayIsArray(found)) return cachedExchange(found, abort);
    expired = found === null;
  }
  const exchange = await origin.send(state.method, state.url, state.headerPairs, state.body, abort);
  exchange.cacheStatus = expired ? 'EXPIRED' : 'MISS';
  if (state.method !== 'GET') return exchange;
  const [writer, bypass] = fetchCachePutBegin(key, exchange.status, exchange.statusText,
    exchange.headerPairs, state.headerPairs, policy.cacheEverything || policy.cacheTtl !== null,
    policy.cacheTtl, policy.byStatus);
  if (bypass) exchange.cacheStatus = 'BYPASS';
  if (writer === 0) return exchange;
  if (exchange.hasBody) {
    exchange.body = storingStream(writer, origin.bodyStream(exchange.id, abort));
  } else {
    PromisePrototypeThen(cachePutCommit(writer), undefined, () => {});
  }
  return exchange;
}

internals.fetchCache = { prepare, send };
