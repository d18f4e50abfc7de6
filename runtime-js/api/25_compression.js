'use strict';
// CompressionStream and DecompressionStream (Compression Standard §5), as workerd has them
// (api/streams/compression.c++: TransformStreams with a byte-stream readable side), and the HTTP
// Content-Encoding of bodies as Workers applies it (workerd api/system-streams.c++):
//   internals.encodeResponseBody(parts) → the BodyState to send   (30_worker.js sendResponse)
//   internals.decodeContentEncoding(stream, encoding, encodedLength) → ReadableStream  (fetch)
// The codecs are native (src/api/compression.cc). Each ops.compressionPush call returns at most
// about 1 MiB, so a small input that inflates to gigabytes is produced only as it is read.

const S = internals.streamsImpl;
const { SafeWeakMap } = primordials;
const { compressionCreate, compressionPush, compressionClose } = ops;
const { webidl, makeTypeError } = internals;
const { TransformStream, tsOf, kInternal } = S;

// Unread output after which a CompressionStream / DecompressionStream waits for its reader
// before producing more. workerd never waits (it buffers all output), so a Worker may write
// everything and only then read: edged allows that much while nobody reads yet, and keeps far
// less in memory once a reader is attached and taking output.
const kMaxUnreadOutputNoReader = 32 * 1024 * 1024;
const kMaxUnreadOutputWhileRead = 1024 * 1024;

const kFormatMessage =
  "The compression format must be either 'deflate', 'deflate-raw' or 'gzip'.";
const kNotBytesMessage = 'This WritableStream only supports writing byte types.';
const kSourceNotBytesMessage = 'This ReadableStream did not return bytes.';

// A native codec, freed once by close() (or by the garbage collector if a stream is dropped).
class NativeCodec {
  #handle;
  constructor(format, mode) {
    this.#handle = compressionCreate(format, mode);
  }
  // Output pieces (Uint8Arrays this side owns); an empty array when the work is done.
  push(bytes, finish) {
    return compressionPush(this.#handle, bytes, finish);
  }
  close() {
    if (this.#handle === undefined) return;
    compressionClose(this.#handle);
    this.#handle = undefined;
  }
}

function enqueuePieces(controller, pieces) {
  for (let i = 0; i < pieces.length; i++) {
    S.ReadableByteStreamControllerEnqueue(controller, pieces[i], true);
  }
}

// --- CompressionStream, DecompressionStream ----------------------------------------------------

// Gives the TransformStream record `stream` a writable side that feeds the codec and a byte
// stream readable side that carries its output. A write resolves once the codec has consumed
// the chunk, unless too much output waits unread (kMaxUnreadOutput*): then it waits for reads.
function setUpCodecPipe(stream, format, mode) {
  const codec = new NativeCodec(format, mode);
  let readable;
  let writable;
  let demand;  // Deferred the codec waits on until the reader asks for more

  const unreadLimit = () => (S.IsReadableStreamLocked(readable)
    ? kMaxUnreadOutputWhileRead : kMaxUnreadOutputNoReader);

  // Both sides are done: free the codec and release a write waiting for the reader.
  function stop(reason) {
    codec.close();
    if (demand !== undefined) {
      S.rejectDeferred(demand, reason);
      demand = undefined;
    }
  }

  // Feeds `bytes` (or nothing) to the codec and queues all it produces, in bounded steps.
  async function run(bytes, finish) {
    let pieces = codec.push(bytes, finish);
    while (pieces.length !== 0) {
      enqueuePieces(readable.controller, pieces);
      while (readable.controller.queueTotalSize >= unreadLimit()) {
        demand = S.newDeferred();
        await demand.promise;
      }
      pieces = codec.push(undefined, finish);
    }
  }

  // Compression Standard §5 "compress and enqueue a chunk": a chunk that is not a BufferSource
  // is a TypeError. The error reaches both sides.
  async function writeAlgorithm(chunk) {
    try {
      const bytes = webidl.bufferSourceBytes(chunk);
      if (bytes === undefined) throw makeTypeError(kNotBytesMessage);
      if (bytes.length !== 0) await run(bytes, false);
    } catch (e) {
      stop(e);
      S.ReadableByteStreamControllerError(readable.controller, e);
      throw e;
    }
  }

  // "compress flush and enqueue": the codec's last output, or the TypeError of a truncated
  // compressed stream.
  async function closeAlgorithm() {
    try {
      await run(undefined, true);
    } catch (e) {
      stop(e);
      S.ReadableByteStreamControllerError(readable.controller, e);
      throw e;
    }
    codec.close();
    S.closeByteStreamFromSource(readable.controller);
  }

  function abortAlgorithm(reason) {
    stop(reason);
    S.ReadableByteStreamControllerError(readable.controller, reason);
    return S.promiseResolvedWith(undefined);
  }

  function pullAlgorithm() {
    if (demand !== undefined) {
      S.resolveDeferred(demand, undefined);
      demand = undefined;
    }
    return S.promiseResolvedWith(undefined);
  }

  function cancelAlgorithm(reason) {
    stop(reason);
    S.WritableStreamDefaultControllerErrorIfNeeded(writable.controller, reason);
    return S.promiseResolvedWith(undefined);
  }

  writable = S.CreateWritableStream(S.noop, writeAlgorithm, closeAlgorithm, abortAlgorithm);
  // writer.abort() while a write waits for the reader: end that wait now (the spec would let
  // the write finish first, which only a reader could make happen).
  writable.controller.abortHook = (reason) => stop(reason);
  readable = S.CreateReadableByteStream(S.noop, pullAlgorithm, cancelAlgorithm);
  stream.kind = mode;
  stream.readable = readable;
  stream.writable = writable;
}

// The format argument: DOMString, then one of the three formats (workerd's message).
function convertFormat(value, argumentCount, iface) {
  webidl.requiredArguments(argumentCount, 1, `Failed to construct '${iface}'`);
  const format = webidl.converters.DOMString(value);
  if (format !== 'deflate' && format !== 'deflate-raw' && format !== 'gzip') {
    throw makeTypeError(kFormatMessage);
  }
  return format;
}

class CompressionStream extends TransformStream {
  constructor(format) {
    const name = convertFormat(format, arguments.length, 'CompressionStream');
    super(kInternal);
    setUpCodecPipe(tsOf(this), name, 'compress');
  }
}

class DecompressionStream extends TransformStream {
  constructor(format) {
    const name = convertFormat(format, arguments.length, 'DecompressionStream');
    super(kInternal);
    setUpCodecPipe(tsOf(this), name, 'decompress');
  }
}

S.finishClass(CompressionStream, 'CompressionStream');
S.registerClass(CompressionStream, (o) => tsOf(o) !== undefined && tsOf(o).kind === 'compress');
S.finishClass(DecompressionStream, 'DecompressionStream');
S.registerClass(DecompressionStream,
  (o) => tsOf(o) !== undefined && tsOf(o).kind === 'decompress');

// --- HTTP Content-Encoding ---------------------------------------------------------------------

// `source` run through a codec, as a byte stream produced on demand: each pull takes what the
// codec still holds, or else reads `source` for more. `source` is first read at the first pull,
// so `started()` tells whether the stream was ever read.
function codecReadable(source, format, mode) {
  const codec = new NativeCodec(format, mode);
  let reader;
  let inputDone = false;
  let stream;

  function cancelSource(reason) {
    if (reader !== undefined) {
      internals.readableStreamReaderRelease(reader);
      reader = undefined;
    }
    return internals.readableStreamCancel(source, reason);
  }

  async function pullAlgorithm() {
    try {
      for (;;) {
        let pieces = codec.push(undefined, inputDone);
        if (pieces.length === 0 && !inputDone) {
          reader ??= internals.acquireReadableStreamReader(source);
          const { value, done } = await internals.readableStreamReaderRead(reader);
          if (done) {
            inputDone = true;
            continue;
          }
          const bytes = webidl.bufferSourceBytes(value);
          if (bytes === undefined) throw makeTypeError(kSourceNotBytesMessage);
          pieces = codec.push(bytes, false);
        }
        if (pieces.length !== 0) {
          enqueuePieces(stream.controller, pieces);
          return;
        }
        if (inputDone) {
          codec.close();
          S.closeByteStreamFromSource(stream.controller);
          return;
        }
      }
    } catch (e) {
      codec.close();
      S.setPromiseIsHandledToTrue(cancelSource(e));
      throw e;
    }
  }

  function cancelAlgorithm(reason) {
    codec.close();
    return cancelSource(reason);
  }

  stream = S.CreateReadableByteStream(S.noop, pullAlgorithm, cancelAlgorithm);
  return {
    stream: stream.obj,
    started: () => reader !== undefined || inputDone,
    abandon: () => codec.close(),
  };
}

// The codings Workers applies and removes itself: exactly "gzip", and "br" (workerd's
// getContentEncoding; brotli_content_encoding is on by default). Anything else, "deflate"
// included, passes through as the Worker's own bytes.
function contentCodingOf(value) {
  return value === 'gzip' || value === 'br' ? value : null;
}

// Bodies of fetched responses decoded here: decoded stream → { source, format, length, ... }.
const decodedBodies = new SafeWeakMap();

// The decoded body of a response whose Content-Encoding is `encoding` (its header value),
// or `stream` itself when that is not a coding the runtime removes. Corrupt data errors the
// stream with workerd's TypeError ("Gzip decompression failed." ...). `encodedLength` is the
// response's Content-Length, kept in case the body is sent on unread (encodeResponseBody).
internals.decodeContentEncoding = (stream, encoding, encodedLength = null) => {
  const format = contentCodingOf(encoding);
  if (format === null) return stream;
  const decoded = codecReadable(stream, format, 'decode-content');
  decodedBodies.set(decoded.stream, {
    source: stream, format, encodedLength, started: decoded.started, abandon: decoded.abandon,
  });
  return decoded.stream;
};

// What sendResponse sends for a Response's body (`parts` from internals.responseParts). With
// `encodeBody: "automatic"` (the default) and `Content-Encoding: gzip` or `br`, the Worker
// wrote plain bytes and they are compressed on the way out, without a Content-Length (its
// length is not known in advance). A body fetched with that same coding and never read goes
// out as it came, still encoded and with its length, as workerd does. `encodeBody: "manual"`
// sends the body as it is: the Worker encoded it.
internals.encodeResponseBody = (parts) => {
  const body = parts.body;
  if (body === null || parts.encodeBody === 'manual') return body;
  const format = contentCodingOf(internals.headersGet(parts.headers, 'content-encoding'));
  // A used body is left for sendResponse to report.
  if (format === null || body.disturbed || body.locked) return body;
  const stream = body.getStream();
  body.used = true;
  const decoded = decodedBodies.get(stream);
  if (decoded !== undefined && decoded.format === format && !decoded.started()) {
    decoded.abandon();
    return new internals.BodyState(null, decoded.source, decoded.encodedLength);
  }
  return new internals.BodyState(null, codecReadable(stream, format, 'compress').stream, null);
};

internals.CompressionStream = CompressionStream;
internals.DecompressionStream = DecompressionStream;
internals.defineGlobal('CompressionStream', CompressionStream);
internals.defineGlobal('DecompressionStream', DecompressionStream);
