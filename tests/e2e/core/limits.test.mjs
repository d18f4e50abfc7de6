// A runaway Worker is contained: an infinite loop or unbounded allocation gets its request a 503
// while other requests keep being answered, and bodies larger than the heap stream through.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startEdged } from '../lib/edged.mjs';

const worker = `
let served = 0;
export default {
  async fetch(request) {
    const { pathname } = new URL(request.url);
    served++;
    if (pathname === '/loop') { for (;;) {} }
    if (pathname === '/hog') {
      const keep = [];
      for (;;) keep.push(new Array(100000).fill(served));
    }
    if (pathname === '/upload') {
      let bytes = 0;
      for await (const chunk of request.body) bytes += chunk.byteLength;
      return Response.json({ bytes });
    }
    if (pathname === '/download') {
      const total = Number(new URL(request.url).searchParams.get('mb')) * 1024 * 1024;
      const chunk = new Uint8Array(64 * 1024).fill(120);
      let sent = 0;
      return new Response(new ReadableStream({
        pull(controller) {
          if (sent >= total) return controller.close();
          controller.enqueue(chunk.slice());
          sent += chunk.length;
        },
      }));
    }
    return new Response('hello ' + served);
  },
};`;

async function startLimited(extraArgs = []) {
  return startEdged({
    files: {
      'wrangler.jsonc': { name: 'limited', main: 'w.js', compatibility_date: '2025-09-01', limits: { cpu_ms: 200 } },
      'w.js': worker,
    },
    args: ['--threads', '2', ...extraArgs],
  });
}

test('an infinite loop is stopped at the CPU limit; other requests keep being served', async () => {
  const edged = await startLimited();
  try {
    const looping = fetch(edged.url + '/loop');
    // While one thread spins, the other keeps answering.
    const during = await fetch(edged.url + '/hello');
    assert.equal(during.status, 200);
    await during.text();
    const res = await looping;
    assert.equal(res.status, 503);
    assert.match(await res.text(), /exceeded CPU time limit/);
    for (let i = 0; i < 4; i++) {
      const after = await fetch(edged.url + '/hello');
      assert.equal(after.status, 200);
      assert.match(await after.text(), /^hello \d+$/);
    }
    assert.match(edged.logs(), /exceeded CPU time limit/);
  } finally {
    assert.equal(await edged.stop(), 0);
  }
});

test('a Worker allocating without end gets a 503; a fresh isolate serves the next request', async () => {
  const edged = await startLimited();
  try {
    const res = await fetch(edged.url + '/hog');
    assert.equal(res.status, 503);
    assert.match(await res.text(), /exceeded (memory|CPU time) limit/);
    for (let i = 0; i < 4; i++) {
      const after = await fetch(edged.url + '/hello');
      assert.equal(after.status, 200);
      await after.text();
    }
  } finally {
    assert.equal(await edged.stop(), 0);
  }
});

test('a 256 MiB upload and download stream through a 128 MiB heap', async () => {
  const edged = await startLimited(['--max-body-mb', '512']);
  try {
    const size = 256 * 1024 * 1024;
    const chunk = Buffer.alloc(1024 * 1024, 97);
    let sent = 0;
    const body = new ReadableStream({
      pull(controller) {
        if (sent >= size) return controller.close();
        controller.enqueue(chunk);
        sent += chunk.length;
      },
    });
    const up = await fetch(edged.url + '/upload', { method: 'POST', body, duplex: 'half' });
    assert.equal(up.status, 200);
    assert.deepEqual(await up.json(), { bytes: size });

    const down = await fetch(edged.url + '/download?mb=256');
    assert.equal(down.status, 200);
    assert.equal(down.headers.get('transfer-encoding'), 'chunked');
    let received = 0;
    for await (const part of down.body) received += part.byteLength;
    assert.equal(received, size);
  } finally {
    await edged.stop();
  }
});
