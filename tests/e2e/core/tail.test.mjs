// The live log stream, as Cloudflare's tail API and `wrangler tail` use it: a client creates a
// tail over the admin API, connects to its WebSocket (subprotocol trace-v1, no token: the id is
// the capability) and sees one TailEvent per request with its console lines, its exception and
// the request and response, and one per queue batch; filters pick events; a slow client loses
// events without slowing the Worker; a tail is refused without the token, and its
// socket without a valid id; deleting a tail closes its socket. Last, `wrangler tail --format
// json` itself against edged (skipped when wrangler is not installed in build/tools).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEdged, freePort } from '../lib/edged.mjs';
import { WebSocket, nextMessage, closed } from '../lib/websocket.mjs';

const TOKEN = 'tail-token-0123456789';
const ACCOUNT = '0123456789abcdef0123456789abcdef';
const work = mkdtempSync(join(tmpdir(), 'edged-tail-'));
writeFileSync(join(work, 'token'), TOKEN);
after(() => rmSync(work, { recursive: true, force: true }));

const adminPort = await freePort();
const edged = await startEdged({
  files: {
    'wrangler.jsonc': {
      name: 'tailed', main: 'index.js', compatibility_date: '2025-09-01',
      queues: {
        producers: [{ binding: 'JOBS', queue: 'jobs' }],
        consumers: [{ queue: 'jobs', max_batch_timeout: 0 }],
      },
    },
    'index.js': `export default {
      async queue(batch) {
        console.log('batch of', batch.messages.length);
      },
      async fetch(request, env) {
        const url = new URL(request.url);
        if (url.pathname === '/enqueue') {
          await env.JOBS.send({ job: 1 });
          return new Response('queued');
        }
        if (url.pathname === '/big') {
          console.log('x'.repeat(200_000));
          return new Response('big');
        }
        if (url.pathname === '/boom') {
          console.log('about to fail');
          throw new TypeError('kaboom');
        }
        console.log('hello', { n: 1 }, [2, 3]);
        console.warn('careful');
        return new Response('ok', { status: url.pathname === '/created' ? 201 : 200 });
      },
    };`,
  },
  args: ['--threads', '2', '--admin', `127.0.0.1:${adminPort}`, '--admin-token-file', join(work, 'token')],
});
after(() => edged.stop());

const admin = `http://127.0.0.1:${adminPort}`;
const tailsPath = (worker = 'tailed') => `/client/v4/accounts/${ACCOUNT}/workers/scripts/${worker}/tails`;
const api = (path, init = {}, token = TOKEN) => fetch(`${admin}${path}`, {
  ...init,
  headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...init.headers },
});

async function createTail(filters = []) {
  const res = await api(tailsPath(), { method: 'POST', body: JSON.stringify({ filters }) });
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.equal(body.success, true);
  return body.result;
}

// Opens a tail's socket as wrangler does; resolves once it is open.
function openTail(url) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, 'trace-v1', { headers: { 'User-Agent': 'edged-e2e' } });
    ws.received = [];
    ws.on('message', (data) => ws.received.push(JSON.parse(data.toString())));
    ws.once('open', () => {
      // Unmasked, as wrangler sends it (RFC 6455 wants it masked; Cloudflare takes it anyway).
      ws.send(JSON.stringify({ debug: false }), { mask: false });
      resolve(ws);
    });
    ws.once('unexpected-response', (req, res) => reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode })));
    ws.once('error', reject);
  });
}

test('creating a tail needs the admin token and a Worker that exists', async () => {
  assert.equal((await api(tailsPath(), { method: 'POST', body: '{}' }, null)).status, 401);
  assert.equal((await api(tailsPath(), { method: 'POST', body: '{}' }, 'wrong-token')).status, 401);
  const unknown = await api(tailsPath('nope'), { method: 'POST', body: '{}' });
  assert.equal(unknown.status, 404);
  assert.equal((await unknown.json()).errors[0].code, 10007);
  const bad = await api(tailsPath(), { method: 'POST', body: JSON.stringify({ filters: [{ sampling_rate: 7 }] }) });
  assert.equal(bad.status, 400);
});

test('a tail streams each request with its logs, exception, request and response', async () => {
  const tail = await createTail();
  assert.match(tail.id, /^[0-9a-f]{32}$/);
  assert.equal(tail.url, `ws://127.0.0.1:${adminPort}/tails/${tail.id}`);
  assert.ok(Date.parse(tail.expires_at) > Date.now() + 3600_000, tail.expires_at);
  const ws = await openTail(tail.url);
  assert.equal(ws.protocol, 'trace-v1');

  const ok = await fetch(`${edged.url}/created?x=1`, {
    method: 'POST', body: 'hi', headers: { Authorization: 'Bearer secret', 'X-Trace': 'yes' },
  });
  assert.equal(ok.status, 201);
  const event = await nextMessage(ws);
  assert.equal(event.outcome, 'ok');
  assert.equal(event.scriptName, 'tailed');
  assert.equal(typeof event.scriptVersion.id, 'string');
  assert.equal(event.truncated, false);
  assert.ok(Math.abs(event.eventTimestamp - Date.now()) < 60_000);
  assert.deepEqual(event.exceptions, []);
  assert.deepEqual(event.logs.map((l) => [l.level, l.message]), [
    ['log', ['hello', { n: 1 }, [2, 3]]],
    ['warn', ['careful']],
  ]);
  assert.ok(event.logs.every((l) => typeof l.timestamp === 'number'));
  const { request, response } = event.event;
  assert.equal(request.url, `${edged.url}/created?x=1`);
  assert.equal(request.method, 'POST');
  assert.equal(request.headers['x-trace'], 'yes');
  assert.equal(request.headers.authorization, 'REDACTED');
  assert.equal(typeof request.cf, 'object');
  assert.deepEqual(response, { status: 201 });

  assert.equal((await fetch(`${edged.url}/boom`)).status, 500);
  const failed = await nextMessage(ws);
  assert.equal(failed.outcome, 'exception');
  assert.deepEqual(failed.logs.map((l) => l.message), [['about to fail']]);
  assert.equal(failed.exceptions.length, 1);
  assert.equal(failed.exceptions[0].name, 'TypeError');
  assert.equal(failed.exceptions[0].message, 'kaboom');
  assert.equal(typeof failed.exceptions[0].timestamp, 'number');
  assert.equal(failed.event.request.method, 'GET');

  // The server log tags the Worker's console lines with the request's id, as before.
  assert.match(edged.logs(), /\[tailed [0-9a-f]{16}\] about to fail/);

  // Deleting the tail closes its socket; the id no longer connects.
  const gone = closed(ws);
  const del = await api(`${tailsPath()}/${tail.id}`, { method: 'DELETE' });
  assert.equal(del.status, 200);
  assert.equal((await gone).code, 1000);
  assert.equal((await api(`${tailsPath()}/${tail.id}`, { method: 'DELETE' })).status, 404);
  await assert.rejects(openTail(tail.url), { status: 404 });
});

test('filters pick the events a tail sees', async () => {
  const errors = await createTail([{ outcome: ['exception', 'exceededCpu'] }]);
  const posts = await createTail([{ method: ['post'] }, { query: 'hello' }]);
  const wsErrors = await openTail(errors.url);
  const wsPosts = await openTail(posts.url);
  await fetch(`${edged.url}/plain`);
  await fetch(`${edged.url}/plain`, { method: 'POST', body: 'x' });
  await fetch(`${edged.url}/boom`, { method: 'POST', body: 'x' });
  const error = await nextMessage(wsErrors);
  assert.equal(error.outcome, 'exception');
  const post = await nextMessage(wsPosts);
  assert.equal(post.event.request.method, 'POST');
  assert.equal(post.outcome, 'ok');
  // Neither saw anything else (one more request that both would show marks the end).
  await fetch(`${edged.url}/boom`, { method: 'POST', body: 'x' });
  assert.equal((await nextMessage(wsErrors)).outcome, 'exception');
  assert.equal(wsErrors.received.length, 0);
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.equal(wsPosts.received.length, 0, JSON.stringify(wsPosts.received));

  const listed = await (await api(tailsPath())).json();
  assert.deepEqual(listed.result.map((t) => t.id).sort(), [errors.id, posts.id].sort());
  // One client per tail; the socket needs no token but a valid id.
  await assert.rejects(openTail(errors.url), { status: 404 });
  await assert.rejects(openTail(`ws://127.0.0.1:${adminPort}/tails/${'0'.repeat(32)}`), { status: 404 });
  // A tail ends by DELETE (its socket closes) or when its client goes away.
  assert.equal((await api(`${tailsPath()}/${errors.id}`, { method: 'DELETE' })).status, 200);
  await closed(wsErrors);
  wsPosts.close();
  await closed(wsPosts);
  const deadline = Date.now() + 5000;
  while ((await (await api(tailsPath())).json()).result.length !== 0) {
    assert.ok(Date.now() < deadline, 'the tail outlived its client');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
});

test('queue batches reach the tail too', async () => {
  const tail = await createTail([{ outcome: ['ok'] }, { query: 'batch of' }]);
  const ws = await openTail(tail.url);
  assert.equal((await fetch(`${edged.url}/enqueue`)).status, 200);
  const event = await nextMessage(ws, 10_000);
  assert.deepEqual(event.event, { queue: 'jobs', batchSize: 1 });
  assert.equal(event.outcome, 'ok');
  assert.deepEqual(event.logs.map((l) => l.message), [['batch of', 1]]);
  const gone = closed(ws);
  ws.close();
  await gone;
});

test('a client that stops reading loses events, never slows the Worker, and is told', async () => {
  const tail = await createTail([{ header: { key: 'X-Slow', query: '1' } }]);
  const ws = await openTail(tail.url);
  ws._socket.pause();  // reads nothing: the kernel buffers fill, then edged's bound
  try {
    const started = Date.now();
    for (let i = 0; i < 25; ++i) {
      await Promise.all(Array.from({ length: 4 }, () =>
        fetch(`${edged.url}/big`, { headers: { 'X-Slow': '1' } }).then((r) => r.text())));
    }
    // 100 events of 200 KB (20 MB) went to a client that read none of them, at serving speed.
    assert.ok(Date.now() - started < 20_000);
    ws._socket.resume();
    await fetch(`${edged.url}/big`, { headers: { 'X-Slow': '1' } });
    const deadline = Date.now() + 20_000;
    let overload;
    let events = 0;
    while (!overload) {
      const message = await nextMessage(ws, Math.max(1, deadline - Date.now()));
      if (message.event.type === 'overload') overload = message;
      else events += 1;
    }
    assert.match(overload.event.message, /^Tail dropped \d+ events? because this client reads too slowly/);
    assert.deepEqual(overload.logs, []);
    const dropped = Number(/dropped (\d+)/.exec(overload.event.message)[1]);
    assert.ok(dropped > 0 && events + dropped <= 101, `${events} delivered, ${dropped} dropped`);
    assert.match(edged.logs(), /dropped \d+ events for a slow client/);
  } finally {
    const gone = closed(ws);
    ws.terminate();
    await gone;
  }
});

// wrangler from build/tools (scripts/tools-package.json), or WRANGLER_JS pointing at its
// bin/wrangler.js.
function findWrangler() {
  if (process.env.WRANGLER_JS) return process.env.WRANGLER_JS;
  try {
    const require = createRequire(new URL('../../../build/tools/package.json', import.meta.url));
    const bin = join(require.resolve('wrangler/package.json'), '..', 'bin', 'wrangler.js');
    return existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

test('wrangler tail --format json prints edged\'s events', async (t) => {
  const wrangler = findWrangler();
  if (!wrangler) return t.skip('wrangler is not installed in build/tools');
  const home = mkdtempSync(join(work, 'wrangler-'));
  const child = spawn(process.execPath, [wrangler, 'tail', 'tailed', '--format', 'json'], {
    cwd: home,
    env: {
      ...process.env,
      HOME: home,
      CLOUDFLARE_API_BASE_URL: `${admin}/client/v4`,
      CLOUDFLARE_API_TOKEN: TOKEN,
      CLOUDFLARE_ACCOUNT_ID: ACCOUNT,
      WRANGLER_SEND_METRICS: 'false',
      CI: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => { stdout += d; });
  child.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  try {
    // wrangler prints nothing once connected in JSON mode: send requests until one shows up.
    const deadline = Date.now() + 60_000;
    while (!stdout.includes('"scriptName"')) {
      assert.ok(Date.now() < deadline, `no event from wrangler tail:\n${stdout}\n${stderr}`);
      assert.equal(child.exitCode, null, `wrangler tail exited:\n${stdout}\n${stderr}`);
      await fetch(`${edged.url}/from-wrangler`);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    const event = JSON.parse(stdout.slice(stdout.indexOf('{'), stdout.indexOf('\n}') + 2));
    assert.equal(event.scriptName, 'tailed');
    assert.equal(event.event.request.url, `${edged.url}/from-wrangler`);
    assert.deepEqual(event.logs[0].message, ['hello', { n: 1 }, [2, 3]]);
  } finally {
    child.kill('SIGINT');
    await exited;
  }
  // The tail ends with wrangler's connection (its DELETE on exit is best-effort).
  const deadline = Date.now() + 10_000;
  for (;;) {
    const listed = await (await api(tailsPath())).json();
    if (listed.result.length === 0) break;
    assert.ok(Date.now() < deadline, `wrangler left its tail: ${JSON.stringify(listed.result)}\n${edged.logs().split('\n').filter((l) => l.includes('admin:')).join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
});
