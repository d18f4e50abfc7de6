// node:stream (runtime-js/api/74–77_node_stream*.js): the behaviours Node's documentation shows
// for Readable, Writable, Duplex, Transform, pipeline, finished and the Web stream bridges.
import stream, {
  Readable, Writable, Duplex, Transform, PassThrough, pipeline, finished, addAbortSignal, Stream,
} from 'node:stream';
import { pipeline as pipelineP, finished as finishedP } from 'node:stream/promises';
import { ReadableStream, WritableStream, TransformStream } from 'node:stream/web';
import { text } from 'node:stream/consumers';
import { EventEmitter } from 'node:events';
import { Buffer } from 'node:buffer';
import { promisify } from 'node:util';
import assert from 'node:assert/strict';

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
const collect = (readable) => new Promise((resolve, reject) => {
  const chunks = [];
  readable.on('data', (c) => chunks.push(c));
  readable.on('end', () => resolve(chunks));
  readable.on('error', reject);
});

export const legacyStreamBase = {
  test() {
    assert.ok(new Readable() instanceof Stream);
    assert.ok(new Readable() instanceof EventEmitter);
    assert.equal(stream, Stream);
    assert.equal(stream.Readable, Readable);
    const d = new Duplex();
    assert.ok(d instanceof Readable);
    assert.ok(d instanceof Writable);
    assert.ok(new Transform() instanceof Writable);
    assert.ok(!(new Readable() instanceof Writable));
    const r = new Readable();
    for (const key of ['ended', 'flowing', 'length', 'highWaterMark', 'objectMode', 'destroyed']) {
      assert.ok(key in r._readableState, key);
    }
    for (const key of ['finished', 'ended', 'length', 'highWaterMark', 'objectMode', 'destroyed']) {
      assert.ok(key in new Writable()._writableState, key);
    }
    assert.equal(r.readableHighWaterMark, stream.getDefaultHighWaterMark(false));
    assert.equal(new Readable({ objectMode: true }).readableHighWaterMark, 16);
  },
};

export const flowingModeDataAndEnd = {
  async test() {
    const r = new Readable({ read() {} });
    r.push('hello ');
    r.push(Buffer.from('world'));
    r.push(null);
    const chunks = await collect(r);
    assert.equal(Buffer.concat(chunks).toString(), 'hello world');
    assert.equal(r.readableEnded, true);
  },
};

export const pausedModeReadable = {
  async test() {
    const r = new Readable({ read() {} });
    r.push('abc');
    r.push('def');
    r.push(null);
    let out = '';
    await new Promise((resolve) => {
      r.on('readable', () => {
        let chunk;
        while ((chunk = r.read(2)) !== null) out += chunk.toString();
      });
      r.on('end', resolve);
    });
    assert.equal(out, 'abcdef');
  },
};

export const readFromSubclassWithHighWaterMark = {
  async test() {
    class Counter extends Readable {
      constructor(opt) {
        super(opt);
        this._max = 5;
        this._index = 1;
        this.reads = 0;
      }
      _read() {
        this.reads++;
        const i = this._index++;
        if (i > this._max) this.push(null);
        else this.push(Buffer.from(String(i), 'ascii'));
      }
    }
    const counter = new Counter({ highWaterMark: 2 });
    const chunks = await collect(counter);
    assert.equal(Buffer.concat(chunks).toString(), '12345');
  },
};

export const objectModeAndSetEncoding = {
  async test() {
    const objects = new Readable({ objectMode: true, read() {} });
    objects.push({ a: 1 });
    objects.push({ b: 2 });
    objects.push(null);
    assert.deepEqual(await collect(objects), [{ a: 1 }, { b: 2 }]);

    const r = new Readable({ read() {} });
    r.setEncoding('utf8');
    const euro = Buffer.from('€');
    r.push(euro.subarray(0, 1));
    r.push(euro.subarray(1));
    r.push(null);
    assert.deepEqual((await collect(r)).join(''), '€');
    assert.equal(r.readableEncoding, 'utf8');
  },
};

export const pauseResumeAndUnshift = {
  async test() {
    const r = new Readable({ read() {} });
    const seen = [];
    r.on('data', (c) => {
      seen.push(c.toString());
      r.pause();
      setTimeout(() => r.resume(), 1);
    });
    r.push('a');
    r.push('b');
    r.push(null);
    await new Promise((resolve) => r.on('end', resolve));
    assert.deepEqual(seen, ['a', 'b']);

    const u = new Readable({ read() {} });
    u.push('world');
    u.unshift('hello ');
    u.push(null);
    assert.equal(Buffer.concat(await collect(u)).toString(), 'hello world');
  },
};

export const pushAfterEofErrors = {
  async test() {
    const r = new Readable({ read() {} });
    r.push(null);
    const error = await new Promise((resolve) => {
      r.on('error', resolve);
      r.push('late');
    });
    assert.equal(error.code, 'ERR_STREAM_PUSH_AFTER_EOF');
    assert.throws(() => new Writable().write(null), { code: 'ERR_STREAM_NULL_VALUES' });
    assert.throws(() => new Writable().write(1), { code: 'ERR_INVALID_ARG_TYPE' });
  },
};

export const destroyWithError = {
  async test() {
    const r = new Readable({ read() {} });
    const events = [];
    r.on('error', (e) => events.push('error:' + e.message));
    r.on('close', () => events.push('close'));
    r.destroy(new Error('boom'));
    assert.equal(r.destroyed, true);
    await tick();
    assert.deepEqual(events, ['error:boom', 'close']);
    assert.equal(r.errored.message, 'boom');

    const w = new Writable({
      write(c, e, cb) { cb(); },
      destroy(err, cb) { events.push('custom destroy'); cb(err); },
    });
    w.destroy();
    await tick();
    assert.ok(events.includes('custom destroy'));
    const error = await new Promise((resolve) => w.write('x', resolve));
    assert.equal(error.code, 'ERR_STREAM_DESTROYED');
  },
};

export const asyncIteration = {
  async test() {
    const r = Readable.from(['a', 'b', 'c']);
    const out = [];
    for await (const chunk of r) out.push(chunk);
    assert.deepEqual(out, ['a', 'b', 'c']);

    async function* generate() {
      yield 'hello';
      yield 'streams';
    }
    assert.deepEqual(await Readable.from(generate()).toArray(), ['hello', 'streams']);
    assert.deepEqual(await Readable.from([1, 2, 3, 4]).map((x) => x * 2).filter((x) => x > 2).toArray(), [4, 6, 8]);
    assert.equal(await Readable.from([1, 2, 3]).reduce((a, b) => a + b, 0), 6);
    assert.deepEqual(await Readable.from('one string').toArray(), ['one string']);

    const broken = new Readable({ read() { this.destroy(new Error('bad read')); } });
    await assert.rejects(async () => { for await (const c of broken) void c; }, /bad read/);
  },
};

export const writableCallbacksAndDrain = {
  async test() {
    const written = [];
    const w = new Writable({
      highWaterMark: 4,
      write(chunk, encoding, callback) {
        written.push(chunk.toString());
        setTimeout(callback, 1);
      },
    });
    assert.equal(w.write('ab'), true);
    assert.equal(w.write('cdef'), false);
    assert.equal(w.writableNeedDrain, true);
    await new Promise((resolve) => w.once('drain', resolve));
    let callbackRan = false;
    w.write('g', () => { callbackRan = true; });
    const finishedOrder = [];
    w.on('finish', () => finishedOrder.push('finish'));
    await new Promise((resolve) => w.end('h', () => { finishedOrder.push('end cb'); resolve(); }));
    assert.ok(callbackRan);
    assert.deepEqual(written, ['ab', 'cdef', 'g', 'h']);
    assert.deepEqual(finishedOrder, ['end cb', 'finish']);
    assert.equal(w.writableFinished, true);
    // Finished and auto-destroyed: the write's callback gets the error.
    const error = await new Promise((resolve) => w.write('late', resolve));
    assert.equal(error.code, 'ERR_STREAM_WRITE_AFTER_END');
    const open = new Writable({ autoDestroy: false, write(c, e, cb) { cb(); } });
    open.end();
    const emitted = await new Promise((resolve) => { open.on('error', resolve); open.write('late'); });
    assert.equal(emitted.code, 'ERR_STREAM_WRITE_AFTER_END');
  },
};

export const corkWritevAndFinal = {
  async test() {
    const batches = [];
    let finalRan = false;
    const w = new Writable({
      writev(chunks, callback) {
        batches.push(chunks.map((c) => c.chunk.toString()));
        callback();
      },
      final(callback) {
        finalRan = true;
        callback();
      },
    });
    w.cork();
    w.write('a');
    w.write('b');
    w.write('c');
    assert.equal(w.writableCorked, 1);
    w.uncork();
    await new Promise((resolve) => w.end(resolve));
    assert.deepEqual(batches, [['a', 'b', 'c']]);
    assert.ok(finalRan);

    const decoded = [];
    const keepStrings = new Writable({
      decodeStrings: false,
      write(chunk, encoding, cb) { decoded.push([typeof chunk, encoding]); cb(); },
    });
    keepStrings.write('x', 'utf8');
    assert.deepEqual(decoded, [['string', 'utf8']]);
  },
};

export const duplexAndTransform = {
  async test() {
    const upper = new Transform({
      transform(chunk, encoding, callback) {
        callback(null, chunk.toString().toUpperCase());
      },
      flush(callback) {
        this.push('!');
        callback();
      },
    });
    upper.end('shout');
    assert.equal(Buffer.concat(await collect(upper)).toString(), 'SHOUT!');

    const pt = new PassThrough();
    pt.end('through');
    assert.equal(Buffer.concat(await collect(pt)).toString(), 'through');

    const received = [];
    const d = new Duplex({
      read() {
        this.push('out');
        this.push(null);
      },
      write(chunk, encoding, callback) {
        received.push(chunk.toString());
        callback();
      },
    });
    d.end('in');
    assert.equal(Buffer.concat(await collect(d)).toString(), 'out');
    await new Promise((resolve) => (d.writableFinished ? resolve() : d.on('finish', resolve)));
    assert.deepEqual(received, ['in']);
  },
};

export const pipeWithBackpressure = {
  async test() {
    const total = 200;
    let produced = 0;
    const source = new Readable({
      highWaterMark: 16,
      read() {
        produced++;
        this.push(produced > total ? null : Buffer.alloc(8, produced % 256));
      },
    });
    let maxBuffered = 0;
    let bytes = 0;
    const slow = new Writable({
      highWaterMark: 16,
      write(chunk, encoding, callback) {
        bytes += chunk.length;
        maxBuffered = Math.max(maxBuffered, this.writableLength);
        setTimeout(callback, 0);
      },
    });
    await new Promise((resolve) => source.pipe(slow).on('finish', resolve));
    assert.equal(bytes, total * 8);
    assert.ok(maxBuffered <= 32, `buffered ${maxBuffered}`);
  },
};

export const pipelineCallbackAndPromise = {
  async test() {
    const sink = [];
    const dest = new Writable({ write(c, e, cb) { sink.push(c.toString()); cb(); } });
    const upper = new Transform({ transform(c, e, cb) { cb(null, c.toString().toUpperCase()); } });
    await new Promise((resolve, reject) => pipeline(Readable.from(['a', 'b']), upper, dest,
      (err) => (err ? reject(err) : resolve())));
    assert.deepEqual(sink, ['A', 'B']);

    const out = [];
    await pipelineP(
      Readable.from(['x', 'y']),
      async function* (source) {
        for await (const chunk of source) yield chunk + chunk;
      },
      new Writable({ objectMode: true, write(c, e, cb) { out.push(c); cb(); } }),
    );
    assert.deepEqual(out, ['xx', 'yy']);

    const value = await pipelineP(Readable.from(['1', '2', '3']), async (source) => {
      let sum = 0;
      for await (const c of source) sum += Number(c);
      return sum;
    });
    assert.equal(value, 6);
    assert.equal(promisify(pipeline), pipelineP);

    const failing = new Transform({ transform(c, e, cb) { cb(new Error('transform failed')); } });
    const end = new PassThrough();
    await assert.rejects(pipelineP(Readable.from(['a']), failing, end), /transform failed/);
    assert.equal(end.destroyed, true);
  },
};

export const finishedAndAbortSignal = {
  async test() {
    const r = Readable.from(['a']);
    r.resume();
    await finishedP(r);
    assert.equal(r.readableEnded, true);

    const w = new Writable({ write(c, e, cb) { cb(); } });
    const done = new Promise((resolve) => finished(w, resolve));
    w.end('x');
    assert.equal(await done, undefined);

    const early = new Readable({ read() {} });
    const premature = new Promise((resolve) => finished(early, resolve));
    early.destroy();
    assert.equal((await premature).code, 'ERR_STREAM_PREMATURE_CLOSE');

    const controller = new AbortController();
    const aborted = addAbortSignal(controller.signal, new Readable({ read() {} }));
    const error = new Promise((resolve) => aborted.on('error', resolve));
    controller.abort();
    assert.equal((await error).name, 'AbortError');
  },
};

export const webStreamBridges = {
  async test() {
    const web = Readable.toWeb(Readable.from([Buffer.from('web'), Buffer.from('!')]));
    assert.ok(web instanceof ReadableStream);
    assert.equal(await new Response(web).text(), 'web!');

    const fromWeb = Readable.fromWeb(new Response('from web').body);
    assert.equal(Buffer.concat(await collect(fromWeb)).toString(), 'from web');

    const parts = [];
    const ws = new WritableStream({ write(chunk) { parts.push(new TextDecoder().decode(chunk)); } });
    const nodeWritable = Writable.fromWeb(ws);
    await new Promise((resolve) => nodeWritable.end('to web', resolve));
    assert.deepEqual(parts, ['to web']);

    const collected = [];
    const webWritable = Writable.toWeb(new Writable({ write(c, e, cb) { collected.push(c.toString()); cb(); } }));
    const writer = webWritable.getWriter();
    await writer.write(new TextEncoder().encode('one'));
    await writer.close();
    assert.deepEqual(collected, ['one']);

    assert.equal(await text(Readable.from(['con', 'sumer'])), 'consumer');
    assert.ok(new TransformStream() instanceof globalThis.TransformStream);
    await pipelineP(new Response('piped').body, new PassThrough(), new Writable({ write(c, e, cb) { collected.push(Buffer.from(c).toString()); cb(); } }));
    assert.equal(collected.at(-1), 'piped');
  },
};

export const duplexFromAndCompose = {
  async test() {
    const doubled = Duplex.from(async function* (source) {
      for await (const chunk of source) yield String(chunk) + String(chunk);
    });
    doubled.end('ab');
    assert.deepEqual(await doubled.toArray(), ['abab']);
    const composed = stream.compose(
      new Transform({ transform(c, e, cb) { cb(null, c.toString().toUpperCase()); } }),
      new Transform({ transform(c, e, cb) { cb(null, c.toString() + '.'); } }),
    );
    composed.end('hi');
    assert.equal((await composed.toArray()).map(String).join(''), 'HI.');
  },
};

export const predicates = {
  async test() {
    const r = new Readable({ read() {} });
    assert.equal(stream.isReadable(r), true);
    assert.equal(stream.isErrored(r), false);
    assert.equal(stream.isDisturbed(r), false);
    r.on('error', () => {});
    r.destroy(new Error('x'));
    await tick();
    assert.equal(stream.isReadable(r), false);
    assert.equal(stream.isErrored(r), true);
  },
};

export const destroyAndHelpers = {
  async test() {
    const readable = new stream.Readable({ read() {} });
    const errors = [];
    readable.on('error', (error) => errors.push(error.message));
    stream.destroy(readable, new Error('boom'));
    assert.equal(readable.destroyed, true);
    await new Promise((resolve) => setTimeout(resolve, 1));
    assert.deepEqual(errors, ['boom']);
    // Unfinished and no error: destroyed with an AbortError.
    const pending = new stream.Readable({ read() {} });
    const aborted = new Promise((resolve) => pending.on('error', resolve));
    stream.destroy(pending);
    assert.equal((await aborted).name, 'AbortError');
    let closed = 0;
    stream.destroy({ destroy() { closed++; } });
    stream.destroy({ close() { closed++; } });
    assert.equal(closed, 2);
    assert.equal(stream.destroy(null), undefined);
    assert.equal(stream._isArrayBufferView(new DataView(new ArrayBuffer(1))), true);
    assert.equal(stream._isUint8Array(Buffer.alloc(1)), true);
    assert.equal(stream._isUint8Array(new Uint16Array(1)), false);
    const view = stream._uint8ArrayToBuffer(new Uint8Array(new ArrayBuffer(8), 2, 3));
    assert.ok(Buffer.isBuffer(view));
    assert.equal(view.byteOffset, 2);
    const promises = await import('node:stream/promises');
    assert.equal(promises.promises, stream.promises);
    assert.equal(promises.promises.pipeline, pipelineP);
  },
};
