'use strict';
// node:stream and Web streams: Readable.toWeb/fromWeb, Writable.toWeb/fromWeb,
// Duplex.toWeb/fromWeb. A Node stream's backpressure maps onto the Web stream's desiredSize and
// the writer's ready promise; errors and destroy() map onto cancel/abort and back.

const { Promise, PromisePrototypeThen, Uint8Array: Uint8ArrayCtor, ArrayBufferIsView } = primordials;
const NS = internals.nodeStream;
const { Readable, Writable, Duplex, eos, nextTick, streamErrors } = NS;
const {
  ReadableStream, WritableStream, ByteLengthQueuingStrategy, CountQueuingStrategy, nodeErrors,
} = internals;

function nop() {}

function toWebReadable(readable, options) {
  if (!NS.isReadableNodeStream(readable)) {
    throw nodeErrors.invalidArgType('streamReadable', 'an instance of stream.Readable', readable);
  }
  const objectMode = readable.readableObjectMode;
  const highWaterMark = readable.readableHighWaterMark;
  const strategy = options?.strategy ?? (objectMode
    ? new CountQueuingStrategy({ highWaterMark })
    : new ByteLengthQueuingStrategy({ highWaterMark }));
  let controller;
  let closed = false;
  const onData = (chunk) => {
    // Bytes go out as plain Uint8Arrays (a Buffer is one, but Web code expects no extras).
    if (ArrayBufferIsView(chunk) && !objectMode) {
      chunk = new Uint8ArrayCtor(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    }
    controller.enqueue(chunk);
    if (controller.desiredSize <= 0) readable.pause();
  };
  readable.pause();
  const cleanup = eos(readable, (error) => {
    if (error?.code === 'ERR_STREAM_PREMATURE_CLOSE') error = streamErrors.abort(error);
    cleanup();
    readable.on('error', nop);
    if (closed) return;
    closed = true;
    if (error) controller.error(error);
    else controller.close();
  });
  readable.on('data', onData);
  return new ReadableStream({
    start(c) {
      controller = c;
    },
    pull() {
      readable.resume();
    },
    cancel(reason) {
      closed = true;
      readable.destroy(reason);
    },
  }, strategy);
}

function fromWebReadable(stream, options) {
  if (!NS.isWebReadable(stream)) {
    throw nodeErrors.invalidArgType('readableStream', 'an instance of ReadableStream', stream);
  }
  const reader = stream.getReader();
  let closed = false;
  const readable = new Readable({
    objectMode: options?.objectMode,
    highWaterMark: options?.highWaterMark,
    encoding: options?.encoding,
    signal: options?.signal,
    read() {
      PromisePrototypeThen(reader.read(), ({ value, done }) => {
        if (done) readable.push(null);
        else readable.push(value);
      }, (error) => readable.destroy(error));
    },
    destroy(error, callback) {
      if (closed) {
        callback(error);
        return;
      }
      PromisePrototypeThen(reader.cancel(error), () => callback(error), (e) => callback(e || error));
    },
  });
  PromisePrototypeThen(reader.closed, () => { closed = true; }, (error) => {
    closed = true;
    readable.destroy(error);
  });
  return readable;
}

function toWebWritable(writable) {
  if (!NS.isWritableNodeStream(writable)) {
    throw nodeErrors.invalidArgType('streamWritable', 'an instance of stream.Writable', writable);
  }
  let controller;
  let backpressure;
  const waitDrain = () => new Promise((resolve) => { backpressure = resolve; });
  writable.on('drain', () => {
    const resolve = backpressure;
    backpressure = undefined;
    if (resolve) resolve();
  });
  let finishCallback;
  const cleanup = eos(writable, (error) => {
    cleanup();
    writable.on('error', nop);
    if (error) {
      if (error.code === 'ERR_STREAM_PREMATURE_CLOSE') error = streamErrors.abort(error);
      controller?.error(error);
      finishCallback?.reject(error);
    } else {
      finishCallback?.resolve();
    }
  });
  return new WritableStream({
    start(c) {
      controller = c;
    },
    write(chunk) {
      if (writable.writableNeedDrain || !writable.write(chunk)) return waitDrain();
      return undefined;
    },
    close() {
      return new Promise((resolve, reject) => {
        if (writable.writableFinished) {
          resolve();
          return;
        }
        finishCallback = { resolve, reject };
        writable.end();
      });
    },
    abort(reason) {
      writable.destroy(reason);
    },
  }, new CountQueuingStrategy({ highWaterMark: 1 }));
}

function fromWebWritable(stream, options) {
  if (!NS.isWebWritable(stream)) {
    throw nodeErrors.invalidArgType('writableStream', 'an instance of WritableStream', stream);
  }
  const writer = stream.getWriter();
  let closed = false;
  const writable = new Writable({
    objectMode: options?.objectMode,
    highWaterMark: options?.highWaterMark,
    decodeStrings: options?.decodeStrings,
    signal: options?.signal,
    write(chunk, encoding, callback) {
      PromisePrototypeThen(writer.ready, () => PromisePrototypeThen(writer.write(chunk),
        () => callback(), callback), callback);
    },
    final(callback) {
      PromisePrototypeThen(writer.close(), () => {
        closed = true;
        callback();
      }, callback);
    },
    destroy(error, callback) {
      if (closed) {
        nextTick(callback, error);
        return;
      }
      PromisePrototypeThen(writer.abort(error), () => callback(error), (e) => callback(e || error));
    },
  });
  PromisePrototypeThen(writer.closed, () => { closed = true; }, (error) => {
    closed = true;
    writable.destroy(error);
  });
  return writable;
}

function toWebDuplex(duplex) {
  return { readable: toWebReadable(duplex), writable: toWebWritable(duplex) };
}

// A Duplex over a { readable, writable } pair of Web streams (a TransformStream, a socket).
function fromWebPair(pair, options) {
  const readable = fromWebReadable(pair.readable, options);
  const writable = fromWebWritable(pair.writable, options);
  const duplex = new Duplex({
    ...options,
    read() {
      readable.resume();
    },
    write(chunk, encoding, callback) {
      writable.write(chunk, encoding, callback);
    },
    final(callback) {
      writable.end(callback);
    },
    destroy(error, callback) {
      readable.destroy(error);
      writable.destroy(error);
      callback(error);
    },
  });
  readable.on('data', (chunk) => {
    if (!duplex.push(chunk)) readable.pause();
  });
  readable.on('end', () => duplex.push(null));
  readable.on('error', (error) => duplex.destroy(error));
  writable.on('error', (error) => duplex.destroy(error));
  return duplex;
}

Readable.toWeb = toWebReadable;
Readable.fromWeb = fromWebReadable;
Writable.toWeb = toWebWritable;
Writable.fromWeb = fromWebWritable;
Duplex.toWeb = toWebDuplex;
Duplex.fromWeb = fromWebPair;

NS.fromWebPair = fromWebPair;
