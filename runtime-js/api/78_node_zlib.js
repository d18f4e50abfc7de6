'use strict';
// node:zlib over the native zlib, brotli and zstd streams (src/api/node_zlib_ops.cc): the
// Transform classes (Gzip, Gunzip, Deflate, Inflate, DeflateRaw, InflateRaw, Unzip,
// BrotliCompress, BrotliDecompress, ZstdCompress, ZstdDecompress) with their create*()
// factories, the one-shot functions in callback form (`gzip(buf, cb)`, promisify-able) and sync
// form (`gzipSync(buf)`), constants and crc32.
// Compression runs synchronously on the Worker's thread, a bounded piece per native call; a
// stream stops producing while its reader does not keep up, so a small bomb cannot fill memory.

const {
  ArrayBufferIsView, ArrayPrototypePush, ArrayPrototypeIncludes, ObjectSetPrototypeOf,
  ObjectKeys, ObjectFreeze, ReflectApply, Error, RangeError, Symbol, Uint8Array: Uint8ArrayCtor,
  MathMax, MathFloor, NumberMAX_SAFE_INTEGER,
} = primordials;
const { zlibCreate, zlibWrite, zlibReset, zlibClose, zlibCrc32 } = ops;
const { Buffer, nodeErrors, validateFunction, zlibConstants: C, zlibCodes } = internals;
const { Transform, nextTick } = internals.nodeStream;

const kMaxLength = 2 ** 32;
const kContinue = Symbol('kContinue');
// An empty chunk written by flush() carries the flush value it asks for.
const kFlushFlag = Symbol('kFlushFlag');
const kEmpty = new Uint8ArrayCtor(0);

const { isArrayBuffer } = internals.webidl;

// What the one-shot functions accept as input, as bytes.
function toBytes(buffer, name = 'buffer') {
  if (typeof buffer === 'string') return Buffer.from(buffer);
  if (ArrayBufferIsView(buffer)) return new Uint8ArrayCtor(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  if (isArrayBuffer(buffer)) return new Uint8ArrayCtor(buffer);
  throw nodeErrors.invalidArgType(name,
    'of type string or an instance of Buffer, TypedArray, DataView, or ArrayBuffer', buffer);
}

function checkRange(options, key, min, max, fallback) {
  const value = options?.[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'number') throw nodeErrors.invalidArgType(`options.${key}`, 'of type number', value);
  if (!(value >= min && value <= max) || value !== MathFloor(value)) {
    throw nodeErrors.outOfRange(`options.${key}`, `>= ${min} and <= ${max}`, value);
  }
  return value;
}

function flushRange(options, key, max, fallback) {
  return checkRange(options, key, 0, max, fallback);
}

// The flush values each family of streams takes (0 … max) and its defaults for writes, the
// last write and flush() (Node's zlibDefaultOpts, brotliDefaultOpts, zstdDefaultOpts).
const zlibFlushes = ObjectFreeze({ max: C.Z_BLOCK, flush: C.Z_NO_FLUSH, finish: C.Z_FINISH, full: C.Z_FULL_FLUSH });
const brotliFlushes = ObjectFreeze({
  max: C.BROTLI_OPERATION_EMIT_METADATA, flush: C.BROTLI_OPERATION_PROCESS,
  finish: C.BROTLI_OPERATION_FINISH, full: C.BROTLI_OPERATION_FLUSH,
});
const zstdFlushes = ObjectFreeze({ max: C.ZSTD_e_end, flush: C.ZSTD_e_continue, finish: C.ZSTD_e_end, full: C.ZSTD_e_flush });

function isBrotli(mode) {
  return mode === C.BROTLI_ENCODE || mode === C.BROTLI_DECODE;
}

function isZstd(mode) {
  return mode === C.ZSTD_COMPRESS || mode === C.ZSTD_DECOMPRESS;
}

function flushesOf(mode) {
  if (isBrotli(mode)) return brotliFlushes;
  if (isZstd(mode)) return zstdFlushes;
  return zlibFlushes;
}

// The highest parameter key each zstd direction takes, from the constants as Node does.
function maxConstant(prefix) {
  let max = 0;
  for (const name of internals.zlibConstantNames) {
    if (name.startsWith(prefix)) max = MathMax(max, C[name]);
  }
  return max;
}
const kMaxZstdCParam = maxConstant('ZSTD_c_');
const kMaxZstdDParam = maxConstant('ZSTD_d_');

// options.params as a flat [key, value, …] list for the native side: keys are whole numbers up
// to `maxParam` (else a RangeError with `code`), values numbers or booleans, made integers by
// `toInteger` (brotli's are unsigned, zstd's signed).
function paramList(options, maxParam, code, family, toInteger) {
  const params = [];
  const given = options?.params;
  if (given === undefined) return params;
  if (given === null || typeof given !== 'object') throw nodeErrors.invalidArgType('options.params', 'of type object', given);
  for (const key of ObjectKeys(given)) {
    const id = +key;
    if (!(id >= 0 && id <= maxParam) || id !== MathFloor(id)) {
      throw nodeErrors.make(RangeError, code, `${key} is not a valid ${family} parameter`);
    }
    const value = given[key];
    if (typeof value !== 'number' && typeof value !== 'boolean') {
      throw nodeErrors.invalidArgType('options.params[key]', 'of type number', value);
    }
    ArrayPrototypePush(params, id, toInteger(+value));
  }
  return params;
}

function dictionaryOption(options) {
  if (options?.dictionary === undefined) return undefined;
  if (!ArrayBufferIsView(options.dictionary) && !isArrayBuffer(options.dictionary)) {
    throw nodeErrors.invalidArgType('options.dictionary', 'an instance of Buffer, TypedArray, DataView, or ArrayBuffer', options.dictionary);
  }
  return toBytes(options.dictionary, 'options.dictionary');
}

// Zstd compression's promised input size: a whole number of bytes, or absent (null too, as in
// Node).
function pledgedSrcSize(options) {
  if (options?.pledgedSrcSize === null) return undefined;
  return checkRange(options, 'pledgedSrcSize', 0, NumberMAX_SAFE_INTEGER, undefined);
}

// The native stream for `mode` with Node's validated options.
function createHandle(mode, options) {
  if (options !== undefined && options !== null && typeof options !== 'object') {
    throw nodeErrors.invalidArgType('options', 'of type object', options);
  }
  if (isBrotli(mode)) {
    const params = paramList(options, C.BROTLI_PARAM_NDIRECT, 'ERR_BROTLI_INVALID_PARAM', 'Brotli', (v) => v >>> 0);
    return zlibCreate(mode, 0, 0, 0, 0, undefined, params);
  }
  if (isZstd(mode)) {
    const compress = mode === C.ZSTD_COMPRESS;
    const params = paramList(options, compress ? kMaxZstdCParam : kMaxZstdDParam,
      'ERR_ZSTD_INVALID_PARAM', 'Zstd', (v) => v | 0);
    return zlibCreate(mode, 0, 0, 0, 0, dictionaryOption(options), params,
      compress ? pledgedSrcSize(options) : undefined);
  }
  const level = checkRange(options, 'level', C.Z_MIN_LEVEL, C.Z_MAX_LEVEL, C.Z_DEFAULT_COMPRESSION);
  // Inflating modes also accept 0: the window size then comes from the stream's header.
  const inflating = mode === C.INFLATE || mode === C.GUNZIP || mode === C.UNZIP || mode === C.INFLATERAW;
  let windowBits = options?.windowBits;
  if (windowBits === undefined || (inflating && windowBits === 0 && mode !== C.INFLATERAW)) {
    windowBits = windowBits ?? C.Z_DEFAULT_WINDOWBITS;
  } else {
    windowBits = checkRange(options, 'windowBits', C.Z_MIN_WINDOWBITS, C.Z_MAX_WINDOWBITS);
  }
  // zlib refuses a raw deflate window of 8 bits; Node (like zlib 1.2.9+) uses 9 instead.
  if (mode === C.DEFLATERAW && windowBits === 8) windowBits = 9;
  const memLevel = checkRange(options, 'memLevel', C.Z_MIN_MEMLEVEL, C.Z_MAX_MEMLEVEL, C.Z_DEFAULT_MEMLEVEL);
  const strategy = checkRange(options, 'strategy', C.Z_DEFAULT_STRATEGY, C.Z_FIXED, C.Z_DEFAULT_STRATEGY);
  return zlibCreate(mode, level, windowBits, memLevel, strategy, dictionaryOption(options), undefined);
}

// The Transform every zlib class is: written bytes in, (de)compressed bytes out.
function ZlibBase(options, mode) {
  const flushes = flushesOf(mode);
  this._defaultFlushFlag = flushRange(options, 'flush', flushes.max, flushes.flush);
  this._finishFlushFlag = flushRange(options, 'finishFlush', flushes.max, flushes.finish);
  this._defaultFullFlushFlag = flushes.full;
  this._chunkSize = checkRange(options, 'chunkSize', C.Z_MIN_CHUNK, Infinity, C.Z_DEFAULT_CHUNK);
  this._maxOutputLength = checkRange(options, 'maxOutputLength', 1, kMaxLength, kMaxLength);
  this._handle = createHandle(mode, options);
  this._mode = mode;
  this.bytesWritten = 0;
  this[kContinue] = null;
  ReflectApply(Transform, this, [{ ...options, autoDestroy: true }]);
}
ObjectSetPrototypeOf(ZlibBase.prototype, Transform.prototype);
ObjectSetPrototypeOf(ZlibBase, Transform);

ZlibBase.prototype._transform = function _transform(chunk, encoding, callback) {
  let flush = this._defaultFlushFlag;
  if (typeof chunk[kFlushFlag] === 'number') flush = chunk[kFlushFlag];
  if (this.writableEnded && this.writableLength === chunk.byteLength) {
    flush = MathMax(flush, this._finishFlushFlag);
  }
  this.bytesWritten += chunk.byteLength;
  this._process(chunk, flush, callback);
};

// Feeds one chunk, pushing output until the native side has nothing more for this flush. When
// the reader is behind (push() returned false), the rest waits for the next _read().
ZlibBase.prototype._process = function _process(chunk, flush, callback) {
  let input = chunk;
  for (;;) {
    let pieces;
    try {
      pieces = zlibWrite(this._handle, input, flush);
    } catch (error) {
      // The native error carries Node's message, code and errno; the stream is destroyed
      // with it (and its handle freed in _destroy).
      callback(error);
      return;
    }
    input = undefined;
    if (pieces.length === 0) break;
    let more = true;
    for (const piece of pieces) more = this.push(Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength));
    if (!more) {
      this[kContinue] = () => this._process(undefined, flush, callback);
      return;
    }
  }
  callback();
};

ZlibBase.prototype._read = function _read(size) {
  const resume = this[kContinue];
  if (resume !== null) {
    this[kContinue] = null;
    resume();
    // Readable asks again only after a push; when the resumed chunk had nothing more to give,
    // an empty push ends this read, or a Transform waiting for the next _read would wait forever.
    if (this._readableState.reading) this.push(kEmpty);
    return;
  }
  ReflectApply(Transform.prototype._read, this, [size]);
};

ZlibBase.prototype._flush = function _flush(callback) {
  this._transform(Buffer.alloc(0), '', callback);
};

// flush([kind], callback): writes an empty chunk with this flush value, so everything written
// so far comes out.
ZlibBase.prototype.flush = function flush(kind, callback) {
  if (typeof kind === 'function' || kind === undefined) {
    callback = kind;
    kind = this._defaultFullFlushFlag;
  }
  if (this.writableFinished) {
    if (callback) nextTick(callback);
  } else if (this.writableEnded) {
    if (callback) this.once('end', callback);
  } else {
    const marker = Buffer.alloc(0);
    marker[kFlushFlag] = kind;
    this.write(marker, callback);
  }
};

// Changing level or strategy mid-stream (deflateParams) is not offered.
ZlibBase.prototype.params = function params() {
  throw nodeErrors.make(Error, 'ERR_METHOD_NOT_IMPLEMENTED', 'The params() method is not implemented');
};

ZlibBase.prototype.reset = function reset() {
  zlibReset(this._handle);
};

ZlibBase.prototype.close = function close(callback) {
  if (callback) internals.nodeStream.finished(this, callback);
  this.destroy();
};

ZlibBase.prototype._destroy = function _destroy(error, callback) {
  if (this._handle) zlibClose(this._handle);
  this._handle = null;
  callback(error);
};

// The one-shot forms: all of `buffer` through a fresh stream, with maxOutputLength.
function processSync(mode, buffer, options) {
  const bytes = toBytes(buffer);
  const maxOutputLength = checkRange(options, 'maxOutputLength', 1, kMaxLength, kMaxLength);
  const flushes = flushesOf(mode);
  // Checked as Node's constructor checks them, though one pass needs neither.
  flushRange(options, 'flush', flushes.max, flushes.flush);
  checkRange(options, 'chunkSize', C.Z_MIN_CHUNK, Infinity, C.Z_DEFAULT_CHUNK);
  const finish = flushRange(options, 'finishFlush', flushes.max, flushes.finish);
  const handle = createHandle(mode, options);
  const pieces = [];
  let total = 0;
  try {
    let input = bytes;
    for (;;) {
      const out = zlibWrite(handle, input, finish);
      input = undefined;
      if (out.length === 0) break;
      for (const piece of out) {
        total += piece.byteLength;
        if (total > maxOutputLength) {
          throw nodeErrors.make(RangeError, 'ERR_BUFFER_TOO_LARGE',
            `Cannot create a Buffer larger than ${maxOutputLength} bytes`);
        }
        ArrayPrototypePush(pieces, piece);
      }
    }
  } finally {
    zlibClose(handle);
  }
  const result = Buffer.allocUnsafe(total);
  let offset = 0;
  for (const piece of pieces) {
    result.set(piece, offset);
    offset += piece.byteLength;
  }
  return options?.info ? { buffer: result, engine: undefined } : result;
}

function processAsync(mode, buffer, options, callback) {
  if (typeof options === 'function') {
    callback = options;
    options = {};
  }
  validateFunction(callback, 'callback');
  // Input errors throw at once, as in Node; data errors go to the callback.
  const bytes = toBytes(buffer);
  nextTick(() => {
    let result;
    try {
      result = processSync(mode, bytes, options);
    } catch (error) {
      callback(error);
      return;
    }
    callback(null, result);
  });
}

const zlib = { constants: C, codes: zlibCodes };
const classes = [
  ['Deflate', 'deflate', C.DEFLATE], ['Inflate', 'inflate', C.INFLATE],
  ['Gzip', 'gzip', C.GZIP], ['Gunzip', 'gunzip', C.GUNZIP],
  ['DeflateRaw', 'deflateRaw', C.DEFLATERAW], ['InflateRaw', 'inflateRaw', C.INFLATERAW],
  ['Unzip', 'unzip', C.UNZIP], ['BrotliCompress', 'brotliCompress', C.BROTLI_ENCODE],
  ['BrotliDecompress', 'brotliDecompress', C.BROTLI_DECODE],
];
for (const [className, fnName, mode] of classes) {
  // Named functions, callable with or without `new`, as in Node.
  const Class = {
    [className]: function (options) {
      if (!(this instanceof Class)) return new Class(options);
      ReflectApply(ZlibBase, this, [options, mode]);
    },
  }[className];
  ObjectSetPrototypeOf(Class.prototype, ZlibBase.prototype);
  ObjectSetPrototypeOf(Class, ZlibBase);
  zlib[className] = Class;
  zlib[`create${className}`] = (options) => new Class(options);
  zlib[fnName] = (buffer, options, callback) => processAsync(mode, buffer, options, callback);
  zlib[`${fnName}Sync`] = (buffer, options) => processSync(mode, buffer, options);
}

// Node's zstd classes are ES classes: called without `new` they throw a TypeError.
class ZstdCompress extends ZlibBase {
  constructor(options) {
    super(options, C.ZSTD_COMPRESS);
  }
}
class ZstdDecompress extends ZlibBase {
  constructor(options) {
    super(options, C.ZSTD_DECOMPRESS);
  }
}
for (const [Class, fnName, mode] of [[ZstdCompress, 'zstdCompress', C.ZSTD_COMPRESS],
  [ZstdDecompress, 'zstdDecompress', C.ZSTD_DECOMPRESS]]) {
  zlib[Class.name] = Class;
  zlib[`create${Class.name}`] = (options) => new Class(options);
  zlib[fnName] = (buffer, options, callback) => processAsync(mode, buffer, options, callback);
  zlib[`${fnName}Sync`] = (buffer, options) => processSync(mode, buffer, options);
}

zlib.crc32 = function crc32(data, value = 0) {
  if (typeof data !== 'string' && !ArrayBufferIsView(data)) {
    throw nodeErrors.invalidArgType('data', 'of type string or an instance of Buffer, TypedArray, or DataView', data);
  }
  if (typeof value !== 'number' || !(value >= 0 && value <= 0xFFFFFFFF) || value !== MathFloor(value)) {
    if (typeof value !== 'number') throw nodeErrors.invalidArgType('value', 'of type number', value);
    throw nodeErrors.outOfRange('value', '>= 0 and <= 4294967295', value);
  }
  return zlibCrc32(toBytes(data, 'data'), value);
};

// Constants also on the module itself (Node's legacy zlib.Z_NO_FLUSH …), the ones workerd has
// there: zlib's and brotli's, the modes, ZLIB_VERNUM, and of zstd's only the modes and error
// codes. BROTLI_PARAM_SIZE_HINT stays in zlib.constants only, as in Node and workerd.
const topLevelNames = ['DEFLATE', 'INFLATE', 'GZIP', 'GUNZIP', 'DEFLATERAW', 'INFLATERAW', 'UNZIP',
  'ZLIB_VERNUM', 'ZSTD_COMPRESS', 'ZSTD_DECOMPRESS', 'ZSTD_ENCODE', 'ZSTD_DECODE'];
for (const name of internals.zlibConstantNames) {
  if (name.startsWith('Z_') || (name.startsWith('BROTLI_') && name !== 'BROTLI_PARAM_SIZE_HINT') ||
      name.startsWith('ZSTD_error_') || ArrayPrototypeIncludes(topLevelNames, name)) {
    zlib[name] = C[name];
  }
}
internals.defineNodeModule('zlib', zlib);
