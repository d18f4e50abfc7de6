// WebSockets end to end: a Worker's WebSocketPair, the seeds' Durable Object rooms (broadcast,
// tags), and the RFC 6455 cases edged's front end must get right, driven by Node's `ws` and by
// raw frames.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startEdged } from '../lib/edged.mjs';
import { connect, nextMessage, closed, rawSocket, frame, closeFrame } from '../lib/websocket.mjs';
import { seedBlock } from '../lib/seeds.mjs';

const echoWorker = `
export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === '/not-upgrade') {
      const [client] = Object.values(new WebSocketPair());
      return new Response(null, { status: 101, webSocket: client });
    }
    if (request.headers.get('Upgrade') !== 'websocket') return new Response('Expected websocket', { status: 426 });
    const [client, server] = Object.values(new WebSocketPair());
    server.accept();
    server.addEventListener('message', (event) => {
      if (event.data === 'close-me') return server.close(4000, 'asked to');
      server.send(typeof event.data === 'string' ? 'echo:' + event.data : event.data);
    });
    server.addEventListener('close', (event) => console.log('closed', event.code, event.reason, event.wasClean));
    return new Response(null, { status: 101, webSocket: client });
  },
};
`;

const roomsConfig = {
  name: 'rooms',
  main: 'src/index.ts',
  compatibility_date: '2025-06-01',
  durable_objects: {
    bindings: [
      { name: 'ROOMS', class_name: 'ChatRoom' },
      { name: 'TAGGED', class_name: 'TaggedRoom' },
      { name: 'ADVANCED', class_name: 'AdvancedChatRoom' },
    ],
  },
  migrations: [{ tag: 'v1', new_sqlite_classes: ['ChatRoom', 'TaggedRoom', 'AdvancedChatRoom'] }],
};

// The seed's classes as written; TaggedChatRoom never sets `state` (it has no constructor, on
// Cloudflare too), so the test subclass gives it one.
const roomsFiles = {
  'wrangler.jsonc': roomsConfig,
  'src/chat_room.ts': seedBlock('workers-websockets.md', '### Basic WebSocket Handler'),
  'src/entry.ts': `import { ChatRoom } from './chat_room';\n${seedBlock('workers-websockets.md', '### Worker Entry Point')}`,
  'src/tagged.ts': seedBlock('workers-websockets.md', '## WebSocket with Tags'),
  'src/advanced.ts': seedBlock('workers-advanced-patterns.md', '## WebSocket with Durable Objects'),
  'src/index.ts': `
import entry, { ChatRoom } from './entry';
import { TaggedChatRoom } from './tagged';
export { ChatRoom as AdvancedChatRoom } from './advanced';
export { ChatRoom };
export class TaggedRoom extends TaggedChatRoom {
  constructor(state: DurableObjectState) { super(); this.state = state; }
}
export default {
  async fetch(request: Request, env: any): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname.startsWith('/tagged/')) return env.TAGGED.getByName(url.pathname).fetch(request);
    if (url.pathname.startsWith('/advanced/')) return env.ADVANCED.getByName(url.pathname).fetch(request);
    return entry.fetch(request, env);
  },
};
`,
};

// The header of a masked frame of 32 MiB + 1 bytes, without its payload.
function oversizedHeader(opcode = 0x2) {
  const head = Buffer.alloc(14);
  head[0] = 0x80 | opcode;
  head[1] = 0x80 | 127;
  head.writeBigUInt64BE(BigInt((32 << 20) + 1), 2);
  return head;
}

let echo;
let rooms;
after(async () => {
  await echo?.stop();
  await rooms?.stop();
});

test('a Worker answers a WebSocket handshake with a WebSocketPair', async (t) => {
  echo = await startEdged({ files: { 'wrangler.jsonc': { name: 'echo', main: 'src/index.js', compatibility_date: '2025-06-01' }, 'src/index.js': echoWorker } });

  await t.test('text and binary messages round-trip', async () => {
    const ws = await connect(echo.url);
    ws.send('hello');
    assert.equal(await nextMessage(ws), 'echo:hello');
    ws.send(Buffer.from([1, 2, 3]));
    assert.deepEqual([...(await nextMessage(ws))], [1, 2, 3]);
    const done = closed(ws);
    ws.close(1000, 'bye');
    // The server echoes the code (RFC 6455 §5.5.1); the reason is its own to give.
    assert.equal((await done).code, 1000);
    await new Promise((r) => setTimeout(r, 100));
    assert.match(echo.logs(), /closed 1000 bye true/);
  });

  await t.test('the Worker closes with its code and reason', async () => {
    const ws = await connect(echo.url);
    const done = closed(ws);
    ws.send('close-me');
    assert.deepEqual(await done, { code: 4000, reason: 'asked to' });
  });

  await t.test('a 101 to a request without Upgrade: websocket is a 500', async () => {
    const response = await fetch(`${echo.url}/not-upgrade`);
    assert.equal(response.status, 500);
    await response.text();
    assert.match(echo.logs(), /Worker tried to return a WebSocket in a response to a request which did not contain the header "Upgrade: websocket"/);
  });

  await t.test('fragmented messages, with a ping between fragments', async () => {
    const raw = await rawSocket(echo.port);
    assert.match(raw.head, /^HTTP\/1\.1 101 /);
    raw.send(Buffer.concat([
      frame(0x1, 'frag', { fin: false }), frame(0x9, 'p'), frame(0x0, 'men', { fin: false }), frame(0x0, 'ted'),
    ]));
    const pong = await raw.nextFrame();
    assert.equal(pong.opcode, 0xA);
    assert.equal(pong.payload.toString(), 'p');
    const message = await raw.nextFrame();
    assert.equal(message.opcode, 0x1);
    assert.equal(message.payload.toString(), 'echo:fragmented');
    raw.destroy();
  });

  for (const [name, bytes, code] of [
    ['invalid UTF-8 closes with 1007', frame(0x1, Buffer.from([0xce, 0xba, 0xe1, 0xbd, 0xb9, 0xcf, 0x83, 0xce, 0xbc, 0xce, 0xb5, 0xed, 0xa0, 0x80])), 1007],
    ['invalid UTF-8 split across fragments closes with 1007', Buffer.concat([frame(0x1, Buffer.from([0xf0, 0x90]), { fin: false }), frame(0x0, Buffer.from([0x28, 0x8c]))]), 1007],
    ['an unmasked client frame closes with 1002', frame(0x1, 'x', { mask: false }), 1002],
    ['an unknown opcode closes with 1002', frame(0x3, 'x'), 1002],
    ['reserved bits close with 1002', frame(0x1, 'x', { rsv: 4 }), 1002],
    // Refused from the header alone: the length announces more than Cloudflare's 32 MiB.
    ['a message over 32 MiB closes with 1009', oversizedHeader(), 1009],
    ['a message over 32 MiB in fragments closes with 1009',
      Buffer.concat([frame(0x2, Buffer.alloc(1 << 20), { fin: false }), oversizedHeader(0x0)]), 1009],
  ]) {
    await t.test(name, async () => {
      const raw = await rawSocket(echo.port);
      raw.send(bytes);
      const close = await raw.nextFrame(10000);
      assert.equal(close.opcode, 0x8);
      assert.equal(close.payload.readUInt16BE(0), code);
      await raw.ended;
    });
  }

  await t.test('a client Close is echoed with its code', async () => {
    const raw = await rawSocket(echo.port);
    raw.send(closeFrame(3001, 'done'));
    const close = await raw.nextFrame();
    assert.equal(close.opcode, 0x8);
    assert.equal(close.payload.readUInt16BE(0), 3001);
    await raw.ended;
  });
});

test('the seeds\' Durable Object chat rooms', async (t) => {
  rooms = await startEdged({ files: roomsFiles, args: ['--threads', '2'] });

  await t.test('ChatRoom broadcasts every message to every socket of the room', async () => {
    const a = await connect(`${rooms.url}/lobby`);
    const b = await connect(`${rooms.url}/lobby`);
    const other = await connect(`${rooms.url}/elsewhere`);
    a.send('hi all');
    assert.equal(await nextMessage(a), 'hi all');
    assert.equal(await nextMessage(b), 'hi all');
    b.send(Buffer.from('binary as text'));
    assert.equal(await nextMessage(a), 'binary as text');
    assert.equal(await nextMessage(b), 'binary as text');
    await assert.rejects(nextMessage(other, 300));
    const done = closed(a);
    a.close(1000, 'leaving');
    assert.equal((await done).code, 1000);
    b.close();
    other.close();
  });

  await t.test('the advanced patterns\' ChatRoom broadcasts to the sessions it keeps', async () => {
    const a = await connect(`${rooms.url}/advanced/x`);
    const b = await connect(`${rooms.url}/advanced/x`);
    b.send('from b');
    assert.equal(await nextMessage(a), 'from b');
    assert.equal(await nextMessage(b), 'from b');
    const done = closed(b);
    b.close();
    await done;
    a.send('after b left');
    assert.equal(await nextMessage(a), 'after b left');
    a.close();
  });

  await t.test('a plain request gets the room\'s 426', async () => {
    const response = await fetch(`${rooms.url}/lobby`);
    assert.equal(response.status, 426);
    assert.equal(await response.text(), 'Expected websocket');
  });

  await t.test('TaggedChatRoom sends direct messages by tag and broadcasts to "all"', async () => {
    const alice = await connect(`${rooms.url}/tagged/r1?userId=alice`);
    const bob = await connect(`${rooms.url}/tagged/r1?userId=bob`);
    alice.send(JSON.stringify({ type: 'direct', targetUserId: 'bob', text: 'psst' }));
    assert.deepEqual(JSON.parse(await nextMessage(bob)), { type: 'direct', targetUserId: 'bob', text: 'psst' });
    await assert.rejects(nextMessage(alice, 300));
    bob.send(JSON.stringify({ type: 'broadcast', text: 'all of you' }));
    assert.equal(JSON.parse(await nextMessage(alice)).text, 'all of you');
    assert.equal(JSON.parse(await nextMessage(bob)).text, 'all of you');
    alice.close();
    bob.close();
  });
});

test('SIGTERM closes open WebSockets with 1001 and exits without waiting for them', async () => {
  const server = await startEdged({ files: { 'wrangler.jsonc': { name: 'echo', main: 'src/index.js', compatibility_date: '2025-06-01' }, 'src/index.js': echoWorker } });
  const ws = await connect(server.url);
  ws.send('x');
  assert.equal(await nextMessage(ws), 'echo:x');
  const done = closed(ws);
  const started = Date.now();
  const code = await server.stop('SIGTERM');
  assert.equal(code, 0);
  assert.equal((await done).code, 1001);
  assert.ok(Date.now() - started < 10000, 'the drain did not wait for the socket');
});
