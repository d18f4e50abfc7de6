'use strict';
// node:fs's synchronous API (readFileSync, statSync, openSync, …), Stats, Dirent and
// fs.constants over the virtual file system of 81_node_fs_vfs.js. The callback and promise
// APIs (83_node_fs_promises.js, 84_node_fs.js) call these. Error syscalls follow workerd's
// (readAll for readFile, …).

const {
  ArrayPrototypePush, BigInt, Date, MapPrototypeKeys, MapPrototypeEntries, MathFloor, Number,
  NumberIsInteger, ObjectFreeze, Uint8Array, ArrayIsArray, ArrayBufferIsView, Error, TypeError,
} = primordials;
const vfs = internals.nodeFsVfs;
const { fsError, existing, lookup, splitPath, joinParts, assertCreatable } = vfs;
const { nodeErrors, Buffer } = internals;

const constants = ObjectFreeze({
  UV_FS_SYMLINK_DIR: 1, UV_FS_SYMLINK_JUNCTION: 2, O_RDONLY: 0, O_WRONLY: 1, O_RDWR: 2,
  UV_DIRENT_UNKNOWN: 0, UV_DIRENT_FILE: 1, UV_DIRENT_DIR: 2, UV_DIRENT_LINK: 3, UV_DIRENT_FIFO: 4,
  UV_DIRENT_SOCKET: 5, UV_DIRENT_CHAR: 6, UV_DIRENT_BLOCK: 7,
  EXTENSIONLESS_FORMAT_JAVASCRIPT: 0, EXTENSIONLESS_FORMAT_WASM: 1,
  S_IFMT: 61440, S_IFREG: 32768, S_IFDIR: 16384, S_IFCHR: 8192, S_IFBLK: 24576, S_IFIFO: 4096,
  S_IFLNK: 40960, S_IFSOCK: 49152, O_CREAT: 64, O_EXCL: 128, UV_FS_O_FILEMAP: 0, O_NOCTTY: 256,
  O_TRUNC: 512, O_APPEND: 1024, O_DIRECTORY: 65536, O_NOATIME: 262144, O_NOFOLLOW: 131072,
  O_SYNC: 1052672, O_DSYNC: 4096, O_DIRECT: 16384, O_NONBLOCK: 2048, S_IRWXU: 448, S_IRUSR: 256,
  S_IWUSR: 128, S_IXUSR: 64, S_IRWXG: 56, S_IRGRP: 32, S_IWGRP: 16, S_IXGRP: 8, S_IRWXO: 7,
  S_IROTH: 4, S_IWOTH: 2, S_IXOTH: 1, F_OK: 0, R_OK: 4, W_OK: 2, X_OK: 1, UV_FS_COPYFILE_EXCL: 1,
  COPYFILE_EXCL: 1, UV_FS_COPYFILE_FICLONE: 2, COPYFILE_FICLONE: 2,
  UV_FS_COPYFILE_FICLONE_FORCE: 4, COPYFILE_FICLONE_FORCE: 4,
});

// path: a string, Buffer or file: URL, as Node accepts; a NUL byte is ERR_INVALID_ARG_VALUE.
function toPath(path, name = 'path') {
  if (typeof path === 'string') {
    // fall through to the NUL check
  } else if (ArrayBufferIsView(path)) {
    path = Buffer.from(path.buffer, path.byteOffset, path.byteLength).toString('utf8');
  } else if (path instanceof URL) {
    if (path.protocol !== 'file:') {
      throw nodeErrors.make(TypeError, 'ERR_INVALID_URL_SCHEME', 'The URL must be of scheme file');
    }
    path = decodeURIComponent(path.pathname);
  } else {
    throw nodeErrors.invalidArgType(name, 'of type string or an instance of Buffer or URL', path);
  }
  if (path.includes('\u0000')) {
    throw nodeErrors.invalidArgValue(name, path,
      'must be a string, Uint8Array, or URL without null bytes');
  }
  return path;
}

function toFd(fd) {
  if (typeof fd !== 'number') throw nodeErrors.invalidArgType('fd', 'of type number', fd);
  if (!NumberIsInteger(fd) || fd < 0 || fd > 2147483647) {
    throw nodeErrors.outOfRange('fd', '>= 0 && <= 2147483647', fd);
  }
  return fd;
}

const flagTable = {
  __proto__: null,
  r: { read: true }, rs: { read: true }, sr: { read: true },
  'r+': { read: true, write: true }, 'rs+': { read: true, write: true },
  'sr+': { read: true, write: true },
  w: { write: true, create: true, truncate: true },
  wx: { write: true, create: true, truncate: true, exclusive: true },
  xw: { write: true, create: true, truncate: true, exclusive: true },
  'w+': { read: true, write: true, create: true, truncate: true },
  'wx+': { read: true, write: true, create: true, truncate: true, exclusive: true },
  'xw+': { read: true, write: true, create: true, truncate: true, exclusive: true },
  a: { write: true, create: true, append: true }, as: { write: true, create: true, append: true },
  sa: { write: true, create: true, append: true },
  ax: { write: true, create: true, append: true, exclusive: true },
  xa: { write: true, create: true, append: true, exclusive: true },
  'a+': { read: true, write: true, create: true, append: true },
  'as+': { read: true, write: true, create: true, append: true },
  'sa+': { read: true, write: true, create: true, append: true },
  'ax+': { read: true, write: true, create: true, append: true, exclusive: true },
  'xa+': { read: true, write: true, create: true, append: true, exclusive: true },
};

function parseFlags(flags = 'r') {
  if (typeof flags === 'number') {
    const mode = flags & 3;
    return {
      read: mode === 0 || mode === 2, write: mode === 1 || mode === 2,
      create: (flags & 64) !== 0, exclusive: (flags & 128) !== 0,
      truncate: (flags & 512) !== 0, append: (flags & 1024) !== 0,
    };
  }
  const access = typeof flags === 'string' ? flagTable[flags] : undefined;
  if (access === undefined) {
    throw nodeErrors.invalidArgValue('flags', flags);
  }
  return access;
}

// Methods in workerd's order, so a Worker listing them sees the same thing.
class Stats {
  constructor(fields) { Object.assign(this, fields); }
  isBlockDevice() { return (this.mode & 0o170000) === 0o060000; }
  isCharacterDevice() { return (this.mode & 0o170000) === 0o020000; }
  isDirectory() { return (this.mode & 0o170000) === 0o040000; }
  isFIFO() { return (this.mode & 0o170000) === 0o010000; }
  isFile() { return (this.mode & 0o170000) === 0o100000; }
  isSocket() { return (this.mode & 0o170000) === 0o140000; }
  isSymbolicLink() { return (this.mode & 0o170000) === 0o120000; }
}

const typeBits = { file: vfs.S_IFREG, dir: vfs.S_IFDIR, device: vfs.S_IFCHR, symlink: vfs.S_IFLNK };

function statsOf(node, bigint) {
  const fields = {
    dev: node.kind === 'device' ? 1 : 0, ino: 0, mode: typeBits[node.kind] | node.mode,
    nlink: node.nlink, uid: 0, gid: 0, rdev: 0, size: node.kind === 'file' ? node.size : 0,
    blksize: 0, blocks: 0, atimeMs: node.atimeMs, mtimeMs: node.mtimeMs, ctimeMs: node.ctimeMs,
    birthtimeMs: node.birthtimeMs,
  };
  const times = ['atime', 'mtime', 'ctime', 'birthtime'];
  if (bigint) {
    for (const key of Object.keys(fields)) fields[key] = BigInt(MathFloor(fields[key]));
    for (const t of times) fields[t + 'Ns'] = BigInt(MathFloor(node[t + 'Ms'] * 1e6));
  }
  for (const t of times) fields[t] = new Date(node[t + 'Ms']);
  return new Stats(fields);
}

class Dirent {
  constructor(name, kind, parentPath) {
    this.name = name;
    this.parentPath = parentPath;
    internals.nodeFsDirentKinds.set(this, kind);
  }
  isDirectory() { return internals.nodeFsDirentKinds.get(this) === 'dir'; }
  isFile() { return internals.nodeFsDirentKinds.get(this) === 'file'; }
  isBlockDevice() { return false; }
  isCharacterDevice() { return internals.nodeFsDirentKinds.get(this) === 'device'; }
  isSymbolicLink() { return internals.nodeFsDirentKinds.get(this) === 'symlink'; }
  isFIFO() { return false; }
  isSocket() { return false; }
}
internals.nodeFsDirentKinds = new primordials.SafeWeakMap();

function getOptions(options, defaults) {
  if (options === undefined || options === null) return defaults;
  if (typeof options === 'string') return { ...defaults, encoding: options };
  if (typeof options !== 'object') {
    throw nodeErrors.invalidArgType('options', 'one of type string or object', options);
  }
  return { ...defaults, ...options };
}

function encode(bytes, encoding) {
  const buffer = Buffer.from(bytes);
  return encoding && encoding !== 'buffer' ? buffer.toString(encoding) : buffer;
}

function toBytes(data, encoding, name = 'data') {
  if (typeof data === 'string') return Buffer.from(data, encoding ?? 'utf8');
  if (ArrayBufferIsView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  throw nodeErrors.invalidArgType(name,
    'of type string or an instance of Buffer, TypedArray, or DataView', data);
}

// --- Opening, reading and writing ---

function openSync(path, flags, mode) {
  path = toPath(path);
  const access = parseFlags(flags);
  const found = lookup(path, 'open');
  let node = found.node;
  if (node === undefined) {
    if (!access.create) throw fsError('ENOENT', 'open', path);
    assertCreatable(found, 'open');
    node = vfs.makeFile(true, new Uint8Array(0));
    vfs.addEntry(found.parent, found.name, node);
  } else {
    if (access.create && access.exclusive) throw fsError('EEXIST', 'open', path);
    if (node.kind === 'dir' && access.write) throw fsError('EISDIR', 'open', path);
    if (access.write && !node.writable) throw fsError('EPERM', 'open', path);
    if (access.truncate && node.kind === 'file') vfs.resize(node, 0);
  }
  return vfs.openDescriptor(node, path, access);
}

function closeSync(fd) {
  vfs.closeDescriptor(toFd(fd));
}

function position(value) {
  if (value === null || value === undefined || value === -1) return null;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value !== 'number') throw nodeErrors.invalidArgType('position', 'of type number', value);
  return value;
}

// readSync(fd, buffer, offset?, length?, position?) or readSync(fd, buffer, { offset, … }).
function readSync(fd, buffer, offsetOrOptions, length, pos) {
  const entry = vfs.descriptor(toFd(fd), 'read');
  if (!ArrayBufferIsView(buffer)) {
    throw nodeErrors.invalidArgType('buffer', 'an instance of Buffer, TypedArray, or DataView', buffer);
  }
  let offset = offsetOrOptions;
  if (offset !== null && typeof offset === 'object') {
    ({ offset = 0, length = buffer.byteLength - offset, position: pos = null } = offset);
  }
  offset ??= 0;
  length ??= buffer.byteLength - offset;
  if (offset < 0 || offset > buffer.byteLength) {
    throw nodeErrors.outOfRange('offset', `>= 0 && <= ${buffer.byteLength}`, offset);
  }
  if (length < 0 || offset + length > buffer.byteLength) {
    throw nodeErrors.outOfRange('length', `>= 0 && <= ${buffer.byteLength - offset}`, length);
  }
  if (!entry.read) throw fsError('EBADF', 'read');
  if (entry.node.kind === 'dir') throw fsError('EISDIR', 'read');
  const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  const at = position(pos);
  const count = vfs.readAt(entry.node, bytes, offset, length, at ?? entry.position);
  if (at === null) entry.position += count;
  return count;
}

// writeSync(fd, buffer, offset?, length?, position?) or writeSync(fd, string, position?, encoding?).
function writeSync(fd, data, offsetOrPosition, lengthOrEncoding, pos) {
  const entry = vfs.descriptor(toFd(fd), 'write');
  let bytes;
  let at;
  if (typeof data === 'string') {
    bytes = toBytes(data, typeof lengthOrEncoding === 'string' ? lengthOrEncoding : 'utf8');
    at = position(offsetOrPosition);
  } else {
    bytes = toBytes(data, undefined, 'buffer');
    let offset = offsetOrPosition ?? 0;
    let length = lengthOrEncoding;
    if (offset !== null && typeof offset === 'object') {
      ({ offset = 0, length, position: pos = null } = offset);
    }
    length ??= bytes.length - offset;
    if (offset < 0 || offset > bytes.length) {
      throw nodeErrors.outOfRange('offset', `>= 0 && <= ${bytes.length}`, offset);
    }
    if (length < 0 || offset + length > bytes.length) {
      throw nodeErrors.outOfRange('length', `>= 0 && <= ${bytes.length - offset}`, length);
    }
    bytes = bytes.subarray(offset, offset + length);
    at = position(pos);
  }
  if (!entry.write) throw fsError('EBADF', 'write');
  const node = entry.node;
  const start = entry.append && node.kind === 'file' ? node.size : at ?? entry.position;
  const count = vfs.writeAt(node, bytes, start, 'write');
  if (at === null || entry.append) entry.position = start + count;
  return count;
}

// readv/writev: `transfer` (readSync or writeSync) each buffer in turn from `pos` (null: the
// fd's own position); reading stops at the first buffer left short (the end of the file).
function transferEach(fd, buffers, pos, transfer) {
  let total = 0;
  let at = position(pos);
  for (const buffer of buffers) {
    const count = transfer(fd, buffer, 0, buffer.byteLength, at);
    total += count;
    if (at !== null) at += count;
    if (transfer === readSync && count < buffer.byteLength) break;
  }
  return total;
}

function readvSync(fd, buffers, pos) {
  return transferEach(fd, buffers, pos, readSync);
}

function writevSync(fd, buffers, pos) {
  return transferEach(fd, buffers, pos, writeSync);
}

function readFileSync(path, options) {
  const { encoding, flag = 'r' } = getOptions(options, { flag: 'r' });
  if (typeof path === 'number') {
    // From the descriptor's position to the end, which moves the position there (Node).
    const entry = vfs.descriptor(path, 'read');
    if (!entry.read) throw fsError('EBADF', 'read');
    if (entry.node.kind === 'dir') throw fsError('EISDIR', 'read');
    const rest = vfs.fileBytes(entry.node).subarray(entry.position);
    entry.position += rest.length;
    return encode(rest, encoding);
  }
  path = toPath(path);
  const access = parseFlags(flag);
  if (access.write || access.create) closeSync(openSync(path, flag));
  const { node } = existing(path, 'readAll');
  if (node.kind === 'dir') throw fsError('EISDIR', 'readAll');
  return encode(vfs.fileBytes(node), encoding);
}

function writeFileSync(path, data, options) {
  const opts = getOptions(options, { encoding: 'utf8', flag: 'w' });
  const bytes = toBytes(data, opts.encoding);
  if (typeof path === 'number') {
    writeSync(path, bytes);
    return;
  }
  const fd = openSync(toPath(path), opts.flag);
  try {
    writeSync(fd, bytes);
  } finally {
    closeSync(fd);
  }
}

function appendFileSync(path, data, options) {
  const opts = getOptions(options, { encoding: 'utf8', flag: 'a' });
  writeFileSync(path, data, { ...opts, flag: opts.flag ?? 'a' });
}

function truncateNode(node, length, syscall) {
  if (node.kind === 'dir') throw fsError('EISDIR', syscall);
  if (!node.writable) throw fsError('EPERM', syscall);
  if (node.kind === 'file') vfs.resize(node, length);
}

function truncateSync(path, length = 0) {
  if (typeof path === 'number') return ftruncateSync(path, length);
  truncateNode(existing(toPath(path), 'truncate').node, length, 'truncate');
}

function ftruncateSync(fd, length = 0) {
  const entry = vfs.descriptor(toFd(fd), 'ftruncate');
  if (!entry.write) throw fsError('EBADF', 'ftruncate');
  truncateNode(entry.node, length, 'ftruncate');
}

// --- Metadata ---

function statSync(path, options) {
  const { bigint = false, throwIfNoEntry = true } = options ?? {};
  path = toPath(path);
  const found = lookup(path, 'stat');
  if (found.node === undefined) {
    if (!throwIfNoEntry) return undefined;
    throw fsError('ENOENT', 'stat', path);
  }
  return statsOf(found.node, bigint);
}

function lstatSync(path, options) {
  const { bigint = false, throwIfNoEntry = true } = options ?? {};
  path = toPath(path);
  const found = lookup(path, 'lstat', false);
  if (found.node === undefined) {
    if (!throwIfNoEntry) return undefined;
    throw fsError('ENOENT', 'lstat', path);
  }
  return statsOf(found.node, bigint);
}

function fstatSync(fd, options) {
  return statsOf(vfs.descriptor(toFd(fd), 'fstat').node, options?.bigint ?? false);
}

function existsSync(path) {
  try {
    return lookup(toPath(path), 'stat').node !== undefined;
  } catch {
    return false;
  }
}

function accessSync(path, mode = constants.F_OK) {
  path = toPath(path);
  const { node } = existing(path, 'access');
  if ((mode & constants.W_OK) !== 0 && !node.writable) throw fsError('EACCES', 'access', path);
  if ((mode & constants.X_OK) !== 0 && node.kind !== 'dir') throw fsError('EACCES', 'access', path);
}

// Workers have no users or permission bits to change: chmod/chown check the path and do nothing.
function chmodSync(path) { existing(toPath(path), 'chmod'); }
function lchmodSync(path) { existing(toPath(path), 'lchmod', false); }
function chownSync(path) { existing(toPath(path), 'chown'); }
function lchownSync(path) { existing(toPath(path), 'lchown', false); }
function fchmodSync(fd) { vfs.descriptor(toFd(fd), 'fchmod'); }
function fchownSync(fd) { vfs.descriptor(toFd(fd), 'fchown'); }
function fsyncSync(fd) { vfs.descriptor(toFd(fd), 'fsync'); }
function fdatasyncSync(fd) { vfs.descriptor(toFd(fd), 'fdatasync'); }

function toTimeMs(value, name) {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return value * 1000;
  if (typeof value === 'string' && value !== '' && !Number.isNaN(Number(value))) {
    return Number(value) * 1000;
  }
  throw nodeErrors.invalidArgType(name, 'of type number or an instance of Date', value);
}
function setTimes(node, atime, mtime, syscall) {
  if (!node.writable) throw fsError('EPERM', syscall);
  node.atimeMs = toTimeMs(atime, 'atime');
  node.mtimeMs = node.ctimeMs = toTimeMs(mtime, 'mtime');
}
function utimesSync(path, atime, mtime) {
  path = toPath(path);
  setTimes(existing(path, 'utime').node, atime, mtime, 'utime');
}
function lutimesSync(path, atime, mtime) {
  path = toPath(path);
  setTimes(existing(path, 'lutime', false).node, atime, mtime, 'lutime');
}
function futimesSync(fd, atime, mtime) {
  setTimes(vfs.descriptor(toFd(fd), 'futime').node, atime, mtime, 'futime');
}

function statfsSync(path, options) {
  existing(toPath(path), 'statfs');
  const zero = options?.bigint ? 0n : 0;
  return { type: zero, bsize: zero, blocks: zero, bfree: zero, bavail: zero, files: zero, ffree: zero };
}

// --- Directories ---

function mkdirSync(path, options) {
  path = toPath(path);
  const recursive = typeof options === 'object' && options !== null && options.recursive === true;
  if (!recursive) {
    const found = lookup(path, 'mkdir');
    if (found.node !== undefined) throw fsError('EEXIST', 'mkdir', path);
    assertCreatable(found, 'mkdir');
    vfs.addEntry(found.parent, found.name, vfs.makeDir(true));
    return undefined;
  }
  const parts = splitPath(path);
  let first;
  for (let i = 1; i <= parts.length; i++) {
    const prefix = joinParts(parts.slice(0, i));
    const found = lookup(prefix, 'mkdir');
    if (found.node === undefined) {
      assertCreatable(found, 'mkdir');
      vfs.addEntry(found.parent, found.name, vfs.makeDir(true));
      first ??= prefix;
    } else if (found.node.kind !== 'dir') {
      throw fsError(i === parts.length ? 'EEXIST' : 'ENOTDIR', 'mkdir', path);
    }
  }
  return first;
}

function mkdtempSync(prefix, options) {
  prefix = toPath(prefix, 'prefix');
  for (let i = 0; ; i++) {
    const path = prefix + i;
    const found = lookup(path, 'mkdir');
    if (found.node !== undefined) continue;
    assertCreatable(found, 'mkdir');
    vfs.addEntry(found.parent, found.name, vfs.makeDir(true));
    const encoding = typeof options === 'string' ? options : options?.encoding;
    return encoding === 'buffer' ? Buffer.from(path) : path;
  }
}

function directoryAt(path, syscall) {
  const { node } = existing(path, syscall);
  if (node.kind !== 'dir') throw fsError('ENOTDIR', syscall, path);
  return node;
}

// Entries in insertion order; with `recursive`, each directory's entries before its
// subdirectories' (Node's order), names relative to `path`.
function readdirSync(path, options) {
  path = toPath(path);
  const { encoding = 'utf8', withFileTypes = false, recursive = false } =
    getOptions(options, { encoding: 'utf8' });
  const out = [];
  const queue = [[directoryAt(path, 'readdir'), joinParts(splitPath(path)), '']];
  while (queue.length > 0) {
    const [dir, dirPath, prefix] = queue.shift();
    for (const [name, child] of MapPrototypeEntries(dir.entries)) {
      const relative = prefix === '' ? name : prefix + '/' + name;
      if (withFileTypes) ArrayPrototypePush(out, new Dirent(name, child.kind, dirPath));
      else ArrayPrototypePush(out, encoding === 'buffer' ? Buffer.from(relative) : relative);
      if (recursive && child.kind === 'dir') {
        ArrayPrototypePush(queue, [child, dirPath === '/' ? '/' + name : dirPath + '/' + name, relative]);
      }
    }
  }
  return out;
}

function removeEntry(found, path, syscall) {
  if (!found.parent.writable) throw fsError('EPERM', syscall, path);
  vfs.dropEntry(found.parent, found.name);
  vfs.releaseNode(found.node);
}

function rmdirSync(path, options) {
  path = toPath(path);
  const found = existing(path, 'rmdir', false);
  if (found.node.kind !== 'dir') throw fsError('ENOTDIR', 'rmdir', path);
  if (options?.recursive === true) return rmSync(path, { recursive: true });
  if (found.node.entries.size > 0) throw fsError('ENOTEMPTY', 'rmdir', path);
  removeEntry(found, path, 'rmdir');
}

function unlinkSync(path) {
  path = toPath(path);
  const found = existing(path, 'unlink', false);
  if (found.node.kind === 'dir') throw fsError('EISDIR', 'unlink', path);
  removeEntry(found, path, 'unlink');
}

function releaseTree(node) {
  if (node.kind !== 'dir') {
    vfs.releaseNode(node);
    return;
  }
  for (const [name, child] of [...MapPrototypeEntries(node.entries)]) {
    vfs.dropEntry(node, name);
    releaseTree(child);
  }
}

function rmSync(path, options) {
  path = toPath(path);
  const { force = false, recursive = false } = options ?? {};
  const found = lookup(path, 'rm', false);
  if (found.node === undefined) {
    if (force) return;
    throw fsError('ENOENT', 'rm', path);
  }
  if (found.node.kind === 'dir') {
    if (!recursive) {
      throw nodeErrors.make(Error, 'ERR_FS_EISDIR',
        `Path is a directory: rm returned EISDIR (is a directory) ${path}`);
    }
    if (!found.parent.writable) throw fsError('EPERM', 'rm', path);
    vfs.dropEntry(found.parent, found.name);
    releaseTree(found.node);
    return;
  }
  removeEntry(found, path, 'rm');
}

// --- Names ---

function renameSync(oldPath, newPath) {
  oldPath = toPath(oldPath, 'oldPath');
  newPath = toPath(newPath, 'newPath');
  const from = existing(oldPath, 'rename', false);
  const to = lookup(newPath, 'rename', false);
  if (!from.parent.writable) throw fsError('EPERM', 'rename', oldPath, newPath);
  assertCreatable(to, 'rename');
  if (to.node === from.node) return;
  if (to.node !== undefined) {
    const fail = (code) => fsError(code, 'rename', oldPath, newPath);
    if (from.node.kind === 'dir' && to.node.kind !== 'dir') throw fail('ENOTDIR');
    if (from.node.kind !== 'dir' && to.node.kind === 'dir') throw fail('EISDIR');
    if (to.node.kind === 'dir' && to.node.entries.size > 0) throw fail('ENOTEMPTY');
  }
  // A directory cannot move inside itself.
  const fromParts = splitPath(oldPath);
  const toParts = splitPath(newPath);
  if (toParts.length > fromParts.length &&
      joinParts(toParts.slice(0, fromParts.length)) === joinParts(fromParts)) {
    throw fsError('EINVAL', 'rename', oldPath, newPath);
  }
  if (to.node !== undefined) {
    vfs.dropEntry(to.parent, to.name);
    vfs.releaseNode(to.node);
  }
  vfs.dropEntry(from.parent, from.name);
  vfs.addEntry(to.parent, to.name, from.node);
}

function copyFileSync(src, dest, mode = 0) {
  src = toPath(src, 'src');
  dest = toPath(dest, 'dest');
  const from = existing(src, 'copyfile');
  if (from.node.kind === 'dir') throw fsError('EISDIR', 'copyfile', src, dest);
  const to = lookup(dest, 'copyfile');
  if (to.node !== undefined && (mode & constants.COPYFILE_EXCL) !== 0) {
    throw fsError('EEXIST', 'copyfile', src, dest);
  }
  if (to.node?.kind === 'dir') throw fsError('EISDIR', 'copyfile', src, dest);
  const bytes = vfs.fileBytes(from.node);
  if (to.node === undefined) {
    assertCreatable(to, 'copyfile');
    vfs.reserve(bytes.length);
    vfs.addEntry(to.parent, to.name, vfs.makeFile(true, new Uint8Array(bytes)));
  } else {
    if (!to.node.writable) throw fsError('EPERM', 'copyfile', src, dest);
    vfs.resize(to.node, 0);
    vfs.writeAt(to.node, bytes, 0, 'copyfile');
  }
}

function cpSync(src, dest, options) {
  src = toPath(src, 'src');
  dest = toPath(dest, 'dest');
  const { recursive = false, force = true, errorOnExist = false, filter } = options ?? {};
  const srcParts = splitPath(src);
  const destParts = splitPath(dest);
  if (destParts.length > srcParts.length &&
      joinParts(destParts.slice(0, srcParts.length)) === joinParts(srcParts)) {
    throw nodeErrors.make(Error, 'ERR_FS_CP_EINVAL',
      'Invalid src or dest: cp returned EINVAL ' +
      `(cannot copy ${src} to a subdirectory of self ${dest}) ${dest}`);
  }
  const copy = (from, to) => {
    if (typeof filter === 'function' && !filter(from, to)) return;
    const { node } = existing(from, 'cp');
    if (node.kind === 'dir') {
      if (!recursive) {
        throw nodeErrors.make(Error, 'ERR_FS_EISDIR',
          `Recursive option is required to copy a directory: ${from}`);
      }
      const target = lookup(to, 'cp');
      if (target.node === undefined) mkdirSync(to);
      for (const name of [...MapPrototypeKeys(node.entries)]) copy(from + '/' + name, to + '/' + name);
      return;
    }
    const target = lookup(to, 'cp');
    if (target.node !== undefined) {
      if (errorOnExist && !force) {
        throw nodeErrors.make(Error, 'ERR_FS_CP_EEXIST',
          `Target already exists: cp returned EEXIST (${to} already exists)`);
      }
      if (!force) return;
    }
    copyFileSync(from, to);
  };
  copy(src, dest);
}

function symlinkSync(target, path) {
  target = toPath(target, 'target');
  path = toPath(path);
  const found = lookup(path, 'symlink', false);
  if (found.node !== undefined) throw fsError('EEXIST', 'symlink', target, path);
  assertCreatable(found, 'symlink');
  vfs.addEntry(found.parent, found.name, vfs.makeSymlink(target));
}

function linkSync(existingPath, newPath) {
  existingPath = toPath(existingPath, 'existingPath');
  newPath = toPath(newPath, 'newPath');
  const from = existing(existingPath, 'link', false);
  if (from.node.kind === 'dir') throw fsError('EPERM', 'link', existingPath, newPath);
  const to = lookup(newPath, 'link', false);
  if (to.node !== undefined) throw fsError('EEXIST', 'link', existingPath, newPath);
  assertCreatable(to, 'link');
  vfs.addEntry(to.parent, to.name, from.node);
  from.node.nlink++;
}

function readlinkSync(path, options) {
  path = toPath(path);
  const { node } = existing(path, 'readlink', false);
  if (node.kind !== 'symlink') throw fsError('EINVAL', 'readlink', path);
  const encoding = typeof options === 'string' ? options : options?.encoding;
  return encoding === 'buffer' ? Buffer.from(node.target) : node.target;
}

function realpathSync(path, options) {
  path = toPath(path);
  const resolved = resolveLinks(splitPath(path), path, 0);
  const encoding = typeof options === 'string' ? options : options?.encoding;
  return encoding === 'buffer' ? Buffer.from(resolved) : resolved;
}
realpathSync.native = realpathSync;

function resolveLinks(parts, shown, hops) {
  const out = [];
  for (let i = 0; i < parts.length; i++) {
    const here = [...out, parts[i]];
    const found = lookup(joinParts(here), 'realpath', false);
    if (found.node === undefined) throw fsError('ENOENT', 'realpath', shown);
    if (found.node.kind === 'symlink') {
      if (++hops > 40) throw fsError('ELOOP', 'realpath', shown);
      const target = found.node.target.startsWith('/') ? found.node.target
        : joinParts(out) + '/' + found.node.target;
      return resolveLinks([...splitPath(target), ...parts.slice(i + 1)], shown, hops);
    }
    ArrayPrototypePush(out, parts[i]);
  }
  return joinParts(out);
}

// fs.Dir (opendir): reads a snapshot of the directory's entries.
class Dir {
  #entries;
  #closed = false;
  constructor(path, entries) {
    this.path = path;
    this.#entries = entries;
  }
  readSync() {
    if (this.#closed) throw nodeErrors.make(Error, 'ERR_DIR_CLOSED', 'Directory handle was closed');
    return this.#entries.shift() ?? null;
  }
  read(callback) {
    if (typeof callback !== 'function') return Promise.resolve().then(() => this.readSync());
    queueMicrotask(() => {
      let entry;
      try { entry = this.readSync(); } catch (error) { return callback(error); }
      callback(null, entry);
    });
  }
  closeSync() {
    if (this.#closed) throw nodeErrors.make(Error, 'ERR_DIR_CLOSED', 'Directory handle was closed');
    this.#closed = true;
  }
  close(callback) {
    if (typeof callback !== 'function') return Promise.resolve().then(() => this.closeSync());
    queueMicrotask(() => {
      try { this.closeSync(); } catch (error) { return callback(error); }
      callback(null);
    });
  }
  async *entries() {
    try {
      let entry;
      while ((entry = this.readSync()) !== null) yield entry;
    } finally {
      if (!this.#closed) this.closeSync();
    }
  }
  [Symbol.asyncIterator]() { return this.entries(); }
}

function opendirSync(path, options) {
  path = toPath(path);
  return new Dir(path, readdirSync(path, { ...options, withFileTypes: true }));
}

// Node's minimatch-style glob is not here: globSync returns what workerd's does, nothing.
function globSync(pattern) {
  if (typeof pattern !== 'string' && !ArrayIsArray(pattern)) {
    throw nodeErrors.invalidArgType('pattern', 'of type string or an instance of Array', pattern);
  }
  return [];
}

internals.nodeFsSync = {
  constants, Stats, Dirent, Dir, toPath, toFd, getOptions, toBytes, encode, parseFlags,
  accessSync, appendFileSync, chmodSync, chownSync, closeSync, copyFileSync, cpSync, existsSync,
  fchmodSync, fchownSync, fdatasyncSync, fstatSync, fsyncSync, ftruncateSync, futimesSync,
  globSync, lchmodSync, lchownSync, linkSync, lstatSync, lutimesSync, mkdirSync, mkdtempSync,
  openSync, opendirSync, readFileSync, readSync, readdirSync, readlinkSync, readvSync,
  realpathSync, renameSync, rmSync, rmdirSync, statSync, statfsSync, symlinkSync, truncateSync,
  unlinkSync, utimesSync, writeFileSync, writeSync, writevSync,
};
