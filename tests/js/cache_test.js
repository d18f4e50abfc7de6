// The Cache API (caches.default, caches.open) with Workers' shapes, semantics and messages.
const assert = (cond, msg) => { if (!cond) throw new Error('assertion failed: ' + msg); };
const eq = (a, b, msg) => { if (a !== b) throw new Error(`${msg}: expected ${JSON.stringify(b)}, got ${JSON.stringify(a)}`); };
const rejects = async (promise, type, text, msg) => {
  try { await promise; } catch (e) {
    assert(e instanceof type, `${msg}: wrong type ${e?.name}: ${e?.message}`);
    assert(e.constructor === type, `${msg}: expected exactly ${type.name}, got ${e.constructor.name}`);
    if (text) eq(e.message, text, `${msg}: message`);
    return;
  }
  throw new Error(`${msg}: did not reject`);
};
const throws = (fn, type, text, msg) => rejects((async () => fn())(), type, text, msg);

let counter = 0;
const url = (path) => `https://cache.test/${path}/${++counter}`;
const cached = (body, headers = {}, init = {}) =>
  new Response(body, { ...init, headers: { 'cache-control': 'max-age=300', ...headers } });
// By the wall clock entries expire by (a timer may fire a little early by it).
const sleep = async (ms) => {
  const until = Date.now() + ms;
  while (Date.now() < until) await new Promise((resolve) => setTimeout(resolve, until - Date.now()));
};
const bytes = (n, seed = 0) => {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * 31 + seed) & 0xff;
  return out;
};
const chunkedStream = (data, chunk) => new ReadableStream({
  start(c) {
    for (let i = 0; i < data.length; i += chunk) c.enqueue(data.slice(i, i + chunk));
    c.close();
  },
});

export const globalsHaveWorkersShapes = {
  async test() {
    assert(caches instanceof CacheStorage, 'caches is a CacheStorage');
    assert(caches.default instanceof Cache, 'caches.default is a Cache');
    eq(caches.default, caches.default, 'default is one object');
    eq(Object.prototype.toString.call(caches), '[object CacheStorage]', 'toStringTag');
    eq(Object.prototype.toString.call(caches.default), '[object Cache]', 'Cache toStringTag');
    await throws(() => new Cache(), TypeError, 'Illegal constructor', 'new Cache');
    await throws(() => new CacheStorage(), TypeError, 'Illegal constructor', 'new CacheStorage');
    await throws(() => Cache.prototype.match.call({}, 'https://x.test/'), TypeError,
      'Illegal invocation', 'brand check');
    const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'caches');
    eq(descriptor.writable, false, 'caches is read-only');
    for (const method of ['add', 'addAll', 'matchAll', 'keys']) {
      await throws(() => caches.default[method]('https://x.test/'), Error,
        `Failed to execute '${method}' on 'Cache': the method is not implemented.`, method);
    }
    for (const method of ['match', 'has', 'delete', 'keys']) {
      await throws(() => caches[method]('x'), Error,
        `Failed to execute '${method}' on 'CacheStorage': the method is not implemented.`,
        `caches.${method}`);
    }
  },
};

export const putThenMatchRoundTrips = {
  async test() {
    const cache = caches.default;
    const key = url('round-trip');
    eq(await cache.match(key), undefined, 'miss before put');
    eq(await cache.put(key, cached('héllo', { 'x-a': '1' }, { status: 203, statusText: 'Meh' })),
      undefined, 'put resolves to undefined');
    for (const k of [key, new URL(key), new Request(key)]) {
      const hit = await cache.match(k);
      assert(hit instanceof Response, 'a Response');
      eq(hit.status, 203, 'status');
      eq(hit.statusText, 'Meh', 'statusText');
      eq(hit.headers.get('x-a'), '1', 'stored header');
      eq(hit.headers.get('cf-cache-status'), 'HIT', 'CF-Cache-Status');
      eq(await hit.text(), 'héllo', 'body');
    }
    const hit = await cache.match(key);
    await throws(() => hit.headers.set('x-b', '2'), TypeError, "Can't modify immutable headers.",
      'matched headers are immutable');
    const mutable = new Response(hit.body, hit);
    mutable.headers.set('x-b', '2');
    eq(await mutable.text(), 'héllo', 'rewrapped body');
  },
};

export const openGivesSeparateNamedCaches = {
  async test() {
    const a = await caches.open('a');
    const b = await caches.open('b');
    assert(a instanceof Cache && a !== caches.default, 'a named Cache');
    const key = url('named');
    await a.put(key, cached('in a'));
    eq(await (await (await caches.open('a')).match(key)).text(), 'in a', 'reopened a');
    eq(await b.match(key), undefined, 'not in b');
    eq(await caches.default.match(key), undefined, 'not in default');
    await caches.open('x'.repeat(1023));
    await rejects(caches.open('x'.repeat(1024)), TypeError, 'Cache name is too long.', 'long name');
  },
};

export const putRejectsWhatWorkersRejects = {
  async test() {
    const cache = caches.default;
    const key = url('errors');
    await rejects(cache.put(new Request(key, { method: 'POST', body: 'x' }), cached('x')),
      TypeError, 'Cannot cache response to non-GET request.', 'POST');
    await rejects(cache.put(new Request(key, { method: 'HEAD' }), cached(null)),
      TypeError, 'Cannot cache response to non-GET request.', 'HEAD');
    await rejects(cache.put(key, cached('x', {}, { status: 206 })), TypeError,
      'Cannot cache response to a range request (206 Partial Content).', '206');
    await rejects(cache.put(key, cached('x', { vary: 'Accept, *' })), TypeError,
      "Cannot cache response with 'Vary: *' header.", 'Vary *');
    await rejects(cache.put(key, Response.error()), TypeError,
      'Cache is unable to store an error response', 'error response');
    await rejects(cache.put(key, 'text'), TypeError,
      "Failed to execute 'put' on 'Cache': parameter 2 is not of type 'Response'.", 'not a Response');
    const used = cached('x');
    await used.text();
    await rejects(cache.put(key, used), TypeError,
      'Body has already been used. It can only be used once. Use tee() first if you need to read it twice.',
      'used body');
    await rejects(cache.put('not a url', cached('x')), TypeError, null, 'relative URL');
    await rejects(cache.put('mailto:someone@x.test', cached('x')), TypeError,
      'Invalid URL. Cache API keys must be fully-qualified, valid URLs.', 'no host');
    await rejects(cache.match('mailto:someone@x.test'), TypeError,
      'Invalid URL. Cache API keys must be fully-qualified, valid URLs.', 'match with no host');
    eq(await cache.match(key), undefined, 'nothing stored');
  },
};

export const putTakesTheBodyAtOnce = {
  async test() {
    const response = cached('x');
    const put = caches.default.put(url('disturbed'), response);
    eq(response.bodyUsed, true, 'bodyUsed as soon as put() returns');
    await put;
    const streamed = cached(chunkedStream(bytes(10), 3));
    const put2 = caches.default.put(url('disturbed'), streamed);
    eq(streamed.bodyUsed, true, 'stream bodyUsed as soon as put() returns');
    await put2;
  },
};

export const responsesWorkersDoesNotCacheAreDropped = {
  async test() {
    const cache = caches.default;
    const cases = [
      ['no-store', { 'cache-control': 'no-store' }],
      ['private', { 'cache-control': 'private, max-age=60' }],
      ['no-cache', { 'cache-control': 'no-cache' }],
      ['max-age=0', { 'cache-control': 'max-age=0' }],
      ['set-cookie', { 'set-cookie': 'a=1' }],
      ['expired', { 'cache-control': '', expires: 'Thu, 01 Jan 1970 00:00:00 GMT' }],
    ];
    for (const [name, headers] of cases) {
      const key = url(name);
      const response = new Response('x', { headers });
      await cache.put(key, response);
      eq(response.bodyUsed, true, `${name}: body taken anyway`);
      eq(await cache.match(key), undefined, `${name}: not stored`);
    }
    const key = url('private-set-cookie');
    await cache.put(key, cached('ok', { 'set-cookie': 'a=1', 'cache-control': 'private=Set-Cookie, max-age=60' }));
    const hit = await cache.match(key);
    eq(await hit.text(), 'ok', 'stored without its cookie');
    eq(hit.headers.get('set-cookie'), null, 'Set-Cookie removed');
    // No Cache-Control at all: Workers' default edge TTL for a 200 (2 hours).
    const plain = url('plain');
    await cache.put(plain, new Response('default ttl'));
    eq(await (await cache.match(plain)).text(), 'default ttl', 'a plain 200 is cached');
    const created = url('created');
    await cache.put(created, new Response('201', { status: 201 }));
    eq(await cache.match(created), undefined, 'a 201 without max-age is not');
    const notModified = url('304');
    await cache.put(notModified, new Response(null, { status: 304, headers: { 'cache-control': 'max-age=60' } }));
    eq(await cache.match(notModified), undefined, '304 silently ignored');
  },
};

export const methodsAndQueryOptions = {
  async test() {
    const cache = caches.default;
    const key = url('methods');
    await cache.put(key, cached('m'));
    const post = new Request(key, { method: 'POST' });
    eq(await cache.match(post), undefined, 'POST does not match');
    eq(await (await cache.match(post, { ignoreMethod: true })).text(), 'm', 'ignoreMethod');
    eq(await cache.delete(post), false, 'POST does not delete');
    await rejects(cache.match(key, { ignoreSearch: true }), Error,
      "The 'ignoreSearch' field on 'CacheQueryOptions' is not implemented.", 'ignoreSearch');
    await rejects(cache.delete(key, { ignoreVary: false }), Error,
      "The 'ignoreVary' field on 'CacheQueryOptions' is not implemented.", 'ignoreVary');
    await rejects(cache.match(key, 5), TypeError,
      "Failed to execute 'match' on 'Cache': parameter 2 is not of type 'CacheQueryOptions'.", 'options type');
    eq(await cache.delete(post, { ignoreMethod: true }), true, 'deleted with ignoreMethod');
    eq(await cache.delete(key), false, 'already gone');
    eq(await cache.match(key), undefined, 'gone');
  },
};

export const streamedBodiesSmallAndLarge = {
  async test() {
    const cache = caches.default;
    for (const size of [0, 10, 64 * 1024, 64 * 1024 + 1, 3 * 1024 * 1024 + 7]) {
      const key = url(`stream-${size}`);
      const data = bytes(size, size);
      await cache.put(key, cached(chunkedStream(data, 100_000), { 'content-type': 'application/octet-stream' }));
      const hit = await cache.match(key);
      assert(hit !== undefined, `${size}: stored`);
      const got = new Uint8Array(await hit.arrayBuffer());
      eq(got.length, size, `${size}: length`);
      let same = true;
      for (let i = 0; i < size; i++) if (got[i] !== data[i]) { same = false; break; }
      assert(same, `${size}: same bytes`);
    }
    // A range of a body kept in a file, and a large body read by a stream reader.
    const key = url('big');
    const data = bytes(2 * 1024 * 1024, 7);
    await cache.put(key, cached(data));
    const part = await cache.match(new Request(key, { headers: { range: 'bytes=1048570-1048579' } }));
    eq(part.status, 206, 'ranged status');
    eq(part.headers.get('content-range'), 'bytes 1048570-1048579/2097152', 'content-range');
    const slice = new Uint8Array(await part.arrayBuffer());
    eq(slice.length, 10, 'slice length');
    eq(slice[0], data[1048570], 'slice content');
    const reader = (await cache.match(key)).body.getReader();
    let total = 0;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      total += value.length;
    }
    eq(total, data.length, 'streamed length');
    await (await cache.match(key)).body.cancel();  // a canceled read closes the file
  },
};

export const aFailingBodyStoresNothing = {
  async test() {
    const key = url('failing');
    const broken = new ReadableStream({
      pull(c) { c.enqueue(new Uint8Array([1])); c.error(new RangeError('boom')); },
    });
    await rejects(caches.default.put(key, cached(broken)), RangeError, 'boom', 'stream error');
    eq(await caches.default.match(key), undefined, 'nothing stored');
    const strings = new ReadableStream({ start(c) { c.enqueue('text'); c.close(); } });
    await rejects(caches.default.put(key, cached(strings)), TypeError,
      'This ReadableStream did not return bytes.', 'non-byte chunks');
  },
};

export const conditionalAndRangeRequests = {
  async test() {
    const cache = caches.default;
    const key = url('conditional');
    await cache.put(key, cached('0123456789', {
      etag: '"v1"', 'last-modified': 'Mon, 01 Jan 2024 00:00:00 GMT',
    }));
    const ask = (headers) => cache.match(new Request(key, { headers }));
    let r = await ask({ 'if-none-match': 'W/"v1"' });
    eq(r.status, 304, 'If-None-Match');
    eq(r.body, null, '304 has no body');
    eq(r.headers.get('etag'), '"v1"', '304 keeps the ETag');
    eq((await ask({ 'if-none-match': '"v2"' })).status, 200, 'other ETag');
    eq((await ask({ 'if-modified-since': 'Tue, 02 Jan 2024 00:00:00 GMT' })).status, 304, 'If-Modified-Since');
    eq((await ask({ 'if-modified-since': 'Sun, 31 Dec 2023 00:00:00 GMT' })).status, 200, 'modified since');
    r = await ask({ range: 'bytes=2-4' });
    eq(r.status, 206, 'Range');
    eq(r.headers.get('content-range'), 'bytes 2-4/10', 'Content-Range');
    eq(await r.text(), '234', 'slice');
    eq(await (await ask({ range: 'bytes=-3' })).text(), '789', 'suffix range');
    r = await ask({ range: 'bytes=20-' });
    eq(r.status, 416, 'unsatisfiable');
    eq(r.headers.get('content-range'), 'bytes */10', '416 Content-Range');
  },
};

export const varyMatchesTheRequestHeaders = {
  async test() {
    const cache = caches.default;
    const key = url('vary');
    const lang = (l) => new Request(key, { headers: { 'accept-language': l } });
    await cache.put(lang('fr'), cached('bonjour', { vary: 'Accept-Language' }));
    await cache.put(lang('en'), cached('hello', { vary: 'Accept-Language' }));
    eq(await (await cache.match(lang('fr'))).text(), 'bonjour', 'fr variant');
    eq(await (await cache.match(lang('en'))).text(), 'hello', 'en variant');
    eq(await cache.match(lang('de')), undefined, 'no de variant');
    eq(await cache.match(key), undefined, 'no header, no match');
    eq(await cache.delete(key), true, 'delete purges the URL');
    eq(await cache.match(lang('fr')), undefined, 'all variants gone');
  },
};

export const entriesExpire = {
  async test() {
    const key = url('expiry');
    await caches.default.put(key, new Response('short', { headers: { 'cache-control': 'max-age=1' } }));
    eq(await (await caches.default.match(key)).text(), 'short', 'fresh');
    await sleep(1100);
    eq(await caches.default.match(key), undefined, 'expired');
    eq(await caches.default.delete(key), false, 'nothing fresh to delete');
  },
};

export const cfCacheKeyOverridesTheUrl = {
  async test() {
    const a = new Request(url('cf-a'), { cf: { cacheKey: 'shared-key' } });
    const b = new Request(url('cf-b'), { cf: { cacheKey: 'shared-key' } });
    await caches.default.put(a, cached('by key'));
    eq(await (await caches.default.match(b)).text(), 'by key', 'same cacheKey, other URL');
  },
};
