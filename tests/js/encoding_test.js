// TextEncoder, TextDecoder, TextEncoderStream, TextDecoderStream (runtime-js/api/06_encoding.js,
// 14_encoding_streams.js), checked against the Encoding Standard and Workers' quirks. Run by
// `edged test`: every export `{ async test() {} }` is a test case.

function assertEqual(actual, expected, message = '') {
  if (!Object.is(actual, expected)) {
    throw new Error(`${message ? `${message}: ` : ''}expected ${JSON.stringify(expected)}, ` +
      `got ${JSON.stringify(actual)}`);
  }
}
function assertBytes(actual, expected, message = '') {
  assertEqual(actual instanceof Uint8Array, true, `${message} is a Uint8Array`);
  assertEqual(JSON.stringify([...actual]), JSON.stringify(expected), message);
}
function assertThrows(fn, type, messageText) {
  try {
    fn();
  } catch (err) {
    if (!(err instanceof type)) throw new Error(`expected ${type.name}, got ${err}`);
    if (messageText !== undefined) assertEqual(err.message, messageText, 'error message');
    return err;
  }
  throw new Error(`expected ${type.name} "${messageText}", nothing thrown`);
}
const bytes = (...b) => new Uint8Array(b);

export const encoderBasics = {
  async test() {
    const enc = new TextEncoder();
    assertEqual(enc.encoding, 'utf-8');
    assertBytes(enc.encode(), []);
    assertBytes(enc.encode(undefined), []);
    assertBytes(enc.encode('A\u00e9\u20ac\u{1F600}'),
      [0x41, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80]);
    assertBytes(enc.encode('\ud800x\udc00'), [0xef, 0xbf, 0xbd, 0x78, 0xef, 0xbf, 0xbd],
      'lone surrogates');
    assertBytes(enc.encode(12), [0x31, 0x32]);
  },
};

export const encodeInto = {
  async test() {
    const enc = new TextEncoder();
    const dest = new Uint8Array(5);
    let r = enc.encodeInto('a\u20acb', dest);
    assertEqual(r.read, 3);
    assertEqual(r.written, 5);
    assertBytes(dest, [0x61, 0xe2, 0x82, 0xac, 0x62]);
    r = enc.encodeInto('\u{1F600}', new Uint8Array(3));
    assertEqual(r.read, 0, 'a code point that does not fit is not split');
    assertEqual(r.written, 0);
    assertThrows(() => enc.encodeInto('x', new Uint16Array(2)), TypeError,
      "Failed to execute 'encodeInto' on 'TextEncoder': parameter 2 is not of type 'Uint8Array'.");
  },
};

export const decoderBasics = {
  async test() {
    const dec = new TextDecoder();
    assertEqual(dec.encoding, 'utf-8');
    assertEqual(dec.fatal, false);
    assertEqual(dec.ignoreBOM, false);
    assertEqual(dec.decode(), '');
    assertEqual(dec.decode(bytes(0x68, 0x69)), 'hi');
    assertEqual(dec.decode(bytes(0x68, 0x69).buffer), 'hi', 'ArrayBuffer');
    assertEqual(dec.decode(new DataView(bytes(0, 0x61, 0x62).buffer, 1)), 'ab', 'DataView');
    assertEqual(dec.decode(bytes(0xff, 0x61)), '\ufffda');
    assertEqual(dec.decode(bytes(0xe2, 0x82)), '\ufffd', 'truncated sequence at the end');
    assertThrows(() => dec.decode('text'), TypeError);
  },
};

export const labels = {
  async test() {
    assertEqual(new TextDecoder(' UTF8 ').encoding, 'utf-8');
    assertEqual(new TextDecoder('unicode-1-1-utf-8').encoding, 'utf-8');
    assertEqual(new TextDecoder('utf-16').encoding, 'utf-16le');
    assertEqual(new TextDecoder('UTF-16BE').encoding, 'utf-16be');
    assertEqual(new TextDecoder('latin1').encoding, 'windows-1252');
    assertEqual(new TextDecoder('ascii').encoding, 'windows-1252');
    assertEqual(new TextDecoder('koi8-r').encoding, 'koi8-r');
    assertEqual(new TextDecoder('cp1251').encoding, 'windows-1251');
    assertThrows(() => new TextDecoder('nope'), RangeError, '"nope" is not a valid encoding.');
    assertThrows(() => new TextDecoder('replacement'), RangeError,
      '"replacement" is not a valid encoding.');
    assertThrows(() => new TextDecoder('\u212Aoi8-r'), RangeError);
    assertThrows(() => new TextDecoder('utf-8', 5), TypeError);
  },
};

export const bom = {
  async test() {
    assertEqual(new TextDecoder().decode(bytes(0xef, 0xbb, 0xbf, 0x41)), 'A');
    assertEqual(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes(0xef, 0xbb, 0xbf, 0x41)),
      '\ufeffA');
    assertEqual(new TextDecoder('utf-16le').decode(bytes(0xff, 0xfe, 0x41, 0x00)), 'A');
    assertEqual(new TextDecoder('utf-16be').decode(bytes(0xfe, 0xff, 0x00, 0x41)), 'A');
    const dec = new TextDecoder();
    assertEqual(dec.decode(bytes(0xef, 0xbb), { stream: true }), '');
    assertEqual(dec.decode(bytes(0xbf, 0x41, 0xef, 0xbb, 0xbf)), 'A\ufeff', 'only the first BOM');
    assertEqual(dec.decode(bytes(0xef, 0xbb, 0xbf, 0x42)), 'B', 'a new stream strips again');
  },
};

export const streamingUtf8 = {
  async test() {
    const dec = new TextDecoder();
    const euro = [0xe2, 0x82, 0xac];
    let out = '';
    for (const b of euro) out += dec.decode(bytes(b), { stream: true });
    out += dec.decode();
    assertEqual(out, '\u20ac');
    // Split a 4-byte sequence 1+3 and 3+1.
    assertEqual(dec.decode(bytes(0xf0), { stream: true }) + dec.decode(bytes(0x9f, 0x98, 0x80)),
      '\u{1F600}');
    assertEqual(dec.decode(bytes(0xf0, 0x9f, 0x98), { stream: true }) + dec.decode(bytes(0x80)),
      '\u{1F600}');
    // An incomplete sequence at the end of the stream is one U+FFFD.
    assertEqual(dec.decode(bytes(0x61, 0xf0, 0x9f), { stream: true }) + dec.decode(), 'a\ufffd');
    // An invalid prefix is reported at once.
    assertEqual(dec.decode(bytes(0xe0, 0x80), { stream: true }), '\ufffd\ufffd');
    dec.decode();
    // The caller may reuse its buffer between calls.
    const buf = bytes(0x61, 0xe2);
    const first = dec.decode(buf, { stream: true });
    buf.set([0x82, 0xac]);
    assertEqual(first + dec.decode(buf), 'a\u20ac');
  },
};

export const fatal = {
  async test() {
    const dec = new TextDecoder('utf-8', { fatal: true });
    assertEqual(dec.fatal, true);
    assertThrows(() => dec.decode(bytes(0xff)), TypeError, 'Failed to decode input.');
    assertThrows(() => dec.decode(bytes(0xed, 0xa0, 0x80)), TypeError, 'Failed to decode input.');
    assertEqual(dec.decode(bytes(0xe2, 0x82), { stream: true }), '');
    assertThrows(() => dec.decode(), TypeError, 'Failed to decode input.');
    assertEqual(dec.decode(bytes(0x6f, 0x6b)), 'ok', 'usable after an error');
    const utf16 = new TextDecoder('utf-16le', { fatal: true });
    assertThrows(() => utf16.decode(bytes(0x00, 0xd8)), TypeError, 'Failed to decode input.');
    assertThrows(() => utf16.decode(bytes(0x41)), TypeError, 'Failed to decode input.');
  },
};

export const utf16 = {
  async test() {
    const le = new TextDecoder('utf-16le');
    assertEqual(le.decode(bytes(0x3d, 0xd8, 0x00, 0xde)), '\u{1F600}');
    assertEqual(le.decode(bytes(0x3d, 0xd8), { stream: true }) + le.decode(bytes(0x00, 0xde)),
      '\u{1F600}', 'surrogate pair split across calls');
    assertEqual(le.decode(bytes(0x41), { stream: true }) + le.decode(bytes(0x00)), 'A',
      'code unit split across calls');
    assertEqual(le.decode(bytes(0x00, 0xdc, 0x41, 0x00)), '\ufffdA', 'lone trail surrogate');
    assertEqual(le.decode(bytes(0x00, 0xd8, 0x41)), '\ufffd',
      'lead surrogate and odd byte: one error');
    assertEqual(new TextDecoder('utf-16be').decode(bytes(0x00, 0x41, 0x20, 0xac)), 'A\u20ac');
  },
};

export const singleByte = {
  async test() {
    // Workers decodes "windows-1252" as ISO-8859-1.
    assertEqual(new TextDecoder('windows-1252').decode(bytes(0x41, 0x80, 0xe9, 0xff)),
      'A\u0080\u00e9\u00ff');
    assertEqual(new TextDecoder('iso-8859-5').decode(bytes(0xb0, 0xd0)), '\u0410\u0430');
    assertEqual(new TextDecoder('koi8-r').decode(bytes(0xc1, 0xe1)), '\u0430\u0410');
    assertEqual(new TextDecoder('windows-1251').decode(bytes(0xc0, 0x88)), '\u0410\u20ac');
    assertEqual(new TextDecoder('ibm866').encoding, 'ibm-866');
    const fatalArabic = new TextDecoder('iso-8859-6', { fatal: true });
    assertThrows(() => fatalArabic.decode(bytes(0xa1)), TypeError, 'Failed to decode input.');
    assertThrows(() => new TextDecoder('gbk'), RangeError, 'Invalid or unsupported encoding');
  },
};

async function readAll(readable) {
  const reader = readable.getReader();
  const chunks = [];
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return chunks;
    chunks.push(value);
  }
}

export const encoderStream = {
  async test() {
    const stream = new TextEncoderStream();
    assertEqual(stream.encoding, 'utf-8');
    assertEqual(stream instanceof TransformStream, true);
    const writer = stream.writable.getWriter();
    const reading = readAll(stream.readable);
    writer.write('a\ud83d');
    writer.write('\ude00');
    writer.write('\ud800');
    writer.close();
    const chunks = await reading;
    const all = chunks.flatMap((c) => [...c]);
    assertEqual(JSON.stringify(all),
      JSON.stringify([0x61, 0xf0, 0x9f, 0x98, 0x80, 0xef, 0xbf, 0xbd]));
  },
};

export const decoderStream = {
  async test() {
    const stream = new TextDecoderStream('utf-8', { ignoreBOM: false });
    assertEqual(stream.encoding, 'utf-8');
    assertEqual(stream.fatal, false);
    assertEqual(stream.ignoreBOM, false);
    const writer = stream.writable.getWriter();
    const reading = readAll(stream.readable);
    writer.write(bytes(0xef, 0xbb, 0xbf, 0x61, 0xe2));
    writer.write(bytes(0x82, 0xac).buffer);
    writer.write(bytes(0xf0));
    writer.close();
    assertEqual((await reading).join(''), 'a\u20ac\ufffd');
  },
};

export const decoderStreamRejectsNonBytes = {
  async test() {
    const stream = new TextDecoderStream();
    const writer = stream.writable.getWriter();
    const reader = stream.readable.getReader();
    writer.write('not bytes').catch(() => {});
    let err;
    try {
      await reader.read();
    } catch (e) {
      err = e;
    }
    assertEqual(err instanceof TypeError, true);
    assertEqual(err.message, 'This TransformStream is being used as a byte stream, but received ' +
      'a value that is not a BufferSource.');
    assertThrows(() => new TextDecoderStream('bogus'), RangeError,
      '"bogus" is not a valid encoding.');
  },
};
