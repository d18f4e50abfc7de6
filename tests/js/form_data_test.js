// FormData (runtime-js/api/24_form_data.js) and its bodies (24_multipart.js), with Workers'
// messages.
const assert = (cond, msg) => { if (!cond) throw new Error('assertion failed: ' + msg); };
const eq = (a, b, msg) => {
  if (!Object.is(a, b)) throw new Error(`${msg}: expected ${JSON.stringify(b)}, got ${JSON.stringify(a)}`);
};
const deepEq = (a, b, msg) => eq(JSON.stringify(a), JSON.stringify(b), msg);
const rejects = async (promise, type, message, msg) => {
  try { await promise; } catch (e) {
    assert(e instanceof type, `${msg}: wrong type ${e?.name}: ${e?.message}`);
    if (message !== undefined) eq(e.message, message, `${msg} message`);
    return;
  }
  throw new Error(`${msg}: did not throw`);
};
const throws = (fn, type, message, msg) => rejects((async () => fn())(), type, message, msg);

// A Response whose body is `text` (CRLF written as \r\n) with the given Content-Type.
const body = (text, type) => new Response(text, { headers: { 'content-type': type } });
const pairs = (fd) => [...fd].map(([k, v]) => [k, typeof v === 'string' ? v : `File(${v.name})`]);

export const appendGetHasDelete = {
  async test() {
    const fd = new FormData();
    eq(fd.has('a'), false, 'empty has');
    eq(fd.get('a'), null, 'empty get');
    deepEq(fd.getAll('a'), [], 'empty getAll');
    fd.append('a', '1');
    fd.append('b', 2);
    fd.append('a', 'x\uD800');
    eq(fd.get('a'), '1', 'get returns the first');
    deepEq(fd.getAll('a'), ['1', 'x\uFFFD'], 'getAll, USVString values');
    eq(fd.get('b'), '2', 'values are strings');
    eq(fd.has('b'), true, 'has');
    fd.append('n\uDC00', 'v');
    eq(fd.has('n\uFFFD'), true, 'names are USVStrings');
    fd.delete('a');
    deepEq(pairs(fd), [['b', '2'], ['n\uFFFD', 'v']], 'delete removes every match');
    fd.delete('missing');
    eq([...fd].length, 2, 'deleting nothing');
  },
};

export const setReplacesFirst = {
  async test() {
    const fd = new FormData();
    fd.append('a', '1');
    fd.append('b', '2');
    fd.append('a', '3');
    fd.set('a', '4');
    deepEq(pairs(fd), [['a', '4'], ['b', '2']], 'first replaced, rest dropped');
    fd.set('c', '5');
    deepEq(pairs(fd), [['a', '4'], ['b', '2'], ['c', '5']], 'set appends');
  },
};

export const blobsBecomeFiles = {
  async test() {
    const fd = new FormData();
    const blob = new Blob(['data'], { type: 'text/plain' });
    fd.append('upload', blob);
    const file = fd.get('upload');
    assert(file instanceof File, 'a Blob becomes a File');
    eq(file.name, 'upload', 'named after the entry (workerd)');
    eq(file.type, 'text/plain', 'type kept');
    eq(await file.text(), 'data', 'bytes kept');
    fd.append('named', blob, 'report.txt');
    eq(fd.get('named').name, 'report.txt', 'filename argument');
    const original = new File(['f'], 'orig.txt', { lastModified: 5 });
    fd.append('same', original);
    eq(fd.get('same'), original, 'a File is kept as is');
    fd.append('renamed', original, 'new.txt');
    const renamed = fd.get('renamed');
    assert(renamed !== original, 'a renamed File is a new File');
    eq(renamed.name, 'new.txt', 'new name');
    eq(await renamed.text(), 'f', 'same bytes');
    fd.set('upload', new Blob(['z']), 'z.bin');
    eq(fd.get('upload').name, 'z.bin', 'set with filename');
    fd.append('text', 'plain', 'ignored.txt');
    eq(fd.get('text'), 'plain', 'filename with a string is ignored');
  },
};

export const iteration = {
  async test() {
    const fd = new FormData();
    fd.append('a', '1');
    fd.append('b', '2');
    deepEq([...fd.keys()], ['a', 'b'], 'keys');
    deepEq([...fd.values()], ['1', '2'], 'values');
    deepEq([...fd.entries()], [['a', '1'], ['b', '2']], 'entries');
    eq(fd[Symbol.iterator], fd.entries, '@@iterator is entries');
    const it = fd.keys();
    eq(Object.prototype.toString.call(it), '[object FormData Iterator]', 'iterator tag');
    eq(it[Symbol.iterator](), it, 'iterators are iterable');
    eq(it.next().value, 'a', 'first key');
    fd.append('c', '3');
    deepEq([...it], ['b', 'c'], 'iterators are live');
    const seen = [];
    const self = {};
    fd.forEach(function (value, key, object) {
      seen.push([key, value, object === fd, this === self]);
      if (key === 'a') fd.append('d', '4');
    }, self);
    deepEq(seen, [['a', '1', true, true], ['b', '2', true, true], ['c', '3', true, true],
      ['d', '4', true, true]], 'forEach sees changes');
    deepEq([...new URLSearchParams(fd)], [['a', '1'], ['b', '2'], ['c', '3'], ['d', '4']],
      'URLSearchParams from FormData');
  },
};

export const argumentErrors = {
  async test() {
    const fd = new FormData();
    await throws(() => fd.append('a'), TypeError,
      "Failed to execute 'append' on 'FormData': 2 arguments required, but only 1 present.", 'append');
    await throws(() => fd.set('a'), TypeError,
      "Failed to execute 'set' on 'FormData': 2 arguments required, but only 1 present.", 'set');
    await throws(() => fd.get(), TypeError,
      "Failed to execute 'get' on 'FormData': 1 argument required, but only 0 present.", 'get');
    await throws(() => fd.getAll(), TypeError, undefined, 'getAll');
    await throws(() => fd.has(), TypeError, undefined, 'has');
    await throws(() => fd.delete(), TypeError, undefined, 'delete');
    await throws(() => fd.forEach(), TypeError, undefined, 'forEach without callback');
    await throws(() => fd.forEach(1), TypeError,
      "Failed to execute 'forEach' on 'FormData': parameter 1 is not of type 'Function'.", 'forEach type');
    await throws(() => FormData.prototype.get.call({}, 'a'), TypeError, 'Illegal invocation', 'brand');
    await throws(() => fd.keys().next.call({}), TypeError, 'Illegal invocation', 'iterator brand');
    await throws(() => FormData(), TypeError, undefined, 'call without new');
    await throws(() => fd.append(Symbol('s'), 'v'), TypeError, undefined, 'symbol name');
  },
};

export const shapes = {
  async test() {
    eq(Object.prototype.toString.call(new FormData()), '[object FormData]', 'tag');
    eq(new FormData('ignored', 'too').has('x'), false, 'constructor arguments are ignored');
    const desc = Object.getOwnPropertyDescriptor(globalThis, 'FormData');
    eq(desc.enumerable, false, 'global not enumerable');
    assert(Object.keys(FormData.prototype).includes('append'), 'methods enumerable');
  },
};

export const roundTripThroughResponse = {
  async test() {
    const binary = new Uint8Array(256).map((_, i) => i);
    const fd = new FormData();
    fd.append('text', 'héllo\r\nworld');
    fd.append('empty', '');
    fd.append('file', new File([binary], 'bytes.bin', { type: 'application/x-test' }));
    fd.append('untyped', new Blob(['x']), 'u.txt');
    fd.append('q"uote\nname\\x', 'v');
    fd.append('', 'empty name');
    const response = new Response(fd);
    const type = response.headers.get('content-type');
    assert(/^multipart\/form-data; boundary=[0-9a-f]{32}$/.test(type), `content-type ${type}`);
    const parsed = await response.formData();
    eq(response.bodyUsed, true, 'body used');
    eq(parsed.get('text'), 'héllo\r\nworld', 'text');
    eq(parsed.get('empty'), '', 'empty value');
    const file = parsed.get('file');
    assert(file instanceof File, 'file is a File');
    eq(file.name, 'bytes.bin', 'file name');
    eq(file.type, 'application/x-test', 'file type');
    const back = await file.bytes();
    eq(back.length, 256, 'file size');
    for (let i = 0; i < 256; i++) if (back[i] !== i) throw new Error(`binary byte ${i}`);
    eq(parsed.get('untyped').type, 'application/octet-stream', 'default part type');
    // workerd's escapes: %22 and %0A are not decoded again, a backslash is.
    eq(parsed.get('q%22uote%0Aname\\x'), 'v', 'escaped name');
    eq(parsed.get(''), 'empty name', 'empty name');
    await throws(() => new Response((() => { const f = new FormData(); f.append('a\\', 'v'); return f; })()),
      TypeError, "Name or filename can't end with backslash", 'trailing backslash');

    // The exact encoding workerd writes.
    const small = new FormData();
    small.append('a', 'b');
    small.append('f', new File(['x'], 'f.txt', { type: 'text/plain' }));
    const encoded = new Response(small);
    const boundary = encoded.headers.get('content-type').split('=')[1];
    eq((await encoded.text()).replaceAll(boundary, 'B'),
      '--B\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n' +
      '--B\r\nContent-Disposition: form-data; name="f"; filename="f.txt"\r\n' +
      'Content-Type: text/plain\r\n\r\nx\r\n--B--', 'encoding');
    eq(new Response(new FormData()).headers.get('content-type') !== null, true, 'empty form type');
    eq((await new Response(new FormData()).text()).length, 36, 'empty form is the final boundary');

    const request = new Request('https://x.test/', { method: 'POST', body: fd });
    eq((await request.formData()).get('file').size, 256, 'request round trip');
  },
};

export const parsesHandWrittenMultipart = {
  async test() {
    const text = 'preamble\r\n--XyZ\r\n' +
      'content-disposition: form-data; name="field"\r\n\r\nvalue one\r\n' +
      '--XyZ\n' +
      'Content-Disposition: form-data; name="upload"; filename="a \\"b\\".txt"\n' +
      'Content-Type: text/plain; charset=utf-8\n\n' +
      'line1\nline2\n' +
      '--XyZ\r\n' +
      'Content-Disposition:form-data;name=bare;filename=""\r\n\r\n\r\n' +
      '--XyZ--\r\nepilogue --XyZ garbage';
    const fd = await body(text, 'multipart/form-data; boundary="XyZ"').formData();
    deepEq(pairs(fd), [['field', 'value one'], ['upload', 'File(a "b".txt)'], ['bare', 'File()']],
      'entries');
    const upload = fd.get('upload');
    eq(upload.type, 'text/plain; charset=utf-8', 'part Content-Type as sent');
    eq(await upload.text(), 'line1\nline2', 'LF-only framing');
    eq(fd.get('bare').size, 0, 'empty file');
    const first = await body('--b\r\nContent-Disposition: form-data; name="a"\r\n\r\nx\r\n--b--',
      'Multipart/Form-Data; charset=utf-8; boundary=b').formData();
    eq(first.get('a'), 'x', 'boundary at the start, parameters in any order');
    const utf8 = await body('--b\r\nContent-Disposition: form-data; name="ключ"\r\n\r\nзначение\r\n--b--',
      'multipart/form-data; boundary=b').formData();
    eq(utf8.get('ключ'), 'значение', 'UTF-8 names and values');
  },
};

export const multipartErrors = {
  async test() {
    const type = 'multipart/form-data; boundary=b';
    const cases = [
      ['', 'No initial boundary string (or you have a truncated message).'],
      ['no boundary here', 'No initial boundary string (or you have a truncated message).'],
      ['--b', "Boundary string was not succeeded by CRLF, LF, or '--'."],
      ['--bX\r\n', "Boundary string was not succeeded by CRLF, LF, or '--'."],
      ['--b\r\nContent-Disposition: form-data; name="a"\r\n', 'No multipart message header termination found.'],
      ['--b\r\nX-Other: 1\r\n\r\nv\r\n--b--', 'No valid Content-Disposition header found in FormData part.'],
      ['--b\r\nbad header\r\n\r\nv\r\n--b--', 'FormData part had invalid headers.'],
      ['--b\r\nContent-Disposition: ;name="a"\r\n\r\nv\r\n--b--', 'Invalid Content-Disposition header found in FormData part.'],
      ['--b\r\nContent-Disposition: attachment; name="a"\r\n\r\nv\r\n--b--',
        'Content-Disposition header for FormData part must have the value "form-data", possibly followed by parameters. Got: "attachment"'],
      ['--b\r\nContent-Disposition: form-data; filename="a"\r\n\r\nv\r\n--b--',
        'Content-Disposition header in FormData part is missing a name.'],
      ['--b\r\nContent-Disposition: form-data; name="a"\r\n\r\nv', 'No subsequent boundary string after multipart message.'],
    ];
    for (const [text, message] of cases) {
      await rejects(body(text, type).formData(), TypeError, message, JSON.stringify(text));
    }
    await rejects(body('x', 'multipart/form-data').formData(), TypeError,
      'No boundary string in Content-Type header. The multipart/form-data MIME type requires a ' +
      "boundary parameter, e.g. 'Content-Type: multipart/form-data; boundary=\"abcd\"'. See RFC 7578, section 4.",
      'no boundary');
  },
};

export const urlencodedBodies = {
  async test() {
    const fd = await body('a=1&b=%C3%A9+x&a=2&&c', 'application/x-www-form-urlencoded').formData();
    deepEq(pairs(fd), [['a', '1'], ['b', 'é x'], ['a', '2'], ['c', '']], 'parsed');
    const params = new URLSearchParams({ q: 'a b', r: '&' });
    const request = new Request('https://x.test/', { method: 'POST', body: params });
    deepEq(pairs(await request.formData()), [['q', 'a b'], ['r', '&']], 'URLSearchParams body');
    const latin = await body('x=%E9', 'application/x-www-form-urlencoded;charset=windows-1252').formData();
    eq(latin.get('x'), '\uFFFD', 'always UTF-8 (URL Standard)');
    eq([...await new Response(null, { headers: { 'content-type': 'application/x-www-form-urlencoded' } })
      .formData()].length, 0, 'null body is empty');
  },
};

export const contentTypeAndBodyUsed = {
  async test() {
    const unrecognized = 'Unrecognized Content-Type header value. FormData can only parse the ' +
      'following MIME types: multipart/form-data, application/x-www-form-urlencoded';
    await rejects(new Response('a=1').formData(), TypeError, unrecognized, 'text/plain');
    await rejects(body('a=1', 'not a mime type').formData(), TypeError, unrecognized, 'unparsable');
    const none = new Response(new Uint8Array([1]));
    await rejects(none.formData(), TypeError,
      'Parsing a Body as FormData requires a Content-Type header.', 'missing');
    eq(none.bodyUsed, false, 'a missing Content-Type does not consume the body');
    const used = body('a=1', 'application/x-www-form-urlencoded');
    await used.text();
    await rejects(used.formData(), TypeError,
      'Body has already been used. It can only be used once. Use tee() first if you need to read it twice.',
      'used body');
    const stream = new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode('k=v')); c.close(); } });
    const streamed = new Response(stream, { headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    eq((await streamed.formData()).get('k'), 'v', 'stream body');
    eq(streamed.bodyUsed, true, 'stream consumed');
  },
};

// Every search looks for a line feed and compares there: a body made of near-misses of the
// delimiter parses in linear time.
export const parsesInLinearTime = {
  async test() {
    const boundary = 'a'.repeat(60);
    const nearMiss = `\n--${'a'.repeat(59)}b`;
    const filler = nearMiss.repeat(40000);  // 2.6 MB of almost-delimiters
    const text = `--${boundary}\r\nContent-Disposition: form-data; name="f"; filename="f"\r\n\r\n` +
      `${filler}\r\n--${boundary}--`;
    const started = Date.now();
    const fd = await body(text, `multipart/form-data; boundary=${boundary}`).formData();
    const elapsed = Date.now() - started;
    eq(fd.get('f').size, filler.length, 'content size');
    assert(elapsed < 2000, `parsed in ${elapsed} ms`);
  },
};
