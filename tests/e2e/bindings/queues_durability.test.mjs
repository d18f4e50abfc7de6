// Queues survive kill -9: a message acknowledged to its producer is on disk before send()
// resolves, and a batch whose consumer dies mid-way (the process killed) is delivered again
// after the restart, with that attempt counted (at least once).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { startEdged, writeProject } from '../lib/edged.mjs';
import { startCollector } from '../lib/collector.mjs';

const worker = String.raw`
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    await env[url.searchParams.get('q')].send(url.searchParams.get('body'),
      { delaySeconds: Number(url.searchParams.get('delay') ?? 0) });
    return new Response('sent');
  },
  async queue(batch, env) {
    for (const m of batch.messages) {
      await fetch(env.COLLECTOR, { method: 'POST', body: JSON.stringify({ queue: batch.queue, body: m.body, attempts: m.attempts, id: m.id }) });
    }
    // The first delivery of "hang" never finishes: the test kills the server meanwhile.
    if (batch.messages.some((m) => m.body === 'hang' && m.attempts === 1)) await new Promise(() => {});
  },
};
`;

test('kill -9 loses no acknowledged message and redelivers the batch in flight', async () => {
  const collector = await startCollector();
  const dir = writeProject({
    'wrangler.jsonc': {
      name: 'durable-queues',
      main: 'src/index.js',
      compatibility_date: '2025-06-01',
      vars: { COLLECTOR: collector.url },
      queues: {
        producers: [{ binding: 'SLOW', queue: 'slow' }, { binding: 'PARKED', queue: 'parked' }],
        consumers: [{ queue: 'slow', max_batch_timeout: 0 }, { queue: 'parked', max_batch_timeout: 0 }],
      },
    },
    'src/index.js': worker,
  });
  const config = join(dir, 'wrangler.jsonc');
  let edged;
  try {
    edged = await startEdged({ config });
    assert.equal(await (await fetch(`${edged.url}/?q=SLOW&body=hang`)).text(), 'sent');
    // Acknowledged, not deliverable for 3 s: only the file can still hold it after kill -9.
    assert.equal(await (await fetch(`${edged.url}/?q=PARKED&body=parked&delay=3`)).text(), 'sent');
    const first = await collector.waitFor((posts) => posts.find((p) => p.body.body === 'hang'));
    assert.equal(first.body.attempts, 1);
    assert.equal(await edged.stop('SIGKILL'), 'SIGKILL');

    edged = await startEdged({ config });
    const again = await collector.waitFor((posts) =>
      posts.find((p) => p.body.body === 'hang' && p.body.attempts === 2));
    assert.equal(again.body.id, first.body.id);
    const parked = await collector.waitFor((posts) => posts.find((p) => p.body.body === 'parked'));
    assert.equal(parked.body.attempts, 1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(collector.posts.filter((p) => p.body.body === 'hang').length, 2, 'acked once delivered');
  } finally {
    await edged?.stop();
    rmSync(dir, { recursive: true, force: true });
    await collector.close();
  }
});
