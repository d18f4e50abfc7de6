// node:http inside a Worker (nodejs_compat): http.get/request against a Node server on loopback
// (status, headers, a body streamed in parts, a POST body, failures), https.get against a TLS
// server whose CA edged trusts through SSL_CERT_FILE, a Worker written as a Node server
// (http.createServer + cloudflare:node's httpServerHandler) hit with fetch and curl, and the
// compatibility dates that turn the modules on.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { startEdged } from '../lib/edged.mjs';
import { loopbackServers, makeServerCredentials } from '../lib/peers.mjs';

const dir = mkdtempSync(join(tmpdir(), 'edged-node-http-'));
const { listen, forget, closeAll } = loopbackServers();

const clientWorker = `import http from 'node:http';
import https from 'node:https';

// One exchange: the response's facts, the body as it arrived, or the error's code and message.
function exchange(options, body) {
  return new Promise((resolve) => {
    const req = http.request(options, (res) => {
      const chunks = [];
      res.setEncoding('utf8');
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve({
        status: res.statusCode, statusMessage: res.statusMessage, headers: res.headers,
        rawHeaders: res.rawHeaders, httpVersion: res.httpVersion, chunks, complete: res.complete,
      }));
    });
    req.on('error', (error) => resolve({ code: error.code, message: error.message }));
    if (body !== undefined) req.write(body);
    req.end();
  });
}

export default {
  async fetch(request) {
    const url = new URL(request.url);
    const port = Number(url.searchParams.get('port'));
    const base = 'http://127.0.0.1:' + port;
    switch (url.pathname) {
      case '/get':
        return Response.json(await new Promise((resolve) => {
          http.get(base + '/stream', (res) => {
            const chunks = [];
            res.on('data', (chunk) => chunks.push(chunk.toString()));
            res.on('end', () => resolve({ status: res.statusCode, statusMessage: res.statusMessage,
              headers: res.headers, rawHeaders: res.rawHeaders, httpVersion: res.httpVersion, chunks }));
          }).on('error', (e) => resolve({ error: e.message }));
        }));
      case '/post':
        return Response.json(await exchange({
          host: '127.0.0.1', port, path: '/echo?x=1', method: 'POST',
          headers: { 'Content-Type': 'text/plain', 'X-Custom': ['a', 'b'] },
        }, 'payload ' + 'x'.repeat(10)));
      case '/https':
        return Response.json(await new Promise((resolve) => {
          https.get('https://localhost:' + port + '/secure', (res) => {
            let text = '';
            res.on('data', (chunk) => { text += chunk; });
            res.on('end', () => resolve({ status: res.statusCode, text, peer: res.headers['x-peer'] }));
          }).on('error', (e) => resolve({ error: e.code + ' ' + e.message }));
        }));
      case '/refused':
        return Response.json(await exchange(base + '/'));
      case '/timeout':
        return Response.json(await new Promise((resolve) => {
          const req = http.get(base + '/slow');
          req.setTimeout(100, () => { req.destroy(); resolve({ timedOut: true }); });
          req.on('error', () => {});
        }));
      case '/abort':
        return Response.json(await new Promise((resolve) => {
          const events = [];
          const req = http.get(base + '/slow');
          req.on('abort', () => events.push('abort'));
          req.on('error', (e) => events.push('error ' + e.code));
          req.on('close', () => { events.push('close'); resolve({ events, aborted: req.aborted }); });
          setTimeout(() => req.abort(), 20);
        }));
    }
    return new Response('not found', { status: 404 });
  },
};
`;

const serverWorker = `import { createServer } from 'node:http';
import { httpServerHandler } from 'cloudflare:node';

const server = createServer((req, res) => {
  if (req.url === '/') {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end('<h1>Welcome to my Node.js app on Workers!</h1>');
  } else if (req.url === '/echo') {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ method: req.method, url: req.url, host: req.headers.host,
        body: Buffer.concat(chunks).toString() }));
    });
  } else if (req.url === '/stream') {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.write('first\\n');
    setTimeout(() => res.end('second\\n'), 50);
  } else {
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('Not Found');
  }
});
server.listen(8080);

export default httpServerHandler({ port: 8080 });
`;

let client;
let nodeServer;
let peerPort;
let tlsPort;
let closedPort;

before(async () => {
  peerPort = await listen(http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      if (req.url === '/stream') {
        res.writeHead(201, 'Made It', { 'X-Peer': 'node', 'Set-Cookie': ['a=1', 'b=2'] });
        res.write('one,');
        setTimeout(() => res.end('two'), 100);
      } else if (req.url === '/slow') {
        setTimeout(() => res.end('late'), 3000).unref();
      } else {
        res.setHeader('Content-Type', 'application/json');
        res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers,
          body: Buffer.concat(chunks).toString() }));
      }
    });
  }));
  const credentials = makeServerCredentials(dir, 'node-http-ca', ['DNS:localhost', 'IP:127.0.0.1']);
  tlsPort = await listen(https.createServer(credentials, (req, res) => {
    res.setHeader('X-Peer', 'tls');
    res.end('secure ' + req.url);
  }));
  const closed = net.createServer();
  closedPort = await listen(closed);
  await new Promise((r) => closed.close(r));
  forget(closed);

  client = await startEdged({
    files: {
      'wrangler.jsonc': { name: 'http-client', main: 'w.js', compatibility_date: '2026-04-01',
        compatibility_flags: ['nodejs_compat'] },
      'w.js': clientWorker,
    },
    env: { SSL_CERT_FILE: join(dir, 'ca.pem') },
  });
  nodeServer = await startEdged({
    files: {
      'wrangler.jsonc': { name: 'http-server', main: 'w.js', compatibility_date: '2026-04-01',
        compatibility_flags: ['nodejs_compat'] },
      'w.js': serverWorker,
    },
  });
});

after(async () => {
  assert.equal(await client.stop(), 0);
  assert.equal(await nodeServer.stop(), 0);
  await closeAll();
  rmSync(dir, { recursive: true, force: true });
});

const call = async (path, port) => {
  const res = await fetch(`${client.url}${path}?port=${port}`);
  const text = await res.text();
  assert.equal(res.status, 200, `${text}\n${client.logs()}`);
  return JSON.parse(text);
};

test('http.get reads status, headers and a body that arrives in parts', async () => {
  const result = await call('/get', peerPort);
  assert.equal(result.status, 201);
  assert.equal(result.statusMessage, 'Made It');
  assert.equal(result.httpVersion, '1.1');
  assert.equal(result.headers['x-peer'], 'node');
  assert.deepEqual(result.headers['set-cookie'], ['a=1', 'b=2']);
  assert.ok(result.rawHeaders.includes('x-peer'));
  assert.deepEqual(result.chunks, ['one,', 'two']);
});

test('http.request POST sends its body and headers', async () => {
  const result = await call('/post', peerPort);
  assert.equal(result.status, 200);
  assert.equal(result.complete, true);
  const echoed = JSON.parse(result.chunks.join(''));
  assert.equal(echoed.method, 'POST');
  assert.equal(echoed.url, '/echo?x=1');
  assert.equal(echoed.body, 'payload xxxxxxxxxx');
  assert.equal(echoed.headers['content-type'], 'text/plain');
  assert.equal(echoed.headers['x-custom'], 'a, b');
  assert.equal(echoed.headers.host, `127.0.0.1:${peerPort}`);
});

test('https.get reaches a TLS server', async () => {
  assert.deepEqual(await call('/https', tlsPort), { status: 200, text: 'secure /secure', peer: 'tls' });
});

test('a refused connection is an ECONNREFUSED error event', async () => {
  const result = await call('/refused', closedPort);
  assert.equal(result.code, 'ECONNREFUSED');
});

test('setTimeout fires while the response is late; abort() closes without an error', async () => {
  assert.deepEqual(await call('/timeout', peerPort), { timedOut: true });
  assert.deepEqual(await call('/abort', peerPort), { events: ['abort', 'close'], aborted: true });
});

test('a Worker written as a Node server answers fetch', async () => {
  const home = await fetch(nodeServer.url + '/');
  assert.equal(home.status, 200);
  assert.equal(home.headers.get('content-type'), 'text/html');
  assert.equal(await home.text(), '<h1>Welcome to my Node.js app on Workers!</h1>');
  // end(body) before any write gives the whole body at once, so its length goes out.
  assert.equal(home.headers.get('content-length'), '46');

  const echo = await fetch(nodeServer.url + '/echo', { method: 'PUT', body: 'sent body' });
  const echoed = await echo.json();
  assert.equal(echoed.method, 'PUT');
  assert.equal(echoed.url, '/echo');
  assert.equal(echoed.body, 'sent body');
  assert.equal(echoed.host, new URL(nodeServer.url).host);

  const missing = await fetch(nodeServer.url + '/nowhere');
  assert.equal(missing.status, 404);
  assert.equal(await missing.text(), 'Not Found');
});

test('the Node server streams its body and curl reads it', async () => {
  const started = Date.now();
  const response = await fetch(nodeServer.url + '/stream');
  const reader = response.body.getReader();
  const first = await reader.read();
  assert.equal(new TextDecoder().decode(first.value), 'first\n');
  let rest = '';
  for (let r = await reader.read(); !r.done; r = await reader.read()) rest += new TextDecoder().decode(r.value);
  assert.equal(rest, 'second\n');
  assert.ok(Date.now() - started >= 40);

  const out = execFileSync('curl', ['-s', '-i', nodeServer.url + '/stream'], { encoding: 'utf8' });
  assert.match(out, /^HTTP\/1\.1 200 OK/);
  assert.match(out, /content-type: text\/plain/i);
  assert.match(out, /first\nsecond\n$/);
});

// What a Worker sees of these modules on a compatibility date.
const gateWorker = `export default {
  async fetch() {
    const out = {};
    const attempt = async (name, fn) => {
      try { out[name] = await fn(); } catch (e) { out[name] = (e.code ? e.code + ': ' : '') + e.message.split('\\n')[0]; }
    };
    for (const name of ['node:http', 'node:https', 'node:_http_client', 'node:_http_server', 'node:http2', 'cloudflare:node']) {
      await attempt(name, async () => Object.keys(await import(name)).length > 0);
    }
    await attempt('createServer', async () => typeof (await import('node:http')).createServer());
    await attempt('Server', async () => typeof new (await import('node:http')).Server());
    return Response.json(out);
  },
};`;

async function seenOn(date, flags = []) {
  const edged = await startEdged({
    files: {
      'wrangler.jsonc': { name: 'http-gate', main: 'w.js', compatibility_date: date,
        compatibility_flags: ['nodejs_compat', ...flags] },
      'w.js': gateWorker,
    },
  });
  try {
    return await (await fetch(edged.url + '/')).json();
  } finally {
    await edged.stop();
  }
}

test('the modules follow workerd\'s dates: client 2025-08-15, server and http2 2025-09-01', async () => {
  const before = await seenOn('2025-08-01');
  assert.equal(before['node:http'], 'No such module "node:http".');
  assert.equal(before['node:https'], 'No such module "node:https".');
  assert.equal(before['node:http2'], 'No such module "node:http2".');
  assert.equal(before['cloudflare:node'], true);

  const clientOnly = await seenOn('2025-08-20');
  assert.equal(clientOnly['node:http'], true);
  assert.equal(clientOnly['node:_http_client'], true);
  assert.equal(clientOnly['node:_http_server'], 'No such module "node:_http_server".');
  assert.equal(clientOnly['node:http2'], 'No such module "node:http2".');
  assert.equal(clientOnly.createServer, 'ERR_METHOD_NOT_IMPLEMENTED: The createServer method is not implemented');
  assert.equal(clientOnly.Server, 'ERR_METHOD_NOT_IMPLEMENTED: The Server method is not implemented');

  const all = await seenOn('2025-08-01', ['enable_nodejs_http_modules', 'enable_nodejs_http_server_modules',
    'enable_nodejs_http2_module']);
  for (const name of ['node:http', 'node:https', 'node:_http_server', 'node:http2']) assert.equal(all[name], true, name);
  assert.equal(all.createServer, 'object');

  const disabled = await seenOn('2026-04-01', ['disable_nodejs_http_server_modules']);
  assert.equal(disabled['node:http'], true);
  assert.equal(disabled.createServer, 'ERR_METHOD_NOT_IMPLEMENTED: The createServer method is not implemented');
});
