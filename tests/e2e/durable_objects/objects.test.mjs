// Durable Objects end to end: ids, stubs (fetch and RPC), one instance per id across threads,
// blockConcurrencyWhile, eviction, and the config errors.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startEdged, runEdged, writeProject } from '../lib/edged.mjs';

const config = (extra = {}) => ({
  name: 'objects',
  main: 'src/index.js',
  compatibility_date: '2025-06-01',
  durable_objects: { bindings: [{ name: 'COUNTER', class_name: 'Counter' }, { name: 'LEGACY', class_name: 'Legacy' }] },
  migrations: [{ tag: 'v1', new_sqlite_classes: ['Counter', 'Legacy'] }],
  ...extra,
});

const worker = `
import { DurableObject } from 'cloudflare:workers';

export class Counter extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    this.count = 0;
    this.started = Date.now();
    ctx.blockConcurrencyWhile(async () => {
      await new Promise((r) => setTimeout(r, 50));
      this.ready = true;
    });
  }
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === '/echo') {
      return new Response(await request.text(), { status: 201, headers: { 'x-method': request.method } });
    }
    return Response.json({ count: ++this.count, ready: this.ready, id: this.ctx.id.toString(), name: this.ctx.id.name });
  }
  add(a, b) { return a + b; }
  increment() { return ++this.count; }
  clone(value) { return value; }
  fail(message) { throw new RangeError(message); }
  async later(ms) { await new Promise((r) => setTimeout(r, ms)); return 'done'; }
  returnsFunction() { return () => 1; }
}

export class Legacy {
  constructor(state, env) { this.state = state; this.env = env; this.hits = 0; }
  async fetch(request) { return new Response('legacy ' + (++this.hits) + ' ' + typeof this.env.COUNTER.idFromName); }
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const name = url.searchParams.get('name') ?? 'a';
    const stub = env.COUNTER.getByName(name);
    switch (url.pathname) {
      case '/count': return stub.fetch('http://do/count');
      case '/echo': return stub.fetch('http://do/echo', { method: 'PUT', body: 'payload' });
      case '/legacy': return env.LEGACY.get(env.LEGACY.idFromName(name)).fetch(request);
      case '/rpc': {
        const cloned = await stub.clone({ when: new Date(0), map: new Map([[1, 'x']]), bytes: new Uint8Array([1, 2]) });
        return Response.json({
          sum: await stub.add(2, 3),
          date: cloned.when instanceof Date && cloned.when.getTime() === 0,
          map: cloned.map instanceof Map && cloned.map.get(1) === 'x',
          bytes: cloned.bytes instanceof Uint8Array && cloned.bytes[1] === 2,
          stubName: stub.name,
        });
      }
      case '/increment': return new Response(String(await stub.increment()));
      case '/errors': {
        const out = {};
        try { await stub.fail('bad thing'); } catch (e) { out.fail = e.name + ': ' + e.message; }
        try { await stub.nope(); } catch (e) { out.nope = e.name + ': ' + e.message; }
        try { await stub.returnsFunction(); } catch (e) { out.clone = e.name; }
        try { await stub.add(() => 1); } catch (e) { out.arg = e.name; }
        return Response.json(out);
      }
      case '/ids': {
        const a = env.COUNTER.idFromName('x');
        const b = env.COUNTER.idFromName('x');
        const u = env.COUNTER.newUniqueId();
        const out = {
          hex: /^[0-9a-f]{64}$/.test(a.toString()), same: a.equals(b), sameString: a.toString() === b.toString(),
          name: a.name, uniqueName: u.name, differs: !a.equals(u),
          roundTrip: env.COUNTER.idFromString(u.toString()).equals(u),
          otherNamespace: env.LEGACY.idFromName('x').toString() !== a.toString(),
        };
        for (const [key, fn] of Object.entries({
          short: () => env.COUNTER.idFromString('abc'),
          foreign: () => env.COUNTER.idFromString(env.LEGACY.idFromName('x').toString()),
          wrongNamespace: () => env.COUNTER.get(env.LEGACY.idFromName('x')),
          notAnId: () => env.COUNTER.get('x'),
        })) {
          try { fn(); out[key] = 'no error'; } catch (e) { out[key] = e.name + ': ' + e.message; }
        }
        return Response.json(out);
      }
      case '/slow': return new Response(await stub.later(Number(url.searchParams.get('ms'))));
    }
    return new Response('not found', { status: 404 });
  },
};
`;

let server;
after(async () => { await server?.stop(); });

test('Durable Objects serve fetch and RPC on one instance per id', async (t) => {
  server = await startEdged({ files: { 'wrangler.jsonc': config(), 'src/index.js': worker }, args: ['--threads', '2'] });
  const base = server.url;

  await t.test('ids are 64 hex digits, stable per name, and belong to their namespace', async () => {
    const ids = await (await fetch(`${base}/ids`)).json();
    // JSON drops uniqueName: a unique id has no name.
    assert.deepEqual(ids, {
      hex: true, same: true, sameString: true, name: 'x', differs: true, roundTrip: true, otherNamespace: true,
      short: 'TypeError: Invalid Durable Object ID: must be 64 hex digits',
      foreign: 'TypeError: Durable Object ID is not valid for this namespace.',
      wrongNamespace: 'TypeError: get() called with a DurableObjectId from a different Durable Object namespace.',
      notAnId: "TypeError: Failed to execute 'get' on 'DurableObjectNamespace': parameter 1 is not of type 'DurableObjectId'.",
    });
  });

  await t.test('stub.fetch reaches the object, which waited for blockConcurrencyWhile', async () => {
    const first = await (await fetch(`${base}/count?name=fetcher`)).json();
    assert.equal(first.count, 1);
    assert.equal(first.ready, true);
    assert.equal(first.name, 'fetcher');
    assert.match(first.id, /^[0-9a-f]{64}$/);
    const echo = await fetch(`${base}/echo?name=fetcher`);
    assert.equal(echo.status, 201);
    assert.equal(echo.headers.get('x-method'), 'PUT');
    assert.equal(await echo.text(), 'payload');
  });

  await t.test('one instance per id: concurrent calls from both threads all reach it', async () => {
    const results = await Promise.all(Array.from({ length: 100 }, () =>
      fetch(`${base}/increment?name=shared`).then((r) => r.text())));
    const counts = results.map(Number).sort((a, b) => a - b);
    assert.deepEqual(counts, Array.from({ length: 100 }, (_, i) => i + 1));
  });

  await t.test('RPC arguments and results are structured-cloned', async () => {
    assert.deepEqual(await (await fetch(`${base}/rpc?name=r`)).json(),
      { sum: 5, date: true, map: true, bytes: true, stubName: 'r' });
  });

  await t.test('errors propagate with their type and message', async () => {
    const errors = await (await fetch(`${base}/errors?name=e`)).json();
    assert.equal(errors.fail, 'RangeError: bad thing');
    assert.equal(errors.nope, 'TypeError: The RPC receiver does not implement the method "nope".');
    assert.equal(errors.clone, 'DataCloneError');
    assert.equal(errors.arg, 'DataCloneError');
  });

  await t.test('the constructor(state, env) style works', async () => {
    assert.equal(await (await fetch(`${base}/legacy?name=l`)).text(), 'legacy 1 function');
    assert.equal(await (await fetch(`${base}/legacy?name=l`)).text(), 'legacy 2 function');
  });
});

test('an idle object leaves memory and is rebuilt on its next event', async () => {
  const idle = await startEdged({
    files: { 'wrangler.jsonc': config(), 'src/index.js': worker }, args: ['--do-idle-ms', '200'],
  });
  try {
    assert.equal(await (await fetch(`${idle.url}/increment?name=idle`)).text(), '1');
    assert.equal(await (await fetch(`${idle.url}/increment?name=idle`)).text(), '2');
    // Busy objects stay: a call that outlives the idle time is not cut short, and the object
    // keeps its state meanwhile (the increment arrives while the slow call still runs).
    const slow = fetch(`${idle.url}/slow?name=idle&ms=1500`).then((r) => r.text());
    await new Promise((r) => setTimeout(r, 600));
    assert.equal(await (await fetch(`${idle.url}/increment?name=idle`)).text(), '3');
    assert.equal(await slow, 'done');
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(await (await fetch(`${idle.url}/increment?name=idle`)).text(), '1');
  } finally {
    await idle.stop();
  }
});

test('config errors name the file, the field and what to write', async () => {
  const serveProject = (files) => runEdged(['serve', join(writeProject(files), 'wrangler.jsonc'), '--port', '0']);
  const unexported = await serveProject({
    'wrangler.jsonc': config({ durable_objects: { bindings: [{ name: 'X', class_name: 'Missing' }] }, migrations: [{ tag: 'v1', new_classes: ['Missing'] }] }),
    'src/index.js': worker,
  });
  assert.equal(unexported.code, 1);
  assert.match(unexported.stderr, /wrangler\.jsonc: the Worker failed to start: .*durable_objects\.bindings\[0\]: Durable Object binding "X" names class "Missing", which the main module does not export\./);

  const unmigrated = await serveProject({
    'wrangler.jsonc': config({ migrations: [{ tag: 'v1', new_sqlite_classes: ['Counter'] }] }),
    'src/index.js': worker,
  });
  assert.equal(unmigrated.code, 1);
  assert.match(unmigrated.stderr, /wrangler\.jsonc: durable_objects\.bindings\[1\]: class "Legacy" has no migration; add \{"tag": "v1", "new_sqlite_classes": \["Legacy"\]\} to "migrations"/);
});
