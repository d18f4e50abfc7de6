// node:buffer (runtime-js/api/62_node_buffer_codecs.js, 63_node_buffer*.js): the examples of
// Node's Buffer documentation, run inside edged with nodejs_compat.
import { Buffer, kMaxLength, constants, isUtf8, isAscii } from 'node:buffer';
import bufferDefault from 'node:buffer';
import assert from 'node:assert/strict';

const codeOf = (fn) => {
  try {
    fn();
  } catch (error) {
    return [error.name, error.code, error.message];
  }
  return 'no error';
};

export const moduleShape = {
  test() {
    assert.equal(bufferDefault.Buffer, Buffer);
    assert.equal(kMaxLength, constants.MAX_LENGTH);
    assert.ok(Buffer.alloc(1) instanceof Uint8Array);
    assert.equal(Buffer.isBuffer(Buffer.alloc(1)), true);
    assert.equal(Buffer.isBuffer(new Uint8Array(1)), false);
    assert.equal(Buffer.poolSize, 8192);
  },
};

export const fromStringsInEachEncoding = {
  test() {
    const buf = Buffer.from('hello world', 'utf8');
    assert.equal(buf.toString('hex'), '68656c6c6f20776f726c64');
    assert.equal(buf.toString('base64'), 'aGVsbG8gd29ybGQ=');
    assert.equal(buf.toString('base64url'), 'aGVsbG8gd29ybGQ');
    assert.equal(Buffer.from('fhqwhgads', 'utf8').toString('utf16le').length, 4);
    assert.equal(Buffer.from('tést').toString('latin1'), 'tÃ©st');
    assert.equal(Buffer.from('tést', 'latin1').toString('hex'), '74e97374');
    assert.equal(Buffer.from('tést', 'binary').length, 4);
    assert.equal(Buffer.from('hi', 'ucs2').toString('hex'), '68006900');
    assert.equal(Buffer.from('6869', 'hex').toString(), 'hi');
    // Node stops hex at the first character that is not a hex digit.
    assert.deepEqual([...Buffer.from('1ag123', 'hex')], [0x1a]);
    assert.deepEqual([...Buffer.from('1634', 'hex')], [0x16, 0x34]);
    // base64 accepts both alphabets and whitespace.
    assert.equal(Buffer.from('aGVs bG8-_w==', 'base64').toString('hex'), '68656c6c6f3eff');
    assert.equal(Buffer.from('€').toString('ascii'), 'b\u0002,');
    assert.equal(Buffer.from([0xe2, 0x82]).toString(), '\ufffd');
    assert.equal(Buffer.byteLength('½ + ¼ = ¾'), 12);
    assert.equal(Buffer.byteLength('aGVsbG8=', 'base64'), 5);
    assert.equal(Buffer.byteLength('abcd', 'hex'), 2);
    assert.equal(Buffer.byteLength(new ArrayBuffer(7)), 7);
    assert.equal(Buffer.isEncoding('UTF-8'), true);
    assert.equal(Buffer.isEncoding('nope'), false);
    assert.deepEqual(codeOf(() => Buffer.from('x', 'nope')), ['TypeError', 'ERR_UNKNOWN_ENCODING', 'Unknown encoding: nope']);
  },
};

export const fromOtherSources = {
  test() {
    assert.deepEqual([...Buffer.from([257, 257.5, -255, '1'])], [1, 1, 1, 1]);
    const arr = new Uint16Array(2);
    arr[0] = 5000;
    arr[1] = 4000;
    const shared = Buffer.from(arr.buffer);
    assert.equal(shared.toString('hex'), '8813a00f');
    arr[1] = 6000;
    assert.equal(shared.toString('hex'), '88137017');
    assert.equal(Buffer.from(new ArrayBuffer(8), 2, 4).length, 4);
    const copy = Buffer.from(Buffer.from('buffer'));
    assert.equal(copy.toString(), 'buffer');
    assert.equal(Buffer.from(new String('this is a test')).toString(), 'this is a test');
    assert.deepEqual([...Buffer.from({ type: 'Buffer', data: [1, 2] })], [1, 2]);
    assert.deepEqual(codeOf(() => Buffer.from(5)), ['TypeError', 'ERR_INVALID_ARG_TYPE',
      'The first argument must be of type string or an instance of Buffer, ArrayBuffer, or Array or an Array-like Object. Received type number (5)']);
    const u16 = new Uint16Array([0, 0xffff]);
    assert.deepEqual([...Buffer.copyBytesFrom(u16, 1, 1)], [255, 255]);
  },
};

export const allocAndFill = {
  test() {
    assert.equal(Buffer.alloc(5).toString('hex'), '0000000000');
    assert.equal(Buffer.alloc(5, 'a').toString(), 'aaaaa');
    assert.equal(Buffer.alloc(11, 'aGVsbG8gd29ybGQ=', 'base64').toString(), 'hello world');
    assert.equal(Buffer.allocUnsafe(10).length, 10);
    assert.equal(Buffer.alloc(10).fill('h').toString(), 'hhhhhhhhhh');
    assert.equal(Buffer.allocUnsafe(5).fill('\u0222').toString('hex'), 'c8a2c8a2c8');
    assert.equal(Buffer.alloc(6).fill('ab', 1, 5).toString('hex'), '006162616200');
    assert.equal(Buffer.alloc(3).fill(0x101).toString('hex'), '010101');
    assert.deepEqual(codeOf(() => Buffer.alloc(-1)).slice(0, 2), ['RangeError', 'ERR_OUT_OF_RANGE']);
    assert.deepEqual(codeOf(() => Buffer.alloc('5')).slice(0, 2), ['TypeError', 'ERR_INVALID_ARG_TYPE']);
    assert.deepEqual(codeOf(() => Buffer.alloc(5).fill('zz', 'hex')).slice(0, 2), ['TypeError', 'ERR_INVALID_ARG_VALUE']);
  },
};

export const concatCompareEquals = {
  test() {
    const buf1 = Buffer.alloc(10);
    const buf2 = Buffer.alloc(14);
    const buf3 = Buffer.alloc(18);
    const total = buf1.length + buf2.length + buf3.length;
    const joined = Buffer.concat([buf1, buf2, buf3], total);
    assert.equal(joined.length, 42);
    assert.equal(Buffer.concat([Buffer.from('ab'), new Uint8Array([99])]).toString(), 'abc');
    assert.equal(Buffer.concat([Buffer.from('abcdef')], 3).toString(), 'abc');
    assert.equal(Buffer.concat([]).length, 0);
    const a = Buffer.from('1234');
    const b = Buffer.from('0123');
    assert.deepEqual([a, b].sort(Buffer.compare).map(String), ['0123', '1234']);
    assert.equal(Buffer.from('ABC').equals(Buffer.from('414243', 'hex')), true);
    assert.equal(Buffer.from('ABC').equals(Buffer.from('ABCD')), false);
    const c = Buffer.from([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const d = Buffer.from([5, 6, 7, 8, 9, 1, 2, 3, 4]);
    assert.equal(c.compare(d, 5, 9, 0, 4), 0);
    assert.equal(c.compare(d, 0, 6, 4), -1);
    assert.equal(c.compare(d, 5, 6, 5), 1);
  },
};

export const toStringSliceSubarray = {
  test() {
    const buf = Buffer.allocUnsafe(26);
    for (let i = 0; i < 26; i++) buf[i] = i + 97;
    assert.equal(buf.toString('utf8'), 'abcdefghijklmnopqrstuvwxyz');
    assert.equal(buf.toString('utf8', 0, 5), 'abcde');
    const sub = buf.subarray(0, 3);
    assert.equal(sub.toString('ascii', 0, sub.length), 'abc');
    buf[0] = 33;
    assert.equal(sub.toString(), '!bc');
    const b = Buffer.from('buffer');
    assert.equal(b.subarray(-6, -1).toString(), 'buffe');
    assert.equal(b.subarray(-6, -2).toString(), 'buff');
    assert.equal(b.subarray(-5, -2).toString(), 'uff');
    assert.equal(b.slice(1, 3).toString(), 'uf');
    assert.ok(Buffer.isBuffer(b.subarray(1)));
    assert.deepEqual(Buffer.from([1, 2, 3]).toJSON(), { type: 'Buffer', data: [1, 2, 3] });
    assert.equal(JSON.stringify(Buffer.from([1, 2])), '{"type":"Buffer","data":[1,2]}');
  },
};

export const writeAndCopy = {
  test() {
    const buf = Buffer.alloc(256);
    const len = buf.write('\u00bd + \u00bc = \u00be', 0);
    assert.equal(`${len} bytes: ${buf.toString('utf8', 0, len)}`, '12 bytes: ½ + ¼ = ¾');
    const small = Buffer.alloc(10);
    assert.equal(small.write('abcd', 8), 2);
    assert.equal(small.toString('utf8', 8, 10), 'ab');
    // A character that does not fit entirely is not written.
    assert.equal(Buffer.alloc(2).write('€'), 0);
    assert.equal(Buffer.alloc(4).write('6869', 'hex'), 2);
    assert.equal(Buffer.alloc(4).write('aGk=', 1, 'base64'), 2);
    const buf1 = Buffer.allocUnsafe(26);
    const buf2 = Buffer.allocUnsafe(26).fill('!');
    for (let i = 0; i < 26; i++) buf1[i] = i + 97;
    buf1.copy(buf2, 8, 16, 20);
    assert.equal(buf2.toString('ascii', 0, 25), '!!!!!!!!qrst!!!!!!!!!!!!!');
    const overlap = Buffer.allocUnsafe(26);
    for (let i = 0; i < 26; i++) overlap[i] = i + 97;
    overlap.copy(overlap, 0, 4, 10);
    assert.equal(overlap.toString(), 'efghijghijklmnopqrstuvwxyz');
  },
};

export const searching = {
  test() {
    const buf = Buffer.from('this is a buffer');
    assert.equal(buf.indexOf('this'), 0);
    assert.equal(buf.indexOf('is'), 2);
    assert.equal(buf.indexOf(Buffer.from('a buffer')), 8);
    assert.equal(buf.indexOf(97), 8);
    assert.equal(buf.indexOf(Buffer.from('a buffer example')), -1);
    assert.equal(buf.indexOf(Buffer.from('a buffer example').slice(0, 8)), 8);
    const utf16 = Buffer.from('\u039a\u0391\u03a3\u03a3\u0395', 'utf16le');
    assert.equal(utf16.indexOf('\u03a3', 0, 'utf16le'), 4);
    assert.equal(utf16.indexOf('\u03a3', -4, 'utf16le'), 6);
    const b = Buffer.from('this buffer is a buffer');
    assert.equal(b.lastIndexOf('this'), 0);
    assert.equal(b.lastIndexOf('buffer'), 17);
    assert.equal(b.lastIndexOf(Buffer.from('buffer')), 17);
    assert.equal(b.lastIndexOf(97), 15);
    assert.equal(b.lastIndexOf(Buffer.from('yolo')), -1);
    assert.equal(b.lastIndexOf('buffer', 5), 5);
    assert.equal(b.lastIndexOf('buffer', 4), -1);
    assert.equal(b.includes('this'), true);
    assert.equal(b.includes('is'), true);
    assert.equal(b.includes(Buffer.from('a buffer')), true);
    assert.equal(b.includes(97), true);
    assert.equal(b.includes(Buffer.from('a buffer example')), false);
    assert.equal(b.includes('this', 4), false);
  },
};

export const numbers = {
  test() {
    const buf = Buffer.from([1, 2, 3, 4, 5, 6, 7, 8]);
    assert.equal(buf.readDoubleBE(0), 8.20788039913184e-304);
    assert.equal(buf.readDoubleLE(0), 5.447603722011605e-270);
    assert.equal(Buffer.from([1, 2, 3, 4]).readFloatBE(0), 2.387939260590663e-38);
    assert.equal(Buffer.from([-1, 5]).readInt8(0), -1);
    assert.equal(Buffer.from([0, 5]).readInt16BE(0), 5);
    assert.equal(Buffer.from([0, 5]).readInt16LE(0), 1280);
    assert.equal(Buffer.from([0, 0, 0, 5]).readInt32BE(0), 5);
    assert.equal(Buffer.from([0x12, 0x34, 0x56]).readUInt16LE(1).toString(16), '5634');
    assert.equal(Buffer.from([0x12, 0x34, 0x56, 0x78]).readUInt32BE(0).toString(16), '12345678');
    const six = Buffer.from([0x12, 0x34, 0x56, 0x78, 0x90, 0xab]);
    assert.equal(six.readUIntBE(0, 6).toString(16), '1234567890ab');
    assert.equal(six.readUIntLE(0, 6).toString(16), 'ab9078563412');
    assert.equal(six.readIntBE(0, 6).toString(16), '1234567890ab');
    assert.equal(six.readIntLE(0, 6).toString(16), '-546f87a9cbee');
    assert.equal(Buffer.from([0, 0, 0, 0, 0, 0, 0, 0xff]).readBigUInt64BE(0), 255n);
    assert.equal(Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]).readBigInt64LE(0), -1n);
    assert.equal(buf.readBigUint64LE, buf.readBigUInt64LE);

    const w = Buffer.allocUnsafe(8);
    w.writeDoubleBE(123.456, 0);
    assert.equal(w.toString('hex'), '405edd2f1a9fbe77');
    w.writeDoubleLE(123.456, 0);
    assert.equal(w.toString('hex'), '77be9f1a2fdd5e40');
    const f = Buffer.allocUnsafe(4);
    f.writeFloatBE(0xcafebabe, 0);
    assert.equal(f.toString('hex'), '4f4afebb');
    const i = Buffer.allocUnsafe(6);
    assert.equal(i.writeInt16BE(0x0102, 0), 2);
    i.writeUIntBE(0x1234567890ab, 0, 6);
    assert.equal(i.toString('hex'), '1234567890ab');
    i.writeIntLE(-0x1234567890ab, 0, 6);
    assert.equal(i.toString('hex'), '556f87a9cbed');
    const big = Buffer.allocUnsafe(8);
    big.writeBigInt64BE(0x0102030405060708n, 0);
    assert.equal(big.toString('hex'), '0102030405060708');
    big.writeBigUInt64LE(0xdecafafecacefaden, 0);
    assert.equal(big.toString('hex'), 'defacecafefacade');
    const u32 = Buffer.allocUnsafe(4);
    u32.writeUInt32BE(0xfeedface, 0);
    assert.equal(u32.toString('hex'), 'feedface');
    u32.writeInt32LE(-2, 0);
    assert.equal(u32.toString('hex'), 'feffffff');

    assert.deepEqual(codeOf(() => Buffer.from([1, 2, 3, 4]).readUInt32LE(1)), ['RangeError', 'ERR_OUT_OF_RANGE',
      'The value of "offset" is out of range. It must be >= 0 and <= 0. Received 1']);
    assert.deepEqual(codeOf(() => Buffer.alloc(2).readUInt32LE(0)), ['RangeError', 'ERR_BUFFER_OUT_OF_BOUNDS',
      'Attempt to access memory outside buffer bounds']);
    assert.deepEqual(codeOf(() => Buffer.alloc(1).writeUInt8(256)), ['RangeError', 'ERR_OUT_OF_RANGE',
      'The value of "value" is out of range. It must be >= 0 and <= 255. Received 256']);
    assert.deepEqual(codeOf(() => Buffer.alloc(4).readInt8('1')).slice(0, 2), ['TypeError', 'ERR_INVALID_ARG_TYPE']);
    assert.equal(codeOf(() => Buffer.alloc(8).writeBigInt64LE(1))[0], 'TypeError');
  },
};

export const swaps = {
  test() {
    assert.equal(Buffer.from([1, 2, 3, 4, 5, 6, 7, 8]).swap16().toString('hex'), '0201040306050807');
    assert.equal(Buffer.from([1, 2, 3, 4, 5, 6, 7, 8]).swap32().toString('hex'), '0403020108070605');
    assert.equal(Buffer.from([1, 2, 3, 4, 5, 6, 7, 8]).swap64().toString('hex'), '0807060504030201');
    assert.deepEqual(codeOf(() => Buffer.from([1, 2, 3]).swap16()), ['RangeError', 'ERR_INVALID_BUFFER_SIZE',
      'Buffer size must be a multiple of 16-bits']);
  },
};

export const inspectAndValidation = {
  test() {
    assert.equal(Buffer.from('hello')[Symbol.for('nodejs.util.inspect.custom')](), '<Buffer 68 65 6c 6c 6f>');
    assert.equal(isUtf8(Buffer.from('héllo')), true);
    assert.equal(isUtf8(Buffer.from([0xff])), false);
    assert.equal(isAscii(Buffer.from('hello')), true);
    assert.equal(isAscii(Buffer.from('é')), false);
  },
};

export const globalUnderV2 = {
  test() {
    // The runner's date (2025-09-01) turns nodejs_compat_v2 on: Buffer is global then.
    assert.equal(globalThis.Buffer, Buffer);
  },
};

export const transcodeAndResolveObjectURL = {
  async test() {
    const { transcode, resolveObjectURL } = await import('node:buffer');
    assert.deepEqual([...transcode(Buffer.from('hi'), 'utf8', 'ucs2')], [104, 0, 105, 0]);
    assert.deepEqual([...transcode(Buffer.from([0xac, 0x20]), 'ucs2', 'utf8')], [0xe2, 0x82, 0xac]);
    // Workers' latin1 and ascii are windows-1252: '€' is 0x80; what neither holds becomes '?'.
    assert.deepEqual([...transcode(Buffer.from('hé€'), 'utf8', 'ascii')], [104, 233, 128]);
    assert.deepEqual([...transcode(Buffer.from('Š\u0080\u0081ÿĀ😀'), 'utf8', 'latin1')], [138, 63, 129, 255, 63, 63]);
    assert.deepEqual([...transcode(Buffer.from([0x80, 0x9f]), 'latin1', 'utf8')], [226, 130, 172, 197, 184]);
    assert.deepEqual([...transcode(Buffer.from([0x80, 0xff]), 'ascii', 'ucs2')], [128, 0, 255, 0]);
    assert.deepEqual([...transcode(Buffer.from([0xff]), 'utf8', 'latin1')], [63]);
    assert.deepEqual([...transcode(Buffer.from('hé'), 'utf8', 'utf8')], [104, 195, 169]);
    assert.ok(Buffer.isBuffer(transcode(Buffer.alloc(0), 'utf8', 'latin1')));
    assert.throws(() => transcode(Buffer.from([0xc3]), 'utf8', 'ucs2'), { message: 'Unable to transcode buffer' });
    assert.throws(() => transcode(Buffer.from([1, 2, 3]), 'ucs2', 'utf8'), { message: 'UTF-16le input size should be multiple of 2' });
    assert.throws(() => transcode(Buffer.from([0x3d, 0xd8]), 'ucs2', 'utf8'), { message: 'Expected UTF8 length mismatch' });
    assert.throws(() => transcode(Buffer.from('x'), 'utf8', 'hex'), { message: 'Unable to transcode buffer due to unsupported encoding' });
    assert.throws(() => transcode(Buffer.from('x'), 'nope', 'utf8'), { code: 'ERR_UNKNOWN_ENCODING', message: 'Unknown encoding: nope' });
    assert.throws(() => transcode('x', 'utf8', 'ucs2'), { code: 'ERR_INVALID_ARG_TYPE' });
    assert.throws(() => resolveObjectURL('blob:nodedata:x'), { message: 'resolveObjectURL is not implemented' });
  },
};
