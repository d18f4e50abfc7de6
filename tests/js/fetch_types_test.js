// Request, Response and their bodies, with Workers' messages.
const assert = (cond, msg) => { if (!cond) throw new Error('assertion failed: ' + msg); };
const eq = (a, b, msg) => { if (a !== b) throw new Error(`${msg}: expected ${JSON.stringify(b)}, got ${JSON.stringify(a)}`); };
const rejects = async (promise, type, re, msg) => {
  try { await promise; } catch (e) {
    assert(e instanceof type, `${msg}: wrong type ${e?.name}`);
    if (re) assert(re.test(e.message), `${msg}: message "${e.message}"`);
    return;
  }
  throw new Error(`${msg}: did not reject`);
};
const throws = (fn, type, re, msg) => rejects((async () => fn())(), type, re, msg);

export const responseBodies = {
  async test() {
    const r = new Response('héllo', { status: 201, statusText: 'Made', headers: { 'x-a': '1' } });
    eq(r.status, 201, 'status');
    eq(r.ok, true, 'ok');
    eq(r.statusText, 'Made', 'statusText');
    eq(r.headers.get('content-type'), 'text/plain;charset=UTF-8', 'default content-type');
    eq(r.bodyUsed, false, 'unused');
    eq(await r.text(), 'héllo', 'text');
    eq(r.bodyUsed, true, 'used');
    await rejects(r.text(), TypeError, /already been used/, 'second read');
    eq(new Uint8Array(await new Response(new Uint8Array([1, 2])).arrayBuffer())[1], 2, 'arrayBuffer');
    eq((await new Response('{"a":[1]}').json()).a[0], 1, 'json');
    eq((await new Response('ab').bytes()).length, 2, 'bytes');
    eq(await new Response(null).text(), '', 'null body');
    eq(new Response(null).body, null, 'null body stream');
  },
};

export const responseStatics = {
  async test() {
    const json = Response.json({ ok: true }, { status: 202 });
    eq(json.status, 202, 'json status');
    eq(json.headers.get('content-type'), 'application/json', 'json type');
    eq(await json.text(), '{"ok":true}', 'json body');
    const redirect = Response.redirect('https://example.com/a?b', 301);
    eq(redirect.status, 301, 'redirect status');
    eq(redirect.headers.get('location'), 'https://example.com/a?b', 'location');
    await throws(() => Response.redirect('https://example.com', 200), RangeError, /redirect status/, 'bad redirect');
    eq(Response.error().type, 'error', 'error type');
    await throws(() => new Response('x', { status: 99 }), RangeError, /200 to 599/, 'status range');
    await throws(() => new Response('x', { status: 204 }), TypeError, /null body status/, 'null body status');
  },
};

export const cloneTeesTheBody = {
  async test() {
    const stream = new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode('abc')); c.close(); } });
    const a = new Response(stream);
    const b = a.clone();
    eq(await a.text(), 'abc', 'original');
    eq(await b.text(), 'abc', 'clone');
    const req = new Request('https://x.test/p', { method: 'POST', body: 'data' });
    const copy = req.clone();
    eq(await req.text(), 'data', 'request');
    eq(await copy.text(), 'data', 'request clone');
  },
};

export const requestShape = {
  async test() {
    const r = new Request('https://EXAMPLE.com/a/../b?q#h', { method: 'post', headers: [['X-Y', 'z']] });
    eq(r.url, 'https://example.com/b?q#h', 'normalized url');
    eq(r.method, 'POST', 'normalized method');
    eq(r.headers.get('x-y'), 'z', 'headers');
    eq(r.redirect, 'follow', 'redirect');
    assert(r.signal instanceof AbortSignal, 'signal');
    const patch = new Request('https://x.test', { method: 'patch' });
    // workerd parses methods case-insensitively into its method enum, so PATCH is upper-cased
    // too (the Fetch standard would keep 'patch').
    eq(patch.method, 'PATCH', 'patch upper-cased as on workerd');
    await throws(() => new Request('not a url'), TypeError, /Invalid URL/, 'bad url');
    await throws(() => new Request('https://x.test', { body: 'x' }), TypeError, /GET or HEAD/, 'GET body');
    await throws(() => new Request('https://x.test', { method: 'CONNECT' }), TypeError, /Invalid HTTP method/, 'forbidden');
    const derived = new Request(r, { method: 'PUT' });
    eq(derived.url, r.url, 'derived url');
    eq(derived.method, 'PUT', 'derived method');
    new Response('x').headers.set('x-mutable', '1');
  },
};

export const requestCacheAndCf = {
  async test() {
    eq(new Request('https://x.test').cache, undefined, 'no cache mode by default');
    const r = new Request('https://x.test', { cache: 'no-store', cf: { cacheTtl: 5 } });
    eq(r.cache, 'no-store', 'cache mode');
    eq(r.clone().cache, 'no-store', 'kept by clone()');
    eq(new Request(r).cache, 'no-store', 'kept by new Request(request)');
    eq(new Request(r, { cache: 'no-cache' }).cache, 'no-cache', 'replaced');
    eq(r.cf.cacheTtl, 5, 'cf');
    await throws(() => new Request('https://x.test', { cache: 'force-cache' }), TypeError,
      /^Unsupported cache mode: force-cache$/, 'unsupported mode');
    await throws(() => new Request('https://x.test', { cf: 'x' }), TypeError,
      /^Incorrect type for the 'cf' field on 'RequestInitializerDict'/, 'cf not an object');
  },
};

export const formUrlencodedBody = {
  async test() {
    const r = new Request('https://x.test', { method: 'POST', body: new URLSearchParams({ a: '1 2' }) });
    eq(r.headers.get('content-type'), 'application/x-www-form-urlencoded;charset=UTF-8', 'type');
    eq(await r.text(), 'a=1+2', 'body');
  },
};

// Fetch: a consumed body's `body` is the stream that was read, disturbed and locked, whatever
// the body was made from (workerd does the same).
export const consumedBodyKeepsALockedStream = {
  async test() {
    const fromString = new Response('text');
    const reading = fromString.text();
    assert(fromString.body !== null, 'string body: still a stream');
    eq(fromString.body.locked, true, 'string body: locked');
    eq(await reading, 'text', 'string body: read');
    await throws(() => fromString.body.getReader(), TypeError, null, 'string body: no new reader');
    const fromStream = new Response(new ReadableStream({
      start(c) { c.enqueue(new Uint8Array([104, 105])); c.close(); },
    }));
    eq(await fromStream.text(), 'hi', 'stream body: read');
    eq(fromStream.body.locked, true, 'stream body: still locked after the read');
    const fromBytes = new Response(new Uint8Array([1]));
    await fromBytes.arrayBuffer();
    eq(fromBytes.bodyUsed, true, 'bytes body: used');
    eq(fromBytes.body.locked, true, 'bytes body: locked');
  },
};

// Body reads resolve the runtime's own promises with null-prototype records, so a `then` added
// to Object.prototype cannot swap the bytes (WPT response-stream-with-broken-then).
export const patchedThenCannotInterceptBodyReads = {
  async test() {
    const bytes = new TextEncoder().encode('hello');
    const bodies = [
      new Response(bytes),
      new Response(new ReadableStream({ start(c) { c.enqueue(bytes); c.close(); } })),
    ];
    for (const response of bodies) {
      let calls = 0;
      Object.prototype.then = function (onFulfilled) {
        calls++;
        delete Object.prototype.then;
        onFulfilled({ done: false, value: new TextEncoder().encode('bye') });
      };
      try {
        const text = await response.text();
        eq(text, 'hello', 'the body read is the body');
        eq(calls, 0, 'the patched then was never called');
      } finally {
        delete Object.prototype.then;
      }
    }
  },
};
