// drizzle-orm/d1 (tests/compat/drizzle-orm) on edged's D1: the schema comes from SQL
// migrations applied with `edged d1 migrations apply`, then the Worker inserts, selects with
// where/order/like, updates, deletes (with ON DELETE CASCADE), joins and aggregates, runs the
// relational query API, a prepared statement with a placeholder, and atomic batches.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { missingPackages, serveCompatWorker } from './lib/serve.mjs';

const skip = missingPackages('drizzle-orm');
let edged;
let migrationOutput;
before(async () => {
  if (skip) return;
  edged = await serveCompatWorker('drizzle-orm', {
    prepare: async (edgedCommand) => {
      migrationOutput = await edgedCommand('d1', 'migrations', 'apply', 'DB', '--local');
    },
  });
});
after(async () => { await edged?.stop(); });

const call = async (method, path, body) => {
  const res = await fetch(edged.url + path, { method, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
};

test('migrations applied in order before serving', { skip }, async () => {
  assert.equal(migrationOutput.code, 0, migrationOutput.stderr);
  assert.match(migrationOutput.stdout, /0001_users_and_posts\.sql[\s\S]*0002_post_views\.sql/);
  const { body } = await call('GET', '/raw');
  assert.deepEqual(body.tables.map((t) => t.name), ['d1_migrations', 'posts', 'users']);
  assert.equal(body.migrations, 2);
});

test('insert … returning, with defaults and mapped column types', { skip }, async () => {
  const ada = await call('POST', '/users', { name: 'Ada', email: 'ada@example.com', age: 36 });
  assert.equal(ada.status, 201, JSON.stringify(ada.body));
  assert.equal(ada.body.id, 1);
  assert.equal(ada.body.active, true);
  assert.equal(typeof ada.body.createdAt, 'string');
  assert.ok(Math.abs(Date.parse(ada.body.createdAt) - Date.now()) < 60_000);
  const ids = await call('POST', '/users', [
    { name: 'Bob', email: 'bob@example.com', age: 25 },
    { name: 'Bea', email: 'bea@example.com', age: 41 },
    { name: 'Cy', email: 'cy@example.com' },
  ]);
  assert.equal(ids.status, 201, JSON.stringify(ids.body));
  assert.deepEqual(ids.body, [2, 3, 4]);
});

test('a batch with a failing statement rolls back as a whole', { skip }, async () => {
  const failed = await call('POST', '/users', [
    { name: 'Dee', email: 'dee@example.com' },
    { name: 'Ada again', email: 'ada@example.com' },
  ]);
  assert.equal(failed.status, 500);
  assert.match(failed.body.cause ?? failed.body.error, /UNIQUE constraint failed: users\.email/);
  const { body } = await call('GET', '/users?name=D');
  assert.deepEqual(body, []);
});

test('select with where, like, order by', { skip }, async () => {
  assert.deepEqual((await call('GET', '/users?minAge=30')).body, [
    { id: 3, name: 'Bea', age: 41 },
    { id: 1, name: 'Ada', age: 36 },
  ]);
  assert.deepEqual((await call('GET', '/users?name=B')).body, [
    { id: 3, name: 'Bea', age: 41 },
    { id: 2, name: 'Bob', age: 25 },
  ]);
});

test('batch inserts of related rows; relational query with nested posts', { skip }, async () => {
  const created = await call('POST', '/users/1/posts', [
    { title: 'Notes on the Analytical Engine', tags: ['math', 'history'] },
    { title: 'Bernoulli numbers' },
  ]);
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.deepEqual(created.body, { ids: [1, 2] });
  await call('POST', '/users/2/posts', [{ title: 'Bob writes' }]);
  const ada = await call('GET', '/users/1');
  assert.equal(ada.body.name, 'Ada');
  assert.deepEqual(ada.body.posts, [
    { title: 'Notes on the Analytical Engine', tags: ['math', 'history'] },
    { title: 'Bernoulli numbers', tags: [] },
  ]);
  assert.equal((await call('GET', '/users/99')).status, 404);
});

test('prepared statement with a placeholder; join with aggregates', { skip }, async () => {
  assert.deepEqual((await call('POST', '/views/Bernoulli%20numbers')).body, { views: 1 });
  assert.deepEqual((await call('POST', '/views/Bernoulli%20numbers')).body, { views: 2 });
  assert.deepEqual((await call('POST', '/views/Bob%20writes')).body, { views: 1 });
  assert.equal((await call('POST', '/views/nothing')).body, null);
  assert.deepEqual((await call('GET', '/stats')).body, [
    { author: 'Ada', posts: 2, views: 2 },
    { author: 'Bob', posts: 1, views: 1 },
    // SQL's SUM over no rows is NULL, which drizzle passes through without mapWith(Number).
    { author: 'Bea', posts: 0, views: null },
    { author: 'Cy', posts: 0, views: null },
  ]);
});

test('update … returning', { skip }, async () => {
  const { body } = await call('PATCH', '/users/4', { age: 19, active: false });
  assert.equal(body.length, 1);
  assert.equal(body[0].age, 19);
  assert.equal(body[0].active, false);
  assert.deepEqual((await call('PATCH', '/users/99', { age: 1 })).body, []);
});

test('delete … returning; posts go with their author (ON DELETE CASCADE)', { skip }, async () => {
  const { body } = await call('DELETE', '/users/2');
  assert.deepEqual(body, { removed: [{ id: 2 }], postsLeft: 0 });
  assert.deepEqual((await call('GET', '/users?name=Bob')).body, []);
});

test('db.transaction(): D1 refuses BEGIN, as on Cloudflare', { skip }, async () => {
  const { status, body } = await call('POST', '/transaction');
  assert.equal(status, 409);
  assert.match(body.error, /^Failed query: begin/);
  assert.match(body.cause, /^D1_ERROR: To execute a transaction, please use the state\.storage\.transaction\(\) or state\.storage\.transactionSync\(\) APIs instead of the SQL BEGIN TRANSACTION or SAVEPOINT statements\./);
  assert.deepEqual((await call('GET', '/users?name=in-tx')).body, []);
});
