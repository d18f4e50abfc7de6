'use strict';
// The body of a Request or Response (Fetch §5 "Body mixin"). A body keeps its source (string or
// bytes) until someone asks for `.body`, so the common `new Response("text")` never builds a
// ReadableStream: the native layer sends the source in one write.

const {
  TypeError, JSONParse, ArrayBufferIsView, ArrayBufferPrototypeSlice,
  ArrayBufferPrototypeGetByteLength, TypedArrayPrototypeGetBuffer,
  TypedArrayPrototypeGetByteOffset, TypedArrayPrototypeGetByteLength, Uint8Array, DataView,
} = primordials;
const { encodeUtf8, decodeUtf8 } = ops;

const kUsedMessage =
  'Body has already been used. It can only be used once. Use tee() first if you need to read it twice.';

// Copies the bytes a BufferSource views (Fetch: "a copy of the bytes held by the buffer source").
function copyBytes(source) {
  if (ArrayBufferIsView(source)) {
    const buffer = source instanceof DataView ? source.buffer : TypedArrayPrototypeGetBuffer(source);
    const offset = source instanceof DataView ? source.byteOffset : TypedArrayPrototypeGetByteOffset(source);
    const length = source instanceof DataView ? source.byteLength : TypedArrayPrototypeGetByteLength(source);
    return new Uint8Array(ArrayBufferPrototypeSlice(buffer, offset, offset + length));
  }
  return new Uint8Array(ArrayBufferPrototypeSlice(source, 0, ArrayBufferPrototypeGetByteLength(source)));
}

const { isArrayBuffer } = internals.webidl;

// Read results travel between the runtime's own promises as null-prototype records: resolving
// a promise with an object looks up its `then`, and user code may have put one on
// Object.prototype (WPT response-stream-with-broken-then).
const bytesRecord = (bytes) => ({ __proto__: null, bytes });

// A body: exactly one of `source` (string | Uint8Array) or `stream` is the content until the
// body is read; `used` is set once a consumer took it.
class BodyState {
  constructor(source, stream, length, native = null) {
    this.source = source;
    this.stream = stream;
    this.length = length; // byte length when known, else null
    this.used = false;
    // A body still on the native side (an incoming request's): { readAll() → Promise<Uint8Array>,
    // makeStream() → ReadableStream }. `await request.json()` then reads it in one native call
    // instead of a promise turn per chunk through a stream.
    this.native = native;
  }

  // The ReadableStream view of the body, created on first access. A body read whole from its
  // source still shows a stream, disturbed and locked, as if that read had gone through it
  // (Fetch: `body` is the stream that was consumed).
  getStream() {
    if (this.stream === null && this.native !== null) {
      this.stream = this.native.makeStream();
      this.native = null;
    }
    if (this.stream === null && this.source !== null) {
      const bytes = typeof this.source === 'string' ? encodeUtf8(this.source) : this.source;
      this.source = null;
      this.stream = internals.createReadableStreamFromChunks(bytes.length ? [bytes] : []);
    }
    if (this.stream === null && this.used) this.stream = internals.createConsumedReadableStream();
    return this.stream;
  }

  get disturbed() {
    return this.used || (this.stream !== null && internals.isReadableStreamDisturbed(this.stream));
  }
  get locked() {
    return this.stream !== null && internals.isReadableStreamLocked(this.stream);
  }

  // Reads the whole body as bytes (Fetch "fully read body") → { bytes } (see bytesRecord).
  async readAll() {
    if (this.disturbed || this.locked) throw new TypeError(kUsedMessage);
    this.used = true;
    if (this.source !== null) {
      const source = this.source;
      this.source = null;
      return bytesRecord(typeof source === 'string' ? encodeUtf8(source) : source);
    }
    if (this.native !== null) {
      const native = this.native;
      this.native = null;
      return bytesRecord(await native.readAll());
    }
    return internals.readAllBytes(this.stream);
  }

  async readText() {
    if (this.source !== null && typeof this.source === 'string' && !this.disturbed) {
      this.used = true;
      const text = this.source;
      this.source = null;
      return text;
    }
    const { bytes } = await this.readAll();
    return decodeUtf8WithoutBOM(bytes);
  }

  // Fetch "clone a body": a stream body is teed; a source body is shared (it is immutable).
  clone() {
    if (this.disturbed || this.locked) throw new TypeError(kUsedMessage);
    if (this.native !== null) this.getStream();
    if (this.stream === null) return new BodyState(this.source, null, this.length);
    const [a, b] = internals.readableStreamTee(this.stream);
    this.stream = a;
    return new BodyState(null, b, this.length);
  }
}

// UTF-8 decode dropping one leading BOM (Encoding Standard "UTF-8 decode").
function decodeUtf8WithoutBOM(bytes) {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return decodeUtf8(bytes.subarray(3), false);
  }
  return decodeUtf8(bytes, false);
}

// Fetch §5 "extract a body": returns { body: BodyState, contentType } or null for null bodies.
function extractBody(object) {
  if (object === null || object === undefined) return null;
  if (typeof object === 'string') {
    return { body: new BodyState(object, null, null), contentType: 'text/plain;charset=UTF-8' };
  }
  if (ArrayBufferIsView(object) || isArrayBuffer(object)) {
    const bytes = copyBytes(object);
    return { body: new BodyState(bytes, null, bytes.length), contentType: null };
  }
  if (internals.isURLSearchParams(object)) {
    return {
      body: new BodyState(internals.serializeURLSearchParams(object), null, null),
      contentType: 'application/x-www-form-urlencoded;charset=UTF-8',
    };
  }
  if (internals.isReadableStream(object)) {
    if (internals.isReadableStreamLocked(object) || internals.isReadableStreamDisturbed(object)) {
      throw new TypeError('This ReadableStream is disturbed (has already been read from), and cannot be used as a body.');
    }
    const length = internals.fixedLengthOf ? internals.fixedLengthOf(object) : null;
    return { body: new BodyState(null, object, length ?? null), contentType: null };
  }
  // Blob and FormData bodies are registered by their own files when present.
  const extractors = internals.bodyExtractors;
  for (let i = 0; i < extractors.length; i++) {
    const extracted = extractors[i](object);
    if (extracted !== undefined) return extracted;
  }
  return { body: new BodyState(String(object), null, null), contentType: 'text/plain;charset=UTF-8' };
}
internals.bodyExtractors = [];

// Request and Response both inherit from Body, as in workerd (JSG_INHERIT(Body)); Body itself is
// not a global. Its state is a private field, so user code cannot reach or forge it.
let bodyOf;
let setBody;
class Body {
  #body;

  constructor(key, state) {
    if (key !== internals) throw new TypeError('Illegal constructor');
    this.#body = state;
  }

  static {
    bodyOf = (object) => object.#body;
    setBody = (object, state) => { object.#body = state; };
    internals.registerBrand(Body, (object) => #body in object);
  }

  get body() {
    internals.brandCheck(this, Body);
    return this.#body === null ? null : this.#body.getStream();
  }
  get bodyUsed() {
    internals.brandCheck(this, Body);
    return this.#body !== null && this.#body.disturbed;
  }
  async arrayBuffer() {
    internals.brandCheck(this, Body);
    if (this.#body === null) return new primordials.ArrayBuffer(0);
    const { bytes } = await this.#body.readAll();
    if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength) return bytes.buffer;
    return ArrayBufferPrototypeSlice(bytes.buffer, bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  }
  async bytes() {
    internals.brandCheck(this, Body);
    if (this.#body === null) return new Uint8Array(0);
    const { bytes } = await this.#body.readAll();
    return bytes;
  }
  async text() {
    internals.brandCheck(this, Body);
    if (this.#body === null) return '';
    return this.#body.readText();
  }
  async json() {
    internals.brandCheck(this, Body);
    if (this.#body === null) throw new primordials.SyntaxError('Unexpected end of JSON input');
    return JSONParse(await this.#body.readText());
  }
  async blob() {
    internals.brandCheck(this, Body);
    const bytes = this.#body === null ? new Uint8Array(0) : (await this.#body.readAll()).bytes;
    // The Blob takes the bytes over (no copy); its type is normalized like the constructor's.
    return internals.newBlob(bytes, internals.normalizeBlobType(this.headers.get('content-type') ?? ''));
  }
  async formData() {
    internals.brandCheck(this, Body);
    if (!internals.parseFormData) {
      throw new TypeError('FormData is not supported by this build of edged yet.');
    }
    return internals.parseFormData(this, this.headers.get('content-type'));
  }
}

// Body streams produced natively — a subrequest's unread body, an R2 object's blob — which a
// fetch handler returning them untouched has piped to its client without JavaScript
// (30_worker.js): stream → { length (bytes or null), pipe(fetchId, status, statusText,
// headers[flat], contentLength) → Promise }.
internals.nativeBodyPipes = new primordials.SafeWeakMap();
internals.Body = Body;
internals.bodyOf = bodyOf;
internals.setBody = setBody;
internals.BodyState = BodyState;
internals.extractBody = extractBody;
internals.decodeUtf8WithoutBOM = decodeUtf8WithoutBOM;
internals.kBodyUsedMessage = kUsedMessage;
