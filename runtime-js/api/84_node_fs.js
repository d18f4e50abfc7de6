'use strict';
// node:fs: the synchronous API (82_node_fs_sync.js), the same calls in callback form, read and
// write streams over node:stream, fs.promises, and workerd's unsupported watchers. On workerd
// node:fs exists from compatibility date 2025-09-15 (flag enable_nodejs_fs_module).

const { Error, ArrayBufferIsView } = primordials;
const sync = internals.nodeFsSync;
const { nodeErrors, validateFunction, Buffer } = internals;
const { nextTick } = internals.nodeStream;
const { Readable, Writable } = internals.builtinModules['node:stream'];

// fs.x(...args, callback): the sync call, its result or error delivered on a later tick as
// Node's libuv callbacks are.
const callbackForm = (fn, name) => ({
  [name](...args) {
    const callback = typeof args[args.length - 1] === 'function' ? args.pop() : undefined;
    validateFunction(callback, 'callback');
    let result;
    try {
      result = fn(...args);
    } catch (error) {
      nextTick(callback, error);
      return;
    }
    nextTick(callback, null, result);
  },
})[name];

// read()/write() call back with (err, count, buffer), as Node's do.
function read(fd, buffer, ...rest) {
  const callback = rest.pop();
  validateFunction(callback, 'callback');
  if (buffer !== null && typeof buffer === 'object' && !ArrayBufferIsView(buffer)) {
    rest = [buffer];
    buffer = buffer.buffer ?? Buffer.alloc(16384);
  } else if (buffer === undefined) {
    buffer = Buffer.alloc(16384);
  }
  try {
    const count = sync.readSync(fd, buffer, ...rest);
    nextTick(callback, null, count, buffer);
  } catch (error) {
    nextTick(callback, error);
  }
}
function write(fd, data, ...rest) {
  const callback = rest.pop();
  validateFunction(callback, 'callback');
  try {
    const count = sync.writeSync(fd, data, ...rest);
    nextTick(callback, null, count, data);
  } catch (error) {
    nextTick(callback, error);
  }
}
function readv(fd, buffers, ...rest) {
  const callback = rest.pop();
  validateFunction(callback, 'callback');
  try {
    nextTick(callback, null, sync.readvSync(fd, buffers, ...rest), buffers);
  } catch (error) {
    nextTick(callback, error);
  }
}
function writev(fd, buffers, ...rest) {
  const callback = rest.pop();
  validateFunction(callback, 'callback');
  try {
    nextTick(callback, null, sync.writevSync(fd, buffers, ...rest), buffers);
  } catch (error) {
    nextTick(callback, error);
  }
}
// exists(path, callback) calls back with one boolean, not (err, value).
function exists(path, callback) {
  validateFunction(callback, 'callback');
  nextTick(callback, sync.existsSync(path));
}

const unsupported = () => {
  throw nodeErrors.make(Error, 'ERR_UNSUPPORTED_OPERATION', 'The requested operation is unsupported');
};

// A file stream's descriptor: options.fd (a number or FileHandle), else `path` opened with
// options.flags; 'open' and 'ready' follow on the next tick, an open error destroys the stream.
function openStreamFile(stream, path, options, defaultFlags) {
  const handle = options.fd;
  stream.fd = handle?.fd ?? handle ?? null;
  stream.path = stream.fd === null ? sync.toPath(path) : undefined;
  stream.flags = options.flags ?? defaultFlags;
  stream.autoClose = options.autoClose ?? true;
  stream.pending = stream.fd === null;
  if (stream.fd !== null) return;
  try {
    stream.fd = sync.openSync(stream.path, stream.flags);
  } catch (error) {
    nextTick(() => stream.destroy(error));
    return;
  }
  stream.pending = false;
  nextTick(() => { stream.emit('open', stream.fd); stream.emit('ready'); });
}

// At destroy: closes the descriptor when autoClose asks, then 'close'.
function closeStreamFile(stream) {
  if (!stream.autoClose || typeof stream.fd !== 'number') return;
  try { sync.closeSync(stream.fd); } catch { /* already closed by the Worker */ }
  stream.fd = null;
  nextTick(() => stream.emit('close'));
}

// fs.ReadStream: reads from a path or descriptor in highWaterMark chunks, from `start` to `end`
// (inclusive), then closes the descriptor unless autoClose is false.
class ReadStream extends Readable {
  constructor(path, options) {
    options = sync.getOptions(options, {});
    super({ highWaterMark: options.highWaterMark ?? 65536, encoding: options.encoding });
    this.start = options.start;
    this.end = options.end ?? Infinity;
    this.pos = this.start;
    this.bytesRead = 0;
    openStreamFile(this, path, options, 'r');
  }
  _read(size) {
    const remaining = this.end === Infinity ? size : this.end - (this.pos ?? this.bytesRead) + 1;
    const want = Math.min(size, remaining);
    if (want <= 0) {
      this.push(null);
      return;
    }
    const chunk = Buffer.alloc(want);
    let count;
    try {
      count = sync.readSync(this.fd, chunk, 0, want, this.pos ?? null);
    } catch (error) {
      this.destroy(error);
      return;
    }
    if (this.pos !== undefined) this.pos += count;
    this.bytesRead += count;
    this.push(count > 0 ? chunk.subarray(0, count) : null);
  }
  _destroy(error, callback) {
    closeStreamFile(this);
    callback(error);
  }
  close(callback) {
    if (typeof callback === 'function') this.once('close', callback);
    this.destroy();
  }
}

// fs.WriteStream: writes each chunk at the stream's position (or appends with flags 'a').
class WriteStream extends Writable {
  constructor(path, options) {
    options = sync.getOptions(options, {});
    super({ highWaterMark: options.highWaterMark, decodeStrings: true,
      defaultEncoding: options.encoding ?? 'utf8' });
    this.pos = options.start;
    this.bytesWritten = 0;
    openStreamFile(this, path, options, 'w');
  }
  _write(chunk, encoding, callback) {
    try {
      const count = sync.writeSync(this.fd, chunk, 0, chunk.length, this.pos ?? null);
      if (this.pos !== undefined) this.pos += count;
      this.bytesWritten += count;
    } catch (error) {
      callback(error);
      return;
    }
    callback();
  }
  _destroy(error, callback) {
    closeStreamFile(this);
    callback(error);
  }
  close(callback) {
    if (typeof callback === 'function') this.once('close', callback);
    this.end();
  }
}

internals.nodeFsStreams = {
  createReadStream: (path, options) => new ReadStream(path, options),
  createWriteStream: (path, options) => new WriteStream(path, options),
};

// openAsBlob(path): the file's bytes now, as a Blob.
function openAsBlob(path, options) {
  try {
    const bytes = sync.readFileSync(path);
    return primordials.PromiseResolve(new internals.Blob([bytes], { type: options?.type ?? '' }));
  } catch (error) {
    return primordials.PromiseReject(error);
  }
}

const callbackNames = [
  'access', 'appendFile', 'chmod', 'chown', 'close', 'copyFile', 'cp', 'fchmod', 'fchown',
  'fdatasync', 'fstat', 'fsync', 'ftruncate', 'futimes', 'glob', 'lchmod', 'lchown', 'link',
  'lstat', 'lutimes', 'mkdir', 'mkdtemp', 'open', 'opendir', 'readFile', 'readdir', 'readlink',
  'realpath', 'rename', 'rm', 'rmdir', 'stat', 'statfs', 'symlink', 'truncate', 'unlink',
  'utimes', 'writeFile',
];

const fs = {
  Dir: sync.Dir,
  Dirent: sync.Dirent,
  F_OK: sync.constants.F_OK,
  R_OK: sync.constants.R_OK,
  W_OK: sync.constants.W_OK,
  X_OK: sync.constants.X_OK,
  ReadStream,
  WriteStream,
  FileReadStream: ReadStream,
  FileWriteStream: WriteStream,
  Stats: sync.Stats,
  constants: sync.constants,
  createReadStream: internals.nodeFsStreams.createReadStream,
  createWriteStream: internals.nodeFsStreams.createWriteStream,
  exists,
  openAsBlob,
  promises: internals.nodeFsPromises,
  read,
  readv,
  write,
  writev,
  unwatchFile: unsupported,
  watch: unsupported,
  watchFile: unsupported,
};
for (const name of callbackNames) {
  fs[name] = callbackForm(sync[name + 'Sync'], name);
  fs[name + 'Sync'] = sync[name + 'Sync'];
}
fs.realpath.native = fs.realpath;
fs.existsSync = sync.existsSync;
fs.readSync = sync.readSync;
fs.writeSync = sync.writeSync;
fs.readvSync = sync.readvSync;
fs.writevSync = sync.writevSync;

internals.defineGatedNodeModule('enable_nodejs_fs_module', 'fs', fs);
