'use strict';
// Workers KV (workers-types KVNamespace; workerd api/kv.{h,c++}): env.<binding> of every
// `kv_namespaces` entry. This file shapes arguments and results; the native half (src/bindings/
// kv/kv_ops.cc over KvStore) stores, checks limits and throws Workers' messages for them.
// Small values come back from the ops synchronously, values past 1 MiB as promises (read and
// written on the thread pool); either way every method returns a promise and never throws.

const {
  ArrayBuffer, ArrayBufferIsView, ArrayIsArray, Error, JSONParse, JSONStringify, Map,
  MapPrototypeSet, Number, ObjectPrototypeIsPrototypeOf, Promise, PromisePrototypeThen,
  PromiseReject, PromiseResolve, String, TypeError, TypedArrayPrototypeGetBuffer, TypedArrayPrototypeGetLength, TypedArrayPrototypeSet,
  TypedArrayPrototypeSlice, Uint8Array,
} = primordials;
const { kvGet, kvGetBulk, kvPut, kvDelete, kvList, kvCheckValueSize } = ops;

// Bytes of a streamed value kept before it is known to be too large (kv_limits.h kMaxValueBytes).
const kMaxValueBytes = 25 * 1024 * 1024;
const kUnknownType =
  'Unknown response type. Possible types are "text", "arrayBuffer", "json", and "stream".';
const kBadValue =
  'KV put() accepts only strings, ArrayBuffers, ArrayBufferViews, and ReadableStreams as values.';

// A promise for what `fn` returns (a value, or an op's promise), rejected with what it throws.
function settled(fn) {
  try {
    return PromiseResolve(fn());
  } catch (error) {
    return PromiseReject(error);
  }
}

// `value` passed to `fn` now, or once it settles when an op answered with a promise.
function andThen(value, fn) {
  return ObjectPrototypeIsPrototypeOf(Promise.prototype, value) ? PromisePrototypeThen(value, fn) : fn(value);
}

// WebIDL DOMString, as workerd's kj::String arguments.
function toKey(key) {
  if (typeof key === 'symbol') throw new TypeError('Cannot convert a Symbol value to a string');
  return String(key);
}

function optionalNumber(value) {
  return value === undefined || value === null ? undefined : Number(value);
}

// get()'s second argument: a type name, or { type, cacheTtl }.
function getOptions(options) {
  if (options === undefined || options === null) return { type: 'text', cacheTtl: undefined };
  if (typeof options !== 'object') return { type: toKey(options), cacheTtl: undefined };
  const type = options.type === undefined || options.type === null ? 'text' : toKey(options.type);
  return { type, cacheTtl: optionalNumber(options.cacheTtl) };
}

// The op's [value, metadata JSON] as the type asked for. The type is checked only for a value
// that exists: workerd checks it on the service's answer, and a missing key has none.
function shapeValue(found, type) {
  const value = found[0];
  switch (type) {
    case 'text': case 'arrayBuffer': return type === 'text' ? value : TypedArrayPrototypeGetBuffer(value);
    case 'json': return JSONParse(value);
    case 'stream': return internals.createReadableStreamFromChunks([value]);
    default: throw new TypeError(kUnknownType);
  }
}

function parseMetadata(json) {
  return json === null || json === undefined ? null : JSONParse(json);
}

function getSingle(ns, key, options, withMetadata) {
  const { type, cacheTtl } = getOptions(options);
  const asText = type === 'text' || type === 'json';
  return andThen(kvGet(ns, toKey(key), asText, cacheTtl), (found) => {
    if (found === null) return withMetadata ? { value: null, metadata: null, cacheStatus: null } : null;
    const value = shapeValue(found, type);
    return withMetadata ? { value, metadata: parseMetadata(found[1]), cacheStatus: null } : value;
  });
}

// get([keys]) and getWithMetadata([keys]): a Map from each key to its value (null when
// missing); only "text" and "json" are served in bulk, as on Cloudflare.
function getBulk(ns, keys, options, withMetadata) {
  const { type, cacheTtl } = getOptions(options);
  if (type !== 'text' && type !== 'json') {
    throw new Error(`KV GET_BULK failed: 400 "${type}" is not a valid type. Use "json" or "text"`);
  }
  const names = [];
  for (let i = 0; i < keys.length; i++) names[i] = toKey(keys[i]);
  const found = kvGetBulk(ns, names, cacheTtl);
  const map = new Map();
  for (let i = 0; i < names.length; i++) {
    const entry = found[i];
    let value = null;
    if (entry !== null) {
      value = entry[0];
      if (type === 'json') {
        try {
          value = JSONParse(value);
        } catch {
          throw new Error('KV GET_BULK failed: 400 At least one of the requested keys corresponds to a non-json value');
        }
      }
      if (withMetadata) value = { value, metadata: parseMetadata(entry[1]) };
    }
    MapPrototypeSet(map, names[i], value);
  }
  return map;
}

// The chunks of a ReadableStream value. Past the value limit the bytes are counted but not
// kept, so the error can say how long the value was, as the service does.
function readValueStream(stream) {
  const reader = internals.acquireReadableStreamReader(stream);
  const chunks = [];
  let total = 0;
  let kept = 0;
  const step = (result) => {
    if (result.done) {
      kvCheckValueSize(total);
      const bytes = new Uint8Array(kept);
      let offset = 0;
      for (let i = 0; i < chunks.length; i++) {
        TypedArrayPrototypeSet(bytes, chunks[i], offset);
        offset += TypedArrayPrototypeGetLength(chunks[i]);
      }
      return bytes;
    }
    // Workers' TypeError for a chunk that is not bytes (a string, a plain object…).
    const view = internals.streamsImpl.writtenChunkBytes(result.value);
    if (!internals.streamsImpl.isTypedArray(view)) {
      internals.readableStreamCancel(stream, view);
      throw view;
    }
    const length = TypedArrayPrototypeGetLength(view);
    total += length;
    if (total <= kMaxValueBytes) {
      chunks[chunks.length] = TypedArrayPrototypeSlice(view);
      kept += length;
    }
    return PromisePrototypeThen(internals.readableStreamReaderRead(reader), step);
  };
  return PromisePrototypeThen(internals.readableStreamReaderRead(reader), step);
}

// put()'s value as the op takes it: a string or bytes (or a promise of bytes, for a stream).
function putValue(value) {
  if (typeof value === 'string') return value;
  if (typeof value === 'symbol') throw new TypeError('Cannot convert a Symbol value to a string');
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return String(value);
  if (ArrayBufferIsView(value)) return value;
  if (ObjectPrototypeIsPrototypeOf(ArrayBuffer.prototype, value)) return new Uint8Array(value);
  if (internals.isReadableStream(value)) return readValueStream(value);
  throw new TypeError(kBadValue);
}

class KvNamespace {
  #ns;

  constructor(key, ns) {
    if (key !== internals) throw new TypeError('Illegal constructor');
    this.#ns = ns;
  }

  get(key, options = undefined) {
    return settled(() => (ArrayIsArray(key)
      ? getBulk(this.#ns, key, options, false) : getSingle(this.#ns, key, options, false)));
  }

  getWithMetadata(key, options = undefined) {
    return settled(() => (ArrayIsArray(key)
      ? getBulk(this.#ns, key, options, true) : getSingle(this.#ns, key, options, true)));
  }

  put(key, value, options = undefined) {
    return settled(() => {
      const name = toKey(key);
      let expiration;
      let expirationTtl;
      let metadata;
      if (options !== undefined && options !== null) {
        expiration = optionalNumber(options.expiration);
        expirationTtl = optionalNumber(options.expirationTtl);
        if (options.metadata !== undefined && options.metadata !== null) {
          metadata = JSONStringify(options.metadata);
        }
      }
      return andThen(putValue(value),
        (bytes) => andThen(kvPut(this.#ns, name, bytes, expiration, expirationTtl, metadata), () => undefined));
    });
  }

  delete(key) {
    return settled(() => {
      kvDelete(this.#ns, toKey(key));
    });
  }

  list(options = undefined) {
    return settled(() => {
      let prefix;
      let limit;
      let cursor;
      if (options !== undefined && options !== null) {
        if (options.prefix !== undefined && options.prefix !== null) prefix = toKey(options.prefix);
        limit = optionalNumber(options.limit);
        if (options.cursor !== undefined && options.cursor !== null) cursor = toKey(options.cursor);
      }
      const flat = kvList(this.#ns, prefix, limit, cursor);
      const keys = [];
      for (let i = 1; i < flat.length; i += 3) {
        const key = { name: flat[i] };
        if (flat[i + 1] !== undefined) key.expiration = flat[i + 1];
        if (flat[i + 2] !== undefined) key.metadata = JSONParse(flat[i + 2]);
        keys[keys.length] = key;
      }
      if (flat[0] === undefined) return { keys, list_complete: true, cacheStatus: null };
      return { keys, list_complete: false, cursor: flat[0], cacheStatus: null };
    });
  }

  get [Symbol.toStringTag]() { return 'KvNamespace'; }
}

internals.KvNamespace = KvNamespace;
internals.bindingFactories.kv_namespace = (spec) => new KvNamespace(internals, spec.namespace);
