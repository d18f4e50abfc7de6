// Observability: one structured log line per request (worker, version, method, path, status,
// duration, CPU, outcome, request id) honouring `observability.enabled` and
// `head_sampling_rate`, and Prometheus metrics on the admin listener's GET /metrics.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEdged, freePort } from '../lib/edged.mjs';

const TOKEN = 'metrics-token-0123456789';
const work = mkdtempSync(join(tmpdir(), 'edged-observe-'));
writeFileSync(join(work, 'token'), TOKEN);
after(() => rmSync(work, { recursive: true, force: true }));

const worker = `
export default {
  async fetch(request) {
    const { pathname } = new URL(request.url);
    console.log('serving ' + pathname);
    if (pathname === '/throw') throw new Error('boom');
    if (pathname === '/missing') return new Response('nope', { status: 404 });
    return new Response('ok');
  },
};`;

function project(observability) {
  return {
    'wrangler.jsonc': { name: 'obs', main: 'index.js', compatibility_date: '2025-09-01',
      ...(observability ? { observability } : {}) },
    'index.js': worker,
  };
}

function requestLines(logs) {
  return logs.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l))
    .filter((l) => l.message === 'request');
}

async function waitFor(predicate, what) {
  for (let i = 0; i < 100; i++) {
    if (predicate()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.fail(`timed out waiting for ${what}`);
}

test('one JSON line per request with its outcome; console output carries the request id', async () => {
  const edged = await startEdged({ files: project({ enabled: true }), args: ['--log-format', 'json'] });
  try {
    assert.equal((await fetch(`${edged.url}/hello?secret=1`)).status, 200);
    assert.equal((await fetch(`${edged.url}/throw`)).status, 500);
    await waitFor(() => requestLines(edged.logs()).length === 2, 'two request lines');
    const [ok, threw] = requestLines(edged.logs());
    assert.equal(ok.worker, 'obs');
    assert.equal(ok.method, 'GET');
    assert.equal(ok.path, '/hello');
    assert.equal(ok.status, 200);
    assert.equal(ok.outcome, 'ok');
    assert.match(ok.version, /.+/);
    assert.match(ok.request, /^[0-9a-f]{16}$/);
    assert.ok(ok.durationMs >= 0 && ok.cpuMs >= 0 && ok.cpuMs < 10000);
    assert.equal(threw.status, 500);
    assert.equal(threw.outcome, 'exception');
    const consoleLine = edged.logs().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l))
      .find((l) => l.message === 'serving /hello');
    assert.equal(consoleLine.request, ok.request);
  } finally {
    await edged.stop();
  }
});

test('a request over its CPU limit is logged as exceededCpu with a 503', async () => {
  const files = project({ enabled: true });
  files['wrangler.jsonc'].limits = { cpu_ms: 50 };
  files['index.js'] = 'export default { fetch() { for (;;) {} } };';
  const edged = await startEdged({ files, args: ['--log-format', 'json'] });
  try {
    assert.equal((await fetch(`${edged.url}/loop`)).status, 503);
    await waitFor(() => requestLines(edged.logs()).length === 1, 'the request line');
    const [line] = requestLines(edged.logs());
    assert.equal(line.status, 503);
    assert.equal(line.outcome, 'exceededCpu');
    assert.ok(line.cpuMs >= 40, `cpuMs ${line.cpuMs}`);
  } finally {
    await edged.stop();
  }
});

for (const [name, observability] of [
  ['head_sampling_rate 0', { enabled: true, head_sampling_rate: 0 }],
  ['enabled false', { enabled: false }],
  ['no observability block (opt-in, as on Cloudflare)', null],
]) {
  test(`no request lines with ${name}`, async () => {
    const edged = await startEdged({ files: project(observability), args: ['--log-format', 'json'] });
    try {
      for (let i = 0; i < 5; i++) assert.equal((await fetch(`${edged.url}/`)).status, 200);
      await waitFor(() => edged.logs().split('serving /').length > 5, 'console lines');
      assert.deepEqual(requestLines(edged.logs()), []);
    } finally {
      await edged.stop();
    }
  });
}

test('GET /metrics on the admin listener counts requests by worker and status', async () => {
  const adminPort = await freePort();
  const edged = await startEdged({
    files: project(null),
    args: ['--admin', `127.0.0.1:${adminPort}`, '--admin-token-file', join(work, 'token')],
  });
  try {
    for (let i = 0; i < 3; i++) assert.equal((await fetch(`${edged.url}/`)).status, 200);
    for (let i = 0; i < 2; i++) assert.equal((await fetch(`${edged.url}/missing`)).status, 404);
    const metrics = `http://127.0.0.1:${adminPort}/metrics`;
    assert.equal((await fetch(metrics)).status, 401);
    let text = '';
    for (let i = 0; i < 50 && !text.includes('edged_requests_total{worker="obs",status="404"} 2'); i++) {
      const response = await fetch(metrics, { headers: { authorization: `Bearer ${TOKEN}` } });
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
      text = await response.text();
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.match(text, /^edged_requests_total\{worker="obs",status="200"\} 3$/m);
    assert.match(text, /^edged_requests_total\{worker="obs",status="404"\} 2$/m);
    assert.match(text, /^edged_request_cpu_seconds_count\{worker="obs"\} 5$/m);
    assert.match(text, /^edged_request_cpu_seconds_bucket\{worker="obs",le="\+Inf"\} 5$/m);
    assert.match(text, /^edged_isolates [1-9]\d*$/m);
  } finally {
    await edged.stop();
  }
});
