'use strict';
// node:buffer's Buffer: a Uint8Array subclass with Node's constructors, string encodings
// (62_node_buffer_codecs.js), comparisons and searches. Numeric reads and writes are in
// 63_node_buffer_numbers.js. Behaviour and error codes follow Node's documentation.

const {
  Uint8Array: Uint8ArrayCtor, ArrayBuffer: ArrayBufferCtor, ArrayIsArray, MathMin, MathMax,
  MathFloor, NumberIsInteger, ObjectSetPrototypeOf, ObjectDefineProperty, TypedArrayPrototypeSet,
  TypedArrayPrototypeSubarray, TypedArrayPrototypeFill, TypedArrayPrototypeGetLength,
  ArrayBufferIsView, SymbolToPrimitive, NumberIsNaN, StringPrototypeSlice, Error,
} = primordials;
const { normalizeEncoding, byteLengthOf, writeString, encodeString, decodeBytes } =
  internals.bufferCodecs;
const { nodeErrors } = internals;

const kMaxLength = 2 ** 32;  // Node 20 on 64-bit
const kStringMaxLength = 2 ** 29 - 24;  // V8's String::kMaxLength
const INSPECT_MAX_BYTES = 50;

const isAnyArrayBuffer = (value) => value instanceof ArrayBufferCtor ||
  (typeof SharedArrayBuffer === 'function' && value instanceof SharedArrayBuffer);

class FastBuffer extends Uint8ArrayCtor {}

// Buffer(arg) without `new` still works (deprecated in Node, used by old libraries).
function Buffer(arg, encodingOrOffset, length) {
  if (typeof arg === 'number') {
    if (typeof encodingOrOffset === 'string') {
      throw nodeErrors.invalidArgType('string', 'of type string', arg);
    }
    return Buffer.alloc(arg);
  }
  return Buffer.from(arg, encodingOrOffset, length);
}
Buffer.prototype = FastBuffer.prototype;
ObjectDefineProperty(FastBuffer.prototype, 'constructor', {
  value: Buffer, writable: true, configurable: true, enumerable: false,
});
ObjectSetPrototypeOf(Buffer, Uint8ArrayCtor);
Buffer.poolSize = 8 * 1024;

function getEncoding(encoding) {
  const normalized = normalizeEncoding(encoding);
  if (normalized === undefined) throw nodeErrors.unknownEncoding(encoding);
  return normalized;
}

function fromBytes(bytes) {
  const buffer = new FastBuffer(bytes.length);
  TypedArrayPrototypeSet(buffer, bytes);
  return buffer;
}
const wrap = (bytes) => new FastBuffer(bytes.buffer, bytes.byteOffset, bytes.length);

function fromArrayBuffer(buffer, byteOffset, length) {
  const offset = byteOffset === undefined ? 0 : +byteOffset || 0;
  const max = buffer.byteLength - offset;
  if (max < 0) throw nodeErrors.make(RangeError, 'ERR_BUFFER_OUT_OF_BOUNDS', '"offset" is outside of buffer bounds');
  let size = max;
  if (length !== undefined) {
    size = +length || 0;
    if (size > max) throw nodeErrors.make(RangeError, 'ERR_BUFFER_OUT_OF_BOUNDS', '"length" is outside of buffer bounds');
  }
  return new FastBuffer(buffer, offset, size);
}

function fromArrayLike(value) {
  const length = value.length >>> 0;
  const buffer = new FastBuffer(length);
  for (let i = 0; i < length; i++) buffer[i] = value[i];
  return buffer;
}

const kFromTypes = 'of type string or an instance of Buffer, ArrayBuffer, or Array or an Array-like Object';

Buffer.from = function from(value, encodingOrOffset, length) {
  if (typeof value === 'string') return wrap(encodeString(value, getEncoding(encodingOrOffset)));
  if (typeof value === 'object' && value !== null) {
    if (isAnyArrayBuffer(value)) return fromArrayBuffer(value, encodingOrOffset, length);
    if (ArrayBufferIsView(value)) {
      // A copy of the bytes of a Uint8Array; other views copy element by element, as in Node.
      if (value instanceof Uint8ArrayCtor) return fromBytes(value);
      return fromArrayLike(value);
    }
    const primitive = value.valueOf?.();
    if (primitive != null && primitive !== value &&
        (typeof primitive === 'string' || typeof primitive === 'object')) {
      return Buffer.from(primitive, encodingOrOffset, length);
    }
    if (typeof value[SymbolToPrimitive] === 'function') {
      const converted = value[SymbolToPrimitive]('string');
      if (typeof converted === 'string') return Buffer.from(converted, encodingOrOffset);
    }
    if (value.length !== undefined || isAnyArrayBuffer(value.buffer)) {
      if (typeof value.length !== 'number') return new FastBuffer(0);
      return fromArrayLike(value);
    }
    if (value.type === 'Buffer' && ArrayIsArray(value.data)) return fromArrayLike(value.data);
  }
  throw nodeErrors.invalidArgType('first argument', kFromTypes, value);
};
Buffer.copyBytesFrom = function copyBytesFrom(view, offset = 0, length = undefined) {
  if (!ArrayBufferIsView(view) || view instanceof DataView) {
    throw nodeErrors.invalidArgType('view', 'an instance of TypedArray', view);
  }
  const end = length === undefined ? view.length : offset + length;
  const slice = view.subarray(offset, end);
  return fromBytes(new Uint8ArrayCtor(slice.buffer, slice.byteOffset, slice.byteLength));
};

function validateSize(size) {
  if (typeof size !== 'number') throw nodeErrors.invalidArgType('size', 'of type number', size);
  if (!(size >= 0 && size <= kMaxLength)) {
    throw nodeErrors.outOfRange('size', `>= 0 && <= ${kMaxLength}`, size);
  }
}

Buffer.alloc = function alloc(size, fill, encoding) {
  validateSize(size);
  const buffer = new FastBuffer(size);
  if (fill !== undefined && fill !== 0 && size > 0) buffer.fill(fill, 0, size, encoding);
  return buffer;
};
// Zero-filled all the same: uninitialized memory is not worth the risk in a shared server.
Buffer.allocUnsafe = function allocUnsafe(size) {
  validateSize(size);
  return new FastBuffer(size);
};
Buffer.allocUnsafeSlow = Buffer.allocUnsafe;

Buffer.isBuffer = function isBuffer(value) { return value instanceof Buffer; };
Buffer.isEncoding = function isEncoding(encoding) {
  return typeof encoding === 'string' && encoding.length !== 0 && normalizeEncoding(encoding) !== undefined;
};

Buffer.byteLength = function byteLength(string, encoding) {
  if (typeof string !== 'string') {
    if (ArrayBufferIsView(string) || isAnyArrayBuffer(string)) return string.byteLength;
    throw nodeErrors.invalidArgType('string', 'of type string or an instance of Buffer or ArrayBuffer', string);
  }
  return byteLengthOf(string, normalizeEncoding(encoding) ?? 'utf8');
};

function compareBytes(a, b) {
  const n = MathMin(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

function validateBytes(value, name) {
  if (!(value instanceof Uint8ArrayCtor)) {
    throw nodeErrors.invalidArgType(name, 'an instance of Buffer or Uint8Array', value);
  }
}

Buffer.compare = function compare(a, b) {
  validateBytes(a, 'buf1');
  validateBytes(b, 'buf2');
  return compareBytes(a, b);
};

Buffer.concat = function concat(list, totalLength) {
  if (!ArrayIsArray(list)) throw nodeErrors.invalidArgType('list', 'an instance of Array', list);
  if (list.length === 0) return new FastBuffer(0);
  if (totalLength === undefined) {
    totalLength = 0;
    for (let i = 0; i < list.length; i++) {
      validateBytes(list[i], `list[${i}]`);
      totalLength += list[i].length;
    }
  } else {
    validateSize(totalLength);
  }
  const buffer = new FastBuffer(totalLength);
  let pos = 0;
  for (let i = 0; i < list.length && pos < totalLength; i++) {
    const item = list[i];
    validateBytes(item, `list[${i}]`);
    const n = MathMin(item.length, totalLength - pos);
    TypedArrayPrototypeSet(buffer, n === item.length ? item : TypedArrayPrototypeSubarray(item, 0, n), pos);
    pos += n;
  }
  return buffer;
};

const proto = FastBuffer.prototype;

// start/end as Node clamps them for toString, slice and friends.
function clampIndex(value, length, fallback) {
  if (value === undefined) return fallback;
  let n = +value;
  if (NumberIsNaN(n)) return 0;
  n = n < 0 ? MathMax(length + MathFloor(n), 0) : MathMin(MathFloor(n), length);
  return n;
}

proto.toString = function toString(encoding, start, end) {
  if (arguments.length === 0) return decodeBytes(this, 'utf8');
  const length = this.length;
  start = start === undefined || start <= 0 ? 0 : MathMin(start | 0, length);
  end = end === undefined || end > length ? length : end | 0;
  if (end <= start) return '';
  const bytes = start === 0 && end === length ? this : TypedArrayPrototypeSubarray(this, start, end);
  return decodeBytes(bytes, getEncoding(encoding));
};
proto.toLocaleString = proto.toString;

proto.toJSON = function toJSON() {
  const data = new Array(this.length);
  for (let i = 0; i < this.length; i++) data[i] = this[i];
  return { type: 'Buffer', data };
};

proto.equals = function equals(other) {
  validateBytes(other, 'otherBuffer');
  return this === other || compareBytes(this, other) === 0;
};

proto.compare = function compare(target, targetStart = 0, targetEnd = target?.length,
                                 sourceStart = 0, sourceEnd = this.length) {
  validateBytes(target, 'target');
  checkRange('targetStart', targetStart, 0, target.length);
  checkRange('targetEnd', targetEnd, 0, target.length);
  checkRange('sourceStart', sourceStart, 0, this.length);
  checkRange('sourceEnd', sourceEnd, 0, this.length);
  if (sourceStart >= sourceEnd) return targetStart >= targetEnd ? 0 : -1;
  if (targetStart >= targetEnd) return 1;
  return compareBytes(TypedArrayPrototypeSubarray(this, sourceStart, sourceEnd),
    TypedArrayPrototypeSubarray(target, targetStart, targetEnd));
};

function checkRange(name, value, min, max) {
  if (typeof value !== 'number') throw nodeErrors.invalidArgType(name, 'of type number', value);
  if (!NumberIsInteger(value)) throw nodeErrors.outOfRange(name, 'an integer', value);
  if (value < min || value > max) throw nodeErrors.outOfRange(name, `>= ${min} && <= ${max}`, value);
}

proto.copy = function copy(target, targetStart = 0, sourceStart = 0, sourceEnd = this.length) {
  validateBytes(target, 'target');
  targetStart = toInteger(targetStart, 'targetStart');
  sourceStart = toInteger(sourceStart, 'sourceStart');
  sourceEnd = MathMin(toInteger(sourceEnd, 'sourceEnd'), this.length);
  if (sourceStart > this.length) throw nodeErrors.outOfRange('sourceStart', `>= 0 && <= ${this.length}`, sourceStart);
  if (targetStart >= target.length || sourceStart >= sourceEnd) return 0;
  const n = MathMin(sourceEnd - sourceStart, target.length - targetStart);
  // A copy within one buffer may overlap: copy through a temporary view set() handles.
  TypedArrayPrototypeSet(target, TypedArrayPrototypeSubarray(this, sourceStart, sourceStart + n), targetStart);
  return n;
};

function toInteger(value, name) {
  const n = +value;
  if (NumberIsNaN(n)) return 0;
  if (n < 0) throw nodeErrors.outOfRange(name, '>= 0', value);
  return MathFloor(n);
}

proto.fill = function fill(value, offset = 0, end = this.length, encoding = undefined) {
  if (typeof offset === 'string') {
    encoding = offset;
    offset = 0;
    end = this.length;
  } else if (typeof end === 'string') {
    encoding = end;
    end = this.length;
  }
  checkRange('offset', offset, 0, this.length);
  checkRange('end', end, 0, this.length);
  if (offset >= end) return this;
  if (typeof value === 'number') {
    TypedArrayPrototypeFill(this, value & 0xFF, offset, end);
    return this;
  }
  if (typeof value === 'boolean') {
    TypedArrayPrototypeFill(this, +value, offset, end);
    return this;
  }
  let pattern;
  if (typeof value === 'string') {
    const enc = getEncoding(encoding);
    if (value.length === 1 && enc === 'utf8' && value.charCodeAt(0) < 128) {
      TypedArrayPrototypeFill(this, value.charCodeAt(0), offset, end);
      return this;
    }
    pattern = encodeString(value, enc);
    if (pattern.length === 0) {
      if (value.length === 0) {
        TypedArrayPrototypeFill(this, 0, offset, end);
        return this;
      }
      throw nodeErrors.invalidArgValue('value', value);
    }
  } else if (value instanceof Uint8ArrayCtor) {
    pattern = value;
    if (pattern.length === 0) throw nodeErrors.invalidArgValue('value', value);
  } else {
    TypedArrayPrototypeFill(this, (+value || 0) & 0xFF, offset, end);
    return this;
  }
  for (let i = offset, j = 0; i < end; i++) {
    this[i] = pattern[j];
    if (++j === pattern.length) j = 0;
  }
  return this;
};

proto.write = function write(string, offset, length, encoding) {
  if (typeof string !== 'string') throw nodeErrors.invalidArgType('argument', 'of type string', string);
  if (offset === undefined) {
    return writeString(this, string, 0, this.length, 'utf8');
  }
  if (length === undefined && typeof offset === 'string') {
    return writeString(this, string, 0, this.length, getEncoding(offset));
  }
  checkRange('offset', offset, 0, this.length);
  const remaining = this.length - offset;
  if (length === undefined) {
    length = remaining;
  } else if (typeof length === 'string') {
    encoding = length;
    length = remaining;
  } else {
    checkRange('length', length, 0, this.length);
    if (length > remaining) length = remaining;
  }
  return writeString(this, string, offset, length, getEncoding(encoding));
};

proto.slice = function slice(start, end) {
  const length = this.length;
  const from = clampIndex(start, length, 0);
  const to = clampIndex(end, length, length);
  return new FastBuffer(this.buffer, this.byteOffset + from, MathMax(to - from, 0));
};
proto.subarray = proto.slice;

// Byte offset where `needle` occurs (first, or last going backwards), or -1.
function search(buffer, value, byteOffset, encoding, forward) {
  if (typeof byteOffset === 'string') {
    encoding = byteOffset;
    byteOffset = undefined;
  }
  let needle;
  if (typeof value === 'number') {
    needle = new Uint8ArrayCtor([value & 0xFF]);
  } else if (typeof value === 'string') {
    needle = encodeString(value, getEncoding(encoding));
  } else if (value instanceof Uint8ArrayCtor) {
    needle = value;
  } else {
    throw nodeErrors.invalidArgType('value', 'one of type number or string or an instance of Buffer or Uint8Array', value);
  }
  const length = buffer.length;
  let from = byteOffset === undefined || byteOffset === null ? (forward ? 0 : length) : +byteOffset;
  if (NumberIsNaN(from)) from = forward ? 0 : length;
  from = MathFloor(from);
  if (from < 0) from += length;
  if (needle.length === 0) return forward ? MathMin(MathMax(from, 0), length) : MathMin(MathMax(from, 0), length);
  if (forward) {
    for (let i = MathMax(from, 0); i + needle.length <= length; i++) {
      if (matchesAt(buffer, needle, i)) return i;
    }
  } else {
    for (let i = MathMin(from, length - needle.length); i >= 0; i--) {
      if (matchesAt(buffer, needle, i)) return i;
    }
  }
  return -1;
}
function matchesAt(buffer, needle, at) {
  for (let j = 0; j < needle.length; j++) {
    if (buffer[at + j] !== needle[j]) return false;
  }
  return true;
}

proto.indexOf = function indexOf(value, byteOffset, encoding) {
  return search(this, value, byteOffset, encoding, true);
};
proto.lastIndexOf = function lastIndexOf(value, byteOffset, encoding) {
  return search(this, value, byteOffset, encoding, false);
};
proto.includes = function includes(value, byteOffset, encoding) {
  return search(this, value, byteOffset, encoding, true) !== -1;
};

function swapper(size, name) {
  return function swap() {
    if (this.length % size !== 0) {
      throw nodeErrors.make(RangeError, 'ERR_INVALID_BUFFER_SIZE', `Buffer size must be a multiple of ${name}`);
    }
    for (let i = 0; i < this.length; i += size) {
      for (let a = i, b = i + size - 1; a < b; a++, b--) {
        const t = this[a];
        this[a] = this[b];
        this[b] = t;
      }
    }
    return this;
  };
}
proto.swap16 = swapper(2, '16-bits');
proto.swap32 = swapper(4, '32-bits');
proto.swap64 = swapper(8, '64-bits');

ObjectDefineProperty(proto, 'parent', { get() { return this.buffer; }, configurable: true, enumerable: true });
ObjectDefineProperty(proto, 'offset', { get() { return this.byteOffset; }, configurable: true, enumerable: true });

// <Buffer 68 65 6c 6c 6f>, as Node's util.inspect shows a Buffer.
proto[internals.customInspectSymbol] = function inspect() {
  const shown = MathMin(this.length, INSPECT_MAX_BYTES);
  let text = decodeBytes(TypedArrayPrototypeSubarray(this, 0, shown), 'hex').replace(/(.{2})/g, '$1 ').trim();
  if (this.length > shown) text += ` ... ${this.length - shown} more byte${this.length - shown > 1 ? 's' : ''}`;
  return `<${this.constructor.name} ${text}>`.replace(' >', '>');
};

// SlowBuffer(size): Node's deprecated unpooled allocation.
function SlowBuffer(size) {
  return Buffer.allocUnsafeSlow(size);
}
SlowBuffer.prototype = proto;
ObjectSetPrototypeOf(SlowBuffer, Uint8ArrayCtor);

function isUtf8(input) {
  const bytes = ArrayBufferIsView(input)
    ? new Uint8ArrayCtor(input.buffer, input.byteOffset, input.byteLength)
    : new Uint8ArrayCtor(input);
  try {
    ops.decodeUtf8(bytes, true);
    return true;
  } catch {
    return false;
  }
}
function isAscii(input) {
  const bytes = ArrayBufferIsView(input)
    ? new Uint8ArrayCtor(input.buffer, input.byteOffset, input.byteLength)
    : new Uint8ArrayCtor(input);
  for (let i = 0; i < bytes.length; i++) if (bytes[i] > 0x7F) return false;
  return true;
}

internals.Buffer = Buffer;
internals.FastBuffer = FastBuffer;
internals.bufferPrototype = proto;
internals.nodeBufferExports = {
  Buffer, SlowBuffer, kMaxLength, kStringMaxLength, INSPECT_MAX_BYTES,
  constants: { MAX_LENGTH: kMaxLength, MAX_STRING_LENGTH: kStringMaxLength },
  isUtf8, isAscii,
};

// Workers has no blob: URL registry for it to look in.
function resolveObjectURL(id) {
  throw new Error('resolveObjectURL is not implemented');
}

internals.defineNodeModule('buffer', {
  ...internals.nodeBufferExports, transcode: internals.nodeBufferTranscode, resolveObjectURL,
  atob: globalThis.atob, btoa: globalThis.btoa, Blob: globalThis.Blob, File: globalThis.File,
});
// nodejs_compat_v2 (Cloudflare): Buffer is a global, as in Node.
internals.onCompatibility(() => {
  if (internals.compatEnabled('nodejs_compat_v2')) internals.defineGlobal('Buffer', Buffer);
});
