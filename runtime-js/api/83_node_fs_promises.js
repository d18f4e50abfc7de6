'use strict';
// node:fs/promises and FileHandle over the synchronous core (82_node_fs_sync.js): the virtual
// file system lives in memory, so each promise settles with what the sync call returns or
// throws. workerd serves this module under nodejs_compat even before node:fs is on by date.

const { PromiseResolve, PromiseReject, ObjectFreeze, SymbolAsyncDispose } = primordials;
const sync = internals.nodeFsSync;
const { nodeErrors, EventEmitter, Buffer } = internals;

// Runs `fn` now and hands back its result (or error) as a promise.
function settle(fn, args) {
  try {
    return PromiseResolve(fn(...args));
  } catch (error) {
    return PromiseReject(error);
  }
}
const promised = (fn) => function (...args) { return settle(fn, args); };

class FileHandle extends EventEmitter {
  #fd;
  constructor(fd) {
    super();
    this.#fd = fd;
  }
  get fd() { return this.#fd; }
  #call(fn, ...args) {
    if (this.#fd === -1) {
      return PromiseReject(internals.nodeFsVfs.fsError('EBADF', fn.name.replace(/Sync$/, '')));
    }
    return settle(fn, [this.#fd, ...args]);
  }
  appendFile(data, options) { return this.#call(sync.writeFileSync, data, options); }
  chmod(mode) { return this.#call(sync.fchmodSync, mode); }
  chown(uid, gid) { return this.#call(sync.fchownSync, uid, gid); }
  datasync() { return this.#call(sync.fdatasyncSync); }
  sync() { return this.#call(sync.fsyncSync); }
  read(buffer, offset, length, position) {
    if (buffer !== null && typeof buffer === 'object' && !ArrayBuffer.isView(buffer)) {
      ({ buffer = Buffer.alloc(16384), offset, length, position } = buffer);
    }
    buffer ??= Buffer.alloc(16384);
    return this.#call((fd) => ({ bytesRead: sync.readSync(fd, buffer, offset, length, position), buffer }));
  }
  readv(buffers, position) {
    return this.#call((fd) => ({ bytesRead: sync.readvSync(fd, buffers, position), buffers }));
  }
  readFile(options) { return this.#call(sync.readFileSync, options); }
  async *readLines(options) {
    const text = await this.readFile({ encoding: options?.encoding ?? 'utf8' });
    const lines = text.split(/\r?\n/);
    if (lines[lines.length - 1] === '') lines.pop();
    yield* lines;
  }
  stat(options) { return this.#call(sync.fstatSync, options); }
  truncate(length) { return this.#call(sync.ftruncateSync, length); }
  utimes(atime, mtime) { return this.#call(sync.futimesSync, atime, mtime); }
  write(data, ...rest) {
    return this.#call((fd) => ({ bytesWritten: sync.writeSync(fd, data, ...rest), buffer: data }));
  }
  writev(buffers, position) {
    return this.#call((fd) => ({ bytesWritten: sync.writevSync(fd, buffers, position), buffers }));
  }
  writeFile(data, options) { return this.#call(sync.writeFileSync, data, options); }
  close() {
    if (this.#fd === -1) return PromiseResolve();
    const fd = this.#fd;
    this.#fd = -1;
    const done = settle(sync.closeSync, [fd]);
    this.emit('close');
    return done;
  }
  readableWebStream() {
    if (this.#fd === -1) throw internals.nodeFsVfs.fsError('EBADF', 'read');
    const bytes = sync.readFileSync(this.#fd);
    return new ReadableStream({
      type: 'bytes',
      start(controller) {
        if (bytes.length > 0) controller.enqueue(new Uint8Array(bytes));
        controller.close();
      },
    });
  }
  createReadStream(options) {
    return internals.nodeFsStreams.createReadStream(null, { ...options, fd: this });
  }
  createWriteStream(options) {
    return internals.nodeFsStreams.createWriteStream(null, { ...options, fd: this });
  }
}
if (SymbolAsyncDispose !== undefined) {
  FileHandle.prototype[SymbolAsyncDispose] = function () { return this.close(); };
}

// fs.promises.readFile/writeFile/appendFile also take a FileHandle.
const withHandle = (fn) => (target, ...args) =>
  settle(fn, [target instanceof FileHandle ? target.fd : target, ...args]);

const unsupported = () => PromiseReject(
  nodeErrors.make(Error, 'ERR_UNSUPPORTED_OPERATION', 'The requested operation is unsupported'));

const promises = {
  FileHandle,
  access: promised(sync.accessSync),
  appendFile: withHandle(sync.appendFileSync),
  chmod: promised(sync.chmodSync),
  chown: promised(sync.chownSync),
  constants: sync.constants,
  copyFile: promised(sync.copyFileSync),
  cp: promised(sync.cpSync),
  glob: async function* glob(pattern) { yield* sync.globSync(pattern); },
  lchmod: promised(sync.lchmodSync),
  lchown: promised(sync.lchownSync),
  link: promised(sync.linkSync),
  lstat: promised(sync.lstatSync),
  lutimes: promised(sync.lutimesSync),
  mkdir: promised(sync.mkdirSync),
  mkdtemp: promised(sync.mkdtempSync),
  open: (path, flags, mode) => settle((...a) => new FileHandle(sync.openSync(...a)), [path, flags, mode]),
  opendir: promised(sync.opendirSync),
  readFile: withHandle(sync.readFileSync),
  readdir: promised(sync.readdirSync),
  readlink: promised(sync.readlinkSync),
  realpath: promised(sync.realpathSync),
  rename: promised(sync.renameSync),
  rm: promised(sync.rmSync),
  rmdir: promised(sync.rmdirSync),
  stat: promised(sync.statSync),
  statfs: promised(sync.statfsSync),
  symlink: promised(sync.symlinkSync),
  truncate: promised(sync.truncateSync),
  unlink: promised(sync.unlinkSync),
  utimes: promised(sync.utimesSync),
  watch: unsupported,
  writeFile: withHandle(sync.writeFileSync),
};
ObjectFreeze(promises.constants);

internals.nodeFsPromises = promises;
internals.defineNodeModule('fs/promises', promises);
