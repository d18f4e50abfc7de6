// node:net, node:tls and node:dns inside a Worker (nodejs_compat) against real peers on
// loopback: a TCP echo server, a TLS echo server whose CA edged trusts through SSL_CERT_FILE,
// a server that speaks first, and name lookups of localhost and a --resolve override.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import tls from 'node:tls';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEdged } from '../lib/edged.mjs';
import { loopbackServers, makeServerCredentials } from '../lib/peers.mjs';

const dir = mkdtempSync(join(tmpdir(), 'edged-node-net-'));
const { listen, forget, closeAll } = loopbackServers();

const worker = `import net from 'node:net';
import tls from 'node:tls';
import dns from 'node:dns';
import { lookup, resolve4 } from 'node:dns/promises';
import { once } from 'node:events';

// Writes, ends, and collects everything the peer sends until it closes.
function exchange(socket, ...messages) {
  return new Promise((resolve, reject) => {
    let text = '';
    const events = [];
    socket.setEncoding('utf8');
    socket.on('connect', () => events.push('connect'));
    socket.on('secureConnect', () => events.push('secureConnect'));
    socket.on('data', (chunk) => { text += chunk; });
    socket.on('end', () => events.push('end'));
    socket.on('error', reject);
    socket.on('close', () => resolve({ text, events, bytesRead: socket.bytesRead }));
    for (const message of messages) socket.write(message);
    socket.end();
  });
}

const failure = async (fn) => {
  try { await fn(); return 'no error'; } catch (e) { return (e.code ?? e.name) + ': ' + e.message; }
};

export default {
  async fetch(request) {
    const url = new URL(request.url);
    const port = Number(url.searchParams.get('port'));
    switch (url.pathname) {
      case '/echo': {
        const socket = net.connect(port, '127.0.0.1');
        const result = await exchange(socket, 'hello, ', Buffer.from('node:net'));
        return Response.json({ ...result, remotePort: socket.remotePort, remoteAddress: socket.remoteAddress });
      }
      case '/socket-connect': {
        const socket = new net.Socket();
        let connected = false;
        socket.connect(port, '127.0.0.1', () => { connected = true; });
        socket.setNoDelay(true).setKeepAlive(true, 1000);
        const result = await exchange(socket, 'via Socket');
        return Response.json({ ...result, connected, pending: socket.pending });
      }
      case '/greeting': {
        const socket = net.createConnection({ port, host: '127.0.0.1' });
        const [chunk] = await once(socket, 'data');
        socket.destroy();
        await once(socket, 'close');
        return Response.json({ greeting: chunk.toString(), destroyed: socket.destroyed });
      }
      case '/timeout': {
        const socket = net.connect(port, '127.0.0.1');
        socket.setTimeout(50);
        await once(socket, 'timeout');
        socket.destroy();
        return Response.json({ timedOut: true });
      }
      case '/refused': {
        const socket = net.connect(port, '127.0.0.1');
        const [error] = await once(socket, 'error').catch((e) => [e]);
        return Response.json({ code: error.code, message: error.message });
      }
      case '/tls': {
        const socket = tls.connect({ port, host: 'localhost', servername: 'localhost' });
        const result = await exchange(socket, 'secret');
        return Response.json({ ...result, encrypted: socket.encrypted, authorized: socket.authorized });
      }
      case '/tls-servername': {
        // Connect to an address, check the certificate against another name.
        const socket = tls.connect(port, '127.0.0.1', { servername: 'db.node-net.test' });
        return Response.json(await exchange(socket, 'by name'));
      }
      case '/tls-untrusted-name': {
        const socket = tls.connect({ port, host: '127.0.0.1', servername: 'wrong.example' });
        const error = await new Promise((resolve) => { socket.on('error', resolve); socket.end('x'); });
        return Response.json({ failed: error instanceof Error });
      }
      case '/helpers':
        return Response.json({
          isIP: [net.isIP('127.0.0.1'), net.isIP('::1'), net.isIP('example.com')],
          isIPv4: net.isIPv4('10.0.0.1'),
          isIPv6: net.isIPv6('fe80::1%eth0'),
          server: await failure(() => net.createServer()),
          badPort: await failure(() => net.connect(70000, '127.0.0.1')),
          tlsServer: await failure(() => tls.createServer()),
        });
      case '/dns': {
        const callbackForm = await new Promise((resolve) =>
          dns.lookup('localhost', { family: 4 }, (err, address, family) => resolve({ err: err?.code, address, family })));
        const all = await lookup('localhost', { all: true });
        const resolved = await resolve4('db.node-net.test');
        const literal = await lookup('10.1.2.3');
        const missing = await failure(() => lookup('no-such-host.invalid'));
        const mx = await failure(() => dns.promises.resolveMx('localhost'));
        const viaCallback = await new Promise((resolve) => dns.resolve4('localhost', (err, addresses) => resolve(addresses)));
        return Response.json({ callbackForm, all, resolved, literal, missing, mx, viaCallback });
      }
    }
    return new Response('not found', { status: 404 });
  },
};
`;

let edged;
let echoPort, tlsPort, greetingPort, silentPort, closedPort;

before(async () => {
  const credentials = makeServerCredentials(dir, 'node-net-ca', ['DNS:localhost', 'DNS:db.node-net.test', 'IP:127.0.0.1']);
  echoPort = await listen(net.createServer((s) => s.pipe(s)));
  tlsPort = await listen(tls.createServer(credentials, (s) => {
    s.on('data', (d) => s.write('tls:' + d));
    s.on('end', () => s.end());
  }));
  greetingPort = await listen(net.createServer((s) => { s.on('error', () => {}); s.write('welcome'); }));
  silentPort = await listen(net.createServer((s) => { s.on('error', () => {}); }));
  const closed = net.createServer();
  closedPort = await listen(closed);
  await new Promise((r) => closed.close(r));
  forget(closed);

  edged = await startEdged({
    files: {
      'wrangler.jsonc': {
        name: 'node-net', main: 'w.js', compatibility_date: '2025-09-01',
        compatibility_flags: ['nodejs_compat'],
      },
      'w.js': worker,
    },
    args: ['--resolve', 'db.node-net.test=127.0.0.1'],
    env: { SSL_CERT_FILE: join(dir, 'ca.pem') },
  });
});

after(async () => {
  assert.equal(await edged.stop(), 0);
  await closeAll();
  rmSync(dir, { recursive: true, force: true });
});

const call = async (path, port) => {
  const res = await fetch(`${edged.url}${path}?port=${port}`);
  const text = await res.text();
  assert.equal(res.status, 200, `${text}\n${edged.logs()}`);
  return JSON.parse(text);
};

test('net.connect writes, ends and reads the echo until the peer closes', async () => {
  const result = await call('/echo', echoPort);
  assert.equal(result.text, 'hello, node:net');
  assert.deepEqual(result.events, ['connect', 'end']);
  assert.equal(result.bytesRead, 15);
  assert.equal(result.remotePort, echoPort);
  assert.equal(result.remoteAddress, '127.0.0.1');
});

test('new net.Socket().connect(port, host, cb) with setNoDelay/setKeepAlive', async () => {
  const result = await call('/socket-connect', echoPort);
  assert.equal(result.text, 'via Socket');
  assert.equal(result.connected, true);
  assert.equal(result.pending, false);
});

test('a server that speaks first, then destroy()', async () => {
  assert.deepEqual(await call('/greeting', greetingPort), { greeting: 'welcome', destroyed: true });
});

test("setTimeout emits 'timeout' on an idle socket", async () => {
  assert.deepEqual(await call('/timeout', silentPort), { timedOut: true });
});

test('a refused connection is an error event with ECONNREFUSED', async () => {
  const result = await call('/refused', closedPort);
  assert.equal(result.code, 'ECONNREFUSED', result.message);
});

test('tls.connect verifies the server against servername and carries data', async () => {
  const result = await call('/tls', tlsPort);
  assert.equal(result.text, 'tls:secret');
  assert.ok(result.events.includes('secureConnect'));
  assert.equal(result.encrypted, true);
  assert.equal(result.authorized, true);
  assert.equal((await call('/tls-servername', tlsPort)).text, 'tls:by name');
  assert.deepEqual(await call('/tls-untrusted-name', tlsPort), { failed: true });
});

test('address helpers, and servers are not available', async () => {
  const result = await call('/helpers', 0);
  assert.deepEqual(result.isIP, [4, 6, 0]);
  assert.equal(result.isIPv4, true);
  assert.equal(result.isIPv6, true);
  assert.match(result.server, /^ERR_METHOD_NOT_IMPLEMENTED/);
  assert.match(result.badPort, /^ERR_SOCKET_BAD_PORT: Port should be >= 0 and < 65536/);
  assert.match(result.tlsServer, /^ERR_METHOD_NOT_IMPLEMENTED/);
});

test('node:dns resolves localhost and --resolve names through the system resolver', async () => {
  const result = await call('/dns', 0);
  assert.deepEqual(result.callbackForm, { address: '127.0.0.1', family: 4 });
  assert.ok(result.all.some((a) => a.address === '127.0.0.1' && a.family === 4), JSON.stringify(result.all));
  assert.deepEqual(result.resolved, ['127.0.0.1']);
  assert.deepEqual(result.literal, { address: '10.1.2.3', family: 4 });
  assert.match(result.missing, /^ENOTFOUND: getaddrinfo ENOTFOUND no-such-host.invalid/);
  assert.match(result.mx, /^ENOTIMP: queryMx ENOTIMP localhost/);
  assert.deepEqual(result.viaCallback, ['127.0.0.1']);
});
