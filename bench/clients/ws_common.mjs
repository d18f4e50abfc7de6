// Helpers for the WebSocket clients of bench/objects.sh: Node's `ws` package (installed by
// scripts/setup.sh into build/tools), opening many sockets, reading a process's RSS.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const require = createRequire(new URL('../../build/tools/package.json', import.meta.url));
const WebSocket = require('ws');

// Command-line options as --name value pairs, with numbers parsed.
export function options(defaults) {
  const out = { ...defaults };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i].replace(/^--/, '');
    if (!(name in defaults)) throw new Error(`unknown option ${argv[i]}`);
    out[name] = typeof defaults[name] === 'number' ? Number(argv[i + 1]) : argv[i + 1];
  }
  return out;
}

function openOne(url) {
  return new Promise((resolve, reject) => {
    // perMessageDeflate off: neither server negotiates it here, and it costs client memory.
    const ws = new WebSocket(url, { perMessageDeflate: false });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

// Opens `count` sockets to `url`, at most `concurrency` handshakes at a time (a burst of
// thousands overflows the listen backlog and turns into SYN retries, seconds long).
export async function openSockets(url, count, concurrency) {
  const sockets = [];
  let next = 0;
  async function worker() {
    while (next < count) {
      next++;
      sockets.push(await openOne(url));
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return sockets;
}

// Resolves with the next text message on `ws` that `accept` takes.
export function nextMessage(ws, accept = () => true, timeoutMs = 30000) {
  return new Promise((resolve, reject) => {
    const onMessage = (data) => {
      const text = data.toString();
      if (!accept(text)) return;
      clearTimeout(timer);
      ws.off('message', onMessage);
      resolve(text);
    };
    const timer = setTimeout(() => {
      ws.off('message', onMessage);
      reject(new Error(`no message in ${timeoutMs} ms`));
    }, timeoutMs);
    ws.on('message', onMessage);
  });
}

// Resident set of a process now, in KiB (VmRSS of /proc/<pid>/status).
export function rssKib(pid) {
  const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match[1]);
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
