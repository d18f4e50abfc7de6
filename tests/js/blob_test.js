// Blob and File (runtime-js/api/23_blob.js), with Workers' messages, and Blob bodies.
const assert = (cond, msg) => { if (!cond) throw new Error('assertion failed: ' + msg); };
const eq = (a, b, msg) => {
  if (!Object.is(a, b)) throw new Error(`${msg}: expected ${JSON.stringify(b)}, got ${JSON.stringify(a)}`);
};
const bytesEq = (a, b, msg) => eq(JSON.stringify([...a]), JSON.stringify([...b]), msg);
const rejects = async (promise, type, message, msg) => {
  try { await promise; } catch (e) {
    assert(e instanceof type, `${msg}: wrong type ${e?.name}: ${e?.message}`);
    if (message !== undefined) eq(e.message, message, `${msg} message`);
    return;
  }
  throw new Error(`${msg}: did not throw`);
};
const throws = (fn, type, message, msg) => rejects((async () => fn())(), type, message, msg);

export const constructFromParts = {
  async test() {
    const empty = new Blob();
    eq(empty.size, 0, 'empty size');
    eq(empty.type, '', 'empty type');
    eq(await empty.text(), '', 'empty text');

    const source = new Uint8Array([1, 2, 3, 4]);
    const inner = new Blob(['in']);
    const blob = new Blob(['é', source.buffer, new DataView(source.buffer, 1, 2), source.subarray(3), inner]);
    bytesEq(await blob.bytes(), [0xc3, 0xa9, 1, 2, 3, 4, 2, 3, 4, 0x69, 0x6e], 'concatenation');
    source[0] = 99;
    eq((await blob.bytes())[2], 1, 'buffer sources are copied');

    // Lone surrogates are USVString-converted to U+FFFD.
    bytesEq(await new Blob(['a\uD800b']).bytes(), [0x61, 0xef, 0xbf, 0xbd, 0x62], 'lone surrogate');
    eq(await new Blob(['\uD83D\uDE00']).text(), '\uD83D\uDE00', 'surrogate pair');
    // Other values are strings; any iterable is a sequence.
    eq(await new Blob([1, null, { toString: () => 'x' }]).text(), '1nullx', 'ToString parts');
    eq(await new Blob(new Set(['a', 'b'])).text(), 'ab', 'iterable parts');
  },
};

export const constructorErrors = {
  async test() {
    await throws(() => new Blob('abc'), TypeError,
      "Failed to construct 'Blob': constructor parameter 1 is not of type 'Array'.", 'string bits');
    await throws(() => new Blob(null), TypeError, undefined, 'null bits');
    await throws(() => new Blob({}), TypeError,
      "Failed to construct 'Blob': constructor parameter 1 is not of type 'Array'.", 'non-iterable');
    await throws(() => new Blob([], 'text/plain'), TypeError,
      "Failed to construct 'Blob': constructor parameter 2 is not of type 'BlobPropertyBag'.", 'options');
    await throws(() => Blob(), TypeError, undefined, 'call without new');
    await throws(() => new File(['x']), TypeError,
      "Failed to construct 'File': 2 arguments required, but only 1 present.", 'file name required');
    await throws(() => new File('x', 'n'), TypeError,
      "Failed to construct 'File': constructor parameter 1 is not of type 'Array'.", 'file bits');
    await throws(() => new File([], 'n', 5), TypeError,
      "Failed to construct 'File': constructor parameter 3 is not of type 'FilePropertyBag'.", 'file options');
  },
};

export const typeNormalization = {
  async test() {
    eq(new Blob([], { type: 'Text/HTML;Charset=UTF-8' }).type, 'text/html;charset=utf-8', 'lower-cased');
    eq(new Blob([], { type: 'a\u00e9' }).type, '', 'non-ASCII');
    eq(new Blob([], { type: 'a\nb' }).type, '', 'control');
    eq(new Blob([], { type: 'a\x7f' }).type, '', 'DEL');
    eq(new Blob([], null).type, '', 'null options');
    eq(new Blob([], { type: undefined }).type, '', 'undefined type');
  },
};

export const sliceSharesAndClamps = {
  async test() {
    const blob = new Blob(['0123456789'], { type: 'text/plain' });
    eq(await blob.slice().text(), '0123456789', 'whole');
    eq(blob.slice().type, '', 'slice drops the type');
    eq(await blob.slice(2, 5).text(), '234', 'range');
    eq(await blob.slice(-3).text(), '789', 'negative start');
    eq(await blob.slice(1, -1).text(), '12345678', 'negative end');
    eq(await blob.slice(-100, 100).text(), '0123456789', 'clamped');
    eq(blob.slice(6, 2).size, 0, 'end before start');
    eq(await blob.slice(2.7, '5').text(), '34', 'converted numbers ([Clamp] rounds)');
    eq(blob.slice(0, 1, 'IMAGE/PNG').type, 'image/png', 'slice type');
    eq(await blob.slice(2, 8).slice(1, 3).text(), '34', 'slice of a slice');
    eq(blob.size, 10, 'original unchanged');
  },
};

export const readers = {
  async test() {
    const blob = new Blob(['\uFEFFhé']);
    eq(await blob.text(), 'hé', 'text drops a BOM');
    const buffer = await blob.arrayBuffer();
    assert(buffer instanceof ArrayBuffer, 'arrayBuffer type');
    eq(buffer.byteLength, 6, 'arrayBuffer length');
    new Uint8Array(buffer)[3] = 0;
    const bytes = await blob.bytes();
    assert(bytes instanceof Uint8Array, 'bytes type');
    eq(bytes[3], 0x68, 'readers get copies');
    bytes[3] = 0;
    eq(await blob.text(), 'hé', 'still immutable');
    eq(await new Blob([new Uint8Array([0xff])]).text(), '\uFFFD', 'invalid UTF-8');
  },
};

export const streamReadsAllBytes = {
  async test() {
    const big = new Uint8Array(200000).map((_, i) => i & 0xff);
    const blob = new Blob([big]);
    const reader = blob.stream().getReader();
    let total = 0;
    let chunks = 0;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      assert(value instanceof Uint8Array, 'chunk type');
      for (let i = 0; i < value.length; i++) {
        if (value[i] !== ((total + i) & 0xff)) throw new Error(`byte ${total + i}`);
      }
      total += value.length;
      chunks++;
    }
    eq(total, 200000, 'stream length');
    assert(chunks > 1, 'several chunks');
    // A byte stream: BYOB readers work.
    const byob = new Blob(['abcdef']).stream().getReader({ mode: 'byob' });
    const { value } = await byob.read(new Uint8Array(4));
    eq(new TextDecoder().decode(value), 'abcd', 'byob read');
    eq(await new Response(new Blob([]).stream()).text(), '', 'empty stream');
  },
};

export const fileProperties = {
  async test() {
    const before = Date.now();
    const file = new File(['ab', new Blob(['c'])], 'a\uD800.txt', { type: 'Text/Plain' });
    assert(file instanceof Blob && file instanceof File, 'File extends Blob');
    eq(file.name, 'a\uFFFD.txt', 'name is a USVString');
    eq(file.type, 'text/plain', 'type');
    eq(file.size, 3, 'size');
    assert(file.lastModified >= before && file.lastModified <= Date.now(), 'lastModified default');
    eq(new File([], 'x', { lastModified: 42 }).lastModified, 42, 'lastModified');
    eq(new File([], 'x', { lastModified: new Date(7) }).lastModified, 7, 'lastModified from Date');
    eq(await file.slice(1).text(), 'bc', 'slice');
    assert(!(file.slice() instanceof File), 'a slice is a Blob');
    eq(new File([], null).name, 'null', 'name ToString');
  },
};

export const shapes = {
  async test() {
    eq(Object.prototype.toString.call(new Blob()), '[object Blob]', 'Blob tag');
    eq(Object.prototype.toString.call(new File([], 'f')), '[object File]', 'File tag');
    eq(Object.getPrototypeOf(File), Blob, 'File inherits Blob');
    const desc = Object.getOwnPropertyDescriptor(globalThis, 'Blob');
    eq(desc.enumerable, false, 'global not enumerable');
    assert(Object.keys(Blob.prototype).includes('slice'), 'methods enumerable');
    await throws(() => Blob.prototype.size, TypeError, 'Illegal invocation', 'size brand');
    await throws(() => Blob.prototype.slice.call({}), TypeError, 'Illegal invocation', 'slice brand');
    await rejects(Blob.prototype.text.call({}), TypeError, 'Illegal invocation', 'text brand');
    await throws(() => Object.getOwnPropertyDescriptor(File.prototype, 'name').get.call(new Blob()),
      TypeError, 'Illegal invocation', 'name brand');
    class MyBlob extends Blob {}
    const mine = new MyBlob(['x']);
    eq(await mine.text(), 'x', 'subclass');
    assert(mine instanceof MyBlob, 'subclass instance');
  },
};

export const responseFromBlob = {
  async test() {
    const blob = new Blob(['hello'], { type: 'text/x-greeting' });
    const response = new Response(blob);
    eq(response.headers.get('content-type'), 'text/x-greeting', 'type becomes Content-Type');
    eq(await response.text(), 'hello', 'body');
    eq(new Response(new Blob(['x'])).headers.get('content-type'), null, 'no type, no header');
    const typed = new Response(blob, { headers: { 'content-type': 'text/plain' } });
    eq(typed.headers.get('content-type'), 'text/plain', 'explicit header wins');
    // The body is a copy: consuming it cannot touch the Blob.
    const bytes = await new Response(blob).bytes();
    bytes[0] = 0;
    eq(await blob.text(), 'hello', 'blob unchanged');

    const request = new Request('https://x.test/', { method: 'POST', body: new File(['f'], 'f.bin') });
    eq(await request.text(), 'f', 'request body');

    const back = await new Response('data', { headers: { 'content-type': 'Text/Plain' } }).blob();
    assert(back instanceof Blob, 'Body.blob()');
    eq(back.type, 'text/plain', 'Body.blob() type');
    eq(await back.text(), 'data', 'Body.blob() bytes');
  },
};
