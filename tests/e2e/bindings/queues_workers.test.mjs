// Producer and consumer in different Workers of one server (`edged serve producer.jsonc
// consumer.jsonc`): the producer's send() reaches the consumer Worker's queue() handler, whose
// env is its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { startEdged, writeProject } from '../lib/edged.mjs';
import { startCollector } from '../lib/collector.mjs';

test('a message sent by one Worker is consumed by another', async () => {
  const collector = await startCollector();
  const dir = writeProject({
    'producer.jsonc': {
      name: 'producer',
      main: 'producer.js',
      compatibility_date: '2025-06-01',
      queues: { producers: [{ binding: 'ORDERS', queue: 'orders' }] },
    },
    'producer.js': `export default {
      async fetch(request, env) {
        await env.ORDERS.send({ order: new URL(request.url).searchParams.get('order') });
        return new Response('queued');
      },
    };`,
    'consumer.jsonc': {
      name: 'consumer',
      main: 'consumer.js',
      compatibility_date: '2025-06-01',
      vars: { COLLECTOR: collector.url, WHO: 'consumer' },
      queues: { consumers: [{ queue: 'orders', max_batch_timeout: 0 }] },
    },
    'consumer.js': `export default {
      async queue(batch, env) {
        await fetch(env.COLLECTOR, { method: 'POST', body: JSON.stringify({
          who: env.WHO, queue: batch.queue, bodies: batch.messages.map((m) => m.body) }) });
      },
    };`,
  });
  let edged;
  try {
    edged = await startEdged({ config: join(dir, 'producer.jsonc'), args: [join(dir, 'consumer.jsonc')] });
    assert.equal(await (await fetch(`${edged.url}/?order=42`)).text(), 'queued');
    const post = await collector.waitFor((posts) => posts[0]);
    assert.deepEqual(post.body, { who: 'consumer', queue: 'orders', bodies: [{ order: '42' }] });
  } finally {
    await edged?.stop();
    rmSync(dir, { recursive: true, force: true });
    await collector.close();
  }
});
