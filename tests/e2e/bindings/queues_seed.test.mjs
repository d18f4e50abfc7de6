// The seed's queue_producer_consumer_example (workers-platform-guide.md) runs unchanged: its
// fetch handler logs each request to the queue, its queue handler posts the batch to the
// upstream API (here a local collector) with the bearer token.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startEdged } from '../lib/edged.mjs';
import { startCollector } from '../lib/collector.mjs';
import { seedBlock } from '../lib/seeds.mjs';

test('queue_producer_consumer_example logs requests and forwards them in a batch', async () => {
  const upstream = await startCollector();
  // The seed's configuration with UPSTREAM_API_URL pointed at the collector.
  const config = {
    name: 'request-logger-consumer',
    main: 'src/index.ts',
    compatibility_date: '2025-02-11',
    queues: {
      producers: [{ name: 'request-queue', binding: 'REQUEST_QUEUE' }],
      consumers: [{ name: 'request-queue', dead_letter_queue: 'request-queue-dlq', retry_delay: 300 }],
    },
    vars: { UPSTREAM_API_URL: `${upstream.url}/batch-logs`, UPSTREAM_API_KEY: '' },
  };
  const code = seedBlock('workers-platform-guide.md', '<example id="queue_producer_consumer_example">');
  const edged = await startEdged({ files: { 'wrangler.jsonc': config, 'src/index.ts': code } });
  try {
    for (const path of ['/first', '/second?x=1']) {
      const response = await fetch(edged.url + path, { headers: { 'x-test': 'seed' } });
      assert.equal(response.status, 200);
      const body = await response.json();
      assert.equal(body.message, 'Request logged');
      assert.match(body.requestId, /^[0-9a-f-]{36}$/);
    }
    // The default max_batch_timeout (5 s) sends both in one batch.
    const [post] = await upstream.waitFor((posts) => posts.length > 0 && posts, 15000);
    assert.equal(post.path, '/batch-logs');
    assert.equal(post.headers.authorization, 'Bearer');
    assert.equal(post.body.batchSize, 2);
    assert.deepEqual(post.body.requests.map((r) => new URL(r.url).pathname), ['/first', '/second']);
    assert.equal(post.body.requests[0].method, 'GET');
    assert.equal(post.body.requests[0].headers['x-test'], 'seed');
    assert.doesNotMatch(edged.logs(), /not served/);
  } finally {
    await edged.stop();
    await upstream.close();
  }
});
