// Durable Object alarms end to end: set/get/delete, alarm(alarmInfo) with retryCount/isRetry,
// retries with backoff after a throw, and an alarm that survives kill -9 and fires after restart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startEdged, writeProject } from '../lib/edged.mjs';

const worker = `
import { DurableObject } from 'cloudflare:workers';
export class Clock extends DurableObject {
  async fetch(request) {
    const url = new URL(request.url);
    const storage = this.ctx.storage;
    switch (url.pathname) {
      case '/set': {
        const at = Date.now() + Number(url.searchParams.get('ms'));
        await storage.put('failures', Number(url.searchParams.get('fail') ?? 0));
        await storage.setAlarm(at);
        return Response.json({ at, get: await storage.getAlarm() });
      }
      case '/delete': await storage.deleteAlarm(); return Response.json({ get: await storage.getAlarm() });
      case '/log': return Response.json((await storage.get('log')) ?? []);
    }
    return new Response('?', { status: 404 });
  }
  async alarm(info) {
    const log = (await this.ctx.storage.get('log')) ?? [];
    log.push({ retryCount: info.retryCount, isRetry: info.isRetry, during: await this.ctx.storage.getAlarm() });
    await this.ctx.storage.put('log', log);
    const failures = (await this.ctx.storage.get('failures')) ?? 0;
    if (failures > 0) {
      await this.ctx.storage.put('failures', failures - 1);
      throw new Error('alarm failed on purpose');
    }
  }
}
export default {
  fetch(request, env) {
    const url = new URL(request.url);
    return env.CLOCK.getByName(url.searchParams.get('name') ?? 'c').fetch(request);
  },
};
`;
const files = {
  'wrangler.jsonc': {
    name: 'alarms', main: 'src/index.js', compatibility_date: '2025-06-01',
    durable_objects: { bindings: [{ name: 'CLOCK', class_name: 'Clock' }] },
    migrations: [{ tag: 'v1', new_sqlite_classes: ['Clock'] }],
  },
  'src/index.js': worker,
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const get = async (server, path) => (await fetch(server.url + path)).json();

async function waitFor(fn, timeoutMs) {
  const start = Date.now();
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() - start > timeoutMs) throw new Error('timed out');
    await sleep(100);
  }
}

test('alarms fire, report retries, and can be deleted', async () => {
  const server = await startEdged({ files, args: ['--threads', '2'] });
  try {
    const set = await get(server, '/set?name=a&ms=300');
    assert.equal(set.get, set.at);
    const log = await waitFor(async () => { const l = await get(server, '/log?name=a'); return l.length ? l : null; }, 5000);
    assert.deepEqual(log, [{ retryCount: 0, isRetry: false, during: null }]);

    await get(server, '/set?name=b&ms=200');
    assert.deepEqual(await get(server, '/delete?name=b'), { get: null });
    await sleep(600);
    assert.deepEqual(await get(server, '/log?name=b'), []);

    // Throws once: retried about 2 s later with retryCount 1.
    await get(server, '/set?name=r&ms=100&fail=1');
    const retried = await waitFor(async () => { const l = await get(server, '/log?name=r'); return l.length >= 2 ? l : null; }, 8000);
    assert.deepEqual(retried.map(({ retryCount, isRetry }) => ({ retryCount, isRetry })),
      [{ retryCount: 0, isRetry: false }, { retryCount: 1, isRetry: true }]);
    assert.match(server.logs(), /alarm failed on purpose/);
  } finally {
    await server.stop();
  }
});

test('a pending alarm and the data survive kill -9, and the alarm fires after restart', async () => {
  const dir = writeProject(files);
  const config = join(dir, 'wrangler.jsonc');
  const first = await startEdged({ config });
  await get(first, '/set?name=k&ms=1500');
  first.process.kill('SIGKILL');
  await first.exited;
  await sleep(1600);  // the alarm came due while the server was down
  const second = await startEdged({ config });
  try {
    const log = await waitFor(async () => { const l = await get(second, '/log?name=k'); return l.length ? l : null; }, 5000);
    assert.equal(log[0].retryCount, 0);
  } finally {
    await second.stop();
  }
});
