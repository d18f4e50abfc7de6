'use strict';
// node:buffer's transcode(source, fromEnc, toEnc) between utf8, utf16le/ucs2 and latin1/ascii,
// answering as Workers does: its latin1 and ascii are both windows-1252 (byte 0x80 is '€'),
// characters a target cannot hold become '?', malformed input throws. Loaded before
// 63_node_buffer.js, which exports it; FastBuffer is looked up when called.

const {
  Uint8Array: Uint8ArrayCtor, Error, TypeError, StringPrototypeCharCodeAt, StringFromCharCode,
  SafeMap, TypedArrayPrototypeGetSymbolToStringTag, ArrayBufferIsView, ArrayPrototypePush,
  TypedArrayPrototypeSet,
} = primordials;
const { nodeErrors } = internals;

// windows-1252 bytes 0x80-0x9F; the five it leaves undefined stand for themselves (WHATWG
// Encoding's index-windows-1252 plus the pass-through workerd shows).
const kHighBytes = [
  0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039,
  0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
];
const kByteOf = new SafeMap();
for (let i = 0; i < kHighBytes.length; i++) kByteOf.set(kHighBytes[i], 0x80 + i);

const kQuestionMark = 0x3F;
const transcodeError = (message) => new Error(message);

function decode1252(bytes) {
  let text = '';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    text += StringFromCharCode(b >= 0x80 && b < 0xA0 ? kHighBytes[b - 0x80] : b);
  }
  return text;
}

function decodeUtf16le(bytes) {
  if (bytes.length % 2 !== 0) throw transcodeError('UTF-16le input size should be multiple of 2');
  let text = '';
  for (let i = 0; i < bytes.length; i += 2) text += StringFromCharCode(bytes[i] | (bytes[i + 1] << 8));
  return text;
}

// Malformed UTF-8 cannot become UTF-16; into a single-byte target it becomes '?' (via U+FFFD).
function decodeUtf8(bytes, fatal) {
  try {
    return new internals.TextDecoder('utf-8', { fatal, ignoreBOM: true }).decode(bytes);
  } catch {
    throw transcodeError('Unable to transcode buffer');
  }
}

// Single-byte text widened to UTF-16 byte for byte (Workers does not apply windows-1252 here).
function widenToUtf16le(bytes) {
  const out = new Uint8ArrayCtor(bytes.length * 2);
  for (let i = 0; i < bytes.length; i++) out[2 * i] = bytes[i];
  return out;
}

// One byte per code point; a surrogate pair is one character, so one '?'.
function encode1252(text) {
  const out = [];
  for (let i = 0; i < text.length; i++) {
    const c = StringPrototypeCharCodeAt(text, i);
    if (c >= 0xD800 && c <= 0xDBFF && i + 1 < text.length &&
        (StringPrototypeCharCodeAt(text, i + 1) & 0xFC00) === 0xDC00) {
      i++;
      ArrayPrototypePush(out, kQuestionMark);
    } else if (c < 0x80 || (c >= 0xA0 && c <= 0xFF)) {
      ArrayPrototypePush(out, c);
    } else {
      ArrayPrototypePush(out, kByteOf.get(c) ?? kQuestionMark);
    }
  }
  return new Uint8ArrayCtor(out);
}

function encodeUtf16le(text) {
  const out = new Uint8ArrayCtor(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    const c = StringPrototypeCharCodeAt(text, i);
    out[2 * i] = c & 0xFF;
    out[2 * i + 1] = c >> 8;
  }
  return out;
}

// A lone surrogate has no UTF-8 form.
function hasLoneSurrogate(text) {
  for (let i = 0; i < text.length; i++) {
    const c = StringPrototypeCharCodeAt(text, i);
    if (c < 0xD800 || c > 0xDFFF) continue;
    if (c > 0xDBFF || i + 1 >= text.length || (StringPrototypeCharCodeAt(text, i + 1) & 0xFC00) !== 0xDC00) return true;
    i++;
  }
  return false;
}

function encodeUtf8(text) {
  if (hasLoneSurrogate(text)) throw transcodeError('Expected UTF8 length mismatch');
  return new internals.TextEncoder().encode(text);
}

const kCodecs = {
  utf8: [(bytes) => decodeUtf8(bytes, true), encodeUtf8],
  utf16le: [decodeUtf16le, encodeUtf16le],
  latin1: [decode1252, encode1252],
  ascii: [decode1252, encode1252],
};

function codecOf(encoding) {
  const name = internals.bufferCodecs.normalizeEncoding(encoding);
  if (name === undefined) throw nodeErrors.unknownEncoding(encoding);
  const codec = kCodecs[name];
  if (codec === undefined) throw transcodeError('Unable to transcode buffer due to unsupported encoding');
  return { name, codec };
}

function transcode(source, fromEncoding, toEncoding) {
  if (!ArrayBufferIsView(source)) {
    throw nodeErrors.invalidArgType('source', 'an instance of ArrayBufferView', source);
  }
  if (TypedArrayPrototypeGetSymbolToStringTag(source) !== 'Uint8Array') {
    throw new TypeError("Failed to execute 'transcode' on 'BufferUtil': parameter 1 is not of type 'JsUint8Array'.");
  }
  const from = codecOf(fromEncoding);
  const to = codecOf(toEncoding);
  const { FastBuffer } = internals;
  if (from.name === to.name) {
    const copy = new FastBuffer(source.length);
    TypedArrayPrototypeSet(copy, source);
    return copy;
  }
  const singleByte = (name) => name === 'latin1' || name === 'ascii';
  if (singleByte(from.name) && to.name === 'utf16le') {
    const bytes = widenToUtf16le(source);
    return new FastBuffer(bytes.buffer, bytes.byteOffset, bytes.length);
  }
  const text = from.name === 'utf8' && singleByte(to.name) ? decodeUtf8(source, false) : from.codec[0](source);
  const bytes = to.codec[1](text);
  return new FastBuffer(bytes.buffer, bytes.byteOffset, bytes.length);
}

internals.nodeBufferTranscode = transcode;
