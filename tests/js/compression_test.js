// CompressionStream and DecompressionStream (Compression Standard), with workerd's messages.
const assert = (cond, msg) => { if (!cond) throw new Error('assertion failed: ' + msg); };
const eq = (a, b, msg) => {
  if (a !== b) throw new Error(`${msg}: expected ${JSON.stringify(b)}, got ${JSON.stringify(a)}`);
};
const rejects = async (promise, type, message, msg) => {
  try { await promise; } catch (e) {
    assert(e instanceof type, `${msg}: wrong type ${e?.name}: ${e?.message}`);
    if (message !== undefined) eq(e.message, message, `${msg}: message`);
    return;
  }
  throw new Error(`${msg}: did not reject`);
};
const throws = (fn, type, message, msg) => rejects((async () => fn())(), type, message, msg);

const kFormats = ['gzip', 'deflate', 'deflate-raw'];

// Text that compresses about 4:1, like prose: words and numbers from a xorshift generator.
function sampleBytes(size, seed = 1) {
  const words = ['the', 'edge', 'worker', 'stream', 'gzip', 'bytes', 'chunk', 'request',
    'response', 'header', 'body', 'cache', 'isolate', 'snapshot', 'loop', 'socket', 'deflate',
    'window', 'of', 'and', 'a', 'to', 'in', 'runtime', 'binding', 'queue', 'object', 'durable',
    'storage', 'key'];
  const parts = [];
  let length = 0;
  let state = seed;
  while (length < size) {
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
  return new TextEncoder().encode(parts.join('').slice(0, size));
}

// A stream of `bytes` cut into chunks of the sizes `sizes` cycles through.
function chunked(bytes, sizes) {
  let at = 0;
  let i = 0;
  return new ReadableStream({
    pull(c) {
      if (at >= bytes.length) return c.close();
      const n = sizes[i++ % sizes.length];
      c.enqueue(bytes.slice(at, at + n));
      at += n;
    },
  });
}

async function collect(stream) {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function sameBytes(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

async function compressed(format, bytes) {
  return collect(chunked(bytes, [bytes.length || 1]).pipeThrough(new CompressionStream(format)));
}

export const roundTripsWithChunkBoundariesAnywhere = {
  async test() {
    const data = sampleBytes(150_000);
    for (const format of kFormats) {
      for (const sizes of [[1, 2, 3, 5, 8, 13, 21, 34, 55, 89], [4096], [70_000, 1], [150_000]]) {
        const packed = await collect(chunked(data, sizes).pipeThrough(new CompressionStream(format)));
        assert(packed.length < data.length / 2, `${format} compresses`);
        for (const back of [[1, 7], [999], [packed.length]]) {
          const unpacked = await collect(
            chunked(packed, back).pipeThrough(new DecompressionStream(format)));
          assert(sameBytes(unpacked, data), `${format} round trip ${sizes[0]}/${back[0]}`);
        }
      }
    }
  },
};

export const readsWhatOtherImplementationsWrite = {
  async test() {
    // zlib's output for "hello" (RFC 1950, RFC 1951, RFC 1952 with mtime 0, OS unknown).
    const known = {
      'deflate': [0x78, 0x9c, 0xcb, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00, 0x06, 0x2c, 0x02, 0x15],
      'deflate-raw': [0xcb, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00],
      'gzip': [0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xcb, 0x48, 0xcd, 0xc9,
        0xc9, 0x07, 0x00, 0x86, 0xa6, 0x10, 0x36, 0x05, 0x00, 0x00, 0x00],
    };
    for (const [format, bytes] of Object.entries(known)) {
      const out = await collect(chunked(new Uint8Array(bytes), [3])
        .pipeThrough(new DecompressionStream(format)));
      eq(new TextDecoder().decode(out), 'hello', format);
    }
    const gzip = await compressed('gzip', new TextEncoder().encode('hello'));
    eq(gzip[0], 0x1f, 'gzip ID1');
    eq(gzip[1], 0x8b, 'gzip ID2');
  },
};

export const constructorsCheckTheFormat = {
  async test() {
    const message = "The compression format must be either 'deflate', 'deflate-raw' or 'gzip'.";
    for (const Class of [CompressionStream, DecompressionStream]) {
      await throws(() => new Class('br'), TypeError, message, `${Class.name} br`);
      await throws(() => new Class('GZIP'), TypeError, message, `${Class.name} GZIP`);
      await throws(() => new Class(undefined), TypeError, message, `${Class.name} undefined`);
      await throws(() => new Class(), TypeError,
        `Failed to construct '${Class.name}': 1 argument required, but only 0 present.`,
        `${Class.name} no argument`);
      await throws(() => new Class({ toString() { throw new RangeError('nope'); } }), RangeError,
        'nope', `${Class.name} toString throws`);
      await throws(() => Class('gzip'), TypeError, undefined, `${Class.name} without new`);
      eq(Class.length, 1, `${Class.name}.length`);
    }
  },
};

export const theyAreTransformStreamsWithAByteReadable = {
  async test() {
    const cs = new CompressionStream('gzip');
    assert(cs instanceof TransformStream, 'CompressionStream is a TransformStream');
    assert(new DecompressionStream('deflate') instanceof TransformStream, 'Decompression too');
    eq(Object.prototype.toString.call(cs), '[object CompressionStream]', 'toStringTag');
    eq(Object.prototype.toString.call(new DecompressionStream('gzip')),
      '[object DecompressionStream]', 'toStringTag');
    assert(cs.readable instanceof ReadableStream, 'readable');
    assert(cs.writable instanceof WritableStream, 'writable');
    const getter = Object.getOwnPropertyDescriptor(TransformStream.prototype, 'readable').get;
    eq(getter.call(cs), cs.readable, 'the TransformStream getter works on it');
    // A BYOB reader reads the compressed bytes into its own buffer.
    const writer = cs.writable.getWriter();
    writer.write(new TextEncoder().encode('hello hello hello'));
    writer.close();
    const reader = cs.readable.getReader({ mode: 'byob' });
    const { value } = await reader.read(new Uint8Array(4));
    eq(value.length, 4, 'byob read fills the view');
    eq(value[0], 0x1f, 'first gzip byte');
  },
};

export const chunksMustBeBufferSources = {
  async test() {
    const message = 'This WritableStream only supports writing byte types.';
    for (const chunk of ['text', 42, { length: 1 }, null]) {
      const cs = new CompressionStream('gzip');
      const writer = cs.writable.getWriter();
      await rejects(writer.write(chunk), TypeError, message, `write ${JSON.stringify(chunk)}`);
      await rejects(cs.readable.getReader().read(), TypeError, message, 'readable errored too');
    }
    // Every BufferSource is accepted: ArrayBuffer, DataView, any typed array; empty ones too.
    const bytes = new TextEncoder().encode('abcdefgh');
    const ds = new CompressionStream('deflate');
    const writer = ds.writable.getWriter();
    writer.write(bytes.buffer.slice(0, 2));
    writer.write(new DataView(bytes.buffer, 2, 2));
    writer.write(new Uint16Array(bytes.buffer.slice(4, 8)));
    writer.write(new Uint8Array(0));
    writer.close();
    const back = await collect(ds.readable.pipeThrough(new DecompressionStream('deflate')));
    eq(new TextDecoder().decode(back), 'abcdefgh', 'all kinds of BufferSource');
  },
};

export const corruptInputErrorsTheStream = {
  async test() {
    const packed = await compressed('gzip', sampleBytes(20_000));
    const broken = packed.slice();
    broken[100] ^= 0xff;
    broken[101] ^= 0xff;
    await rejects(collect(chunked(broken, [500]).pipeThrough(new DecompressionStream('gzip'))),
      TypeError, 'Decompression failed.', 'corrupt gzip');
    await rejects(collect(chunked(new TextEncoder().encode('plain text'), [4])
      .pipeThrough(new DecompressionStream('deflate'))),
    TypeError, 'Decompression failed.', 'not deflate at all');
  },
};

export const truncatedAndTrailingDataAreErrors = {
  async test() {
    for (const format of kFormats) {
      const packed = await compressed(format, sampleBytes(10_000));
      // writer.close() rejects, and so does the reader.
      const ds = new DecompressionStream(format);
      const writer = ds.writable.getWriter();
      const read = collect(ds.readable);
      writer.write(packed.subarray(0, packed.length - 4));
      await rejects(writer.close(), TypeError,
        'Called close() on a decompression stream with incomplete data', `${format} truncated`);
      await rejects(read, TypeError, undefined, `${format} truncated read`);

      const extra = new Uint8Array(packed.length + 2);
      extra.set(packed);
      await rejects(collect(chunked(extra, [packed.length]).pipeThrough(new DecompressionStream(format))),
        TypeError, 'Trailing bytes after end of compressed data', `${format} trailing`);
    }
    await rejects(collect(chunked(new Uint8Array(0), [1]).pipeThrough(new DecompressionStream('gzip'))),
      TypeError, 'Called close() on a decompression stream with incomplete data', 'empty input');
  },
};

// As on Workers: a Worker may write everything, then close, then read.
export const writingEverythingBeforeReadingWorks = {
  async test() {
    const data = sampleBytes(4 * 1024 * 1024, 7);
    const cs = new CompressionStream('gzip');
    const writer = cs.writable.getWriter();
    for (let at = 0; at < data.length; at += 65_536) await writer.write(data.subarray(at, at + 65_536));
    await writer.close();
    const packed = await collect(cs.readable);

    const ds = new DecompressionStream('gzip');
    const dsWriter = ds.writable.getWriter();
    await dsWriter.write(packed);
    await dsWriter.close();
    assert(sameBytes(await collect(ds.readable), data), 'decompressed after writing it all');
  },
};

export const cancelAndAbortReachTheOtherSide = {
  async test() {
    const cs = new CompressionStream('gzip');
    const writer = cs.writable.getWriter();
    await cs.readable.cancel(new RangeError('reader gone'));
    await rejects(writer.write(new Uint8Array(10)), RangeError, 'reader gone', 'write after cancel');

    const ds = new DecompressionStream('gzip');
    const dsWriter = ds.writable.getWriter();
    await dsWriter.abort(new RangeError('writer gone'));
    await rejects(ds.readable.getReader().read(), RangeError, 'writer gone', 'read after abort');
  },
};

// 100 MiB through CompressionStream → DecompressionStream: what is in flight between the source
// and the final reader stays small, so nothing holds the whole stream.
export const hundredMebibytesStreamThroughInBoundedMemory = {
  async test() {
    const block = sampleBytes(1024 * 1024, 3);
    const total = 100 * 1024 * 1024;
    let produced = 0;
    let consumed = 0;
    let maxInFlight = 0;
    const source = new ReadableStream({
      pull(c) {
        if (produced >= total) return c.close();
        c.enqueue(block);
        produced += block.length;
        maxInFlight = Math.max(maxInFlight, produced - consumed);
      },
    }, { highWaterMark: 0 });
    const started = Date.now();
    const reader = source.pipeThrough(new CompressionStream('gzip'))
      .pipeThrough(new DecompressionStream('gzip')).getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      const offset = consumed % block.length;
      for (let i = 0; i < value.length; i += 4093) {
        if (value[i] !== block[(offset + i) % block.length]) throw new Error(`byte ${consumed + i} differs`);
      }
      consumed += value.length;
    }
    eq(consumed, total, 'every byte came through');
    assert(maxInFlight <= 16 * 1024 * 1024, `in flight at most 16 MiB, saw ${maxInFlight}`);
    console.log(`100 MiB gzip round trip in ${Date.now() - started} ms; ` +
      `at most ${(maxInFlight / 1048576).toFixed(1)} MiB in flight`);
  },
};
