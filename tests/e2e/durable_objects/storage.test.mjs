// ctx.storage end to end: a Durable Object class runs storage scenarios over RPC and the test
// checks what a Worker sees — the key-value API, list() options, limits and their messages,
// transactions, the SQL API and its cursor, the alarm, and data surviving kill -9.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEdged, writeProject } from '../lib/edged.mjs';

const config = {
  name: 'storage',
  main: 'src/index.js',
  compatibility_date: '2025-06-01',
  durable_objects: { bindings: [{ name: 'STORE', class_name: 'Store' }] },
  migrations: [{ tag: 'v1', new_sqlite_classes: ['Store'] }],
};

const worker = String.raw`
import { DurableObject } from 'cloudflare:workers';

const error = async (fn) => {
  try { await fn(); return 'no error'; } catch (e) { return e.name + ': ' + e.message; }
};
const entries = (map) => [...map];

export class Store extends DurableObject {
  async kv() {
    const s = this.ctx.storage;
    const out = {};
    out.missing = await s.get('missing');
    await s.put('a', { nested: [1, 2], when: new Date(0) });
    out.a = await s.get('a');
    await s.put({ b: 2, c: 3, skipped: undefined });
    out.many = entries(await s.get(['c', 'zz', 'a', 'b']));
    out.deleteOne = await s.delete('a');
    out.deleteAgain = await s.delete('a');
    out.deleteMany = await s.delete(['b', 'c', 'zz']);
    out.afterDelete = entries(await s.list());
    out.promise = s.get('x') instanceof Promise;
    return out;
  }
  async list() {
    const s = this.ctx.storage;
    for (const k of ['a', 'ab', 'abc', 'abd', 'b', 'ba', 'c']) await s.put(k, k.toUpperCase());
    const keys = async (o) => [...(await s.list(o)).keys()].join(',');
    return {
      all: await keys(),
      range: await keys({ start: 'ab', end: 'b' }),
      after: await keys({ startAfter: 'ab' }),
      prefix: await keys({ prefix: 'ab' }),
      reverse: await keys({ reverse: true, limit: 3 }),
      prefixReverse: await keys({ prefix: 'ab', reverse: true, limit: 2 }),
      both: await error(() => s.list({ start: 'a', startAfter: 'a' })),
      zero: await error(() => s.list({ limit: 0 })),
      values: entries(await s.list({ prefix: 'b' })),
    };
  }
  async limits() {
    const s = this.ctx.storage;
    return {
      tooMany: await error(() => s.get(Array.from({ length: 129 }, (_, i) => 'k' + i))),
      undefinedValue: await error(() => s.put('k', undefined)),
      clone: await error(() => s.put('k', () => 1)),
      deleteAllInTxn: await error(() => s.transaction((txn) => txn.deleteAll())),
    };
  }
  async transactions() {
    const s = this.ctx.storage;
    const out = {};
    out.thrown = await error(() => s.transaction(async (txn) => {
      await txn.put('t1', 1);
      throw new Error('boom');
    }));
    out.t1 = await s.get('t1');
    out.committed = await s.transaction(async (txn) => { await txn.put('t2', 2); return 'ok'; });
    out.t2 = await s.get('t2');
    await s.transaction(async (txn) => { await txn.put('t3', 3); txn.rollback(); });
    out.t3 = await s.get('t3');
    out.sync = s.transactionSync(() => { s.sql.exec('CREATE TABLE IF NOT EXISTS x (a)'); return 5; });
    out.syncThrown = await error(() => s.transactionSync(() => {
      s.sql.exec('INSERT INTO x VALUES (1)');
      throw new TypeError('nope');
    }));
    out.rows = s.sql.exec('SELECT count(*) AS n FROM x').one().n;
    let escaped;
    await s.transaction(async (txn) => { escaped = txn; });
    out.escaped = await error(() => escaped.get('t2'));
    return out;
  }
  sql() {
    const sql = this.ctx.storage.sql;
    const out = {};
    sql.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, data BLOB)');
    const insert = sql.exec('INSERT INTO t (name, data) VALUES (?, ?), (?, ?) RETURNING id',
      'one', new Uint8Array([1, 2]), 'two', null);
    out.inserted = insert.toArray();
    out.rowsWritten = insert.rowsWritten;
    const cursor = sql.exec('SELECT id, name FROM t ORDER BY id');
    out.columnNames = cursor.columnNames;
    out.first = cursor.next();
    out.rest = [...cursor];
    out.done = cursor.next();
    out.rowsRead = cursor.rowsRead;
    out.raw = sql.exec('SELECT id, name FROM t ORDER BY id').raw().toArray();
    out.one = sql.exec('SELECT name FROM t WHERE id = ?', 2).one();
    out.none = (() => { try { sql.exec('SELECT 1 WHERE 0').one(); } catch (e) { return e.message; } })();
    out.blob = sql.exec('SELECT data FROM t WHERE id = 1').one().data instanceof ArrayBuffer;
    out.types = sql.exec('SELECT typeof(?) AS n, typeof(?) AS b, ? AS v', 1, true, true).one();
    out.bigint = (() => { try { sql.exec('SELECT ?', 1n); } catch (e) { return e.name + ': ' + e.message; } })();
    out.reserved = (() => { try { sql.exec('SELECT * FROM _cf_KV'); } catch (e) { return e.message; } })();
    out.wrongCount = (() => { try { sql.exec('SELECT ?'); } catch (e) { return e.message; } })();
    out.size = sql.databaseSize > 0;
    return out;
  }
  async alarms() {
    const s = this.ctx.storage;
    const out = { before: await s.getAlarm() };
    const when = Date.now() + 3_600_000;
    await s.setAlarm(new Date(when));
    out.set = (await s.getAlarm()) === when;
    out.bad = await error(() => s.setAlarm(0));
    await s.deleteAlarm();
    out.after = await s.getAlarm();
    return out;
  }
  async write(key, value) { await this.ctx.storage.put(key, value); this.ctx.storage.sql.exec('CREATE TABLE IF NOT EXISTS w (v); INSERT INTO w VALUES (?)', value); return 'written'; }
  async read(key) {
    return { kv: await this.ctx.storage.get(key), sql: this.ctx.storage.sql.exec('SELECT v FROM w').toArray() };
  }
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const stub = env.STORE.getByName(url.searchParams.get('name') ?? url.pathname);
    const method = url.pathname.slice(1);
    const args = JSON.parse(url.searchParams.get('args') ?? '[]');
    return Response.json(await stub[method](...args));
  },
};
`;

const files = { 'wrangler.jsonc': config, 'src/index.js': worker };
const dataDir = mkdtempSync(join(tmpdir(), 'edged-do-storage-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

let server;
async function call(path, args) {
  const query = args ? `?args=${encodeURIComponent(JSON.stringify(args))}&name=persist` : '';
  const response = await fetch(server.url + path + query);
  const text = await response.text();
  assert.equal(response.status, 200, `${text}\n${server.logs()}`);
  return JSON.parse(text);
}

test('start', async () => {
  server = await startEdged({ files, args: ['--data-dir', dataDir] });
});
after(() => server?.stop());

test('get, put and delete one key or many', async () => {
  assert.deepEqual(await call('/kv'), {
    a: { nested: [1, 2], when: '1970-01-01T00:00:00.000Z' },
    many: [['a', { nested: [1, 2], when: '1970-01-01T00:00:00.000Z' }], ['b', 2], ['c', 3]],
    deleteOne: true,
    deleteAgain: false,
    deleteMany: 2,
    afterDelete: [],
    promise: true,
  });
});

test('list() with start, startAfter, end, prefix, reverse and limit', async () => {
  assert.deepEqual(await call('/list'), {
    all: 'a,ab,abc,abd,b,ba,c',
    range: 'ab,abc,abd',
    after: 'abc,abd,b,ba,c',
    prefix: 'ab,abc,abd',
    reverse: 'c,ba,b',
    prefixReverse: 'abd,abc',
    both: 'TypeError: list() cannot be called with both start and startAfter values.',
    zero: 'TypeError: List limit must be positive.',
    values: [['b', 'B'], ['ba', 'BA']],
  });
});

test('limits and argument errors read as on Cloudflare', async () => {
  const result = await call('/limits');
  assert.equal(result.tooMany,
    'RangeError: Maximum number of key value pairs is 128. 129 pairs were provided.');
  assert.equal(result.undefinedValue, 'TypeError: put() called with undefined value.');
  assert.match(result.clone, /^DataCloneError: /);
  assert.equal(result.deleteAllInTxn, 'Error: Cannot call deleteAll() within a transaction');
});

test('transaction() and transactionSync() commit or roll back', async () => {
  const result = await call('/transactions');
  assert.deepEqual({ ...result, escaped: undefined }, {
    thrown: 'Error: boom', committed: 'ok', t2: 2, sync: 5, syncThrown: 'TypeError: nope', rows: 0,
    escaped: undefined,
  });
  assert.match(result.escaped, /already committed/);
});

test('the SQL API and its cursor', async () => {
  assert.deepEqual(await call('/sql'), {
    inserted: [{ id: 1 }, { id: 2 }],
    rowsWritten: 2,
    columnNames: ['id', 'name'],
    first: { done: false, value: { id: 1, name: 'one' } },
    rest: [{ id: 2, name: 'two' }],
    done: { done: true },
    rowsRead: 2,
    raw: [[1, 'one'], [2, 'two']],
    one: { name: 'two' },
    none: 'Expected exactly one result from SQL query, but got no results.',
    blob: true,
    types: { n: 'real', b: 'text', v: 'true' },
    bigint: 'TypeError: Cannot convert a BigInt value to a number',
    reserved: 'access to _cf_KV.key is prohibited: SQLITE_AUTH',
    wrongCount: 'Wrong number of parameter bindings for SQL query.',
    size: true,
  });
});

test('getAlarm, setAlarm and deleteAlarm', async () => {
  assert.deepEqual(await call('/alarms'), {
    before: null, set: true, bad: 'TypeError: setAlarm() cannot be called with an alarm time <= 0',
    after: null,
  });
});

test('an acknowledged write survives kill -9', async () => {
  assert.equal(await call('/write', ['k', 'durable']), 'written');
  await server.process.kill('SIGKILL');
  await server.exited;
  server = await startEdged({ files, args: ['--data-dir', dataDir] });
  assert.deepEqual(await call('/read', ['k']), { kv: 'durable', sql: [{ v: 'durable' }] });
});
