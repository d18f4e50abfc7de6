// Cloudflare Queues end to end: a Worker produces with send()/sendBatch() and consumes its own
// queues in queue(); what the consumer sees is posted to a collector. Batches fill by size and
// by max_batch_timeout; ack(), retry(), retryAll() and a thrown handler behave as on Cloudflare;
// a message failing max_retries + 1 times goes to the dead-letter queue (consumed in turn) or
// is dropped with a log line; delays wait; bodies of every content type round-trip; bad
// arguments and Cloudflare's limits give Workers' errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startEdged } from '../lib/edged.mjs';
import { startCollector } from '../lib/collector.mjs';

const queueNames = ['sized', 'timed', 'acks', 'throws', 'throws-dlq', 'retryall', 'nodlq', 'types',
  'delayed', 'later'];

const consumer = (queue, extra = {}) => ({ queue, max_batch_timeout: 0.2, ...extra });

const config = (collector) => ({
  name: 'queues',
  main: 'src/index.js',
  compatibility_date: '2025-06-01',
  vars: { COLLECTOR: collector },
  queues: {
    producers: [
      ...queueNames.map((queue) => ({ binding: queue.toUpperCase().replace('-', '_'), queue })),
      { binding: 'DEFAULT_DELAY', queue: 'later', delivery_delay: 2 },
    ],
    consumers: [
      consumer('sized', { max_batch_size: 5, max_batch_timeout: 30 }),
      consumer('timed', { max_batch_size: 10, max_batch_timeout: 1 }),
      consumer('acks'),
      consumer('throws', { max_retries: 3, dead_letter_queue: 'throws-dlq' }),
      consumer('throws-dlq'),
      consumer('retryall', { retry_delay: 1 }),
      consumer('nodlq', { max_retries: 1 }),
      consumer('types'),
      consumer('delayed', { max_batch_timeout: 0 }),
      consumer('later', { max_batch_timeout: 0 }),
    ],
  },
});

const worker = String.raw`
const describe = (value) => {
  if (value instanceof ArrayBuffer) return { ArrayBuffer: [...new Uint8Array(value)] };
  if (value instanceof Map) return { Map: [...value].map(([k, v]) => [k, v instanceof Date ? 'Date ' + v.getTime() : v]) };
  return value;
};
const error = async (fn) => {
  try { await fn(); return 'no error'; } catch (e) { return e.name + ': ' + e.message; }
};

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const queue = env[url.searchParams.get('q')];
    if (url.pathname === '/send') {
      const { body, options } = await request.json();
      return Response.json(await queue.send(body, options) ?? null);
    }
    if (url.pathname === '/batch') {
      const { messages, options } = await request.json();
      return Response.json(await queue.sendBatch(messages, options) ?? null);
    }
    if (url.pathname === '/types') {
      await env.TYPES.send(new Map([[1, new Date(7)]]));
      await env.TYPES.send({ a: [1, 'é'] }, { contentType: 'json' });
      await env.TYPES.send('héllo', { contentType: 'TEXT' });
      await env.TYPES.send(new Uint8Array([0, 1, 2, 255]).subarray(1), { contentType: 'bytes' });
      await env.TYPES.sendBatch([{ body: 'in a batch', contentType: 'text' }, { body: { v8: true } }]);
      return new Response('ok');
    }
    if (url.pathname === '/errors') {
      const q = env.ACKS;
      return Response.json({
        undefinedBody: await error(() => q.send(undefined)),
        badType: await error(() => q.send('x', { contentType: 'xml' })),
        textNotString: await error(() => q.send(5, { contentType: 'text' })),
        bytesNotView: await error(() => q.send('s', { contentType: 'bytes' })),
        notCloneable: await error(() => q.send(() => 1)),
        tooLarge: await error(() => q.send('x'.repeat(128001), { contentType: 'text' })),
        largest: await error(() => q.send('x'.repeat(128000), { contentType: 'text', delaySeconds: 43200 })),
        tooLate: await error(() => q.send('x', { delaySeconds: 43201 })),
        emptyBatch: await error(() => q.sendBatch([])),
        notIterable: await error(() => q.sendBatch(5)),
        manyMessages: await error(() => q.sendBatch(Array.from({ length: 101 }, () => ({ body: 1 })))),
        batchTooLarge: await error(() => q.sendBatch(Array.from({ length: 3 },
          () => ({ body: 'x'.repeat(100000), contentType: 'text' })))),
        largeInBatch: await error(() => q.sendBatch([{ body: 'x'.repeat(128001), contentType: 'text' }])),
        undefinedInBatch: await error(() => q.sendBatch([{ body: 1 }, { body: undefined }])),
        sync: (() => { try { q.send(undefined).catch(() => {}); return 'returned a promise'; } catch { return 'threw'; } })(),
      });
    }
    return new Response('not found', { status: 404 });
  },

  async queue(batch, env) {
    const messages = batch.messages.map((m) => ({
      id: m.id, body: describe(m.body), attempts: m.attempts, timestamp: m.timestamp.getTime(),
      isDate: m.timestamp instanceof Date,
    }));
    await fetch(env.COLLECTOR + '/' + batch.queue, {
      method: 'POST', body: JSON.stringify({ queue: batch.queue, messages }),
    });
    for (const m of batch.messages) {
      const kind = m.body?.kind;
      if (kind === 'ack') m.ack();
      if (kind === 'retry-once' && m.attempts === 1) m.retry();
      if (kind === 'retry-later' && m.attempts === 1) m.retry({ delaySeconds: 2 });
    }
    if (batch.queue === 'retryall' && batch.messages[0].attempts === 1) batch.retryAll();
    if (batch.queue === 'throws' || batch.queue === 'nodlq') throw new Error('consumer failed');
  },
};
`;

let collector;
let edged;

before(async () => {
  collector = await startCollector();
  edged = await startEdged({ files: { 'wrangler.jsonc': config(collector.url), 'src/index.js': worker } });
});

after(async () => {
  await edged?.stop();
  await collector?.close();
});

const post = async (path, queue, json) => {
  const response = await fetch(`${edged.url}${path}?q=${queue}`, { method: 'POST', body: JSON.stringify(json) });
  assert.equal(response.status, 200, await response.clone().text());
  return response.json();
};
const send = (queue, body, options) => post('/send', queue, { body, options });
const sendBatch = (queue, messages, options) => post('/batch', queue, { messages, options });
const batchesOf = (queue) => collector.posts.filter((p) => p.body.queue === queue).map((p) => p.body);
const deliveries = (queue) => batchesOf(queue).flatMap((b) => b.messages);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

test('a batch goes out as soon as max_batch_size messages are waiting', async () => {
  const started = Date.now();
  await sendBatch('SIZED', Array.from({ length: 10 }, (_, i) => ({ body: i })));
  const batches = await collector.waitFor(() => batchesOf('sized').length >= 2 && batchesOf('sized'));
  assert.ok(Date.now() - started < 15000, 'well before max_batch_timeout (30 s)');
  // Both batches run at once (max_concurrency): they may reach the collector in either order.
  const contents = batches.map((b) => b.messages.map((m) => m.body)).sort((a, b) => a[0] - b[0]);
  assert.deepEqual(contents, [[0, 1, 2, 3, 4], [5, 6, 7, 8, 9]]);
  assert.ok(batches[0].messages.every((m) => m.attempts === 1 && m.isDate && /^[0-9a-f]{32}$/.test(m.id)));
});

test('a partial batch goes out after max_batch_timeout', async () => {
  const started = Date.now();
  for (const n of [1, 2, 3]) await send('TIMED', n);
  const [batch] = await collector.waitFor(() => batchesOf('timed').length >= 1 && batchesOf('timed'));
  const waited = collector.posts.find((p) => p.body.queue === 'timed').at - started;
  assert.deepEqual(batch.messages.map((m) => m.body), [1, 2, 3]);
  assert.ok(waited >= 900, `delivered after ${waited} ms, max_batch_timeout is 1 s`);
  assert.ok(batch.messages[0].timestamp >= started - 1000 && batch.messages[0].timestamp <= Date.now());
});

test('ack() and retry(): only retried messages come back, with attempts counted', async () => {
  await sendBatch('ACKS', [{ body: { kind: 'ack', n: 1 } }, { body: { kind: 'retry-once', n: 2 } },
    { body: { kind: 'plain', n: 3 } }]);
  await collector.waitFor(() => deliveries('acks').length >= 4);
  await sleep(1000);
  const seen = deliveries('acks').map((m) => [m.body.n, m.attempts]);
  assert.deepEqual(seen.sort(), [[1, 1], [2, 1], [2, 2], [3, 1]]);
});

test('retryAll() retries the whole batch after retry_delay', async () => {
  await sendBatch('RETRYALL', [{ body: 'a' }, { body: 'b' }]);
  await collector.waitFor(() => batchesOf('retryall').length >= 2);
  const [first, second] = collector.posts.filter((p) => p.body.queue === 'retryall');
  assert.deepEqual(second.body.messages.map((m) => [m.body, m.attempts]), [['a', 2], ['b', 2]]);
  assert.ok(second.at - first.at >= 900, `retried after ${second.at - first.at} ms; retry_delay is 1 s`);
  assert.deepEqual(second.body.messages.map((m) => m.id), first.body.messages.map((m) => m.id));
});

test('a thrown handler retries what it did not ack; after max_retries the dead-letter queue gets it', async () => {
  await sendBatch('THROWS', [{ body: { kind: 'ack', n: 1 } }, { body: { kind: 'plain', n: 2 } }]);
  const [dead] = await collector.waitFor(() => deliveries('throws-dlq').length >= 1 && deliveries('throws-dlq'));
  assert.deepEqual(deliveries('throws').map((m) => [m.body.n, m.attempts]),
    [[1, 1], [2, 1], [2, 2], [2, 3], [2, 4]]);
  assert.deepEqual(dead.body, { kind: 'plain', n: 2 });
  assert.equal(dead.attempts, 1);
  assert.equal(dead.id, deliveries('throws')[1].id);
  assert.match(edged.logs(), /queue "throws": queue\(\) failed for a batch of 2: Error: consumer failed/);
});

test('without a dead-letter queue a message failing max_retries + 1 times is dropped with a log line', async () => {
  await send('NODLQ', 'doomed');
  await collector.waitFor(() => deliveries('nodlq').length >= 2);
  await sleep(1000);
  assert.deepEqual(deliveries('nodlq').map((m) => m.attempts), [1, 2]);
  assert.match(edged.logs(), /queue "nodlq": message [0-9a-f]{32} dropped after 2 failed deliveries/);
});

test('delaySeconds, delivery_delay and retry({delaySeconds}) hold messages back', async () => {
  const started = Date.now();
  await send('DELAYED', 'in 2 s', { delaySeconds: 2 });
  await send('DELAYED', 'now');
  await sendBatch('DELAYED', [{ body: 'batch in 1 s' }], { delaySeconds: 1 });
  await send('DEFAULT_DELAY', 'by delivery_delay');
  await send('DEFAULT_DELAY', { kind: 'retry-later' }, { delaySeconds: 0 });
  await collector.waitFor(() => deliveries('delayed').length >= 3 && deliveries('later').length >= 3, 30000);
  const at = (queue, body) => collector.posts.find((p) => p.body.queue === queue &&
    p.body.messages.some((m) => JSON.stringify(m.body) === JSON.stringify(body))).at - started;
  assert.ok(at('delayed', 'now') < 1900, `undelayed after ${at('delayed', 'now')} ms`);
  assert.ok(at('delayed', 'batch in 1 s') >= 900);
  assert.ok(at('delayed', 'in 2 s') >= 1900);
  assert.ok(at('later', 'by delivery_delay') >= 1900);
  assert.ok(at('later', { kind: 'retry-later' }) < 1900);
  const retried = collector.posts.filter((p) => p.body.queue === 'later' &&
    p.body.messages.some((m) => m.body.kind === 'retry-later'));
  assert.equal(retried.length, 2);
  assert.ok(retried[1].at - retried[0].at >= 1900, 'retry({ delaySeconds: 2 })');
});

test('bodies of every content type arrive as they were sent', async () => {
  const response = await fetch(`${edged.url}/types`);
  assert.equal(await response.text(), 'ok');
  await collector.waitFor(() => deliveries('types').length >= 6);
  assert.deepEqual(deliveries('types').map((m) => m.body), [
    { Map: [[1, 'Date 7']] },
    { a: [1, 'é'] },
    'héllo',
    { ArrayBuffer: [1, 2, 255] },
    'in a batch',
    { v8: true },
  ]);
});

test("bad arguments and Cloudflare's limits give Workers' errors", async () => {
  const response = await fetch(`${edged.url}/errors`);
  assert.deepEqual(await response.json(), {
    undefinedBody: 'TypeError: Message body cannot be undefined',
    badType: 'TypeError: Unsupported queue message content type: xml',
    textNotString: 'TypeError: Content Type "text" requires a value of type string, but received: number',
    bytesNotView: 'TypeError: Content Type "bytes" requires a value of type ArrayBufferView, but received: string',
    notCloneable: 'DataCloneError: () => 1 could not be cloned.',
    tooLarge: 'Error: Queue send failed: message length of 128001 bytes exceeds limit of 128000',
    largest: 'no error',
    tooLate: 'Error: Queue send failed: delaySeconds must be a number of seconds from 0 to 43200, got 43201',
    emptyBatch: 'TypeError: sendBatch() requires at least one message',
    notIterable: "TypeError: Failed to execute 'sendBatch' on 'WorkerQueue': parameter 1 is not of type 'Iterable'.",
    manyMessages: 'Error: Queue sendBatch failed: batch message count of 101 exceeds limit of 100',
    batchTooLarge: 'Error: Queue sendBatch failed: batch size of 300000 bytes exceeds limit of 256000',
    largeInBatch: 'Error: Queue sendBatch failed: message in batch has length 128001 bytes which exceeds single message size limit of 128000',
    undefinedInBatch: 'TypeError: Message body cannot be undefined',
    sync: 'returned a promise',
  });
});
