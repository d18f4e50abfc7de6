'use strict';
// The string encodings of node:buffer (utf8, hex, base64, base64url, latin1/binary, ascii,
// utf16le/ucs2): encoding names, byte lengths, string → bytes and bytes → string. Node's
// decoders are lenient (hex stops at the first bad pair; base64 skips characters outside both
// alphabets and stops at '='), and these follow them, not the stricter web atob().

const {
  StringPrototypeCharCodeAt, StringPrototypeToLowerCase, StringFromCharCode, ReflectApply,
  TypedArrayPrototypeSubarray, Uint8Array: Uint8ArrayCtor, Int8Array: Int8ArrayCtor,
  ArrayPrototypeJoin, ArrayPrototypePush, MathMin,
} = primordials;
const { encodeUtf8, encodeUtf8Into, decodeUtf8 } = ops;

// Canonical name for each spelling Node accepts (case-insensitive).
const kEncodings = {
  __proto__: null,
  'utf8': 'utf8', 'utf-8': 'utf8',
  'hex': 'hex',
  'base64': 'base64',
  'base64url': 'base64url',
  'latin1': 'latin1', 'binary': 'latin1',
  'ascii': 'ascii',
  'ucs2': 'utf16le', 'ucs-2': 'utf16le', 'utf16le': 'utf16le', 'utf-16le': 'utf16le',
};

// undefined when `encoding` is not one Node knows; undefined/null/'' mean utf8.
function normalizeEncoding(encoding) {
  if (encoding === undefined || encoding === null || encoding === '') return 'utf8';
  if (typeof encoding !== 'string') return undefined;
  return kEncodings[encoding] ?? kEncodings[StringPrototypeToLowerCase(encoding)];
}

// Byte length of the UTF-8 encoding (lone surrogates count as U+FFFD, 3 bytes).
function utf8Length(string) {
  let bytes = 0;
  const len = string.length;
  for (let i = 0; i < len; i++) {
    const c = StringPrototypeCharCodeAt(string, i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xD800 && c <= 0xDBFF && i + 1 < len &&
             (StringPrototypeCharCodeAt(string, i + 1) & 0xFC00) === 0xDC00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

function base64Length(string) {
  let len = string.length;
  // Trailing '=' (at most two) carry no bytes.
  if (len > 0 && StringPrototypeCharCodeAt(string, len - 1) === 0x3D) len--;
  if (len > 1 && StringPrototypeCharCodeAt(string, len - 1) === 0x3D) len--;
  return (len * 3) >>> 2;
}

function byteLengthOf(string, encoding) {
  switch (encoding) {
    case 'utf8': return utf8Length(string);
    case 'hex': return string.length >>> 1;
    case 'base64': case 'base64url': return base64Length(string);
    case 'utf16le': return string.length * 2;
    default: return string.length;  // latin1, ascii
  }
}

const kHexDigit = new Int8ArrayCtor(128).fill(-1);
for (let i = 0; i < 10; i++) kHexDigit[0x30 + i] = i;
for (let i = 0; i < 6; i++) kHexDigit[0x41 + i] = kHexDigit[0x61 + i] = 10 + i;
// Both base64 alphabets at once, as Node decodes them.
const kBase64Digit = new Int8ArrayCtor(128).fill(-1);
{
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  for (let i = 0; i < 62; i++) kBase64Digit[StringPrototypeCharCodeAt(alphabet, i)] = i;
  kBase64Digit[0x2B] = kBase64Digit[0x2D] = 62;  // + -
  kBase64Digit[0x2F] = kBase64Digit[0x5F] = 63;  // / _
}

// Writes `string` into bytes[offset, offset + max) and returns the number of bytes written.
// Never writes part of a character (utf8, utf16le) or of a hex pair.
function writeString(bytes, string, offset, max, encoding) {
  const end = offset + max;
  switch (encoding) {
    case 'utf8': {
      const [, written] = encodeUtf8Into(string, TypedArrayPrototypeSubarray(bytes, offset, end));
      return written;
    }
    case 'hex': {
      const pairs = MathMin(string.length >>> 1, max);
      let i = 0;
      for (; i < pairs; i++) {
        const hi = hexDigit(string, 2 * i);
        const lo = hexDigit(string, 2 * i + 1);
        if (hi < 0 || lo < 0) break;
        bytes[offset + i] = (hi << 4) | lo;
      }
      return i;
    }
    case 'base64': case 'base64url': {
      let o = offset;
      let acc = 0;
      let bits = 0;
      for (let i = 0; i < string.length && o < end; i++) {
        const c = StringPrototypeCharCodeAt(string, i);
        if (c === 0x3D) break;
        const v = c < 128 ? kBase64Digit[c] : -1;
        if (v < 0) continue;
        acc = (acc << 6) | v;
        bits += 6;
        if (bits >= 8) {
          bits -= 8;
          bytes[o++] = (acc >> bits) & 0xFF;
        }
      }
      return o - offset;
    }
    case 'utf16le': {
      const units = MathMin(string.length, max >>> 1);
      for (let i = 0; i < units; i++) {
        const c = StringPrototypeCharCodeAt(string, i);
        bytes[offset + 2 * i] = c & 0xFF;
        bytes[offset + 2 * i + 1] = c >>> 8;
      }
      return units * 2;
    }
    default: {  // latin1, ascii: the low byte of each code unit
      const n = MathMin(string.length, max);
      for (let i = 0; i < n; i++) bytes[offset + i] = StringPrototypeCharCodeAt(string, i) & 0xFF;
      return n;
    }
  }
}

function hexDigit(string, i) {
  const c = StringPrototypeCharCodeAt(string, i);
  return c < 128 ? kHexDigit[c] : -1;
}

// A new Uint8Array holding `string` in `encoding`.
function encodeString(string, encoding) {
  if (encoding === 'utf8') return encodeUtf8(string);
  const bytes = new Uint8ArrayCtor(byteLengthOf(string, encoding));
  const written = writeString(bytes, string, 0, bytes.length, encoding);
  return written === bytes.length ? bytes : TypedArrayPrototypeSubarray(bytes, 0, written);
}

const kChunk = 8192;
function fromCharCodes(codes) {
  const len = codes.length;
  if (len <= kChunk) return ReflectApply(StringFromCharCode, null, codes);
  const parts = [];
  for (let i = 0; i < len; i += kChunk) {
    ArrayPrototypePush(parts, ReflectApply(StringFromCharCode, null,
      TypedArrayPrototypeSubarray(codes, i, MathMin(i + kChunk, len))));
  }
  return ArrayPrototypeJoin(parts, '');
}

const kHexPairs = [];
for (let i = 0; i < 256; i++) kHexPairs.push((i < 16 ? '0' : '') + i.toString(16));

// `bytes` (a Uint8Array view) as a string in `encoding`.
function decodeBytes(bytes, encoding) {
  switch (encoding) {
    case 'utf8': return decodeUtf8(bytes, false);
    case 'hex': {
      let out = '';
      for (let i = 0; i < bytes.length; i++) out += kHexPairs[bytes[i]];
      return out;
    }
    case 'base64': return internals.base64Encode(bytes);
    case 'base64url': return internals.base64UrlEncode(bytes);
    case 'latin1': return internals.binaryStringFromBytes(bytes);
    case 'ascii': {
      const codes = new Uint8ArrayCtor(bytes.length);
      for (let i = 0; i < bytes.length; i++) codes[i] = bytes[i] & 0x7F;
      return fromCharCodes(codes);
    }
    case 'utf16le': {
      const units = new primordials.Uint16Array(bytes.length >>> 1);
      for (let i = 0; i < units.length; i++) units[i] = bytes[2 * i] | (bytes[2 * i + 1] << 8);
      return fromCharCodes(units);
    }
  }
  return undefined;
}

internals.bufferCodecs = { normalizeEncoding, byteLengthOf, writeString, encodeString, decodeBytes };
