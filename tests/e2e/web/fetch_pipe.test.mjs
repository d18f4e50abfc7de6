// A Worker returning a fetch() response unchanged: the body goes from the origin to the client
// natively (ops.fetchPipe), with backpressure, and failures on either side end it cleanly.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { createHash } from 'node:crypto';
import { startEdged } from '../lib/edged.mjs';

const size = 24 << 20;
const chunk = Buffer.alloc(64 << 10, 7);
let origin;
let originPort;
let edged;

before(async () => {
  origin = http.createServer((req, res) => {
    if (req.url === '/big') {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': size, 'x-origin': 'yes' });
      let sent = 0;
      const pump = () => {
        while (sent < size) {
          sent += chunk.length;
          if (!res.write(chunk)) return res.once('drain', pump);
        }
        res.end();
      };
      pump();
    } else if (req.url === '/broken') {
      res.writeHead(200, { 'content-length': 1 << 20 });
      res.write(Buffer.alloc(1000));
      setTimeout(() => res.destroy(), 100);
    } else {
      res.end('small');
    }
  });
  await new Promise((r) => origin.listen(0, '127.0.0.1', r));
  originPort = origin.address().port;
  edged = await startEdged({
    files: {
      'wrangler.jsonc': { name: 'pipe', main: 'src/index.js', compatibility_date: '2025-06-01' },
      'src/index.js': `export default {
        fetch(request) {
          const url = new URL(request.url);
          return fetch('http://127.0.0.1:${originPort}' + url.pathname);
        },
      };`,
    },
  });
});
after(async () => {
  await edged?.stop();
  origin?.close();
});

test('a proxied 24 MiB body arrives whole, with the origin\'s head', async () => {
  const response = await fetch(`${edged.url}/big`);
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('x-origin'), 'yes');
  assert.equal(response.headers.get('content-length'), String(size));
  const hash = createHash('sha256');
  let received = 0;
  for await (const part of response.body) {
    hash.update(part);
    received += part.length;
  }
  assert.equal(received, size);
  const expected = createHash('sha256');
  for (let i = 0; i < size / chunk.length; i++) expected.update(chunk);
  assert.equal(hash.digest('hex'), expected.digest('hex'));
});

test('a client that reads slowly and then goes away does not disturb the server', async () => {
  const socket = net.connect(edged.port, '127.0.0.1');
  socket.write('GET /big HTTP/1.1\r\nHost: x\r\n\r\n');
  await new Promise((r) => socket.once('data', r));
  socket.pause();
  await new Promise((r) => setTimeout(r, 300));
  socket.destroy();
  assert.equal(await (await fetch(`${edged.url}/small`)).text(), 'small');
});

test('an origin failing mid-body resets the client\'s connection', async () => {
  await assert.rejects(async () => {
    const response = await fetch(`${edged.url}/broken`);
    await response.arrayBuffer();
  });
  assert.equal(await (await fetch(`${edged.url}/small`)).text(), 'small');
});
