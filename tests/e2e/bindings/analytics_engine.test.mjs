// Workers Analytics Engine end to end: the seed's Worker writes data points, then the SQL API
// on the admin listener answers Cloudflare's dialect for them (GROUP BY with a time filter,
// SHOW TABLES, FORMAT JSON and JSONEachRow) with the seed's curl command; writeDataPoint()
// refuses what Cloudflare refuses with workerd's TypeErrors; malformed SQL is refused with the
// reason; a missing or wrong bearer token gets Cloudflare's 401 envelope.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEdged, freePort } from '../lib/edged.mjs';
import { seedBlock } from '../lib/seeds.mjs';

const TOKEN = 'test-token-0123456789';

const config = {
  name: 'analytics-engine-example',
  main: 'src/index.ts',
  compatibility_date: '2025-02-11',
  analytics_engine_datasets: [
    { binding: 'USER_EVENTS', dataset: 'user_events' },
    { binding: 'CHECKS', dataset: 'checks' },
  ],
};

// The seed as written closes its fetch() with "," where "}," belongs (a typo no bundler
// accepts); that one character is repaired, the rest runs unchanged.
const seed = seedBlock('workers-platform-guide.md', '<example id="workers_analytics_engine">')
  .replace(/\n\s*,\n\n};/, '\n    },\n\n};');

const checks = String.raw`
const error = (fn) => { try { fn(); return 'no error'; } catch (e) { return e.name + ': ' + e.message; } };
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === '/limits') {
      const ds = env.CHECKS;
      return Response.json({
        blobs21: error(() => ds.writeDataPoint({ blobs: Array.from({ length: 21 }, (_, i) => 'b' + i) })),
        oversized: error(() => ds.writeDataPoint({ blobs: ['x'.repeat(16 * 1024 + 1)] })),
        bigIndex: error(() => ds.writeDataPoint({ indexes: ['i'.repeat(97)] })),
        twoIndexes: error(() => ds.writeDataPoint({ indexes: ['a', 'b'] })),
        doubles21: error(() => ds.writeDataPoint({ doubles: new Array(21).fill(1) })),
        notArray: error(() => ds.writeDataPoint({ blobs: 'x' })),
        returns: String(ds.writeDataPoint({ blobs: ['ok', null, new TextEncoder().encode('bytes')],
                                             doubles: [1.5, '2'], indexes: ['k'] })),
        empty: error(() => ds.writeDataPoint()),
      });
    }
    for (let i = 0; i < 3; i++) env.CHECKS.writeDataPoint({ blobs: ['burst'], doubles: [i] });
    return new Response('ok');
  },
};
`;

function project() {
  return {
    'wrangler.jsonc': JSON.stringify(config),
    'src/index.ts': `import checks from './checks.js';\n${seed.replace('export default {', 'const seed = {')}\n` +
      'export default { fetch: (r, env, ctx) => new URL(r.url).pathname.startsWith("/c/") || new URL(r.url).pathname === "/limits" ? checks.fetch(r, env, ctx) : seed.fetch(r, env, ctx) };\n',
    'src/checks.js': checks,
  };
}

// A port the OS just handed out (startEdged reads only the Workers' address from stdout).

async function withServer(fn) {
  const secrets = mkdtempSync(join(tmpdir(), 'edged-ae-token-'));
  const tokenFile = join(secrets, 'token');
  writeFileSync(tokenFile, `${TOKEN}\n`);
  const port = await freePort();
  const edged = await startEdged({
    files: project(),
    args: ['--threads', '2', '--admin', `127.0.0.1:${port}`, '--admin-token-file', tokenFile],
  });
  const admin = `http://127.0.0.1:${port}`;
  try {
    await fn(edged, admin);
  } finally {
    await edged.stop();
    rmSync(secrets, { recursive: true, force: true });
  }
}

function sql(admin, query, token = TOKEN) {
  const headers = token === null ? {} : { Authorization: `Bearer ${token}` };
  return fetch(`${admin}/client/v4/accounts/0123456789abcdef0123456789abcdef/analytics_engine/sql`,
    { method: 'POST', headers, body: query });
}

// Points reach disk after the request's turn, off the loop: poll until they are all there.
async function waitForRows(admin, query, rows) {
  for (let i = 0; i < 100; i++) {
    const res = await sql(admin, query);  // 422 until the dataset's first point is written
    const body = res.status === 200 ? await res.json() : { rows: (await res.text(), 0) };
    if (body.rows >= rows) return body;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`fewer than ${rows} rows for ${query}`);
}

test('the seed writes points and the SQL API answers GROUP BY with a time filter', async () => {
  await withServer(async (edged, admin) => {
    for (const [path, user] of [['/home', 'alice'], ['/home', 'bob'], ['/about', 'alice'], ['/home', 'alice']]) {
      const res = await fetch(`${edged.url}${path}?userId=${user}`);
      assert.deepEqual(await res.json(), { hello: 'world' });
    }
    await waitForRows(admin, 'SELECT * FROM user_events', 4);
    const grouped = await sql(admin, `
      SELECT blob1 AS path, index1 AS user, count() AS visits, SUM(_sample_interval) AS weighted
      FROM user_events
      WHERE timestamp > NOW() - INTERVAL '1' DAY
      GROUP BY path, user
      ORDER BY visits DESC, path, user
      FORMAT JSON`);
    assert.equal(grouped.status, 200);
    assert.match(grouped.headers.get('content-type'), /application\/json/);
    assert.deepEqual(await grouped.json(), {
      meta: [
        { name: 'path', type: 'String' }, { name: 'user', type: 'String' },
        { name: 'visits', type: 'UInt64' }, { name: 'weighted', type: 'UInt64' },
      ],
      data: [
        { path: '/home', user: 'alice', visits: '2', weighted: '2' },
        { path: '/about', user: 'alice', visits: '1', weighted: '1' },
        { path: '/home', user: 'bob', visits: '1', weighted: '1' },
      ],
      rows: 3,
      rows_before_limit_at_least: 3,
    });
    // Nothing is older than a minute, nor in the future.
    const old = await (await sql(admin, "SELECT count() AS n FROM user_events WHERE timestamp < NOW() - INTERVAL '1' MINUTE FORMAT JSONEachRow")).text();
    assert.equal(old, '{"n":"0"}\n');
    const each = await sql(admin, 'SELECT blob1, index1, double1, _sample_interval FROM user_events ' +
      "WHERE index1 = 'bob' FORMAT JSONEachRow");
    assert.equal(await each.text(), '{"blob1":"/home","index1":"bob","double1":0,"_sample_interval":1}\n');
    const stamp = await (await sql(admin, "SELECT timestamp FROM user_events LIMIT 1 FORMAT JSONEachRow")).json();
    assert.match(stamp.timestamp, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  });
});

test('SHOW TABLES with the seed\'s curl command, and the default format', async () => {
  await withServer(async (edged, admin) => {
    await fetch(`${edged.url}/c/burst`);
    await waitForRows(admin, 'SELECT * FROM checks', 3);
    const out = execFileSync('curl', ['-s', `${admin}/client/v4/accounts/abc/analytics_engine/sql`,
      '--header', `Authorization: Bearer ${TOKEN}`, '--data', 'SHOW TABLES'], { encoding: 'utf8' });
    assert.deepEqual(JSON.parse(out), {
      meta: [{ name: 'dataset', type: 'String' }],
      data: [{ dataset: 'checks' }],
      rows: 1,
      rows_before_limit_at_least: 1,
    });
    const hello = await (await sql(admin, "SELECT 'Hello Workers Analytics Engine' AS message")).json();
    assert.deepEqual(hello.data, [{ message: 'Hello Workers Analytics Engine' }]);
    const sums = await (await sql(admin, 'SELECT sum(double1) AS total, avg(double1) AS mean, ' +
      'min(double1), max(double1) FROM checks FORMAT JSONEachRow')).text();
    assert.equal(sums, '{"total":3,"mean":1,"min(double1)":0,"max(double1)":2}\n');
  });
});

test('writeDataPoint refuses what Cloudflare refuses, with workerd\'s TypeErrors', async () => {
  await withServer(async (edged, admin) => {
    const out = await (await fetch(`${edged.url}/limits`)).json();
    assert.deepEqual(out, {
      blobs21: 'TypeError: writeDataPoint(): Maximum of 20 blobs supported.',
      oversized: 'TypeError: writeDataPoint(): Cumulative size of blobs exceeds 16384 bytes).',
      bigIndex: 'TypeError: writeDataPoint(): Size of indexes[0] exceeds 96 bytes).',
      twoIndexes: 'TypeError: writeDataPoint(): Maximum of 1 indexes supported.',
      doubles21: 'TypeError: writeDataPoint(): Maximum of 20 doubles supported.',
      notArray: "TypeError: Incorrect type for the 'blobs' field on 'AnalyticsEngineEvent': the provided value is not of type 'Array'.",
      returns: 'undefined',
      empty: 'no error',
    });
    // Only the two valid points were written.
    const rows = await waitForRows(admin, 'SELECT blob1, blob2, blob3, double1, double2, index1 FROM checks ORDER BY blob1 DESC', 2);
    assert.deepEqual(rows.data, [
      { blob1: 'ok', blob2: '', blob3: 'bytes', double1: 1.5, double2: 2, index1: 'k' },
      { blob1: '', blob2: '', blob3: '', double1: 0, double2: 0, index1: '' },
    ]);
  });
});

test('malformed SQL is refused with the reason; the token is required', async () => {
  await withServer(async (edged, admin) => {
    const bad = await sql(admin, 'SELECT blob1 FROM WHERE');
    assert.equal(bad.status, 422);
    assert.equal(await bad.text(),
      "Input was invalid: syntax error at line 1, column 19: expected a table name after FROM, found 'WHERE'\n");
    const unknown = await sql(admin, 'SELECT nosuch FROM nowhere');
    assert.equal(unknown.status, 422);
    assert.match(await unknown.text(), /unknown table 'nowhere'/);
    const envelope = {
      success: false, errors: [{ code: 10000, message: 'Authentication error' }], messages: [], result: null,
    };
    const missing = await sql(admin, 'SHOW TABLES', null);
    assert.equal(missing.status, 401);
    assert.deepEqual(await missing.json(), envelope);
    const wrong = await sql(admin, 'SHOW TABLES', `${TOKEN}x`);
    assert.equal(wrong.status, 401);
    assert.deepEqual(await wrong.json(), envelope);
    const elsewhere = await fetch(`${admin}/client/v4/nothing`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    assert.equal(elsewhere.status, 404);
  });
});
