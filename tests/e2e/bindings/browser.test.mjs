// Browser Rendering against a real headless Chromium (Debian's chromium), driven by
// @cloudflare/puppeteer 1.4.0 bundled into the Worker: the seed's browser_rendering_workers
// example and the advanced patterns' browser-session Durable Object run unchanged, pages come
// from a loopback server this test starts (no internet), and the binding's protocol is checked
// from both generations of the client: sessions, reuse with connect(), history, limits,
// keep_alive expiry, the ≤1.0 chunked framing, a missing Chromium, and no browser left behind.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEdged, writeProject } from '../lib/edged.mjs';
import { seedBlock } from '../lib/seeds.mjs';

const compatModules = fileURLToPath(new URL('../../compat/node_modules', import.meta.url));
const skip = !existsSync(join(compatModules, '@cloudflare/puppeteer/package.json'))
  ? 'run `npm ci` in tests/compat (missing: @cloudflare/puppeteer)'
  : !existsSync('/usr/bin/chromium') ? 'Debian chromium is not installed' : undefined;

const PAGE = `<!doctype html><html><head><title>Loopback page</title></head>
<body><h1 id="greet">Hello from loopback</h1><p class="note">Rendered by edged's browser.</p></body></html>`;

// The Worker: the two seeds unchanged (the Durable Object's seed has no import line of its own),
// plus routes exercising the rest of the API.
const MAIN = `
import puppeteer from '@cloudflare/puppeteer';
import seed from './seed';
export { Browser } from './browser_session';

async function settle(work) {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    return { ok: false, message: String(error?.message ?? error) };
  }
}

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    const target = url.searchParams.get('url');
    switch (url.pathname) {
      case '/seed': return seed.fetch(request, env, ctx);
      case '/session-object': {
        const stub = env.BROWSER_DO.get(env.BROWSER_DO.idFromName('one'));
        return stub.fetch(request);
      }
      case '/features': {
        const browser = await puppeteer.launch(env.MYBROWSER);
        const page = await browser.newPage();
        await page.setViewport({ width: 800, height: 600 });
        await page.goto(target);
        const content = await page.content();
        const heading = await page.$eval('#greet', (el) => el.textContent);
        const title = await page.evaluate(() => document.title);
        const sum = await page.evaluate((a, b) => a + b, 2, 40);
        const png = await page.screenshot();
        const sessionId = browser.sessionId();
        await browser.close();
        return Response.json({ content, heading, title, sum, sessionId, png: [...png.subarray(0, 8)], pngBytes: png.length });
      }
      case '/launch-and-leave': {
        const keep_alive = Number(url.searchParams.get('keep_alive') ?? 60000);
        const browser = await puppeteer.launch(env.MYBROWSER, { keep_alive });
        const sessionId = browser.sessionId();
        browser.disconnect();
        return Response.json({ sessionId });
      }
      case '/launch-and-forget': {
        const browser = await puppeteer.launch(env.MYBROWSER, { keep_alive: 3000 });
        return Response.json({ sessionId: browser.sessionId() });
      }
      case '/reuse': {
        const sessions = await puppeteer.sessions(env.MYBROWSER);
        const free = sessions.find((s) => !s.connectionId);
        if (!free) return Response.json({ error: 'no free session' }, { status: 409 });
        const browser = await puppeteer.connect(env.MYBROWSER, free.sessionId);
        const page = await browser.newPage();
        await page.goto(target);
        const heading = await page.$eval('#greet', (el) => el.textContent);
        await page.close();
        const close = url.searchParams.get('close') === '1';
        if (close) await browser.close(); else browser.disconnect();
        return Response.json({ sessionId: free.sessionId, heading });
      }
      case '/sessions': return Response.json(await puppeteer.sessions(env.MYBROWSER));
      case '/history': return Response.json(await puppeteer.history(env.MYBROWSER));
      case '/limits': return Response.json(await puppeteer.limits(env.MYBROWSER));
      case '/launch-error': return Response.json(await settle(() => puppeteer.launch(env.MYBROWSER)));
      case '/connect-error': return Response.json(await settle(() => puppeteer.connect(env.MYBROWSER, 'no-such-session')));
      case '/unknown-path': {
        const response = await env.MYBROWSER.fetch('https://fake.host/v1/nothing-here');
        return Response.json({ status: response.status, text: await response.text() });
      }
      case '/legacy': return legacy(env.MYBROWSER);
    }
    return new Response('not found', { status: 404 });
  },
};

// @cloudflare/puppeteer ≤1.0's protocol by hand: /v1/acquire, /v1/connectDevtools, CDP messages
// as binary chunks with a uint32 LE length header, and the "ping" text frame.
async function legacy(binding) {
  const acquired = await binding.fetch('https://fake.host/v1/acquire?keep_alive=5000');
  const { sessionId } = await acquired.json();
  const response = await binding.fetch('https://fake.host/v1/connectDevtools?browser_session=' + sessionId, {
    headers: { Upgrade: 'websocket' },
  });
  const ws = response.webSocket;
  ws.accept();
  const replies = [];
  let pending = null;
  const received = new Promise((resolve) => {
    ws.addEventListener('message', (event) => {
      const bytes = new Uint8Array(event.data);
      if (pending === null) {
        const length = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true);
        pending = { length, parts: [bytes.subarray(4)], got: bytes.length - 4 };
      } else {
        pending.parts.push(bytes);
        pending.got += bytes.length;
      }
      if (pending.got === pending.length) {
        const whole = new Uint8Array(pending.length);
        let at = 0;
        for (const part of pending.parts) { whole.set(part, at); at += part.length; }
        replies.push({ binary: typeof event.data !== 'string', message: JSON.parse(new TextDecoder().decode(whole)) });
        pending = null;
        resolve();
      }
    });
  });
  const send = (message) => {
    const body = new TextEncoder().encode(JSON.stringify(message));
    const frame = new Uint8Array(4 + body.length);
    new DataView(frame.buffer).setUint32(0, body.length, true);
    frame.set(body, 4);
    ws.send(frame);
  };
  ws.send('ping');
  send({ id: 1, method: 'Browser.getVersion' });
  await received;
  send({ id: 2, method: 'Browser.close' });
  return Response.json({ status: response.status, sessionId, replies });
}
`;

let pages;
let pageUrl;
let edged;
let dataDir;
let projectDir;

function project(extra = {}) {
  const dir = writeProject({
    'wrangler.jsonc': {
      name: 'browser-rendering-example',
      main: 'src/index.ts',
      compatibility_date: '2025-02-11',
      // @cloudflare/puppeteer imports node:buffer and friends: Cloudflare's docs ask for the flag.
      compatibility_flags: ['nodejs_compat'],
      // The seed's array form; its code reads env.MYBROWSER, so that is the binding's name here.
      browser: [{ binding: 'MYBROWSER' }],
      durable_objects: { bindings: [{ name: 'BROWSER_DO', class_name: 'Browser' }] },
      migrations: [{ tag: 'v1', new_classes: ['Browser'] }],
      ...extra,
    },
    'src/index.ts': MAIN,
    'src/seed.ts': seedBlock('workers-platform-guide.md', '<example id="browser_rendering_workers">'),
    'src/browser_session.ts': `import puppeteer from "@cloudflare/puppeteer";\n${seedBlock('workers-advanced-patterns.md', '### Durable Objects for Persistent Sessions')}`,
  });
  // esbuild resolves the bare import from the pinned packages of tests/compat.
  symlinkSync(compatModules, join(dir, 'node_modules'));
  return dir;
}

async function serve(args = []) {
  const dir = project();
  const data = mkdtempSync(join(tmpdir(), 'edged-browser-data-'));
  const server = await startEdged({ config: join(dir, 'wrangler.jsonc'), args: ['--data-dir', data, ...args] });
  return { server, dir, data };
}

async function getJson(path) {
  const response = await fetch(edged.url + path);
  const text = await response.text();
  assert.equal(response.status, 200, `${path}: ${text}\n${edged.logs()}`);
  return JSON.parse(text);
}

// Chromium processes whose command line names `dir` (their profile lives under it).
function browsersUnder(dir) {
  try {
    return execFileSync('pgrep', ['-f', dir], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

async function waitFor(check, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

before(async () => {
  if (skip) return;
  pages = http.createServer((request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(PAGE);
  });
  await new Promise((resolve) => pages.listen(0, '127.0.0.1', resolve));
  pageUrl = `http://127.0.0.1:${pages.address().port}/page`;
  const started = await serve(['--browser-sessions', '2']);
  edged = started.server;
  dataDir = started.data;
  projectDir = started.dir;
});

after(async () => {
  if (skip) return;
  await edged.stop();
  assert.deepEqual(browsersUnder(dataDir), [], 'no Chromium outlives the server');
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(projectDir, { recursive: true, force: true });
  pages.close();
});

test('the seed example reads the page text through page.$eval', { skip }, async () => {
  const body = await getJson(`/seed?url=${encodeURIComponent(pageUrl)}`);
  assert.match(body.bodyText, /Hello from loopback/);
  assert.match(body.bodyText, /Rendered by edged's browser\./);
});

test('goto, content, $eval, evaluate and a real PNG screenshot', { skip }, async () => {
  const body = await getJson(`/features?url=${encodeURIComponent(pageUrl)}`);
  assert.match(body.content, /<h1 id="greet">Hello from loopback<\/h1>/);
  assert.equal(body.heading, 'Hello from loopback');
  assert.equal(body.title, 'Loopback page');
  assert.equal(body.sum, 42);
  assert.deepEqual(body.png, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.ok(body.pngBytes > 2000 && body.pngBytes < 5_000_000, `PNG of ${body.pngBytes} bytes`);
  // browser.close() ended the session (once Chromium exited): the history says the client chose to.
  const closed = await waitFor(async () => (await getJson('/history')).find((s) => s.sessionId === body.sessionId),
    10000, 'the closed session in the history');
  assert.equal(closed.closeReasonText, 'NormalClosure');
  assert.ok(closed.endTime >= closed.startTime);
});

test('the Durable Object keeps one session across requests and screenshots with it', { skip }, async () => {
  const shots = [];
  for (let i = 0; i < 2; i++) {
    const response = await fetch(`${edged.url}/session-object?url=${encodeURIComponent(pageUrl)}`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    assert.equal(response.status, 200, new TextDecoder().decode(bytes.subarray(0, 500)) + edged.logs());
    assert.deepEqual([...bytes.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    shots.push(bytes.length);
    const sessions = await getJson('/sessions');
    assert.equal(sessions.length, 1, JSON.stringify(sessions));
    assert.ok(sessions[0].connectionId, 'the object stays connected');
    shots.push(sessions[0].sessionId);
  }
  assert.equal(shots[1], shots[3], 'the same session served both requests');
  const limits = await getJson('/limits');
  assert.equal(limits.maxConcurrentSessions, 2);
  assert.deepEqual(limits.activeSessions, [{ id: shots[1] }]);
  assert.equal(limits.allowedBrowserAcquisitions, 1);
});

test('a session over the bound is refused with 429, which puppeteer surfaces', { skip }, async () => {
  // The Durable Object's session is still open: one more fits, the next does not.
  const left = await getJson('/launch-and-leave?keep_alive=60000');
  await waitFor(async () => (await getJson('/sessions')).some((s) => s.sessionId === left.sessionId && !s.connectionId),
    5000, 'the disconnected session to be free');
  const refused = await getJson('/launch-error');
  assert.equal(refused.ok, false);
  assert.match(refused.message, /Unable to create new browser: code: 429/);
  // Reuse: connect() to the idle session, then close it for good.
  const reused = await getJson(`/reuse?close=1&url=${encodeURIComponent(pageUrl)}`);
  assert.equal(reused.sessionId, left.sessionId);
  assert.equal(reused.heading, 'Hello from loopback');
  await waitFor(async () => !(await getJson('/sessions')).some((s) => s.sessionId === left.sessionId), 10000,
    'the closed session to leave the list');
});

test('disconnect leaves a session idle until keep_alive, then it closes', { skip }, async () => {
  const { sessionId } = await getJson('/launch-and-leave?keep_alive=3000');
  // The relay learns of the disconnect asynchronously, so the session turns idle shortly after.
  await waitFor(async () => (await getJson('/sessions')).some((s) => s.sessionId === sessionId && !s.connectionId),
    2000, 'the disconnected session to be listed idle');
  await waitFor(async () => !(await getJson('/sessions')).some((s) => s.sessionId === sessionId), 10000, 'idle close');
  const ended = (await getJson('/history')).find((s) => s.sessionId === sessionId);
  assert.equal(ended.closeReasonText, 'BrowserIdle');
});

test('a connection the Worker never closes ends with its request, then keep_alive closes the session', { skip }, async () => {
  const { sessionId } = await getJson('/launch-and-forget');
  await waitFor(async () => (await getJson('/sessions')).some((s) => s.sessionId === sessionId && !s.connectionId),
    2000, 'the forgotten connection to end with its request');
  await waitFor(async () => !(await getJson('/sessions')).some((s) => s.sessionId === sessionId), 10000, 'idle close');
  const ended = (await getJson('/history')).find((s) => s.sessionId === sessionId);
  assert.equal(ended.closeReasonText, 'BrowserIdle');
});

test('bad session ids and unknown paths are errors with a reason', { skip }, async () => {
  const connect = await getJson('/connect-error');
  assert.equal(connect.ok, false);
  assert.match(connect.message, /Unable to connect to existing session no-such-session/);
  const unknown = await getJson('/unknown-path');
  assert.equal(unknown.status, 404);
  assert.match(unknown.text, /no endpoint GET \/v1\/nothing-here/);
});

test('the ≤1.0 protocol: /v1/acquire, /v1/connectDevtools and binary chunked frames', { skip }, async () => {
  const body = await getJson('/legacy');
  assert.equal(body.status, 101);
  assert.equal(body.replies.length, 1);
  assert.equal(body.replies[0].binary, true);
  assert.equal(body.replies[0].message.id, 1);
  assert.match(body.replies[0].message.result.product, /Chrome/);
  await waitFor(async () => !(await getJson('/sessions')).some((s) => s.sessionId === body.sessionId), 10000,
    'Browser.close to end the session');
});

test('without Chromium, launching fails with a clear error the Worker sees', { skip }, async () => {
  const { server, dir, data } = await serve(['--browser', '/nonexistent/chromium']);
  try {
    const response = await fetch(`${server.url}/launch-error`);
    const body = await response.json();
    assert.equal(body.ok, false);
    assert.match(body.message, /code: 500/);
    assert.match(body.message, /Chromium was not found at "\/nonexistent\/chromium"/);
  } finally {
    await server.stop();
    rmSync(data, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  }
});
