// Workers KV end to end: a Worker uses env.KV the way Workers documents it — every get type,
// bulk gets, metadata, expiration, list pages — and gets Workers' errors for bad arguments;
// values outlive the server; two threads write at once; `edged kv key …` shares the data; the
// seed's Hono session example runs unchanged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEdged, runEdged, writeProject } from '../lib/edged.mjs';
import { seedBlock } from '../lib/seeds.mjs';

const repo = fileURLToPath(new URL('../../..', import.meta.url));

const config = {
  name: 'kv',
  main: 'src/index.js',
  compatibility_date: '2025-06-01',
  kv_namespaces: [
    { binding: 'KV', id: '0123456789abcdef0123456789abcdef' },
    { binding: 'OTHER' },
  ],
};

const worker = String.raw`
const error = async (fn) => {
  try { await fn(); return 'no error'; } catch (e) { return e.name + ': ' + e.message; }
};
const text = (stream) => new Response(stream).text();

const scenarios = {
  async basics(kv) {
    const out = {};
    out.missing = await kv.get('missing');
    out.missingMeta = await kv.getWithMetadata('missing');
    await kv.put('greeting', 'héllo');
    out.text = await kv.get('greeting');
    out.textType = await kv.get('greeting', 'text');
    await kv.put('json', JSON.stringify({ a: [1, 2] }));
    out.json = await kv.get('json', 'json');
    out.jsonOptions = await kv.get('json', { type: 'json', cacheTtl: 60 });
    out.arrayBuffer = [...new Uint8Array(await kv.get('greeting', 'arrayBuffer'))];
    out.stream = await text(await kv.get('greeting', { type: 'stream' }));
    await kv.put('bytes', new Uint8Array([0, 1, 2, 3, 4, 255]).subarray(1, 5));
    out.view = [...new Uint8Array(await kv.get('bytes', 'arrayBuffer'))];
    await kv.put('buffer', new Uint8Array([9, 8]).buffer);
    out.buffer = [...new Uint8Array(await kv.get('buffer', 'arrayBuffer'))];
    await kv.put('streamed', new Blob(['from ', 'a stream']).stream());
    out.streamed = await kv.get('streamed');
    await kv.put('number', 42);
    out.number = await kv.get('number');
    await kv.put('empty', '');
    out.empty = await kv.get('empty');
    await kv.put('meta', 'v', { metadata: { role: 'admin', n: 1 } });
    out.withMeta = await kv.getWithMetadata('meta');
    out.withMetaJson = await kv.getWithMetadata('json', 'json');
    out.putResult = typeof await kv.put('k', 'v');
    out.deleteResult = typeof await kv.delete('k');
    out.afterDelete = await kv.get('k');
    out.deleteMissing = typeof await kv.delete('never-there');
    out.promise = kv.get('x') instanceof Promise;
    out.tag = Object.prototype.toString.call(kv);
    out.isolated = await env.OTHER.get('greeting');
    return out;
  },
  async bulk(kv) {
    await kv.put('b1', '1');
    await kv.put('b2', '{"two":2}', { metadata: { m: 2 } });
    const out = {};
    out.text = [...await kv.get(['b1', 'b2', 'nope'])];
    out.json = [...await kv.get(['b1', 'b2'], 'json')];
    out.withMetadata = [...await kv.getWithMetadata(['b2', 'nope'], { type: 'json' })];
    out.badType = await error(() => kv.get(['b1'], 'arrayBuffer'));
    out.notJson = await error(() => kv.put('nj', 'not json').then(() => kv.get(['nj'], 'json')));
    out.tooMany = await error(() => kv.get(Array.from({ length: 101 }, (_, i) => 'k' + i)));
    out.none = await error(() => kv.get([]));
    return out;
  },
  async list(kv) {
    for (const k of ['user:1', 'user:2', 'user:3', 'usex', 'admin']) await kv.put(k, 'v');
    await kv.put('user:0', 'v', { expirationTtl: 600, metadata: { first: true } });
    const out = {};
    const all = await kv.list();
    out.all = all.keys.map((k) => k.name);
    out.complete = all.list_complete;
    out.cursorOfComplete = 'cursor' in all;
    out.cacheStatus = all.cacheStatus;
    const first = await kv.list({ prefix: 'user:', limit: 2 });
    out.first = first.keys.map((k) => k.name);
    out.firstComplete = first.list_complete;
    const second = await kv.list({ prefix: 'user:', limit: 2, cursor: first.cursor });
    out.second = second.keys.map((k) => k.name);
    out.secondComplete = second.list_complete;
    const zero = first.keys[0];
    out.metadata = zero.metadata;
    out.expirationInRange = zero.expiration > Date.now() / 1000 + 590 && zero.expiration <= Date.now() / 1000 + 601;
    out.plainKey = Object.keys(first.keys[1]);
    return out;
  },
  async errors(kv) {
    const big = 'x'.repeat(25 * 1024 * 1024 + 1);
    return {
      empty: await error(() => kv.get('')),
      dot: await error(() => kv.put('.', 'v')),
      dotdot: await error(() => kv.delete('..')),
      longKey: await error(() => kv.get('k'.repeat(513))),
      longPut: await error(() => kv.put('é'.repeat(257), 'v')),
      ttl: await error(() => kv.put('k', 'v', { expirationTtl: 30 })),
      ttlZero: await error(() => kv.put('k', 'v', { expirationTtl: 0 })),
      past: await error(() => kv.put('k', 'v', { expiration: 1000 })),
      soon: await error(() => kv.put('k', 'v', { expiration: Math.floor(Date.now() / 1000) + 10 })),
      metadata: await error(() => kv.put('k', 'v', { metadata: { s: 'm'.repeat(1100) } })),
      value: await error(() => kv.put('k', big)),
      streamValue: await error(() => kv.put('k', new Blob([big]).stream())),
      object: await error(() => kv.put('k', { an: 'object' })),
      limit: await error(() => kv.list({ limit: 1001 })),
      prefix: await error(() => kv.list({ prefix: 'p'.repeat(513) })),
      cacheTtl: await error(() => kv.get('k', { cacheTtl: 10 })),
      type: await error(() => kv.put('typed', 'v').then(() => kv.get('typed', 'bogus'))),
      typeMissing: await kv.get('missing-key', 'bogus'),
      notThrown: (() => { try { kv.get(''); return 'no throw'; } catch { return 'threw'; } })(),
    };
  },
  async large(kv) {
    const bytes = new Uint8Array(3 * 1024 * 1024);
    for (let i = 0; i < bytes.length; i++) bytes[i] = i % 251;
    await kv.put('large', bytes, { metadata: { size: bytes.length } });
    const back = new Uint8Array(await kv.get('large', 'arrayBuffer'));
    let same = back.length === bytes.length;
    for (let i = 0; same && i < back.length; i += 4093) same = back[i] === bytes[i];
    const { metadata } = await kv.getWithMetadata('large', 'stream');
    const streamed = await new Response(await kv.get('large', 'stream')).arrayBuffer();
    await kv.put('large-text', 'é'.repeat(1024 * 1024));
    return { same, metadata, streamed: streamed.byteLength, text: (await kv.get('large-text')).length };
  },
};

let env;
export default {
  async fetch(request, environment) {
    env = environment;
    const url = new URL(request.url);
    const name = url.pathname.slice(1);
    if (name === 'put') {
      await env.KV.put(url.searchParams.get('key'), url.searchParams.get('value'));
      return new Response('ok');
    }
    if (name === 'get') return new Response(String(await env.KV.get(url.searchParams.get('key'))));
    if (name === 'count') {
      let count = 0;
      let cursor;
      for (;;) {
        const page = await env.KV.list({ prefix: url.searchParams.get('prefix'), cursor });
        count += page.keys.length;
        if (page.list_complete) break;
        cursor = page.cursor;
      }
      return new Response(String(count));
    }
    return Response.json(await scenarios[name](env.KV));
  },
};
`;

const files = { 'wrangler.jsonc': config, 'src/index.js': worker };

async function withEdged(options, fn) {
  const edged = await startEdged(options);
  try {
    return await fn(edged);
  } finally {
    await edged.stop();
  }
}

async function scenario(edged, name) {
  const response = await fetch(`${edged.url}/${name}`);
  const body = await response.text();
  assert.equal(response.status, 200, body);
  return JSON.parse(body);
}

test('get, put, delete with every value and result type', async () => {
  await withEdged({ files }, async (edged) => {
    assert.deepEqual(await scenario(edged, 'basics'), {
      missing: null,
      missingMeta: { value: null, metadata: null, cacheStatus: null },
      text: 'héllo',
      textType: 'héllo',
      json: { a: [1, 2] },
      jsonOptions: { a: [1, 2] },
      arrayBuffer: [104, 195, 169, 108, 108, 111],
      stream: 'héllo',
      view: [1, 2, 3, 4],
      buffer: [9, 8],
      streamed: 'from a stream',
      number: '42',
      empty: '',
      withMeta: { value: 'v', metadata: { role: 'admin', n: 1 }, cacheStatus: null },
      withMetaJson: { value: { a: [1, 2] }, metadata: null, cacheStatus: null },
      putResult: 'undefined',
      deleteResult: 'undefined',
      afterDelete: null,
      deleteMissing: 'undefined',
      promise: true,
      tag: '[object KvNamespace]',
      isolated: null,
    });
  });
});

test('bulk get and getWithMetadata return Maps', async () => {
  await withEdged({ files }, async (edged) => {
    assert.deepEqual(await scenario(edged, 'bulk'), {
      text: [['b1', '1'], ['b2', '{"two":2}'], ['nope', null]],
      json: [['b1', 1], ['b2', { two: 2 }]],
      withMetadata: [['b2', { value: { two: 2 }, metadata: { m: 2 } }], ['nope', null]],
      badType: 'Error: KV GET_BULK failed: 400 "arrayBuffer" is not a valid type. Use "json" or "text"',
      notJson: 'Error: KV GET_BULK failed: 400 At least one of the requested keys corresponds to a non-json value',
      tooMany: 'Error: KV GET_BULK failed: 400 You can request a maximum of 100 keys',
      none: 'Error: KV GET_BULK failed: 400 You must request a minimum of 1 key',
    });
  });
});

test('list: byte order, prefix, pages with cursors, expiration and metadata', async () => {
  await withEdged({ files }, async (edged) => {
    assert.deepEqual(await scenario(edged, 'list'), {
      all: ['admin', 'user:0', 'user:1', 'user:2', 'user:3', 'usex'],
      complete: true,
      cursorOfComplete: false,
      cacheStatus: null,
      first: ['user:0', 'user:1'],
      firstComplete: false,
      second: ['user:2', 'user:3'],
      secondComplete: true,
      metadata: { first: true },
      expirationInRange: true,
      plainKey: ['name'],
    });
  });
});

test("bad arguments and limits give Workers' errors", async () => {
  await withEdged({ files }, async (edged) => {
    const errors = await scenario(edged, 'errors');
    assert.match(errors.soon, /^Error: KV PUT failed: 400 Invalid expiration of \d+\. Expiration times must be at least 60 seconds in the future\.$/);
    delete errors.soon;
    assert.deepEqual(errors, {
      empty: 'TypeError: Key name cannot be empty.',
      dot: 'TypeError: "." is not allowed as a key name.',
      dotdot: 'TypeError: ".." is not allowed as a key name.',
      longKey: 'Error: KV GET failed: 414 UTF-8 encoded length of 513 exceeds key length limit of 512.',
      longPut: 'Error: KV PUT failed: 414 UTF-8 encoded length of 514 exceeds key length limit of 512.',
      ttl: 'Error: KV PUT failed: 400 Invalid expiration_ttl of 30. Expiration TTL must be at least 60.',
      ttlZero: 'Error: KV PUT failed: 400 Invalid expiration_ttl of 0. Please specify integer greater than 0.',
      past: 'Error: KV PUT failed: 400 Invalid expiration of 1000. Please specify integer greater than the current number of seconds since the UNIX epoch.',
      metadata: 'Error: KV PUT failed: 413 Metadata length of 1108 exceeds limit of 1024.',
      value: 'Error: KV PUT failed: 413 Value length of 26214401 exceeds limit of 26214400.',
      streamValue: 'Error: KV PUT failed: 413 Value length of 26214401 exceeds limit of 26214400.',
      object: 'TypeError: KV put() accepts only strings, ArrayBuffers, ArrayBufferViews, and ReadableStreams as values.',
      limit: 'Error: KV GET failed: 400 Invalid key_count_limit of 1001. Please specify an integer less than 1000.',
      prefix: 'Error: KV GET failed: 414 UTF-8 encoded length of 513 exceeds key length limit of 512.',
      cacheTtl: 'Error: KV GET failed: 400 Invalid cache_ttl of 10. Cache TTL must be at least 30.',
      type: 'TypeError: Unknown response type. Possible types are "text", "arrayBuffer", "json", and "stream".',
      typeMissing: null,
      notThrown: 'no throw',
    });
  });
});

test('values past 1 MiB round trip through the thread pool', async () => {
  await withEdged({ files }, async (edged) => {
    assert.deepEqual(await scenario(edged, 'large'), {
      same: true, metadata: { size: 3 * 1024 * 1024 }, streamed: 3 * 1024 * 1024, text: 1024 * 1024,
    });
  });
});

test('values survive a restart (and kill -9) in <data-dir>/kv/<id>.sqlite', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'edged-kv-data-'));
  try {
    await withEdged({ files, args: ['--data-dir', dataDir] }, async (edged) => {
      assert.equal(await (await fetch(`${edged.url}/put?key=kept&value=yes`)).text(), 'ok');
      await edged.stop('SIGKILL');
    });
    assert.ok(existsSync(join(dataDir, 'kv', '0123456789abcdef0123456789abcdef.sqlite')));
    await withEdged({ files, args: ['--data-dir', dataDir] }, async (edged) => {
      assert.equal(await (await fetch(`${edged.url}/get?key=kept`)).text(), 'yes');
    });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('concurrent writers on two threads all land', async () => {
  await withEdged({ files, args: ['--threads', '2'] }, async (edged) => {
    const writes = [];
    for (let i = 0; i < 200; i++) {
      writes.push(fetch(`${edged.url}/put?key=c:${i}&value=${i}`).then((r) => r.text()));
    }
    assert.deepEqual(new Set(await Promise.all(writes)), new Set(['ok']));
    assert.equal(await (await fetch(`${edged.url}/count?prefix=c:`)).text(), '200');
  });
});

test('edged kv key put|get|list|delete share the data with the Worker', async () => {
  const dir = writeProject(files);
  const kv = (...args) => runEdged(['kv', 'key', ...args, '--config', join(dir, 'wrangler.jsonc')]);
  try {
    let result = await kv('put', 'from-cli', 'cli value', '--binding', 'KV', '--metadata', '{"by":"cli"}');
    assert.equal(result.code, 0, result.stderr);
    result = await kv('put', 'ttl', 'v', '--namespace-id', '0123456789abcdef0123456789abcdef', '--ttl', '3600');
    assert.equal(result.code, 0, result.stderr);
    result = await kv('put', 'short', 'v', '--binding', 'KV', '--ttl', '10');
    assert.equal(result.code, 1);
    assert.match(result.stderr, /Invalid expiration_ttl of 10\. Expiration TTL must be at least 60\./);
    result = await kv('get', 'nope', '--binding', 'NOPE');
    assert.equal(result.code, 1);
    assert.match(result.stderr, /no kv_namespaces binding "NOPE"/);

    await withEdged({ config: join(dir, 'wrangler.jsonc') }, async (edged) => {
      assert.equal(await (await fetch(`${edged.url}/get?key=from-cli`)).text(), 'cli value');
      await fetch(`${edged.url}/put?key=from-worker&value=worker value`);
    });
    result = await kv('get', 'from-worker', '--binding', 'KV');
    assert.equal(result.stdout, 'worker value');
    result = await kv('list', '--binding', 'KV');
    const keys = JSON.parse(result.stdout);
    assert.deepEqual(keys.map((k) => k.name), ['from-cli', 'from-worker', 'ttl']);
    assert.deepEqual(keys[0].metadata, { by: 'cli' });
    assert.ok(keys[2].expiration > Date.now() / 1000 + 3500);
    result = await kv('list', '--binding', 'KV', '--prefix', 'from-w');
    assert.deepEqual(JSON.parse(result.stdout), [{ name: 'from-worker' }]);
    assert.equal((await kv('delete', 'from-cli', '--binding', 'KV')).code, 0);
    result = await kv('get', 'from-cli', '--binding', 'KV');
    assert.equal(result.stdout.trim(), 'Value not found');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the seed's kv_session_authentication_example runs unchanged", async () => {
  const guide = readFileSync(join(repo, '..', 'shared', 'seeds', 'workers-platform-guide.md'), 'utf8');
  const example = guide.slice(guide.indexOf('<example id="kv_session_authentication_example">'));
  const configuration = /<configuration>\n([\s\S]*?)<\/configuration>/.exec(example)[1];
  const dir = writeProject({
    'wrangler.jsonc': configuration,
    'src/index.ts': seedBlock('workers-platform-guide.md', '<example id="kv_session_authentication_example">'),
  });
  symlinkSync(join(repo, 'examples', 'hono-ts', 'node_modules'), join(dir, 'node_modules'));
  try {
    const put = await runEdged(['kv', 'key', 'put', 'token-123', JSON.stringify({ user: 'ada' }),
      '--binding', 'AUTH_TOKENS', '--config', join(dir, 'wrangler.jsonc')]);
    assert.equal(put.code, 0, put.stderr);
    await withEdged({ config: join(dir, 'wrangler.jsonc') }, async (edged) => {
      let response = await fetch(edged.url + '/', { headers: { Authorization: 'Bearer token-123' } });
      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), {
        authenticated: true, message: 'Authentication successful', data: { user: 'ada' },
      });
      assert.equal(response.headers.get('access-control-allow-origin'), '*');
      response = await fetch(edged.url + '/', { headers: { Cookie: 'a=b; auth_token=token-123' } });
      assert.equal((await response.json()).authenticated, true);
      response = await fetch(edged.url + '/', { headers: { Authorization: 'Bearer wrong' } });
      assert.equal(response.status, 403);
      assert.deepEqual(await response.json(), { authenticated: false, message: 'Invalid or expired token' });
      response = await fetch(edged.url + '/');
      assert.equal(response.status, 403);
      assert.equal((await response.json()).message, 'No authentication token provided');
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
