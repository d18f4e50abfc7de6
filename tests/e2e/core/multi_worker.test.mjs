// One server, several Workers: `edged serve a.jsonc b.jsonc` sends each request to the Worker
// whose routes match it best (custom domains, exact hosts, then wildcards; longer paths first),
// and everything else to the first; each Worker keeps its own env and storage.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { startEdged, runEdged, writeProject, getWithHost } from '../lib/edged.mjs';

const worker = (name) => `export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname.endsWith('/kv')) {
      const seen = await env.KV.get('who');
      await env.KV.put('who', '${name}');
      return new Response(String(seen));
    }
    return new Response('${name} ' + env.WHO + ' ' + url.pathname);
  },
};`;

const project = (name, extra) => ({
  'wrangler.jsonc': { name, main: 'index.js', compatibility_date: '2025-09-01', vars: { WHO: name },
    kv_namespaces: [{ binding: 'KV', id: `${name}-kv` }], ...extra },
  'index.js': worker(name),
});

const main = writeProject(project('main', {}));
const api = writeProject(project('api', {
  routes: ['example.com/api/*', { pattern: '*.example.com/*', zone_name: 'example.com' }],
}));
const shop = writeProject(project('shop', {
  routes: [{ pattern: 'shop.example.com', custom_domain: true }, 'example.com/api/shop'],
}));
after(() => {
  for (const dir of [main, api, shop]) rmSync(dir, { recursive: true, force: true });
});

async function get(url, host) {
  const { pathname, search, port } = new URL(url);
  return (await getWithHost(Number(port), pathname + search, host)).body;
}

test('requests go to the Worker whose route is the most specific, else to the first', async () => {
  const edged = await startEdged({
    config: join(main, 'wrangler.jsonc'),
    args: [join(api, 'wrangler.jsonc'), join(shop, 'wrangler.jsonc'), '--data-dir', join(main, 'data')],
  });
  try {
    assert.equal(await get(`${edged.url}/x`, 'elsewhere.test'), 'main main /x');
    assert.equal(await get(`${edged.url}/api/v1?q=1`, 'example.com'), 'api api /api/v1');
    assert.equal(await get(`${edged.url}/`, 'www.example.com:8787'), 'api api /');
    assert.equal(await get(`${edged.url}/api/shop`, 'example.com'), 'shop shop /api/shop');
    assert.equal(await get(`${edged.url}/anything`, 'shop.example.com'), 'shop shop /anything');
    assert.equal(await get(`${edged.url}/`, 'example.com'), 'main main /');
    // Each Worker's KV namespace is its own.
    assert.equal(await get(`${edged.url}/kv`, 'example.com'), 'null');
    assert.equal(await get(`${edged.url}/api/kv`, 'example.com'), 'null');
    assert.equal(await get(`${edged.url}/api/kv`, 'example.com'), 'api');
    assert.equal(await get(`${edged.url}/kv`, 'example.com'), 'main');
  } finally {
    assert.equal(await edged.stop(), 0);
  }
});

test('two configs naming the same Worker, or a bad route, are refused with the file named', async () => {
  const twin = writeProject(project('main', {}));
  const bad = writeProject(project('bad', { routes: ['example.com/a*b'] }));
  try {
    let r = await runEdged(['serve', join(main, 'wrangler.jsonc'), join(twin, 'wrangler.jsonc'), '--port', '0']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`${join(twin, 'wrangler.jsonc')}: name: .*"main".*expected a unique name`));
    r = await runEdged(['serve', join(main, 'wrangler.jsonc'), join(bad, 'wrangler.jsonc'), '--port', '0']);
    assert.equal(r.code, 1);
    assert.ok(r.stderr.includes(`${join(bad, 'wrangler.jsonc')}: routes: route "example.com/a*b": "*" may only end the path`), r.stderr);
  } finally {
    rmSync(twin, { recursive: true, force: true });
    rmSync(bad, { recursive: true, force: true });
  }
});
