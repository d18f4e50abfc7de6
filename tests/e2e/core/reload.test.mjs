// SIGHUP reloads the configuration without a restart: a configured Worker whose code changed
// serves its new version, an unchanged one keeps running (its module state survives), a Worker
// added to the server config starts and one removed stops, a broken config changes nothing, and
// a cron trigger added by a reload fires. Workers deployed over the admin API get their
// background work (here a Workflow) without a restart.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEdged, freePort, getWithHost } from '../lib/edged.mjs';

const work = mkdtempSync(join(tmpdir(), 'edged-reload-'));
after(() => rmSync(work, { recursive: true, force: true }));

function write(path, content) {
  mkdirSync(join(work, path, '..'), { recursive: true });
  writeFileSync(join(work, path), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
}

const get = (port, path, host = 'localhost') => getWithHost(port, path, host);

async function until(what, check, ms = 10_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    assert.ok(Date.now() < deadline, `timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// Counts its requests in module state: a restarted isolate starts again at 1.
const counting = (label, extra = '') => `let served = 0;
export default {
  async fetch(request, env) {
    if (new URL(request.url).pathname === '/ticks') return new Response(String(await env.KV.get('ticks') ?? 0));
    served++;
    return new Response('${label} ' + served);
  },
  ${extra}
};`;
const ticking = `async scheduled(controller, env) {
    await env.KV.put('ticks', String(Number(await env.KV.get('ticks') ?? 0) + 1));
  },`;

test('SIGHUP deploys what changed and leaves the rest running', async () => {
  const a = { name: 'a', main: 'index.js', compatibility_date: '2025-09-01', kv_namespaces: [{ binding: 'KV', id: 'a' }] };
  write('a/wrangler.jsonc', a);
  write('a/index.js', counting('a-v1'));
  write('b/wrangler.jsonc', { name: 'b', main: 'index.js', compatibility_date: '2025-09-01', routes: [{ pattern: 'b.example/*' }] });
  write('b/index.js', counting('b'));
  write('c/wrangler.jsonc', { name: 'c', main: 'index.js', compatibility_date: '2025-09-01', routes: [{ pattern: 'c.example/*' }] });
  write('c/index.js', counting('c'));
  const server = (workers) => write('edged.jsonc', { data_dir: join(work, 'data'), workers });
  server(['a/wrangler.jsonc', 'b/wrangler.jsonc']);
  const edged = await startEdged({ serverConfig: join(work, 'edged.jsonc'), args: ['--threads', '1'] });
  const hup = async (line) => {
    const seen = edged.logs().split(line).length - 1;
    edged.process.kill('SIGHUP');
    await until(`"${line}" in the log`, () => edged.logs().split(line).length - 1 > seen);
  };
  try {
    assert.equal((await get(edged.port, '/')).body, 'a-v1 1');
    assert.equal((await get(edged.port, '/', 'b.example')).body, 'b 1');

    // Nothing changed: nobody restarts.
    await hup('SIGHUP: no Worker changed');
    assert.equal((await get(edged.port, '/')).body, 'a-v1 2');

    // a's code and config change (a cron trigger), c joins, b stays as it was.
    write('a/index.js', counting('a-v2', ticking));
    write('a/wrangler.jsonc', { ...a, triggers: { crons: ['* * * * *'] } });
    server(['a/wrangler.jsonc', 'b/wrangler.jsonc', 'c/wrangler.jsonc']);
    await hup('SIGHUP: Worker "c" started');
    assert.match(edged.logs(), /SIGHUP: Worker "a" reloaded/);
    assert.doesNotMatch(edged.logs(), /SIGHUP: Worker "b"/);
    assert.equal((await get(edged.port, '/')).body, 'a-v2 1');
    assert.equal((await get(edged.port, '/', 'b.example')).body, 'b 2');
    assert.equal((await get(edged.port, '/', 'c.example')).body, 'c 1');

    // A config that does not load changes nothing.
    write('a/index.js', 'export default { fetch( };');
    await hup('the version before keeps serving');
    assert.equal((await get(edged.port, '/')).body, 'a-v2 2');
    write('a/index.js', counting('a-v2', ticking));

    // c leaves the server config: its routes go to the first Worker.
    server(['a/wrangler.jsonc', 'b/wrangler.jsonc']);
    await hup('SIGHUP: Worker "c" is no longer configured');
    assert.equal((await get(edged.port, '/', 'c.example')).body, 'a-v2 3');

    // The cron trigger the reload added fires at the next minute.
    await until('the reloaded cron trigger to fire', async () => (await get(edged.port, '/ticks')).body !== '0', 65_000);
  } finally {
    assert.equal(await edged.stop(), 0);
  }
});

test('a Workflow deployed over the admin API runs without a restart', async () => {
  const token = 'reload-token-0123456789';
  write('token', token);
  write('base/wrangler.jsonc', { name: 'base', main: 'index.js', compatibility_date: '2025-09-01' });
  write('base/index.js', 'export default { fetch() { return new Response("base"); } };');
  const adminPort = await freePort();
  const edged = await startEdged({
    config: join(work, 'base/wrangler.jsonc'),
    args: ['--threads', '1', '--data-dir', join(work, 'data2'), '--admin', `127.0.0.1:${adminPort}`,
      '--admin-token-file', join(work, 'token')],
  });
  try {
    const source = `import { WorkflowEntrypoint } from 'cloudflare:workers';
export class Flow extends WorkflowEntrypoint {
  async run(event, step) {
    return step.do('double', async () => event.payload.n * 2);
  }
}
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === '/create') return Response.json((await env.FLOW.create({ params: { n: 21 } })).id);
    const instance = await env.FLOW.get(url.searchParams.get('id'));
    return Response.json(await instance.status());
  },
};`;
    const form = new FormData();
    form.append('metadata', new Blob([JSON.stringify({
      main_module: 'index.js',
      compatibility_date: '2025-09-01',
      bindings: [{ type: 'workflow', name: 'FLOW', workflow_name: 'flow', class_name: 'Flow' }],
    })], { type: 'application/json' }));
    form.append('index.js', new Blob([source], { type: 'application/javascript+module' }), 'index.js');
    const deployed = await fetch(`http://127.0.0.1:${adminPort}/client/v4/accounts/local/workers/scripts/flows`, {
      method: 'PUT', headers: { authorization: `Bearer ${token}` }, body: form,
    });
    assert.equal(deployed.status, 200, await deployed.text());
    const id = JSON.parse((await get(edged.port, '/create', 'flows.localhost')).body);
    const status = await until('the Workflow instance to complete', async () => {
      const s = JSON.parse((await get(edged.port, `/status?id=${id}`, 'flows.localhost')).body);
      return s.status === 'complete' ? s : null;
    });
    assert.equal(status.output, 42);
  } finally {
    assert.equal(await edged.stop(), 0);
  }
});
