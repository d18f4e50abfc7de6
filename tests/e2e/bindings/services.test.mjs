// Service bindings between Workers of one server (`edged serve front.jsonc back.jsonc`): the
// caller's env.SVC.fetch() and RPC reach the target Worker's own isolate, with its own env and a
// ctx carrying the binding's props; a named entrypoint; Cloudflare's errors; neither Worker sees
// the other's bindings; a target deployed and redeployed over the admin API is called in its
// current version.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEdged, writeProject, freePort } from '../lib/edged.mjs';

const TOKEN = 'services-token-0123456789';
const ACCOUNT = '0123456789abcdef0123456789abcdef';
const work = mkdtempSync(join(tmpdir(), 'edged-services-'));
writeFileSync(join(work, 'token'), TOKEN);
after(() => rmSync(work, { recursive: true, force: true }));

const dir = writeProject({
  'front.jsonc': {
    name: 'front',
    main: 'front.js',
    compatibility_date: '2025-06-01',
    vars: { SECRET: 'front-secret' },
    kv_namespaces: [{ binding: 'KV', id: 'front-kv' }],
    services: [
      { binding: 'SVC', service: 'back', props: { tenant: 'acme', level: 3 } },
      { binding: 'ADMIN', service: 'back', entrypoint: 'Admin' },
      { binding: 'NOPE', service: 'back', entrypoint: 'Nope' },
      { binding: 'PLAIN', service: 'plain' },
      { binding: 'GHOST', service: 'ghost' },
      { binding: 'DYN', service: 'dyn' },
      { binding: 'SPIN', service: 'spin' },
    ],
  },
  'front.js': `
    async function settle(promise) {
      try {
        return { ok: true, value: await promise };
      } catch (error) {
        return { ok: false, name: error.name, message: error.message };
      }
    }
    export default {
      async fetch(request, env) {
        const path = new URL(request.url).pathname;
        if (path === '/fetch') {
          const response = await env.SVC.fetch('http://back.internal/echo?x=1', {
            method: 'POST', headers: { 'x-in': 'from-front' }, body: 'hello back',
          });
          return Response.json({ status: response.status, out: response.headers.get('x-out'), text: await response.text() });
        }
        if (path === '/rpc') {
          const bytes = new Uint8Array([1, 2, 255]);
          const when = new Date(Date.UTC(2024, 1, 29, 12));
          const map = new Map([['a', 1], ['b', { c: [true, null] }]]);
          const echoed = await env.SVC.echo({ bytes, when, map, nested: { list: [1, 'two'] } });
          return Response.json({
            sum: await env.SVC.add(2, 3),
            bytes: echoed.bytes instanceof Uint8Array ? [...echoed.bytes] : null,
            when: echoed.when instanceof Date ? echoed.when.toISOString() : null,
            map: echoed.map instanceof Map ? [...echoed.map] : null,
            nested: echoed.nested,
            seenThere: echoed.seenThere,
            version: await env.SVC.version,
            deep: await env.SVC.tools().then((t) => t),
            path: await env.SVC.toolbox.ping('x'),
            props: await env.SVC.props(),
            admin: await env.ADMIN.whoami(),
            thenable: typeof env.SVC.then,
            awaited: (await env.SVC) === env.SVC,
          });
        }
        if (path === '/errors') {
          return Response.json({
            thrown: await settle(env.SVC.fail()),
            missing: await settle(env.SVC.missing(1)),
            field: await settle(env.SVC.field()),
            reserved: await settle(env.SVC.alarm()),
            notFunction: await settle(env.SVC.answer()),
            uncloneable: await settle(env.SVC.echo(() => 1)),
            badReturn: await settle(env.SVC.giveFunction()),
            noEntrypoint: await settle(env.NOPE.anything()),
            ghostRpc: await settle(env.GHOST.anything()),
            ghostFetch: await env.GHOST.fetch('http://ghost/').then(async (r) => [r.status, await r.text()]),
            connect: await settle(Promise.resolve().then(() => env.SVC.connect('x:1'))),
          });
        }
        if (path === '/plain') {
          return Response.json({
            hello: await env.PLAIN.hello('you'),
            tooMany: await settle(env.PLAIN.hello('a', 'b')),
            text: await (await env.PLAIN.fetch('http://plain/')).text(),
          });
        }
        if (path === '/isolation') {
          await env.SVC.fetch('http://back.internal/seed');
          return Response.json({
            there: await env.SVC.lookup('k'),
            mine: await env.KV.get('k'),
            backKv: typeof env.BACK_KV,
          });
        }
        if (path === '/later') return new Response(await env.SVC.later('done later'));
        if (path === '/read-later') return new Response(await env.SVC.readLater());
        if (path === '/spin') return Response.json(await settle(env.SPIN.spin()));
        if (path === '/dyn-slow') return new Response(await env.DYN.slow());
        if (path === '/dyn') {
          const response = await env.DYN.fetch('http://dyn/');
          return new Response(response.status + ' ' + await response.text());
        }
        return new Response('front');
      },
    };`,
  'back.jsonc': {
    name: 'back',
    main: 'back.js',
    compatibility_date: '2025-06-01',
    vars: { SECRET: 'back-secret' },
    kv_namespaces: [{ binding: 'KV', id: 'back-kv' }, { binding: 'BACK_KV', id: 'back-kv-2' }],
  },
  'back.js': `
    import { WorkerEntrypoint, RpcTarget } from 'cloudflare:workers';
    class Tools extends RpcTarget {}
    export class Admin extends WorkerEntrypoint {
      whoami() { return 'admin of ' + this.env.SECRET; }
    }
    export default class Back extends WorkerEntrypoint {
      field = 'own fields are not exposed';
      async fetch(request) {
        const url = new URL(request.url);
        if (url.pathname === '/seed') {
          await this.env.KV.put('k', 'back value');
          return new Response('seeded');
        }
        return new Response(request.method + ' ' + url.pathname + url.search + ' ' + request.headers.get('x-in') + ' ' + await request.text(), {
          status: 201, headers: { 'x-out': 'from-back' },
        });
      }
      add(a, b) { return a + b; }
      echo(value) {
        return { ...value, seenThere: [value.bytes instanceof Uint8Array, value.when instanceof Date, value.map instanceof Map] };
      }
      async fail() { throw new RangeError('back says no'); }
      props() { return this.ctx.props; }
      get version() { return 'v1'; }
      tools() { return { kind: 'tools' }; }
      later(value) {
        this.ctx.waitUntil(scheduler.wait(50).then(() => this.env.KV.put('later', value)));
        return 'accepted';
      }
      async readLater() { return this.env.KV.get('later'); }
      get toolbox() { return { ping: (value) => 'pong ' + value }; }
      get answer() { return 42; }
      giveFunction() { return () => 1; }
      async lookup(key) {
        return { value: await this.env.KV.get(key), secret: this.env.SECRET, callerSvc: typeof this.env.SVC };
      }
    }`,
  'spin.jsonc': { name: 'spin', main: 'spin.js', compatibility_date: '2025-06-01', limits: { cpu_ms: 100 } },
  'spin.js': `import { WorkerEntrypoint } from 'cloudflare:workers';
    export default class extends WorkerEntrypoint { spin() { for (;;) {} } };`,
  'plain.jsonc': { name: 'plain', main: 'plain.js', compatibility_date: '2025-06-01', vars: { WHO: 'plain env' } },
  'plain.js': `export default {
      fetch(request, env, ctx) { return new Response('plain fetch with ' + env.WHO); },
      hello(name, env, ctx) { return 'hello ' + name + ' from ' + env.WHO; },
    };`,
});
after(() => rmSync(dir, { recursive: true, force: true }));

function upload(source, bindings = []) {
  const form = new FormData();
  form.append('metadata', new Blob([JSON.stringify({
    main_module: 'index.js', compatibility_date: '2025-06-01', bindings,
  })], { type: 'application/json' }));
  form.append('index.js', new Blob([source], { type: 'application/javascript+module' }), 'index.js');
  return form;
}

test('service bindings: fetch, RPC, errors, isolation and a redeployed target', async () => {
  const adminPort = await freePort();
  const edged = await startEdged({
    config: join(dir, 'front.jsonc'),
    args: [join(dir, 'back.jsonc'), join(dir, 'plain.jsonc'), join(dir, 'spin.jsonc'), '--threads', '2',
      '--data-dir', join(work, 'data'), '--admin', `127.0.0.1:${adminPort}`, '--admin-token-file', join(work, 'token')],
  });
  const get = async (path) => (await fetch(`${edged.url}${path}`)).json();
  const api = (path, init) => fetch(`http://127.0.0.1:${adminPort}/client/v4/accounts/${ACCOUNT}${path}`, {
    ...init, headers: { authorization: `Bearer ${TOKEN}` },
  });
  try {
    assert.match(edged.logs(), /binding "GHOST" refers to a service "ghost"/);

    assert.deepEqual(await get('/fetch'), {
      status: 201, out: 'from-back', text: 'POST /echo?x=1 from-front hello back',
    });

    assert.deepEqual(await get('/rpc'), {
      sum: 5,
      bytes: [1, 2, 255],
      when: '2024-02-29T12:00:00.000Z',
      map: [['a', 1], ['b', { c: [true, null] }]],
      nested: { list: [1, 'two'] },
      seenThere: [true, true, true],
      version: 'v1',
      deep: { kind: 'tools' },
      path: 'pong x',
      props: { tenant: 'acme', level: 3 },
      admin: 'admin of back-secret',
      thenable: 'undefined',
      awaited: true,
    });

    const errors = await get('/errors');
    assert.deepEqual(errors.thrown, { ok: false, name: 'RangeError', message: 'back says no' });
    const missing = (name) => ({ ok: false, name: 'TypeError', message: `The RPC receiver does not implement the method "${name}".` });
    assert.deepEqual(errors.missing, missing('missing'));
    assert.deepEqual(errors.field, missing('field'));
    assert.deepEqual(errors.reserved, { ok: false, name: 'TypeError', message: "'alarm' is a reserved method and cannot be called over RPC." });
    assert.deepEqual(errors.notFunction, { ok: false, name: 'TypeError', message: '"answer" is not a function.' });
    assert.equal(errors.uncloneable.name, 'DataCloneError');
    assert.equal(errors.badReturn.name, 'DataCloneError');
    assert.deepEqual(errors.noEntrypoint, { ok: false, name: 'TypeError',
      message: 'Worker "front"\'s binding "NOPE" refers to service "back" with a named entrypoint "Nope", but "back" has no such named entrypoint.' });
    const ghost = 'Worker "front"\'s binding "GHOST" refers to a service "ghost", but no such service is defined.';
    assert.deepEqual(errors.ghostRpc, { ok: false, name: 'Error', message: ghost });
    assert.deepEqual(errors.ghostFetch, [503, ghost]);
    assert.equal(errors.connect.ok, false);
    assert.match(errors.connect.message, /connect\(\) through a service binding is not supported/);

    assert.deepEqual(await get('/plain'), {
      hello: 'hello you from plain env',
      tooMany: { ok: false, name: 'TypeError', message: 'Attempted to call RPC function "hello" with the wrong number of arguments. When calling a top-level handler function that is not declared as part of a class, you must always send exactly one argument. In order to support variable numbers of arguments, the server must use class-based syntax (extending WorkerEntrypoint) instead.' },
      text: 'plain fetch with plain env',
    });

    // The target's ctx.waitUntil work goes on after its result is back.
    assert.equal(await (await fetch(`${edged.url}/later`)).text(), 'accepted');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(await (await fetch(`${edged.url}/read-later`)).text(), 'done later');

    // A target that breaks its CPU limit: the call rejects, the caller carries on.
    assert.deepEqual(await get('/spin'), { ok: false, name: 'Error', message: 'Worker exceeded CPU time limit.' });
    assert.equal((await get('/rpc')).sum, 5);

    // Each Worker sees only its own env: the same binding name, two namespaces.
    assert.deepEqual(await get('/isolation'), {
      there: { value: 'back value', secret: 'back-secret', callerSvc: 'undefined' },
      mine: null,
      backKv: 'undefined',
    });

    // A target that does not exist yet, then deployed, then redeployed: always its current version.
    const dyn = async () => (await fetch(`${edged.url}/dyn`)).text();
    assert.match(await dyn(), /^503 Worker "front"'s binding "DYN" refers to a service "dyn"/);
    const v1 = await api('/workers/scripts/dyn', { method: 'PUT', body: upload('export default { fetch() { return new Response("dyn v1"); } };') });
    assert.equal(v1.status, 200, await v1.clone().text());
    assert.equal(await dyn(), '200 dyn v1');
    // v2 itself calls through a service binding given in the upload's metadata, with props.
    const v2 = await api('/workers/scripts/dyn', {
      method: 'PUT',
      body: upload('export default { async fetch(r, env) { return new Response("dyn v2 " + await env.BACK.add(20, 22) + " " + JSON.stringify(await env.BACK.props())); } };',
        [{ type: 'service', name: 'BACK', service: 'back', props: { from: 'dyn' } }]),
    });
    assert.equal(v2.status, 200, await v2.clone().text());
    for (let i = 0; i < 4; i++) assert.equal(await dyn(), '200 dyn v2 42 {"from":"dyn"}');

    // A call in flight when its target is redeployed finishes in the version it started in.
    const slowWorker = (tag) => `import { WorkerEntrypoint } from 'cloudflare:workers';
      export default class extends WorkerEntrypoint {
        fetch() { return new Response('dyn ${tag}'); }
        async slow() { await scheduler.wait(400); return 'slow ${tag}'; }
      };`;
    assert.equal((await api('/workers/scripts/dyn', { method: 'PUT', body: upload(slowWorker('v3')) })).status, 200);
    const inFlight = fetch(`${edged.url}/dyn-slow`).then((r) => r.text());
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal((await api('/workers/scripts/dyn', { method: 'PUT', body: upload(slowWorker('v4')) })).status, 200);
    assert.equal(await inFlight, 'slow v3');
    assert.equal(await (await fetch(`${edged.url}/dyn-slow`)).text(), 'slow v4');

    // Deleted: no longer reached.
    assert.equal((await api('/workers/scripts/dyn', { method: 'DELETE' })).status, 200);
    assert.match(await dyn(), /^503 Worker "front"'s binding "DYN" refers to a service "dyn", but no such service is defined\.$/);
  } finally {
    assert.equal(await edged.stop(), 0);
  }
});
