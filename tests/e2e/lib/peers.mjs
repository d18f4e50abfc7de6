// Loopback peers for tests of a Worker's outbound connections: a CA and a server certificate
// made with the openssl CLI (edged trusts the CA through SSL_CERT_FILE), and servers on
// ephemeral ports closed together at the end.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// Writes ca.pem and a server certificate for `altNames` (subjectAltName entries such as
// 'DNS:localhost', 'IP:127.0.0.1') into `dir`; returns the server's {key, cert} and the CA file.
export function makeServerCredentials(dir, caName, altNames) {
  const openssl = (...args) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '1', '-subj', `/CN=${caName}`,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign');
  openssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost');
  writeFileSync(join(dir, 'server.ext'),
    `subjectAltName=${altNames.join(',')}\nextendedKeyUsage=serverAuth\n`);
  openssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key',
    '-CAcreateserial', '-out', 'server.pem', '-days', '1', '-extfile', 'server.ext');
  return {
    key: readFileSync(join(dir, 'server.key')),
    cert: readFileSync(join(dir, 'server.pem')),
    caFile: join(dir, 'ca.pem'),
  };
}

// listen(server) → its port on 127.0.0.1; closeAll() closes every server listened so far;
// forget(server) drops one closed early.
export function loopbackServers() {
  const servers = [];
  return {
    listen(server) {
      servers.push(server);
      return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
    },
    forget(server) {
      servers.splice(servers.indexOf(server), 1);
    },
    async closeAll() {
      for (const server of servers) {
        server.closeAllConnections?.();
        await new Promise((r) => server.close(r));
      }
    },
  };
}
