// node:zlib's zstd (runtime-js/api/78_node_zlib.js, src/api/node_zstd_stream.cc): the sync,
// callback, promisified and stream forms, parameters, pledgedSrcSize, dictionary, flushes, the
// constants and top-level exports workerd has, and workerd's and Node's errors.
import zlib from 'node:zlib';
import {
  zstdCompressSync, zstdDecompressSync, createZstdCompress, createZstdDecompress, ZstdCompress,
  ZstdDecompress, constants, ZSTD_COMPRESS, ZSTD_error_checksum_wrong, ZLIB_VERNUM,
} from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { Readable, Writable } from 'node:stream';
import { Buffer } from 'node:buffer';
import { promisify } from 'node:util';
import assert from 'node:assert/strict';

const input = Buffer.from('hello hello hello hello zstd '.repeat(200));
// `printf hello | zstd -c`: a frame written by the reference implementation's CLI.
const helloFromCli = Buffer.from('28b52ffd045829000068656c6c6fa36d9f88', 'hex');

function collect() {
  const chunks = [];
  const sink = new Writable({ write(chunk, encoding, callback) { chunks.push(chunk); callback(); } });
  return { sink, bytes: () => Buffer.concat(chunks) };
}

export const syncRoundTrips = {
  test() {
    const compressed = zstdCompressSync(input);
    assert.ok(Buffer.isBuffer(compressed));
    assert.deepEqual([...compressed.subarray(0, 4)], [0x28, 0xb5, 0x2f, 0xfd]);
    assert.ok(compressed.length < input.length / 10);
    assert.deepEqual(zstdDecompressSync(compressed), input);
    assert.equal(zstdDecompressSync(helloFromCli).toString(), 'hello');
    // The same bytes workerd writes for these inputs.
    assert.equal(zstdCompressSync('hello').toString('hex'), '28b52ffd200529000068656c6c6f');
    assert.equal(zstdCompressSync('').toString('hex'), '28b52ffd2000010000');
    assert.equal(zstdDecompressSync(Buffer.alloc(0)).length, 0);
    assert.equal(zstdDecompressSync(new Uint8Array(zstdCompressSync('typed'))).toString(), 'typed');
    const frame = zstdCompressSync('array buffer');
    const arrayBuffer = frame.buffer.slice(frame.byteOffset, frame.byteOffset + frame.length);
    assert.equal(zstdDecompressSync(arrayBuffer).toString(), 'array buffer');
    // One frame is read; what follows it is ignored, as in Node and workerd.
    assert.equal(zstdDecompressSync(Buffer.concat([zstdCompressSync('ab'), zstdCompressSync('cd')])).toString(), 'ab');
    const { buffer, engine } = zstdCompressSync('info', { info: true });
    assert.equal(zstdDecompressSync(buffer).toString(), 'info');
    assert.equal(engine, undefined);
  },
};

export const parameters = {
  test() {
    const level = (n) => zstdCompressSync(input, { params: { [constants.ZSTD_c_compressionLevel]: n } });
    for (const n of [-5, 1, 3, 19, 22, 100]) assert.deepEqual(zstdDecompressSync(level(n)), input);
    const checked = zstdCompressSync('hello', { params: { [constants.ZSTD_c_checksumFlag]: true } });
    assert.equal(checked.toString('hex'), '28b52ffd240529000068656c6c6fa36d9f88');
    const noSize = zstdCompressSync('hello', { params: { [constants.ZSTD_c_contentSizeFlag]: 0 } });
    assert.equal(zstdDecompressSync(noSize).toString(), 'hello');
    // Threads are not started: the value is accepted and compression stays on the Worker's thread.
    assert.equal(zstdDecompressSync(zstdCompressSync('ab', { params: { [constants.ZSTD_c_nbWorkers]: 2 } })).toString(), 'ab');

    const wide = zstdCompressSync(Buffer.alloc(300000, 'abcdefghij'), { params: { [constants.ZSTD_c_windowLog]: 20 } });
    assert.equal(zstdDecompressSync(wide, { params: { [constants.ZSTD_d_windowLogMax]: 20 } }).length, 300000);
    assert.throws(() => zstdDecompressSync(wide, { params: { [constants.ZSTD_d_windowLogMax]: 10 } }), {
      name: 'Error', message: 'Zstd decompression failed: Frame requires too much memory for decoding',
      code: 'ERR_ZSTD_DECOMPRESSION_FAILED',
    });
  },
};

export const parameterErrors = {
  test() {
    for (const [options, key] of [[{ params: { 999: 1 } }, '999'], [{ params: { foo: 1 } }, 'foo'],
      [{ params: { '-1': 1 } }, '-1'], [{ params: { 403: 1 } }, '403']]) {
      assert.throws(() => zstdCompressSync('x', options), {
        name: 'RangeError', code: 'ERR_ZSTD_INVALID_PARAM', message: `${key} is not a valid Zstd parameter`,
      });
    }
    // ZSTD_c_windowLog (101) is a compression parameter; decompression takes only ZSTD_d_*.
    assert.throws(() => createZstdDecompress({ params: { [constants.ZSTD_c_windowLog]: 20 } }), {
      code: 'ERR_ZSTD_INVALID_PARAM', message: '101 is not a valid Zstd parameter',
    });
    assert.throws(() => createZstdCompress({ params: { 100: 'x' } }), {
      name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE',
      message: 'The "options.params[key]" property must be of type number. Received type string (\'x\')',
    });
    assert.throws(() => zstdCompressSync('x', { params: 5 }), { code: 'ERR_INVALID_ARG_TYPE' });
    // Keys libzstd does not know or values out of its bounds fail when the stream starts.
    for (const params of [{ 150: 1 }, { [constants.ZSTD_c_windowLog]: 100 }, { [constants.ZSTD_c_strategy]: 99 }]) {
      assert.throws(() => createZstdCompress({ params }), {
        name: 'Error', code: 'ERR_ZLIB_INITIALIZATION_FAILED', message: 'Initialization failed',
      });
    }
    assert.throws(() => zstdCompressSync('ab', { flush: 5 }), {
      name: 'RangeError', code: 'ERR_OUT_OF_RANGE',
      message: 'The value of "options.flush" is out of range. It must be >= 0 and <= 2. Received 5',
    });
    assert.throws(() => zstdCompressSync('ab', { chunkSize: 10 }), { code: 'ERR_OUT_OF_RANGE' });
  },
};

export const pledgedSrcSize = {
  async test() {
    const exact = zstdCompressSync('hello', { pledgedSrcSize: 5 });
    assert.equal(exact.toString('hex'), '28b52ffd200529000068656c6c6f');
    const { sink, bytes } = collect();
    await pipeline(Readable.from([Buffer.from('hel'), Buffer.from('lo')]), createZstdCompress({ pledgedSrcSize: 5 }), sink);
    assert.equal(zstdDecompressSync(bytes()).toString(), 'hello');
    // The promise goes in the frame header, so streamed input of another size fails.
    const short = createZstdCompress({ pledgedSrcSize: 3 });
    const failed = new Promise((resolve) => short.on('error', resolve));
    short.resume();
    short.end('hello');
    const error = await failed;
    assert.equal(error.message, 'Zstd compression failed: Src size is incorrect');
    assert.equal(error.code, 'ERR_ZSTD_COMPRESSION_FAILED');
    assert.equal(error.errno, -1);
    assert.ok(createZstdCompress({ pledgedSrcSize: null }));
    assert.throws(() => createZstdCompress({ pledgedSrcSize: -1 }), { name: 'RangeError', code: 'ERR_OUT_OF_RANGE' });
    assert.throws(() => createZstdCompress({ pledgedSrcSize: '5' }), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' });
  },
};

export const dictionary = {
  test() {
    const dict = Buffer.from('hello hello hello zstd dictionary');
    const withDict = zstdCompressSync(input, { dictionary: dict });
    assert.deepEqual(zstdDecompressSync(withDict, { dictionary: dict }), input);
    assert.throws(() => zstdDecompressSync(withDict), { code: 'ERR_ZSTD_DECOMPRESSION_FAILED' });
    assert.throws(() => zstdCompressSync('x', { dictionary: 'text' }), { code: 'ERR_INVALID_ARG_TYPE' });
  },
};

export const corruptInput = {
  async test() {
    assert.throws(() => zstdDecompressSync(Buffer.from('garbage garbage')), {
      name: 'Error', message: 'Zstd decompression failed: Unknown frame descriptor',
      code: 'ERR_ZSTD_DECOMPRESSION_FAILED', errno: -1,
    });
    assert.throws(() => zstdDecompressSync(zstdCompressSync(input).subarray(0, 10)), {
      message: 'unexpected end of file', code: 'ERR_ZSTD_DECOMPRESSION_FAILED',
    });
    assert.throws(() => zstdDecompressSync(Buffer.from([0x28])), { message: 'unexpected end of file' });
    const corrupt = Buffer.from(helloFromCli);
    corrupt[corrupt.length - 1] ^= 0xff;
    assert.throws(() => zstdDecompressSync(corrupt), {
      message: 'Zstd decompression failed: Restored data doesn\'t match checksum',
    });
    assert.throws(() => zstdDecompressSync(zstdCompressSync(Buffer.alloc(100000)), { maxOutputLength: 100 }),
      { name: 'RangeError', code: 'ERR_BUFFER_TOO_LARGE' });
    assert.throws(() => zstdCompressSync(42), { code: 'ERR_INVALID_ARG_TYPE' });

    const broken = createZstdDecompress();
    const error = new Promise((resolve) => broken.on('error', resolve));
    broken.end(Buffer.from('garbage!'));
    assert.equal((await error).code, 'ERR_ZSTD_DECOMPRESSION_FAILED');
  },
};

export const callbackAndPromisify = {
  async test() {
    const compressed = await new Promise((resolve, reject) =>
      zlib.zstdCompress(input, (error, result) => (error ? reject(error) : resolve(result))));
    assert.deepEqual(await promisify(zlib.zstdDecompress)(compressed), input);
    const fast = await promisify(zlib.zstdCompress)(input, { params: { [constants.ZSTD_c_compressionLevel]: 1 } });
    assert.deepEqual(await promisify(zlib.zstdDecompress)(fast), input);
    const error = await new Promise((resolve) => zlib.zstdDecompress(Buffer.from('bad!'), resolve));
    assert.equal(error.message, 'Zstd decompression failed: Unknown frame descriptor');
    // Option errors reach the callback, as in workerd; a missing callback throws at once.
    const optionError = await new Promise((resolve) => zlib.zstdCompress('x', { params: { 999: 1 } }, resolve));
    assert.equal(optionError.code, 'ERR_ZSTD_INVALID_PARAM');
    assert.throws(() => zlib.zstdCompress('x'), { code: 'ERR_INVALID_ARG_TYPE' });
  },
};

export const streams = {
  async test() {
    const { sink, bytes } = collect();
    await pipeline(Readable.from([input.subarray(0, 100), input.subarray(100)]), createZstdCompress(),
      createZstdDecompress(), sink);
    assert.deepEqual(bytes(), input);

    const zstd = new ZstdCompress();
    assert.ok(zstd instanceof ZstdCompress);
    assert.ok(createZstdDecompress() instanceof ZstdDecompress);
    const out = [];
    zstd.on('data', (chunk) => out.push(chunk));
    zstd.write('partial ');
    await new Promise((resolve) => zstd.flush(resolve));
    // What was flushed decompresses before the frame ends.
    const reader = createZstdDecompress();
    const read = [];
    reader.on('data', (chunk) => read.push(chunk));
    reader.write(Buffer.concat(out));
    await new Promise((resolve) => reader.flush(resolve));
    assert.equal(Buffer.concat(read).toString(), 'partial ');
    zstd.end('rest');
    await new Promise((resolve) => zstd.on('end', resolve));
    assert.equal(zstdDecompressSync(Buffer.concat(out)).toString(), 'partial rest');
    assert.equal(zstd.bytesWritten, 12);

    // flush(ZSTD_e_end) closes a frame; writing on opens the next.
    const frames = createZstdCompress();
    const framed = [];
    frames.on('data', (chunk) => framed.push(chunk));
    frames.write('one');
    await new Promise((resolve) => frames.flush(constants.ZSTD_e_end, resolve));
    assert.equal(zstdDecompressSync(Buffer.concat(framed)).toString(), 'one');

    // reset() drops the frame under way.
    const again = createZstdCompress();
    again.write('abc');
    again.reset();
    const { sink: resetSink, bytes: resetBytes } = collect();
    const done = pipeline(again, resetSink);
    again.end('hello');
    await done;
    assert.equal(zstdDecompressSync(resetBytes()).toString(), 'hello');
  },
};

export const boundedOutputForBombs = {
  async test() {
    // 32 MiB of zeros compresses to about a KiB; a slow reader must not get it all buffered.
    const bomb = zstdCompressSync(Buffer.alloc(32 * 1024 * 1024));
    assert.ok(bomb.length < 64 * 1024);
    const decompress = createZstdDecompress();
    decompress.end(bomb);
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.ok(decompress.readableLength <= 2 * 1024 * 1024, `buffered ${decompress.readableLength}`);
    let total = 0;
    for await (const chunk of decompress) total += chunk.length;
    assert.equal(total, 32 * 1024 * 1024);
  },
};

export const classesAndExports = {
  test() {
    // Node's and workerd's zstd classes need `new`.
    assert.throws(() => ZstdCompress(), TypeError);
    assert.equal(ZstdCompress.name, 'ZstdCompress');
    assert.equal(typeof zlib.createZstdCompress, 'function');
    assert.equal(typeof zlib.zstdDecompressSync, 'function');
  },
};

export const constantsAndTopLevel = {
  test() {
    assert.equal(constants.ZSTD_COMPRESS, 10);
    assert.equal(constants.ZSTD_DECOMPRESS, 11);
    assert.equal(constants.ZSTD_ENCODE, 10);
    assert.equal(constants.ZSTD_DECODE, 11);
    assert.equal(constants.ZSTD_e_continue, 0);
    assert.equal(constants.ZSTD_e_flush, 1);
    assert.equal(constants.ZSTD_e_end, 2);
    assert.equal(constants.ZSTD_c_compressionLevel, 100);
    assert.equal(constants.ZSTD_c_checksumFlag, 201);
    assert.equal(constants.ZSTD_c_overlapLog, 402);
    assert.equal(constants.ZSTD_d_windowLogMax, 100);
    assert.equal(constants.ZSTD_btultra2, 9);
    assert.equal(constants.ZSTD_CLEVEL_DEFAULT, 3);
    assert.equal(constants.ZSTD_error_noForwardProgress_inputEmpty, 82);
    assert.equal(constants.BROTLI_PARAM_SIZE_HINT, 5);
    // On the module, as workerd has them: the modes, error codes and ZLIB_VERNUM, not the rest.
    assert.equal(ZSTD_COMPRESS, 10);
    assert.equal(ZSTD_error_checksum_wrong, 22);
    assert.equal(ZLIB_VERNUM, constants.ZLIB_VERNUM);
    assert.equal(zlib.ZSTD_DECODE, 11);
    assert.equal(zlib.ZSTD_c_compressionLevel, undefined);
    assert.equal(zlib.ZSTD_e_end, undefined);
    assert.equal(zlib.BROTLI_PARAM_SIZE_HINT, undefined);
    assert.equal(zlib.BROTLI_PARAM_QUALITY, 1);
  },
};
