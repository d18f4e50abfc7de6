// The Cache API in a real edged: entries shared by every thread, kept across restarts (even
// kill -9), Workers' Cache-Control rules over HTTP, Vary, 304s, the size bound with LRU
// eviction, the seed's multi-tier caching pattern, and a measurement of cache.match hits/s.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEdged, writeProject } from '../lib/edged.mjs';

// Keys do not depend on edged's port, so entries survive a restart on another port.
const worker = `
const isolate = crypto.randomUUID();
export default {
  async fetch(request) {
    const u = new URL(request.url);
    const key = new Request('https://origin.test' + u.pathname, { headers: request.headers });
    const action = u.searchParams.get('action');
    const tag = { 'x-isolate': isolate };
    if (action === 'put') {
      const headers = {};
      for (const [k, v] of u.searchParams) if (k.startsWith('h-')) headers[k.slice(2)] = v;
      const size = Number(u.searchParams.get('size') ?? 0);
      const body = size > 0 ? 'x'.repeat(size) : 'body of ' + u.pathname;
      await caches.default.put(key, new Response(body, { headers }));
      return new Response('stored', { headers: tag });
    }
    if (action === 'delete') return Response.json(await caches.default.delete(key));
    if (action === 'put-bytes') {  // one big in-memory body, or a stream failing midway
      const mb = Number(u.searchParams.get('mb'));
      const fail = u.searchParams.has('fail');
      const body = fail
        ? new ReadableStream({
            pull(c) { c.enqueue(new Uint8Array(1 << 20).fill(7)); if (--this.left === 0) c.error(new Error('origin went away')); },
            left: mb,
          })
        : new Uint8Array(mb << 20).fill(7);
      try {
        await caches.default.put(key, new Response(body, { headers: { 'cache-control': 'max-age=300' } }));
      } catch (e) {
        return new Response(String(e.message), { status: 500 });
      }
      return new Response('stored');
    }
    if (action === 'bench') return bench(Number(u.searchParams.get('n')), Number(u.searchParams.get('size')));
    const hit = await caches.default.match(key);
    if (hit === undefined) return new Response('miss', { status: 404, headers: tag });
    const response = new Response(hit.body, hit);
    response.headers.set('x-isolate', isolate);
    return response;
  },
};

async function bench(n, size) {
  const cache = caches.default;
  const key = 'https://origin.test/bench-' + size;
  await cache.put(key, new Response('x'.repeat(size), { headers: { 'cache-control': 'max-age=600' } }));
  for (let i = 0; i < n / 4; i++) await (await cache.match(key)).arrayBuffer();  // warm up the JIT
  let t0 = Date.now();
  for (let i = 0; i < n; i++) if (!(await cache.match(key))) throw new Error('miss');
  const matchMs = Date.now() - t0;
  t0 = Date.now();
  for (let i = 0; i < n; i++) await (await cache.match(key)).arrayBuffer();
  const readMs = Date.now() - t0;
  return Response.json({ n, size, matchPerSec: Math.round(n / matchMs * 1000),
    matchAndReadPerSec: Math.round(n / readMs * 1000) });
}`;

function project(extra = {}) {
  return {
    'wrangler.jsonc': {
      name: 'cache-e2e', main: 'index.js', compatibility_date: '2025-09-01',
      // Cache API calls are subrequests: the benchmark makes far more than the default 10 000.
      limits: { cpu_ms: 60000, subrequests: 10000000 }, ...extra,
    },
    'index.js': worker,
  };
}

// Each test gets its own data directory; all are removed when the file's tests are done.
const dataDirs = [];
after(() => { for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true }); });
function freshDataDir() {
  const dir = mkdtempSync(join(tmpdir(), 'edged-cache-data-'));
  dataDirs.push(dir);
  return dir;
}

// One request on its own connection (so requests spread over the SO_REUSEPORT threads).
function get(base, path, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = http.get(base + path, { agent: false, headers }, (res) => {
      let body = '';
      res.setEncoding('latin1');
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.on('error', reject);
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

test('entries put on one thread are matched on the others', async () => {
  const edged = await startEdged({ files: project(), args: ['--threads', '2', '--data-dir', freshDataDir()] });
  try {
    const keys = Array.from({ length: 40 }, (_, i) => `/k${i}`);
    const putBy = new Map();
    await Promise.all(keys.map(async (k) => {
      const r = await get(edged.url, `${k}?action=put&h-cache-control=max-age%3D300`);
      assert.equal(r.status, 200);
      putBy.set(k, r.headers['x-isolate']);
    }));
    let crossThread = 0;
    const isolates = new Set(putBy.values());
    for (let round = 0; round < 3; round++) {
      await Promise.all(keys.map(async (k) => {
        const r = await get(edged.url, k);
        assert.equal(r.status, 200, `${k} hit`);
        assert.equal(r.body, `body of ${k}`);
        assert.equal(r.headers['cf-cache-status'], 'HIT');
        isolates.add(r.headers['x-isolate']);
        if (r.headers['x-isolate'] !== putBy.get(k)) crossThread++;
      }));
    }
    assert.equal(isolates.size, 2, 'both threads served requests');
    assert.ok(crossThread > 0, 'some entries were matched by the thread that did not put them');
  } finally {
    await edged.stop();
  }
});

test('entries survive a restart, and a put that resolved survives kill -9', async () => {
  const dataDir = freshDataDir();
  const dir = writeProject(project());
  const start = () => startEdged({ config: join(dir, 'wrangler.jsonc'), args: ['--data-dir', dataDir] });
  try {
    let edged = await start();
    assert.equal((await get(edged.url, '/graceful?action=put&h-cache-control=max-age%3D300')).status, 200);
    assert.equal(await edged.stop(), 0);
    edged = await start();
    assert.equal((await get(edged.url, '/graceful')).body, 'body of /graceful');
    // The put's response came back only after cache.put resolved: it must be durable now.
    assert.equal((await get(edged.url, '/killed?action=put&h-cache-control=max-age%3D300')).status, 200);
    assert.equal((await get(edged.url, `/big?action=put&size=300000&h-cache-control=max-age%3D300`)).status, 200);
    await edged.stop('SIGKILL');
    edged = await start();
    try {
      assert.equal((await get(edged.url, '/killed')).body, 'body of /killed');
      const big = await get(edged.url, '/big');
      assert.equal(big.body.length, 300000);
    } finally {
      await edged.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('Cache-Control decides what is stored and for how long', async () => {
  const edged = await startEdged({ files: project(), args: ['--data-dir', freshDataDir()] });
  const cc = (v) => `h-cache-control=${encodeURIComponent(v)}`;
  try {
    for (const [path, query] of [
      ['/no-store', cc('no-store')], ['/private', cc('private, max-age=60')],
      ['/cookie', `${cc('max-age=60')}&h-set-cookie=a%3D1`],
    ]) {
      await get(edged.url, `${path}?action=put&${query}`);
      assert.equal((await get(edged.url, path)).status, 404, `${path} not cached`);
    }
    await get(edged.url, `/s-maxage-long?action=put&${cc('max-age=1, s-maxage=60')}`);
    await get(edged.url, `/s-maxage-short?action=put&${cc('max-age=60, s-maxage=1')}`);
    await get(edged.url, `/max-age-1?action=put&${cc('max-age=1')}`);
    assert.equal((await get(edged.url, '/max-age-1')).status, 200, 'fresh at first');
    await sleep(1300);
    assert.equal((await get(edged.url, '/s-maxage-long')).status, 200, 's-maxage=60 wins over max-age=1');
    assert.equal((await get(edged.url, '/s-maxage-short')).status, 404, 's-maxage=1 wins over max-age=60');
    assert.equal((await get(edged.url, '/max-age-1')).status, 404, 'max-age=1 expired');
    assert.equal((await get(edged.url, '/s-maxage-long?action=delete')).body, 'true');
    assert.equal((await get(edged.url, '/s-maxage-long')).status, 404, 'deleted');
  } finally {
    await edged.stop();
  }
});

test('Vary and conditional requests', async () => {
  const edged = await startEdged({ files: project(), args: ['--data-dir', freshDataDir()] });
  try {
    await get(edged.url, '/lang?action=put&h-cache-control=max-age%3D60&h-vary=Accept-Language',
      { 'accept-language': 'fr' });
    assert.equal((await get(edged.url, '/lang', { 'accept-language': 'fr' })).status, 200);
    assert.equal((await get(edged.url, '/lang', { 'accept-language': 'de' })).status, 404);

    await get(edged.url, '/tagged?action=put&h-cache-control=max-age%3D60&h-etag=%22v1%22');
    const notModified = await get(edged.url, '/tagged', { 'if-none-match': '"v1"' });
    assert.equal(notModified.status, 304);
    assert.equal(notModified.body, '');
    assert.equal(notModified.headers.etag, '"v1"');
    assert.equal((await get(edged.url, '/tagged', { 'if-none-match': '"v0"' })).status, 200);
    const range = await get(edged.url, '/tagged', { range: 'bytes=0-3' });
    assert.equal(range.status, 206);
    assert.equal(range.body, 'body');
  } finally {
    await edged.stop();
  }
});

test('the cache stays within EDGED_CACHE_MAX_BYTES, evicting the least recently used', async () => {
  const dataDir = freshDataDir();
  const edged = await startEdged({
    files: project(), args: ['--threads', '1', '--data-dir', dataDir],
    env: { EDGED_CACHE_MAX_BYTES: '200000' },
  });
  const put = (path, size) => get(edged.url, `${path}?action=put&size=${size}&h-cache-control=max-age%3D300`);
  const blobFiles = () => readdirSync(join(dataDir, 'cache/blobs'), { recursive: true })
    .filter((f) => statSync(join(dataDir, 'cache/blobs', f)).isFile());
  try {
    await put('/a', 60000);
    await put('/b', 60000);
    await put('/c', 60000);
    await sleep(1100);  // last use is recorded at 1 s granularity
    assert.equal((await get(edged.url, '/a')).status, 200, 'a used again');
    await put('/d', 60000);  // 4 × 60 KB > 200 KB: the least recently used (b) goes
    assert.equal((await get(edged.url, '/b')).status, 404, 'b evicted');
    for (const k of ['/a', '/c', '/d']) assert.equal((await get(edged.url, k)).status, 200, `${k} kept`);

    // Bodies above 64 KiB are files; eviction removes them too.
    await put('/big1', 150000);
    assert.equal((await get(edged.url, '/big1')).body.length, 150000);
    assert.equal(blobFiles().length, 1);
    await put('/big2', 150000);
    assert.equal((await get(edged.url, '/big1')).status, 404, 'big1 evicted');
    assert.equal((await get(edged.url, '/big2')).status, 200);
    assert.deepEqual(blobFiles().length, 1, 'the evicted body file is gone');
    // Larger than the whole bound: not stored at all.
    await put('/huge', 250000);
    assert.equal((await get(edged.url, '/huge')).status, 404);
  } finally {
    await edged.stop();
  }
});

test('large bodies are written off the event loop, within the default CPU limit', async () => {
  const dataDir = freshDataDir();
  const edged = await startEdged({
    files: project({ limits: { cpu_ms: 50 } }), args: ['--threads', '1', '--data-dir', dataDir],
  });
  const files = () => readdirSync(join(dataDir, 'cache/blobs'), { recursive: true })
    .filter((f) => statSync(join(dataDir, 'cache/blobs', f)).isFile());
  try {
    assert.equal((await get(edged.url, '/large?action=put-bytes&mb=16')).body, 'stored');
    const large = await get(edged.url, '/large');
    assert.equal(large.status, 200);
    assert.equal(large.body.length, 16 << 20);
    assert.equal(files().length, 1);
    // A body stream failing midway rejects put() and leaves no file behind.
    const failed = await get(edged.url, '/failing?action=put-bytes&mb=5&fail');
    assert.equal(failed.status, 500);
    assert.equal(failed.body, 'origin went away');
    await sleep(200);  // a write already on the thread pool finishes, then cleans up
    assert.equal((await get(edged.url, '/failing')).status, 404);
    assert.equal(files().length, 1, 'only the stored body is left');
  } finally {
    await edged.stop();
  }
});

// The "Multi-Tier Caching Strategy" of seeds/workers-advanced-patterns.md, verbatim. The
// wrapper points the request at a local origin (as a route would) and lends an in-memory
// MY_KV when no KV binding is configured. The origin leg needs outbound fetch(): it runs once
// the build has it and is skipped until then.
const seed = `const CACHE_TTL = 3600;

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    const cache = caches.default;
    const cacheKey = new Request(request.url);

    // 1. Check edge cache
    let response = await cache.match(cacheKey);
    if (response) return response;

    // 2. Check KV cache
    const kvCached = await env.MY_KV.get(request.url);
    if (kvCached) {
      response = new Response(kvCached);
      ctx.waitUntil(cache.put(cacheKey, response.clone()));
      return response;
    }

    // 3. Fetch from origin
    response = await fetch(request);

    // 4. Store in both caches
    ctx.waitUntil(Promise.all([
      cache.put(cacheKey, response.clone()),
      env.MY_KV.put(request.url, await response.clone().text(), {
        expirationTtl: CACHE_TTL
      })
    ]));

    return response;
  }
};
`;

const seedWrapper = `import seed from './seed';
const kv = new Map();
const memoryKv = {
  async get(key: string) { return kv.get(key) ?? null; },
  async put(key: string, value: string) { kv.set(key, value); },
};
export default {
  async fetch(request: Request, env: any, ctx: ExecutionContext): Promise<Response> {
    const u = new URL(request.url);
    if (u.pathname === '/__has_fetch') return new Response(String(typeof fetch === 'function'));
    if (u.pathname === '/__kv') {
      kv.set(env.ORIGIN + u.searchParams.get('path'), u.searchParams.get('value'));
      return new Response('ok');
    }
    return seed.fetch(new Request(env.ORIGIN + u.pathname, request), { ...env, MY_KV: env.MY_KV ?? memoryKv }, ctx);
  },
};
`;

test('the seed multi-tier caching pattern runs unchanged', async (t) => {
  let originHits = 0;
  const origin = http.createServer((req, res) => {
    originHits++;
    res.writeHead(200, { 'content-type': 'text/plain', 'cache-control': 'max-age=60' });
    res.end(`origin says ${req.url}`);
  });
  await new Promise((resolve) => origin.listen(0, '127.0.0.1', resolve));
  const originUrl = `http://127.0.0.1:${origin.address().port}`;
  const edged = await startEdged({
    files: {
      'wrangler.jsonc': { name: 'seed-cache', main: 'src/index.ts', compatibility_date: '2025-09-01', vars: { ORIGIN: originUrl } },
      'src/seed.ts': seed,
      'src/index.ts': seedWrapper,
    },
    args: ['--threads', '1', '--data-dir', freshDataDir()],
  });
  try {
    // Tier 2: a KV hit is returned and put in the edge cache (ctx.waitUntil).
    await get(edged.url, '/__kv?path=/from-kv&value=kv%20value');
    const first = await get(edged.url, '/from-kv');
    assert.equal(first.body, 'kv value');
    assert.equal(first.headers['cf-cache-status'], undefined);
    let second;
    for (let i = 0; i < 50; i++) {  // the put runs after the response, in waitUntil
      second = await get(edged.url, '/from-kv');
      if (second.headers['cf-cache-status'] === 'HIT') break;
      await sleep(20);
    }
    assert.equal(second.headers['cf-cache-status'], 'HIT', 'tier 1 answers the second time');
    assert.equal(second.body, 'kv value');

    if ((await get(edged.url, '/__has_fetch')).body !== 'true') {
      t.diagnostic('outbound fetch() is not in this build yet: the origin leg (tier 3, 4) is skipped');
      return;
    }
    const fromOrigin = await get(edged.url, '/page');
    assert.equal(fromOrigin.body, 'origin says /page');
    assert.equal(originHits, 1);
    let cached;
    for (let i = 0; i < 50; i++) {
      cached = await get(edged.url, '/page');
      if (cached.headers['cf-cache-status'] === 'HIT') break;
      await sleep(20);
    }
    assert.equal(cached.headers['cf-cache-status'], 'HIT');
    assert.equal(cached.body, 'origin says /page');
    assert.equal(originHits, 1, 'the origin was asked once');
  } finally {
    await edged.stop();
    origin.close();
  }
});

test('cache.match hits per second inside edged', async (t) => {
  const edged = await startEdged({ files: project(), args: ['--threads', '1', '--data-dir', freshDataDir()] });
  try {
    for (const size of [100, 10000]) {
      const result = JSON.parse((await get(edged.url, `/?action=bench&n=50000&size=${size}`)).body);
      t.diagnostic(`${size}-byte body: ${result.matchPerSec} match/s, ${result.matchAndReadPerSec} match+read/s`);
      assert.ok(result.matchPerSec > 1000, 'at least a thousand hits a second');
    }
  } finally {
    await edged.stop();
  }
});
