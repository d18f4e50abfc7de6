// Source-mapped stack traces (docs/configuration.md, "Source maps"), as Cloudflare applies an
// uploaded map: a TypeScript Worker that throws three calls deep is logged — the uncaught
// exception, a console.error(error), the tail event's exception — at its .ts files' lines,
// while `error.stack` inside the Worker stays the bundle's own, as on workerd. A Worker
// deployed over the admin API with wrangler's `application/source-map` part gets the same;
// `upload_source_maps: false` turns it off. Last, the real `wrangler deploy` with
// upload_source_maps (skipped when wrangler is not installed in build/tools).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEdged, writeProject, freePort, getWithHost } from '../lib/edged.mjs';
import { WebSocket, nextMessage } from '../lib/websocket.mjs';

const TOKEN = 'source-maps-token-0123456789';
const ACCOUNT = '0123456789abcdef0123456789abcdef';
const work = mkdtempSync(join(tmpdir(), 'edged-source-maps-'));
writeFileSync(join(work, 'token'), TOKEN);
after(() => rmSync(work, { recursive: true, force: true }));

const files = (config = {}) => ({
  'wrangler.jsonc': { name: 'mapped', main: 'src/index.ts', compatibility_date: '2025-09-01', ...config },
  'src/index.ts': `import { handle } from './lib/deep';

interface Env { MODE?: string }

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === '/logged') {
      console.error(new Error('logged, not thrown'));
      return new Response('logged');
    }
    if (url.pathname === '/stack') return new Response(new Error('seen by the Worker').stack);
    return handle(url.pathname);
  },
};
`,
  'src/lib/deep.ts': `// Types and blank lines first, so the bundle's lines differ from these.
type Depth = { level: number; label: string };

const levels: Depth[] = [{ level: 1, label: 'one' }];

export function handle(path: string): Response {
  return outer(path);
}

function outer(path: string): Response {
  return inner(path, levels[0]);
}

function inner(path: string, depth: Depth): Response {
  throw new Error(\`boom at \${path} (\${depth.label})\`);
}
`,
});

// Waits until the server's stderr matches `pattern` (log lines are written as they happen).
async function logged(edged, pattern) {
  for (let i = 0; i < 100 && !pattern.test(edged.logs()); i++) await new Promise((r) => setTimeout(r, 50));
  return edged.logs();
}

function openTail(url) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, 'trace-v1');
    ws.received = [];
    ws.on('message', (data) => ws.received.push(JSON.parse(data.toString())));
    ws.once('open', () => {
      ws.send(JSON.stringify({ debug: false }));
      resolve(ws);
    });
    ws.once('error', reject);
  });
}

test('a TypeScript Worker throwing in a nested function: logs and tails name the .ts lines', async () => {
  const adminPort = await freePort();
  const edged = await startEdged({
    files: files(),
    args: ['--admin', `127.0.0.1:${adminPort}`, '--admin-token-file', join(work, 'token')],
  });
  try {
    const created = await fetch(`http://127.0.0.1:${adminPort}/client/v4/accounts/${ACCOUNT}/workers/scripts/mapped/tails`, {
      method: 'POST', body: '{}', headers: { authorization: `Bearer ${TOKEN}` },
    });
    const ws = await openTail((await created.json()).result.url);

    const failed = await fetch(`${edged.url}/deep`);
    assert.equal(failed.status, 500);
    const logs = await logged(edged, /Uncaught Error: boom at \/deep/);
    const uncaught = logs.slice(logs.indexOf('Uncaught Error: boom at /deep'));
    assert.match(uncaught, /at inner \(src\/lib\/deep\.ts:15:9\)/);
    assert.match(uncaught, /at outer \(src\/lib\/deep\.ts:11:10\)/);
    assert.match(uncaught, /at handle \(src\/lib\/deep\.ts:7:10\)/);
    assert.match(uncaught, /at Object\.fetch \(src\/index\.ts:13:12\)/);
    assert.doesNotMatch(uncaught.split('\n').slice(0, 6).join('\n'), /index\.js:/);

    const event = await nextMessage(ws);
    assert.equal(event.outcome, 'exception');
    assert.equal(event.exceptions[0].message, 'boom at /deep (one)');
    assert.match(event.exceptions[0].stack, /at inner \(src\/lib\/deep\.ts:15:9\)/);
    ws.close();

    // console.error(error) prints the stack: mapped the same way.
    assert.equal(await (await fetch(`${edged.url}/logged`)).text(), 'logged');
    const after = await logged(edged, /logged, not thrown[^]*src\/index\.ts:9:/);
    assert.match(after, /Error: logged, not thrown\n\s+at Object\.fetch \(src\/index\.ts:9:21\)/);

    // What the Worker reads is the generated stack, as on workerd.
    const stack = await (await fetch(`${edged.url}/stack`)).text();
    assert.match(stack, /at Object\.fetch \(index\.js:\d+:\d+\)/);
    assert.doesNotMatch(stack, /\.ts:/);
  } finally {
    await edged.stop();
  }
});

test('upload_source_maps: false keeps the bundle positions', async () => {
  const edged = await startEdged({ files: files({ upload_source_maps: false }) });
  try {
    assert.equal((await fetch(`${edged.url}/deep`)).status, 500);
    const logs = await logged(edged, /Uncaught Error: boom/);
    assert.match(logs, /at inner \(index\.js:\d+:\d+\)/);
    assert.doesNotMatch(logs, /deep\.ts/);
  } finally {
    await edged.stop();
  }
});

// What `wrangler deploy` uploads with upload_source_maps: the bundle, and "index.js.map" as an
// application/source-map part with sources relative to the project. Line n of this module
// comes from line n + 20 of src/worker.ts ("AAoBA": source line +20; then "AACA": +1 a line).
test('a source map uploaded over the admin API maps the deployed Worker', async () => {
  const adminPort = await freePort();
  const base = join(work, 'base');
  const edged = await startEdged({
    files: {
      'wrangler.jsonc': { name: 'base', main: 'index.js', compatibility_date: '2025-09-01' },
      'index.js': 'export default { fetch() { return new Response("base"); } };',
    },
    args: ['--data-dir', join(work, 'data'), '--admin', `127.0.0.1:${adminPort}`, '--admin-token-file', join(work, 'token')],
  });
  try {
    const source = 'function fail() {\n  throw new Error("deployed boom");\n}\nexport default { fetch() { return fail(); } };\n';
    const map = { version: 3, file: 'index.js', sources: ['src/worker.ts'], names: [], mappings: 'AAoBA;AACA;AACA;AACA' };
    const form = new FormData();
    form.append('metadata', new Blob([JSON.stringify({ main_module: 'index.js', compatibility_date: '2025-09-01' })], { type: 'application/json' }));
    form.append('index.js', new Blob([source], { type: 'application/javascript+module' }), 'index.js');
    form.append('index.js.map', new Blob([JSON.stringify(map)], { type: 'application/source-map' }), 'index.js.map');
    const put = await fetch(`http://127.0.0.1:${adminPort}/client/v4/accounts/${ACCOUNT}/workers/scripts/site`, {
      method: 'PUT', body: form, headers: { authorization: `Bearer ${TOKEN}` },
    });
    assert.equal(put.status, 200, await put.clone().text());
    assert.equal((await getWithHost(edged.port, '/', 'site.localhost')).status, 500);
    const logs = await logged(edged, /Uncaught Error: deployed boom/);
    assert.match(logs, /at fail \(src\/worker\.ts:22:1\)/);
    assert.match(logs, /at Object\.fetch \(src\/worker\.ts:24:1\)/);
  } finally {
    await edged.stop();
    rmSync(base, { recursive: true, force: true });
  }
});

// The real `wrangler deploy` with upload_source_maps: its bundle and map reach edged as an upload.
const WRANGLER = new URL('../../../build/tools/node_modules/.bin/wrangler', import.meta.url).pathname;

test('wrangler deploy with upload_source_maps: the deployed Worker logs .ts lines', {
  skip: existsSync(WRANGLER) ? false : `wrangler is not installed at ${WRANGLER} (run scripts/setup.sh)`,
}, async () => {
  const adminPort = await freePort();
  const project = writeProject(files({ name: 'mapped-deploy', upload_source_maps: true }));
  const edged = await startEdged({
    files: {
      'wrangler.jsonc': { name: 'base', main: 'index.js', compatibility_date: '2025-09-01' },
      'index.js': 'export default { fetch() { return new Response("base"); } };',
    },
    args: ['--data-dir', join(work, 'deploy-data'), '--admin', `127.0.0.1:${adminPort}`, '--admin-token-file', join(work, 'token')],
  });
  try {
    const deployed = await new Promise((resolve) => {
      const child = spawn(WRANGLER, ['deploy'], {
        cwd: project,
        env: {
          PATH: process.env.PATH,
          HOME: work,
          XDG_CONFIG_HOME: join(work, 'config'),
          CLOUDFLARE_API_BASE_URL: `http://127.0.0.1:${adminPort}/client/v4`,
          CLOUDFLARE_API_TOKEN: TOKEN,
          CLOUDFLARE_ACCOUNT_ID: ACCOUNT,
          WRANGLER_SEND_METRICS: 'false',
          WRANGLER_HIDE_BANNER: 'true',
          HTTP_PROXY: 'http://127.0.0.1:9',
          HTTPS_PROXY: 'http://127.0.0.1:9',
          NO_PROXY: '127.0.0.1,localhost',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (d) => { output += d; });
      child.stderr.on('data', (d) => { output += d; });
      child.on('exit', (code) => resolve({ code, output }));
    });
    assert.equal(deployed.code, 0, deployed.output);
    assert.equal((await getWithHost(edged.port, '/deep', 'mapped-deploy.localhost')).status, 500);
    const logs = await logged(edged, /Uncaught Error: boom at \/deep[^]*at outer/);
    assert.match(logs, /at inner \((src\/)?lib\/deep\.ts:15:9\)/);
    assert.match(logs, /at outer \((src\/)?lib\/deep\.ts:11:10\)/);
  } finally {
    await edged.stop();
    rmSync(project, { recursive: true, force: true });
  }
});
