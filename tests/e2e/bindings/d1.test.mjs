// D1 end to end: a Worker bound to a D1 database runs queries and the test checks what it sees —
// result shapes and meta, D1's parameter types, its error texts, atomic batches, exec(), dump(),
// sessions, data surviving a restart, writers on two threads, and `edged d1 execute` /
// `edged d1 migrations apply` on the same files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEdged, writeProject, runEdged } from '../lib/edged.mjs';

const config = {
  name: 'd1',
  main: 'src/index.js',
  compatibility_date: '2025-06-01',
  d1_databases: [{ binding: 'DB', database_name: 'main-db', database_id: 'a1b2c3' }],
};

const worker = String.raw`
const error = async (fn) => {
  try { await fn(); return 'no error'; } catch (e) {
    return e.name + ': ' + e.message + (e.cause ? ' | cause: ' + e.cause.message : '');
  }
};

const scenarios = {
  async basics(db) {
    await db.prepare('DROP TABLE IF EXISTS users').run();
    const created = await db.prepare('CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, score REAL, active INTEGER, data BLOB)').run();
    const insert = db.prepare('INSERT INTO users (name, score, active, data) VALUES (?, ?, ?, ?)');
    const one = await insert.bind('ada', 1.5, true, new Uint8Array([1, 2, 3])).run();
    await insert.bind('bob', 2, false, new Uint8Array([9]).buffer).run();
    await insert.bind('cy', NaN, false, [4, 5]).run();
    const all = await db.prepare('SELECT * FROM users ORDER BY id').all();
    return {
      createdKeys: Object.keys(created),
      createdSuccess: created.success,
      run: { changes: one.meta.changes, last_row_id: one.meta.last_row_id, changed_db: one.meta.changed_db,
             rows_written: one.meta.rows_written, results: one.results,
             metaTypes: ['duration', 'size_after', 'rows_read'].map((k) => typeof one.meta[k]) },
      all: all.results,
      allReadOnly: all.meta.changed_db,
      first: await db.prepare('SELECT name, score FROM users WHERE id = ?').bind(2).first(),
      firstColumn: await db.prepare('SELECT name FROM users WHERE id = ?').bind(1).first('name'),
      firstNone: await db.prepare('SELECT name FROM users WHERE id = ?').bind(99).first(),
      firstMissingColumn: await error(() => db.prepare('SELECT name FROM users').first('nope')),
      raw: await db.prepare('SELECT id, name FROM users ORDER BY id').raw(),
      rawNames: await db.prepare('SELECT id, name FROM users WHERE id = 1').raw({ columnNames: true }),
      rawNamesEmpty: await db.prepare('SELECT id, name FROM users WHERE id = 0').raw({ columnNames: true }),
      types: await db.prepare('SELECT typeof(?) AS a, typeof(?) AS b, typeof(?) AS c, typeof(?) AS d, typeof(?) AS e').bind(1, 1.25, 'x', null, true).first(),
      numbered: await db.prepare('SELECT ?2 AS two, ?1 AS one').bind('a', 'b').first(),
      bigint: await db.prepare('SELECT CAST(?1 AS TEXT) AS text, typeof(?1) AS type, CAST(?2 AS TEXT) AS min').bind(9007199254740993n, -(2n ** 63n)).first(),
      multi: (await db.prepare('CREATE TABLE IF NOT EXISTS m (a); INSERT INTO m VALUES (7); SELECT a FROM m').all()).results,
      statementProps: (() => { const s = db.prepare('SELECT ?').bind(1); return [s.statement, s.params]; })(),
    };
  },
  async errors(db) {
    const sync = (fn) => { try { fn(); return 'no error'; } catch (e) { return e.name + ': ' + e.message; } };
    return {
      undefinedParam: sync(() => db.prepare('SELECT ?').bind(undefined)),
      bigint: sync(() => db.prepare('SELECT ?').bind(2n ** 63n)),
      object: sync(() => db.prepare('SELECT ?').bind({})),
      notBytes: sync(() => db.prepare('SELECT ?').bind([1, 300])),
      noTable: await error(() => db.prepare('SELECT * FROM nowhere').all()),
      syntax: await error(() => db.prepare('SELEC 1').run()),
      paramCount: await error(() => db.prepare('SELECT ?, ?').bind(1).all()),
      empty: await error(() => db.prepare('  ').all()),
      begin: (await error(() => db.prepare('BEGIN TRANSACTION').run())).slice(0, 60),
      internalTable: await error(() => db.prepare('SELECT * FROM _cf_D1').all()),
      batchNotArray: await error(() => db.batch('SELECT 1')),
      emptyBatch: await error(() => db.batch([])),
      session: sync(() => db.withSession(5)),
    };
  },
  async batch(db) {
    await db.exec('DROP TABLE IF EXISTS t\nCREATE TABLE t (a INTEGER UNIQUE)');
    const failed = await error(() => db.batch([
      db.prepare('INSERT INTO t VALUES (?)').bind(1),
      db.prepare('INSERT INTO t VALUES (?)').bind(1),
    ]));
    const afterFailure = await db.prepare('SELECT count(*) AS n FROM t').first('n');
    const results = await db.batch([
      db.prepare('INSERT INTO t VALUES (?)').bind(1),
      db.prepare('INSERT INTO t VALUES (?)').bind(2),
      db.prepare('SELECT a FROM t ORDER BY a'),
    ]);
    return { failed, afterFailure, results: results.map((r) => [r.success, r.results, r.meta.changes]) };
  },
  async exec(db) {
    const done = await db.exec('DROP TABLE IF EXISTS e\n  CREATE TABLE e (a);\n\nINSERT INTO e VALUES (1); INSERT INTO e VALUES (2)\n');
    const failed = await error(() => db.exec('INSERT INTO e VALUES (3)\nINSERT INTO nowhere VALUES (1)'));
    return {
      count: done.count, duration: typeof done.duration, failed,
      rows: await db.prepare('SELECT count(*) AS n FROM e').first('n'),
      notString: await error(() => db.exec(5)),
    };
  },
  async dump(db) {
    const bytes = await db.dump();
    return { isArrayBuffer: bytes instanceof ArrayBuffer, header: new TextDecoder().decode(new Uint8Array(bytes, 0, 15)) };
  },
  async session(db) {
    await db.exec('CREATE TABLE IF NOT EXISTS s (a)');
    const session = db.withSession();
    const before = session.getBookmark();
    await session.prepare('INSERT INTO s VALUES (?)').bind(1).run();
    const first = session.getBookmark();
    const batch = await session.batch([session.prepare('INSERT INTO s VALUES (2)'), session.prepare('SELECT count(*) AS n FROM s')]);
    const second = session.getBookmark();
    const resumed = db.withSession(second);
    return {
      before, firstIsString: typeof first === 'string', advanced: second > first,
      count: batch[1].results[0].n,
      resumed: resumed.getBookmark() === second,
      primary: db.withSession('first-primary').getBookmark(),
      methods: Object.getOwnPropertyNames(Object.getPrototypeOf(session)).sort(),
    };
  },
  async counter(db) {
    await db.batch([db.prepare('INSERT INTO hits (at) VALUES (?)').bind(Date.now()),
                    db.prepare('UPDATE counter SET n = n + 1')]);
    return 'ok';
  },
  async setupCounter(db) {
    await db.exec('CREATE TABLE IF NOT EXISTS counter (n INTEGER)\nCREATE TABLE IF NOT EXISTS hits (at INTEGER)\nDELETE FROM counter\nDELETE FROM hits\nINSERT INTO counter VALUES (0)');
    return 'ok';
  },
  async readCounter(db) {
    return { n: await db.prepare('SELECT n FROM counter').first('n'), hits: await db.prepare('SELECT count(*) AS c FROM hits').first('c') };
  },
  async query(db, url) {
    return (await db.prepare(url.searchParams.get('sql')).all()).results;
  },
};

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const scenario = scenarios[url.pathname.slice(1)];
    if (!scenario) return new Response('not found', { status: 404 });
    try {
      return Response.json(await scenario(env.DB, url));
    } catch (e) {
      return new Response(String(e.stack ?? e), { status: 500 });
    }
  },
};
`;

const project = (extra = {}) => ({ 'wrangler.jsonc': { ...config, ...extra }, 'src/index.js': worker });

async function get(server, path) {
  const response = await fetch(server.url + path);
  const text = await response.text();
  assert.equal(response.status, 200, text);
  return JSON.parse(text);
}

test('queries, results and meta as D1 returns them', async () => {
  const server = await startEdged({ files: project() });
  try {
    const out = await get(server, '/basics');
    assert.deepEqual(out.createdKeys, ['success', 'meta', 'results']);
    assert.equal(out.createdSuccess, true);
    assert.deepEqual(out.run, { changes: 1, last_row_id: 1, changed_db: true, rows_written: 1, results: [],
                                metaTypes: ['number', 'number', 'number'] });
    assert.deepEqual(out.all, [
      { id: 1, name: 'ada', score: 1.5, active: 1, data: [1, 2, 3] },
      { id: 2, name: 'bob', score: 2, active: 0, data: [9] },
      { id: 3, name: 'cy', score: null, active: 0, data: [4, 5] },
    ]);
    assert.equal(out.allReadOnly, false);
    assert.deepEqual(out.first, { name: 'bob', score: 2 });
    assert.equal(out.firstColumn, 'ada');
    assert.equal(out.firstNone, null);
    assert.equal(out.firstMissingColumn, 'Error: D1_COLUMN_NOTFOUND: Column not found (nope) | cause: Column not found');
    assert.deepEqual(out.raw, [[1, 'ada'], [2, 'bob'], [3, 'cy']]);
    assert.deepEqual(out.rawNames, [['id', 'name'], [1, 'ada']]);
    assert.deepEqual(out.rawNamesEmpty, [['id', 'name']]);
    assert.deepEqual(out.types, { a: 'integer', b: 'real', c: 'text', d: 'null', e: 'integer' });
    assert.deepEqual(out.numbered, { two: 'b', one: 'a' });
    assert.deepEqual(out.bigint, { text: '9007199254740993', type: 'integer', min: '-9223372036854775808' });
    assert.deepEqual(out.multi, [{ a: 7 }]);
    assert.deepEqual(out.statementProps, ['SELECT ?', [1]]);
  } finally {
    await server.stop();
  }
});

test('bad arguments and SQL errors read as on Cloudflare', async () => {
  const server = await startEdged({ files: project() });
  try {
    const out = await get(server, '/errors');
    assert.equal(out.undefinedParam, "Error: D1_TYPE_ERROR: Type 'undefined' not supported for value 'undefined'");
    assert.equal(out.bigint, "Error: D1_TYPE_ERROR: BigInt value '9223372036854775808' does not fit a 64-bit INTEGER");
    assert.equal(out.object, "Error: D1_TYPE_ERROR: Type 'object' not supported for value '[object Object]'");
    assert.equal(out.notBytes, "Error: D1_TYPE_ERROR: Type 'object' not supported for value '1,300'");
    assert.equal(out.noTable, 'Error: D1_ERROR: no such table: nowhere: SQLITE_ERROR | cause: no such table: nowhere: SQLITE_ERROR');
    assert.equal(out.syntax, 'Error: D1_ERROR: near "SELEC": syntax error: SQLITE_ERROR | cause: near "SELEC": syntax error: SQLITE_ERROR');
    assert.equal(out.paramCount, 'Error: D1_ERROR: Wrong number of parameter bindings for SQL query. | cause: Wrong number of parameter bindings for SQL query.');
    assert.equal(out.empty, 'Error: D1_ERROR: No SQL statements detected. | cause: No SQL statements detected.');
    assert.equal(out.begin, 'Error: D1_ERROR: To execute a transaction, please use the st');
    assert.equal(out.internalTable, 'Error: D1_ERROR: access to _cf_D1.key is prohibited: SQLITE_AUTH | cause: access to _cf_D1.key is prohibited: SQLITE_AUTH');
    assert.equal(out.batchNotArray, 'TypeError: statements.map is not a function');
    assert.equal(out.emptyBatch, 'Error: D1_ERROR: No SQL statements detected. | cause: No SQL statements detected.');
    assert.equal(out.session, 'TypeError: constraintOrBookmark?.trim is not a function');
  } finally {
    await server.stop();
  }
});

test('batch() is atomic, exec() runs lines, dump() and sessions work', async () => {
  const server = await startEdged({ files: project() });
  try {
    const batch = await get(server, '/batch');
    assert.equal(batch.failed, 'Error: D1_ERROR: UNIQUE constraint failed: t.a: SQLITE_CONSTRAINT | cause: UNIQUE constraint failed: t.a: SQLITE_CONSTRAINT');
    assert.equal(batch.afterFailure, 0);
    assert.deepEqual(batch.results, [[true, [], 1], [true, [], 1], [true, [{ a: 1 }, { a: 2 }], 0]]);

    const exec = await get(server, '/exec');
    assert.deepEqual(exec, {
      count: 3, duration: 'number', rows: 2,
      failed: 'Error: D1_EXEC_ERROR: Error in line 2: INSERT INTO nowhere VALUES (1): no such table: nowhere: SQLITE_ERROR | cause: Error in line 2: INSERT INTO nowhere VALUES (1): no such table: nowhere: SQLITE_ERROR',
      notString: 'TypeError: query.trim is not a function',
    });

    assert.deepEqual(await get(server, '/dump'), { isArrayBuffer: true, header: 'SQLite format 3' });

    const session = await get(server, '/session');
    assert.deepEqual(session, {
      before: null, firstIsString: true, advanced: true, count: 2, resumed: true, primary: null,
      methods: ['batch', 'constructor', 'getBookmark', 'prepare'],
    });
  } finally {
    await server.stop();
  }
});

test('data survives a restart, and writers on two threads lose nothing', async () => {
  const dir = writeProject(project());
  const dataDir = mkdtempSync(join(tmpdir(), 'edged-d1-data-'));
  try {
    let server = await startEdged({ config: join(dir, 'wrangler.jsonc'), args: ['--data-dir', dataDir, '--threads', '2'] });
    await get(server, '/setupCounter');
    const requests = [];
    for (let i = 0; i < 200; i++) requests.push(get(server, '/counter'));
    await Promise.all(requests);
    assert.deepEqual(await get(server, '/readCounter'), { n: 200, hits: 200 });
    await server.stop('SIGKILL');

    server = await startEdged({ config: join(dir, 'wrangler.jsonc'), args: ['--data-dir', dataDir] });
    assert.deepEqual(await get(server, '/readCounter'), { n: 200, hits: 200 });
    await server.stop();
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('edged d1 execute and migrations apply act on the data the Worker sees', async () => {
  const dir = writeProject(project());
  const configPath = join(dir, 'wrangler.jsonc');
  const dataDir = join(dir, '.edged');
  try {
    mkdirSync(join(dir, 'migrations'));
    writeFileSync(join(dir, 'migrations', '0001_init.sql'), 'CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);\n-- seed\nINSERT INTO notes (body) VALUES (\'first; note\');\n');
    writeFileSync(join(dir, 'migrations', '0002_more.sql'), 'ALTER TABLE notes ADD COLUMN pinned INTEGER DEFAULT 0;');

    let run = await runEdged(['d1', 'migrations', 'apply', 'main-db', '--local', '--config', configPath]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /0001_init\.sql[\s\S]*0002_more\.sql/);
    run = await runEdged(['d1', 'migrations', 'apply', 'DB', '--config', configPath]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /No migrations to apply/);

    run = await runEdged(['d1', 'execute', 'DB', '--config', configPath, '--command', "INSERT INTO notes (body) VALUES ('second'); SELECT body, pinned FROM notes ORDER BY id"]);
    assert.equal(run.code, 0, run.stderr);
    const printed = JSON.parse(run.stdout);
    assert.equal(printed.length, 2);
    assert.deepEqual(printed[1].results, [{ body: 'first; note', pinned: 0 }, { body: 'second', pinned: 0 }]);
    assert.equal(printed[0].meta.changes, 1);

    writeFileSync(join(dir, 'more.sql'), "INSERT INTO notes (body) VALUES ('third');\n");
    run = await runEdged(['d1', 'execute', 'main-db', '--config', configPath, '--file', join(dir, 'more.sql')]);
    assert.equal(run.code, 0, run.stderr);

    run = await runEdged(['d1', 'execute', 'DB', '--config', configPath, '--command', 'SELECT * FROM nowhere']);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /no such table: nowhere: SQLITE_ERROR/);
    run = await runEdged(['d1', 'execute', 'NOPE', '--config', configPath, '--command', 'SELECT 1']);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /no d1_databases binding or database_name "NOPE"/);

    const server = await startEdged({ config: configPath, args: ['--data-dir', dataDir] });
    try {
      const rows = await get(server, '/query?sql=' + encodeURIComponent('SELECT body FROM notes ORDER BY id'));
      assert.deepEqual(rows, [{ body: 'first; note' }, { body: 'second' }, { body: 'third' }]);
      const applied = await get(server, '/query?sql=' + encodeURIComponent('SELECT name FROM d1_migrations ORDER BY id'));
      assert.deepEqual(applied, [{ name: '0001_init.sql' }, { name: '0002_more.sql' }]);
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
