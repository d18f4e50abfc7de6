// Express 5 (tests/compat/express) behind cloudflare:node's httpServerHandler: routing with
// params and query, express.json() bodies, status/location/redirect, res.locals through
// middleware, 404s, and an error-handling middleware catching a thrown route.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { missingPackages, serveCompatWorker } from './lib/serve.mjs';

const skip = missingPackages('express');
let edged;
before(async () => {
  if (!skip) edged = await serveCompatWorker('express');
});
after(async () => {
  await edged?.stop();
});

test('text responses and headers set by middleware', { skip }, async () => {
  const res = await fetch(edged.url + '/');
  assert.equal(res.status, 200, edged.logs());
  assert.equal(await res.text(), 'Hello from Express');
  assert.equal(res.headers.get('x-powered-through'), 'edged');
  assert.match(res.headers.get('content-type'), /^text\/html/);
});

test('JSON bodies in, 201 with Location out, params and 404', { skip }, async () => {
  const created = await fetch(edged.url + '/notes', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text: 'buy milk' }),
  });
  assert.equal(created.status, 201, edged.logs());
  const note = await created.json();
  assert.equal(note.text, 'buy milk');
  assert.equal(created.headers.get('location'), `/notes/${note.id}`);
  assert.deepEqual(await (await fetch(edged.url + `/notes/${note.id}`)).json(), note);
  const missing = await fetch(edged.url + '/notes/999');
  assert.equal(missing.status, 404);
  assert.deepEqual(await missing.json(), { error: 'no note 999' });
  const bad = await fetch(edged.url + '/notes', {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 3 }),
  });
  assert.equal(bad.status, 400);
});

test('query strings, res.locals, redirects', { skip }, async () => {
  assert.deepEqual(await (await fetch(edged.url + '/query?a=1&b=two')).json(),
    { query: { a: '1', b: 'two' }, locals: 'middleware', path: '/query', method: 'GET' });
  const moved = await fetch(edged.url + '/old', { redirect: 'manual' });
  assert.equal(moved.status, 301);
  assert.equal(moved.headers.get('location'), '/');
});

test('a thrown route reaches the error middleware; unknown routes get Express\'s 404', { skip }, async () => {
  const boom = await fetch(edged.url + '/boom');
  assert.equal(boom.status, 500);
  assert.deepEqual(await boom.json(), { error: 'route failed' });
  const unknown = await fetch(edged.url + '/nowhere');
  assert.equal(unknown.status, 404);
  assert.match(await unknown.text(), /Cannot GET \/nowhere/);
});
