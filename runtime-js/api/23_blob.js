'use strict';
// Blob and File (File API, https://w3c.github.io/FileAPI/) as Workers has them (workerd
// api/blob.{h,c++}), and Blob request/response bodies.
//
// A Blob holds a Uint8Array view that nobody outside this file can reach, so it is immutable:
// the constructor copies its parts, every reader gets a copy, and slice() shares the bytes.
// Workers quirks kept on purpose:
// - `new File(bits, name, { lastModified })` keeps lastModified as a plain number (a double,
//   not a WebIDL long long);
// - the `endings` option is ignored.

const {
  DateNow,
  MathMax,
  MathMin,
  Number: NumberCtor,
  ObjectDefineProperty,
  ObjectPrototypeIsPrototypeOf,
  ReflectApply,
  ReflectGetOwnPropertyDescriptor,
  ReflectOwnKeys,
  StringPrototypeCharCodeAt,
  StringPrototypeToLowerCase,
  SymbolIterator,
  SymbolToStringTag,
  TypedArrayPrototypeGetBuffer,
  TypedArrayPrototypeGetLength,
  TypedArrayPrototypeSet,
  TypedArrayPrototypeSlice,
  TypedArrayPrototypeSubarray,
  Uint8Array,
} = primordials;
const { makeTypeError, registerBrand, brandCheck, markResourceType, webidl } = internals;
const { requiredArguments, constructorArgumentTypeError, bufferSourceBytes } = webidl;
const { DOMString: toDOMString, USVString: toUSVString, 'long long': toLongLong } =
  webidl.converters;
const { encodeUtf8, decodeUtf8 } = ops;

// Streams hand out the bytes of a Blob in pieces of this size.
const kStreamChunkSize = 65536;

// File API §3.1 constructor step 3 and slice() step 4: a type with any character outside
// U+0020..U+007E becomes the empty string, any other is lower-cased.
function normalizeType(type) {
  for (let i = 0; i < type.length; i++) {
    const c = StringPrototypeCharCodeAt(type, i);
    if (c < 0x20 || c > 0x7e) return '';
  }
  return StringPrototypeToLowerCase(type);
}

// File API §3.1.1 "process blob parts": strings are UTF-8 encoded (USVString conversion turns
// lone surrogates into U+FFFD), BufferSources and Blobs are copied. Returns one new Uint8Array.
function processBlobParts(parts) {
  const pieces = [];
  let total = 0;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    let bytes;
    if (isBlob(part)) bytes = blobBytes(part);
    else bytes = bufferSourceBytes(part) ?? encodeUtf8(toUSVString(part));
    pieces[pieces.length] = bytes;
    total += TypedArrayPrototypeGetLength(bytes);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (let i = 0; i < pieces.length; i++) {
    TypedArrayPrototypeSet(out, pieces[i], offset);
    offset += TypedArrayPrototypeGetLength(pieces[i]);
  }
  return out;
}

// WebIDL sequence<BlobPart>: any iterable object; its items are kept as they are and
// converted afterwards (the conversion of one item cannot see a later one anyway).
function toBlobPartSequence(value, iface) {
  if ((typeof value !== 'object' || value === null) && typeof value !== 'function') {
    throw constructorArgumentTypeError(iface, 0, 'Array');
  }
  const method = value[SymbolIterator];
  if (typeof method !== 'function') throw constructorArgumentTypeError(iface, 0, 'Array');
  const iterator = ReflectApply(method, value, []);
  if ((typeof iterator !== 'object' || iterator === null) && typeof iterator !== 'function') {
    throw makeTypeError('Result of the Symbol.iterator method is not an object');
  }
  const next = iterator.next;
  const items = [];
  for (;;) {
    const result = ReflectApply(next, iterator, []);
    if ((typeof result !== 'object' || result === null) && typeof result !== 'function') {
      throw makeTypeError(`Iterator result ${result} is not an object`);
    }
    if (result.done) return items;
    items[items.length] = result.value;
  }
}

// A WebIDL dictionary argument: undefined and null are empty, anything else must be an object.
function toOptionsObject(value, iface, index, type) {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' && typeof value !== 'function') {
    throw constructorArgumentTypeError(iface, index, type);
  }
  return value;
}

// A fresh copy of `bytes` that spans its own ArrayBuffer.
function copyOf(bytes) {
  return TypedArrayPrototypeSlice(bytes, 0);
}

let isBlob;
let blobBytes;
let blobType;
let setBlobContent;

// A Blob over `bytes` (no copy), which nobody else may write to or hand out.
function newBlob(bytes, type) {
  const blob = new Blob();
  setBlobContent(blob, bytes, type);
  return blob;
}

// Argument errors name the interface being constructed: File's constructor runs Blob's.
const constructsFile = (newTarget) =>
  newTarget !== Blob && (newTarget === File || ObjectPrototypeIsPrototypeOf(File, newTarget));

class Blob {
  #bytes;
  #type;

  constructor(blobParts = undefined, options = undefined) {
    const file = constructsFile(new.target);
    const iface = file ? 'File' : 'Blob';
    const parts = blobParts === undefined ? [] : toBlobPartSequence(blobParts, iface);
    options = file ? toOptionsObject(options, iface, 2, 'FilePropertyBag')
      : toOptionsObject(options, iface, 1, 'BlobPropertyBag');
    const type = options?.type;
    this.#type = type === undefined ? '' : normalizeType(toDOMString(type));
    this.#bytes = processBlobParts(parts);
  }

  static {
    isBlob = (value) => typeof value === 'object' && value !== null && #bytes in value;
    blobBytes = (blob) => blob.#bytes;
    blobType = (blob) => blob.#type;
    setBlobContent = (blob, bytes, type) => {
      blob.#bytes = bytes;
      blob.#type = type;
    };
  }

  get size() {
    brandCheck(this, Blob);
    return TypedArrayPrototypeGetLength(this.#bytes);
  }

  get type() {
    brandCheck(this, Blob);
    return this.#type;
  }

  // File API §3.3.1: negative positions count from the end; the result shares the bytes.
  slice(start = undefined, end = undefined, contentType = undefined) {
    brandCheck(this, Blob);
    const size = TypedArrayPrototypeGetLength(this.#bytes);
    let from = 0;
    if (start !== undefined) {
      const s = toLongLong(start, { clamp: true });
      from = s < 0 ? MathMax(size + s, 0) : MathMin(s, size);
    }
    let to = size;
    if (end !== undefined) {
      const e = toLongLong(end, { clamp: true });
      to = e < 0 ? MathMax(size + e, 0) : MathMin(e, size);
    }
    const type = contentType === undefined ? '' : normalizeType(toDOMString(contentType));
    return newBlob(TypedArrayPrototypeSubarray(this.#bytes, from, MathMax(to, from)), type);
  }

  async arrayBuffer() {
    brandCheck(this, Blob);
    return TypedArrayPrototypeGetBuffer(copyOf(this.#bytes));
  }

  async bytes() {
    brandCheck(this, Blob);
    return copyOf(this.#bytes);
  }

  // File API §3.3.3: UTF-8 decode, which drops a leading BOM.
  async text() {
    brandCheck(this, Blob);
    const bytes = this.#bytes;
    const bom = TypedArrayPrototypeGetLength(bytes) >= 3 && bytes[0] === 0xef &&
      bytes[1] === 0xbb && bytes[2] === 0xbf;
    return decodeUtf8(bom ? TypedArrayPrototypeSubarray(bytes, 3) : bytes, false);
  }

  // A byte stream over the bytes as they are now (they never change), read lazily.
  stream() {
    brandCheck(this, Blob);
    const bytes = this.#bytes;
    const size = TypedArrayPrototypeGetLength(bytes);
    let offset = 0;
    return internals.readableStreamFromPull(() => {
      if (offset >= size) return null;
      const end = MathMin(offset + kStreamChunkSize, size);
      const chunk = TypedArrayPrototypeSlice(bytes, offset, end);
      offset = end;
      return chunk;
    });
  }
}

class File extends Blob {
  #name;
  #lastModified;

  constructor(fileBits, fileName, options = undefined) {
    requiredArguments(arguments.length, 2, "Failed to construct 'File'");
    super(fileBits, options);
    this.#name = toUSVString(fileName);
    // Blob's constructor has checked that `options` is undefined, null or an object.
    const lastModified = options === undefined || options === null ? undefined
      : options.lastModified;
    this.#lastModified = lastModified === undefined ? DateNow() : NumberCtor(lastModified);
  }

  static {
    internals.newFile = (bytes, name, type, lastModified = DateNow()) => {
      const file = new File(undefined, '');
      setBlobContent(file, bytes, type);
      file.#name = name;
      file.#lastModified = lastModified;
      return file;
    };
    registerBrand(File, (value) => typeof value === 'object' && value !== null && #name in value);
    internals.fileName = (file) => file.#name;
  }

  get name() {
    brandCheck(this, File);
    return this.#name;
  }

  get lastModified() {
    brandCheck(this, File);
    return this.#lastModified;
  }
}

registerBrand(Blob, isBlob);

// WebIDL property shapes: operations and attributes are enumerable; the class string is set.
for (const [Class, tag] of [[Blob, 'Blob'], [File, 'File']]) {
  const proto = Class.prototype;
  const keys = ReflectOwnKeys(proto);
  for (let i = 0; i < keys.length; i++) {
    if (keys[i] === 'constructor') continue;
    const desc = ReflectGetOwnPropertyDescriptor(proto, keys[i]);
    desc.enumerable = true;
    ObjectDefineProperty(proto, keys[i], desc);
  }
  ObjectDefineProperty(proto, SymbolToStringTag, {
    value: tag, writable: false, enumerable: false, configurable: true,
  });
  markResourceType(Class);
}

// Fetch §5 "extract a body" for a Blob: its bytes (copied: a body's source may be handed out to
// the reader as is) and, when the Blob has a type, that type as the Content-Type.
internals.bodyExtractors[internals.bodyExtractors.length] = (object) => {
  if (!isBlob(object)) return undefined;
  const bytes = copyOf(blobBytes(object));
  const type = blobType(object);
  return {
    body: new internals.BodyState(bytes, null, TypedArrayPrototypeGetLength(bytes)),
    contentType: type === '' ? null : type,
  };
};

internals.Blob = Blob;
internals.File = File;
internals.isBlob = isBlob;
internals.isFile = (value) => internals.isBrand(value, File);
// The bytes of a Blob, not copied: callers must never write to them or hand them out.
internals.blobBytes = blobBytes;
internals.blobType = blobType;
// newBlob(bytes, type) / newFile(bytes, name, type, lastModified = now): a Blob or File that
// takes over `bytes` (no copy), e.g. a body just read. `type` must already be normalized.
internals.newBlob = newBlob;
internals.normalizeBlobType = normalizeType;

internals.defineGlobal('Blob', Blob);
internals.defineGlobal('File', File);
