// fetch() through the cache in front of subrequests, as through Cloudflare's: a real edged, an
// origin in this process that counts how often each path is asked for, and the `cf` cache
// options (cacheTtl, cacheEverything, cacheKey, cacheTtlByStatus), the Request's `cache` mode,
// Cloudflare's default cacheable extensions and the CF-Cache-Status each answer carries.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import zlib from 'node:zlib';
import { startEdged } from '../lib/edged.mjs';

const BIG = 2 * 1024 * 1024;

// --- the origin ------------------------------------------------------------------------------

const hits = new Map();
const hitsOf = (path) => hits.get(path) ?? 0;
let origin;

function startOrigin() {
  const server = http.createServer(async (req, res) => {
    for await (const _ of req); // eslint-disable-line no-unused-vars
    const url = new URL(req.url, 'http://origin');
    const path = url.pathname;
    const n = hitsOf(path) + 1;
    hits.set(path, n);
    const send = (status, headers, body) => {
      res.writeHead(status, { 'content-type': 'text/plain', ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (path === '/headers.png') return send(200, {}, JSON.stringify(req.headers));
    if (path.startsWith('/status/')) return send(Number(path.split('/')[2]), {}, `${path} #${n}`);
    if (path === '/no-store.png') return send(200, { 'cache-control': 'no-store' }, `#${n}`);
    if (path === '/cookie.png') {
      return send(200, { 'cache-control': 'max-age=60', 'set-cookie': `n=${n}` }, `#${n}`);
    }
    if (path === '/app.js') {
      return send(200, { 'cache-control': 'max-age=60', 'content-encoding': 'gzip' },
        zlib.gzipSync(`decoded #${n}`));
    }
    if (path === '/moved.png') return send(301, { location: '/target.png' }, 'moved');
    if (path === '/big.bin') {
      return send(200, { 'cache-control': 'max-age=60' }, Buffer.alloc(BIG, 0x30 + (n % 10)));
    }
    if (path.endsWith('.png') || path === '/robots.txt') {
      return send(200, { 'cache-control': 'max-age=60' }, `${path} #${n}`);
    }
    return send(200, {}, `${path} #${n}`);  // no cache headers at all
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// --- the Worker: /?path=<origin path>&cf=<json>&cache=<mode>&method=<method> ------------------

const worker = `
export default {
  async fetch(request, env) {
    const q = new URL(request.url).searchParams;
    const init = { method: q.get('method') ?? 'GET' };
    if (q.has('cf')) init.cf = JSON.parse(q.get('cf'));
    if (q.has('cache')) init.cache = q.get('cache');
    if (q.has('body')) init.body = q.get('body');
    try {
      const r = await fetch(env.ORIGIN + q.get('path'), init);
      const body = init.method === 'HEAD' ? null : await r.text();
      return Response.json({ status: r.status, cacheStatus: r.headers.get('cf-cache-status'),
        body, hasBody: r.body !== null, setCookie: r.headers.get('set-cookie'),
        contentType: r.headers.get('content-type') });
    } catch (e) {
      return Response.json({ error: e.name, message: e.message });
    }
  },
};
`;

let edged;

before(async () => {
  origin = await startOrigin();
  const originUrl = `http://127.0.0.1:${origin.address().port}`;
  edged = await startEdged({
    files: {
      'wrangler.jsonc': { name: 'fetch-cache', main: 'w.js', compatibility_date: '2025-09-01',
        vars: { ORIGIN: originUrl } },
      'w.js': worker,
    },
  });
});

after(async () => {
  await edged?.stop();
  origin?.close();
});

async function through(path, { cf, cache, method, body } = {}) {
  const q = new URLSearchParams({ path });
  if (cf !== undefined) q.set('cf', JSON.stringify(cf));
  if (cache !== undefined) q.set('cache', cache);
  if (method !== undefined) q.set('method', method);
  if (body !== undefined) q.set('body', body);
  const res = await fetch(`${edged.url}/?${q}`);
  assert.equal(res.status, 200);
  return res.json();
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// --- default behaviour -----------------------------------------------------------------------

test('an .html page without cache headers is DYNAMIC and never cached', async () => {
  const first = await through('/page.html');
  const second = await through('/page.html');
  assert.equal(first.cacheStatus, 'DYNAMIC');
  assert.equal(second.cacheStatus, 'DYNAMIC');
  assert.equal(second.body, '/page.html #2');
  assert.equal(hitsOf('/page.html'), 2);
});

test('a .png with max-age is a MISS, then a HIT served without the origin', async () => {
  const first = await through('/logo.png');
  const second = await through('/logo.png');
  assert.deepEqual([first.cacheStatus, second.cacheStatus], ['MISS', 'HIT']);
  assert.equal(second.body, '/logo.png #1');
  assert.equal(second.contentType, 'text/plain');
  assert.equal(hitsOf('/logo.png'), 1);
  assert.equal((await through('/robots.txt')).cacheStatus, 'MISS', '/robots.txt is cached too');
  assert.equal((await through('/robots.txt')).cacheStatus, 'HIT');
});

test('an origin that says no-store is a BYPASS every time', async () => {
  assert.equal((await through('/no-store.png')).cacheStatus, 'BYPASS');
  assert.equal((await through('/no-store.png')).body, '#2');
  assert.equal(hitsOf('/no-store.png'), 2);
});

test('a Set-Cookie response is a BYPASS by default, and cached without its cookie under cacheTtl', async () => {
  const plain = await through('/cookie.png');
  assert.equal(plain.cacheStatus, 'BYPASS');
  assert.equal(plain.setCookie, 'n=1');
  const everything = await through('/cookie.png', { cf: { cacheEverything: true } });
  assert.equal(everything.cacheStatus, 'MISS', 'Cache Everything: a MISS every time');
  const ttl = { cf: { cacheTtl: 60 } };
  const stored = await through('/cookie.png', ttl);
  assert.equal(stored.setCookie, 'n=3', 'the Worker still sees the cookie of a MISS');
  const hit = await through('/cookie.png', ttl);
  assert.deepEqual([hit.cacheStatus, hit.body, hit.setCookie], ['HIT', '#3', null]);
});

test('HEAD is answered from a GET entry', async () => {
  await through('/head.png');
  const head = await through('/head.png', { method: 'HEAD' });
  assert.deepEqual([head.status, head.cacheStatus, head.hasBody], [200, 'HIT', false]);
  assert.equal(hitsOf('/head.png'), 1);
});

test('a cached gzip body is decoded on a HIT as on the MISS', async () => {
  const first = await through('/app.js');
  const second = await through('/app.js');
  assert.deepEqual([first.cacheStatus, first.body], ['MISS', 'decoded #1']);
  assert.deepEqual([second.cacheStatus, second.body], ['HIT', 'decoded #1']);
});

test('each hop of a followed redirect goes through the cache', async () => {
  const first = await through('/moved.png');
  const second = await through('/moved.png');
  assert.deepEqual([first.body, second.body], ['/target.png #1', '/target.png #1']);
  assert.equal(second.cacheStatus, 'HIT');
  assert.equal(hitsOf('/moved.png'), 1, 'the 301 is cached (2 h by default)');
  assert.equal(hitsOf('/target.png'), 1);
});

test('a large body is stored while the Worker streams it', async () => {
  const cf = { cacheEverything: true };
  const first = await through('/big.bin', { cf });
  assert.equal(first.body.length, BIG);
  assert.equal(first.cacheStatus, 'MISS');
  // A body this large is made durable on the thread pool after the Worker has it: until then a
  // request is another MISS.
  let second;
  for (let i = 0; i < 50; i++) {
    second = await through('/big.bin', { cf });
    if (second.cacheStatus === 'HIT') break;
    await sleep(100);
  }
  assert.equal(second.cacheStatus, 'HIT');
  assert.equal(second.body.length, BIG);
  assert.equal(second.body, second.body[0].repeat(BIG), 'one whole body');
  assert.ok(hitsOf('/big.bin') <= 2, `origin asked ${hitsOf('/big.bin')} times`);
});

// --- cf options ------------------------------------------------------------------------------

test('cacheTtl caches a response without cache headers, then expires it', async () => {
  const cf = { cacheTtl: 1 };
  const statuses = [];
  statuses.push((await through('/api/ttl', { cf })).cacheStatus);
  const hit = await through('/api/ttl', { cf });
  statuses.push(hit.cacheStatus);
  assert.equal(hit.body, '/api/ttl #1');
  await sleep(1500);
  const expired = await through('/api/ttl', { cf });
  statuses.push(expired.cacheStatus);
  assert.deepEqual(statuses, ['MISS', 'HIT', 'EXPIRED']);
  assert.equal(expired.body, '/api/ttl #2');
  assert.equal(hitsOf('/api/ttl'), 2);
});

test('cacheTtl: 0 looks up the cache but stores nothing', async () => {
  assert.equal((await through('/api/ttl0', { cf: { cacheTtl: 0 } })).cacheStatus, 'MISS');
  assert.equal((await through('/api/ttl0', { cf: { cacheTtl: 0 } })).cacheStatus, 'MISS');
  assert.equal(hitsOf('/api/ttl0'), 2);
});

test('cacheEverything caches what has no cacheable extension, with the default TTL', async () => {
  const cf = { cacheEverything: true };
  assert.equal((await through('/api/everything', { cf })).cacheStatus, 'MISS');
  const hit = await through('/api/everything', { cf });
  assert.deepEqual([hit.cacheStatus, hit.body], ['HIT', '/api/everything #1']);
  assert.equal((await through('/api/everything')).cacheStatus, 'DYNAMIC', 'not without the option');
});

test('cacheKey shares one entry between URLs', async () => {
  const cf = { cacheEverything: true, cacheKey: 'https://key.test/shared' };
  const a = await through('/api/a', { cf });
  const b = await through('/api/b', { cf });
  assert.deepEqual([a.cacheStatus, b.cacheStatus], ['MISS', 'HIT']);
  assert.equal(b.body, '/api/a #1');
  assert.equal(hitsOf('/api/b'), 0);
});

test('cacheTtlByStatus picks the TTL per status; negative means not cached', async () => {
  const cf = { cacheEverything: true,
    cacheTtlByStatus: { '200-299': 60, 404: 1, '500-599': -1 } };
  const run = async (path) => [(await through(path, { cf })).cacheStatus,
    (await through(path, { cf })).cacheStatus];
  assert.deepEqual(await run('/status/201/x'), ['MISS', 'HIT']);
  assert.deepEqual(await run('/status/404/x'), ['MISS', 'HIT']);
  assert.deepEqual(await run('/status/503/x'), ['MISS', 'MISS']);
  assert.equal(hitsOf('/status/201/x'), 1);
  assert.equal(hitsOf('/status/503/x'), 2);
  await sleep(1500);
  assert.equal((await through('/status/404/x', { cf })).cacheStatus, 'EXPIRED');
});

test('a POST is never cached', async () => {
  const cf = { cacheTtl: 60, cacheEverything: true };
  const first = await through('/post.png', { cf, method: 'POST', body: 'x' });
  const second = await through('/post.png', { cf, method: 'POST', body: 'x' });
  assert.deepEqual([first.cacheStatus, second.cacheStatus], ['DYNAMIC', 'DYNAMIC']);
  assert.equal(hitsOf('/post.png'), 2);
});

// --- the Request's cache mode ------------------------------------------------------------------

test("cache: 'no-store' bypasses the cache and asks the origin for a fresh copy", async () => {
  await through('/headers.png');
  const fresh = await through('/headers.png', { cache: 'no-store' });
  assert.equal(fresh.cacheStatus, 'DYNAMIC');
  const sent = JSON.parse(fresh.body);
  assert.equal(sent['cache-control'], 'no-cache');
  assert.equal(sent.pragma, 'no-cache');
  assert.equal(hitsOf('/headers.png'), 2);
  assert.equal((await through('/headers.png')).cacheStatus, 'HIT', 'the entry is still there');
});

test("cache: 'no-cache' goes to the origin and stores its answer", async () => {
  await through('/refresh.png');
  const refreshed = await through('/refresh.png', { cache: 'no-cache' });
  assert.deepEqual([refreshed.cacheStatus, refreshed.body], ['MISS', '/refresh.png #2']);
  const hit = await through('/refresh.png');
  assert.deepEqual([hit.cacheStatus, hit.body], ['HIT', '/refresh.png #2']);
});

// --- invalid options ---------------------------------------------------------------------------

test('invalid options are TypeErrors with Workers-style messages', async () => {
  const cases = [
    [{ cf: { cacheTtl: '60' } }, "Incorrect type for the 'cacheTtl' field on 'RequestInitCfProperties': the provided value is not of type 'number'."],
    [{ cf: { cacheEverything: 1 } }, "Incorrect type for the 'cacheEverything' field on 'RequestInitCfProperties': the provided value is not of type 'boolean'."],
    [{ cf: { cacheKey: 5 } }, "Incorrect type for the 'cacheKey' field on 'RequestInitCfProperties': the provided value is not of type 'string'."],
    [{ cf: { cacheTtlByStatus: { '2xx': 5 } } }, `Invalid status code or range '2xx' in 'cacheTtlByStatus': expected a status code such as "404" or a range such as "500-599".`],
    [{ cf: { cacheTtlByStatus: { 200: 'long' } } }, `Incorrect type for the 'cacheTtlByStatus["200"]' field on 'RequestInitCfProperties': the provided value is not of type 'number'.`],
    [{ cf: 5 }, "Incorrect type for the 'cf' field on 'RequestInitializerDict': the provided value is not of type 'object'."],
    [{ cache: 'reload' }, 'Unsupported cache mode: reload'],
    [{ cache: 'no-store', cf: { cacheTtl: 5 } }, 'CacheTtl: 5, is not compatible with cache: no-store header.'],
  ];
  for (const [options, message] of cases) {
    const answer = await through('/api/invalid', options);
    assert.deepEqual(answer, { error: 'TypeError', message }, JSON.stringify(options));
  }
  assert.equal(hitsOf('/api/invalid'), 0);
  assert.equal((await through('/api/invalid', { cache: 'no-store', cf: { cacheTtl: -1 } })).cacheStatus,
    'DYNAMIC', 'cacheTtl -1 is what no-store means');
});
