'use strict';
// R2 buckets (workers-types R2Bucket, R2Object, R2ObjectBody, R2Checksums, R2MultipartUpload).
// This file checks arguments with workerd's TypeErrors and RangeErrors (api/r2-bucket.c++,
// r2-multipart.c++), turns values and options into what the native half
// (src/bindings/r2/r2_*_ops.cc) takes, and streams bodies in and out chunk by chunk. R2's own
// errors ("put: … (10037)") come from the native half.

const {
  ArrayBufferPrototypeSlice, ArrayIsArray, Date, DatePrototypeGetTime,
  DatePrototypeToUTCString, Error, JSONParse, JSONStringify, MathFloor, MathMin, NumberIsFinite, NumberParseInt,
  NumberPrototypeToString, ObjectKeys,
  ObjectPrototypeIsPrototypeOf, RangeError, RegExpPrototypeExec, String, StringPrototypeCharCodeAt,
  StringPrototypeEndsWith, StringPrototypeIndexOf, StringPrototypeSlice, StringPrototypeStartsWith, StringPrototypeToLowerCase,
  SymbolToStringTag, TypeError, Uint8Array,
} = primordials;
const {
  r2Head, r2Get, r2BodyRead, r2BodyClose, r2BodyPipe, r2PutBegin, r2PutWrite, r2PutFinish, r2PutAbort, r2Delete,
  r2List, r2CreateUpload, r2CompleteUpload, r2AbortUpload, encodeUtf8,
} = ops;
const { isBufferSource, bufferSourceBytes } = internals.webidl;

// R2's limit on custom metadata: keys and values, each counted as R2's gateway does (one byte
// per character, two for a string with any character past U+00FF).
const kMaxCustomMetadataSize = 2048;
const kHttpFields = ['contentType', 'contentLanguage', 'contentDisposition', 'contentEncoding', 'cacheControl'];
const kHashFields = [['md5', 'MD5', 16], ['sha1', 'SHA-1', 20], ['sha256', 'SHA-256', 32],
  ['sha384', 'SHA-384', 48], ['sha512', 'SHA-512', 64]];
const kEtagStrong = 0;
const kEtagWeak = 1;
const kEtagWildcard = 2;

const argumentError = (method, iface, n, type) =>
  new TypeError(`Failed to execute '${method}' on '${iface}': parameter ${n} is not of type '${type}'.`);

function requireKey(args, method, iface = 'R2Bucket') {
  if (args.length === 0) throw argumentError(method, iface, 1, 'string');
  return `${args[0]}`;
}

const isObject = (v) => (typeof v === 'object' && v !== null) || typeof v === 'function';

// ---- options → what the native half takes ----

function httpMetadataJson(value) {
  const out = { __proto__: null };
  if (internals.isHeaders(value)) {
    const pairs = [['contentType', 'content-type'], ['contentLanguage', 'content-language'],
      ['contentDisposition', 'content-disposition'], ['contentEncoding', 'content-encoding'],
      ['cacheControl', 'cache-control']];
    for (const [field, header] of pairs) {
      const v = internals.headersGet(value, header);
      if (v !== null) out[field] = v;
    }
    const expires = internals.headersGet(value, 'expires');
    if (expires !== null) out.cacheExpiry = DatePrototypeGetTime(new Date(expires));
  } else if (isObject(value)) {
    for (const field of kHttpFields) {
      if (value[field] !== undefined) out[field] = `${value[field]}`;
    }
    if (value.cacheExpiry !== undefined) {
      if (!ObjectPrototypeIsPrototypeOf(Date.prototype, value.cacheExpiry)) {
        throw new TypeError("Incorrect type for the 'cacheExpiry' field on 'R2HTTPMetadata': the provided value is not of type 'Date'.");
      }
      out.cacheExpiry = DatePrototypeGetTime(value.cacheExpiry);
    }
  } else if (value !== undefined) {
    throw new TypeError("Incorrect type for the 'httpMetadata' field on 'R2PutOptions': the provided value is not of type 'Headers or R2HTTPMetadata'.");
  }
  return JSONStringify(out);
}

function serialisedLength(s) {
  for (let i = 0; i < s.length; i++) if (StringPrototypeCharCodeAt(s, i) >= 256) return s.length * 2;
  return s.length;
}

function customMetadataJson(method, value) {
  const out = { __proto__: null };
  if (value === undefined || value === null) return '{}';
  if (!isObject(value)) {
    throw new TypeError("Incorrect type for the 'customMetadata' field on 'R2PutOptions': the provided value is not of type 'object'.");
  }
  let size = 0;
  for (const key of ObjectKeys(value)) {
    const v = `${value[key]}`;
    out[key] = v;
    size += serialisedLength(key) + serialisedLength(v);
  }
  if (size > kMaxCustomMetadataSize) {
    throw new Error(`${method}: Your metadata headers exceed the maximum allowed metadata size. (10012)`);
  }
  return JSONStringify(out);
}

const hexOf = (bytes) => {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += (bytes[i] < 16 ? '0' : '') + NumberPrototypeToString(bytes[i], 16);
  return out;
};

// The one checksum a put may carry → [field, lower-case hex].
function checksumOf(options) {
  let found;
  for (const [field, name, size] of kHashFields) {
    const value = options[field];
    if (value === undefined) continue;
    if (found !== undefined) throw new TypeError('You cannot specify multiple hashing algorithms.');
    if (typeof value === 'string') {
      if (value.length !== size * 2) throw new TypeError(`${name} is ${size * 2} hex characters, not ${value.length}`);
      if (RegExpPrototypeExec(/^[0-9a-fA-F]*$/, value) === null) {
        throw new TypeError(`Provided ${name} wasn't a valid hex string`);
      }
      found = [field, StringPrototypeToLowerCase(value)];
    } else if (isBufferSource(value)) {
      const bytes = bufferSourceBytes(value);
      if (bytes.length !== size) throw new TypeError(`${name} is ${size} bytes, not ${bytes.length}`);
      found = [field, hexOf(bytes)];
    } else {
      throw new TypeError(`Incorrect type for the '${field}' field on 'R2PutOptions': the provided value is not of type 'ArrayBuffer or ArrayBufferView or string'.`);
    }
  }
  return found;
}

function dateMs(value, field) {
  if (!ObjectPrototypeIsPrototypeOf(Date.prototype, value)) {
    throw new TypeError(`Incorrect type for the '${field}' field on 'R2Conditional': the provided value is not of type 'Date'.`);
  }
  return DatePrototypeGetTime(value);
}

function singleEtag(value) {
  const etag = `${value}`;
  if (StringPrototypeStartsWith(etag, '"') && StringPrototypeEndsWith(etag, '"') && etag.length > 1) {
    throw new TypeError(`Conditional ETag should not be wrapped in quotes (${etag}).`);
  }
  return [etag === '*' ? [kEtagWildcard, ''] : [kEtagStrong, etag]];
}

// An If-Match / If-None-Match value → [[kind, value]…] (workerd parseConditionalEtagHeader).
function parseEtagHeader(header) {
  const etags = [];
  let rest = header;
  let needComma = false;
  for (;;) {
    const star = StringPrototypeIndexOf(rest, '*');
    const quote = StringPrototypeIndexOf(rest, '"');
    const weak = StringPrototypeIndexOf(rest, 'W');
    const comma = StringPrototypeIndexOf(rest, ',');
    const at = (i) => (i < 0 ? Infinity : i);
    if (at(star) === Infinity && at(quote) === Infinity) return etags;
    if (at(comma) < at(star) && at(comma) < at(quote) && at(comma) < at(weak)) {
      rest = StringPrototypeSlice(rest, comma + 1);
      needComma = false;
      continue;
    }
    if (needComma) {
      const first = MathMin(at(star), at(quote), at(weak));
      const reason = first === at(star) ? "Encountered a wildcard character '*' instead."
        : first === at(quote)
          ? 'Encountered a double quote character \'"\' instead. This would otherwise indicate the start of a new strong etag.'
          : "Encountered a weak quotation character 'W' instead. This would otherwise indicate the start of a new weak etag.";
      throw new Error(`Comma was expected to separate etags. ${reason}`);
    }
    if (at(star) < at(quote)) return [[kEtagWildcard, '']];
    const close = StringPrototypeIndexOf(rest, '"', quote + 1);
    if (close < 0) throw new Error('Unclosed double quote for Etag');
    const value = StringPrototypeSlice(rest, quote + 1, close);
    if (at(weak) < quote) {
      if (!(rest[weak + 1] === '/' && weak + 2 === quote)) {
        throw new Error('Weak etags must start with W/ and their value must be quoted');
      }
      etags[etags.length] = [kEtagWeak, value];
    } else {
      etags[etags.length] = [kEtagStrong, value];
    }
    rest = StringPrototypeSlice(rest, close + 1);
    needComma = true;
  }
}

// R2Conditional or Headers → the onlyIf the native half takes.
function conditionalOf(value) {
  if (value === undefined || value === null) return null;
  const out = { __proto__: null, secondsGranularity: false };
  if (internals.isHeaders(value)) {
    out.secondsGranularity = true;
    const ifMatch = internals.headersGet(value, 'if-match');
    const ifNoneMatch = internals.headersGet(value, 'if-none-match');
    const since = internals.headersGet(value, 'if-modified-since');
    const unmodified = internals.headersGet(value, 'if-unmodified-since');
    if (ifMatch !== null) out.etagMatches = parseEtagHeader(ifMatch);
    if (ifNoneMatch !== null) out.etagDoesNotMatch = parseEtagHeader(ifNoneMatch);
    if (since !== null) out.uploadedAfter = DatePrototypeGetTime(new Date(since));
    if (unmodified !== null) out.uploadedBefore = DatePrototypeGetTime(new Date(unmodified));
    return out;
  }
  if (!isObject(value)) {
    throw new TypeError("Incorrect type for the 'onlyIf' field: the provided value is not of type 'Headers or R2Conditional'.");
  }
  if (value.etagMatches !== undefined) out.etagMatches = singleEtag(value.etagMatches);
  if (value.etagDoesNotMatch !== undefined) out.etagDoesNotMatch = singleEtag(value.etagDoesNotMatch);
  if (value.uploadedBefore !== undefined) out.uploadedBefore = dateMs(value.uploadedBefore, 'uploadedBefore');
  if (value.uploadedAfter !== undefined) out.uploadedAfter = dateMs(value.uploadedAfter, 'uploadedAfter');
  out.secondsGranularity = !!value.secondsGranularity;
  return out;
}

function wholeNumber(value, what, name) {
  const n = +value;
  if (!(n >= 0)) throw new RangeError(`Invalid range. ${what} (${n}) must be greater than or equal to 0.`);
  if (MathFloor(n) !== n || !NumberIsFinite(n)) {
    throw new RangeError(`Invalid range. ${name} (${n}) must be an integer, not floating point.`);
  }
  return n;
}

// R2Range or Headers → the range the native half takes (workerd initGetOptions).
function rangeOf(value) {
  if (value === undefined || value === null) return null;
  if (internals.isHeaders(value)) {
    const header = internals.headersGet(value, 'range');
    return header === null ? null : { __proto__: null, header };
  }
  if (!isObject(value)) {
    throw new TypeError("Incorrect type for the 'range' field on 'R2GetOptions': the provided value is not of type 'Headers or R2Range'.");
  }
  const out = { __proto__: null };
  if (value.offset !== undefined) out.offset = wholeNumber(value.offset, 'Starting offset', 'Starting offset');
  if (value.length !== undefined) out.length = wholeNumber(value.length, 'Length', 'Length');
  if (value.suffix !== undefined) {
    if (value.offset !== undefined) throw new TypeError('Suffix is incompatible with offset.');
    if (value.length !== undefined) throw new TypeError('Suffix is incompatible with length.');
    const n = +value.suffix;
    if (!(n >= 0)) throw new RangeError(`Invalid suffix. Suffix (${n}) must be greater than or equal to 0.`);
    if (MathFloor(n) !== n) throw new RangeError(`Invalid range. Suffix (${n}) must be an integer, not floating point.`);
    out.suffix = n;
  }
  return out;
}

// ---- objects ----

function bytesToBuffer(hex) {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = NumberParseInt(StringPrototypeSlice(hex, 2 * i, 2 * i + 2), 16);
  return bytes.buffer;
}

class R2Checksums {
  #hex;
  constructor(key, hex) {
    if (key !== internals) throw internals.illegalConstructor();
    this.#hex = hex;
  }
  #field(name) { return this.#hex[name] === undefined ? undefined : bytesToBuffer(this.#hex[name]); }
  get md5() { return this.#field('md5'); }
  get sha1() { return this.#field('sha1'); }
  get sha256() { return this.#field('sha256'); }
  get sha384() { return this.#field('sha384'); }
  get sha512() { return this.#field('sha512'); }
  toJSON() {
    const out = {};
    for (const [field] of kHashFields) if (this.#hex[field] !== undefined) out[field] = this.#hex[field];
    return out;
  }
  get [SymbolToStringTag]() { return 'R2Checksums'; }
}

function parseHttpMetadata(text) {
  if (text === '') return undefined;
  const parsed = JSONParse(text);
  const out = {};
  for (const field of kHttpFields) if (parsed[field] !== undefined) out[field] = parsed[field];
  if (parsed.cacheExpiry !== undefined) out.cacheExpiry = new Date(parsed.cacheExpiry);
  return out;
}

class R2Object {
  #httpMetadata;

  constructor(key, meta) {
    if (key !== internals) throw internals.illegalConstructor();
    this.key = meta.key;
    this.version = meta.version;
    this.size = meta.size;
    this.etag = meta.etag;
    this.httpEtag = `"${meta.etag}"`;
    this.checksums = new R2Checksums(internals, JSONParse(meta.checksums));
    this.uploaded = new Date(meta.uploaded);
    this.#httpMetadata = parseHttpMetadata(meta.httpMetadata);
    this.httpMetadata = this.#httpMetadata;
    this.customMetadata = meta.customMetadata === '' ? undefined : JSONParse(meta.customMetadata);
    this.range = meta.range === undefined ? undefined : { offset: meta.range[0], length: meta.range[1] };
    this.storageClass = meta.storageClass;
    this.ssecKeyMd5 = undefined;
  }

  writeHttpMetadata(headers) {
    if (!internals.isHeaders(headers)) throw argumentError('writeHttpMetadata', 'R2Object', 1, 'Headers');
    const m = this.#httpMetadata;
    if (m === undefined) {
      throw new TypeError(`HTTP metadata unknown for key \`${this.key}\`. Did you forget to add 'httpMetadata' to \`include\` when listing?`);
    }
    if (m.contentType !== undefined) headers.set('content-type', m.contentType);
    if (m.contentLanguage !== undefined) headers.set('content-language', m.contentLanguage);
    if (m.contentDisposition !== undefined) headers.set('content-disposition', m.contentDisposition);
    if (m.contentEncoding !== undefined) headers.set('content-encoding', m.contentEncoding);
    if (m.cacheControl !== undefined) headers.set('cache-control', m.cacheControl);
    if (m.cacheExpiry !== undefined) headers.set('expires', DatePrototypeToUTCString(m.cacheExpiry));
  }

  get [SymbolToStringTag]() { return 'R2Object'; }
}

class R2ObjectBody extends R2Object {
  #body;

  constructor(key, meta, body) {
    super(key, meta);
    if (typeof body === 'number') {
      const stream = internals.readableStreamFromPull(() => r2BodyRead(body), () => r2BodyClose(body));
      this.#body = new internals.BodyState(null, stream, meta.range[1]);
      internals.nativeBodyPipes.set(stream, {
        length: meta.range[1],
        pipe: (fetchId, status, statusText, flat, length) =>
          r2BodyPipe(fetchId, body, status, statusText, flat, length),
      });
    } else {
      this.#body = new internals.BodyState(body, null, body.length);
    }
  }

  get body() { return this.#body.getStream(); }
  get bodyUsed() { return this.#body.disturbed; }
  async arrayBuffer() {
    const { bytes } = await this.#body.readAll();
    if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength) return bytes.buffer;
    return ArrayBufferPrototypeSlice(bytes.buffer, bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  }
  async bytes() { return (await this.#body.readAll()).bytes; }
  async text() { return this.#body.readText(); }
  async json() { return JSONParse(await this.#body.readText()); }
  async blob() {
    const { bytes } = await this.#body.readAll();
    const type = this.httpMetadata?.contentType ?? '';
    return internals.newBlob(bytes, internals.normalizeBlobType(type));
  }

  get [SymbolToStringTag]() { return 'R2ObjectBody'; }
}

// ---- writing ----

// A put value → a Uint8Array, or a ReadableStream to send chunk by chunk.
function valueOf(method, iface, value) {
  if (value === null || value === undefined) return new Uint8Array(0);
  if (typeof value === 'string') return encodeUtf8(value);
  if (isBufferSource(value)) return bufferSourceBytes(value);
  if (internals.isBlob(value)) return internals.blobBytes(value);
  if (internals.isReadableStream(value)) {
    if (internals.isReadableStreamLocked(value)) {
      throw new TypeError('This ReadableStream is currently locked to a reader.');
    }
    if (internals.isReadableStreamDisturbed(value)) {
      throw new TypeError('This ReadableStream is disturbed (has already been read from), and cannot be used as a body.');
    }
    return value;
  }
  throw argumentError(method, iface, 2, 'ReadableStream or ArrayBuffer or ArrayBufferView or string or Blob');
}

// Sends `value` to a writer from r2PutBegin and finishes it: the metadata, null when onlyIf
// failed (put), or the part's etag (uploadPart).
async function sendValue(writer, value) {
  try {
    if (internals.isReadableStream(value)) {
      const reader = internals.acquireReadableStreamReader(value);
      for (;;) {
        const { value: chunk, done } = await internals.readableStreamReaderRead(reader);
        if (done) break;
        if (!isBufferSource(chunk)) throw new TypeError('This ReadableStream did not return bytes.');
        const written = r2PutWrite(writer, bufferSourceBytes(chunk));
        if (written === false) {  // too large: stop reading, r2PutFinish rejects
          internals.readableStreamReaderRelease(reader);
          await internals.readableStreamCancel(value, undefined);
          break;
        }
        if (written !== true) await written;
      }
    } else {
      const written = r2PutWrite(writer, value);
      if (written !== true && written !== false) await written;
    }
  } catch (error) {
    r2PutAbort(writer);
    throw error;
  }
  return r2PutFinish(writer);
}

class R2MultipartUpload {
  #bucket;
  constructor(key, bucket, objectKey, uploadId) {
    if (key !== internals) throw internals.illegalConstructor();
    this.#bucket = bucket;
    this.key = objectKey;
    this.uploadId = uploadId;
  }

  async uploadPart(partNumber, value, options = undefined) {
    if (arguments.length < 2) throw argumentError('uploadPart', 'R2MultipartUpload', arguments.length + 1, 'integer');
    const number = partNumberOf(partNumber);
    const body = valueOf('uploadPart', 'R2MultipartUpload', value);
    const writer = r2PutBegin(this.#bucket, this.key, {
      __proto__: null, uploadId: this.uploadId, partNumber: number, httpMetadata: '{}', customMetadata: '{}',
      storageClass: 'Standard',
    });
    const etag = await sendValue(writer, body);
    return { partNumber: number, etag };
  }

  async abort() {
    r2AbortUpload(this.#bucket, this.key, this.uploadId);
  }

  async complete(uploadedParts) {
    if (!ArrayIsArray(uploadedParts)) {
      throw argumentError('complete', 'R2MultipartUpload', 1, 'Array');
    }
    const parts = [];
    for (const part of uploadedParts) {
      if (!isObject(part)) throw new TypeError("Failed to execute 'complete' on 'R2MultipartUpload': parameter 1 is not of type 'R2UploadedPart'.");
      parts[parts.length] = [partNumberOf(part.partNumber), `${part.etag}`];
    }
    return new R2Object(internals, await r2CompleteUpload(this.#bucket, this.key, this.uploadId, parts));
  }

  get [SymbolToStringTag]() { return 'R2MultipartUpload'; }
}

function partNumberOf(value) {
  const n = +value | 0;
  if (!(n >= 1 && n <= 10000)) {
    throw new TypeError(`Part number must be between 1 and 10000 (inclusive). Actual value was: ${n}`);
  }
  return n;
}

// ---- the bucket ----

class R2Bucket {
  #bucket;

  constructor(key, bucket) {
    if (key !== internals) throw internals.illegalConstructor();
    this.#bucket = bucket;
  }
  static {
    internals.registerBrand(R2Bucket, (o) => #bucket in o);
  }

  async head(key) {
    internals.brandCheck(this, R2Bucket);
    const meta = r2Head(this.#bucket, requireKey(arguments, 'head'));
    return meta === null ? null : new R2Object(internals, meta);
  }

  async get(key, options = undefined) {
    internals.brandCheck(this, R2Bucket);
    const name = requireKey(arguments, 'get');
    let onlyIf = null;
    let range = null;
    if (options !== undefined && options !== null) {
      if (!isObject(options)) throw argumentError('get', 'R2Bucket', 2, 'R2GetOptions');
      onlyIf = conditionalOf(options.onlyIf);
      range = rangeOf(options.range);
    }
    const found = r2Get(this.#bucket, name, onlyIf, range);
    if (found === null) return null;
    const [meta, body] = found;
    if (body === null) return new R2Object(internals, meta);  // onlyIf did not hold
    return new R2ObjectBody(internals, meta, body);
  }

  async put(key, value, options = undefined) {
    internals.brandCheck(this, R2Bucket);
    const name = requireKey(arguments, 'put');
    if (arguments.length < 2) throw argumentError('put', 'R2Bucket', 2, 'ReadableStream or ArrayBuffer or ArrayBufferView or string or Blob');
    const body = valueOf('put', 'R2Bucket', value);
    const request = { __proto__: null, httpMetadata: '{}', customMetadata: '{}', storageClass: 'Standard' };
    if (options !== undefined && options !== null) {
      if (!isObject(options)) throw argumentError('put', 'R2Bucket', 3, 'R2PutOptions');
      request.onlyIf = conditionalOf(options.onlyIf);
      request.httpMetadata = httpMetadataJson(options.httpMetadata);
      request.customMetadata = customMetadataJson('put', options.customMetadata);
      request.checksum = checksumOf(options);
      if (options.storageClass !== undefined) request.storageClass = `${options.storageClass}`;
    }
    const meta = await sendValue(r2PutBegin(this.#bucket, name, request), body);
    return meta === null ? null : new R2Object(internals, meta);
  }

  async delete(keys) {
    internals.brandCheck(this, R2Bucket);
    if (arguments.length === 0) throw argumentError('delete', 'R2Bucket', 1, 'string or Array');
    const list = [];
    if (ArrayIsArray(keys)) {
      for (const key of keys) list[list.length] = `${key}`;
    } else {
      list[0] = `${keys}`;
    }
    r2Delete(this.#bucket, list);
  }

  async list(options = undefined) {
    internals.brandCheck(this, R2Bucket);
    const request = { __proto__: null, includeHttp: false, includeCustom: false };
    if (options !== undefined && options !== null) {
      if (!isObject(options)) throw argumentError('list', 'R2Bucket', 1, 'R2ListOptions');
      for (const field of ['prefix', 'cursor', 'delimiter', 'startAfter']) {
        if (options[field] !== undefined) request[field] = `${options[field]}`;
      }
      if (options.limit !== undefined) request.limit = +options.limit;
      if (options.include !== undefined) {
        for (const field of options.include) {
          if (field === 'httpMetadata') request.includeHttp = true;
          else if (field === 'customMetadata') request.includeCustom = true;
          else throw new RangeError(`Unsupported include value ${field}`);
        }
      }
    }
    const page = r2List(this.#bucket, request);
    const objects = [];
    for (const meta of page.objects) objects[objects.length] = new R2Object(internals, meta);
    const result = { objects, truncated: page.truncated, delimitedPrefixes: page.delimitedPrefixes };
    if (page.cursor !== undefined) result.cursor = page.cursor;
    return result;
  }

  async createMultipartUpload(key, options = undefined) {
    internals.brandCheck(this, R2Bucket);
    const name = requireKey(arguments, 'createMultipartUpload');
    let http = '{}';
    let custom = '{}';
    let storageClass = 'Standard';
    if (options !== undefined && options !== null) {
      if (!isObject(options)) throw argumentError('createMultipartUpload', 'R2Bucket', 2, 'R2MultipartOptions');
      http = httpMetadataJson(options.httpMetadata);
      custom = customMetadataJson('createMultipartUpload', options.customMetadata);
      if (options.storageClass !== undefined) storageClass = `${options.storageClass}`;
    }
    const uploadId = r2CreateUpload(this.#bucket, name, http, custom, storageClass);
    return new R2MultipartUpload(internals, this.#bucket, name, uploadId);
  }

  resumeMultipartUpload(key, uploadId) {
    internals.brandCheck(this, R2Bucket);
    if (arguments.length < 2) {
      throw argumentError('resumeMultipartUpload', 'R2Bucket', arguments.length + 1, 'string');
    }
    return new R2MultipartUpload(internals, this.#bucket, `${key}`, `${uploadId}`);
  }

  get [SymbolToStringTag]() { return 'R2Bucket'; }
}

internals.R2Bucket = R2Bucket;
internals.bindingFactories.r2_bucket = (spec) => new R2Bucket(internals, spec.bucket);
