// node:http, node:https, node:http2 and cloudflare:node without a network peer
// (runtime-js/api/8[1-4]_node_http*.js): constants, header checks, ClientRequest's headers and
// argument errors, and the server side driven through handleAsNodeRequest as a fetch event
// would. Requests to real peers: tests/e2e/web/node_http.test.mjs.
import http from 'node:http';
import https from 'node:https';
import http2 from 'node:http2';
import { OutgoingMessage } from 'node:_http_outgoing';
import { Writable, Readable } from 'node:stream';
import { httpServerHandler, handleAsNodeRequest } from 'cloudflare:node';
import assert from 'node:assert/strict';

export const constants = {
  test() {
    assert.equal(http.STATUS_CODES[404], 'Not Found');
    assert.equal(http.STATUS_CODES[418], "I'm a Teapot");
    assert.equal(http.METHODS.length, 35);
    assert.ok(http.METHODS.includes('PATCH'));
    assert.equal(http.maxHeaderSize, 16384);
    assert.ok(http.globalAgent instanceof http.Agent);
    assert.equal(http.globalAgent.defaultPort, 80);
    assert.equal(http.globalAgent.protocol, 'http:');
    assert.equal(https.globalAgent.defaultPort, 443);
    assert.equal(https.globalAgent.protocol, 'https:');
    assert.equal(new http.Agent({ keepAlive: true }).getName({ host: 'a', port: 81 }), 'a:81:');
  },
};

export const headerChecks = {
  test() {
    http.validateHeaderName('x-ok');
    http.validateHeaderValue('x-ok', 'fine\tvalue');
    assert.throws(() => http.validateHeaderName('a b'), {
      name: 'TypeError', code: 'ERR_INVALID_HTTP_TOKEN',
      message: 'Header name must be a valid HTTP token ["a b"]',
    });
    assert.throws(() => http.validateHeaderValue('x', 'a\nb'), {
      name: 'TypeError', code: 'ERR_INVALID_CHAR', message: 'Invalid character in header content ["x"]',
    });
    assert.throws(() => http.validateHeaderValue('x', undefined), {
      name: 'TypeError', code: 'ERR_HTTP_INVALID_HEADER_VALUE',
      message: 'Invalid value "undefined" for header "x"',
    });
  },
};

export const clientRequestShape = {
  test() {
    const req = http.request('http://127.0.0.1:9/a?b=1');
    assert.ok(req instanceof OutgoingMessage);
    assert.ok(req instanceof Writable);
    req.setHeader('X-List', ['1', '2']);
    req.appendHeader('x-list', '3');
    assert.deepEqual(req.getHeader('x-list'), ['1', '2', '3']);
    assert.deepEqual(req.getHeaderNames(), ['host', 'x-list']);
    assert.deepEqual(req.getRawHeaderNames(), ['Host', 'X-List']);
    assert.equal(req.getHeader('host'), '127.0.0.1:9');
    assert.equal(req.hasHeader('X-LIST'), true);
    req.removeHeader('x-list');
    assert.equal(req.hasHeader('x-list'), false);
    assert.equal(req.path, '/a?b=1');
    assert.equal(req.method, 'GET');
    assert.equal(req.host, '127.0.0.1');
    assert.equal(req.protocol, 'http:');
    req.destroy();
    assert.equal(req.destroyed, true);

    const withAuth = https.request({ host: 'example.com', path: '/', auth: 'u:p', method: 'post' });
    assert.equal(withAuth.getHeader('authorization'), 'Basic dTpw');
    assert.equal(withAuth.getHeader('host'), 'example.com');
    assert.equal(withAuth.method, 'POST');
    withAuth.destroy();
  },
};

export const clientArgumentErrors = {
  test() {
    assert.throws(() => http.request('ftp://127.0.0.1/'), {
      name: 'TypeError', code: 'ERR_INVALID_PROTOCOL',
      message: 'Protocol "ftp:" not supported. Expected "http:"',
    });
    assert.throws(() => https.request('http://127.0.0.1/'), {
      code: 'ERR_INVALID_PROTOCOL', message: 'Protocol "http:" not supported. Expected "https:"',
    });
    assert.throws(() => http.request({ method: 'BAD METHOD', host: 'x' }), {
      code: 'ERR_INVALID_HTTP_TOKEN', message: 'Method must be a valid HTTP token ["BAD METHOD"]',
    });
    assert.throws(() => http.request({ host: 'x', path: '/a b' }), {
      name: 'TypeError', code: 'ERR_UNESCAPED_CHARACTERS',
    });
    assert.throws(() => http.request({ host: 'x', headers: { 'bad name': '1' } }), {
      code: 'ERR_INVALID_HTTP_TOKEN',
    });
  },
};

// Runs one request through the server listening on `port` and reads the Response.
async function exchange(port, url, init) {
  const response = await handleAsNodeRequest(port, new Request(url, init));
  return { status: response.status, statusText: response.statusText, headers: response.headers,
    text: await response.text() };
}

export const serverRoundTrip = {
  async test() {
    const seen = [];
    const server = http.createServer((req, res) => {
      assert.ok(req instanceof http.IncomingMessage);
      assert.ok(req instanceof Readable);
      assert.ok(res instanceof http.ServerResponse);
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk) => { body += chunk; });
      req.on('end', () => {
        seen.push({ method: req.method, url: req.url, header: req.headers['x-z'], version: req.httpVersion });
        res.setHeader('X-Method', req.method);
        res.writeHead(202, { 'Content-Type': 'text/plain' });
        assert.equal(res.headersSent, true);
        res.write('got ');
        res.end(body);
      });
    });
    let listening = false;
    server.listen(5555, () => { listening = true; });
    await null;
    assert.equal(listening, true);
    assert.equal(server.listening, true);
    assert.deepEqual(server.address(), { port: 5555, family: 'IPv4', address: '127.0.0.1' });
    const answer = await exchange(5555, 'http://h/p?q=1', { method: 'POST', body: 'hi', headers: { 'X-Z': 'zz' } });
    assert.equal(answer.status, 202);
    // Node's reason phrase (workerd sends "unknown" when the handler sets none).
    assert.equal(answer.statusText, 'Accepted');
    assert.equal(answer.headers.get('x-method'), 'POST');
    assert.equal(answer.headers.get('content-type'), 'text/plain');
    assert.equal(answer.text, 'got hi');
    assert.deepEqual(seen, [{ method: 'POST', url: '/p?q=1', header: 'zz', version: '1.1' }]);
    await new Promise((resolve) => server.close(resolve));
    assert.equal(server.listening, false);
  },
};

export const serverResponseDefaults = {
  async test() {
    const server = http.createServer((req, res) => {
      if (req.url === '/empty') return res.end();
      if (req.url === '/status') {
        res.statusCode = 404;
        res.statusMessage = 'Nope';
        return res.end('missing');
      }
      if (req.url === '/no-content') {
        res.writeHead(204);
        return res.end();
      }
      res.writeHead(200, 'Fine', ['Set-Cookie', 'a=1', 'Set-Cookie', 'b=2']);
      res.end();
    }).listen(5556);
    const empty = await exchange(5556, 'http://h/empty');
    assert.deepEqual([empty.status, empty.text], [200, '']);
    const status = await exchange(5556, 'http://h/status');
    assert.deepEqual([status.status, status.statusText, status.text], [404, 'Nope', 'missing']);
    const noContent = await exchange(5556, 'http://h/no-content');
    assert.deepEqual([noContent.status, noContent.text], [204, '']);
    const cookies = await exchange(5556, 'http://h/cookies');
    assert.deepEqual(cookies.headers.getSetCookie(), ['a=1', 'b=2']);
    assert.equal(cookies.statusText, 'Fine');
    server.close();
  },
};

export const serverStreamsItsBody = {
  async test() {
    const server = http.createServer((req, res) => {
      res.writeHead(200);
      let n = 0;
      const timer = setInterval(() => {
        res.write(`chunk${n} `);
        if (++n === 3) {
          clearInterval(timer);
          res.end('done');
        }
      }, 5);
    }).listen(5557);
    const response = await handleAsNodeRequest(5557, new Request('http://h/'));
    const reader = response.body.getReader();
    const parts = [];
    const decoder = new TextDecoder();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      parts.push(decoder.decode(value));
    }
    assert.equal(parts.join(''), 'chunk0 chunk1 chunk2 done');
    assert.ok(parts.length >= 2, 'the body arrives as it is written');
    server.close();
  },
};

export const serverResponseErrors = {
  async test() {
    const res = new http.ServerResponse(new http.IncomingMessage());
    assert.equal(res.statusCode, 200);
    assert.equal(res.headersSent, false);
    assert.throws(() => res.writeHead(99), {
      name: 'RangeError', code: 'ERR_HTTP_INVALID_STATUS_CODE', message: 'Invalid status code: 99',
    });
    res.writeHead(200);
    assert.throws(() => res.setHeader('x', '1'), {
      code: 'ERR_HTTP_HEADERS_SENT', message: 'Cannot set headers after they are sent to the client',
    });
    assert.throws(() => res.writeContinue(), { code: 'ERR_METHOD_NOT_IMPLEMENTED' });
    res.destroy();
  },
};

export const serverListenErrors = {
  async test() {
    const first = http.createServer().listen(5558);
    assert.throws(() => http.createServer().listen(5558), {
      name: 'Error', code: 'ERR_SERVER_ALREADY_LISTEN',
      message: 'Listen method has been called more than once without closing.',
    });
    assert.throws(() => first.listen(5559), { code: 'ERR_SERVER_ALREADY_LISTEN' });
    first.close();
    assert.throws(() => http.createServer().listen(70000), {
      code: 'ERR_SOCKET_BAD_PORT', message: 'options.port should be >= 0 and < 65536. Received number.',
    });
    const any = http.createServer().listen(0);
    assert.ok(any.address().port > 0);
    any.close();
  },
};

export const serverHandlerErrors = {
  async test() {
    await assert.rejects(handleAsNodeRequest(4444, new Request('http://x/')), {
      name: 'Error', code: 'ERR_INVALID_ARG_VALUE',
      message: 'Http server with port 4444 not found. This is likely a bug with your code. ' +
        'You should check if server.listen() was called with the same port (4444)',
    });
    assert.throws(() => httpServerHandler(), { message: 'Server descriptor cannot be null or undefined' });
    assert.throws(() => httpServerHandler('abc'), { message: 'Failed to determine port for server' });
    assert.deepEqual(Object.keys(httpServerHandler({ port: 1 })), ['fetch']);

    // A handler that throws fails the fetch event with its error.
    const throwing = http.createServer(() => { throw new Error('boom'); }).listen(5560);
    await assert.rejects(handleAsNodeRequest(5560, new Request('http://h/')), { message: 'boom' });
    throwing.close();

    // httpServerHandler(server) finds the port the server listens on when a request comes.
    const server = http.createServer((req, res) => res.end('via server'));
    const handler = httpServerHandler(server);
    server.listen(5561);
    assert.equal(await (await handler.fetch(new Request('http://h/'))).text(), 'via server');
    server.close();
  },
};

export const http2Stubs = {
  test() {
    assert.equal(http2.constants.HTTP2_HEADER_STATUS, ':status');
    assert.equal(http2.constants.NGHTTP2_SESSION_CLIENT, 1);
    assert.equal(Object.keys(http2.constants).length, 253);
    assert.deepEqual(Object.keys(http2.getDefaultSettings()), []);
    assert.equal(http2.getPackedSettings().length, 0);
    assert.equal(http2.sensitiveHeaders, Symbol.for('nodejs.http2.sensitiveHeaders'));
    assert.throws(() => http2.connect('https://x'), {
      code: 'ERR_METHOD_NOT_IMPLEMENTED', message: 'The http2.connect method is not implemented',
    });
    assert.throws(() => http2.createServer(), { code: 'ERR_METHOD_NOT_IMPLEMENTED' });
  },
};
