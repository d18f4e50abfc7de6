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
