// Outbound HTTPS from a Worker: certificates made at test time with the openssl CLI, trusted by
// edged through SSL_CERT_FILE. Verification is on: an unknown CA or a certificate for another
// name is refused; a trusted origin works by name and by IP address, with connection reuse.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import https from 'node:https';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEdged } from '../lib/edged.mjs';

const dir = mkdtempSync(join(tmpdir(), 'edged-tls-'));
const openssl = (...args) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });

// A CA, and a server certificate it signs for `names` (a subjectAltName list).
function makeCa(name) {
  openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '1', '-subj', `/CN=${name}`,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign');
  return name;
}
function makeServerCert(ca, name, altNames) {
  openssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
  writeFileSync(join(dir, `${name}.ext`), `subjectAltName=${altNames}\nextendedKeyUsage=serverAuth\n`);
  openssl('x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.pem`, '-CAkey', `${ca}.key`,
    '-CAcreateserial', '-out', `${name}.pem`, '-days', '1', '-extfile', `${name}.ext`);
  return { key: readFileSync(join(dir, `${name}.key`)), cert: readFileSync(join(dir, `${name}.pem`)) };
}

const servers = [];
let connections = 0;
function startOrigin(credentials) {
  const server = https.createServer(credentials, async (req, res) => {
    let bytes = 0;
    for await (const chunk of req) bytes += chunk.length;
    if (req.url === '/connections') return res.end(String(connections));
    if (req.url.startsWith('/big')) {
      const size = Number(new URL(req.url, 'https://x').searchParams.get('bytes'));
      res.writeHead(200, { 'content-length': size });
      return res.end(Buffer.alloc(size, 0x63));
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ method: req.method, url: req.url, bytes, sni: req.socket.servername }));
  });
  server.on('secureConnection', () => { connections++; });
  servers.push(server);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
}

const worker = `export default {
  async fetch(request) {
    const target = new URL(request.url).searchParams.get('url');
    try {
      if (new URL(request.url).pathname === '/proxy') return fetch(new Request(target, request));
      const res = await fetch(target);
      return Response.json({ status: res.status, body: await res.text() });
    } catch (e) {
      return Response.json({ error: e.name, message: e.message });
    }
  },
};`;

let edged;
let trusted;
let wrongName;
let unknownCa;
before(async () => {
  makeCa('ca');
  makeCa('other-ca');
  trusted = await startOrigin(makeServerCert('ca', 'localhost', 'DNS:localhost,IP:127.0.0.1'));
  wrongName = await startOrigin(makeServerCert('ca', 'elsewhere', 'DNS:elsewhere.test'));
  unknownCa = await startOrigin(makeServerCert('other-ca', 'stranger', 'DNS:localhost'));
  edged = await startEdged({
    files: {
      'wrangler.jsonc': { name: 'fetch-tls', main: 'w.js', compatibility_date: '2025-09-01' },
      'w.js': worker,
    },
    env: { SSL_CERT_FILE: join(dir, 'ca.pem') },
  });
});
after(async () => {
  assert.equal(await edged.stop(), 0);
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
  rmSync(dir, { recursive: true, force: true });
});

const via = async (url, path = '/') => (await fetch(`${edged.url}${path}?url=${encodeURIComponent(url)}`)).json();

test('a trusted origin, by name (with SNI) and by IP address', async () => {
  const byName = await via(`https://localhost:${trusted}/a?b=c`);
  assert.equal(byName.status, 200);
  assert.deepEqual(JSON.parse(byName.body), { method: 'GET', url: '/a?b=c', bytes: 0, sni: 'localhost' });
  const byIp = await via(`https://127.0.0.1:${trusted}/ip`);
  assert.equal(byIp.status, 200);
  assert.equal(JSON.parse(byIp.body).url, '/ip');
});

test('keep-alive over TLS: sequential fetches reuse the connection', async () => {
  const before = connections;
  for (let i = 0; i < 4; i++) assert.equal((await via(`https://localhost:${trusted}/again`)).status, 200);
  const after = Number((await via(`https://localhost:${trusted}/connections`)).body);
  assert.ok(after - before <= 1, `${after - before} new TLS connections for 5 requests`);
});

test('a certificate from an unknown CA is refused', async () => {
  const res = await via(`https://localhost:${unknownCa}/`);
  assert.equal(res.error, 'TypeError');
  assert.match(res.message, /^TLS peer's certificate is not trusted; reason = /);
});

test('a certificate for another host name is refused', async () => {
  const res = await via(`https://localhost:${wrongName}/`);
  assert.deepEqual(res, {
    error: 'TypeError', message: "TLS peer's certificate is not trusted; reason = hostname mismatch",
  });
});

test('HTTPS bodies stream both ways through a proxying Worker', async () => {
  const size = 8 * 1024 * 1024;
  const down = await fetch(`${edged.url}/proxy?url=${encodeURIComponent(`https://localhost:${trusted}/big?bytes=${size}`)}`);
  assert.equal(down.status, 200);
  assert.equal((await down.arrayBuffer()).byteLength, size);
  const up = await fetch(`${edged.url}/proxy?url=${encodeURIComponent(`https://localhost:${trusted}/up`)}`, {
    method: 'POST', body: Buffer.alloc(size, 0x64),
  });
  assert.equal((await up.json()).bytes, size);
});
