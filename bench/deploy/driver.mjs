// The production-server figures of issue 7, driven from Node (bench/deploy.sh runs it):
//   redeploy  requests/s, p99 and failed requests of a hello Worker under wrk, steady and while
//             it is redeployed over the admin API every REDEPLOY_MS
//   deploy    time from the deploy call to the first request the new version answers; workerd,
//             which deploys by restarting with a new config, as the time from its start to its
//             first answer
//   memory    RSS of the server with 100 hello Workers deployed, each asked once, then idle;
//             workerd with the same 100 Workers in one config (a socket each)
// Prints one JSON object with every figure on stdout; progress on stderr.
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { join } from 'node:path';

const opts = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')));
const EDGED = opts.edged;
const WORKERD = opts.workerd;
const WORK = opts.work;
const THREADS = Number(opts.threads ?? 2);
const DURATION = opts.duration ?? '10s';
const REDEPLOY_MS = Number(opts['redeploy-ms'] ?? 1000);
const DEPLOYS = Number(opts.deploys ?? 20);
const WORKERS = Number(opts.workers ?? 100);
const COMPATIBILITY_DATE = '2025-09-01';
const TOKEN = 'bench-token-0123456789abcdef';

const log = (...a) => console.error('bench:', ...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const hello = (marker) => `export default { fetch() { return new Response(${JSON.stringify(marker)}); } };`;

function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// `count` distinct ports: all held open at once, so none is handed out twice.
async function freePorts(count) {
  const servers = await Promise.all(Array.from({ length: count }, () => new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => resolve(server));
  })));
  const ports = servers.map((server) => server.address().port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

function rssMiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function startEdged() {
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(join(WORK, 'base'), { recursive: true });
  writeFileSync(join(WORK, 'token'), TOKEN);
  writeFileSync(join(WORK, 'base/wrangler.jsonc'),
    JSON.stringify({ name: 'base', main: 'index.js', compatibility_date: COMPATIBILITY_DATE }));
  writeFileSync(join(WORK, 'base/index.js'), hello('base'));
  const admin = await freePort();
  const child = spawn(EDGED, ['serve', join(WORK, 'base/wrangler.jsonc'), '--port', '0', '--threads', String(THREADS),
    '--data-dir', join(WORK, 'data'), '--admin', `127.0.0.1:${admin}`, '--admin-token-file', join(WORK, 'token'),
    '--log-level', 'warn'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', (code) => reject(new Error(`edged exited ${code}`)));
  });
  return { child, port, admin };
}

async function stop(child) {
  const exited = new Promise((r) => child.on('exit', r));
  child.kill('SIGTERM');
  await exited;
}

async function deploy(admin, name, source) {
  const form = new FormData();
  form.append('metadata', new Blob([JSON.stringify({ main_module: 'index.js', compatibility_date: COMPATIBILITY_DATE })],
    { type: 'application/json' }));
  form.append('index.js', new Blob([source], { type: 'application/javascript+module' }), 'index.js');
  const response = await fetch(`http://127.0.0.1:${admin}/client/v4/accounts/bench/workers/scripts/${name}`, {
    method: 'PUT', headers: { authorization: `Bearer ${TOKEN}` }, body: form,
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`deploy ${name}: ${response.status} ${text}`);
}

// Node's fetch sets Host from the URL; routing by host needs http.get.
function get(port, host) {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: '/', headers: { host }, agent: false }, (response) => {
      let body = '';
      response.on('data', (d) => { body += d; });
      response.on('end', () => resolve(body));
    }).on('error', reject);
  });
}

function wrk(port, host, duration = DURATION) {
  return parseWrk(execFileSync('wrk', ['-t2', '-c64', `-d${duration}`, '--latency', '-H', `Host: ${host}`,
    `http://127.0.0.1:${port}/`], { encoding: 'utf8' }));
}

// wrk in a child process, so that the deploys can run meanwhile.
function wrkAsync(port, host) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [new URL(import.meta.url).pathname, 'wrk-only', `--port=${port}`, `--host=${host}`,
      `--duration=${DURATION}`], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`wrk exited ${code}`))));
  });
}

async function redeployFigures() {
  const { child, port, admin } = await startEdged();
  try {
    await deploy(admin, 'site', hello('v0'));
    wrk(port, 'site.localhost');  // warm-up
    const steady = wrk(port, 'site.localhost');
    log('steady', JSON.stringify(steady));
    const load = wrkAsync(port, 'site.localhost');
    let redeploys = 0;
    let running = true;
    load.finally(() => { running = false; });
    await sleep(500);
    while (running) {
      await deploy(admin, 'site', hello(`v${++redeploys}`));
      await sleep(REDEPLOY_MS);
    }
    const during = await load;
    log('during redeploys', JSON.stringify(during), `${redeploys} redeploys`);
    return { steady, during: { ...during, redeploys } };
  } finally {
    await stop(child);
  }
}

async function deployToFirstRequest() {
  const { child, port, admin } = await startEdged();
  const calls = [];
  const firsts = [];
  try {
    await deploy(admin, 'site', hello('v0'));
    for (let i = 1; i <= DEPLOYS; i++) {
      const marker = `v${i}`;
      const t0 = performance.now();
      await deploy(admin, 'site', hello(marker));
      const t1 = performance.now();
      while ((await get(port, 'site.localhost')) !== marker);
      const t2 = performance.now();
      calls.push(t1 - t0);
      firsts.push(t2 - t0);
    }
  } finally {
    await stop(child);
  }
  const result = { deploy_call_ms_median: median(calls), first_request_ms_median: median(firsts),
    first_request_ms_p90: percentile(firsts, 90), deploys: DEPLOYS };
  log('deploy to first request', JSON.stringify(result));
  return result;
}

function workerdConfig(dir, ports) {
  const services = ports.map((_, i) => `(name = "w${i}", worker = (modules = [(name = "worker.js", esModule = embed "worker.js")], compatibilityDate = "${COMPATIBILITY_DATE}"))`);
  const sockets = ports.map((p, i) => `(name = "s${i}", address = "127.0.0.1:${p}", http = (), service = "w${i}")`);
  writeFileSync(join(dir, 'worker.js'), hello('hello'));
  writeFileSync(join(dir, 'config.capnp'), `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ ${services.join(',\n    ')} ],
  sockets = [ ${sockets.join(',\n    ')} ],
);
`);
}

async function startWorkerd(dir, ports) {
  const child = spawn(WORKERD, ['serve', join(dir, 'config.capnp')], { stdio: ['ignore', 'ignore', 'inherit'] });
  for (;;) {
    try {
      if ((await get(ports[0], 'localhost')) === 'hello') return child;
    } catch {
      await sleep(5);
    }
  }
}

async function workerdStartToFirstAnswer() {
  const dir = join(WORK, 'workerd-one');
  mkdirSync(dir, { recursive: true });
  const times = [];
  for (let i = 0; i < 5; i++) {
    const ports = [await freePort()];
    workerdConfig(dir, ports);
    const t0 = performance.now();
    const child = await startWorkerd(dir, ports);
    times.push(performance.now() - t0);
    await stop(child);
  }
  log('workerd start to first answer (ms)', times.map((t) => t.toFixed(0)).join(' '));
  return { restart_to_first_answer_ms_median: median(times) };
}

async function memoryFigures() {
  const { child, port, admin } = await startEdged();
  let edged;
  try {
    await sleep(1000);
    const base = rssMiB(child.pid);
    for (let i = 0; i < WORKERS; i++) await deploy(admin, `w${i}`, hello(`w${i}`));
    for (let i = 0; i < WORKERS; i++) {
      if ((await get(port, `w${i}.localhost`)) !== `w${i}`) throw new Error(`w${i} did not answer`);
    }
    await sleep(5000);
    edged = { rss_mib_empty: base, rss_mib_100_workers: rssMiB(child.pid) };
  } finally {
    await stop(child);
  }
  const dir = join(WORK, 'workerd-many');
  mkdirSync(dir, { recursive: true });
  const ports = await freePorts(WORKERS);
  workerdConfig(dir, ports);
  const wd = await startWorkerd(dir, ports);
  let workerd;
  try {
    for (const p of ports) await get(p, 'localhost');
    await sleep(5000);
    workerd = { rss_mib_100_workers: rssMiB(wd.pid) };
  } finally {
    await stop(wd);
  }
  log('memory', JSON.stringify({ edged, workerd }));
  return { edged, workerd };
}

if (process.argv[2] === 'wrk-only') {
  process.stdout.write(JSON.stringify(wrk(Number(opts.port), opts.host, opts.duration)));
} else {
  const parts = (opts.parts ?? 'redeploy,deploy,memory').split(',');
  const result = { threads: THREADS, workers: WORKERS };
  if (parts.includes('redeploy')) result.redeploy = await redeployFigures();
  if (parts.includes('deploy')) result.deploy = { edged: await deployToFirstRequest(), workerd: await workerdStartToFirstAnswer() };
  if (parts.includes('memory')) result.memory = await memoryFigures();
  console.log(JSON.stringify(result, null, 2));
}

function parseWrk(out) {
  const ms = (v) => (v.endsWith('us') ? parseFloat(v) / 1000 : v.endsWith('ms') ? parseFloat(v) : parseFloat(v) * 1000);
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  return {
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)[1]),
    p50_ms: ms(/^\s+50%\s+(\S+)/m.exec(out)[1]),
    p99_ms: ms(/^\s+99%\s+(\S+)/m.exec(out)[1]),
    errors: non2xx + (socket ? socket.slice(1).reduce((a, b) => a + Number(b), 0) : 0),
  };
}
