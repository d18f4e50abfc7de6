// node-postgres (pg, tests/compat/pg): a CommonJS package whose require() calls of node:events,
// node:crypto, node:buffer, node:util, node:stream and node:dns edged's bundling answers as
// wrangler's does, through the Hyperdrive binding against a throwaway PostgreSQL
// (tests/e2e/lib/postgres.mjs): parameters, prepared statements, rowMode 'array', json/arrays/
// int8/numeric/timestamptz/bytea, a per-client type parser, transactions, DatabaseError's code,
// notices on the client's EventEmitter, and a Pool queueing ten queries over three connections.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { postgresMissing } from '../e2e/lib/postgres.mjs';
import { servePostgresWorker } from './lib/postgres_worker.mjs';
import { missingPackages } from './lib/serve.mjs';

const skip = missingPackages('pg') ?? postgresMissing() ?? undefined;
let worker;
before(async () => {
  if (skip) return;
  worker = await servePostgresWorker('pg');
  assert.deepEqual(await get('/setup'), { count: 0 });
});
after(async () => {
  await worker?.stop();
});

const get = (path, init) => worker.get(path, init);

test('parameters are sent apart from the SQL text', { skip }, async () => {
  assert.deepEqual(await get('/params?a=40&b=2&' + new URLSearchParams({ name: "x'; DROP" })),
    { sum: 42, shout: "X'; DROP", literal: true, rowCount: 1, fields: ['sum', 'shout', 'literal'] });
});

test('a named statement runs twice; rowMode array', { skip }, async () => {
  const body = await get('/insert', { method: 'POST', body: JSON.stringify([{ name: 'Ada', age: 36 }, { name: 'Linus', age: 21 }]) });
  assert.deepEqual(body.inserted, [{ name: 'Ada', age: 36 }, { name: 'Linus', age: 21 }]);
  assert.deepEqual(body.arrays, [['Linus', 21], ['Ada', 36]]);
});

test('json, arrays, int8 and numeric as strings, timestamptz as Date, bytea as Buffer', { skip }, async () => {
  assert.deepEqual(await get('/types'), {
    doc: { a: 1, nested: { list: [1, 'two', null] }, text: 'é ✓' },
    ints: [1, 2, 3],
    texts: ['a', 'b,c'],
    big: '9007199254740993',
    numeric: '12345678901234567890.5',
    at: '2024-02-29T12:34:56.789Z',
    atIsDate: true,
    nothing: null,
    yes: true,
    bytes: 'deadbeef',
  });
  assert.deepEqual(await get('/type-parser'), { big: '9007199254740993', type: 'bigint' });
});

test('BEGIN/COMMIT keeps a row, ROLLBACK drops one', { skip }, async () => {
  assert.deepEqual(await get('/transaction'), ['Tx kept']);
});

test('a unique violation is a DatabaseError with code 23505; the client stays usable', { skip }, async () => {
  const err = await get('/unique');
  assert.equal(err.isDatabaseError, true);
  assert.equal(err.code, '23505');
  assert.equal(err.constraint, 'people_name_key');
  assert.equal(err.detail, 'Key (name)=(Dup) already exists.');
  assert.match(err.message, /duplicate key value violates unique constraint "people_name_key"/);
  assert.equal(err.ok, 'still usable');
});

test('RAISE NOTICE reaches the client as a notice event', { skip }, async () => {
  assert.deepEqual(await get('/notice'), { notices: ['hello from plpgsql'] });
});

test('a Pool of three runs ten queries, queueing the rest', { skip }, async () => {
  const body = await get('/pool');
  assert.deepEqual(body.doubled, Array.from({ length: 10 }, (_, i) => i * 2));
  assert.equal(body.total, 3);
});
