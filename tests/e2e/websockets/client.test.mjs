// WebSockets from a Worker to a backend: the seed's proxy mode (fetch() passes an
// Upgrade: websocket request through and the 101 response's socket is returned as is), a Worker
// talking to the backend itself over fetch() and over new WebSocket(url), and handshake failures.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { startEdged } from '../lib/edged.mjs';
import { WebSocket, connect, nextMessage, closed } from '../lib/websocket.mjs';
import { seedBlock } from '../lib/seeds.mjs';

// A backend on loopback that echoes with a prefix, and says which subprotocol it chose.
let backend;
let backendPort;
before(async () => {
  backend = new WebSocket.Server({
    host: '127.0.0.1', port: 0,
    handleProtocols: (protocols) => (protocols.has('chat') ? 'chat' : false),
  });
  await new Promise((r) => backend.once('listening', r));
  backendPort = backend.address().port;
  backend.on('connection', (socket, request) => {
    socket.send(`hello ${request.url}`);
    socket.on('message', (data, isBinary) => {
      if (data.toString() === 'bye') return socket.close(4002, 'backend bye');
      socket.send(isBinary ? data : `backend:${data}`);
    });
  });
});

const worker = `
export default {
  async fetch(request) {
    const url = new URL(request.url);
    const backend = 'http://ws-backend.example.com:' + url.searchParams.get('port') + '/inner';
    if (url.pathname === '/fetch') {
      const response = await fetch(backend, { headers: { Upgrade: 'websocket', 'Sec-WebSocket-Protocol': 'chat' } });
      const ws = response.webSocket;
      ws.accept();
      const got = [];
      const done = new Promise((resolve) => {
        ws.addEventListener('message', (e) => { got.push(e.data); if (got.length === 2) resolve(); });
      });
      ws.send('one');
      await done;
      ws.close(1000, 'done');
      return Response.json({ status: response.status, protocol: response.headers.get('sec-websocket-protocol'), got });
    }
    if (url.pathname === '/constructor') {
      const ws = new WebSocket(backend.replace('http:', 'ws:'), 'chat');
      const events = [];
      let early;
      try { ws.send('too early'); } catch (e) { early = e.name; }
      await new Promise((resolve) => {
        ws.addEventListener('open', () => { events.push('open:' + ws.protocol); ws.send('two'); });
        ws.addEventListener('message', (e) => { events.push(e.data); if (events.length === 3) ws.send('bye'); });
        ws.addEventListener('close', (e) => { events.push('close:' + e.code + ':' + e.reason); resolve(); });
      });
      return Response.json({ early, events });
    }
    if (url.pathname === '/refused') {
      const ws = new WebSocket('ws://127.0.0.1:1/');
      const events = [];
      await new Promise((resolve) => {
        ws.addEventListener('error', () => events.push('error'));
        ws.addEventListener('close', (e) => { events.push('close:' + e.code); resolve(); });
      });
      return Response.json(events);
    }
    if (url.pathname === '/not-websocket') {
      try {
        await fetch('http://127.0.0.1:' + url.searchParams.get('port') + '/', { method: 'POST', headers: { Upgrade: 'websocket' } });
        return new Response('no error');
      } catch (e) { return new Response(e.name + ': ' + e.message); }
    }
    return new Response('?', { status: 404 });
  },
};
`;

let proxy;
let client;
after(async () => {
  await proxy?.stop();
  await client?.stop();
  backend?.close();
});

test('the seed\'s Simple WebSocket Proxy passes a WebSocket through to its backend', async () => {
  proxy = await startEdged({
    files: {
      'wrangler.jsonc': { name: 'proxy', main: 'src/index.ts', compatibility_date: '2025-06-01' },
      'src/index.ts': seedBlock('workers-websockets.md', '### Simple WebSocket Proxy'),
    },
    args: ['--resolve', 'ws-backend.example.com=127.0.0.1'],
  });
  // The seed keeps the request's port and path: the Host the client sends names the backend's port.
  const ws = await connect(`${proxy.url}/room?x=1`, { headers: { Host: `app.example.com:${backendPort}` } });
  assert.equal(await nextMessage(ws), 'hello /room?x=1');
  ws.send('through');
  assert.equal(await nextMessage(ws), 'backend:through');
  ws.send(Buffer.from([9, 8]));
  assert.deepEqual([...(await nextMessage(ws))], [9, 8]);
  const done = closed(ws);
  ws.send('bye');
  assert.deepEqual(await done, { code: 4002, reason: 'backend bye' });

  const plain = await fetch(`${proxy.url}/`);
  assert.equal(plain.status, 426);
  assert.equal(await plain.text(), 'Expected websocket');
});

test('a Worker talks to a WebSocket backend over fetch() and new WebSocket(url)', async (t) => {
  client = await startEdged({
    files: { 'wrangler.jsonc': { name: 'client', main: 'src/index.js', compatibility_date: '2025-06-01' }, 'src/index.js': worker },
    args: ['--resolve', 'ws-backend.example.com=127.0.0.1'],
  });

  await t.test('fetch() with Upgrade: websocket gives a 101 with response.webSocket', async () => {
    const result = await (await fetch(`${client.url}/fetch?port=${backendPort}`)).json();
    assert.deepEqual(result, { status: 101, protocol: 'chat', got: ['hello /inner', 'backend:one'] });
  });

  await t.test('new WebSocket(url) opens, exchanges messages and reports the close', async () => {
    const result = await (await fetch(`${client.url}/constructor?port=${backendPort}`)).json();
    assert.equal(result.early, 'InvalidStateError');
    assert.deepEqual(result.events, ['open:chat', 'hello /inner', 'backend:two', 'close:4002:backend bye']);
  });

  await t.test('a refused connection gives error then close 1006', async () => {
    assert.deepEqual(await (await fetch(`${client.url}/refused`)).json(), ['error', 'close:1006']);
  });

  await t.test('a WebSocket handshake must be a GET', async () => {
    assert.equal(await (await fetch(`${client.url}/not-websocket?port=${backendPort}`)).text(),
      'TypeError: A WebSocket handshake must use the GET method.');
  });
});
