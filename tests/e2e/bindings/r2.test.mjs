// R2 end to end: a Worker drives env.BUCKET through each method and option and the test checks
// what it sees — objects and their metadata, ranges, conditions, checksums, listing, multipart
// uploads, Workers' argument errors and R2's own errors, data surviving a restart and kill -9
// in the middle of a large upload, and writers on two threads at once.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, readdirSync, statSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEdged, writeProject, runEdged } from '../lib/edged.mjs';

const config = {
  name: 'r2',
  main: 'src/index.js',
  compatibility_date: '2025-06-01',
  r2_buckets: [{ binding: 'BUCKET', bucket_name: 'test-bucket' }],
};

const worker = String.raw`
const error = async (fn) => {
  try { await fn(); return 'no error'; } catch (e) { return e.name + ': ' + e.message; }
};
const meta = (o) => o === null ? null : ({
  key: o.key, size: o.size, etag: o.etag, httpEtag: o.httpEtag, version: o.version.length,
  uploaded: o.uploaded instanceof Date, httpMetadata: o.httpMetadata, customMetadata: o.customMetadata,
  range: o.range, checksums: o.checksums.toJSON(), storageClass: o.storageClass,
  hasBody: 'body' in o,
});

const scenarios = {
  async values(B) {
    const out = {};
    await B.put('string', 'héllo');
    await B.put('buffer', new TextEncoder().encode('abc').buffer);
    await B.put('view', new Uint8Array([0, 1, 2, 3, 4]).subarray(1, 3));
    await B.put('blob', new Blob(['blob!'], { type: 'x/y' }));
    await B.put('stream', new Blob(['str', 'eam']).stream());
    await B.put('empty', null);
    for (const key of ['string', 'buffer', 'view', 'blob', 'stream', 'empty']) {
      out[key] = [...new Uint8Array(await (await B.get(key)).arrayBuffer())];
    }
    const o = await B.get('string');
    out.bodyUsedBefore = o.bodyUsed;
    out.text = await o.text();
    out.bodyUsedAfter = o.bodyUsed;
    out.again = await error(() => o.text());
    await B.put('json', JSON.stringify({ a: 1 }), { httpMetadata: { contentType: 'application/json' } });
    out.json = await (await B.get('json')).json();
    const blob = await (await B.get('json')).blob();
    out.blobType = blob.type;
    out.streamed = await new Response((await B.get('stream')).body).text();
    out.missing = await B.get('missing');
    return out;
  },
  async metadata(B) {
    const put = await B.put('m', 'data', {
      httpMetadata: { contentType: 'text/plain', cacheControl: 'no-store', cacheExpiry: new Date(86400000) },
      customMetadata: { owner: 'me', n: 5 },
    });
    const head = await B.head('m');
    const headers = new Headers();
    head.writeHttpMetadata(headers);
    const fromHeaders = await B.put('h', 'x', { httpMetadata: new Headers({ 'content-type': 'a/b', 'content-language': 'fr' }) });
    return { put: meta(put), head: meta(head), headers: [...headers], fromHeaders: fromHeaders.httpMetadata,
             headMissing: await B.head('nope') };
  },
  async ranges(B) {
    await B.put('r', '0123456789');
    const r = async (range) => { const o = await B.get('r', { range }); return [await o.text(), o.range]; };
    return {
      offset: await r({ offset: 3 }),
      offsetLength: await r({ offset: 2, length: 3 }),
      length: await r({ length: 4 }),
      suffix: await r({ suffix: 3 }),
      header: await r(new Headers({ range: 'bytes=1-2' })),
      headerMany: await r(new Headers({ range: 'bytes=1-2,4-5' })),
      negative: await error(() => B.get('r', { range: { offset: -1 } })),
      fraction: await error(() => B.get('r', { range: { length: 1.5 } })),
      suffixAndOffset: await error(() => B.get('r', { range: { offset: 1, suffix: 2 } })),
      beyond: await error(() => B.get('r', { range: { offset: 11 } })),
    };
  },
  async conditions(B) {
    const o = await B.put('c', 'v1');
    const get = async (onlyIf) => { const r = await B.get('c', { onlyIf }); return r === null ? null : 'body' in r ? 'body' : 'object'; };
    return {
      matches: await get({ etagMatches: o.etag }),
      notMatches: await get({ etagMatches: 'other' }),
      doesNotMatch: await get({ etagDoesNotMatch: o.etag }),
      before: await get({ uploadedBefore: new Date(Date.now() + 60000) }),
      after: await get({ uploadedAfter: new Date(Date.now() + 60000) }),
      headersIfNoneMatch: await get(new Headers({ 'if-none-match': o.httpEtag })),
      headersIfMatchWeak: await get(new Headers({ 'if-match': 'W/"' + o.etag + '", "zz"' })),
      quoted: await error(() => B.get('c', { onlyIf: { etagMatches: '"' + o.etag + '"' } })),
      putFails: await B.put('c', 'v2', { onlyIf: { etagMatches: 'nope' } }),
      stillV1: await (await B.get('c')).text(),
      putHolds: (await B.put('c', 'v3', { onlyIf: { etagMatches: o.etag } })) !== null,
      putIfAbsent: await B.put('c', 'v4', { onlyIf: new Headers({ 'if-none-match': '*' }) }),
      nowV3: await (await B.get('c')).text(),
    };
  },
  async checksums(B) {
    const sha256 = '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824';
    const ok = await B.put('k', 'hello', { sha256 });
    const md5Bytes = new Uint8Array(16);
    return {
      ok: ok.checksums.toJSON(),
      okBuffer: ok.checksums.sha256.byteLength,
      bad: await error(() => B.put('k', 'hello', { md5: md5Bytes })),
      badHex: await error(() => B.put('k', 'hello', { sha1: 'zz'.repeat(20) })),
      wrongLength: await error(() => B.put('k', 'hello', { md5: 'abc' })),
      two: await error(() => B.put('k', 'hello', { md5: md5Bytes, sha1: new Uint8Array(20) })),
      unchanged: (await B.head('k')).checksums.toJSON(),
    };
  },
  async listing(B) {
    for (const k of ['a', 'b/1', 'b/2', 'b/c/3', 'c']) await B.put(k, k, { customMetadata: { k } });
    const keys = (r) => r.objects.map((o) => o.key).join(',');
    const first = await B.list({ limit: 2 });
    const second = await B.list({ limit: 2, cursor: first.cursor });
    const delimited = await B.list({ delimiter: '/' });
    const withCustom = await B.list({ prefix: 'b/', include: ['customMetadata'] });
    const plain = await B.list({ prefix: 'a' });
    return {
      all: keys(await B.list()),
      first: [keys(first), first.truncated, typeof first.cursor],
      second: [keys(second), second.truncated],
      startAfter: keys(await B.list({ startAfter: 'b/2' })),
      prefix: keys(await B.list({ prefix: 'b/' })),
      delimited: [keys(delimited), delimited.delimitedPrefixes],
      nested: (await B.list({ prefix: 'b/', delimiter: '/' })).delimitedPrefixes,
      custom: withCustom.objects.map((o) => o.customMetadata),
      plainMetadata: [plain.objects[0].httpMetadata, plain.objects[0].customMetadata],
      writeHttpMetadata: await error(() => plain.objects[0].writeHttpMetadata(new Headers())),
      badLimit: await error(() => B.list({ limit: 1001 })),
      zeroLimit: await error(() => B.list({ limit: 0 })),
      badInclude: await error(() => B.list({ include: ['nope'] })),
    };
  },
  async deleting(B) {
    for (const k of ['d1', 'd2', 'd3']) await B.put(k, k);
    await B.delete('d1');
    await B.delete(['d2', 'd3', 'never']);
    return { left: (await B.list({ prefix: 'd' })).objects.length, missing: await B.delete('nothing') };
  },
  async argumentErrors(B) {
    return {
      getNoKey: await error(() => B.get()),
      putNoValue: await error(() => B.put('k')),
      putBadValue: await error(() => B.put('k', 42)),
      longKey: await error(() => B.put('x'.repeat(1025), 'v')),
      bigMetadata: await error(() => B.put('k', 'v', { customMetadata: { big: 'x'.repeat(2049) } })),
      lockedStream: await error(() => { const s = new Blob(['x']).stream(); s.getReader(); return B.put('k', s); }),
      partNumber: await error(async () => (await B.createMultipartUpload('mp')).uploadPart(0, 'x')),
    };
  },
  async multipart(B) {
    const upload = await B.createMultipartUpload('mp', { httpMetadata: { contentType: 'a/b' }, customMetadata: { m: '1' } });
    const five = new Uint8Array(5 * 1024 * 1024).fill(97);
    const p1 = await upload.uploadPart(1, five);
    const resumed = B.resumeMultipartUpload('mp', upload.uploadId);
    const p2 = await resumed.uploadPart(2, 'tail');
    const tooSmall = await B.createMultipartUpload('small');
    const s1 = await tooSmall.uploadPart(1, 'a');
    const s2 = await tooSmall.uploadPart(2, 'b');
    const out = {
      partShape: [p1.partNumber, typeof p1.etag],
      tooSmall: await error(() => tooSmall.complete([s1, s2])),
      badEtag: await error(() => upload.complete([{ partNumber: 1, etag: 'nope' }])),
    };
    const done = await upload.complete([p1, p2]);
    const got = await B.get('mp');
    const bytes = new Uint8Array(await got.arrayBuffer());
    out.done = [done.key, done.size, /-2$/.test(done.etag), done.httpMetadata, done.customMetadata];
    out.got = [bytes.length, bytes[0], new TextDecoder().decode(bytes.subarray(-4))];
    out.abortAfterComplete = await error(() => upload.abort());
    out.partAfterComplete = await error(() => upload.uploadPart(3, 'x'));
    await tooSmall.abort();
    out.completeAfterAbort = await error(() => tooSmall.complete([s1]));
    out.unknownAbort = await error(() => B.resumeMultipartUpload('mp', 'nope').abort());
    return out;
  },
};

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const B = env.BUCKET;
    const name = url.pathname.slice(1);
    if (name === 'object') {
      const key = url.searchParams.get('key');
      if (request.method === 'PUT') {
        const o = await B.put(key, request.body);
        return Response.json(meta(o));
      }
      const offset = url.searchParams.get('offset');
      const o = await B.get(key, offset === null ? {} : { range: { offset: Number(offset), length: 200000 } });
      if (o === null) return new Response('missing', { status: 404 });
      const headers = new Headers({ etag: o.httpEtag });
      o.writeHttpMetadata(headers);
      return new Response(o.body, { headers });
    }
    if (name === 'generate') {
      // A body produced inside the Worker (Cloudflare caps request bodies at 100 MB): the
      // test's 1 MiB pattern repeated, so a 1 GiB put needs no 1 GiB upload.
      const seed = Number(url.searchParams.get('seed'));
      let left = Number(url.searchParams.get('mib'));
      const chunk = new Uint8Array(1 << 20);
      for (let i = 0; i < chunk.length; i++) chunk[i] = (i * 31 + seed) & 0xff;
      const stream = new ReadableStream({
        pull(controller) {
          if (left-- === 0) return controller.close();
          controller.enqueue(chunk.slice());
        },
      });
      const o = await B.put(url.searchParams.get('key'), stream);
      return Response.json(meta(o));
    }
    if (name === 'keys') return Response.json((await B.list()).objects.map((o) => [o.key, o.size]));
    return Response.json(await scenarios[name](B));
  },
};
`;

const dataDir = mkdtempSync(join(tmpdir(), 'edged-r2-data-'));
const project = writeProject({ 'wrangler.jsonc': config, 'src/index.js': worker });
after(() => {
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(project, { recursive: true, force: true });
});
const start = (args = []) => startEdged({ config: join(project, 'wrangler.jsonc'), args: ['--data-dir', dataDir, ...args] });
const call = async (server, name) => {
  const response = await fetch(`${server.url}/${name}`);
  assert.equal(response.status, 200, await response.clone().text());
  return response.json();
};

let server;
test('start', async () => { server = await start(); });

test('values of every type round-trip, bodies read once', async () => {
  const out = await call(server, 'values');
  assert.deepEqual(out.string, [...Buffer.from('héllo')]);
  assert.deepEqual(out.buffer, [97, 98, 99]);
  assert.deepEqual(out.view, [1, 2]);
  assert.deepEqual(out.blob, [...Buffer.from('blob!')]);
  assert.deepEqual(out.stream, [...Buffer.from('stream')]);
  assert.deepEqual(out.empty, []);
  assert.equal(out.bodyUsedBefore, false);
  assert.equal(out.text, 'héllo');
  assert.equal(out.bodyUsedAfter, true);
  assert.match(out.again, /^TypeError: Body has already been used/);
  assert.deepEqual(out.json, { a: 1 });
  assert.equal(out.blobType, 'application/json');
  assert.equal(out.streamed, 'stream');
  assert.equal(out.missing, null);
});

test('R2Object fields, httpMetadata from an object or Headers, writeHttpMetadata', async () => {
  const out = await call(server, 'metadata');
  const md5 = createHash('md5').update('data').digest('hex');
  assert.deepEqual(out.put, {
    key: 'm', size: 4, etag: md5, httpEtag: `"${md5}"`, version: 32, uploaded: true,
    httpMetadata: { contentType: 'text/plain', cacheControl: 'no-store', cacheExpiry: '1970-01-02T00:00:00.000Z' },
    customMetadata: { owner: 'me', n: '5' }, checksums: { md5 }, storageClass: 'Standard', hasBody: false,
  });
  assert.deepEqual(out.head.httpMetadata, out.put.httpMetadata);
  assert.deepEqual(out.headers, [
    ['cache-control', 'no-store'], ['content-type', 'text/plain'], ['expires', 'Fri, 02 Jan 1970 00:00:00 GMT'],
  ]);
  assert.deepEqual(out.fromHeaders, { contentType: 'a/b', contentLanguage: 'fr' });
  assert.equal(out.headMissing, null);
});

test('ranges: offset, length, suffix, Range header, and their errors', async () => {
  const out = await call(server, 'ranges');
  assert.deepEqual(out.offset, ['3456789', { offset: 3, length: 7 }]);
  assert.deepEqual(out.offsetLength, ['234', { offset: 2, length: 3 }]);
  assert.deepEqual(out.length, ['0123', { offset: 0, length: 4 }]);
  assert.deepEqual(out.suffix, ['789', { offset: 7, length: 3 }]);
  assert.deepEqual(out.header, ['12', { offset: 1, length: 2 }]);
  assert.deepEqual(out.headerMany, ['0123456789', { offset: 0, length: 10 }]);
  assert.equal(out.negative, 'RangeError: Invalid range. Starting offset (-1) must be greater than or equal to 0.');
  assert.equal(out.fraction, 'RangeError: Invalid range. Length (1.5) must be an integer, not floating point.');
  assert.equal(out.suffixAndOffset, 'TypeError: Suffix is incompatible with offset.');
  assert.equal(out.beyond, 'Error: get: The requested range is not satisfiable (10039)');
});

test('onlyIf on get and put, as an object or Headers', async () => {
  const out = await call(server, 'conditions');
  assert.equal(out.matches, 'body');
  assert.equal(out.notMatches, 'object');
  assert.equal(out.doesNotMatch, 'object');
  assert.equal(out.before, 'body');
  assert.equal(out.after, 'object');
  assert.equal(out.headersIfNoneMatch, 'object');
  assert.equal(out.headersIfMatchWeak, 'object');  // If-Match compares strongly
  assert.match(out.quoted, /^TypeError: Conditional ETag should not be wrapped in quotes \("/);
  assert.equal(out.putFails, null);
  assert.equal(out.stillV1, 'v1');
  assert.equal(out.putHolds, true);
  assert.equal(out.putIfAbsent, null);
  assert.equal(out.nowV3, 'v3');
});

test('checksums are verified with R2\'s BadDigest error', async () => {
  const out = await call(server, 'checksums');
  assert.deepEqual(out.ok, {
    md5: '5d41402abc4b2a76b9719d911017c592',
    sha256: '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824',
  });
  assert.equal(out.okBuffer, 32);
  assert.equal(out.bad, 'Error: put: The MD5 checksum you specified did not match what we received.\n' +
    'You provided a MD5 checksum with value: 00000000000000000000000000000000\n' +
    'Actual MD5 was: 5d41402abc4b2a76b9719d911017c592 (10037)');
  assert.equal(out.badHex, "TypeError: Provided SHA-1 wasn't a valid hex string");
  assert.equal(out.wrongLength, 'TypeError: MD5 is 32 hex characters, not 3');
  assert.equal(out.two, 'TypeError: You cannot specify multiple hashing algorithms.');
  assert.deepEqual(out.unchanged, out.ok);
});

test('list: prefix, delimiter, cursor, startAfter, limit, include', async () => {
  const out = await call(server, 'listing');
  assert.equal(out.all.split(',').filter((k) => ['a', 'b/1', 'b/2', 'b/c/3', 'c'].includes(k)).join(','), 'a,b/1,b/2,b/c/3,c');
  assert.equal(out.first[0].split(',').length, 2);
  assert.deepEqual([out.first[1], out.first[2]], [true, 'string']);
  assert.equal(out.second[0].split(',').length, 2);
  assert.notEqual(out.second[0], out.first[0]);
  assert.ok(out.startAfter.startsWith('b/c/3,'));
  assert.equal(out.prefix, 'b/1,b/2,b/c/3');
  assert.ok(out.delimited[1].includes('b/'));
  assert.ok(!out.delimited[0].split(',').includes('b/1'));
  assert.deepEqual(out.nested, ['b/c/']);
  assert.deepEqual(out.custom, [{ k: 'b/1' }, { k: 'b/2' }, { k: 'b/c/3' }]);
  assert.deepEqual(out.plainMetadata, [null, null]);  // undefined, not included
  assert.equal(out.writeHttpMetadata, "TypeError: HTTP metadata unknown for key `a`. Did you forget to add 'httpMetadata' to `include` when listing?");
  assert.equal(out.badLimit, 'Error: list: MaxKeys params must be positive integer <= 1000. (10022)');
  assert.equal(out.zeroLimit, out.badLimit);
  assert.equal(out.badInclude, 'RangeError: Unsupported include value nope');
});

test('delete one key or many', async () => {
  assert.deepEqual(await call(server, 'deleting'), { left: 0 });  // delete() resolves to undefined
});

test('argument errors are Workers\'', async () => {
  const out = await call(server, 'argumentErrors');
  assert.equal(out.getNoKey, "TypeError: Failed to execute 'get' on 'R2Bucket': parameter 1 is not of type 'string'.");
  assert.equal(out.putNoValue, "TypeError: Failed to execute 'put' on 'R2Bucket': parameter 2 is not of type 'ReadableStream or ArrayBuffer or ArrayBufferView or string or Blob'.");
  assert.equal(out.putBadValue, out.putNoValue);
  assert.equal(out.longKey, 'Error: put: The specified object name is not valid. (10020)');
  assert.equal(out.bigMetadata, 'Error: put: Your metadata headers exceed the maximum allowed metadata size. (10012)');
  assert.equal(out.lockedStream, 'TypeError: This ReadableStream is currently locked to a reader.');
  assert.equal(out.partNumber, 'TypeError: Part number must be between 1 and 10000 (inclusive). Actual value was: 0');
});

test('multipart uploads: parts, resume, R2\'s part rules, complete, abort', async () => {
  const out = await call(server, 'multipart');
  assert.deepEqual(out.partShape, [1, 'string']);
  assert.equal(out.tooSmall, 'Error: completeMultipartUpload: Your proposed upload is smaller than the minimum allowed object size. (10011)');
  assert.equal(out.badEtag, 'Error: completeMultipartUpload: One or more of the specified parts could not be found. (10025)');
  assert.deepEqual(out.done, ['mp', 5 * 1024 * 1024 + 4, true, { contentType: 'a/b' }, { m: '1' }]);
  assert.deepEqual(out.got, [5 * 1024 * 1024 + 4, 97, 'tail']);
  assert.equal(out.abortAfterComplete, 'no error');
  assert.equal(out.partAfterComplete, 'Error: uploadPart: The specified multipart upload does not exist. (10024)');
  assert.equal(out.completeAfterAbort, 'Error: completeMultipartUpload: The specified multipart upload does not exist. (10024)');
  assert.equal(out.unknownAbort, 'Error: abortMultipartUpload: The specified multipart upload does not exist. (10024)');
});

// A deterministic body of `size` bytes, sent in 1 MiB chunks; `pauseAt` holds the rest back.
function bigBody(size, seed) {
  const chunk = Buffer.alloc(1 << 20);
  for (let i = 0; i < chunk.length; i++) chunk[i] = (i * 31 + seed) & 0xff;
  return { chunk, count: size / chunk.length };
}

function putStreaming(url, size, seed, { stopAfter } = {}) {
  const { chunk, count } = bigBody(size, seed);
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'PUT', headers: { 'content-length': size } }, (response) => {
      let text = '';
      response.on('data', (d) => { text += d; });
      response.on('end', () => resolve({ status: response.statusCode, text }));
    });
    request.on('error', reject);
    let sent = 0;
    const pump = () => {
      while (sent < count) {
        if (stopAfter !== undefined && sent === stopAfter) {
          resolve({ sent, request });
          return;
        }
        sent++;
        if (!request.write(chunk)) return request.once('drain', pump);
      }
      request.end();
    };
    pump();
  });
}

const kBig = 64 * 1024 * 1024;

test('a 64 MiB object streams in and out with the right bytes (out natively, with its length)', async () => {
  const put = await putStreaming(`${server.url}/object?key=big`, kBig, 1);
  assert.equal(put.status, 200, put.text);
  const { chunk, count } = bigBody(kBig, 1);
  const expected = createHash('md5');
  for (let i = 0; i < count; i++) expected.update(chunk);
  assert.equal(JSON.parse(put.text).etag, expected.digest('hex'));
  const response = await fetch(`${server.url}/object?key=big`);
  const got = createHash('md5');
  let length = 0;
  for await (const piece of response.body) {
    got.update(piece);
    length += piece.length;
  }
  assert.equal(length, kBig);
  assert.equal(response.headers.get('content-length'), String(kBig));
  assert.equal(`"${got.digest('hex')}"`, response.headers.get('etag'));

  const ranged = await fetch(`${server.url}/object?key=big&offset=${kBig - 300000}`);
  const bytes = Buffer.from(await ranged.arrayBuffer());
  assert.equal(ranged.headers.get('content-length'), '200000');
  assert.ok(bytes.equals(chunk.subarray(chunk.length - 300000, chunk.length - 100000)));

  // A client that goes away mid-body stops the pipe; the server goes on serving.
  const controller = new AbortController();
  const abandoned = await fetch(`${server.url}/object?key=big`, { signal: controller.signal });
  const reader = abandoned.body.getReader();
  await reader.read();
  controller.abort();
  await reader.read().catch(() => {});
  const after = await fetch(`${server.url}/object?key=big&offset=0`);
  assert.equal((await after.arrayBuffer()).byteLength, 200000);
});

test('objects survive a restart', async () => {
  assert.equal(await server.stop(), 0);
  server = await start();
  const response = await fetch(`${server.url}/object?key=m`);
  assert.equal(await response.text(), 'data');
  assert.equal(response.headers.get('content-type'), 'text/plain');
});

// [name, size] of the files under `dir` (an upload in progress is a growing temporary file).
function filesUnder(dir) {
  const files = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    try {
      files.push([entry.name, statSync(join(entry.parentPath ?? entry.path, entry.name)).size]);
    } catch {
      // A temporary file renamed or removed since the listing.
    }
  }
  return files;
}
const largestFile = (dir) => Math.max(0, ...filesUnder(dir).map(([, size]) => size));

test('kill -9 in the middle of a 1 GiB upload leaves the old object whole and nothing partial', async () => {
  await putStreaming(`${server.url}/object?key=victim`, 4 << 20, 7);
  const upload = fetch(`${server.url}/generate?key=victim&mib=1024&seed=9`).catch(() => null);
  const { request } = await putStreaming(`${server.url}/object?key=fresh`, kBig, 3, { stopAfter: 40 });
  const deadline = Date.now() + 60_000;
  while (largestFile(join(dataDir, 'r2')) < 300 << 20) {
    assert.ok(Date.now() < deadline, 'the 1 GiB upload did not get past 300 MiB within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  server.process.kill('SIGKILL');
  await server.exited;
  request.destroy();
  assert.equal(await upload, null);
  server = await start();
  const keys = new Map(await (await fetch(`${server.url}/keys`)).json());
  assert.equal(keys.get('victim'), 4 << 20);
  assert.equal(keys.has('fresh'), false);
  const body = Buffer.from(await (await fetch(`${server.url}/object?key=victim`)).arrayBuffer());
  const { chunk } = bigBody(4 << 20, 7);
  assert.equal(body.length, 4 << 20);
  assert.ok(body.subarray(0, chunk.length).equals(chunk) && body.subarray(-chunk.length).equals(chunk));
  // The partial 1 GiB is still a temporary file (swept once it is an hour old: another process
  // may be writing it), never a blob an object could point to.
  const partial = filesUnder(join(dataDir, 'r2')).filter(([, size]) => size >= 300 << 20);
  assert.equal(partial.length, 1);
  assert.match(partial[0][0], /\.tmp-/);
});

test('writers on two threads at once', async () => {
  await server.stop();
  server = await start(['--threads', '2']);
  const puts = [];
  for (let i = 0; i < 40; i++) {
    puts.push(fetch(`${server.url}/object?key=${i % 2 ? 'shared' : 'own-' + i}`, { method: 'PUT', body: `value ${i}`.repeat(1000) }));
  }
  for (const response of await Promise.all(puts)) assert.equal(response.status, 200);
  const keys = new Map(await (await fetch(`${server.url}/keys`)).json());
  for (let i = 0; i < 40; i += 2) assert.equal(keys.get('own-' + i), `value ${i}`.repeat(1000).length);
  const shared = await (await fetch(`${server.url}/object?key=shared`)).text();
  assert.match(shared, /^(value \d+)+$/);
  assert.equal(new Set(shared.match(/value \d+/g)).size, 1);  // one whole writer's value
});

test('edged r2 object put|get|delete on the local data', async () => {
  await server.stop();
  server = null;
  const file = join(project, 'upload.txt');
  const { writeFileSync } = await import('node:fs');
  writeFileSync(file, 'from the cli');
  const base = ['--data-dir', dataDir];
  let r = await runEdged(['r2', 'object', 'put', 'test-bucket/cli/key', '--file', file, '--content-type', 'text/x', ...base]);
  assert.equal(r.code, 0, r.stderr);
  r = await runEdged(['r2', 'object', 'get', 'test-bucket/cli/key', ...base]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'from the cli');
  server = await start();
  const response = await fetch(`${server.url}/object?key=cli/key`);
  assert.equal(await response.text(), 'from the cli');
  assert.equal(response.headers.get('content-type'), 'text/x');
  await server.stop();
  server = null;
  r = await runEdged(['r2', 'object', 'delete', 'test-bucket/cli/key', ...base]);
  assert.equal(r.code, 0, r.stderr);
  r = await runEdged(['r2', 'object', 'get', 'test-bucket/cli/key', ...base]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /not found/);
});

test('stop', async () => {
  if (server) assert.equal(await server.stop(), 0);
  assert.ok(readdirSync(join(dataDir, 'r2', 'test-bucket')).includes('index.sqlite'));
});
