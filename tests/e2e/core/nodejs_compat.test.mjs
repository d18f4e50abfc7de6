// nodejs_compat as a user meets it: a Worker importing node:buffer, node:events and node:util
// runs with the flag and fails to start without it, with workerd's message; bare names and a
// bundled TypeScript Worker work under nodejs_compat_v2; process.env carries the vars.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startEdged, writeProject, runEdged } from '../lib/edged.mjs';

const worker = `
import { Buffer } from 'node:buffer';
import { EventEmitter, once } from 'node:events';
import { promisify, format } from 'node:util';
export default {
  async fetch(request, env) {
    const emitter = new EventEmitter();
    setTimeout(() => emitter.emit('ready', Buffer.from('aGk=', 'base64').toString()), 1);
    const [greeting] = await once(emitter, 'ready');
    const wait = promisify((ms, cb) => setTimeout(() => cb(null, ms), ms));
    return new Response(format('%s after %dms', greeting, await wait(2)));
  },
};`;

test('with nodejs_compat, node:buffer, node:events and node:util work', async () => {
  const edged = await startEdged({
    files: {
      'wrangler.jsonc': { name: 'node', main: 'index.js', compatibility_date: '2025-09-01',
        compatibility_flags: ['nodejs_compat'] },
      'index.js': worker,
    },
  });
  try {
    assert.equal(await (await fetch(edged.url + '/')).text(), 'hi after 2ms');
  } finally {
    await edged.stop();
  }
});

test('without nodejs_compat, the Worker fails to start with workerd\'s message', async () => {
  const dir = writeProject({
    'wrangler.jsonc': { name: 'node', main: 'index.js', compatibility_date: '2025-09-01' },
    'index.js': worker,
  });
  const result = await runEdged(['check', `${dir}/wrangler.jsonc`]);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /No such module "node:buffer"\.\n\s*imported from "index\.js"/);
  await assert.rejects(startEdged({ config: `${dir}/wrangler.jsonc` }),
    /No such module "node:buffer"\./);
});

test('a module Workers does not offer fails at import, even with the flag', async () => {
  const dir = writeProject({
    'wrangler.jsonc': { name: 'node', main: 'index.js', compatibility_date: '2025-09-01',
      compatibility_flags: ['nodejs_compat'] },
    'index.js': `import { spawn } from 'node:child_process'; export default { fetch() {} };`,
  });
  const result = await runEdged(['check', `${dir}/wrangler.jsonc`]);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /No such module "node:child_process"\./);
});

test('nodejs_compat_v2: bare names, globals and process.env from vars', async () => {
  const edged = await startEdged({
    files: {
      'wrangler.jsonc': { name: 'node', main: 'index.js', compatibility_date: '2025-09-01',
        compatibility_flags: ['nodejs_compat'], vars: { GREETING: 'hello', LIMITS: { n: 1 } } },
      'index.js': `
        import { Buffer } from 'buffer';
        import path from 'path';
        import timers from 'node:timers';
        export default {
          async fetch() {
            const order = [];
            const cleared = setImmediate(() => order.push('cleared'));
            clearImmediate(cleared);
            await new Promise((resolve) => setImmediate((value) => resolve(order.push(value)), 'immediate'));
            return Response.json({
              sameBuffer: Buffer === globalThis.Buffer,
              global: global === globalThis,
              immediate: Object.prototype.toString.call(timers.setImmediate(() => {})),
              order,
              joined: path.join('/a', '..', 'b'),
              env: process.env,
            });
          },
        };`,
    },
  });
  try {
    assert.deepEqual(await (await fetch(edged.url + '/')).json(),
      { sameBuffer: true, global: true, immediate: '[object Immediate]', order: ['immediate'], joined: '/b', env: { GREETING: 'hello' } });
  } finally {
    await edged.stop();
  }
});

test('before nodejs_compat_v2 (2024-09-23), bare names and globals are absent', async () => {
  const edged = await startEdged({
    files: {
      'wrangler.jsonc': { name: 'node', main: 'index.js', compatibility_date: '2024-06-01',
        compatibility_flags: ['nodejs_compat'] },
      'index.js': `export default { fetch() {
        return Response.json({ buffer: typeof Buffer, process: typeof process, global: typeof global, setImmediate: typeof setImmediate });
      } };`,
    },
  });
  try {
    assert.deepEqual(await (await fetch(edged.url + '/')).json(), { buffer: 'undefined', process: 'undefined', global: 'undefined', setImmediate: 'undefined' });
  } finally {
    await edged.stop();
  }
});

test('a bundled TypeScript Worker keeps node: and bare built-ins external', async () => {
  const edged = await startEdged({
    files: {
      'wrangler.jsonc': { name: 'node-ts', main: 'src/index.ts', compatibility_date: '2025-09-01',
        compatibility_flags: ['nodejs_compat'] },
      'src/index.ts': `
        import { Buffer } from 'node:buffer';
        import { StringDecoder } from 'string_decoder';
        const decoder: StringDecoder = new StringDecoder('utf8');
        export default {
          fetch(): Response {
            return new Response(decoder.write(Buffer.from([0xe2, 0x82, 0xac])));
          },
        };`,
    },
  });
  try {
    assert.equal(await (await fetch(edged.url + '/')).text(), '€');
  } finally {
    await edged.stop();
  }
});

test('AsyncLocalStorage: a store entered in one request is not current in the next', async () => {
  const edged = await startEdged({
    files: {
      'wrangler.jsonc': { name: 'als', main: 'index.js', compatibility_date: '2025-09-01',
        compatibility_flags: ['nodejs_compat'] },
      'index.js': `
        import { AsyncLocalStorage } from 'node:async_hooks';
        const als = new AsyncLocalStorage();
        export default {
          async fetch(request) {
            const before = als.getStore() ?? 'none';
            als.enterWith(new URL(request.url).pathname);
            await new Promise((r) => setTimeout(r, 1));
            return new Response(before + ' ' + als.getStore());
          },
        };`,
    },
    args: ['--threads', '1'],
  });
  try {
    assert.equal(await (await fetch(edged.url + '/first')).text(), 'none /first');
    assert.equal(await (await fetch(edged.url + '/second')).text(), 'none /second');
  } finally {
    await edged.stop();
  }
});
