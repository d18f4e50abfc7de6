// node:zlib (runtime-js/api/78_node_zlib*.js, src/api/node_zlib_*.cc): the one-shot, callback,
// promisified and stream forms Node's documentation shows, options, errors and crc32.
import zlib from 'node:zlib';
import { gzipSync, gunzipSync, deflateSync, inflateSync, createGzip, createGunzip, constants } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { Readable, Writable } from 'node:stream';
import { Buffer } from 'node:buffer';
import { promisify } from 'node:util';
import assert from 'node:assert/strict';

const input = Buffer.from('hello hello hello hello zlib '.repeat(50));

export const syncRoundTrips = {
  test() {
    assert.deepEqual(gunzipSync(gzipSync(input)), input);
    assert.deepEqual(inflateSync(deflateSync(input)), input);
    assert.deepEqual(zlib.inflateRawSync(zlib.deflateRawSync(input)), input);
    assert.deepEqual(zlib.unzipSync(gzipSync(input)), input);
    assert.deepEqual(zlib.unzipSync(deflateSync(input)), input);
    assert.deepEqual(zlib.brotliDecompressSync(zlib.brotliCompressSync(input)), input);
    const gz = gzipSync('text input');
    assert.equal(gz[0], 0x1f);
    assert.equal(gz[1], 0x8b);
    assert.ok(gzipSync(input).length < input.length);
    assert.equal(gunzipSync(gz).toString(), 'text input');
    assert.ok(Buffer.isBuffer(gz));
    // Concatenated gzip members come out as one.
    assert.equal(gunzipSync(Buffer.concat([gzipSync('ab'), gzipSync('cd')])).toString(), 'abcd');
  },
};

export const interoperatesWithCompressionStream = {
  async test() {
    const webGzip = new Uint8Array(await new Response(
      new Blob([input]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer());
    assert.deepEqual(gunzipSync(webGzip), input);
    const back = await new Response(new Blob([gzipSync(input)]).stream()
      .pipeThrough(new DecompressionStream('gzip'))).arrayBuffer();
    assert.deepEqual(Buffer.from(back), input);
  },
};

export const options = {
  test() {
    const fast = deflateSync(input, { level: 1 });
    const best = deflateSync(input, { level: 9, memLevel: 9, strategy: constants.Z_DEFAULT_STRATEGY });
    assert.deepEqual(inflateSync(fast), input);
    assert.deepEqual(inflateSync(best), input);
    const stored = deflateSync(input, { level: 0 });
    assert.ok(stored.length > input.length);
    const small = zlib.deflateRawSync(input, { windowBits: 9 });
    assert.deepEqual(zlib.inflateRawSync(small, { windowBits: 9 }), input);
    const dictionary = Buffer.from('hello zlib ');
    const withDict = deflateSync(input, { dictionary });
    assert.deepEqual(inflateSync(withDict, { dictionary }), input);
    assert.throws(() => inflateSync(withDict), { code: 'Z_NEED_DICT', message: 'Missing dictionary' });
    const quality = zlib.brotliCompressSync(input, { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } });
    assert.deepEqual(zlib.brotliDecompressSync(quality), input);
    assert.throws(() => deflateSync(input, { level: 10 }), {
      code: 'ERR_OUT_OF_RANGE',
      message: 'The value of "options.level" is out of range. It must be >= -1 and <= 9. Received 10',
    });
    assert.throws(() => gzipSync(input, { windowBits: 16 }), { code: 'ERR_OUT_OF_RANGE' });
    assert.throws(() => gzipSync(42), { code: 'ERR_INVALID_ARG_TYPE' });
    assert.throws(() => gunzipSync(gzipSync(input), { maxOutputLength: 10 }), { code: 'ERR_BUFFER_TOO_LARGE' });
  },
};

export const corruptInput = {
  test() {
    assert.throws(() => inflateSync(Buffer.from('not zlib data')), {
      name: 'Error', message: 'incorrect header check', code: 'Z_DATA_ERROR', errno: -3,
    });
    assert.throws(() => gunzipSync(Buffer.from('plain')), { code: 'Z_DATA_ERROR', message: 'incorrect header check' });
    assert.throws(() => gunzipSync(gzipSync(input).subarray(0, 20)), {
      code: 'Z_BUF_ERROR', errno: -5, message: 'unexpected end of file',
    });
    assert.throws(() => zlib.brotliDecompressSync(Buffer.from([0xff, 0xff, 0xff])), (error) =>
      error.message === 'Decompression failed' && error.code.startsWith('ERR_'));
  },
};

export const callbackAndPromisify = {
  async test() {
    const compressed = await new Promise((resolve, reject) =>
      zlib.gzip(input, (error, result) => (error ? reject(error) : resolve(result))));
    const result = await promisify(zlib.gunzip)(compressed);
    assert.deepEqual(result, input);
    const withOptions = await promisify(zlib.deflate)(input, { level: 9 });
    assert.deepEqual(await promisify(zlib.inflate)(withOptions), input);
    const error = await new Promise((resolve) => zlib.inflate(Buffer.from('bad'), resolve));
    assert.equal(error.code, 'Z_DATA_ERROR');
    await assert.rejects(promisify(zlib.brotliDecompress)(Buffer.from('xx')));
  },
};

export const streams = {
  async test() {
    const chunks = [];
    await pipeline(
      Readable.from([input.subarray(0, 100), input.subarray(100)]),
      createGzip(),
      createGunzip(),
      new Writable({ write(chunk, encoding, callback) { chunks.push(chunk); callback(); } }),
    );
    assert.deepEqual(Buffer.concat(chunks), input);

    const gzip = zlib.createGzip();
    assert.ok(gzip instanceof zlib.Gzip);
    const out = [];
    gzip.on('data', (chunk) => out.push(chunk));
    gzip.write('partial ');
    await new Promise((resolve) => gzip.flush(resolve));
    const flushed = Buffer.concat(out);
    assert.equal(zlib.gunzipSync(flushed, { finishFlush: constants.Z_SYNC_FLUSH }).toString(), 'partial ');
    gzip.end('rest');
    await new Promise((resolve) => gzip.on('end', resolve));
    assert.equal(gunzipSync(Buffer.concat(out)).toString(), 'partial rest');

    const broken = zlib.createInflate();
    const error = new Promise((resolve) => broken.on('error', resolve));
    broken.end(Buffer.from('garbage!'));
    assert.equal((await error).code, 'Z_DATA_ERROR');

    const brotli = [];
    await pipeline(Readable.from([input]), zlib.createBrotliCompress(), zlib.createBrotliDecompress(),
      new Writable({ write(c, e, cb) { brotli.push(c); cb(); } }));
    assert.deepEqual(Buffer.concat(brotli), input);
  },
};

export const boundedOutputForBombs = {
  async test() {
    // 16 MiB of zeros compresses to a few KiB; a slow reader must not get it all buffered.
    const bomb = deflateSync(Buffer.alloc(16 * 1024 * 1024));
    const inflate = zlib.createInflate();
    inflate.end(bomb);
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.ok(inflate.readableLength <= 2 * 1024 * 1024, `buffered ${inflate.readableLength}`);
    let total = 0;
    for await (const chunk of inflate) total += chunk.length;
    assert.equal(total, 16 * 1024 * 1024);
  },
};

export const crc32AndConstants = {
  test() {
    assert.equal(zlib.crc32('hello'), 907060870);
    assert.equal(zlib.crc32('world', zlib.crc32('hello ')), zlib.crc32('hello world'));
    assert.equal(zlib.crc32(Buffer.from('hello')), 907060870);
    assert.equal(constants.Z_BEST_COMPRESSION, 9);
    assert.equal(constants.BROTLI_PARAM_QUALITY, 1);
    assert.equal(zlib.Z_FINISH, 4);
    assert.equal(zlib.codes.Z_DATA_ERROR, -3);
    assert.equal(zlib.codes['-3'], 'Z_DATA_ERROR');
  },
};

export const pipedIncompressibleDataDoesNotStall = {
  async test() {
    // Output larger than the readable buffer, read with for-await: a write resumed from _read
    // that has nothing more to give must still let the next _read come.
    const random = () => Buffer.from(crypto.getRandomValues(new Uint8Array(65536)));
    const data = Buffer.concat(Array.from({ length: 10 }, random));
    const source = Readable.from((function* () {
      for (let i = 0; i < data.length; i += 4096) yield data.subarray(i, i + 4096);
    })());
    const chunks = [];
    for await (const chunk of source.pipe(createGzip())) chunks.push(chunk);
    assert.deepEqual(gunzipSync(Buffer.concat(chunks)), data);
  },
};
