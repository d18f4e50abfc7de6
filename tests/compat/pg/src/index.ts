// node-postgres on edged through the Hyperdrive binding, written as Cloudflare's Hyperdrive guide
// writes it: a Client per request, ended with ctx.waitUntil; a Pool for concurrent queries.
import pg from 'pg';

interface Env {
  HYPERDRIVE: Hyperdrive;
}

type Route = (client: pg.Client, request: Request, env: Env) => Promise<unknown>;

const routes: Record<string, Route> = {
  async '/setup'(client) {
    await client.query('DROP TABLE IF EXISTS people');
    await client.query('CREATE TABLE people (id serial PRIMARY KEY, name text NOT NULL UNIQUE, age int)');
    const { rows } = await client.query('SELECT count(*)::int AS count FROM people');
    return rows[0];
  },

  async '/params'(client, request) {
    const url = new URL(request.url);
    const { rows, rowCount, fields } = await client.query(
      'SELECT $1::int + $2::int AS sum, upper($3) AS shout, $3 = $4 AS literal',
      [url.searchParams.get('a'), url.searchParams.get('b'), url.searchParams.get('name'), "x'; DROP"],
    );
    return { ...rows[0], rowCount, fields: fields.map((f) => f.name) };
  },

  // Row arrays, a named (prepared) statement run twice, and an insert's RETURNING.
  async '/insert'(client, request) {
    const people = (await request.json()) as { name: string; age: number }[];
    const insert = { name: 'insert-person', text: 'INSERT INTO people (name, age) VALUES ($1, $2) RETURNING name, age' };
    const inserted = [];
    for (const person of people) {
      inserted.push((await client.query({ ...insert, values: [person.name, person.age] })).rows[0]);
    }
    const asArrays = await client.query({ text: 'SELECT name, age FROM people ORDER BY age', rowMode: 'array' });
    return { inserted, arrays: asArrays.rows };
  },

  async '/types'(client) {
    const doc = { a: 1, nested: { list: [1, 'two', null] }, text: 'é ✓' };
    const { rows } = await client.query(
      `SELECT $1::jsonb AS doc, ARRAY[1, 2, 3] AS ints, ARRAY['a', 'b,c'] AS texts,
              9007199254740993::int8 AS big, 12345678901234567890.5::numeric AS numeric,
              '2024-02-29T12:34:56.789Z'::timestamptz AS at, NULL::text AS nothing, true AS yes,
              '\\xdeadbeef'::bytea AS bytes`,
      [doc],
    );
    const [row] = rows;
    return {
      ...row,
      atIsDate: row.at instanceof Date,
      at: row.at.toISOString(),
      bytes: Buffer.isBuffer(row.bytes) ? row.bytes.toString('hex') : null,
    };
  },

  // A type parser for int8 replaces the string default, for this client only.
  async '/type-parser'(client, request, env) {
    const types = { getTypeParser: (oid: number, format?: string) => (oid === 20 ? BigInt : pg.types.getTypeParser(oid, format)) };
    const parsed = new pg.Client({ connectionString: env.HYPERDRIVE.connectionString, types });
    await parsed.connect();
    try {
      const { rows } = await parsed.query('SELECT 9007199254740993::int8 AS big');
      return { big: rows[0].big.toString(), type: typeof rows[0].big };
    } finally {
      await parsed.end();
    }
  },

  async '/transaction'(client) {
    await client.query('BEGIN');
    await client.query('INSERT INTO people (name, age) VALUES ($1, $2)', ['Tx kept', 1]);
    await client.query('COMMIT');
    await client.query('BEGIN');
    await client.query('INSERT INTO people (name, age) VALUES ($1, $2)', ['Tx undone', 2]);
    await client.query('ROLLBACK');
    const { rows } = await client.query("SELECT name FROM people WHERE name LIKE 'Tx%' ORDER BY name");
    return rows.map((r) => r.name);
  },

  async '/unique'(client) {
    await client.query("INSERT INTO people (name, age) VALUES ('Dup', 1) ON CONFLICT DO NOTHING");
    try {
      await client.query("INSERT INTO people (name, age) VALUES ('Dup', 2)");
      return { error: null };
    } catch (error) {
      const e = error as pg.DatabaseError;
      const { rows } = await client.query("SELECT 'still usable' AS ok");
      return { isDatabaseError: e instanceof pg.DatabaseError, code: e.code, constraint: e.constraint, detail: e.detail, message: e.message, ok: rows[0].ok };
    }
  },

  // RAISE NOTICE reaches the client's EventEmitter.
  async '/notice'(client) {
    const notices: string[] = [];
    client.on('notice', (notice) => notices.push(notice.message ?? ''));
    await client.query("DO $$ BEGIN RAISE NOTICE 'hello from plpgsql'; END $$");
    return { notices };
  },

  // A Pool of three runs ten queries at once, queueing the rest.
  async '/pool'(_client, _request, env) {
    const pool = new pg.Pool({ connectionString: env.HYPERDRIVE.connectionString, max: 3 });
    try {
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => pool.query('SELECT $1::int * 2 AS doubled, pg_sleep(0.01)', [i])),
      );
      return { doubled: results.map((r) => r.rows[0].doubled), total: pool.totalCount };
    } finally {
      await pool.end();
    }
  },
};

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    const route = routes[new URL(request.url).pathname];
    if (!route) return new Response('not found', { status: 404 });
    const client = new pg.Client({ connectionString: env.HYPERDRIVE.connectionString });
    await client.connect();
    try {
      return Response.json(await route(client, request, env));
    } catch (error) {
      const e = error as Error;
      return Response.json({ error: e.message, stack: e.stack }, { status: 500 });
    } finally {
      ctx.waitUntil(client.end());
    }
  },
};
