// HTTP/1.1 as clients speak it, and as broken clients misspeak it, against a real edged: every
// malformed or ambiguous request gets a 400 and a closed connection, and the server lives on.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startEdged, rawRequest } from '../lib/edged.mjs';

let edged;
before(async () => {
  edged = await startEdged({
    files: {
      'wrangler.jsonc': { name: 'http', main: 'w.js', compatibility_date: '2025-09-01' },
      'w.js': `export default { async fetch(request) {
        const url = new URL(request.url);
        if (url.pathname === '/echo') {
          const body = await request.text();
          return new Response(request.method + ' ' + body.length + ' ' + body.slice(0, 20));
        }
        if (url.pathname === '/stream') {
          const enc = new TextEncoder();
          return new Response(new ReadableStream({
            start(c) { c.enqueue(enc.encode('one,')); c.enqueue(enc.encode('two')); c.close(); },
          }));
        }
        return new Response('path=' + url.pathname + url.search, { headers: { 'x-method': request.method } });
      } };`,
    },
  });
});
after(async () => {
  assert.equal(await edged.stop(), 0);
});

const get = (path, extra = '') => `GET ${path} HTTP/1.1\r\nHost: x\r\n${extra}\r\n`;

test('keep-alive: two requests on one connection', async () => {
  const { text } = await rawRequest(edged.port, get('/a') + get('/b', 'Connection: close\r\n'));
  const responses = text.split('HTTP/1.1 200 OK').length - 1;
  assert.equal(responses, 2);
  assert.ok(text.indexOf('path=/a') < text.indexOf('path=/b'), 'answered in order');
});

test('pipelining: responses come back in request order', async () => {
  const reqs = ['/1', '/2', '/3', '/4', '/5'].map((p) => get(p)).join('') + get('/6', 'Connection: close\r\n');
  const { text, closed } = await rawRequest(edged.port, reqs);
  const paths = [...text.matchAll(/path=(\/\d)/g)].map((m) => m[1]);
  assert.deepEqual(paths, ['/1', '/2', '/3', '/4', '/5', '/6']);
  assert.ok(closed);
});

test('chunked request body is decoded; streamed response is chunked', async () => {
  const body = 'POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n' +
    '5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n';
  const { text } = await rawRequest(edged.port, body);
  assert.match(text, /POST 11 hello world/);
  const streamed = await rawRequest(edged.port, get('/stream', 'Connection: close\r\n'));
  assert.match(streamed.text, /transfer-encoding: chunked/i);
  assert.match(streamed.text, /\r\n4\r\none,\r\n3\r\ntwo\r\n0\r\n\r\n/);
});

test('HEAD gets headers and Content-Length but no body', async () => {
  const { text } = await rawRequest(edged.port, 'HEAD /head HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  assert.match(text, /^HTTP\/1\.1 200 OK/);
  assert.match(text, /content-length: 10/i);
  assert.ok(text.endsWith('\r\n\r\n'), 'no body bytes');
});

test('Expect: 100-continue gets 100 before the body is sent', async () => {
  const { text } = await rawRequest(edged.port,
    'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nExpect: 100-continue\r\nConnection: close\r\n\r\nabc',
    { waitMs: 1000 });
  assert.match(text, /^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 OK/);
  assert.match(text, /POST 3 abc/);
});

test('HTTP/1.0 without keep-alive closes after the response', async () => {
  const { text, closed } = await rawRequest(edged.port, 'GET /old HTTP/1.0\r\n\r\n');
  assert.match(text, /^HTTP\/1\.1 200 OK/);
  assert.match(text, /path=\/old/);
  assert.ok(closed);
});

const malformed = {
  'bad request line': 'GET\r\n\r\n',
  'bad HTTP version': 'GET / HTTP/9.9\r\nHost: x\r\n\r\n',
  'Content-Length with Transfer-Encoding': 'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
  'two different Content-Lengths': 'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd',
  'bad chunk size': 'POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n',
  'obs-fold': 'GET / HTTP/1.1\r\nHost: x\r\nX-Folded: a\r\n b\r\n\r\n',
  'NUL in a header value': 'GET / HTTP/1.1\r\nHost: x\r\nX-Nul: a\0b\r\n\r\n',
  'space before the colon': 'GET / HTTP/1.1\r\nHost : x\r\n\r\n',
  'invalid header name': 'GET / HTTP/1.1\r\nHost: x\r\nBad{Name}: 1\r\n\r\n',
  'Transfer-Encoding not ending in chunked': 'POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\nabc',
  'negative Content-Length': 'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n',
};
for (const [name, bytes] of Object.entries(malformed)) {
  test(`malformed: ${name} → 400 and close`, async () => {
    const { text, closed } = await rawRequest(edged.port, bytes);
    assert.match(text, /^HTTP\/1\.1 400 Bad Request/, text);
    assert.ok(closed, 'connection closed');
  });
}

test('too many header bytes → 431', async () => {
  const { text } = await rawRequest(edged.port, get('/', `X-Big: ${'a'.repeat(70 * 1024)}\r\n`));
  assert.match(text, /^HTTP\/1\.1 431/);
});

test('body over the limit → 413', async () => {
  const { text } = await rawRequest(edged.port,
    'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 209715200\r\n\r\n');
  assert.match(text, /^HTTP\/1\.1 413/);
});

test('the server still answers after all of the above', async () => {
  const res = await fetch(edged.url + '/still?alive=1');
  assert.equal(await res.text(), 'path=/still?alive=1');
});
