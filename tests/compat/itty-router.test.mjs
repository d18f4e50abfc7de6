// itty-router (tests/compat/itty-router) bundled by edged: AutoRouter with params, query,
// greedy params, automatic JSON, error()/StatusError, cors, before/finally stages and 404s.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { missingPackages, serveCompatWorker } from './lib/serve.mjs';

const skip = missingPackages('itty-router');
let edged;
before(async () => { if (!skip) edged = await serveCompatWorker('itty-router'); });
after(async () => { await edged?.stop(); });

const get = (path, init) => fetch(edged.url + path, init);

test('text route and the finally stage', { skip }, async () => {
  const res = await get('/');
  assert.equal(res.status, 200);
  assert.equal(await res.text(), 'itty-router on edged');
  assert.match(res.headers.get('content-type'), /^text\/plain/);
  assert.equal(res.headers.get('x-router'), 'itty');
  assert.equal(res.headers.get('access-control-allow-origin'), '*');
});

test('params, query and a before stage; a returned object becomes JSON', { skip }, async () => {
  const res = await get('/items/1?fields=name');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^application\/json/);
  assert.deepEqual(await res.json(), { id: '1', name: 'first', fields: 'name', startedBy: 'before' });
  const path = await get('/files/a/b/c.txt');
  assert.deepEqual(await path.json(), { path: 'a/b/c.txt' });
});

test('error(): a 404 with itty\'s error shape', { skip }, async () => {
  const res = await get('/items/99');
  assert.equal(res.status, 404);
  assert.deepEqual(await res.json(), { status: 404, error: 'no item 99' });
});

test('POST: json() with a status, StatusError becomes 400', { skip }, async () => {
  const created = await get('/items', { method: 'POST', body: JSON.stringify({ name: 'second' }) });
  assert.equal(created.status, 201);
  assert.deepEqual(await created.json(), { id: '2', name: 'second' });
  const bad = await get('/items', { method: 'POST', body: '{}' });
  assert.equal(bad.status, 400);
  assert.deepEqual(await bad.json(), { status: 400, error: 'name is required' });
});

test('unknown routes are 404, a thrown Error is a 500, CORS preflight is answered', { skip }, async () => {
  const missing = await get('/nowhere');
  assert.equal(missing.status, 404);
  assert.deepEqual(await missing.json(), { status: 404, error: 'Not Found' });
  const boom = await get('/boom');
  assert.equal(boom.status, 500);
  assert.deepEqual(await boom.json(), { status: 500, error: 'unexpected failure' });
  const preflight = await get('/items', {
    method: 'OPTIONS', headers: { origin: 'https://x.example', 'access-control-request-method': 'POST' },
  });
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers.get('access-control-allow-origin'), '*');
});
