// postgres (postgres.js, tests/compat/postgres) through the Hyperdrive binding against a
// throwaway PostgreSQL (tests/e2e/lib/postgres.mjs): tagged templates with parameters, the sql()
// helpers for inserts, updates, column lists and IN lists, json/jsonb, arrays, bigint/numeric/
// timestamptz, sql.begin with savepoints, a unique violation's code, sql.unsafe, forEach and
// cursors, and pipelined queries on one connection. The binding itself: e2e.bindings.hyperdrive.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { postgresMissing } from '../e2e/lib/postgres.mjs';
import { servePostgresWorker } from './lib/postgres_worker.mjs';
import { missingPackages } from './lib/serve.mjs';

const skip = missingPackages('postgres') ?? postgresMissing() ?? undefined;
let worker;
before(async () => {
  if (skip) return;
  worker = await servePostgresWorker('postgres');
  await get('/setup');
});
after(async () => {
  await worker?.stop();
});

const get = (path, init) => worker.get(path, init);
const post = (path, body) => get(path, { method: 'POST', body: JSON.stringify(body) });

test('tagged templates send values as parameters, never as SQL', { skip }, async () => {
  assert.deepEqual(await get('/params?a=40&b=2&' + new URLSearchParams({ name: "x'; DROP" })),
    { sum: 42, shout: "X'; DROP", literal: true });
});

test('sql() helpers: multi-row insert of objects, update, column lists, IN lists', { skip }, async () => {
  const inserted = await post('/insert', [
    { name: 'Ada', age: 36, tags: ['math', 'engines'] },
    { name: 'Grace', age: 45, tags: [] },
    { name: 'Linus', age: 21, tags: ['kernel'] },
  ]);
  assert.deepEqual(inserted.map(({ id, ...rest }) => (assert.equal(typeof id, 'number'), rest)), [
    { name: 'Ada', age: 36, tags: ['math', 'engines'] },
    { name: 'Grace', age: 45, tags: [] },
    { name: 'Linus', age: 21, tags: ['kernel'] },
  ]);
  const found = await get('/in?name=Linus&name=Ada&name=Nobody');
  assert.deepEqual(found.rows, [{ name: 'Linus', age: 21 }, { name: 'Ada', age: 36 }]);
  assert.equal(found.count, 2);
  assert.deepEqual(found.columns, ['name', 'age']);
  assert.deepEqual(found.picked, [{ name: 'Ada', age: 36 }, { name: 'Grace', age: 45 }]);
  assert.deepEqual(await get('/update'), { name: 'Ada', age: 37 });
});

test('json/jsonb, arrays, bigint, numeric, timestamptz', { skip }, async () => {
  const doc = { a: 1, nested: { list: [1, 'two', null], flag: true }, text: 'é ✓' };
  const row = await get('/types');
  assert.deepEqual(row.jsonb, doc);
  assert.deepEqual(row.json, doc);
  assert.deepEqual(row.ints, [1, 2, 3]);
  assert.deepEqual(row.texts, ['a', 'b,c', 'd"e']);
  assert.deepEqual(row.matrix, [[1, 2], [3, 4]]);
  // types: { bigint: postgres.BigInt } → a BigInt beyond 2^53, exact.
  assert.equal(row.big, '9007199254740993n');
  assert.equal(row.bigType, 'bigint');
  // numeric stays an exact string.
  assert.equal(row.numeric, '12345678901234567890.123456789');
  assert.equal(row.atIsDate, true);
  assert.equal(row.at, '2024-02-29T12:34:56.789Z');
  assert.equal(row.parsed, '2023-12-31T22:00:00.000Z');
  assert.equal(row.nothing, null);
  assert.equal(row.yes, true);
  assert.equal(row.float, 1.5);
});

test('sql.begin commits, a failed savepoint rolls back alone, a throw rolls back all', { skip }, async () => {
  assert.deepEqual(await get('/transaction'), {
    savepointError: 'undo the savepoint',
    kept: [{ name: 'Tx kept' }],
    rolledBack: 'undo everything',
    names: ['Tx kept', 'Tx one'],
  });
});

test('a unique violation is a PostgresError with code 23505; the client stays usable', { skip }, async () => {
  const err = await get('/unique');
  assert.equal(err.code, '23505');
  assert.equal(err.isPostgresError, true);
  assert.equal(err.name, 'PostgresError');
  assert.equal(err.constraint, 'people_name_key');
  assert.equal(err.table, 'people');
  assert.match(err.message, /duplicate key value violates unique constraint "people_name_key"/);
  assert.equal(err.detail, 'Key (name)=(Ada) already exists.');
  assert.equal(err.ok, 'still usable');
});

test('sql.unsafe with several statements and with parameters', { skip }, async () => {
  assert.deepEqual(await get('/setup'), { count: 0 });
});

test('forEach and cursor(n) stream rows', { skip }, async () => {
  assert.deepEqual(await get('/iterate'), { seen: [1, 2, 3, 4, 5, 6, 7], batches: [[1, 2, 3], [4, 5, 6], [7]] });
});

test('concurrent queries on one client are pipelined on one connection', { skip }, async () => {
  const res = await get('/pipeline');
  assert.deepEqual(res.values, Array.from({ length: 20 }, (_, i) => i));
  assert.equal(res.pids, 1);
});
