// The Debian package (packaging/): cpack builds it, it holds the binary, the systemd unit, the
// default configuration and the guide; the binary inside runs; systemd-analyze accepts the unit;
// and the packaged configuration serves its hello Worker.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { EDGED, startEdged } from '../lib/edged.mjs';

const buildDir = dirname(dirname(EDGED));
const work = mkdtempSync(join(tmpdir(), 'edged-deb-'));
after(() => rmSync(work, { recursive: true, force: true }));

// Where the build found libnode: the packaged binary has no RPATH (on a server it is the system's
// libnode108), so here it is pointed at the same library.
const libnodeDir = dirname(/libnode\.so\.\d+ => (\S+)/.exec(execFileSync('ldd', [EDGED], { encoding: 'utf8' }))[1]);

test('cpack builds a .deb with the binary, the unit, the configuration and the guide', () => {
  execFileSync('cpack', ['-G', 'DEB', '-B', join(work, 'out')], { cwd: buildDir, stdio: 'pipe' });
  const deb = readdirSync(join(work, 'out')).find((name) => name.endsWith('.deb'));
  assert.match(deb, /^edged_\d+\.\d+\.\d+_amd64\.deb$/);
  const debPath = join(work, 'out', deb);
  const info = execFileSync('dpkg-deb', ['--info', debPath], { encoding: 'utf8' });
  assert.match(info, /Depends: libnode108, /);
  assert.match(info, /conffiles/);
  const root = join(work, 'root');
  execFileSync('dpkg-deb', ['-x', debPath, root]);
  const files = execFileSync('find', [root, '-type', 'f'], { encoding: 'utf8' }).split('\n').map((f) => f.slice(root.length)).sort();
  assert.deepEqual(files.filter(Boolean), [
    '/etc/edged/edged.jsonc', '/etc/edged/workers/hello/index.js', '/etc/edged/workers/hello/wrangler.jsonc',
    '/usr/bin/edged', '/usr/lib/systemd/system/edged.service', '/usr/share/doc/edged/operations.md',
  ]);
  assert.doesNotMatch(execFileSync('readelf', ['-d', join(root, 'usr/bin/edged')], { encoding: 'utf8' }), /RPATH|RUNPATH/);
  const version = execFileSync(join(root, 'usr/bin/edged'), ['--version'], {
    encoding: 'utf8', env: { ...process.env, LD_LIBRARY_PATH: libnodeDir },
  });
  assert.match(version, /^edged \d+\.\d+\.\d+\n$/);

  // systemd-analyze checks ExecStart exists: point it at the packaged binary, nothing else changes.
  const unit = readFileSync(join(root, 'usr/lib/systemd/system/edged.service'), 'utf8');
  assert.match(unit, /^Type=notify$/m);
  assert.match(unit, /^DynamicUser=yes$/m);
  assert.match(unit, /^ProtectSystem=strict$/m);
  assert.match(unit, /^NoNewPrivileges=yes$/m);
  writeFileSync(join(work, 'edged.service'), unit.replace('/usr/bin/edged', join(root, 'usr/bin/edged')));
  const verify = execFileSync('sh', ['-c', `systemd-analyze verify ${join(work, 'edged.service')} 2>&1`], { encoding: 'utf8' });
  assert.equal(verify, '');
});

test('the packaged edged.jsonc serves its hello Worker', async () => {
  const etc = join(work, 'etc');
  cpSync(new URL('../../../packaging', import.meta.url).pathname, etc, { recursive: true });
  const edged = await startEdged({ serverConfig: join(etc, 'edged.jsonc'), args: ['--data-dir', join(work, 'data')] });
  try {
    const response = await fetch(`${edged.url}/x`);
    assert.equal(await response.text(), 'edged is running; /x has no Worker of yours yet.\n');
  } finally {
    assert.equal(await edged.stop(), 0);
  }
});
