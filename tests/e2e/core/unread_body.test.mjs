// Request bodies a Worker never reads. edged skips a small one after the response, so the
// connection carries the client's next request; a larger or chunked one gets `Connection: close`
// in the response, so the client does not send its next request on a connection about to close.
// Before, edged closed after every unread body while its response said keep-alive, and a client
// that reused the connection in that moment lost its request (undici: "fetch failed", cause
// "other side closed"; seen in e2e.core.tail).
//
// The last test is also the stress reproducer: UNREAD_BODY_ROUNDS=30 runs thirty rounds.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startEdged } from '../lib/edged.mjs';

const files = {
  'wrangler.jsonc': { name: 'unread', main: 'w.js', compatibility_date: '2025-09-01' },
  'w.js': `export default {
    async fetch(request) {
      return new Response('answered ' + request.method + ' ' + new URL(request.url).pathname);
    },
  };`,
};

let edged;
before(async () => {
  edged = await startEdged({ files, args: ['--threads', '2'] });
});
after(async () => {
  assert.equal(await edged.stop(), 0);
});

// A raw connection: send bytes, read one response at a time (Content-Length framed).
function connect(port) {
  const socket = net.connect(port, '127.0.0.1');
  let buffered = Buffer.alloc(0);
  let ended = false;
  let wake = () => {};
  socket.on('data', (d) => { buffered = Buffer.concat([buffered, d]); wake(); });
  socket.on('end', () => { ended = true; wake(); });
  socket.on('error', () => { ended = true; wake(); });
  const more = () => new Promise((resolve) => { wake = resolve; });
  return {
    send: (bytes) => socket.write(bytes),
    async response() {
      for (;;) {
        const text = buffered.toString('latin1');
        const end = text.indexOf('\r\n\r\n');
        if (end >= 0) {
          const head = text.slice(0, end);
          const length = Number(/\r\ncontent-length: (\d+)/i.exec(head)?.[1] ?? 0);
          if (buffered.length >= end + 4 + length) {
            buffered = buffered.subarray(end + 4 + length);
            return {
              head,
              connection: /\r\nconnection: ([^\r]*)/i.exec(head)?.[1] ?? null,
              body: text.slice(end + 4, end + 4 + length),
            };
          }
        }
        if (ended) return null;
        await more();
      }
    },
    async closed() {
      while (!ended) await more();
      return buffered.length === 0;
    },
    destroy: () => socket.destroy(),
  };
}

const post = (path, body, extra = '') =>
  `POST ${path} HTTP/1.1\r\nHost: unread.test\r\nContent-Length: ${body.length}\r\n${extra}\r\n${body}`;

test('after a small unread body the connection answers the next request', async () => {
  const c = connect(edged.port);
  try {
    c.send(post('/first', 'hi'));
    const first = await c.response();
    assert.equal(first.body, 'answered POST /first');
    assert.equal(first.connection, null);
    c.send('GET /second HTTP/1.1\r\nHost: unread.test\r\n\r\n');
    const second = await c.response();
    assert.ok(second, 'the connection closed instead of answering the next request');
    assert.equal(second.body, 'answered GET /second');
  } finally {
    c.destroy();
  }
});

test('a large unread body: the response announces the close', async () => {
  const c = connect(edged.port);
  try {
    c.send(`PUT /big HTTP/1.1\r\nHost: unread.test\r\nContent-Length: ${1 << 20}\r\n\r\n`);
    c.send('x'.repeat(4096));
    const r = await c.response();
    assert.equal(r.body, 'answered PUT /big');
    assert.equal(r.connection, 'close');
    assert.equal(await c.closed(), true);
  } finally {
    c.destroy();
  }
});

test('many fetches with bodies the Worker never reads all get their answer', async () => {
  const rounds = Number(process.env.UNREAD_BODY_ROUNDS ?? 2);
  const sizes = [2, 100, 10_000, 70_000, 300_000];
  const failures = [];
  for (let round = 0; round < rounds; round++) {
    // A fresh server each round: its first requests also meet isolates created on first use.
    const server = round === 0 ? edged : await startEdged({ files, args: ['--threads', '2'] });
    const one = async (i) => {
      const method = i % 2 ? 'PUT' : 'POST';
      try {
        const res = await fetch(`${server.url}/r${i}`, { method, body: 'b'.repeat(sizes[i % sizes.length]) });
        assert.equal(await res.text(), `answered ${method} /r${i}`);
      } catch (e) {
        failures.push(`round ${round}, ${method} of ${sizes[i % sizes.length]} bytes: ${e.message} (${e.cause?.message})`);
      }
    };
    // One after the other (each reusing the connection the one before left), then eight at once.
    for (let i = 0; i < 40; i++) await one(i);
    for (let i = 0; i < 40; i += 8) await Promise.all([0, 1, 2, 3, 4, 5, 6, 7].map((k) => one(i + k)));
    if (server !== edged) assert.equal(await server.stop(), 0);
  }
  assert.deepEqual(failures, []);
});
