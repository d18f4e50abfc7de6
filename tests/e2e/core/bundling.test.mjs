// esbuild runs with wrangler's settings (docs/configuration.md, "Bundling"): packages resolve
// through the `workerd`, `worker` and `browser` export conditions, then the browser, module and
// main fields; process.env.NODE_ENV and navigator.userAgent are replaced as `wrangler deploy`
// replaces them; `.js` files may hold JSX.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startEdged } from '../lib/edged.mjs';

const pkg = (name, fields, files) => Object.fromEntries([
  [`node_modules/${name}/package.json`, { name, version: '1.0.0', ...fields }],
  ...Object.entries(files).map(([file, which]) => [`node_modules/${name}/${file}`, `export default ${JSON.stringify(which)};`]),
]);

test('export conditions workerd/worker/browser, main fields, defines and JSX in .js', async () => {
  const edged = await startEdged({
    files: {
      'wrangler.jsonc': { name: 'bundling', main: 'src/index.js', compatibility_date: '2025-09-01' },
      // The order of the keys decides among the conditions esbuild has on (Node's rule).
      ...pkg('all-conditions', {
        exports: { '.': { workerd: './workerd.js', worker: './worker.js', browser: './browser.js', node: './node.js', default: './default.js' } },
      }, { 'workerd.js': 'workerd', 'worker.js': 'worker', 'browser.js': 'browser', 'node.js': 'node', 'default.js': 'default' }),
      ...pkg('node-first', {
        exports: { node: './node.js', import: './import.js', default: './default.js' },
      }, { 'node.js': 'node', 'import.js': 'import', 'default.js': 'default' }),
      ...pkg('worker-not-node', {
        exports: { node: './node.js', worker: './worker.js', default: './default.js' },
      }, { 'node.js': 'node', 'worker.js': 'worker', 'default.js': 'default' }),
      ...pkg('fields', { main: './main.js', module: './module.js', browser: './browser.js' },
        { 'main.js': 'main', 'module.js': 'module', 'browser.js': 'browser' }),
      ...pkg('module-field', { main: './main.js', module: './module.js' }, { 'main.js': 'main', 'module.js': 'module' }),
      'src/index.js': `import allConditions from 'all-conditions';
import nodeFirst from 'node-first';
import workerNotNode from 'worker-not-node';
import fields from 'fields';
import moduleField from 'module-field';
const h = (tag, props, ...children) => ({ tag, children });
const element = <b>jsx</b>;
export default {
  fetch() {
    return Response.json({
      allConditions, nodeFirst, workerNotNode, fields, moduleField,
      nodeEnv: process.env.NODE_ENV,
      userAgent: navigator.userAgent,
      jsx: element.tag,
    });
  },
};`,
      'tsconfig.json': { compilerOptions: { jsxFactory: 'h' } },
    },
  });
  try {
    assert.deepEqual(await (await fetch(edged.url)).json(), {
      allConditions: 'workerd',
      nodeFirst: 'import',
      workerNotNode: 'worker',
      fields: 'browser',
      moduleField: 'module',
      nodeEnv: 'production',
      userAgent: 'Cloudflare-Workers',
      jsx: 'b',
    });
  } finally {
    await edged.stop();
  }
});

// A CommonJS package's require() of a built-in gets the module's default export, as wrangler's
// hybrid nodejs_compat plugin gives it; a module Workers lacks throws where it is required.
const cjsPackage = {
  'node_modules/cjs-lib/package.json': { name: 'cjs-lib', version: '1.0.0', main: 'index.js' },
  'node_modules/cjs-lib/index.js': `const EventEmitter = require('events');
const { Buffer } = require('node:buffer');
const util = require('util');
let fsError = null;
try { require('fs'); } catch (error) { fsError = error.message; }
exports.run = () => {
  const emitter = new EventEmitter();
  let heard = null;
  emitter.on('x', (value) => { heard = value; });
  emitter.emit('x', Buffer.from('hi').toString('hex'));
  return { heard, formatted: util.format('%s=%d', 'n', 42), fsError, sameEvents: EventEmitter === globalThis.__events };
};`,
  'src/index.js': `import events from 'node:events';
import { run } from 'cjs-lib';
globalThis.__events = events;
export default { fetch: () => Response.json(run()) };`,
};

test('require() of built-ins in CommonJS packages under nodejs_compat', async () => {
  const edged = await startEdged({
    files: {
      'wrangler.jsonc': { name: 'cjs', main: 'src/index.js', compatibility_date: '2025-02-11', compatibility_flags: ['nodejs_compat'] },
      ...cjsPackage,
    },
  });
  try {
    assert.deepEqual(await (await fetch(edged.url)).json(), {
      heard: '6869',
      formatted: 'n=42',
      fsError: 'No such module "node:fs".\n  imported from "index.js"',
      sameEvents: true,
    });
  } finally {
    await edged.stop();
  }
});

test('without nodejs_compat_v2 a CommonJS require() of a built-in is a dynamic require, as on Workers', async () => {
  // nodejs_compat before 2024-09-23 is v1: wrangler leaves `node:` requires to esbuild's shim,
  // which throws when the package's top level runs, at start-up.
  await assert.rejects(startEdged({
    files: {
      'wrangler.jsonc': { name: 'cjs-v1', main: 'src/index.js', compatibility_date: '2024-06-01', compatibility_flags: ['nodejs_compat'] },
      ...cjsPackage,
      'node_modules/cjs-lib/index.js': `const { Buffer } = require('node:buffer');
exports.run = () => Buffer.from('hi').toString('hex');`,
    },
  }), /the Worker failed to start: Error: Dynamic require of "node:buffer" is not supported/);
});
