'use strict';
// node:string_decoder: StringDecoder decodes a byte stream chunk by chunk without splitting a
// multi-byte character (utf8, utf16le) or a base64 group across write() calls; end() flushes
// what is left (an incomplete UTF-8 sequence becomes U+FFFD).

const { Uint8Array: Uint8ArrayCtor, TypedArrayPrototypeSubarray, TypedArrayPrototypeSet, ArrayBufferIsView } = primordials;
const { normalizeEncoding, decodeBytes } = internals.bufferCodecs;
const { nodeErrors } = internals;

// How many bytes at the end of `bytes` belong to an unfinished UTF-8 character.
function utf8Incomplete(bytes) {
  const n = bytes.length;
  for (let back = 1; back <= 3 && back <= n; back++) {
    const byte = bytes[n - back];
    if ((byte & 0xC0) === 0x80) continue;  // continuation byte: keep looking for the lead
    const need = byte >= 0xF0 && byte <= 0xF4 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC2 ? 2 : 1;
    return need > back ? back : 0;
  }
  return 0;
}

function toBytes(chunk) {
  if (typeof chunk === 'string') return chunk;
  if (ArrayBufferIsView(chunk)) return new Uint8ArrayCtor(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  throw nodeErrors.invalidArgType('buf', 'an instance of Buffer, TypedArray, or DataView', chunk);
}

class StringDecoder {
  #pending = new Uint8ArrayCtor(0);

  constructor(encoding) {
    const normalized = normalizeEncoding(encoding);
    if (normalized === undefined) throw nodeErrors.unknownEncoding(encoding);
    this.encoding = normalized;
  }

  write(chunk) {
    const bytes = toBytes(chunk);
    if (typeof bytes === 'string') return bytes;
    const all = this.#take(bytes);
    let keep = 0;
    switch (this.encoding) {
      case 'utf8': keep = utf8Incomplete(all); break;
      case 'utf16le': {
        keep = all.length % 2;
        // A high surrogate waits for its pair.
        const end = all.length - keep;
        if (end >= 2 && (all[end - 1] & 0xFC) === 0xD8) keep += 2;
        break;
      }
      case 'base64': case 'base64url': keep = all.length % 3; break;
      default: break;
    }
    this.#pending = keep > 0 ? all.slice(all.length - keep) : new Uint8ArrayCtor(0);
    return decodeBytes(TypedArrayPrototypeSubarray(all, 0, all.length - keep), this.encoding);
  }

  end(chunk) {
    let out = chunk === undefined ? '' : this.write(chunk);
    if (this.#pending.length > 0) {
      out += decodeBytes(this.#pending, this.encoding);
      this.#pending = new Uint8ArrayCtor(0);
    }
    return out;
  }

  // Node's legacy text(buf, offset): decodes from `offset`.
  text(chunk, offset) {
    return this.write(TypedArrayPrototypeSubarray(toBytes(chunk), offset));
  }

  get lastNeed() {
    const n = this.#pending.length;
    if (n === 0) return 0;
    if (this.encoding === 'utf8') {
      const lead = this.#pending[0];
      return (lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2) - n;
    }
    return this.encoding === 'utf16le' ? (n % 2 === 0 ? 2 : 1) : 3 - n;
  }
  get lastTotal() { return this.#pending.length + this.lastNeed; }
  get lastChar() {
    const out = new Uint8ArrayCtor(4);
    TypedArrayPrototypeSet(out, this.#pending);
    return internals.Buffer.from(out.buffer);
  }

  #take(bytes) {
    if (this.#pending.length === 0) return bytes;
    const all = new Uint8ArrayCtor(this.#pending.length + bytes.length);
    TypedArrayPrototypeSet(all, this.#pending);
    TypedArrayPrototypeSet(all, bytes, this.#pending.length);
    return all;
  }
}

internals.defineNodeModule('string_decoder', { StringDecoder });
