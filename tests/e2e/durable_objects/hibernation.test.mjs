// Hibernatable WebSockets end to end with the seeds' rooms: HibernatingRoom (attachments and
// stored messages survive the object's eviction while the sockets stay open), the platform
// guide's WebSocketHibernationServer, ManagedRoom's cleanup run from an alarm, automatic
// responses, and 100 concurrent increments on one object's storage.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startEdged } from '../lib/edged.mjs';
import { connect, nextMessage, closed, rawSocket, frame } from '../lib/websocket.mjs';
import { seedBlock } from '../lib/seeds.mjs';

// The guide's listing does not parse as printed: its class methods end with "}," as in an object
// literal, and one signature lost its colon. Only those characters are repaired.
const guide = seedBlock('workers-platform-guide.md', '<example id="durable_objects_websocket">')
  .replace(/\n {4}\},\n/g, '\n    }\n')
  .replace('wasClean: boolean) void | Promise<void>', 'wasClean: boolean): void | Promise<void>');

const files = {
  'wrangler.jsonc': {
    name: 'hibernation', main: 'src/index.ts', compatibility_date: '2025-06-01',
    durable_objects: {
      bindings: [
        { name: 'HIBERNATING', class_name: 'StoredRoom' },
        { name: 'LIMITED', class_name: 'Limited' },
        { name: 'WEBSOCKET_HIBERNATION_SERVER', class_name: 'WebSocketHibernationServer' },
        { name: 'MANAGED', class_name: 'Managed' },
        { name: 'COUNTER', class_name: 'Counter' },
        { name: 'PINNED', class_name: 'Pinned' },
      ],
    },
    migrations: [
      { tag: 'v1', new_sqlite_classes: ['StoredRoom', 'Managed', 'Counter', 'Pinned', 'Limited'] },
      { tag: 'v2', new_classes: ['WebSocketHibernationServer'] },
    ],
  },
  'src/hibernating.ts': seedBlock('workers-websockets.md', '## WebSocket Hibernation'),
  'src/guide.ts': guide,
  'src/managed.ts': seedBlock('workers-websockets.md', '## Connection Management'),
  'src/index.ts': `
import { DurableObject } from 'cloudflare:workers';
import { HibernatingRoom } from './hibernating';
import { WebSocketHibernationServer } from './guide';
import { ManagedRoom } from './managed';
export { WebSocketHibernationServer };

// The seed's room, plus a way for the test to read what it stored.
export class StoredRoom extends HibernatingRoom {
  async listMessages() { return [...(await this.storage.list({ prefix: 'message:' })).values()]; }
}

// A short event timeout, and webSocketError reporting protocol errors.
export class Limited extends DurableObject {
  n = 0;
  constructor(ctx: DurableObjectState, env: any) {
    super(ctx, env);
    ctx.setHibernatableWebSocketEventTimeout(200);
  }
  async fetch(): Promise<Response> {
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server);
    return new Response(null, { status: 101, webSocket: client });
  }
  async webSocketMessage(ws: WebSocket, message: string) {
    if (message === 'slow') await new Promise((r) => setTimeout(r, 1000));
    ws.send('n=' + ++this.n + ' timeout=' + this.ctx.getHibernatableWebSocketEventTimeout());
  }
  async webSocketError(ws: WebSocket, error: Error) { console.log('webSocketError: ' + error.message); }
}

let constructed = 0;
// The seed's ManagedRoom has no constructor and says "call via alarm": this gives it both.
export class Managed extends ManagedRoom {
  constructor(state: DurableObjectState) { super(); this.state = state; }
  async fetch(request: Request): Promise<Response> {
    const [client, server] = Object.values(new WebSocketPair());
    this.state.acceptWebSocket(server);
    const url = new URL(request.url);
    server.serializeAttachment({ lastSeen: Date.now() - Number(url.searchParams.get('age') ?? 0) });
    this.state.setWebSocketAutoResponse(new WebSocketRequestResponsePair('ping', 'pong'));
    await this.state.storage.setAlarm(Date.now() + 300);
    return new Response(null, { status: 101, webSocket: client });
  }
  async alarm() { await this.cleanup(); }
  async count() { return this.state.getWebSockets().length; }
  async autoResponded() {
    return this.state.getWebSockets().map((ws) => this.state.getWebSocketAutoResponseTimestamp(ws) !== null);
  }
}

export class Counter extends DurableObject {
  async increment() {
    const value = ((await this.ctx.storage.get('value')) ?? 0) + 1;
    await this.ctx.storage.put('value', value);
    return value;
  }
  async value() { return this.ctx.storage.get('value'); }
}

// ws.accept() (not hibernatable) keeps the object in memory while the socket is open.
export class Pinned extends DurableObject {
  n = 0;
  async fetch(): Promise<Response> {
    const [client, server] = Object.values(new WebSocketPair());
    server.accept();
    server.addEventListener('message', () => server.send('n=' + ++this.n));
    return new Response(null, { status: 101, webSocket: client });
  }
}

export default {
  async fetch(request: Request, env: any): Promise<Response> {
    const url = new URL(request.url);
    const [, kind, name] = url.pathname.split('/');
    if (kind === 'hibernating') {
      if (url.searchParams.has('messages')) {
        return Response.json(await env.HIBERNATING.getByName(name).listMessages?.() ?? null);
      }
      return env.HIBERNATING.getByName(name).fetch(request);
    }
    if (kind === 'limited') return env.LIMITED.getByName(name).fetch(request);
    if (kind === 'pinned') return env.PINNED.getByName(name).fetch(request);
    if (kind === 'guide') return env.WEBSOCKET_HIBERNATION_SERVER.getByName(name).fetch(request);
    if (kind === 'managed') return env.MANAGED.getByName(name).fetch(request);
    if (kind === 'managed-count') return Response.json(await env.MANAGED.getByName(name).count());
    if (kind === 'managed-auto') return Response.json(await env.MANAGED.getByName(name).autoResponded());
    if (kind === 'increment') return new Response(String(await env.COUNTER.getByName(name).increment()));
    if (kind === 'value') return new Response(String(await env.COUNTER.getByName(name).value()));
    return new Response('not found', { status: 404 });
  },
};
`,
};

let server;
after(async () => { await server?.stop(); });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

test('hibernatable WebSockets', async (t) => {
  server = await startEdged({ files, args: ['--threads', '2', '--do-idle-ms', '300', '--log-level', 'debug'] });

  await t.test('HibernatingRoom: attachments survive an eviction and messages are stored', async () => {
    const alice = await connect(`${server.url}/hibernating/h1?userId=alice`);
    const bob = await connect(`${server.url}/hibernating/h1?userId=bob`);
    alice.send('before');
    const first = JSON.parse(await nextMessage(alice));
    assert.equal(first.from, 'alice');
    assert.equal(first.message, 'before');
    assert.equal(JSON.parse(await nextMessage(bob)).message, 'before');
    // Idle past --do-idle-ms: the object leaves memory; the sockets stay open.
    await sleep(1500);
    assert.match(server.logs(), /Durable Object StoredRoom [0-9a-f]{64} left memory \(idle\)/);
    bob.send('after');
    const second = JSON.parse(await nextMessage(alice));
    assert.equal(second.from, 'bob', 'the attachment came back after the eviction');
    assert.equal(second.message, 'after');
    const done = closed(alice);
    bob.close(1000, 'bye');
    assert.deepEqual(JSON.parse(await nextMessage(alice)), { type: 'user_left', userId: 'bob' });
    alice.close();
    await done;
    const stored = await (await fetch(`${server.url}/hibernating/h1?messages`)).json();
    assert.deepEqual(stored.map((m) => `${m.from}:${m.message}`), ['alice:before', 'bob:after']);
  });

  await t.test('a WebSocket event past setHibernatableWebSocketEventTimeout resets the object', async () => {
    const ws = await connect(`${server.url}/limited/l1`);
    ws.send('x');
    assert.equal(await nextMessage(ws), 'n=1 timeout=200');
    ws.send('slow');
    await sleep(500);
    assert.match(server.logs(), /ran longer than the hibernatable WebSocket event timeout \(200 ms\); the Durable Object was reset/);
    ws.send('x');
    assert.equal(await nextMessage(ws), 'n=1 timeout=200', 'a new instance answered');
    ws.close();
  });

  await t.test('a protocol error on a hibernatable socket calls webSocketError', async () => {
    const raw = await rawSocket(server.port, '/limited/l2');
    assert.match(raw.head, /^HTTP\/1\.1 101 /);
    raw.send(frame(0x1, Buffer.from([0xff, 0xfe])));
    const close = await raw.nextFrame();
    assert.equal(close.payload.readUInt16BE(0), 1007);
    await raw.ended;
    await sleep(200);
    assert.match(server.logs(), /webSocketError: /);
  });

  await t.test('the platform guide\'s WebSocketHibernationServer answers with the connection count', async () => {
    const a = await connect(`${server.url}/guide/g1`);
    const b = await connect(`${server.url}/guide/g1`);
    a.send('hi');
    assert.equal(await nextMessage(a), '[Durable Object] message: hi, connections: 2');
    await sleep(1000);  // evicted; rebuilt on the next message
    b.send('again');
    assert.equal(await nextMessage(b), '[Durable Object] message: again, connections: 2');
    const done = closed(a);
    a.close(4001, 'done');
    assert.equal((await done).code, 4001);
    b.close();
  });

  await t.test('ManagedRoom: an alarm closes stale sockets; auto-responses answer without the object', async () => {
    const fresh = await connect(`${server.url}/managed/m1?age=0`);
    const stale = await connect(`${server.url}/managed/m1?age=120000`);
    fresh.send('ping');
    assert.equal(await nextMessage(fresh), 'pong');
    assert.deepEqual(await (await fetch(`${server.url}/managed-auto/m1`)).json(), [true, false]);
    const staleClosed = await closed(stale);
    assert.equal(staleClosed.code, 1000);
    assert.equal(staleClosed.reason, 'Idle timeout');
    // The closing handshake ends on the server a moment after the client saw it.
    let count;
    for (let i = 0; i < 40 && count !== 1; i++, await sleep(50)) {
      count = await (await fetch(`${server.url}/managed-count/m1`)).json();
    }
    assert.equal(count, 1);
    fresh.close();
  });

  await t.test('an object with an accept()ed WebSocket stays in memory', async () => {
    const ws = await connect(`${server.url}/pinned/p1`);
    ws.send('x');
    assert.equal(await nextMessage(ws), 'n=1');
    await sleep(1000);
    ws.send('x');
    assert.equal(await nextMessage(ws), 'n=2');
    assert.doesNotMatch(server.logs(), /Durable Object Pinned [0-9a-f]{64} left memory/);
    ws.close();
  });

  await t.test('100 concurrent increments on one object end at exactly 100', async () => {
    await Promise.all(Array.from({ length: 100 }, () => fetch(`${server.url}/increment/shared`).then((r) => r.text())));
    assert.equal(await (await fetch(`${server.url}/value/shared`)).text(), '100');
  });
});
