// `import { connect } from 'cloudflare:sockets'` against real peers on loopback: a plain TCP echo
// server, a TLS echo server whose CA edged trusts through SSL_CERT_FILE, a STARTTLS-style server
// (plain greeting, then an upgrade), a half-closing server and one that holds connections open.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import tls from 'node:tls';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEdged } from '../lib/edged.mjs';
import { loopbackServers, makeServerCredentials } from '../lib/peers.mjs';

const dir = mkdtempSync(join(tmpdir(), 'edged-sockets-'));
const openssl = (...args) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
const { listen, forget, closeAll } = loopbackServers();

// What the half-closing server received after it sent its FIN.
let halfOpenReceived = null;
// Connections the holding server has open now, and how many it accepted in all.
let held = 0;
let accepted = 0;

const worker = `import { connect } from 'cloudflare:sockets';
const enc = new TextEncoder();
const dec = new TextDecoder();
async function readAll(readable) {
  let text = '';
  for await (const chunk of readable) text += dec.decode(chunk, { stream: true });
  return text;
}
async function readUntil(reader, marker) {
  let text = '';
  while (!text.includes(marker)) {
    const { value, done } = await reader.read();
    if (done) throw new Error('ended before ' + marker + ': ' + text);
    text += dec.decode(value);
  }
  return text;
}
const failure = async (promise) => {
  try { await promise; return 'no error'; } catch (e) { return e.name + ': ' + e.message; }
};
const thrown = (fn) => {
  try { fn(); return 'no error'; } catch (e) { return e.name + ': ' + e.message; }
};
const hex = (buffer) => [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');
const settledWithin = (promise, ms) => Promise.race([
  promise.then(() => true, () => true), new Promise((r) => setTimeout(() => r(false), ms))]);

export default {
  async fetch(request) {
    const url = new URL(request.url);
    const port = Number(url.searchParams.get('port'));
    switch (url.pathname) {
      case '/echo': {
        const socket = connect({ hostname: '127.0.0.1', port });
        const writer = socket.writable.getWriter();
        await writer.write(enc.encode('hello, '));
        await writer.write(enc.encode('sockets'));
        await writer.close();
        const text = await readAll(socket.readable);
        await socket.closed;
        const info = await socket.opened;
        return Response.json({ text, info, secureTransport: socket.secureTransport });
      }
      case '/tls': {
        const socket = connect('localhost:' + port, { secureTransport: 'on' });
        const writer = socket.writable.getWriter();
        await writer.write(enc.encode('over tls'));
        await writer.close();
        return Response.json({ text: await readAll(socket.readable), closed: String(await socket.closed) });
      }
      case '/tls-untrusted': {
        const socket = connect('127.0.0.1:' + port, { secureTransport: 'on' });
        return Response.json({ opened: await failure(socket.opened), closed: await failure(socket.closed) });
      }
      case '/starttls': {
        const socket = connect({ hostname: 'localhost', port }, { secureTransport: 'starttls' });
        const reader = socket.readable.getReader();
        const writer = socket.writable.getWriter();
        const greeting = await readUntil(reader, '220 ready');
        await writer.write(enc.encode('STARTTLS\\r\\n'));
        const go = await readUntil(reader, '220 go');
        reader.releaseLock();
        writer.releaseLock();
        const secure = socket.startTls();
        const again = thrown(() => socket.startTls());
        const onSecure = thrown(() => secure.startTls());
        const secureWriter = secure.writable.getWriter();
        await secureWriter.write(enc.encode('hello'));
        const secureReader = secure.readable.getReader();
        const reply = await readUntil(secureReader, 'secure:hello');
        await secure.close();
        return Response.json({ greeting, go, again, onSecure, reply, upgraded: socket.upgraded,
          oldClosed: String(await socket.closed) });
      }
      case '/starttls-at-once': {
        const socket = connect('localhost:' + port, { secureTransport: 'starttls' });
        const secure = socket.startTls();
        const writer = secure.writable.getWriter();
        await writer.write(enc.encode('early'));
        const reply = await readUntil(secure.readable.getReader(), 'secure:early');
        const info = await secure.opened;
        await secure.close();
        return Response.json({ reply, remote: info.remoteAddress, oldOpened: await failure(socket.opened) });
      }
      case '/big': {
        const size = 8 * 1024 * 1024;
        const data = new Uint8Array(size);
        for (let i = 0; i < size; i++) data[i] = (i * 7 + (i >> 13)) & 0xff;
        const tls = url.searchParams.has('tls');
        const socket = tls ? connect('localhost:' + port, { secureTransport: 'on' })
          : connect({ hostname: '127.0.0.1', port });
        const sending = (async () => {
          const writer = socket.writable.getWriter();
          for (let at = 0; at < size; at += 65536) await writer.write(data.slice(at, at + 65536));
          await writer.close();
        })();
        const received = new Uint8Array(size);
        let length = 0;
        for await (const chunk of socket.readable) {
          if (length + chunk.length > size) throw new Error('too many bytes');
          received.set(chunk, length);
          length += chunk.length;
        }
        await sending;
        return Response.json({
          length,
          sent: hex(await crypto.subtle.digest('SHA-256', data)),
          received: hex(await crypto.subtle.digest('SHA-256', received)),
        });
      }
      case '/half-open': {
        const socket = connect({ hostname: '127.0.0.1', port }, { allowHalfOpen: true });
        const text = await readAll(socket.readable);
        const writer = socket.writable.getWriter();
        await writer.write(enc.encode('still writing after your FIN'));
        await writer.close();
        await socket.closed;
        return Response.json({ text });
      }
      case '/half-open-peer-gone': {
        const socket = connect({ hostname: '127.0.0.1', port }, { allowHalfOpen: true });
        const text = await readAll(socket.readable);
        const writer = socket.writable.getWriter();
        // The first writes after the peer closed may still reach its kernel (which answers with a
        // reset): write until one fails, each bounded so a write that never settles shows.
        let write = 'no error';
        for (let i = 0; i < 50 && write === 'no error'; i++) {
          const attempt = writer.write(enc.encode('anyone there?'));
          if (!(await settledWithin(attempt, 3000))) {
            write = 'never settled';
            break;
          }
          write = await failure(attempt);
          await new Promise((r) => setTimeout(r, 20));
        }
        const closed = (await settledWithin(socket.closed, 3000)) ? await failure(socket.closed)
          : 'never settled';
        return Response.json({ text, write, closed });
      }
      case '/peer-closes': {
        const socket = connect({ hostname: '127.0.0.1', port });
        const writer = socket.writable.getWriter();
        const text = await readAll(socket.readable);
        const closed = String(await socket.closed);
        return Response.json({ text, closed, write: await failure(writer.write(enc.encode('x'))) });
      }
      case '/worker-closes': {
        const socket = connect({ hostname: '127.0.0.1', port });
        await socket.opened;
        const writer = socket.writable.getWriter();
        const closed = String(await socket.close());
        const reader = socket.readable.getReader();
        return Response.json({ closed, write: await failure(writer.write(enc.encode('x'))),
          read: await reader.read() });
      }
      case '/refused': {
        const socket = connect({ hostname: '127.0.0.1', port });
        const writer = socket.writable.getWriter();
        return Response.json({ opened: await failure(socket.opened), closed: await failure(socket.closed),
          write: await failure(writer.write(enc.encode('x'))) });
      }
      case '/port-25': {
        const socket = connect('127.0.0.1:25');
        return Response.json({ opened: await failure(socket.opened) });
      }
      case '/bad': {
        const plain = connect({ hostname: '127.0.0.1', port });
        const secure = connect('localhost:' + port, { secureTransport: 'on' });
        const out = {
          empty: thrown(() => connect('')),
          space: thrown(() => connect('exa mple.com:80')),
          badPort: thrown(() => connect('localhost:http')),
          bigPort: thrown(() => connect({ hostname: 'localhost', port: 70000 })),
          transport: thrown(() => connect('localhost:1', { secureTransport: 'sometimes' })),
          notObject: thrown(() => connect(42)),
          startTlsOff: thrown(() => plain.startTls()),
          startTlsOn: thrown(() => secure.startTls()),
          writeString: await failure(plain.writable.getWriter().write('text')),
        };
        plain.close();
        secure.close();
        return Response.json(out);
      }
      case '/resolved': {
        const socket = connect('db.sockets.test:' + port);
        const writer = socket.writable.getWriter();
        await writer.write(enc.encode('by name'));
        await writer.close();
        return Response.json({ text: await readAll(socket.readable), info: await socket.opened });
      }
      case '/left-open': {
        const socket = connect({ hostname: '127.0.0.1', port });
        await socket.opened;
        return new Response('bye');
      }
      case '/many': {
        const sockets = [];
        for (let i = 0; i < 7; i++) sockets.push(connect({ hostname: '127.0.0.1', port }));
        await Promise.all(sockets.slice(0, 6).map((s) => s.opened));
        const seventhEarly = await settledWithin(sockets[6].opened, 300);
        await sockets[0].close();
        await sockets[6].opened;
        for (const s of sockets) s.close();
        return Response.json({ seventhEarly });
      }
    }
    return new Response('not found', { status: 404 });
  },
  // The trigger URL's cron names the port: a socket left open here ends with the event.
  // "echo <port>": a socket used by waitUntil work after the handler returned still works (the
  // event fails otherwise).
  async scheduled(controller, env, ctx) {
    const [kind, port] = controller.cron.split(' ');
    if (kind === 'echo') {
      ctx.waitUntil((async () => {
        await new Promise((r) => setTimeout(r, 50));
        const socket = connect({ hostname: '127.0.0.1', port: Number(port) });
        const writer = socket.writable.getWriter();
        await writer.write(enc.encode('from waitUntil'));
        await writer.close();
        const echoed = await readAll(socket.readable);
        if (echoed !== 'from waitUntil') throw new Error('echoed: ' + echoed);
      })());
      return;
    }
    const socket = connect({ hostname: '127.0.0.1', port: Number(kind) });
    await socket.opened;
  },
};`;

let edged;
let echoPort, tlsPort, tlsAtOncePort, untrustedPort, startTlsPort, halfOpenPort, peerClosesPort, holdPort, closedPort;
let peerGonePort;
before(async () => {
  const credentials = makeServerCredentials(dir, 'sockets-ca', ['DNS:localhost', 'IP:127.0.0.1']);
  echoPort = await listen(net.createServer((s) => s.pipe(s)));
  tlsPort = await listen(tls.createServer(credentials, (s) => s.pipe(s)));
  // Signed by a CA edged does not know.
  openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', 'self.key', '-out', 'self.pem', '-days', '1', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1');
  untrustedPort = await listen(tls.createServer({
    key: readFileSync(join(dir, 'self.key')), cert: readFileSync(join(dir, 'self.pem')),
  }, (s) => s.pipe(s)));
  startTlsPort = await listen(net.createServer((s) => {
    s.write('220 ready\r\n');
    s.once('data', (line) => {
      if (String(line) !== 'STARTTLS\r\n') return s.destroy();
      s.write('220 go\r\n');
      const secure = new tls.TLSSocket(s, { isServer: true, ...credentials });
      secure.on('data', (d) => secure.write(`secure:${d}`));
      secure.on('error', () => {});
    });
  }));
  tlsAtOncePort = await listen(net.createServer((s) => {
    const secure = new tls.TLSSocket(s, { isServer: true, ...credentials });
    secure.on('data', (d) => secure.write(`secure:${d}`));
    secure.on('error', () => {});
  }));
  halfOpenPort = await listen(net.createServer({ allowHalfOpen: true }, (s) => {
    let got = '';
    s.end('bye');
    s.on('data', (d) => { got += d; });
    s.on('end', () => { halfOpenReceived = got; s.destroy(); });
  }));
  peerClosesPort = await listen(net.createServer((s) => s.end('goodbye')));
  // Sends its FIN, then closes fully: what the Worker writes afterwards meets a reset.
  peerGonePort = await listen(net.createServer((s) => {
    s.on('error', () => {});
    s.end('goodbye', () => s.destroy());
  }));
  holdPort = await listen(net.createServer((s) => {
    held++;
    accepted++;
    s.on('close', () => { held--; });
    s.on('error', () => {});
  }));
  const closed = net.createServer();
  closedPort = await listen(closed);
  await new Promise((r) => closed.close(r));
  forget(closed);

  edged = await startEdged({
    files: {
      'wrangler.jsonc': { name: 'sockets', main: 'w.js', compatibility_date: '2025-09-01' },
      'w.js': worker,
    },
    args: ['--resolve', 'db.sockets.test=127.0.0.1', '--test-scheduled'],
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
  assert.equal(res.status, 200, text);
  return JSON.parse(text);
};

test('plain TCP: write, half-close, read the echo to its end; opened gives the addresses', async () => {
  const res = await call('/echo', echoPort);
  assert.equal(res.text, 'hello, sockets');
  assert.equal(res.secureTransport, 'off');
  assert.equal(res.info.remoteAddress, `127.0.0.1:${echoPort}`);
  assert.match(res.info.localAddress, /^127\.0\.0\.1:\d+$/);
});

test('secureTransport "on": TLS to a server whose CA is trusted', async () => {
  assert.deepEqual(await call('/tls', tlsPort), { text: 'over tls', closed: 'undefined' });
});

test('an untrusted certificate rejects opened and closed', async () => {
  const res = await call('/tls-untrusted', untrustedPort);
  assert.match(res.opened, /^Error: TLS peer's certificate is not trusted; reason = /);
  assert.equal(res.closed, res.opened);
});

test('STARTTLS: a plain greeting, then startTls() continues the connection over TLS', async () => {
  const res = await call('/starttls', startTlsPort);
  assert.equal(res.greeting, '220 ready\r\n');
  assert.equal(res.go, '220 go\r\n');
  assert.equal(res.reply, 'secure:hello');
  assert.equal(res.again, 'TypeError: startTls can only be called once.');
  assert.equal(res.onSecure, 'TypeError: Cannot startTls on a TLS socket.');
  assert.equal(res.upgraded, true);
  assert.equal(res.oldClosed, 'undefined');
});

test('startTls() right after connect(): the handshake starts once connected', async () => {
  const res = await call('/starttls-at-once', tlsAtOncePort);
  assert.deepEqual(res, { reply: 'secure:early', remote: `127.0.0.1:${tlsAtOncePort}`, oldOpened: 'no error' });
});

test('8 MiB both ways at once through an echo server, bytes intact', async () => {
  const res = await call('/big', echoPort);
  assert.equal(res.length, 8 * 1024 * 1024);
  assert.equal(res.received, res.sent);
});

test('8 MiB both ways over TLS', async () => {
  const res = await fetch(`${edged.url}/big?port=${tlsPort}&tls`).then((r) => r.json());
  assert.equal(res.length, 8 * 1024 * 1024);
  assert.equal(res.received, res.sent);
});

test('names resolve through edged\'s resolver (--resolve)', async () => {
  const res = await call('/resolved', echoPort);
  assert.equal(res.text, 'by name');
  assert.equal(res.info.remoteAddress, `127.0.0.1:${echoPort}`);
});

test('a socket left open ends with its request', async () => {
  const res = await fetch(`${edged.url}/left-open?port=${holdPort}`);
  assert.equal(await res.text(), 'bye');
  for (let i = 0; i < 100 && held > 0; i++) await new Promise((r) => setTimeout(r, 20));
  assert.equal(held, 0);
});

test('allowHalfOpen: writing goes on after the peer ended its side', async () => {
  halfOpenReceived = null;
  assert.deepEqual(await call('/half-open', halfOpenPort), { text: 'bye' });
  for (let i = 0; i < 100 && halfOpenReceived === null; i++) await new Promise((r) => setTimeout(r, 20));
  assert.equal(halfOpenReceived, 'still writing after your FIN');
});

test('allowHalfOpen: a write after the peer closed fully rejects, and closed rejects with it', async () => {
  const res = await call('/half-open-peer-gone', peerGonePort);
  assert.equal(res.text, 'goodbye');
  assert.match(res.write, /^Error: Network connection lost\. \(write failed: /);
  assert.equal(res.closed, res.write);
});

test('a socket left open by a scheduled handler ends with the event', async () => {
  const before = accepted;
  const res = await fetch(`${edged.url}/cdn-cgi/handler/scheduled?cron=${holdPort}`);
  assert.equal(await res.text(), 'ok');
  for (let i = 0; i < 100 && (accepted === before || held > 0); i++) {
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.equal(accepted, before + 1);
  assert.equal(held, 0);
});

test('waitUntil work of a scheduled handler keeps using its socket after the handler returned', async () => {
  const res = await fetch(`${edged.url}/cdn-cgi/handler/scheduled?cron=echo+${echoPort}`);
  assert.equal(await res.text(), 'ok');
});

test('the peer closing ends the readable side, closes the writable side and resolves closed', async () => {
  const res = await call('/peer-closes', peerClosesPort);
  assert.equal(res.text, 'goodbye');
  assert.equal(res.closed, 'undefined');
  assert.notEqual(res.write, 'no error');
});

test('close() from the Worker: closed resolves, writes fail, reads are done', async () => {
  const res = await call('/worker-closes', echoPort);
  assert.deepEqual(res, {
    closed: 'undefined', write: 'TypeError: This WritableStream has been closed.', read: { done: true },
  });
});

test('a refused connection rejects opened, closed and writes with the same error', async () => {
  const res = await call('/refused', closedPort);
  assert.match(res.opened, /^Error: Network connection lost\. \(connect: /);
  assert.equal(res.closed, res.opened);
  assert.equal(res.write, res.opened);
});

test('port 25 is refused as on Cloudflare', async () => {
  const res = await call('/port-25', 0);
  assert.match(res.opened, /^Error: Connections to port 25 are not allowed\./);
});

test('bad inputs throw TypeErrors with workerd\'s texts', async () => {
  assert.deepEqual(await call('/bad', tlsPort), {
    empty: 'TypeError: Specified address is empty string, contains unsupported characters or is too long.',
    space: 'TypeError: Specified address is empty string, contains unsupported characters or is too long.',
    badPort: 'TypeError: Specified address could not be parsed.',
    bigPort: 'TypeError: Specified port is invalid: 70000. It must be an integer from 1 to 65535.',
    transport: 'TypeError: Unsupported value in secureTransport socket option: sometimes',
    notObject: 'TypeError: Specified address could not be parsed.',
    startTlsOff: "TypeError: The `secureTransport` socket option must be set to 'starttls' for startTls to be used.",
    startTlsOn: 'TypeError: Cannot startTls on a TLS socket.',
    writeString: 'TypeError: This WritableStream only supports writing byte types.',
  });
});

test('six sockets at once per request: the seventh waits for a slot', async () => {
  const before = accepted;
  const res = await call('/many', holdPort);
  // Six opened while the seventh still waited; it connected once one of them was closed.
  assert.equal(res.seventhEarly, false);
  assert.equal(accepted - before, 7);
});

test('each connect() counts as a subrequest', async () => {
  const limited = await startEdged({
    files: {
      'wrangler.jsonc': {
        name: 'sockets-limited', main: 'w.js', compatibility_date: '2025-09-01',
        limits: { subrequests: 2 },
      },
      'w.js': `import { connect } from 'cloudflare:sockets';
export default {
  async fetch(request) {
    const port = Number(new URL(request.url).searchParams.get('port'));
    const sockets = [];
    try {
      for (let i = 0; i < 3; i++) sockets.push(connect({ hostname: '127.0.0.1', port }));
      return new Response('no limit');
    } catch (e) {
      return new Response(e.name + ': ' + e.message);
    } finally {
      for (const s of sockets) s.close();
    }
  },
};`,
    },
  });
  try {
    const text = await (await fetch(`${limited.url}/?port=${echoPort}`)).text();
    assert.match(text, /^Error: Too many subrequests by single Worker invocation\./);
  } finally {
    assert.equal(await limited.stop(), 0);
  }
});
