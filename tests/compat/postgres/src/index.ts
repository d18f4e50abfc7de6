// postgres (postgres.js) on edged through the Hyperdrive binding: tests/compat/postgres.test.mjs
// serves this Worker. One client per request, closed after the response with ctx.waitUntil, as
// Cloudflare's Hyperdrive guide writes it.
import postgres from 'postgres';

interface Env {
  HYPERDRIVE: Hyperdrive;
}

type Sql = ReturnType<typeof postgres>;

// JSON cannot carry BigInt: send it as a tagged string so the test sees it was a BigInt.
const toJson = (value: unknown) =>
  Response.json(JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v))));

const routes: Record<string, (sql: Sql, request: Request) => Promise<Response>> = {
  // sql.unsafe runs several statements through the simple query protocol.
  async '/setup'(sql) {
    await sql.unsafe(`
      DROP TABLE IF EXISTS people;
      CREATE TABLE people (id serial PRIMARY KEY, name text NOT NULL UNIQUE, age int, tags text[] DEFAULT '{}');
    `);
    const [{ count }] = await sql.unsafe('SELECT count(*)::int AS count FROM people WHERE age > $1', [0]);
    return toJson({ count });
  },

  async '/params'(sql, request) {
    const url = new URL(request.url);
    const a = Number(url.searchParams.get('a'));
    const b = Number(url.searchParams.get('b'));
    const name = url.searchParams.get('name');
    const [row] = await sql`SELECT ${a}::int + ${b}::int AS sum, upper(${name}) AS shout, ${name} = 'x''; DROP' AS literal`;
    return toJson(row);
  },

  // sql(objects, ...columns) for a multi-row insert; sql(list) for IN.
  async '/insert'(sql, request) {
    const people = (await request.json()) as { name: string; age: number; tags: string[] }[];
    const inserted = await sql`INSERT INTO people ${sql(people, 'name', 'age', 'tags')} RETURNING id, name, age, tags`;
    return toJson(inserted);
  },

  async '/in'(sql, request) {
    const names = new URL(request.url).searchParams.getAll('name');
    const rows = await sql`SELECT name, age FROM people WHERE name IN ${sql(names)} ORDER BY age`;
    const columns = ['name', 'age'];
    const picked = await sql`SELECT ${sql(columns)} FROM people WHERE age >= ${30} ORDER BY name`;
    return toJson({ rows, picked, count: rows.count, columns: rows.columns.map((c) => c.name) });
  },

  async '/update'(sql) {
    const patch = { age: 37 };
    const [row] = await sql`UPDATE people SET ${sql(patch, 'age')} WHERE name = ${'Ada'} RETURNING name, age`;
    return toJson(row);
  },

  // Arrays go as plain JS arrays with a cast: postgres.js 3.4.9 sends `${sql.array([1, 2, 3])}::int[]`
  // as the text "1,2,3", which PostgreSQL rejects (in Node as well).
  async '/types'(sql) {
    const doc = { a: 1, nested: { list: [1, 'two', null], flag: true }, text: 'é ✓' };
    const [row] = await sql`
      SELECT ${sql.json(doc)}::jsonb AS jsonb,
             ${sql.json(doc)}::json AS json,
             ${[1, 2, 3]}::int[] AS ints,
             ${['a', 'b,c', 'd"e']}::text[] AS texts,
             ARRAY[[1,2],[3,4]]::int[] AS matrix,
             9007199254740993::bigint AS big,
             ${'12345678901234567890.123456789'}::numeric AS numeric,
             ${new Date('2024-02-29T12:34:56.789Z')}::timestamptz AS at,
             '2024-01-01 00:00:00+02'::timestamptz AS parsed,
             NULL::text AS nothing,
             true AS yes,
             1.5::float8 AS float`;
    return toJson({ ...row, atIsDate: row.at instanceof Date, bigType: typeof row.big, at: row.at.toISOString(), parsed: row.parsed.toISOString() });
  },

  // sql.begin with a savepoint: the savepoint's failed insert rolls back alone.
  async '/transaction'(sql) {
    const result = await sql.begin(async (tx) => {
      await tx`INSERT INTO people (name, age) VALUES ('Tx one', 1)`;
      const savepointError = await tx
        .savepoint(async (sp) => {
          await sp`INSERT INTO people (name, age) VALUES ('Tx inner', 2)`;
          throw new Error('undo the savepoint');
        })
        .catch((e: Error) => e.message);
      const kept = await tx.savepoint((sp) => sp`INSERT INTO people (name, age) VALUES ('Tx kept', 3) RETURNING name`);
      return { savepointError, kept };
    });
    const rolledBack = await sql
      .begin(async (tx) => {
        await tx`INSERT INTO people (name, age) VALUES ('Tx gone', 4)`;
        throw new Error('undo everything');
      })
      .catch((e: Error) => e.message);
    const names = await sql`SELECT name FROM people WHERE name LIKE 'Tx %' ORDER BY name`;
    return toJson({ ...result, rolledBack, names: names.map((r) => r.name) });
  },

  async '/unique'(sql) {
    try {
      await sql`INSERT INTO people (name, age) VALUES ('Ada', 99)`;
    } catch (e) {
      const error = e as postgres.PostgresError;
      const [{ ok }] = await sql`SELECT 'still usable' AS ok`;
      return toJson({
        name: error.name, code: error.code, constraint: error.constraint_name, table: error.table_name,
        isPostgresError: error instanceof postgres.PostgresError, message: error.message, detail: error.detail, ok,
      });
    }
    return new Response('no error', { status: 500 });
  },

  async '/iterate'(sql) {
    const seen: number[] = [];
    await sql`SELECT n FROM generate_series(1, 7) AS n`.forEach((row) => { seen.push(row.n); });
    const batches: number[][] = [];
    for await (const rows of sql`SELECT n FROM generate_series(1, 7) AS n`.cursor(3)) {
      batches.push(rows.map((r) => r.n));
    }
    return toJson({ seen, batches });
  },

  // Many queries in flight on one connection (max: 1): postgres.js pipelines them.
  async '/pipeline'(sql) {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => sql`SELECT ${i}::int AS i, pg_backend_pid() AS pid`),
    );
    return toJson({ values: results.map(([r]) => r.i), pids: new Set(results.map(([r]) => r.pid)).size });
  },
};

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    const route = routes[new URL(request.url).pathname];
    if (!route) return new Response('not found', { status: 404 });
    const sql = postgres(env.HYPERDRIVE.connectionString, { max: 1, types: { bigint: postgres.BigInt } });
    try {
      return await route(sql, request);
    } catch (e) {
      return Response.json({ error: (e as Error).message }, { status: 500 });
    } finally {
      ctx.waitUntil(sql.end());
    }
  },
};
