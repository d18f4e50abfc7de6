'use strict';
// atob() and btoa() (HTML §8.3 "Base64 utility methods") with Workers' error messages (workerd
// api/global-scope.c++), plus byte-level base64 helpers for other runtime files.

const {
  ArrayPrototypeJoin,
  ArrayPrototypePush,
  ReflectApply,
  StringFromCharCode,
  StringPrototypeCharCodeAt,
  TypedArrayPrototypeGetLength,
  TypedArrayPrototypeSubarray,
  Uint8Array: Uint8ArrayCtor,
  Int8Array: Int8ArrayCtor,
} = primordials;
const { createDOMException, webidl } = internals;
const toDOMString = webidl.converters.DOMString;

const kAlphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const kUrlAlphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const kEncode = new Uint8ArrayCtor(64);
const kUrlEncode = new Uint8ArrayCtor(64);
for (let i = 0; i < 64; i++) {
  kEncode[i] = StringPrototypeCharCodeAt(kAlphabet, i);
  kUrlEncode[i] = StringPrototypeCharCodeAt(kUrlAlphabet, i);
}
// ASCII code → 6-bit value; -1 invalid, -2 ASCII whitespace (skipped by forgiving-base64).
const makeDecodeTable = (alphabet) => {
  const table = new Int8ArrayCtor(128).fill(-1);
  for (let i = 0; i < 64; i++) table[StringPrototypeCharCodeAt(alphabet, i)] = i;
  for (const ws of [0x09, 0x0A, 0x0C, 0x0D, 0x20]) table[ws] = -2;
  return table;
};
const kDecode = makeDecodeTable(kAlphabet);
const kUrlDecode = makeDecodeTable(kUrlAlphabet);

const kChunk = 8192;
// Latin-1 string from byte values.
const bytesToBinaryString = (bytes, len) => {
  if (len <= kChunk) {
    return ReflectApply(StringFromCharCode, null, TypedArrayPrototypeSubarray(bytes, 0, len));
  }
  const parts = [];
  for (let i = 0; i < len; i += kChunk) {
    ArrayPrototypePush(parts, ReflectApply(StringFromCharCode, null,
      TypedArrayPrototypeSubarray(bytes, i, i + kChunk < len ? i + kChunk : len)));
  }
  return ArrayPrototypeJoin(parts, '');
};

// `get(i)` returns byte i of the input (a Uint8Array or a binary string).
const encodeWith = (len, get, table, pad) => {
  const out = new Uint8ArrayCtor(((len + 2) / 3 | 0) * 4);
  let o = 0;
  let i = 0;
  for (; i + 2 < len; i += 3) {
    const n = (get(i) << 16) | (get(i + 1) << 8) | get(i + 2);
    out[o++] = table[n >> 18];
    out[o++] = table[(n >> 12) & 63];
    out[o++] = table[(n >> 6) & 63];
    out[o++] = table[n & 63];
  }
  if (i < len) {
    const n = (get(i) << 16) | (i + 1 < len ? get(i + 1) << 8 : 0);
    out[o++] = table[n >> 18];
    out[o++] = table[(n >> 12) & 63];
    if (i + 1 < len) out[o++] = table[(n >> 6) & 63];
    else if (pad) out[o++] = 0x3D;
    if (pad) out[o++] = 0x3D;
  }
  return bytesToBinaryString(out, o);
};

// Forgiving-base64 decode (Infra §4.7 "forgiving-base64 decode"): strips ASCII whitespace,
// allows up to two trailing '=' when the length is a multiple of 4. Returns the bytes, or
// undefined on failure. With `url`, decodes the URL-safe alphabet and requires no padding rules.
const decodeWith = (s, table) => {
  const len = s.length;
  // Count the data characters and validate in one pass.
  let count = 0;
  let padding = 0;
  for (let i = 0; i < len; i++) {
    const c = StringPrototypeCharCodeAt(s, i);
    if (c === 0x3D) { // '='
      padding++;
      continue;
    }
    const v = c < 128 ? table[c] : -1;
    if (v === -2) continue;
    if (v === -1 || padding !== 0) return undefined; // invalid, or data after '='
    count++;
  }
  if (padding !== 0) {
    if (padding > 2 || (count + padding) % 4 !== 0) return undefined;
  }
  if (count % 4 === 1) return undefined;
  const out = new Uint8ArrayCtor((count * 3) >> 2);
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < len; i++) {
    const c = StringPrototypeCharCodeAt(s, i);
    const v = c < 128 ? table[c] : -1;
    if (v < 0) continue;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xFF;
    }
  }
  return out;
};

const kAtobError = "atob() called with invalid base64-encoded data. (Only whitespace, '+', '/', " +
  "alphanumeric ASCII, and up to two terminal '=' signs when the input data length is " +
  'divisible by 4 are allowed.)';
const kBtoaError = 'btoa() can only operate on characters in the Latin1 (ISO/IEC 8859-1) range.';

function atob(data) {
  data = toDOMString(data);
  const bytes = decodeWith(data, kDecode);
  if (bytes === undefined) throw createDOMException(kAtobError, 'InvalidCharacterError', atob);
  return bytesToBinaryString(bytes, TypedArrayPrototypeGetLength(bytes));
}

function btoa(data) {
  data = toDOMString(data);
  const len = data.length;
  for (let i = 0; i < len; i++) {
    if (StringPrototypeCharCodeAt(data, i) > 0xFF) {
      throw createDOMException(kBtoaError, 'InvalidCharacterError', btoa);
    }
  }
  return encodeWith(len, (i) => StringPrototypeCharCodeAt(data, i), kEncode, true);
}

internals.base64Encode = (u8) =>
  encodeWith(TypedArrayPrototypeGetLength(u8), (i) => u8[i], kEncode, true);
internals.base64UrlEncode = (u8) =>
  encodeWith(TypedArrayPrototypeGetLength(u8), (i) => u8[i], kUrlEncode, false);
// → Uint8Array, or undefined when `str` is not forgiving-base64.
internals.base64Decode = (str) => decodeWith(str, kDecode);
internals.base64UrlDecode = (str) => decodeWith(str, kUrlDecode);
internals.binaryStringFromBytes = (u8) => bytesToBinaryString(u8, TypedArrayPrototypeGetLength(u8));

internals.defineGlobal('atob', atob);
internals.defineGlobal('btoa', btoa);
