// Outbound fetch() from a Worker against a real HTTP origin (node:http in this process): GET and
// POST, keep-alive reuse, redirects in every mode, abort, network failures, proxying the
// incoming request unchanged, and 100 MiB streamed through edged both ways with bounded memory.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import zlib from 'node:zlib';
import { readFileSync } from 'node:fs';
import { startEdged } from '../lib/edged.mjs';

const MiB = 1024 * 1024;
const BIG = 100 * MiB;

// --- the origin ------------------------------------------------------------------------------

let origin;
let originUrl;
let connections = 0;

function startOrigin() {
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://origin');
    const path = url.pathname;
    if (path === '/hello') {
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': 17, 'x-origin': 'yes' });
      return res.end(req.method === 'HEAD' ? undefined : 'hello from origin');
    }
    if (path === '/echo') {
      let bytes = 0;
      let text = '';
      for await (const chunk of req) {
        bytes += chunk.length;
        if (text.length < 100) text += chunk.toString('latin1');
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({
        method: req.method, url: req.url, headers: req.headers, bytes, text: text.slice(0, 100),
      }));
    }
    if (path === '/connections') return res.end(String(connections));
    if (path.startsWith('/redirect/')) {
      // /redirect/<status>?to=<path>&n=<hops left>
      const status = Number(path.split('/')[2]);
      const hops = Number(url.searchParams.get('n') ?? 1);
      const to = hops > 1
        ? `/redirect/${status}?n=${hops - 1}&to=${encodeURIComponent(url.searchParams.get('to'))}`
        : url.searchParams.get('to');
      for await (const _ of req); // eslint-disable-line no-unused-vars
      res.writeHead(status, { location: to, 'content-type': 'text/plain' });
      return res.end('moved');
    }
    if (path === '/big') {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': BIG });
      const chunk = Buffer.alloc(MiB, 0x61);
      let sent = 0;
      const pump = () => {
        while (sent < BIG) {
          sent += chunk.length;
          if (!res.write(chunk)) return res.once('drain', pump);
        }
        res.end();
      };
      return pump();
    }
    if (path === '/gzip') {
      res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' });
      return res.end(zlib.gzipSync('decoded by the runtime'));
    }
    if (path === '/slow') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('first part;');
      return; // never ends: the Worker aborts
    }
    if (path === '/hang') return; // never answers
    res.writeHead(404);
    res.end('not found');
  });
  server.on('connection', () => { connections++; });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// A port nothing listens on.
async function closedPort() {
  const s = net.createServer();
  await new Promise((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address();
  await new Promise((r) => s.close(r));
  return port;
}

// --- the Worker ------------------------------------------------------------------------------

const worker = `
const describe = (e) => ({ error: e?.name, message: e?.message, isTypeError: e instanceof TypeError });
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const O = env.ORIGIN;
    const q = url.searchParams;
    try {
      switch (url.pathname) {
        case '/get': {
          const r = await fetch(O + '/hello');
          let mutable = true;
          try { r.headers.set('x-new', '1'); } catch (e) { mutable = e.message; }
          return Response.json({ status: r.status, ok: r.ok, url: r.url, redirected: r.redirected,
            type: r.headers.get('content-type'), origin: r.headers.get('x-origin'),
            text: await r.text(), mutable });
        }
        case '/post': {
          const r = await fetch(O + '/echo?x=1', { method: 'POST', body: 'abc',
            headers: { 'x-custom': 'yes', host: 'ignored.example', connection: 'close' } });
          return new Response(r.body, r);
        }
        case '/post-stream': {
          const size = Number(q.get('bytes'));
          let sent = 0;
          const body = new ReadableStream({ pull(c) {
            if (sent >= size) return c.close();
            const n = Math.min(65536, size - sent);
            c.enqueue(new Uint8Array(n).fill(98)); sent += n;
          } });
          return fetch(O + '/echo', { method: 'PUT', body });
        }
        case '/head': {
          const r = await fetch(O + '/hello', { method: 'HEAD' });
          return Response.json({ status: r.status, body: r.body, length: r.headers.get('content-length') });
        }
        case '/keepalive': {
          for (let i = 0; i < 5; i++) await (await fetch(O + '/hello')).text();
          return fetch(O + '/connections');
        }
        case '/redirect': {
          const mode = q.get('mode') ?? 'follow';
          const init = { redirect: mode, method: q.get('method') ?? 'GET' };
          if (q.get('body') === 'bytes') init.body = 'payload';
          if (q.get('body') === 'stream') init.body = new Response('payload').body;
          const r = await fetch(O + '/redirect/' + (q.get('status') ?? 302) + '?n=' + (q.get('n') ?? 1)
            + '&to=' + encodeURIComponent(q.get('to') ?? '/echo'), init);
          return Response.json({ status: r.status, url: r.url, redirected: r.redirected,
            location: r.headers.get('location'), body: await r.text() });
        }
        case '/abort-before': {
          const signal = AbortSignal.timeout(200);
          await fetch(O + '/hang', { signal });
          return new Response('not aborted');
        }
        case '/abort-body': {
          const controller = new AbortController();
          const r = await fetch(O + '/slow', { signal: controller.signal });
          const reader = r.body.getReader();
          const first = new TextDecoder().decode((await reader.read()).value);
          controller.abort(new Error('stop reading'));
          try { await reader.read(); return new Response('read went on'); }
          catch (e) { return Response.json({ first, ...describe(e) }); }
        }
        case '/abort-already': {
          await fetch(O + '/hello', { signal: AbortSignal.abort() });
          return new Response('not aborted');
        }
        case '/dns': await fetch('http://nonexistent.invalid/'); return new Response('resolved?');
        case '/refused': await fetch('http://127.0.0.1:' + q.get('port') + '/'); return new Response('connected?');
        case '/scheme': await fetch('ftp://example.com/file'); return new Response('fetched?');
        case '/websocket': {
          // An origin that does not switch protocols gives an ordinary response.
          const r = await fetch(O + '/hello', { headers: { upgrade: 'websocket', connection: 'upgrade' } });
          return Response.json({ status: r.status, webSocket: r.webSocket, text: await r.text() });
        }
        case '/gzip': {
          const r = await fetch(O + '/gzip');
          return Response.json({ text: await r.text(), encoding: r.headers.get('content-encoding') });
        }
        case '/limit': {
          let done = 0;
          try {
            for (let i = 0; i < 1001; i++) { await (await fetch(O + '/hello')).arrayBuffer(); done++; }
          } catch (e) { return Response.json({ done, ...describe(e) }); }
          return Response.json({ done });
        }
        case '/fetch-request': {
          // fetch(request) with a Request built from another one: its body goes along once.
          const original = new Request(O + '/echo', { method: 'POST', body: 'once' });
          const r = await fetch(original);
          return Response.json({ echoed: await r.json(), used: original.bodyUsed });
        }
      }
      if (url.pathname.startsWith('/proxy/')) {
        // The incoming request, unchanged but for its URL.
        return fetch(new Request(O + url.pathname.slice('/proxy'.length) + url.search, request));
      }
      return new Response('no route', { status: 404 });
    } catch (e) {
      return Response.json(describe(e), { status: 500 });
    }
  },
};`;

let edged;
before(async () => {
  origin = await startOrigin();
  originUrl = `http://127.0.0.1:${origin.address().port}`;
  edged = await startEdged({
    files: {
      'wrangler.jsonc': { name: 'fetch', main: 'w.js', compatibility_date: '2025-09-01', vars: { ORIGIN: originUrl },
        limits: { subrequests: 1000 } },
      'w.js': worker,
    },
  });
});
after(async () => {
  assert.equal(await edged.stop(), 0);
  origin.closeAllConnections();
  await new Promise((r) => origin.close(r));
});

const get = async (path, init) => {
  const res = await fetch(edged.url + path, init);
  const text = await res.text();
  let json;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { res, text, json };
};

test('GET: status, headers (immutable), body, url', async () => {
  const { json } = await get('/get');
  assert.equal(json.status, 200);
  assert.equal(json.ok, true);
  assert.equal(json.url, originUrl + '/hello');
  assert.equal(json.redirected, false);
  assert.equal(json.type, 'text/plain');
  assert.equal(json.origin, 'yes');
  assert.equal(json.text, 'hello from origin');
  assert.equal(json.mutable, "Can't modify immutable headers.");
});

test('POST with a string body: Content-Length, Host from the URL, hop-by-hop headers dropped', async () => {
  const { res, json } = await get('/post');
  assert.equal(res.status, 200);
  assert.equal(json.method, 'POST');
  assert.equal(json.url, '/echo?x=1');
  assert.equal(json.bytes, 3);
  assert.equal(json.text, 'abc');
  assert.equal(json.headers['content-length'], '3');
  assert.equal(json.headers['content-type'], 'text/plain;charset=UTF-8');
  assert.equal(json.headers['x-custom'], 'yes');
  assert.equal(json.headers.host, new URL(originUrl).host);
  assert.notEqual(json.headers.connection, 'close');
});

test('a streamed request body goes out chunked', async () => {
  const { json } = await get('/post-stream?bytes=300000');
  assert.equal(json.method, 'PUT');
  assert.equal(json.bytes, 300000);
  assert.equal(json.headers['transfer-encoding'], 'chunked');
});

test('HEAD: headers without a body', async () => {
  const { json } = await get('/head');
  assert.equal(json.status, 200);
  assert.equal(json.body, null);
  assert.equal(json.length, '17');
});

test('keep-alive: sequential fetches share one connection', async () => {
  const before = connections;
  const { text } = await get('/keepalive');
  // One new connection at most (none when an earlier test's is still pooled) for six requests.
  assert.ok(Number(text) - before <= 1, `${Number(text) - before} new connections`);
});

test('redirects are followed up to 20 times, with url and redirected set', async () => {
  const { json } = await get('/redirect?status=301&n=3&to=/hello');
  assert.equal(json.status, 200);
  assert.equal(json.url, originUrl + '/hello');
  assert.equal(json.redirected, true);
  assert.equal(json.body, 'hello from origin');
  const { json: tooMany } = await get('/redirect?n=21&to=/hello');
  assert.deepEqual(tooMany, { error: 'TypeError', message: 'Too many redirects.', isTypeError: true });
  const { json: twenty } = await get('/redirect?n=20&to=/hello');
  assert.equal(twenty.status, 200);
});

test('redirects change POST to GET (301/302/303) and keep it for 307/308', async () => {
  const post302 = JSON.parse((await get('/redirect?status=302&method=POST&body=bytes')).json.body);
  assert.equal(post302.method, 'GET');
  assert.equal(post302.bytes, 0);
  assert.equal(post302.headers['content-type'], undefined);
  const post307 = JSON.parse((await get('/redirect?status=307&method=POST&body=bytes')).json.body);
  assert.equal(post307.method, 'POST');
  assert.equal(post307.text, 'payload');
  const put303 = JSON.parse((await get('/redirect?status=303&method=PUT&body=stream')).json.body);
  assert.equal(put303.method, 'GET');
  const { json: stream307 } = await get('/redirect?status=307&method=POST&body=stream');
  assert.equal(stream307.error, 'TypeError');
  assert.match(stream307.message, /^A request with a one-time-use body/);
});

test('redirect: "manual" returns the 3xx; "error" rejects', async () => {
  const { json: manual } = await get('/redirect?mode=manual&status=302&to=/hello');
  assert.equal(manual.status, 302);
  assert.equal(manual.location, '/hello');
  assert.equal(manual.redirected, false);
  assert.equal(manual.body, 'moved');
  const { json: error } = await get('/redirect?mode=error');
  assert.equal(error.error, 'TypeError');
  assert.match(error.message, /redirect mode is "error"/);
});

test('AbortSignal: before the response, during the body, and already aborted', async () => {
  const { json: timeout } = await get('/abort-before');
  assert.equal(timeout.error, 'TimeoutError');
  const { json: body } = await get('/abort-body');
  assert.equal(body.first, 'first part;');
  assert.equal(body.message, 'stop reading');
  const { json: already } = await get('/abort-already');
  assert.equal(already.error, 'AbortError');
});

test('network failures reject with TypeError', async () => {
  const { json: dns } = await get('/dns');
  assert.equal(dns.isTypeError, true);
  assert.match(dns.message, /^DNS lookup failed\./);
  const { json: refused } = await get('/refused?port=' + await closedPort());
  assert.equal(refused.isTypeError, true);
  assert.match(refused.message, /^Network connection lost\./);
  const { json: scheme } = await get('/scheme');
  assert.deepEqual(scheme, { error: 'TypeError', message: 'Fetch API cannot load: ftp://example.com/file', isTypeError: true });
  const { json: ws } = await get('/websocket');
  assert.equal(ws.status, 200);
  assert.equal(ws.webSocket, null);
});

test('gzip responses are decoded', async () => {
  const { json } = await get('/gzip');
  assert.equal(json.text, 'decoded by the runtime');
  assert.equal(json.encoding, 'gzip');
});

test('at most limits.subrequests (1000 here) subrequests per request', async () => {
  const { json } = await get('/limit');
  assert.equal(json.done, 1000);
  assert.equal(json.error, 'Error');
  assert.match(json.message, /^Too many subrequests by single Worker invocation\./);
  // The next request starts with a fresh budget.
  assert.equal((await get('/get')).json.status, 200);
});

test('fetch(request) takes the request body over', async () => {
  const { json } = await get('/fetch-request');
  assert.equal(json.echoed.text, 'once');
  assert.equal(json.used, true);
});

test('proxying the incoming request: method, headers, query and body unchanged', async () => {
  const { json } = await get('/proxy/echo?a=b', {
    method: 'PATCH', body: 'proxied body', headers: { 'x-client': 'c1', 'content-type': 'text/x' },
  });
  assert.equal(json.method, 'PATCH');
  assert.equal(json.url, '/echo?a=b');
  assert.equal(json.text, 'proxied body');
  assert.equal(json.headers['x-client'], 'c1');
  assert.equal(json.headers['content-type'], 'text/x');
  assert.equal(json.headers.host, new URL(originUrl).host);
});

function peakRssMiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)[1]) / 1024;
}

test('100 MiB streams through a proxying Worker both ways in bounded memory', async () => {
  // Download: return fetch(origin) as the response.
  const started = process.hrtime.bigint();
  const down = await fetch(edged.url + '/proxy/big');
  assert.equal(down.status, 200);
  assert.equal(down.headers.get('content-length'), String(BIG));
  let received = 0;
  for await (const part of down.body) received += part.byteLength;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  assert.equal(received, BIG);

  // Upload: the incoming body piped into the outgoing fetch.
  const chunk = Buffer.alloc(MiB, 0x62);
  let sent = 0;
  const body = new ReadableStream({
    pull(controller) {
      if (sent >= BIG) return controller.close();
      controller.enqueue(chunk);
      sent += chunk.length;
    },
  });
  const up = await fetch(edged.url + '/proxy/echo', { method: 'POST', body, duplex: 'half' });
  assert.equal(up.status, 200);
  assert.equal((await up.json()).bytes, BIG);

  const peak = peakRssMiB(edged.process.pid);
  console.log(`proxied 100 MiB download at ${(100 / seconds).toFixed(0)} MiB/s; edged peak RSS ${peak.toFixed(0)} MiB`);
  assert.ok(peak < 200, `edged peak RSS ${peak} MiB`);
});
