'use strict';
// Buffer's numeric reads and writes: (U)Int8/16/32 and variable-width (U)Int up to 48 bits,
// BigInt64, Float and Double, little- and big-endian, with Node's offset and value checks
// (ERR_OUT_OF_RANGE, ERR_BUFFER_OUT_OF_BOUNDS, ERR_INVALID_ARG_TYPE).

const {
  Float32Array: Float32ArrayCtor, Float64Array: Float64ArrayCtor, BigInt64Array: BigInt64ArrayCtor,
  BigUint64Array: BigUint64ArrayCtor, Uint8Array: Uint8ArrayCtor, NumberIsInteger, RangeError,
} = primordials;
const { nodeErrors } = internals;
const proto = internals.bufferPrototype;

// One 8-byte scratch area seen as each type; the host is little-endian (x86-64, arm64).
const scratch = new Uint8ArrayCtor(8);
const f32 = new Float32ArrayCtor(scratch.buffer, 0, 1);
const f64 = new Float64ArrayCtor(scratch.buffer);
const i64 = new BigInt64ArrayCtor(scratch.buffer);
const u64 = new BigUint64ArrayCtor(scratch.buffer);

function checkOffset(buffer, offset, size) {
  if (offset === undefined) offset = 0;
  if (typeof offset !== 'number') throw nodeErrors.invalidArgType('offset', 'of type number', offset);
  const last = buffer.length - size;
  if (!NumberIsInteger(offset)) throw nodeErrors.outOfRange('offset', 'an integer', offset);
  if (last < 0) {
    throw nodeErrors.make(RangeError, 'ERR_BUFFER_OUT_OF_BOUNDS', 'Attempt to access memory outside buffer bounds');
  }
  if (offset < 0 || offset > last) throw nodeErrors.outOfRange('offset', `>= 0 and <= ${last}`, offset);
  return offset;
}

function checkByteLength(byteLength) {
  if (typeof byteLength !== 'number') throw nodeErrors.invalidArgType('byteLength', 'of type number', byteLength);
  if (!NumberIsInteger(byteLength) || byteLength < 1 || byteLength > 6) {
    throw nodeErrors.outOfRange('byteLength', '>= 1 and <= 6', byteLength);
  }
}

// Node words ranges past 24 bits as powers of two.
function rangeText(size, signed, big) {
  const n = big ? 'n' : '';
  const bits = size * 8;
  if (size > 3) {
    return signed ? `>= -(2${n} ** ${bits - 1}${n}) and < 2${n} ** ${bits - 1}${n}`
      : `>= 0${n} and < 2${n} ** ${bits}${n}`;
  }
  return signed ? `>= ${-(2 ** (bits - 1))} and <= ${2 ** (bits - 1) - 1}` : `>= 0 and <= ${2 ** bits - 1}`;
}

function checkInt(value, size, signed) {
  if (typeof value !== 'number') throw nodeErrors.invalidArgType('value', 'of type number', value);
  const min = signed ? -(2 ** (size * 8 - 1)) : 0;
  const max = signed ? 2 ** (size * 8 - 1) - 1 : 2 ** (size * 8) - 1;
  if (value > max || value < min) throw nodeErrors.outOfRange('value', rangeText(size, signed, false), value);
}

// Bytes [offset, offset + size) as an unsigned integer, most significant first or last.
function readUnsigned(buffer, offset, size, bigEndian) {
  let value = 0;
  for (let i = 0; i < size; i++) {
    const byte = buffer[bigEndian ? offset + i : offset + size - 1 - i];
    value = value * 256 + byte;
  }
  return value;
}
function readSigned(buffer, offset, size, bigEndian) {
  const value = readUnsigned(buffer, offset, size, bigEndian);
  const limit = 2 ** (size * 8 - 1);
  return value >= limit ? value - limit * 2 : value;
}
function writeInteger(buffer, value, offset, size, bigEndian) {
  let v = value < 0 ? value + 2 ** (size * 8) : value;
  v = Math.trunc(v);
  for (let i = 0; i < size; i++) {
    buffer[bigEndian ? offset + size - 1 - i : offset + i] = v % 256;
    v = Math.floor(v / 256);
  }
  return offset + size;
}

function defineInt(name, size, signed, bigEndian) {
  proto[`read${name}`] = function (offset = 0) {
    offset = checkOffset(this, offset, size);
    return signed ? readSigned(this, offset, size, bigEndian) : readUnsigned(this, offset, size, bigEndian);
  };
  proto[`write${name}`] = function (value, offset = 0) {
    checkInt(value, size, signed);
    offset = checkOffset(this, offset, size);
    return writeInteger(this, value, offset, size, bigEndian);
  };
}
for (const [bits, size] of [[8, 1], [16, 2], [32, 4]]) {
  for (const signed of [false, true]) {
    const base = `${signed ? 'Int' : 'UInt'}${bits}`;
    if (size === 1) {
      defineInt(base, 1, signed, false);
    } else {
      defineInt(base + 'LE', size, signed, false);
      defineInt(base + 'BE', size, signed, true);
    }
  }
}

// readUIntLE(offset, byteLength) and friends: 1 to 6 bytes.
function defineVariable(name, signed, bigEndian) {
  proto[`read${name}`] = function (offset, byteLength) {
    checkByteLength(byteLength);
    offset = checkOffset(this, offset, byteLength);
    return signed ? readSigned(this, offset, byteLength, bigEndian)
      : readUnsigned(this, offset, byteLength, bigEndian);
  };
  proto[`write${name}`] = function (value, offset, byteLength) {
    checkByteLength(byteLength);
    checkInt(value, byteLength, signed);
    offset = checkOffset(this, offset, byteLength);
    return writeInteger(this, value, offset, byteLength, bigEndian);
  };
}
defineVariable('UIntLE', false, false);
defineVariable('UIntBE', false, true);
defineVariable('IntLE', true, false);
defineVariable('IntBE', true, true);

// Copies between the buffer and the scratch area, reversing for big-endian.
function load(buffer, offset, size, bigEndian) {
  for (let i = 0; i < size; i++) scratch[i] = buffer[bigEndian ? offset + size - 1 - i : offset + i];
}
function store(buffer, offset, size, bigEndian) {
  for (let i = 0; i < size; i++) buffer[bigEndian ? offset + size - 1 - i : offset + i] = scratch[i];
  return offset + size;
}

function defineFloat(name, view, size, bigEndian) {
  proto[`read${name}`] = function (offset = 0) {
    offset = checkOffset(this, offset, size);
    load(this, offset, size, bigEndian);
    return view[0];
  };
  proto[`write${name}`] = function (value, offset = 0) {
    offset = checkOffset(this, offset, size);
    view[0] = +value;
    return store(this, offset, size, bigEndian);
  };
}
defineFloat('FloatLE', f32, 4, false);
defineFloat('FloatBE', f32, 4, true);
defineFloat('DoubleLE', f64, 8, false);
defineFloat('DoubleBE', f64, 8, true);

function defineBig(name, view, signed, bigEndian) {
  proto[`read${name}`] = function (offset = 0) {
    offset = checkOffset(this, offset, 8);
    load(this, offset, 8, bigEndian);
    return view[0];
  };
  proto[`write${name}`] = function (value, offset = 0) {
    if (typeof value !== 'bigint') throw nodeErrors.invalidArgType('value', 'of type bigint', value);
    const min = signed ? -(2n ** 63n) : 0n;
    const max = signed ? 2n ** 63n - 1n : 2n ** 64n - 1n;
    if (value < min || value > max) throw nodeErrors.outOfRange('value', rangeText(8, signed, true), value);
    offset = checkOffset(this, offset, 8);
    view[0] = value;
    return store(this, offset, 8, bigEndian);
  };
}
defineBig('BigInt64LE', i64, true, false);
defineBig('BigInt64BE', i64, true, true);
defineBig('BigUInt64LE', u64, false, false);
defineBig('BigUInt64BE', u64, false, true);

// Node's lower-case aliases (readUint8, writeBigUint64LE, …).
for (const key of Object.getOwnPropertyNames(proto)) {
  if (/^(read|write)(Big)?UInt/.test(key)) proto[key.replace('UInt', 'Uint')] = proto[key];
}
