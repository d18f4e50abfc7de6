// Hyperdrive against a real PostgreSQL server (Debian's postgresql, started here): the seed's
// hyperdrive_connect_to_postgres example runs unchanged with postgres.js bundled from
// tests/compat; transactions commit and roll back through the pool; concurrent requests share
// at most the pool's 20 origin connections; prepared statements are reused across requests;
// a missing connection string is a config error; an unreachable origin fails fast.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { startEdged, writeProject, runEdged, freePort } from '../lib/edged.mjs';
import { seedBlock } from '../lib/seeds.mjs';
import { postgresMissing, startPostgres, APP_PASSWORD } from '../lib/postgres.mjs';

const missing = postgresMissing();
const compatModules = new URL('../../compat/node_modules', import.meta.url).pathname;
let pg;

before(async () => {
  if (missing) return;
  pg = await startPostgres();
  pg.psql('CREATE TABLE items (id serial PRIMARY KEY, name text NOT NULL)', { database: 'appdb' });
  pg.psql('ALTER TABLE items OWNER TO app', { database: 'appdb' });
});
after(async () => { await pg?.stop(); });

// A project whose bare imports (postgres) resolve to tests/compat's pinned packages.
function project(files) {
  const dir = writeProject(files);
  symlinkSync(compatModules, join(dir, 'node_modules'));
  return dir;
}

const appWorker = `
import postgres from 'postgres';
export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    const sql = postgres(env.HYPERDRIVE.connectionString);
    try {
      switch (url.pathname) {
        case '/binding': {
          const h = env.HYPERDRIVE;
          return Response.json({ connectionString: h.connectionString, host: h.host, port: h.port, user: h.user,
            password: h.password, database: h.database, env: JSON.stringify(env), connect: typeof h.connect });
        }
        case '/commit':
          await sql.begin(async (tx) => {
            await tx\`INSERT INTO items (name) VALUES ('committed-1')\`;
            await tx\`INSERT INTO items (name) VALUES (\${'committed-2'})\`;
          });
          return Response.json(await sql\`SELECT name FROM items WHERE name LIKE 'committed-%' ORDER BY name\`);
        case '/rollback':
          try {
            await sql.begin(async (tx) => {
              await tx\`INSERT INTO items (name) VALUES ('rolled-back')\`;
              throw new Error('abort the transaction');
            });
          } catch (e) {
            const [{ count }] = await sql\`SELECT count(*)::int AS count FROM items WHERE name = 'rolled-back'\`;
            return Response.json({ error: e.message, count });
          }
          return new Response('not rolled back', { status: 500 });
        case '/sleep': {
          const [{ one }] = await sql\`SELECT pg_sleep(0.3), 1 AS one\`;
          return Response.json({ one });
        }
        case '/cancel': {
          const started = Date.now();
          const query = sql\`SELECT pg_sleep(10)\`;
          setTimeout(() => query.cancel(), 300);
          try {
            await query;
            return new Response('not cancelled', { status: 500 });
          } catch (e) {
            const [{ ok }] = await sql\`SELECT 'still usable' AS ok\`;
            return Response.json({ code: e.code, ms: Date.now() - started, ok });
          }
        }
        case '/lookup': {
          const rows = await sql\`SELECT name FROM items WHERE name = \${url.searchParams.get('name')}\`;
          const statements = await sql\`SELECT name, statement FROM pg_prepared_statements ORDER BY name\`;
          return Response.json({ rows, statements });
        }
        case '/error': {
          try {
            await sql\`SELECT * FROM no_such_table\`;
          } catch (e) {
            const [{ ok }] = await sql\`SELECT 'still usable' AS ok\`;
            return Response.json({ error: e.message, ok });
          }
          return new Response('no error', { status: 500 });
        }
      }
      return new Response('not found', { status: 404 });
    } catch (e) {
      return Response.json({ error: e.message }, { status: 500 });
    } finally {
      ctx.waitUntil(sql.end());
    }
  },
};
`;

test('the seed hyperdrive_connect_to_postgres runs unchanged', { skip: missing ?? false }, async () => {
  const dir = project({
    // The seed's configuration, with the compatibility flag the guide's configuration
    // requirements put in every config (postgres.js imports node:buffer and node:events); the
    // connection string comes from wrangler's variable.
    'wrangler.jsonc': {
      name: 'hyperdrive-postgres',
      main: 'src/index.ts',
      compatibility_date: '2025-02-11',
      compatibility_flags: ['nodejs_compat'],
      hyperdrive: [{ binding: 'HYPERDRIVE', id: '<YOUR_DATABASE_ID>' }],
    },
    'src/index.ts': seedBlock('workers-platform-guide.md', '<example id="hyperdrive_connect_to_postgres">'),
  });
  const edged = await startEdged({
    config: join(dir, 'wrangler.jsonc'),
    env: { CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE: pg.url() },
  });
  try {
    const response = await fetch(edged.url);
    const body = await response.json();
    assert.equal(response.status, 200, JSON.stringify(body));
    assert.ok(body.some((t) => t.tablename === 'items' && t.tableowner === 'app'), JSON.stringify(body));
    // console.log(JSON.stringify(env)) shows no credentials.
    assert.doesNotMatch(edged.logs(), /password|app p@ss/);
  } finally {
    await edged.stop();
  }
});

test('transactions, errors, pooling and prepared statements through the endpoint', { skip: missing ?? false }, async () => {
  const dir = project({
    'wrangler.jsonc': {
      name: 'hyperdrive-app',
      main: 'index.js',
      compatibility_date: '2025-02-11',
      compatibility_flags: ['nodejs_compat'],
      hyperdrive: [{ binding: 'HYPERDRIVE', id: 'app-db', localConnectionString: 'postgres://ignored@127.0.0.1:1/x' }],
    },
    'index.js': appWorker,
  });
  // The environment wins over the file (the older variable name is accepted too).
  const edged = await startEdged({
    config: join(dir, 'wrangler.jsonc'),
    env: { WRANGLER_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE: pg.url() },
  });
  try {
    const binding = await (await fetch(`${edged.url}/binding`)).json();
    assert.equal(binding.host, '127.0.0.1');
    assert.equal(binding.database, 'appdb');
    assert.notEqual(binding.port, pg.port);
    assert.notEqual(binding.user, 'app');
    assert.notEqual(binding.password, APP_PASSWORD);
    assert.equal(binding.connect, 'function');
    assert.equal(binding.connectionString,
      `postgresql://${binding.user}:${binding.password}@127.0.0.1:${binding.port}/appdb?sslmode=disable`);
    assert.equal(JSON.parse(binding.env).HYPERDRIVE !== undefined, true);
    assert.doesNotMatch(binding.env, new RegExp(binding.password));

    const committed = await fetch(`${edged.url}/commit`);
    assert.deepEqual(await committed.json(), [{ name: 'committed-1' }, { name: 'committed-2' }]);
    const rolledBack = await (await fetch(`${edged.url}/rollback`)).json();
    assert.deepEqual(rolledBack, { error: 'abort the transaction', count: 0 });
    const failed = await (await fetch(`${edged.url}/error`)).json();
    assert.deepEqual(failed, { error: 'relation "no_such_table" does not exist', ok: 'still usable' });
    // postgres.js's cancel() sends a CancelRequest with the key the endpoint gave it; the
    // endpoint forwards it with the origin's key: 57014 long before the 10 s sleep ends.
    const cancelled = await (await fetch(`${edged.url}/cancel`)).json();
    assert.equal(cancelled.code, '57014', JSON.stringify(cancelled));
    assert.ok(cancelled.ms < 5000, `cancelled after ${cancelled.ms} ms`);
    assert.equal(cancelled.ok, 'still usable');

    // 40 requests at once, each holding a connection 300 ms: the origin sees at most 20.
    let peak = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const count = Number(pg.psql("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'edged hyperdrive'"));
        peak = Math.max(peak, count);
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const started = Date.now();
    const responses = await Promise.all(Array.from({ length: 40 }, () => fetch(`${edged.url}/sleep`)));
    sampling = false;
    await sampler;
    for (const r of responses) assert.deepEqual(await r.json(), { one: 1 });
    assert.ok(peak >= 2 && peak <= 20, `origin connections at peak: ${peak}`);
    // Shared, not serialised: 40 × 300 ms would take 12 s on one connection.
    assert.ok(Date.now() - started < 6000, `took ${Date.now() - started} ms`);

    // Each request is a new postgres.js client with its own statement names; the origin keeps
    // one prepared statement per distinct query however many clients used it.
    let statements;
    for (let i = 0; i < 5; i++) {
      const lookup = await (await fetch(`${edged.url}/lookup?name=committed-1`)).json();
      assert.deepEqual(lookup.rows, [{ name: 'committed-1' }]);
      statements = lookup.statements;
    }
    const lookups = statements.filter((s) => s.statement.includes('WHERE name = $1'));
    assert.equal(lookups.length, 1, JSON.stringify(statements));
    assert.match(lookups[0].name, /^edged_\d+$/);
  } finally {
    await edged.stop();
  }
});

test('a Hyperdrive binding without a connection string is a config error', async () => {
  const dir = project({
    'wrangler.jsonc': {
      name: 'hyperdrive-missing',
      main: 'index.js',
      compatibility_date: '2025-02-11',
      hyperdrive: [{ binding: 'DB', id: 'x' }],
    },
    'index.js': 'export default { fetch() { return new Response("x"); } };',
  });
  const env = { ...process.env };
  delete env.CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_DB;
  delete env.WRANGLER_HYPERDRIVE_LOCAL_CONNECTION_STRING_DB;
  const result = await runEdged(['serve', join(dir, 'wrangler.jsonc'), '--port', '0'], { env });
  assert.equal(result.code, 1);
  assert.match(result.stderr,
    /wrangler\.jsonc: field "hyperdrive\[0\]\.localConnectionString" is not set and neither is the environment variable CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_DB/);
});

test('an unreachable origin database fails the query quickly', { skip: missing ?? false }, async () => {
  const closedPort = await freePort();
  const dir = project({
    'wrangler.jsonc': {
      name: 'hyperdrive-down',
      main: 'index.js',
      compatibility_date: '2025-02-11',
      compatibility_flags: ['nodejs_compat'],
      hyperdrive: [{ binding: 'HYPERDRIVE', id: 'down', localConnectionString: `postgres://app:x@127.0.0.1:${closedPort}/appdb` }],
    },
    'index.js': appWorker,
  });
  const edged = await startEdged({ config: join(dir, 'wrangler.jsonc') });
  try {
    const started = Date.now();
    const response = await fetch(`${edged.url}/sleep`);
    const body = await response.json();
    assert.equal(response.status, 500);
    assert.match(body.error, /Failed to connect to the origin database: cannot connect to the origin database 127\.0\.0\.1:\d+/);
    assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`);
  } finally {
    await edged.stop();
  }
});
