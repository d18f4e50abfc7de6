// Per-Worker limits as Cloudflare applies them: a request's subrequests (fetch(), Cache API and
// binding calls) are capped by `limits.subrequests`, at most six of its fetches wait for response
// headers at once (the rest queue), request bodies over max_body_mb get a 413, and the server's
// edged.jsonc `limits` are the defaults of Workers that set none. Every breach, binding
// operation, heap, queue depth, Durable Object and WebSocket shows in the admin /metrics.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { join } from 'node:path';
import { startEdged, writeProject, freePort } from '../lib/edged.mjs';

// A local origin: `GET /slow` holds its headers 300 ms; it remembers how many requests it had
// open at once.
let open = 0;
let mostOpen = 0;
let served = 0;
const origin = http.createServer((req, res) => {
  served++;
  open++;
  mostOpen = Math.max(mostOpen, open);
  const delay = req.url.startsWith('/slow') ? 300 : 0;
  setTimeout(() => {
    open--;
    res.end('origin ' + req.url);
  }, delay);
});
await new Promise((resolve) => origin.listen(0, '127.0.0.1', resolve));
const ORIGIN = `http://127.0.0.1:${origin.address().port}`;
after(() => origin.close());

const worker = `
import { DurableObject } from 'cloudflare:workers';
export class Counter extends DurableObject {
  async fetch() { return new Response('counted'); }
}
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const origin = url.searchParams.get('origin');
    if (url.pathname === '/fetches') {
      const n = Number(url.searchParams.get('n'));
      let done = 0;
      try {
        for (let i = 0; i < n; i++) { await (await fetch(origin + '/' + i)).text(); done++; }
        return Response.json({ done });
      } catch (e) {
        return Response.json({ done, name: e.name, message: e.message });
      }
    }
    if (url.pathname === '/mixed') {
      // Three fetches and two KV reads use up a limit of five; the KV write is one too many.
      let done = 0;
      try {
        for (let i = 0; i < 3; i++) { await (await fetch(origin + '/m' + i)).text(); done++; }
        await env.KV.get('a'); done++;
        await env.KV.get('b'); done++;
        await env.KV.put('c', 'v'); done++;
        return Response.json({ done });
      } catch (e) {
        return Response.json({ done, message: e.message });
      }
    }
    if (url.pathname === '/parallel') {
      const bodies = await Promise.all(
        Array.from({ length: 7 }, (_, i) => fetch(origin + '/slow' + i).then((r) => r.text())));
      return Response.json(bodies);
    }
    if (url.pathname === '/upload') return new Response(String((await request.arrayBuffer()).byteLength));
    if (url.pathname === '/loop') { for (;;) {} }
    if (url.pathname === '/bindings') {
      await env.Q.send({ a: 1 });
      await env.Q.send({ a: 2 });
      const stub = env.COUNTER.get(env.COUNTER.idFromName('one'));
      const counted = await (await stub.fetch('http://do/')).text();
      globalThis.pair = new WebSocketPair();  // an open WebSocket for the gauge
      return new Response(counted);
    }
    return new Response('ok');
  },
};`;

function project(limits) {
  return {
    'wrangler.jsonc': {
      name: 'limited', main: 'w.js', compatibility_date: '2025-09-01',
      ...(limits ? { limits } : {}),
      kv_namespaces: [{ binding: 'KV', id: '0123456789abcdef0123456789abcdef' }],
      queues: { producers: [{ binding: 'Q', queue: 'jobs' }] },
      durable_objects: { bindings: [{ name: 'COUNTER', class_name: 'Counter' }] },
      migrations: [{ tag: 'v1', new_sqlite_classes: ['Counter'] }],
    },
    'w.js': worker,
  };
}

async function get(edged, path) {
  const response = await fetch(`${edged.url}${path}${path.includes('?') ? '&' : '?'}origin=${ORIGIN}`);
  return { status: response.status, text: await response.text() };
}

test('limits.subrequests: the call over the limit throws Workers\' error; each request has its own', async () => {
  const edged = await startEdged({ files: project({ subrequests: 5 }), args: ['--threads', '1'] });
  try {
    let { status, text } = await get(edged, '/fetches?n=8');
    assert.equal(status, 200);
    assert.deepEqual(JSON.parse(text), {
      done: 5, name: 'Error',
      message: 'Too many subrequests by single Worker invocation. To configure this limit, refer to ' +
        'https://developers.cloudflare.com/workers/wrangler/configuration/#limits',
    });
    ({ text } = await get(edged, '/fetches?n=5'));
    assert.deepEqual(JSON.parse(text), { done: 5 });
    // KV operations count as subrequests too.
    ({ text } = await get(edged, '/mixed'));
    const mixed = JSON.parse(text);
    assert.equal(mixed.done, 5);
    assert.match(mixed.message, /^Too many subrequests by single Worker invocation\./);
  } finally {
    await edged.stop();
  }
});

test('seven simultaneous fetches: six connections at once, the seventh waits for a response head', async () => {
  const edged = await startEdged({ files: project(null), args: ['--threads', '1'] });
  try {
    open = 0;
    mostOpen = 0;
    const started = Date.now();
    const { status, text } = await get(edged, '/parallel');
    assert.equal(status, 200);
    assert.equal(JSON.parse(text).length, 7);
    assert.equal(mostOpen, 6);
    // The seventh started only after one of the first six had its head: two rounds of 300 ms.
    assert.ok(Date.now() - started >= 550, `took ${Date.now() - started} ms`);
  } finally {
    await edged.stop();
  }
});

test('edged.jsonc limits are the defaults of Workers without their own; breaches show in /metrics', async () => {
  const dir = writeProject({
    ...project(null),
    'token': 'limits-token-0123456789',
    'edged.jsonc': {
      workers: ['wrangler.jsonc'],
      data_dir: 'data',
      limits: { max_body_mb: 1, cpu_ms: 50, subrequests: 3, memory_mb: 128 },
    },
  });
  const adminPort = await freePort();
  const edged = await startEdged({
    serverConfig: join(dir, 'edged.jsonc'),
    args: ['--threads', '1', '--admin', `127.0.0.1:${adminPort}`, '--admin-token-file', join(dir, 'token')],
  });
  try {
    let { text } = await get(edged, '/fetches?n=4');
    assert.equal(JSON.parse(text).done, 3);
    const loop = await get(edged, '/loop');
    assert.equal(loop.status, 503);
    assert.match(loop.text, /Worker exceeded CPU time limit\./);
    const big = await fetch(`${edged.url}/upload`, { method: 'POST', body: Buffer.alloc(2 << 20, 1) });
    assert.equal(big.status, 413);
    await big.arrayBuffer();
    const small = await fetch(`${edged.url}/upload`, { method: 'POST', body: Buffer.alloc(1000, 1) });
    assert.equal(await small.text(), '1000');
    ({ text } = await get(edged, '/bindings'));  // three subrequests: two sends, one stub call
    assert.equal(text, 'counted');

    const scrape = async () => {
      const response = await fetch(`http://127.0.0.1:${adminPort}/metrics`,
        { headers: { authorization: 'Bearer limits-token-0123456789' } });
      assert.equal(response.status, 200);
      return response.text();
    };
    let metrics = '';
    for (let i = 0; i < 100 && !/^edged_isolate_heap_bytes\{worker="limited"\} [1-9]/m.test(metrics); i++) {
      metrics = await scrape();
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.match(metrics, /^edged_limit_exceeded_total\{worker="limited",kind="subrequests"\} 1$/m);
    assert.match(metrics, /^edged_limit_exceeded_total\{worker="limited",kind="cpu"\} 1$/m);
    assert.match(metrics, /^edged_request_body_too_large_total 1$/m);
    assert.match(metrics, /^edged_binding_operations_total\{worker="limited",binding="queue"\} 2$/m);
    assert.match(metrics, /^edged_binding_operations_total\{worker="limited",binding="durable_object"\} 1$/m);
    assert.match(metrics, /^# TYPE edged_isolate_heap_bytes gauge$/m);
    assert.match(metrics, /^edged_isolate_heap_bytes\{worker="limited"\} [1-9]\d*$/m);
    assert.match(metrics, /^edged_queue_messages\{queue="jobs"\} 2$/m);
    assert.match(metrics, /^edged_durable_objects [1-9]\d*$/m);
    assert.match(metrics, /^edged_websockets [1-9]\d*$/m);
  } finally {
    await edged.stop();
  }
});
