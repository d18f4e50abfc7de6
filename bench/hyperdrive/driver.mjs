// Hyperdrive's figure of issue 8, driven from Node (bench/hyperdrive.sh runs it): requests/s of
// a one-row SELECT per request (wrk, each request a new postgres.js client, as the Hyperdrive
// docs recommend) through edged's pooling endpoint, against the same Worker connecting to
// PostgreSQL directly each time (the origin's connection string in a plain var).
// Prints one JSON object on stdout; progress on stderr.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPostgres, postgresMissing } from '../../tests/e2e/lib/postgres.mjs';

const opts = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')));
const EDGED = opts.edged;
const THREADS = Number(opts.threads ?? 2);
const DURATION = opts.duration ?? '10s';
const CONNECTIONS = Number(opts.connections ?? 16);
const compatModules = new URL('../../tests/compat/node_modules', import.meta.url).pathname;
const log = (...a) => console.error('bench:', ...a);

const worker = (source) => `
import postgres from 'postgres';
export default {
  async fetch(request, env, ctx) {
    const sql = postgres(${source}, { fetch_types: false });
    const [row] = await sql\`SELECT id, name FROM items WHERE id = \${1 + (Date.now() % 100)}\`;
    ctx.waitUntil(sql.end());
    return Response.json(row);
  },
};
`;

async function startEdged(dir) {
  const child = spawn(EDGED, ['serve', join(dir, 'wrangler.jsonc'), '--port', '0', '--threads', String(THREADS)],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /on (http:\/\/[^\s]+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`edged exited (${code}):\n${stderr}`)));
  });
  return { url, child, stderr: () => stderr };
}

function wrk(url) {
  const out = execFileSync('wrk', ['-t', '2', '-c', String(CONNECTIONS), '-d', DURATION, '--latency', url],
    { encoding: 'utf8' });
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)[1]);
  const p99 = /99%\s+([\d.]+\w+)/.exec(out)?.[1];
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
  const errors = /Socket errors: (.*)/.exec(out)?.[1] ?? 'none';
  return { requests_per_s: rps, p99, non_2xx: non2xx, socket_errors: errors };
}

async function measure(name, config, source, pg) {
  const dir = mkdtempSync(join(tmpdir(), `edged-bench-${name}-`));
  symlinkSync(compatModules, join(dir, 'node_modules'));
  writeFileSync(join(dir, 'wrangler.jsonc'), JSON.stringify(config));
  writeFileSync(join(dir, 'index.js'), worker(source));
  const edged = await startEdged(dir);
  try {
    const check = await fetch(edged.url);
    if (check.status !== 200) throw new Error(`${name}: ${check.status} ${await check.text()}\n${edged.stderr()}`);
    log(`${name}: wrk ${DURATION}, ${CONNECTIONS} connections`);
    const result = wrk(edged.url);
    result.origin_backends_after = Number(pg.psql('SELECT count(*) FROM pg_stat_activity WHERE backend_type = \'client backend\'')) - 1;
    return result;
  } finally {
    edged.child.kill('SIGTERM');
    await new Promise((r) => edged.child.on('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

const missing = postgresMissing();
if (missing) {
  console.log(JSON.stringify({ skipped: missing }));
  process.exit(0);
}
const pg = await startPostgres({ maxConnections: 200 });
try {
  pg.psql('CREATE TABLE items (id int PRIMARY KEY, name text); INSERT INTO items SELECT i, \'item \' || i FROM generate_series(1, 100) i; ALTER TABLE items OWNER TO app', { database: 'appdb' });
  const base = { main: 'index.js', compatibility_date: '2025-02-11', compatibility_flags: ['nodejs_compat'] };
  const pooled = await measure('pooled', { ...base, name: 'hd-pooled',
    hyperdrive: [{ binding: 'HYPERDRIVE', id: 'bench', localConnectionString: pg.url() }] },
  'env.HYPERDRIVE.connectionString', pg);
  const direct = await measure('direct', { ...base, name: 'hd-direct', vars: { PG_URL: pg.url() } }, 'env.PG_URL', pg);
  console.log(JSON.stringify({ threads: THREADS, duration: DURATION, connections: CONNECTIONS, pooled, direct,
    speedup: Number((pooled.requests_per_s / direct.requests_per_s).toFixed(2)) }, null, 2));
} finally {
  await pg.stop();
}
