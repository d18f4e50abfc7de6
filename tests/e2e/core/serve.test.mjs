// A user's session with `edged serve`: a Worker answers, sees its vars and secrets, logs, fails
// and recovers, and the server shuts down cleanly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { startEdged, runEdged, writeProject } from '../lib/edged.mjs';

const repo = fileURLToPath(new URL('../../..', import.meta.url));

test('examples/hello answers with its greeting', async () => {
  const edged = await startEdged({ config: `${repo}/examples/hello/wrangler.jsonc` });
  try {
    const res = await fetch(edged.url + '/');
    assert.equal(res.status, 200);
    assert.equal(await res.text(), 'Hello from edged!\n');
    assert.equal(res.headers.get('content-type'), 'text/plain;charset=UTF-8');
    assert.ok(res.headers.get('date'));
    const json = await (await fetch(edged.url + '/json')).json();
    assert.deepEqual(json, { greeting: 'Hello from edged', path: '/json' });
  } finally {
    assert.equal(await edged.stop(), 0);
  }
});

test('env carries vars (strings and JSON), .dev.vars and EDGED_SECRET_* secrets', async () => {
  const edged = await startEdged({
    files: {
      'wrangler.jsonc': `{
        // comments and trailing commas are fine
        "name": "env-test", "main": "index.js", "compatibility_date": "2025-09-01",
        "vars": { "PLAIN": "text", "OBJ": { "a": [1, 2] }, "OVERRIDDEN": "from vars", },
      }`,
      '.dev.vars': 'API_KEY="s3cret"\nOVERRIDDEN=from dev vars\n',
      'index.js': `export default { fetch(req, env) { return Response.json(env); } };`,
    },
    env: { EDGED_SECRET_TOKEN: 'tok' },
  });
  try {
    const env = await (await fetch(edged.url)).json();
    assert.equal(env.PLAIN, 'text');
    assert.deepEqual(env.OBJ, { a: [1, 2] });
    assert.equal(env.API_KEY, 's3cret');
    assert.equal(env.OVERRIDDEN, 'from dev vars');
    assert.equal(env.TOKEN, 'tok');
  } finally {
    await edged.stop();
  }
});

test('a WorkerEntrypoint class, modules importing each other, text/data/wasm modules', async () => {
  // (module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))
  const wasm = Buffer.from('0061736d0100000001070160027f7f017f030201000707010361646400000a09010700200020016a0b', 'hex');
  const edged = await startEdged({
    files: {
      'wrangler.jsonc': { name: 'modules', main: 'src/index.js', compatibility_date: '2025-09-01' },
      'src/index.js': `
        import { WorkerEntrypoint } from 'cloudflare:workers';
        import { shout } from './lib/shout.js';
        import greeting from './greeting.txt';
        import bytes from './data.bin';
        import addModule from './add.wasm';
        export default class extends WorkerEntrypoint {
          async fetch(request) {
            const { exports } = await WebAssembly.instantiate(addModule);
            return Response.json({
              text: shout(greeting.trim()),
              bytes: [...new Uint8Array(bytes)],
              sum: exports.add(2, 3),
              hasEnv: typeof this.env === 'object', hasCtx: typeof this.ctx.waitUntil === 'function',
            });
          }
        }`,
      'src/lib/shout.js': `export const shout = (s) => s.toUpperCase() + '!';`,
      'src/greeting.txt': 'hello modules\n',
      'src/data.bin': Buffer.from([1, 2, 255]),
      'src/add.wasm': wasm,
    },
  });
  try {
    const body = await (await fetch(edged.url)).json();
    assert.equal(body.text, 'HELLO MODULES!');
    assert.deepEqual(body.bytes, [1, 2, 255]);
    assert.equal(body.sum, 5);
    assert.equal(body.hasEnv, true);
    assert.equal(body.hasCtx, true);
  } finally {
    await edged.stop();
  }
});

test('a thrown error gives 500 and a log line naming the file and line; the isolate keeps serving', async () => {
  const edged = await startEdged({
    files: {
      'wrangler.jsonc': { name: 'thrower', main: 'worker.js', compatibility_date: '2025-09-01' },
      'worker.js': [
        'let count = 0;',
        'export default {',
        '  async fetch(request) {',
        '    count++;',
        "    if (new URL(request.url).pathname === '/throw') throw new Error('boom ' + count);",
        "    if (new URL(request.url).pathname === '/reject') return Promise.reject(new TypeError('nope'));",
        '    return new Response(String(count));',
        '  },',
        '};',
      ].join('\n'),
    },
    args: ['--threads', '1'],
  });
  try {
    assert.equal(await (await fetch(edged.url + '/')).text(), '1');
    const thrown = await fetch(edged.url + '/throw');
    assert.equal(thrown.status, 500);
    await thrown.text();
    const rejected = await fetch(edged.url + '/reject');
    assert.equal(rejected.status, 500);
    await rejected.text();
    // Globals persist: the same isolate still counts.
    assert.equal(await (await fetch(edged.url + '/')).text(), '4');
    const logs = edged.logs();
    assert.match(logs, /Error: boom 2/);
    assert.match(logs, /worker\.js:5/);
    assert.match(logs, /TypeError: nope/);
    assert.match(logs, /\[thrower/);
  } finally {
    await edged.stop();
  }
});

test('console output reaches the server log with worker name and request id', async () => {
  const edged = await startEdged({
    files: {
      'wrangler.jsonc': { name: 'logger', main: 'w.js', compatibility_date: '2025-09-01' },
      'w.js': `export default { fetch() {
        console.log('plain', 42, { a: 1, nested: { b: [1, 2] } });
        console.warn('careful');
        console.error(new Error('logged error'));
        return new Response('ok');
      } };`,
    },
    args: ['--log-format', 'json'],
  });
  try {
    assert.equal(await (await fetch(edged.url)).text(), 'ok');
    await new Promise((r) => setTimeout(r, 100));
    const lines = edged.logs().trim().split('\n').map((l) => JSON.parse(l));
    const plain = lines.find((l) => l.message?.startsWith('plain'));
    assert.ok(plain, edged.logs());
    assert.equal(plain.worker, 'logger');
    assert.match(plain.request, /^[0-9a-f]{16}$/);
    assert.equal(plain.message, 'plain 42 { a: 1, nested: { b: [ 1, 2 ] } }');
    assert.equal(lines.find((l) => l.message === 'careful').level, 'warning');
    assert.match(lines.find((l) => l.message.includes('logged error')).message, /Error: logged error\n\s+at /);
  } finally {
    await edged.stop();
  }
});

test('ctx.waitUntil work finishes after the response', async () => {
  const edged = await startEdged({
    files: {
      'wrangler.jsonc': { name: 'waiter', main: 'w.js', compatibility_date: '2025-09-01' },
      'w.js': `let done = 0;
        export default { fetch(req, env, ctx) {
          if (new URL(req.url).pathname === '/count') return new Response(String(done));
          ctx.waitUntil(new Promise((r) => setTimeout(r, 50)).then(() => { done++; }));
          ctx.passThroughOnException();
          return new Response('started');
        } };`,
    },
    args: ['--threads', '1'],
  });
  try {
    assert.equal(await (await fetch(edged.url + '/')).text(), 'started');
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(await (await fetch(edged.url + '/count')).text(), '1');
  } finally {
    await edged.stop();
  }
});

// workerd's ctx.props is a writable lazy instance property: libraries such as
// @cloudflare/workers-oauth-provider replace it (and add ctx.auth) for the handlers they call.
test('ctx.props is a writable own property of ctx', async () => {
  const edged = await startEdged({
    files: {
      'wrangler.jsonc': { name: 'props', main: 'w.js', compatibility_date: '2025-09-01' },
      'w.js': `export default { fetch(req, env, ctx) {
          const before = { value: ctx.props, own: Object.keys(ctx).includes('props') };
          ctx.props = { user: 'ada' };
          ctx.auth = { scope: ['read'] };
          return Response.json({ before, after: ctx.props, auth: ctx.auth });
        } };`,
    },
  });
  try {
    assert.deepEqual(await (await fetch(edged.url)).json(), {
      before: { value: {}, own: true }, after: { user: 'ada' }, auth: { scope: ['read'] },
    });
  } finally {
    await edged.stop();
  }
});

test('SIGTERM lets an in-flight request finish, then exits 0', async () => {
  const edged = await startEdged({
    files: {
      'wrangler.jsonc': { name: 'slow', main: 'w.js', compatibility_date: '2025-09-01' },
      'w.js': `export default { async fetch() {
        await new Promise((r) => setTimeout(r, 300));
        return new Response('finished');
      } };`,
    },
  });
  const pending = fetch(edged.url).then((r) => r.text());
  await new Promise((r) => setTimeout(r, 100));
  const code = edged.stop('SIGTERM');
  assert.equal(await pending, 'finished');
  assert.equal(await code, 0);
});

test('edged check validates; config errors name file, field and expectation', async () => {
  const good = writeProject({
    'wrangler.jsonc': { name: 'ok', main: 'w.js', compatibility_date: '2025-09-01' },
    'w.js': 'export default { fetch() { return new Response("x"); } };',
  });
  const ok = await runEdged(['check', `${good}/wrangler.jsonc`]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /ok/);

  const bad = writeProject({
    'wrangler.jsonc': '{ "name": "bad", "main": "w.js", "limits": { "cpu_ms": "abc" } }',
    'w.js': '',
  });
  const failed = await runEdged(['check', `${bad}/wrangler.jsonc`]);
  assert.equal(failed.code, 1);
  assert.match(failed.stderr, /wrangler\.jsonc.*limits\.cpu_ms/);

  const unserved = writeProject({
    'wrangler.jsonc': { name: 'ae', main: 'w.js', compatibility_date: '2025-09-01',
      analytics_engine_datasets: [{ binding: 'AE', dataset: 'events' }] },
    'w.js': 'export default { fetch() { return new Response("x"); } };',
  });
  const warned = await runEdged(['check', `${unserved}/wrangler.jsonc`]);
  assert.equal(warned.code, 0, warned.stderr);
  assert.match(warned.stderr, /analytics_engine_datasets/);

  const syntax = writeProject({
    'wrangler.jsonc': { name: 'syntax', main: 'w.js', compatibility_date: '2025-09-01' },
    'w.js': 'export default { fetch() { return new Response("x") ',
  });
  const broken = await runEdged(['check', `${syntax}/wrangler.jsonc`]);
  assert.equal(broken.code, 1);
  assert.match(broken.stderr, /w\.js:1: SyntaxError/);
});

test('--version and bad arguments', async () => {
  const version = await runEdged(['--version']);
  assert.equal(version.code, 0);
  assert.match(version.stdout, /^edged \d+\.\d+\.\d+/);
  const bad = await runEdged(['serve', '--port', 'abc']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--port must be a number/);
});
