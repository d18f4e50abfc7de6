// HTTPS on the listener: `--tls cert:key[:names]` certificates chosen by SNI (the first for
// everything else), TLS 1.2 and 1.3, ALPN http/1.1, curl --cacert against it, and SIGHUP
// reloading the certificate files for new connections while the server keeps serving.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import tls from 'node:tls';
import { startEdged, runEdged, writeProject } from '../lib/edged.mjs';

const project = writeProject({
  'wrangler.jsonc': { name: 'tls', main: 'index.js', compatibility_date: '2025-09-01' },
  'index.js': `export default { fetch(request) { return new Response('hello over ' + new URL(request.url).host); } };`,
});
after(() => rmSync(project, { recursive: true, force: true }));

const file = (name) => join(project, name);
const openssl = (...args) => execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] });

// A test CA and a leaf certificate it signs for `names` (the first is the CN).
openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=edged test CA',
  '-keyout', file('ca.key'), '-out', file('ca.pem'));
function issue(base, names, organization) {
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${names[0]}/O=${organization}`,
    '-keyout', file(`${base}.key`), '-out', file(`${base}.csr`));
  writeFileSync(file(`${base}.ext`), `subjectAltName=${names.map((n) => `DNS:${n}`).join(',')}\n`);
  openssl('x509', '-req', '-in', file(`${base}.csr`), '-CA', file('ca.pem'), '-CAkey', file('ca.key'),
    '-CAcreateserial', '-days', '2', '-extfile', file(`${base}.ext`), '-out', file(`${base}.pem`));
}
issue('default', ['default.test'], 'first');
issue('shop', ['shop.test', '*.shop.test'], 'first');

function handshake(port, servername, options = {}) {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port, servername, ca: readFileSync(file('ca.pem')),
      ALPNProtocols: ['h2', 'http/1.1'], ...options }, () => {
      const peer = socket.getPeerCertificate();
      resolve({ cn: peer.subject.CN, o: peer.subject.O, alpn: socket.alpnProtocol, version: socket.getProtocol() });
      socket.end();
    });
    socket.on('error', reject);
  });
}

function curl(port, host, extra = []) {
  return execFileSync('curl', ['-sS', '--cacert', file('ca.pem'), '--resolve', `${host}:${port}:127.0.0.1`,
    ...extra, `https://${host}:${port}/`], { encoding: 'utf8' });
}

test('certificates by SNI, TLS 1.2 and 1.3, ALPN, curl --cacert, SIGHUP reload', async () => {
  const edged = await startEdged({
    config: file('wrangler.jsonc'),
    args: ['--tls', `${file('default.pem')}:${file('default.key')}`,
      '--tls', `${file('shop.pem')}:${file('shop.key')}:shop.test,*.shop.test`],
  });
  try {
    const port = edged.port;
    assert.equal((await handshake(port, 'default.test')).cn, 'default.test');
    assert.equal((await handshake(port, 'shop.test')).cn, 'shop.test');
    assert.equal((await handshake(port, 'api.shop.test')).cn, 'shop.test');
    const other = await handshake(port, 'unknown.test', { checkServerIdentity: () => undefined });
    assert.equal(other.cn, 'default.test');
    assert.equal(other.alpn, 'http/1.1');
    const v12 = await handshake(port, 'shop.test', { maxVersion: 'TLSv1.2' });
    assert.equal(v12.version, 'TLSv1.2');
    assert.equal((await handshake(port, 'shop.test')).version, 'TLSv1.3');
    await assert.rejects(handshake(port, 'shop.test', { maxVersion: 'TLSv1.1', minVersion: 'TLSv1' }));

    assert.equal(curl(port, 'shop.test'), `hello over shop.test:${port}`);
    assert.equal(curl(port, 'www.shop.test', ['--tlsv1.2', '--tls-max', '1.2']), `hello over www.shop.test:${port}`);
    // Keep-alive and a large body over TLS.
    const big = execFileSync('curl', ['-sS', '--cacert', file('ca.pem'), '--resolve', `default.test:${port}:127.0.0.1`,
      `https://default.test:${port}/a`, `https://default.test:${port}/b`], { encoding: 'utf8' });
    assert.equal(big, `hello over default.test:${port}hello over default.test:${port}`);

    // New files, then SIGHUP: new connections see the new certificate.
    issue('shop', ['shop.test', '*.shop.test'], 'second');
    edged.process.kill('SIGHUP');
    const deadline = Date.now() + 10_000;
    while ((await handshake(port, 'shop.test')).o !== 'second') {
      assert.ok(Date.now() < deadline, 'SIGHUP did not reload the certificate');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.equal(curl(port, 'shop.test'), `hello over shop.test:${port}`);
  } finally {
    assert.equal(await edged.stop(), 0);
  }
});

test('a missing certificate or a key that does not match is refused at start', async () => {
  let r = await runEdged(['serve', file('wrangler.jsonc'), '--port', '0', '--tls', `${file('nope.pem')}:${file('default.key')}`]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /nope\.pem: cannot load the TLS certificate/);
  r = await runEdged(['serve', file('wrangler.jsonc'), '--port', '0', '--tls', `${file('default.pem')}:${file('shop.key')}`]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /shop\.key: the private key does not match the certificate/);
  r = await runEdged(['serve', file('wrangler.jsonc'), '--port', '0', '--tls', 'only-one-part']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--tls must be <cert.pem>:<key.pem>/);
});
