// The node:* modules workerd turns on by compatibility date (node:os, node:vm, node:punycode, …):
// absent before their date with workerd's "No such module" error, present from it, absent again
// with their disable flag and present early with their enable flag; node:module's
// builtinModules and process.getBuiltinModule() agree with import.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startEdged, writeProject, runEdged } from '../lib/edged.mjs';

const kGated = [
  'os', 'console', 'vm', 'punycode', 'cluster', 'trace_events', 'domain', 'wasi', 'inspector',
  'inspector/promises', 'sqlite', 'dgram', '_stream_wrap', 'repl', 'v8', 'tty', 'child_process',
  'worker_threads', 'readline', 'readline/promises', 'perf_hooks',
];

const worker = `
import { builtinModules } from 'node:module';
import process from 'node:process';
const names = ${JSON.stringify(kGated)};
export default {
  async fetch() {
    const out = {};
    for (const name of names) {
      let imported;
      try {
        await import('node:' + name);
        imported = true;
      } catch (error) {
        // The first line: workerd's text (edged may add where the import was).
        imported = error.message.split('\\n')[0];
      }
      out[name] = { imported, listed: builtinModules.includes(name),
        got: process.getBuiltinModule('node:' + name) !== undefined };
    }
    return Response.json(out);
  },
};`;

async function modulesSeen(date, flags) {
  const edged = await startEdged({
    files: {
      'wrangler.jsonc': { name: 'gated', main: 'index.js', compatibility_date: date,
        compatibility_flags: ['nodejs_compat', ...flags] },
      'index.js': worker,
    },
  });
  try {
    return await (await fetch(edged.url + '/')).json();
  } finally {
    await edged.stop();
  }
}

const present = { imported: true, listed: true, got: true };
const absent = (name) => ({ imported: `No such module "node:${name}".`, listed: false, got: false });

test('before their dates the modules are absent, with workerd\'s error', async () => {
  const seen = await modulesSeen('2025-02-11', []);
  for (const name of kGated) assert.deepEqual(seen[name], absent(name), name);
});

test('from their dates the modules are present', async () => {
  const seen = await modulesSeen('2026-04-01', []);
  for (const name of kGated) assert.deepEqual(seen[name], present, name);
});

test('each date turns on only its own modules', async () => {
  const seen = await modulesSeen('2025-10-01', []);
  for (const name of ['os', 'console', 'vm']) assert.deepEqual(seen[name], present, name);
  for (const name of ['punycode', 'sqlite', 'v8']) assert.deepEqual(seen[name], absent(name), name);
});

test('a disable flag removes a module, an enable flag adds one early', async () => {
  const late = await modulesSeen('2026-04-01', ['disable_nodejs_os_module', 'disable_nodejs_inspector_module']);
  assert.deepEqual(late.os, absent('os'));
  assert.deepEqual(late.inspector, absent('inspector'));
  assert.deepEqual(late['inspector/promises'], absent('inspector/promises'));
  assert.deepEqual(late.vm, present);
  const early = await modulesSeen('2025-02-11', ['enable_nodejs_punycode_module']);
  assert.deepEqual(early.punycode, present);
  assert.deepEqual(early.os, absent('os'));
});

test('a static import of a module whose flag is off fails the Worker at start-up', async () => {
  const source = `import os from 'node:os'; export default { fetch() { return new Response(os.platform()); } };`;
  const off = writeProject({
    'wrangler.jsonc': { name: 'gated', main: 'index.js', compatibility_date: '2025-02-11',
      compatibility_flags: ['nodejs_compat'] },
    'index.js': source,
  });
  const result = await runEdged(['check', `${off}/wrangler.jsonc`]);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /No such module "node:os"\./);

  const edged = await startEdged({
    files: {
      'wrangler.jsonc': { name: 'gated', main: 'index.js', compatibility_date: '2026-04-01',
        compatibility_flags: ['nodejs_compat'] },
      'index.js': source,
    },
  });
  try {
    assert.equal(await (await fetch(edged.url + '/')).text(), 'linux');
  } finally {
    await edged.stop();
  }
});
