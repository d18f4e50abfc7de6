// node:zlib's zstd against the reference implementation: a Worker compresses request bodies
// (one-shot and streamed, with a checksum) and the `zstd` CLI decompresses them, and the CLI's
// frames (fast, high and multi-threaded levels) decompress in the Worker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { startEdged } from '../lib/edged.mjs';

const haveCli = spawnSync('zstd', ['--version']).status === 0;

const worker = `
import { zstdCompressSync, zstdDecompressSync, createZstdCompress, createZstdDecompress, constants } from 'node:zlib';
import { Readable } from 'node:stream';
import { Buffer } from 'node:buffer';

async function through(stream, bytes) {
  const chunks = [];
  // Fed in small pieces so the stream sees many writes.
  const source = Readable.from((function* () {
    for (let i = 0; i < bytes.length; i += 4096) yield bytes.subarray(i, i + 4096);
  })());
  for await (const chunk of source.pipe(stream)) chunks.push(chunk);
  return Buffer.concat(chunks);
}

export default {
  async fetch(request) {
    const body = Buffer.from(await request.arrayBuffer());
    const path = new URL(request.url).pathname;
    try {
      if (path === '/compress') return new Response(zstdCompressSync(body));
      if (path === '/compress-checked') {
        return new Response(zstdCompressSync(body, { params: {
          [constants.ZSTD_c_compressionLevel]: 9, [constants.ZSTD_c_checksumFlag]: 1 } }));
      }
      if (path === '/compress-stream') return new Response(await through(createZstdCompress(), body));
      if (path === '/decompress') return new Response(zstdDecompressSync(body));
      if (path === '/decompress-stream') return new Response(await through(createZstdDecompress(), body));
    } catch (error) {
      return new Response(error.message + ' ' + error.code, { status: 500 });
    }
    return new Response('not found', { status: 404 });
  },
};`;

// Text with repeats (compressible) and random bytes (not), a few MiB so output spans many pieces.
function sample() {
  const text = Buffer.from('edged zstd round trip line\n'.repeat(80000));
  return Buffer.concat([text, randomBytes(512 * 1024), text]);
}

async function post(url, body) {
  const response = await fetch(url, { method: 'POST', body });
  const bytes = Buffer.from(await response.arrayBuffer());
  assert.equal(response.status, 200, bytes.toString());
  return bytes;
}

test('the zstd CLI and a Worker read each other\'s frames', { skip: !haveCli && 'no zstd CLI' }, async () => {
  const edged = await startEdged({
    files: {
      'wrangler.jsonc': { name: 'zstd', main: 'index.js', compatibility_date: '2025-09-01',
        compatibility_flags: ['nodejs_compat'] },
      'index.js': worker,
    },
  });
  try {
    const data = sample();
    for (const path of ['/compress', '/compress-checked', '/compress-stream']) {
      const frame = await post(edged.url + path, data);
      assert.ok(frame.length < data.length, path);
      const back = execFileSync('zstd', ['-d', '-c', '-q'], { input: frame, maxBuffer: 64 << 20 });
      assert.ok(back.equals(data), `zstd -d of ${path}`);
    }
    for (const flags of [['-1'], ['-19'], ['-3', '-T2', '--no-check']]) {
      const frame = execFileSync('zstd', ['-c', '-q', ...flags], { input: data, maxBuffer: 64 << 20 });
      for (const path of ['/decompress', '/decompress-stream']) {
        const back = await post(edged.url + path, frame);
        assert.ok(back.equals(data), `${path} of zstd ${flags.join(' ')}`);
      }
    }
    const corrupt = execFileSync('zstd', ['-c', '-q'], { input: data, maxBuffer: 64 << 20 });
    corrupt[corrupt.length - 1] ^= 0xff;
    const response = await fetch(edged.url + '/decompress', { method: 'POST', body: corrupt });
    assert.equal(response.status, 500);
    assert.equal(await response.text(),
      'Zstd decompression failed: Restored data doesn\'t match checksum ERR_ZSTD_DECOMPRESSION_FAILED');
  } finally {
    await edged.stop();
  }
});
