// crypto.subtle.digest, crypto.DigestStream and crypto.subtle.timingSafeEqual, plus the shape
// of the WebCrypto globals.
const eq = (a, b, msg) => {
  if (a !== b) throw new Error(`${msg}: expected ${JSON.stringify(b)}, got ${JSON.stringify(a)}`);
};
const hex = (buf) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');
const utf8 = (s) => new TextEncoder().encode(s);
// Resolves to "Name: message" of the rejection/exception, or fails when there was none.
const failure = async (fn) => {
  try { await fn(); } catch (e) { return `${e.name}: ${e.message}`; }
  throw new Error('expected a failure');
};

// FIPS 180-2 appendix examples ("abc") and RFC 1321 (MD5, which Workers supports).
const kAbc = {
  'SHA-1': 'a9993e364706816aba3e25717850c26c9cd0d89d',
  'SHA-256': 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
  'SHA-384': 'cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed' +
    '8086072ba1e7cc2358baeca134c825a7',
  'SHA-512': 'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a' +
    '2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f',
  MD5: '900150983cd24fb0d6963f7d28e17f72',
};

export const digestKnownAnswers = {
  async test() {
    for (const [name, want] of Object.entries(kAbc)) {
      eq(hex(await crypto.subtle.digest(name, utf8('abc'))), want, name);
    }
    // Names are case-insensitive; dictionaries work; any BufferSource works.
    eq(hex(await crypto.subtle.digest({ name: 'sha-256' }, utf8('abc').buffer)), kAbc['SHA-256'],
      'dictionary, lower case, ArrayBuffer');
    const view = new DataView(utf8('xabcx').buffer, 1, 3);
    eq(hex(await crypto.subtle.digest('SHA-1', view)), kAbc['SHA-1'], 'DataView window');
    eq(hex(await crypto.subtle.digest('SHA-256', new Uint8Array(0))),
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 'empty input');
    const result = await crypto.subtle.digest('SHA-256', utf8('abc'));
    eq(result instanceof ArrayBuffer, true, 'resolves with an ArrayBuffer');
  },
};

export const digestErrors = {
  async test() {
    eq(await failure(() => crypto.subtle.digest('SHA-3', utf8('x'))),
      'NotSupportedError: Unrecognized or unimplemented digest algorithm requested.', 'unknown');
    eq(await failure(() => crypto.subtle.digest('SHA-256', 'text')),
      "TypeError: Failed to execute 'digest' on 'SubtleCrypto': parameter 2 is not of type " +
      "'BufferSource'.", 'string data');
    eq(await failure(() => crypto.subtle.digest({}, utf8('x'))),
      "TypeError: Incorrect type for the 'name' field on 'HashAlgorithm': the provided value is " +
      "not of type 'string'.", 'dictionary without a name');
    // Errors are rejections, never synchronous throws.
    const p = crypto.subtle.digest(undefined, undefined);
    eq(p instanceof Promise, true, 'returns a promise');
    await p.catch(() => {});
  },
};

export const digestStreamHashesWhatIsWritten = {
  async test() {
    const stream = new crypto.DigestStream('SHA-256');
    eq(stream instanceof WritableStream, true, 'is a WritableStream');
    const writer = stream.getWriter();
    await writer.write(utf8('a'));
    await writer.write('b'); // strings are hashed as UTF-8
    await writer.write(new Uint8Array(0));
    await writer.write(utf8('c').buffer);
    await writer.close();
    eq(hex(await stream.digest), kAbc['SHA-256'], 'digest');
    eq(stream.bytesWritten, 3, 'bytesWritten');

    const md5 = new crypto.DigestStream({ name: 'MD5' });
    await new Response('abc').body.pipeTo(md5);
    eq(hex(await md5.digest), kAbc.MD5, 'piped MD5');
  },
};

export const digestStreamErrors = {
  async test() {
    eq(await failure(() => new crypto.DigestStream('SHA-3')),
      'NotSupportedError: Unrecognized or unimplemented digest algorithm requested.', 'unknown');
    const aborted = new crypto.DigestStream('SHA-1');
    const reason = new Error('stop');
    await aborted.abort(reason);
    eq(await failure(() => aborted.digest), 'Error: stop', 'abort rejects digest');

    const bad = new crypto.DigestStream('SHA-1');
    const writer = bad.getWriter();
    eq(await failure(() => writer.write(42)),
      'TypeError: DigestStream is a byte stream but received an object of ' +
      'non-ArrayBuffer/ArrayBufferView/string type on its writable side.', 'number chunk');
    eq(typeof DigestStream, 'undefined', 'not a global');
  },
};

export const timingSafeEqual = {
  async test() {
    const subtle = crypto.subtle;
    eq(subtle.timingSafeEqual(utf8('abc'), utf8('abc')), true, 'equal');
    eq(subtle.timingSafeEqual(utf8('abc'), utf8('abd')), false, 'different');
    eq(subtle.timingSafeEqual(new ArrayBuffer(0), new Uint8Array(0)), true, 'empty');
    eq(await failure(() => subtle.timingSafeEqual(utf8('ab'), utf8('abc'))),
      'TypeError: Input buffers must have the same byte length.', 'lengths');
    eq(await failure(() => subtle.timingSafeEqual('ab', utf8('ab'))),
      "TypeError: Failed to execute 'timingSafeEqual' on 'SubtleCrypto': parameter 1 is not of " +
      "type 'BufferSource'.", 'not bytes');
  },
};

export const globalsAndShapes = {
  async test() {
    eq(crypto.subtle, crypto.subtle, 'one SubtleCrypto');
    eq(crypto.subtle instanceof SubtleCrypto, true, 'instanceof');
    eq(Object.prototype.toString.call(crypto.subtle), '[object SubtleCrypto]', 'toStringTag');
    eq(await failure(() => new SubtleCrypto()), 'TypeError: Illegal constructor', 'SubtleCrypto');
    eq(await failure(() => new CryptoKey()), 'TypeError: Illegal constructor', 'CryptoKey');
    const getter = Object.getOwnPropertyDescriptor(Crypto.prototype, 'subtle').get;
    eq(await failure(() => getter.call({})), 'TypeError: Illegal invocation', 'subtle getter');
    eq(await failure(() => crypto.subtle.digest.call({}, 'SHA-1', utf8(''))),
      'TypeError: Illegal invocation', 'method on the wrong receiver');
  },
};
