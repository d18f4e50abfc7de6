// Deploying Workers into a running edged over the admin API, in Cloudflare's script-upload shape
// (multipart: a `metadata` part and one part per module): a new Worker, a redeploy and a
// rollback under a running load with zero failed requests, secrets (values never returned),
// refusals (401 without or with a wrong token, 400 for a bad upload, 404 for an unknown Worker)
// and every deployed Worker back after a restart.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEdged, writeProject, freePort, getWithHost } from '../lib/edged.mjs';

const TOKEN = 'deploy-token-0123456789';
const ACCOUNT = '0123456789abcdef0123456789abcdef';
const work = mkdtempSync(join(tmpdir(), 'edged-deploy-'));
writeFileSync(join(work, 'token'), TOKEN);
const base = writeProject({
  'wrangler.jsonc': { name: 'base', main: 'index.js', compatibility_date: '2025-09-01' },
  'index.js': 'export default { fetch() { return new Response("base"); } };',
});
after(() => {
  rmSync(work, { recursive: true, force: true });
  rmSync(base, { recursive: true, force: true });
});

function upload(metadata, modules) {
  const form = new FormData();
  form.append('metadata', new Blob([JSON.stringify(metadata)], { type: 'application/json' }));
  for (const [name, source, type = 'application/javascript+module'] of modules) {
    form.append(name, new Blob([source], { type }), name);
  }
  return form;
}

const worker = (greeting) => `import words from "./words.txt";
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === '/secret') return new Response(String(env.API_KEY));
    if (url.pathname === '/kv') {
      await env.KV.put('k', '${greeting}');
      return new Response(await env.KV.get('k'));
    }
    return new Response('${greeting} ' + env.MODE + ' ' + words.trim());
  },
};`;

const metadata = {
  main_module: 'index.js',
  compatibility_date: '2025-09-01',
  bindings: [
    { type: 'plain_text', name: 'MODE', text: 'deployed' },
    { type: 'kv_namespace', name: 'KV', namespace_id: 'site-kv' },
  ],
};

const get = getWithHost;

async function start(adminPort) {
  return startEdged({
    config: join(base, 'wrangler.jsonc'),
    args: ['--threads', '2', '--data-dir', join(work, 'data'), '--admin', `127.0.0.1:${adminPort}`,
      '--admin-token-file', join(work, 'token')],
  });
}

test('deploy, redeploy and roll back under load with no failed request; secrets; refusals; restart', async () => {
  const adminPort = await freePort();
  let edged = await start(adminPort);
  const api = (path, init = {}, token = TOKEN) => fetch(`http://127.0.0.1:${adminPort}/client/v4/accounts/${ACCOUNT}${path}`, {
    ...init, headers: { ...(init.headers ?? {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
  try {
    // Refusals change nothing.
    const form = () => upload({ ...metadata, bindings: [...metadata.bindings] }, [['index.js', worker('v1')], ['words.txt', 'one\n', 'text/plain']]);
    assert.equal((await api('/workers/scripts/site', { method: 'PUT', body: form() }, null)).status, 401);
    const wrong = await api('/workers/scripts/site', { method: 'PUT', body: form() }, 'wrong-token');
    assert.equal(wrong.status, 401);
    assert.deepEqual((await wrong.json()).errors, [{ code: 10000, message: 'Authentication error' }]);
    assert.equal((await api('/workers/scripts/site/settings')).status, 404);
    const bad = await api('/workers/scripts/site', { method: 'PUT', body: upload({ main_module: 'missing.js' }, [['index.js', worker('x')]]) });
    assert.equal(bad.status, 400);
    assert.match((await bad.json()).errors[0].message, /main_module "missing.js" is not among the uploaded modules/);
    const broken = await api('/workers/scripts/site', { method: 'PUT', body: upload(metadata, [['index.js', 'export default {']]) });
    assert.equal(broken.status, 400);
    assert.equal((await api('/workers/scripts')).status, 200);
    assert.deepEqual((await (await api('/workers/scripts')).json()).result, []);

    // A new Worker, reached by a host whose first label is its name (as on workers.dev).
    const first = await api('/workers/scripts/site', { method: 'PUT', body: form() });
    assert.equal(first.status, 200, await first.clone().text());
    const v1 = (await first.json()).result.etag;
    assert.deepEqual(await get(edged.port, '/x', 'site.localhost'), { status: 200, body: 'v1 deployed one' });
    assert.equal((await get(edged.port, '/kv', 'site.localhost')).body, 'v1');
    assert.equal((await get(edged.port, '/', 'other.localhost')).body, 'base');

    // Load while redeploying and rolling back: every request succeeds.
    let failures = 0;
    let served = 0;
    let loading = true;
    const loop = (async () => {
      while (loading) {
        const r = await get(edged.port, '/', 'site.localhost');
        if (r.status !== 200 || !/^v[12] deployed (one|two)$/.test(r.body)) failures++;
        served++;
      }
    })();
    const second = await api('/workers/scripts/site', {
      method: 'PUT',
      body: upload(metadata, [['index.js', worker('v2')], ['words.txt', 'two\n', 'text/plain']]),
    });
    assert.equal(second.status, 200);
    const v2 = (await second.json()).result.etag;
    assert.notEqual(v1, v2);
    const versions = (await (await api('/workers/scripts/site/versions')).json()).result.items.map((v) => v.id);
    assert.deepEqual(versions, [v2, v1]);
    const rollback = await api('/workers/scripts/site/deployments', {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ strategy: 'percentage', versions: [{ version_id: v1, percentage: 100 }] }),
    });
    assert.equal(rollback.status, 200, await rollback.clone().text());
    const deployments = (await (await api('/workers/scripts/site/deployments')).json()).result.deployments;
    assert.equal(deployments[0].versions[0].version_id, v1);
    assert.equal((await get(edged.port, '/', 'site.localhost')).body, 'v1 deployed one');
    loading = false;
    await loop;
    assert.equal(failures, 0);
    assert.ok(served > 0);

    // Secrets: set, used, listed by name only, deleted.
    const secret = await api('/workers/scripts/site/secrets', {
      method: 'PUT', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'API_KEY', text: 's3cr3t', type: 'secret_text' }),
    });
    assert.equal(secret.status, 200);
    const listed = await (await api('/workers/scripts/site/secrets')).text();
    assert.doesNotMatch(listed, /s3cr3t/);
    assert.deepEqual(JSON.parse(listed).result, [{ name: 'API_KEY', type: 'secret_text' }]);
    assert.doesNotMatch(await (await api('/workers/scripts/site/settings')).text(), /s3cr3t/);
    assert.equal((await get(edged.port, '/secret', 'site.localhost')).body, 's3cr3t');
    assert.equal((await api('/workers/scripts/site/secrets/NOPE', { method: 'DELETE' })).status, 404);

    // A restart brings the deployed Worker back: its current version, secret and data.
    assert.equal(await edged.stop(), 0);
    edged = await start(adminPort);
    assert.equal((await get(edged.port, '/x', 'site.localhost')).body, 'v1 deployed one');
    assert.equal((await get(edged.port, '/secret', 'site.localhost')).body, 's3cr3t');
    assert.equal((await api('/workers/scripts/site/secrets/API_KEY', { method: 'DELETE' })).status, 200);
    assert.equal((await get(edged.port, '/secret', 'site.localhost')).body, 'undefined');
    assert.deepEqual((await (await api('/workers/scripts')).json()).result.map((s) => s.id), ['site']);
    assert.equal((await api('/workers/scripts/site', { method: 'DELETE' })).status, 200);
    assert.equal((await get(edged.port, '/', 'site.localhost')).body, 'base');
    assert.equal((await api('/workers/scripts/site', { method: 'DELETE' })).status, 404);
  } finally {
    assert.equal(await edged.stop(), 0);
  }
});
