// Content-Encoding as Workers handles it, seen by real clients: a response whose headers say
// `Content-Encoding: gzip` (or br) is compressed by the runtime on the way out unless the Worker
// chose `encodeBody: "manual"`; request bodies are never decoded. Also measures gzip speed
// through CompressionStream / DecompressionStream inside edged.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import zlib from 'node:zlib';
import { startEdged } from '../lib/edged.mjs';

const run = promisify(execFile);
const kText = 'Hello from edged. '.repeat(2000);
const kPrecompressed = zlib.gzipSync(Buffer.from('already gzipped body'));

// 1 MiB of text that compresses about 4:1, like prose: words and numbers from a xorshift
// generator. The Worker gets the same function (its source text).
function sampleBlock() {
  const words = ['the', 'edge', 'worker', 'stream', 'gzip', 'bytes', 'chunk', 'request',
    'response', 'header', 'body', 'cache', 'isolate', 'snapshot', 'loop', 'socket', 'deflate',
    'window', 'of', 'and', 'a', 'to', 'in', 'runtime', 'binding', 'queue', 'object', 'durable',
    'storage', 'key'];
  const parts = [];
  for (let length = 0, state = 3; length < 1048576;) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    const r = state >>> 0;
    let word = words[r % words.length];
    if ((r >>> 8) % 5 === 0) word += ' ' + ((r >>> 12) % 100000);
    word += (r >>> 20) % 11 === 0 ? '.\n' : ' ';
    parts.push(word);
    length += word.length;
  }
  return new TextEncoder().encode(parts.join('').slice(0, 1048576));
}

// An origin for the Worker's fetch(): the same text gzip- or brotli-encoded, and a body that
// claims gzip but is not.
const kGzipped = zlib.gzipSync(Buffer.from(kText));
const kBrotli = zlib.brotliCompressSync(Buffer.from(kText));
let origin;
let originUrl;

let edged;
before(async () => {
  origin = http.createServer((request, response) => {
    const [body, coding] = {
      '/gzip': [kGzipped, 'gzip'], '/br': [kBrotli, 'br'], '/corrupt': [Buffer.from('not gzip'), 'gzip'],
    }[request.url] ?? [Buffer.from('?'), 'identity'];
    response.writeHead(200, { 'content-encoding': coding, 'content-length': body.length });
    response.end(body);
  });
  await new Promise((resolve) => origin.listen(0, '127.0.0.1', resolve));
  originUrl = `http://127.0.0.1:${origin.address().port}`;
  edged = await startEdged({
    files: {
      'wrangler.jsonc': { name: 'encoding', main: 'w.js', compatibility_date: '2025-09-01' },
      'w.js': `
const text = ${JSON.stringify(kText)};
const precompressed = new Uint8Array(${JSON.stringify([...kPrecompressed])});
const hex = (bytes) => Array.from(bytes.slice(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');

${sampleBlock.toString()}

// \`mb\` MiB of text through CompressionStream; the compressed bytes are counted, not kept.
async function compressBench(mb) {
  const block = sampleBlock();
  let sent = 0;
  const source = new ReadableStream({ pull(c) {
    if (sent++ === mb) c.close(); else c.enqueue(block);
  } }, { highWaterMark: 0 });
  let compressed = 0;
  for await (const chunk of source.pipeThrough(new CompressionStream('gzip'))) compressed += chunk.length;
  return { compressed };
}

// The request body (gzip) through DecompressionStream; the output is counted, not kept.
async function decompressBench(body) {
  let bytes = 0;
  for await (const chunk of body.pipeThrough(new DecompressionStream('gzip'))) bytes += chunk.length;
  return { bytes };
}

export default { async fetch(request) {
  const url = new URL(request.url);
  const coding = url.searchParams.get('coding') ?? 'gzip';
  switch (url.pathname) {
    case '/text':
      return new Response(text, { headers: { 'content-encoding': coding, 'content-type': 'text/plain' } });
    case '/stream': {
      const enc = new TextEncoder();
      let n = 0;
      return new Response(new ReadableStream({ pull(c) {
        if (n === 50) return c.close();
        c.enqueue(enc.encode('line ' + n++ + '\\n'));
      } }), { headers: { 'content-encoding': coding } });
    }
    case '/manual':
      return new Response(precompressed, { encodeBody: 'manual', headers: { 'content-encoding': 'gzip' } });
    case '/no-encoding':
      return new Response(text);
    case '/echo-request': {
      const body = new Uint8Array(await request.arrayBuffer());
      return Response.json({ length: body.length, head: hex(body), encoding: request.headers.get('content-encoding') });
    }
    case '/compress':
      return Response.json(await compressBench(Number(url.searchParams.get('mb'))));
    case '/decompress':
      return Response.json(await decompressBench(request.body));
    case '/has-fetch':
      return new Response(typeof fetch);
    case '/proxy':
      return fetch(url.searchParams.get('to'));
    case '/proxy-new-headers': {
      const upstream = await fetch(url.searchParams.get('to'));
      const response = new Response(upstream.body, upstream);
      response.headers.set('x-proxied', '1');
      return response;
    }
    case '/fetch-text': {
      try {
        return new Response(await (await fetch(url.searchParams.get('to'))).text());
      } catch (e) {
        return new Response(e.name + ': ' + e.message, { status: 500 });
      }
    }
  }
  return new Response('not found', { status: 404 });
} };
`,
    },
  });
});
after(async () => {
  assert.equal(await edged.stop(), 0);
  origin.close();
});

// curl's raw response: { head: string, body: Buffer }.
async function curl(path, ...args) {
  const { stdout } = await run('curl', ['-s', '-i', ...args, edged.url + path],
    { encoding: 'buffer', maxBuffer: 1 << 26 });
  const split = stdout.indexOf('\r\n\r\n');
  return { head: stdout.subarray(0, split).toString('latin1'), body: stdout.subarray(split + 4) };
}

test('a response with Content-Encoding: gzip is gzip-compressed on the way out', async () => {
  const { head, body } = await curl('/text', '--raw');
  assert.match(head, /^HTTP\/1\.1 200/);
  assert.match(head, /content-encoding: gzip/i);
  assert.doesNotMatch(head, /content-length/i, 'the compressed length is not known up front');
  assert.match(head, /transfer-encoding: chunked/i);
  const raw = (await curl('/text')).body;
  assert.equal(raw[0], 0x1f);
  assert.equal(raw[1], 0x8b);
  assert.ok(raw.length < kText.length / 10, `compressed to ${raw.length} bytes`);
  assert.equal(zlib.gunzipSync(raw).toString(), kText);
  assert.ok(body.length > 0);
});

test('curl --compressed reads it back as the text the Worker wrote', async () => {
  const { body } = await curl('/text', '--compressed');
  assert.equal(body.toString(), kText);
  const streamed = await curl('/stream', '--compressed');
  assert.equal(streamed.body.toString(), Array.from({ length: 50 }, (_, i) => `line ${i}\n`).join(''));
});

test('Content-Encoding: br is brotli-compressed', async () => {
  const raw = (await curl('/text?coding=br')).body;
  assert.equal(zlib.brotliDecompressSync(raw).toString(), kText);
  const { body } = await curl('/text?coding=br', '--compressed');
  assert.equal(body.toString(), kText);
});

test('encodeBody: "manual" sends the Worker\'s bytes unchanged, with their length', async () => {
  const { head, body } = await curl('/manual');
  assert.match(head, /content-encoding: gzip/i);
  assert.match(head, new RegExp(`content-length: ${kPrecompressed.length}`, 'i'));
  assert.deepEqual(body, kPrecompressed);
  assert.equal((await curl('/manual', '--compressed')).body.toString(), 'already gzipped body');
});

test('codings the runtime does not apply pass through as the Worker wrote them', async () => {
  // workerd compresses only for exactly "gzip" and "br".
  for (const coding of ['deflate', 'identity', 'GZIP']) {
    const { head, body } = await curl(`/text?coding=${coding}`);
    assert.match(head, new RegExp(`content-encoding: ${coding}`, 'i'));
    assert.equal(body.toString(), kText, coding);
  }
  const plain = await curl('/no-encoding');
  assert.doesNotMatch(plain.head, /content-encoding/i);
  assert.match(plain.head, new RegExp(`content-length: ${kText.length}`, 'i'));
});

test('a gzip request body reaches the Worker still gzipped', async () => {
  const gzipped = zlib.gzipSync(Buffer.from('request body'));
  const response = await fetch(edged.url + '/echo-request', {
    method: 'POST', body: gzipped, headers: { 'content-encoding': 'gzip' },
  });
  assert.deepEqual(await response.json(), { length: gzipped.length, head: '1f 8b 08 00', encoding: 'gzip' });
});

// edged's CPU time so far (user + system), in seconds: /proc/<pid>/stat fields 14 and 15.
function cpuSeconds() {
  const fields = readFileSync(`/proc/${edged.process.pid}/stat`, 'latin1').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

// Runs `request` and reports `bytes` (uncompressed) over its wall time and over the CPU time
// edged spent on it, in MB/s (10^6 bytes).
async function measure(t, what, bytes, request) {
  const cpuBefore = cpuSeconds();
  const started = performance.now();
  const result = await request();
  const wall = (performance.now() - started) / 1000;
  const cpu = cpuSeconds() - cpuBefore;
  t.diagnostic(`${what}: ${(bytes / 1e6 / wall).toFixed(0)} MB/s wall clock, ` +
    `${(bytes / 1e6 / cpu).toFixed(0)} MB/s of edged CPU time`);
  return result;
}

// Responses of the Worker's own fetch() (decoding is 26_fetch.js's, with
// internals.decodeContentEncoding from 25_compression.js).
async function skipWithoutFetch(t) {
  const kind = await (await fetch(edged.url + '/has-fetch')).text();
  if (kind !== 'function') t.skip('fetch() is not in this build yet');
  return kind !== 'function';
}

test('a fetched gzip or br body reads as plain text; a corrupt one is a TypeError', async (t) => {
  if (await skipWithoutFetch(t)) return;
  for (const coding of ['gzip', 'br']) {
    const response = await fetch(`${edged.url}/fetch-text?to=${originUrl}/${coding}`);
    assert.equal(await response.text(), kText, coding);
  }
  const corrupt = await fetch(`${edged.url}/fetch-text?to=${originUrl}/corrupt`);
  assert.equal(await corrupt.text(), 'TypeError: Gzip decompression failed.');
});

test('a fetched encoded body returned unread goes out as it came, with its length', async (t) => {
  if (await skipWithoutFetch(t)) return;
  for (const [path, bytes] of [['gzip', kGzipped], ['br', kBrotli]]) {
    for (const route of ['proxy', 'proxy-new-headers']) {
      const { head, body } = await curl(`/${route}?to=${originUrl}/${path}`);
      assert.match(head, new RegExp(`content-encoding: ${path}`, 'i'));
      assert.match(head, new RegExp(`content-length: ${bytes.length}`, 'i'), `${route} ${path}`);
      assert.deepEqual(body, bytes, `${route} ${path}: not re-encoded`);
    }
  }
});

test('gzip speed through CompressionStream and DecompressionStream', async (t) => {
  const mb = 32;
  const { compressed } = await measure(t, `gzip compress ${mb} MiB`, mb * 1048576,
    async () => (await fetch(`${edged.url}/compress?mb=${mb}`)).json());
  assert.ok(compressed < mb * 1048576 / 3, 'text compresses');
  t.diagnostic(`${mb} MiB of text compressed to ${(compressed / 1048576).toFixed(1)} MiB`);

  const block = sampleBlock();
  const gzipped = zlib.gzipSync(Buffer.concat(Array.from({ length: mb }, () => block)));
  const { bytes } = await measure(t, `gzip decompress ${mb} MiB`, mb * 1048576,
    async () => (await fetch(`${edged.url}/decompress`, { method: 'POST', body: gzipped })).json());
  assert.equal(bytes, mb * 1048576);

  const peak = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${edged.process.pid}/status`, 'latin1'));
  if (peak) t.diagnostic(`edged's peak resident memory: ${(peak[1] / 1024).toFixed(0)} MiB`);
});
