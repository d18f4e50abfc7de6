// Starts a real edged process for an end-to-end test and talks to it like a user would.
// `startEdged({ files })` writes a throwaway project (wrangler.jsonc + sources), runs
// `edged serve` on port 0 and resolves once it prints the URL it listens on.

import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import http from 'node:http';
import net from 'node:net';

export const EDGED = process.env.EDGED_BIN ?? new URL('../../../build/release/src/edged', import.meta.url).pathname;

export function writeProject(files) {
  const dir = mkdtempSync(join(tmpdir(), 'edged-e2e-'));
  for (const [name, content] of Object.entries(files)) {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, typeof content === 'string' || Buffer.isBuffer(content)
      ? content : JSON.stringify(content, null, 2));
  }
  return dir;
}

// Resolves to { url, port, logs(), stop(signal) → exit code, process }. `serverConfig`: an
// edged.jsonc given with --config instead of a wrangler.jsonc.
export async function startEdged({ files, config, serverConfig, args = [], env = {} } = {}) {
  const dir = files ? writeProject(files) : null;
  const target = serverConfig ? ['--config', serverConfig] : [config ?? join(dir, 'wrangler.jsonc')];
  const child = spawn(EDGED, ['serve', ...target, '--port', '0', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`edged did not start:\n${stderr}`)), 20000);
    child.stdout.on('data', (d) => {
      stdout += d;
      const m = /on (https?:\/\/[^\s]+)/.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`edged exited (${code}) before listening:\n${stderr}`));
    });
  });
  const port = Number(new URL(url).port);
  return {
    url,
    port,
    dir,
    process: child,
    logs: () => stderr,
    exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const code = await exited;
      if (dir) rmSync(dir, { recursive: true, force: true });
      return code;
    },
  };
}

// Runs `edged <args>` to completion: { code, stdout, stderr }.
export function runEdged(args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(EDGED, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

// Sends raw bytes on a fresh TCP connection; resolves with everything the server sent back
// before closing (or after `waitMs` of silence).
export function rawRequest(port, bytes, { waitMs = 2000 } = {}) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let data = Buffer.alloc(0);
    let timer;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => { socket.destroy(); resolve({ text: data.toString('latin1'), closed: false }); }, waitMs);
    };
    socket.on('connect', () => { socket.write(bytes); arm(); });
    socket.on('data', (d) => { data = Buffer.concat([data, d]); arm(); });
    socket.on('end', () => { clearTimeout(timer); resolve({ text: data.toString('latin1'), closed: true }); });
    socket.on('error', (e) => { clearTimeout(timer); if (data.length) resolve({ text: data.toString('latin1'), closed: true }); else reject(e); });
  });
}

// A port nothing listens on right now (for flags such as --admin that need one up front).
export function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// GETs `path` from the server on `port` with this Host header (Node's fetch always sends the
// URL's): { status, body }, or { status: 0, body: <the error> } when the connection fails.
export function getWithHost(port, path, host) {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path, headers: { host }, agent: false }, (response) => {
      let body = '';
      response.on('data', (d) => { body += d; });
      response.on('end', () => resolve({ status: response.statusCode, body }));
    });
    request.on('error', (error) => resolve({ status: 0, body: String(error) }));
  });
}
