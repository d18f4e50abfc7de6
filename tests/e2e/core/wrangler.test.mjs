// The real wrangler CLI against edged's admin API, as a user would point it at Cloudflare's:
// CLOUDFLARE_API_BASE_URL, an API token and an account id. A project with a KV namespace, a
// Durable Object class (with its migration) and a cron trigger is deployed, gets a secret,
// is redeployed and rolled back; `wrangler deployments list` shows the history; `wrangler kv
// key put/get --remote` reach the namespace the deployed Worker reads; a wrong token changes
// nothing; `wrangler delete` removes the Worker but not its data. Every outbound request other than to edged goes to a dead proxy, so nothing here
// depends on the network.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEdged, writeProject, freePort, getWithHost } from '../lib/edged.mjs';

const WRANGLER = new URL('../../../build/tools/node_modules/.bin/wrangler', import.meta.url).pathname;
const TOKEN = 'wrangler-token-0123456789';
const ACCOUNT = '0123456789abcdef0123456789abcdef';

const worker = (label) => `import { DurableObject } from "cloudflare:workers";
export class Counter extends DurableObject {
  async fetch() {
    const n = ((await this.ctx.storage.get("n")) ?? 0) + 1;
    await this.ctx.storage.put("n", n);
    return new Response(String(n));
  }
}
export default {
  async fetch(request, env) {
    const { pathname } = new URL(request.url);
    if (pathname === "/kv") return new Response((await env.KV.get("greeting")) ?? "none");
    if (pathname === "/do") return env.COUNTER.get(env.COUNTER.idFromName("one")).fetch(request);
    if (pathname === "/secret") return new Response(env.API_KEY ?? "unset");
    return new Response("${label}");
  },
  async scheduled() {},
};
`;

const config = {
  name: 'shop',
  main: 'index.js',
  compatibility_date: '2025-09-01',
  kv_namespaces: [{ binding: 'KV', id: 'shop-kv' }],
  durable_objects: { bindings: [{ name: 'COUNTER', class_name: 'Counter' }] },
  migrations: [{ tag: 'v1', new_sqlite_classes: ['Counter'] }],
  triggers: { crons: ['*/5 * * * *'] },
  limits: { cpu_ms: 5000 },
  observability: { enabled: true, head_sampling_rate: 1 },
};

test('wrangler deploy, secret put, deployments list, rollback and kv --remote against edged', {
  skip: existsSync(WRANGLER) ? false : `wrangler is not installed at ${WRANGLER} (run scripts/setup.sh)`,
}, async () => {
  const work = mkdtempSync(join(tmpdir(), 'edged-wrangler-'));
  writeFileSync(join(work, 'token'), TOKEN);
  const base = writeProject({
    'wrangler.jsonc': { name: 'base', main: 'index.js', compatibility_date: '2025-09-01' },
    'index.js': 'export default { fetch() { return new Response("base"); } };',
  });
  const project = writeProject({ 'wrangler.jsonc': config, 'index.js': worker('first') });
  after(() => {
    for (const dir of [work, base, project]) rmSync(dir, { recursive: true, force: true });
  });
  const adminPort = await freePort();
  const edged = await startEdged({
    config: join(base, 'wrangler.jsonc'),
    args: ['--threads', '2', '--data-dir', join(work, 'data'), '--admin', `127.0.0.1:${adminPort}`,
      '--admin-token-file', join(work, 'token')],
  });
  const wrangler = (args, { token = TOKEN, input = '' } = {}) => new Promise((resolve) => {
    const child = spawn(WRANGLER, args, {
      cwd: project,
      env: {
        PATH: process.env.PATH,
        HOME: work,
        XDG_CONFIG_HOME: join(work, 'config'),
        CLOUDFLARE_API_BASE_URL: `http://127.0.0.1:${adminPort}/client/v4`,
        CLOUDFLARE_API_TOKEN: token,
        CLOUDFLARE_ACCOUNT_ID: ACCOUNT,
        WRANGLER_SEND_METRICS: 'false',
        WRANGLER_HIDE_BANNER: 'true',
        // Anything but edged (update checks, telemetry) fails at once instead of waiting.
        HTTP_PROXY: 'http://127.0.0.1:9',
        HTTPS_PROXY: 'http://127.0.0.1:9',
        NO_PROXY: '127.0.0.1,localhost',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    child.stdin.end(input);
    child.on('exit', (code) => resolve({ code, output }));
  });
  const shop = async (path) => (await getWithHost(edged.port, path, 'shop.localhost')).body;
  const state = () => JSON.parse(readFileSync(join(work, 'data', 'deployments', 'shop', 'state.json'), 'utf8'));
  try {
    // A new Worker with its KV namespace, Durable Object class (migration v1) and cron.
    const first = await wrangler(['deploy']);
    assert.equal(first.code, 0, first.output);
    assert.match(first.output, /schedule: \*\/5 \* \* \* \*/);
    const v1 = /Current Version ID: ([0-9a-f-]{36})/.exec(first.output)?.[1];
    assert.ok(v1, first.output);
    assert.equal(await shop('/'), 'first');
    assert.equal(await shop('/do'), '1');
    assert.equal(await shop('/do'), '2');
    assert.deepEqual(state().crons, ['*/5 * * * *']);
    const config1 = readFileSync(join(work, 'data', 'deployments', 'shop', 'versions', v1, 'wrangler.jsonc'), 'utf8');
    assert.match(config1, /"triggers": \{"crons": \["\*\/5 \* \* \* \*"\]\}/);
    // limits and observability travel in the upload.
    assert.match(config1, /"limits": \{"cpu_ms":5000\}/);
    assert.match(config1, /"observability": \{"enabled":true,"head_sampling_rate":1\}/);

    // A secret from stdin reaches the serving version at once.
    const secret = await wrangler(['secret', 'put', 'API_KEY'], { input: 's3cr3t\n' });
    assert.equal(secret.code, 0, secret.output);
    assert.equal(await shop('/secret'), 's3cr3t');

    // KV through the API is the namespace the Worker reads.
    const put = await wrangler(['kv', 'key', 'put', 'greeting', 'hello', '--binding', 'KV', '--remote']);
    assert.equal(put.code, 0, put.output);
    assert.equal(await shop('/kv'), 'hello');
    const read = await wrangler(['kv', 'key', 'get', 'greeting', '--binding', 'KV', '--remote']);
    assert.equal(read.code, 0, read.output);
    assert.match(read.output, /^hello$/m);

    // A second deploy (migration already applied: wrangler uploads a version, then deploys it).
    writeFileSync(join(project, 'index.js'), worker('second'));
    const second = await wrangler(['deploy']);
    assert.equal(second.code, 0, second.output);
    const v2 = /Current Version ID: ([0-9a-f-]{36})/.exec(second.output)?.[1];
    assert.ok(v2 && v2 !== v1, second.output);
    // After a redeploy wrangler patches the script settings (and warns when that fails).
    assert.doesNotMatch(second.output, /Could not apply service and environment tags/);
    const settings = JSON.parse(readFileSync(join(work, 'data', 'deployments', 'shop', 'script-settings.json'), 'utf8'));
    assert.deepEqual(settings.observability, { enabled: true, head_sampling_rate: 1 });
    const badSettings = await fetch(`http://127.0.0.1:${adminPort}/client/v4/accounts/${ACCOUNT}/workers/scripts/shop/script-settings`, {
      method: 'PATCH', headers: { authorization: `Bearer ${TOKEN}` }, body: '{"logpush": "yes"}',
    });
    assert.equal(badSettings.status, 400);
    assert.match((await badSettings.json()).errors[0].message, /"logpush" has the wrong type/);
    assert.equal(await shop('/'), 'second');
    assert.equal(await shop('/secret'), 's3cr3t');

    const list = await wrangler(['deployments', 'list']);
    assert.equal(list.code, 0, list.output);
    assert.match(list.output, /Source:\s+Upload[\s\S]*Source:\s+Secret Change[\s\S]*Source:\s+Upload/);
    assert.ok(list.output.indexOf(v1) < list.output.lastIndexOf(v2), list.output);

    // Rollback to the previous stable version, then forward again by id.
    const rollback = await wrangler(['rollback', '--yes', '--message', 'bad release']);
    assert.equal(rollback.code, 0, rollback.output);
    assert.match(rollback.output, new RegExp(`Worker Version ${v1} has been deployed`));
    assert.equal(await shop('/'), 'first');
    assert.equal(await shop('/kv'), 'hello');
    const latest = state().deployments.at(-1);
    assert.deepEqual([latest.version_id, latest.triggered_by, latest.message], [v1, 'rollback', 'bad release']);
    const forward = await wrangler(['rollback', v2, '--yes']);
    assert.equal(forward.code, 0, forward.output);
    assert.equal(await shop('/'), 'second');

    // A wrong token: wrangler fails and nothing changes.
    const before = JSON.stringify(state());
    writeFileSync(join(project, 'index.js'), worker('third'));
    const refused = await wrangler(['deploy'], { token: 'wrong-token' });
    assert.notEqual(refused.code, 0, refused.output);
    assert.match(refused.output, /Authentication error \[code: 10000\]/);
    assert.equal(JSON.stringify(state()), before);
    assert.equal(await shop('/'), 'second');

    // `wrangler delete`: the host falls back to the configured Worker; the KV data stays.
    const removed = await wrangler(['delete', '--force']);
    assert.equal(removed.code, 0, removed.output);
    assert.equal(await shop('/'), 'base');
    const kept = await wrangler(['kv', 'key', 'get', 'greeting', '--binding', 'KV', '--remote']);
    assert.match(kept.output, /^hello$/m);
  } finally {
    await edged.stop();
  }
});
