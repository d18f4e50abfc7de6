'use strict';
// The node:stream modules: node:stream itself (the Stream function with the classes hung on it,
// as Node exports it, so both `import { Readable }` and `require('stream').Readable` work),
// node:stream/promises, node:stream/web (the runtime's Web stream classes) and
// node:stream/consumers.

const { SymbolFor, ArrayBufferIsView, TypedArrayPrototypeGetSymbolToStringTag } = primordials;
const NS = internals.nodeStream;
const {
  Stream, Readable, Writable, Duplex, Transform, PassThrough, finished, finishedPromise,
  pipeline, pipelinePromise, addAbortSignal, compose,
} = NS;

finished[SymbolFor('nodejs.util.promisify.custom')] = finishedPromise;

const promises = { pipeline: pipelinePromise, finished: finishedPromise };

// stream.destroy(stream, err): destroys any stream-like thing the way pipeline does; a stream
// that has not finished is destroyed with an AbortError.
function destroyStream(stream, error) {
  if (!stream || NS.isDestroyed(stream)) return;
  if (!error && !NS.isReadableFinished(stream, false) && !NS.isWritableFinished(stream, false)) {
    error = NS.streamErrors.abort();
  }
  const isRequest = (value) => value?.setHeader && typeof value.abort === 'function';
  if (isRequest(stream)) stream.abort();
  else if (isRequest(stream.req)) stream.req.abort();
  else if (typeof stream.destroy === 'function') stream.destroy(error);
  else if (typeof stream.close === 'function') stream.close();
  else if (error) NS.nextTick(() => stream.emit('error', error));
  else NS.nextTick(() => stream.emit('close'));
}

Stream.Stream = Stream;
Stream.Readable = Readable;
Stream.Writable = Writable;
Stream.Duplex = Duplex;
Stream.Transform = Transform;
Stream.PassThrough = PassThrough;
Stream.pipeline = pipeline;
Stream.finished = finished;
Stream.addAbortSignal = addAbortSignal;
Stream.compose = compose;
Stream.promises = promises;
Stream.isReadable = NS.isReadable;
Stream.isWritable = NS.isWritable;
Stream.isErrored = NS.isErrored;
Stream.isDisturbed = NS.isDisturbed;
Stream.isDestroyed = NS.isDestroyed;
Stream.getDefaultHighWaterMark = NS.getDefaultHighWaterMark;
Stream.setDefaultHighWaterMark = NS.setDefaultHighWaterMark;
Stream.destroy = destroyStream;
// Helpers Node's stream module has always exported and some libraries (readable-stream) import.
Stream._isArrayBufferView = (value) => ArrayBufferIsView(value);
Stream._isUint8Array = (value) => TypedArrayPrototypeGetSymbolToStringTag(value) === 'Uint8Array';
Stream._uint8ArrayToBuffer = (chunk) =>
  new internals.FastBuffer(chunk.buffer, chunk.byteOffset, chunk.byteLength);
Stream.duplexPair = function duplexPair(options) {
  const sides = [];
  for (let i = 0; i < 2; i++) {
    sides.push(new Duplex({
      ...options,
      read() {},
      write(chunk, encoding, callback) {
        sides[1 - i].push(chunk);
        callback();
      },
      final(callback) {
        sides[1 - i].push(null);
        callback();
      },
    }));
  }
  return sides;
};

// node:stream/consumers: a whole stream (Node or Web, or any async iterable) as one value.
async function collect(stream) {
  const chunks = [];
  for await (const chunk of stream) {
    chunks.push(typeof chunk === 'string' ? internals.Buffer.from(chunk) : chunk);
  }
  return internals.Buffer.concat(chunks);
}
const consumers = {
  arrayBuffer: async (stream) => {
    const bytes = await collect(stream);
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  },
  buffer: collect,
  text: async (stream) => (await collect(stream)).toString('utf8'),
  json: async (stream) => JSON.parse((await collect(stream)).toString('utf8')),
  blob: async (stream) => new internals.Blob([await collect(stream)]),
};

const web = {
  ReadableStream: internals.ReadableStream,
  ReadableStreamDefaultReader: internals.ReadableStreamDefaultReader,
  ReadableStreamBYOBReader: internals.ReadableStreamBYOBReader,
  ReadableStreamBYOBRequest: internals.ReadableStreamBYOBRequest,
  ReadableByteStreamController: internals.ReadableByteStreamController,
  ReadableStreamDefaultController: internals.ReadableStreamDefaultController,
  TransformStream: internals.TransformStream,
  TransformStreamDefaultController: internals.TransformStreamDefaultController,
  WritableStream: internals.WritableStream,
  WritableStreamDefaultWriter: internals.WritableStreamDefaultWriter,
  WritableStreamDefaultController: internals.WritableStreamDefaultController,
  ByteLengthQueuingStrategy: internals.ByteLengthQueuingStrategy,
  CountQueuingStrategy: internals.CountQueuingStrategy,
  TextEncoderStream: internals.TextEncoderStream,
  TextDecoderStream: internals.TextDecoderStream,
  CompressionStream: internals.CompressionStream,
  DecompressionStream: internals.DecompressionStream,
};

internals.defineNodeModule('stream', { ...Stream, default: Stream });
// node:stream/promises also exports itself as `promises` (a copy, as on Workers).
internals.defineNodeModule('stream/promises', { ...promises, promises });
internals.defineNodeModule('stream/web', web);
internals.defineNodeModule('stream/consumers', consumers);
