// node:fs and node:fs/promises (runtime-js/api/81_node_fs_vfs.js … 84_node_fs.js): workerd's
// virtual file system (/bundle read-only, /tmp in memory, /dev devices), Node's doc examples
// and its error cases.
// compatibility_flags: enable_nodejs_fs_module
import fs from 'node:fs';
import * as fsNamespace from 'node:fs';
import fsp, * as fspNamespace from 'node:fs/promises';
import { Buffer } from 'node:buffer';
import assert from 'node:assert/strict';

// workerd 2026-04-26's export names (compatibility date 2026-04-01, nodejs_compat).
const workerdFsExports = ['Dir', 'Dirent', 'F_OK', 'FileReadStream', 'FileWriteStream', 'R_OK',
  'ReadStream', 'Stats', 'W_OK', 'WriteStream', 'X_OK', 'access', 'accessSync', 'appendFile',
  'appendFileSync', 'chmod', 'chmodSync', 'chown', 'chownSync', 'close', 'closeSync', 'constants',
  'copyFile', 'copyFileSync', 'cp', 'cpSync', 'createReadStream', 'createWriteStream', 'default',
  'exists', 'existsSync', 'fchmod', 'fchmodSync', 'fchown', 'fchownSync', 'fdatasync',
  'fdatasyncSync', 'fstat', 'fstatSync', 'fsync', 'fsyncSync', 'ftruncate', 'ftruncateSync',
  'futimes', 'futimesSync', 'glob', 'globSync', 'lchmod', 'lchmodSync', 'lchown', 'lchownSync',
  'link', 'linkSync', 'lstat', 'lstatSync', 'lutimes', 'lutimesSync', 'mkdir', 'mkdirSync',
  'mkdtemp', 'mkdtempSync', 'open', 'openAsBlob', 'openSync', 'opendir', 'opendirSync', 'promises',
  'read', 'readFile', 'readFileSync', 'readSync', 'readdir', 'readdirSync', 'readlink',
  'readlinkSync', 'readv', 'readvSync', 'realpath', 'realpathSync', 'rename', 'renameSync', 'rm',
  'rmSync', 'rmdir', 'rmdirSync', 'stat', 'statSync', 'statfs', 'statfsSync', 'symlink',
  'symlinkSync', 'truncate', 'truncateSync', 'unlink', 'unlinkSync', 'unwatchFile', 'utimes',
  'utimesSync', 'watch', 'watchFile', 'write', 'writeFile', 'writeFileSync', 'writeSync', 'writev',
  'writevSync'];
const workerdPromisesExports = ['FileHandle', 'access', 'appendFile', 'chmod', 'chown',
  'constants', 'copyFile', 'cp', 'default', 'glob', 'lchmod', 'lchown', 'link', 'lstat', 'lutimes',
  'mkdir', 'mkdtemp', 'open', 'opendir', 'readFile', 'readdir', 'readlink', 'realpath', 'rename',
  'rm', 'rmdir', 'stat', 'statfs', 'symlink', 'truncate', 'unlink', 'utimes', 'watch', 'writeFile'];

// Every case works in its own /tmp directory: /tmp outlives a request on edged.
let counter = 0;
const scratch = () => fs.mkdtempSync(`/tmp/case-${counter++}-`);

export const exportNames = {
  test() {
    assert.deepEqual(Object.keys(fsNamespace).sort(), workerdFsExports);
    assert.deepEqual(Object.keys(fspNamespace).sort(), workerdPromisesExports);
    assert.equal(fs.promises, fsp);
    assert.equal(process.getBuiltinModule('node:fs'), fs);
  },
};

export const layout = {
  test() {
    assert.deepEqual(fs.readdirSync('/'), ['bundle', 'tmp', 'dev']);
    assert.deepEqual(fs.readdirSync('/dev'), ['null', 'zero', 'full', 'random']);
    assert.equal(fs.statSync('/bundle').mode, 0o40444);
    assert.equal(fs.statSync('/tmp').mode, 0o40666);
    assert.ok(fs.statSync('/dev/null').isCharacterDevice());
    assert.equal(fs.existsSync('/etc/passwd'), false);
    assert.throws(() => fs.readFileSync('/etc/passwd'), { code: 'ENOENT' });
  },
};

export const bundleIsTheWorkersModules = {
  test() {
    const self = fs.readFileSync('/bundle/js/node_fs_test.js', 'utf8');
    assert.ok(self.startsWith('// node:fs and node:fs/promises'));
    assert.ok(fs.readdirSync('/bundle/js').includes('run_tests.js'));
    // Relative paths start at /bundle, as in workerd.
    assert.equal(fs.readFileSync('js/node_fs_test.js', 'utf8'), self);
    const stats = fs.statSync('/bundle/js/node_fs_test.js');
    assert.ok(stats.isFile());
    assert.equal(stats.size, Buffer.byteLength(self));
    assert.equal(stats.mode, 0o100444);
    assert.throws(() => fs.writeFileSync('/bundle/x.txt', 'no'), { code: 'EPERM' });
    assert.throws(() => fs.unlinkSync('/bundle/js/run_tests.js'), { code: 'EPERM' });
    assert.throws(() => fs.openSync('/bundle/js/run_tests.js', 'r+'), { code: 'EPERM' });
    assert.throws(() => fs.mkdirSync('/bundle/new'), { code: 'EPERM' });
    assert.throws(() => fs.accessSync('/bundle/js/run_tests.js', fs.constants.W_OK), { code: 'EACCES' });
    fs.accessSync('/bundle/js/run_tests.js', fs.constants.R_OK);
  },
};

export const writeReadAppend = {
  test() {
    const dir = scratch();
    const file = `${dir}/message.txt`;
    fs.writeFileSync(file, 'Hello Node.js');
    assert.equal(fs.readFileSync(file, 'utf8'), 'Hello Node.js');
    fs.appendFileSync(file, ' and Workers');
    assert.equal(fs.readFileSync(file, { encoding: 'utf8' }), 'Hello Node.js and Workers');
    assert.deepEqual(fs.readFileSync(file).subarray(0, 5), Buffer.from('Hello'));
    fs.writeFileSync(file, new Uint8Array([1, 2, 3]));
    assert.deepEqual([...fs.readFileSync(file)], [1, 2, 3]);
    fs.writeFileSync(file, 'aGk=', 'base64');
    assert.equal(fs.readFileSync(file, 'latin1'), 'hi');
    assert.equal(fs.readFileSync(new URL(`file://${file}`), 'utf8'), 'hi');
    assert.equal(fs.readFileSync(Buffer.from(file), 'utf8'), 'hi');
    assert.throws(() => fs.writeFileSync(file, 'x', { flag: 'wx' }), { code: 'EEXIST' });
  },
};

export const errorShapes = {
  test() {
    const dir = scratch();
    assert.throws(() => fs.readFileSync(`${dir}/nope`), {
      name: 'Error', code: 'ENOENT', errno: -2, syscall: 'readAll', path: `${dir}/nope`,
      message: `no such file or directory, readAll '${dir}/nope'`,
    });
    assert.throws(() => fs.statSync('/nope'), {
      code: 'ENOENT', syscall: 'stat', message: "no such file or directory, stat '/nope'",
    });
    assert.equal(fs.statSync('/nope', { throwIfNoEntry: false }), undefined);
    assert.throws(() => fs.readFileSync(dir), { code: 'EISDIR', message: 'illegal operation on a directory' });
    fs.writeFileSync(`${dir}/f`, 'x');
    assert.throws(() => fs.readdirSync(`${dir}/f`), {
      code: 'ENOTDIR', message: `not a directory, readdir '${dir}/f'`,
    });
    assert.throws(() => fs.mkdirSync(`${dir}/f`), { code: 'EEXIST', syscall: 'mkdir' });
    assert.throws(() => fs.mkdirSync(`${dir}/a/b`), { code: 'ENOENT' });
    assert.throws(() => fs.fstatSync(9999), { code: 'EBADF', message: 'bad file descriptor' });
    assert.throws(() => fs.closeSync(9999), { code: 'EBADF' });
    assert.throws(() => fs.unlinkSync(dir), { code: 'EISDIR' });
    assert.throws(() => fs.readFileSync({}), {
      code: 'ERR_INVALID_ARG_TYPE',
      message: 'The "path" argument must be of type string or an instance of Buffer or URL. Received an instance of Object',
    });
    assert.throws(() => fs.readFileSync('/tmp/a\u0000b'), { code: 'ERR_INVALID_ARG_VALUE' });
    assert.throws(() => fs.readFile('/nope'), {
      code: 'ERR_INVALID_ARG_TYPE',
      message: 'The "callback" argument must be of type function. Received undefined',
    });
    assert.throws(() => fs.openSync(`${dir}/f`, 'bogus'), { code: 'ERR_INVALID_ARG_VALUE' });
    assert.throws(() => fs.watch(dir), { code: 'ERR_UNSUPPORTED_OPERATION' });
  },
};

export const directories = {
  test() {
    const dir = scratch();
    // Node's example: mkdir -p returns the first directory it created.
    assert.equal(fs.mkdirSync(`${dir}/a/b/c`, { recursive: true }), `${dir}/a`);
    assert.equal(fs.mkdirSync(`${dir}/a/b/c`, { recursive: true }), undefined);
    fs.writeFileSync(`${dir}/a/file.txt`, '1');
    assert.deepEqual(fs.readdirSync(`${dir}/a`), ['b', 'file.txt']);
    assert.deepEqual(fs.readdirSync(`${dir}/a`, { recursive: true }), ['b', 'file.txt', 'b/c']);
    const dirents = fs.readdirSync(`${dir}/a`, { withFileTypes: true });
    assert.ok(dirents[0] instanceof fs.Dirent);
    assert.deepEqual(dirents.map((d) => [d.name, d.isDirectory(), d.isFile(), d.parentPath]),
      [['b', true, false, `${dir}/a`], ['file.txt', false, true, `${dir}/a`]]);
    assert.throws(() => fs.rmdirSync(`${dir}/a`), { code: 'ENOTEMPTY' });
    assert.throws(() => fs.rmSync(`${dir}/a`), { code: 'ERR_FS_EISDIR' });
    fs.rmSync(`${dir}/a`, { recursive: true, force: true });
    assert.equal(fs.existsSync(`${dir}/a`), false);
    fs.rmSync(`${dir}/gone`, { force: true });
    assert.throws(() => fs.rmSync(`${dir}/gone`), { code: 'ENOENT' });
    fs.mkdirSync(`${dir}/empty`);
    fs.rmdirSync(`${dir}/empty`);
    const temp = fs.mkdtempSync(`${dir}/foo-`);
    assert.ok(temp.startsWith(`${dir}/foo-`) && fs.statSync(temp).isDirectory());
    const opened = fs.opendirSync(dir);
    const names = [];
    let entry;
    while ((entry = opened.readSync()) !== null) names.push(entry.name);
    opened.closeSync();
    assert.deepEqual(names, [temp.slice(dir.length + 1)]);
  },
};

export const namesAndLinks = {
  test() {
    const dir = scratch();
    fs.writeFileSync(`${dir}/source.txt`, 'data');
    fs.copyFileSync(`${dir}/source.txt`, `${dir}/destination.txt`);
    assert.equal(fs.readFileSync(`${dir}/destination.txt`, 'utf8'), 'data');
    assert.throws(() => fs.copyFileSync(`${dir}/source.txt`, `${dir}/destination.txt`,
      fs.constants.COPYFILE_EXCL), { code: 'EEXIST' });
    fs.renameSync(`${dir}/destination.txt`, `${dir}/moved.txt`);
    assert.equal(fs.existsSync(`${dir}/destination.txt`), false);
    assert.throws(() => fs.renameSync(`${dir}/nope`, `${dir}/x`), { code: 'ENOENT', syscall: 'rename' });
    fs.symlinkSync(`${dir}/source.txt`, `${dir}/link`);
    assert.equal(fs.readlinkSync(`${dir}/link`), `${dir}/source.txt`);
    assert.equal(fs.readFileSync(`${dir}/link`, 'utf8'), 'data');
    assert.ok(fs.lstatSync(`${dir}/link`).isSymbolicLink());
    assert.ok(fs.statSync(`${dir}/link`).isFile());
    assert.equal(fs.realpathSync(`${dir}/link`), `${dir}/source.txt`);
    fs.symlinkSync('source.txt', `${dir}/relative`);
    assert.equal(fs.readFileSync(`${dir}/relative`, 'utf8'), 'data');
    fs.symlinkSync(`${dir}/loop2`, `${dir}/loop1`);
    fs.symlinkSync(`${dir}/loop1`, `${dir}/loop2`);
    assert.throws(() => fs.readFileSync(`${dir}/loop1`), { code: 'ELOOP' });
    fs.linkSync(`${dir}/source.txt`, `${dir}/hard`);
    fs.appendFileSync(`${dir}/hard`, '!');
    assert.equal(fs.readFileSync(`${dir}/source.txt`, 'utf8'), 'data!');
    fs.mkdirSync(`${dir}/tree/sub`, { recursive: true });
    fs.writeFileSync(`${dir}/tree/sub/leaf`, 'leaf');
    assert.throws(() => fs.cpSync(`${dir}/tree`, `${dir}/copy`), { code: 'ERR_FS_EISDIR' });
    fs.cpSync(`${dir}/tree`, `${dir}/copy`, { recursive: true });
    assert.equal(fs.readFileSync(`${dir}/copy/sub/leaf`, 'utf8'), 'leaf');
    assert.throws(() => fs.cpSync(`${dir}/tree`, `${dir}/tree/sub/again`, { recursive: true }),
      { code: 'ERR_FS_CP_EINVAL' });
    assert.throws(() => fs.renameSync(`${dir}/tree`, `${dir}/tree/sub/moved`), { code: 'EINVAL' });
  },
};

export const descriptors = {
  test() {
    const dir = scratch();
    const fd = fs.openSync(`${dir}/fd.txt`, 'w+');
    assert.ok(fd >= 3);
    assert.equal(fs.writeSync(fd, 'hello world'), 11);
    assert.equal(fs.writeSync(fd, Buffer.from('HELLO'), 0, 5, 0), 5);
    const buffer = Buffer.alloc(11);
    assert.equal(fs.readSync(fd, buffer, 0, 11, 0), 11);
    assert.equal(buffer.toString(), 'HELLO world');
    assert.equal(fs.readSync(fd, buffer, { position: 6, length: 5 }), 5);
    assert.equal(fs.fstatSync(fd).size, 11);
    fs.ftruncateSync(fd, 5);
    // readFile(fd) reads from the descriptor's position (11, after the first write).
    assert.equal(fs.readFileSync(fd, 'utf8'), '');
    assert.equal(fs.readFileSync(`${dir}/fd.txt`, 'utf8'), 'HELLO');
    fs.closeSync(fd);
    assert.throws(() => fs.readSync(fd, buffer), { code: 'EBADF' });
    const readOnly = fs.openSync(`${dir}/fd.txt`, 'r');
    assert.throws(() => fs.writeSync(readOnly, 'x'), { code: 'EBADF' });
    fs.closeSync(readOnly);
    const append = fs.openSync(`${dir}/fd.txt`, 'a');
    fs.writeSync(append, '!', 0);
    fs.closeSync(append);
    assert.equal(fs.readFileSync(`${dir}/fd.txt`, 'utf8'), 'HELLO!');
    fs.truncateSync(`${dir}/fd.txt`, 8);
    assert.deepEqual([...fs.readFileSync(`${dir}/fd.txt`).subarray(6)], [0, 0]);
    assert.throws(() => fs.openSync(`${dir}/missing`, 'r'), { code: 'ENOENT', syscall: 'open' });
  },
};

export const devices = {
  test() {
    assert.equal(fs.readFileSync('/dev/null').length, 0);
    fs.writeFileSync('/dev/null', 'discarded');
    const zero = fs.openSync('/dev/zero');
    const bytes = Buffer.alloc(4, 9);
    assert.equal(fs.readSync(zero, bytes), 4);
    assert.deepEqual([...bytes], [0, 0, 0, 0]);
    fs.closeSync(zero);
    const random = fs.openSync('/dev/random');
    const noise = Buffer.alloc(64);
    fs.readSync(random, noise);
    assert.ok(noise.some((b) => b !== 0));
    fs.closeSync(random);
    assert.throws(() => fs.writeFileSync('/dev/full', 'x'), { code: 'ENOSPC' });
  },
};

export const statsAndTimes = {
  test() {
    const dir = scratch();
    fs.writeFileSync(`${dir}/s`, 'abc');
    const stats = fs.statSync(`${dir}/s`);
    assert.ok(stats instanceof fs.Stats);
    assert.equal(stats.isFile(), true);
    assert.equal(stats.isDirectory(), false);
    assert.equal(stats.size, 3);
    assert.equal(stats.mode, 0o100666);
    assert.ok(stats.mtime instanceof Date);
    const big = fs.statSync(`${dir}/s`, { bigint: true });
    assert.equal(big.size, 3n);
    assert.equal(typeof big.mtimeNs, 'bigint');
    fs.utimesSync(`${dir}/s`, 1, 2);
    assert.equal(fs.statSync(`${dir}/s`).mtimeMs, 2000);
    fs.chmodSync(`${dir}/s`, 0o777);
    fs.chownSync(`${dir}/s`, 1, 1);
    assert.equal(fs.statfsSync('/tmp').bsize, 0);
  },
};

export const callbackApi = {
  async test() {
    const dir = scratch();
    await new Promise((resolve, reject) =>
      fs.writeFile(`${dir}/cb.txt`, 'callback', (err) => (err ? reject(err) : resolve())));
    const data = await new Promise((resolve, reject) =>
      fs.readFile(`${dir}/cb.txt`, 'utf8', (err, text) => (err ? reject(err) : resolve(text))));
    assert.equal(data, 'callback');
    const error = await new Promise((resolve) => fs.stat(`${dir}/nope`, (err) => resolve(err)));
    assert.equal(error.code, 'ENOENT');
    const existed = await new Promise((resolve) => fs.exists(`${dir}/cb.txt`, resolve));
    assert.equal(existed, true);
    const [count, buffer] = await new Promise((resolve, reject) => {
      const fd = fs.openSync(`${dir}/cb.txt`);
      fs.read(fd, Buffer.alloc(8), 0, 8, 0, (err, n, b) => (err ? reject(err) : resolve([n, b])));
    });
    assert.equal(count, 8);
    assert.equal(buffer.toString(), 'callback');
    // A callback runs on a later tick, never inside the call.
    let ran = false;
    fs.access(`${dir}/cb.txt`, () => { ran = true; });
    assert.equal(ran, false);
  },
};

export const promisesApi = {
  async test() {
    const dir = await fsp.mkdtemp('/tmp/promises-');
    await fsp.writeFile(`${dir}/p.txt`, 'promised');
    assert.equal(await fsp.readFile(`${dir}/p.txt`, 'utf8'), 'promised');
    await fsp.appendFile(`${dir}/p.txt`, '!');
    assert.equal((await fsp.stat(`${dir}/p.txt`)).size, 9);
    await assert.rejects(fsp.readFile(`${dir}/nope`), { code: 'ENOENT', syscall: 'readAll' });
    await assert.rejects(fsp.watch(dir), { code: 'ERR_UNSUPPORTED_OPERATION' });
    const handle = await fsp.open(`${dir}/p.txt`, 'r+');
    assert.ok(handle instanceof fsp.FileHandle);
    const { bytesRead, buffer } = await handle.read(Buffer.alloc(8), 0, 8, 0);
    assert.equal(bytesRead, 8);
    assert.equal(buffer.toString(), 'promised');
    await handle.write('P', 0);
    // A position given to read()/write() leaves the handle's own position at 0.
    assert.equal(await handle.readFile('utf8'), 'Promised!');
    assert.equal((await handle.stat()).size, 9);
    await handle.truncate(1);
    await handle.close();
    assert.equal(handle.fd, -1);
    await assert.rejects(handle.stat(), { code: 'EBADF' });
    assert.equal(await fsp.readFile(`${dir}/p.txt`, 'utf8'), 'P');
    const lines = [];
    await fsp.writeFile(`${dir}/lines`, 'a\nb\nc\n');
    const reader = await fsp.open(`${dir}/lines`);
    for await (const line of reader.readLines()) lines.push(line);
    await reader.close();
    assert.deepEqual(lines, ['a', 'b', 'c']);
    const opened = await fsp.opendir(dir);
    const names = [];
    for await (const entry of opened) names.push(entry.name);
    assert.deepEqual(names.sort(), ['lines', 'p.txt']);
    await fsp.rm(dir, { recursive: true });
    assert.equal(fs.existsSync(dir), false);
  },
};

export const streams = {
  async test() {
    const dir = scratch();
    const writer = fs.createWriteStream(`${dir}/stream.txt`);
    await new Promise((resolve, reject) => {
      writer.on('error', reject);
      writer.write('first ');
      writer.end('second', resolve);
    });
    assert.equal(fs.readFileSync(`${dir}/stream.txt`, 'utf8'), 'first second');
    const chunks = [];
    const reader = fs.createReadStream(`${dir}/stream.txt`, { encoding: 'utf8', highWaterMark: 4 });
    for await (const chunk of reader) chunks.push(chunk);
    assert.equal(chunks.join(''), 'first second');
    assert.ok(chunks.length > 1);
    const ranged = [];
    for await (const chunk of fs.createReadStream(`${dir}/stream.txt`, { start: 6, end: 8 })) {
      ranged.push(chunk);
    }
    assert.equal(Buffer.concat(ranged).toString(), 'sec');
    const failed = await new Promise((resolve) =>
      fs.createReadStream(`${dir}/nope`).on('error', resolve));
    assert.equal(failed.code, 'ENOENT');
    const blob = await fs.openAsBlob(`${dir}/stream.txt`);
    assert.equal(await blob.text(), 'first second');
  },
};

// /tmp holds at most 64 MiB of file data; beyond that writes fail with ENOSPC, and freeing a
// file gives its space back.
export const tmpCapacity = {
  test() {
    const dir = scratch();
    const chunk = Buffer.alloc(16 * 1024 * 1024);
    let written = 0;
    const error = (() => {
      try {
        for (;;) {
          fs.writeFileSync(`${dir}/fill-${written}`, chunk);
          written++;
        }
      } catch (e) {
        return e;
      }
    })();
    assert.equal(error.code, 'ENOSPC');
    assert.ok(written >= 3 && written <= 4);
    fs.rmSync(dir, { recursive: true });
    fs.writeFileSync('/tmp/after-capacity', chunk);
    fs.unlinkSync('/tmp/after-capacity');
  },
};
