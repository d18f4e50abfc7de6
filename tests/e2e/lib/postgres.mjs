// A throwaway PostgreSQL server (Debian's postgresql) for Hyperdrive tests and benchmarks:
// initdb into a temp dir owned by `postgres` (the server refuses to run as root), password
// logins over TCP with scram-sha-256, a role `app` and database `appdb`; stop() removes it all.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';

const BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

// Why PostgreSQL tests cannot run here, or null.
export function postgresMissing() {
  for (const tool of ['initdb', 'postgres', 'psql']) {
    if (!existsSync(join(BIN, tool))) return `PostgreSQL binaries not found in ${BIN} (Debian package postgresql)`;
  }
  if (spawnSync('id', ['-u', 'postgres']).status !== 0) return 'no user "postgres" to run the server as';
  return null;
}

function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function asPostgres(tool, args, input) {
  const result = spawnSync('runuser', ['-u', 'postgres', '--', join(BIN, tool), ...args], { encoding: 'utf8', input });
  if (result.status !== 0) throw new Error(`${tool} ${args.join(' ')} failed:\n${result.stderr}${result.stdout}`);
  return result.stdout;
}

export const APP_USER = 'app';
export const APP_PASSWORD = 'app p@ss:word/1';
export const APP_DATABASE = 'appdb';

export async function startPostgres({ maxConnections = 100 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'edged-pg-'));
  chmodSync(dir, 0o777);
  spawnSync('chown', ['postgres', dir]);
  const data = join(dir, 'data');
  const pwfile = join(dir, 'pw');
  writeFileSync(pwfile, 'superpass\n');
  spawnSync('chown', ['postgres', pwfile]);
  asPostgres('initdb', ['-D', data, '-U', 'postgres', '--auth-local=trust', '--auth-host=scram-sha-256',
    `--pwfile=${pwfile}`, '-E', 'UTF8', '--locale=C.UTF-8']);
  const port = await freePort();
  const server = spawn('runuser', ['-u', 'postgres', '--', join(BIN, 'postgres'), '-D', data, '-k', dir,
    '-h', '127.0.0.1', '-p', String(port), '-c', `max_connections=${maxConnections}`, '-c', 'fsync=off'],
  { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  server.stdout.on('data', (d) => { log += d; });
  server.stderr.on('data', (d) => { log += d; });
  const exited = new Promise((resolve) => server.on('exit', (code, signal) => resolve(code ?? signal)));
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`postgres did not start:\n${log}`)), 30000);
    const check = () => {
      if (/ready to accept connections/.test(log)) {
        clearTimeout(timer);
        resolve();
      }
    };
    server.stderr.on('data', check);
    server.stdout.on('data', check);
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`postgres exited (${code}):\n${log}`));
    });
  });
  const psql = (sql, { database = 'postgres' } = {}) =>
    asPostgres('psql', ['-h', dir, '-p', String(port), '-U', 'postgres', '-d', database, '-v', 'ON_ERROR_STOP=1',
      '-At', '-c', sql]).trim();
  psql(`CREATE ROLE ${APP_USER} LOGIN PASSWORD '${APP_PASSWORD}'`);
  psql(`CREATE DATABASE ${APP_DATABASE} OWNER ${APP_USER}`);
  return {
    port,
    psql,
    log: () => log,
    url: (user = APP_USER, password = APP_PASSWORD, database = APP_DATABASE) =>
      `postgresql://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}?sslmode=disable`,
    async stop() {
      // pg_ctl signals the postmaster itself (runuser does not always pass signals on).
      if (server.exitCode === null && server.signalCode === null) {
        spawnSync('runuser', ['-u', 'postgres', '--', join(BIN, 'pg_ctl'), 'stop', '-D', data, '-m', 'immediate', '-w']);
      }
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
