// zod (tests/compat/zod) bundled by edged: valid bodies parsed with defaults and transforms,
// invalid ones answered 400 with zod's issues, discriminated unions, coerced query strings and
// JSON Schema output.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { missingPackages, serveCompatWorker } from './lib/serve.mjs';

const skip = missingPackages('zod');
let edged;
before(async () => { if (!skip) edged = await serveCompatWorker('zod'); });
after(async () => { await edged?.stop(); });

const post = async (path, body) => {
  const res = await fetch(edged.url + path, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
};

test('a valid body is parsed: trimmed, defaulted', { skip }, async () => {
  const res = await post('/users', { name: '  Ada  ', email: 'ada@example.com', age: 36 });
  assert.equal(res.status, 201);
  assert.deepEqual(res.body, { user: { name: 'Ada', email: 'ada@example.com', age: 36, role: 'member', tags: [] } });
  const full = await post('/users', {
    name: 'Bob', email: 'bob@example.com', role: 'admin', tags: ['a'], address: { city: 'Paris', zip: '75001' },
    website: 'https://bob.example/', id: '3b241101-e2bb-4255-8caf-4136c566a962',
  });
  assert.equal(full.status, 201, JSON.stringify(full.body));
  assert.equal(full.body.user.address.city, 'Paris');
});

test('an invalid body is a 400 listing every issue with its path', { skip }, async () => {
  const res = await post('/users', {
    name: 'A', email: 'not-an-email', age: -1.5, role: 'owner', tags: ['a', 'b', 'c', 'd'],
    address: { city: '', zip: '123' }, website: 'nope',
  });
  assert.equal(res.status, 400);
  const byPath = Object.fromEntries(res.body.issues.map((i) => [i.path.join('.'), i.code]));
  assert.deepEqual(byPath, {
    name: 'too_small',
    email: 'invalid_format',
    age: 'invalid_type',
    role: 'invalid_value',
    tags: 'too_big',
    'address.city': 'too_small',
    'address.zip': 'invalid_format',
    website: 'invalid_format',
  });
  assert.ok(res.body.issues.every((i) => typeof i.message === 'string' && i.message.length > 0));
  assert.deepEqual(Object.keys(res.body.flattened.fieldErrors).sort(), ['address', 'age', 'email', 'name', 'role', 'tags', 'website']);
  assert.deepEqual(res.body.flattened.formErrors, []);
});

test('missing fields and a non-object body', { skip }, async () => {
  const empty = await post('/users', {});
  assert.equal(empty.status, 400);
  assert.deepEqual(empty.body.issues.map((i) => [i.path.join('.'), i.code]), [['name', 'invalid_type'], ['email', 'invalid_type']]);
  const notObject = await post('/users', [1]);
  assert.equal(notObject.status, 400);
  assert.deepEqual(notObject.body.issues.map((i) => [i.path, i.code]), [[[], 'invalid_type']]);
  assert.deepEqual((await post('/users', '{oops')).body, { error: 'body is not JSON' });
});

test('discriminated union', { skip }, async () => {
  const ok = await post('/events', [{ type: 'click', x: 1, y: 2 }, { type: 'key', key: 'k' }]);
  assert.equal(ok.status, 200);
  assert.deepEqual(ok.body.events, [{ type: 'click', x: 1, y: 2 }, { type: 'key', key: 'k' }]);
  const bad = await post('/events', [{ type: 'key', key: 'too long' }, { type: 'scroll' }]);
  assert.equal(bad.status, 400);
  assert.deepEqual(bad.body.issues.map((i) => [i.path.join('.'), i.code]), [['0.key', 'too_big'], ['1.type', 'invalid_union']]);
  assert.equal((await post('/events', [])).body.issues[0].code, 'too_small');
});

test('query strings: coercion, defaults, transforms; bad values are a 400', { skip }, async () => {
  const res = await fetch(edged.url + '/search?page=3&since=2024-01-02T03:04:05Z&sort=name,-age');
  assert.deepEqual(await res.json(), {
    query: { page: 3, size: 20, since: '2024-01-02T03:04:05.000Z', sort: ['name', '-age'] },
  });
  const bad = await fetch(edged.url + '/search?page=0&size=abc&since=never');
  assert.equal(bad.status, 400);
  const issues = (await bad.json()).issues.map((i) => [i.path.join('.'), i.code]);
  assert.deepEqual(issues, [['page', 'too_small'], ['size', 'invalid_type'], ['since', 'invalid_type']]);
});

test('z.toJSONSchema', { skip }, async () => {
  const schema = await (await fetch(edged.url + '/schema')).json();
  assert.equal(schema.type, 'object');
  assert.deepEqual(schema.required.sort(), ['email', 'name', 'role', 'tags']);
  assert.equal(schema.properties.email.format, 'email');
  assert.deepEqual(schema.properties.role.enum, ['admin', 'member']);
});
