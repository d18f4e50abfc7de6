// Workers KV over the admin API (Cloudflare's /storage/kv/namespaces routes): a value written
// with metadata and a TTL through the API is what a Worker's binding of that namespace id reads,
// keys list with their metadata and paginate by cursor, deletes, the namespaces list, and the
// service's refusals (a TTL under 60 s, a key over 512 bytes, an unknown key).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startEdged, freePort } from '../lib/edged.mjs';

test('KV values, metadata, keys and namespaces over the admin API share the binding\'s data', async () => {
  const adminPort = await freePort();
  const edged = await startEdged({
    files: {
      'wrangler.jsonc': { name: 'app', main: 'index.js', compatibility_date: '2025-09-01',
        kv_namespaces: [{ binding: 'KV', id: 'app-kv' }] },
      'index.js': `export default { async fetch(request, env) {
        const { value, metadata } = await env.KV.getWithMetadata(new URL(request.url).searchParams.get('k'));
        return Response.json({ value, metadata });
      } };`,
    },
    args: ['--admin', `127.0.0.1:${adminPort}`],
  });
  after(() => edged.stop());
  const admin = `http://127.0.0.1:${adminPort}`;
  const kv = (path, init) => fetch(`${admin}/client/v4/accounts/local/storage/kv/namespaces${path}`, init);
  const form = new FormData();
  form.append('value', 'hello');
  form.append('metadata', JSON.stringify({ lang: 'en' }));
  const put = await kv('/app-kv/values/greeting%2Fen?expiration_ttl=3600', { method: 'PUT', body: form });
  assert.deepEqual(await put.json(), { success: true, errors: [], messages: [], result: {} });
  assert.equal((await kv('/app-kv/values/plain', { method: 'PUT', body: 'bytes' })).status, 200);

  const seen = await new Promise((resolve) => http.get(`${edged.url}/?k=greeting/en`, (r) => {
    let body = '';
    r.on('data', (d) => { body += d; });
    r.on('end', () => resolve(JSON.parse(body)));
  }));
  assert.deepEqual(seen, { value: 'hello', metadata: { lang: 'en' } });
  assert.equal(await (await kv('/app-kv/values/greeting%2Fen')).text(), 'hello');
  assert.deepEqual((await (await kv('/app-kv/metadata/greeting%2Fen')).json()).result, { lang: 'en' });

  const page = await (await kv('/app-kv/keys?limit=1')).json();
  assert.equal(page.result.length, 1);
  assert.equal(page.result[0].name, 'greeting/en');
  assert.ok(page.result[0].expiration > Date.now() / 1000 + 3000);
  const rest = await (await kv(`/app-kv/keys?cursor=${encodeURIComponent(page.result_info.cursor)}`)).json();
  assert.deepEqual(rest.result, [{ name: 'plain' }]);
  assert.equal(rest.result_info.cursor, '');
  assert.deepEqual((await (await kv('')).json()).result, [{ id: 'app-kv', title: 'app-kv', supports_url_encoding: true }]);

  const ttl = await kv('/app-kv/values/k?expiration_ttl=5', { method: 'PUT', body: 'x' });
  assert.equal(ttl.status, 400);
  assert.match((await ttl.json()).errors[0].message, /Expiration TTL must be at least 60/);
  assert.equal((await kv(`/app-kv/values/${'k'.repeat(600)}`, { method: 'PUT', body: 'x' })).status, 414);
  assert.equal((await kv('/app-kv/values/plain', { method: 'DELETE' })).status, 200);
  const gone = await kv('/app-kv/values/plain');
  assert.equal(gone.status, 404);
  assert.deepEqual((await gone.json()).errors, [{ code: 10009, message: "get: 'key not found'" }]);
});
