// hono (tests/compat/hono) bundled by edged and driven over HTTP: routing with params, cors,
// jwt sign/verify middleware, basicAuth, etag → 304, stream()/streamText(), JSON routes, the
// notFound and error handlers.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { missingPackages, serveCompatWorker } from './lib/serve.mjs';

const skip = missingPackages('hono');
let edged;
before(async () => { if (!skip) edged = await serveCompatWorker('hono'); });
after(async () => { await edged?.stop(); });

const get = (path, init) => fetch(edged.url + path, init);

test('routing: text, params with a pattern, query, notFound', { skip }, async () => {
  assert.equal(await (await get('/')).text(), 'hono on edged');
  const post = await get('/users/ada/posts/42?q=x');
  assert.equal(post.status, 200);
  assert.deepEqual(await post.json(), { params: { id: 'ada', postId: '42' }, query: 'x' });
  const unmatched = await get('/users/ada/posts/abc');
  assert.equal(unmatched.status, 404);
  assert.deepEqual(await unmatched.json(), { error: 'not found', path: '/users/ada/posts/abc' });
});

test('cors: preflight and simple request headers', { skip }, async () => {
  const preflight = await get('/api/data', {
    method: 'OPTIONS',
    headers: { origin: 'https://app.example', 'access-control-request-method': 'PUT' },
  });
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers.get('access-control-allow-origin'), 'https://app.example');
  assert.equal(preflight.headers.get('access-control-allow-methods'), 'GET,PUT');
  assert.equal(preflight.headers.get('access-control-max-age'), '600');
  const simple = await get('/api/data', { headers: { origin: 'https://app.example' } });
  assert.equal(simple.headers.get('access-control-allow-origin'), 'https://app.example');
  assert.deepEqual(await simple.json(), { data: [1, 2, 3] });
});

test('jwt: a signed token is accepted, a forged or missing one is not', { skip }, async () => {
  const login = await get('/auth/login', { method: 'POST', body: JSON.stringify({ user: 'ada' }) });
  const { token } = await login.json();
  assert.match(token, /^[\w-]+\.[\w-]+\.[\w-]+$/);
  const header = JSON.parse(Buffer.from(token.split('.')[0], 'base64url'));
  assert.deepEqual(header, { alg: 'HS256', typ: 'JWT' });

  const me = await get('/auth/me', { headers: { authorization: `Bearer ${token}` } });
  assert.equal(me.status, 200);
  const { payload } = await me.json();
  assert.equal(payload.sub, 'ada');
  assert.ok(payload.exp > Date.now() / 1000);

  const [h, p, s] = token.split('.');
  const claims = Buffer.from(JSON.stringify({ ...payload, sub: 'root' })).toString('base64url');
  const forged = await get('/auth/me', { headers: { authorization: `Bearer ${h}.${claims}.${s}` } });
  assert.equal(forged.status, 401);
  const badSignature = `${h}.${p}.${s.slice(0, -4)}AAAA`;
  assert.equal((await get('/auth/me', { headers: { authorization: `Bearer ${badSignature}` } })).status, 401);
  const none = await get('/auth/me');
  assert.equal(none.status, 401);
  assert.match(none.headers.get('www-authenticate') ?? '', /^Bearer/);
});

test('basicAuth: right credentials pass, wrong ones get 401 with a challenge', { skip }, async () => {
  const auth = (user, pass) => ({ authorization: 'Basic ' + Buffer.from(`${user}:${pass}`).toString('base64') });
  const ok = await get('/admin/panel', { headers: auth('admin', 's3cret') });
  assert.equal(ok.status, 200);
  assert.equal(await ok.text(), 'admin area');
  const wrong = await get('/admin/panel', { headers: auth('admin', 'nope') });
  assert.equal(wrong.status, 401);
  assert.match(wrong.headers.get('www-authenticate'), /^Basic realm=/);
  assert.equal((await get('/admin/panel')).status, 401);
});

test('etag: a matching If-None-Match answers 304 without a body', { skip }, async () => {
  const first = await get('/etag/resource');
  const tag = first.headers.get('etag');
  assert.match(tag, /^"[0-9a-f]+"$/);
  assert.equal(await first.text(), 'a cacheable resource');
  const again = await get('/etag/resource', { headers: { 'if-none-match': tag } });
  assert.equal(again.status, 304);
  assert.equal(again.headers.get('etag'), tag);
  assert.equal(await again.text(), '');
  assert.equal((await get('/etag/resource', { headers: { 'if-none-match': '"other"' } })).status, 200);
});

test('streaming: stream() bytes and streamText() arrive in order', { skip }, async () => {
  const bytes = await get('/stream/bytes');
  assert.equal(bytes.status, 200);
  assert.equal(bytes.headers.get('content-length'), null);
  // Each write is sent when written: the chunks arrive apart (the Worker sleeps between them).
  const decoder = new TextDecoder();
  const chunks = [];
  for await (const chunk of bytes.body) chunks.push(decoder.decode(chunk));
  assert.equal(chunks.join(''), 'chunk0;chunk1;chunk2;');
  assert.ok(chunks.length >= 2, `one chunk: ${JSON.stringify(chunks)}`);
  const text = await get('/stream/text');
  assert.match(text.headers.get('content-type'), /^text\/plain; charset=UTF-8/i);
  assert.equal(text.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(await text.text(), 'line one\nline two');
});

test('JSON route: body parsed, 201 with a JSON reply', { skip }, async () => {
  const res = await get('/echo', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ a: 1, nested: { b: [true, null] } }),
  });
  assert.equal(res.status, 201);
  assert.match(res.headers.get('content-type'), /^application\/json/);
  assert.deepEqual(await res.json(), { received: { a: 1, nested: { b: [true, null] } }, contentType: 'application/json' });
});

test('error handler: HTTPException keeps its status, a thrown Error is a 500', { skip }, async () => {
  const teapot = await get('/teapot');
  assert.equal(teapot.status, 418);
  assert.deepEqual(await teapot.json(), { error: 'short and stout' });
  const boom = await get('/boom');
  assert.equal(boom.status, 500);
  assert.deepEqual(await boom.json(), { error: 'kaboom', name: 'Error' });
});
