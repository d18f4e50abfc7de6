'use strict';
// The virtual file system behind node:fs, as workerd lays it out: /bundle (the Worker's own
// modules, read-only, read lazily through ops.bundleFileRead), /tmp (writable, in memory),
// /dev/{null,zero,full,random}; no host file is reachable. Relative paths start at /bundle
// (workerd's cwd). This file keeps the tree, descriptors and Node-shaped errors; the APIs are in
// 82_node_fs_*.js.
//
// /tmp lives as long as the isolate (workerd empties it after each request: see
// docs/compatibility.md) and holds at most kTmpCapacity bytes of file data; a write beyond that
// fails with ENOSPC, so a Worker cannot grow the process without bound.

const {
  Error, MapPrototypeGet, MapPrototypeSet, MapPrototypeDelete, MapPrototypeHas, SafeMap,
  StringPrototypeSplit, StringPrototypeStartsWith, ArrayPrototypeJoin, ArrayPrototypePush,
  ArrayPrototypeSlice, TypedArrayPrototypeSet, Uint8Array, MathMax, MathMin, ObjectDefineProperty,
} = primordials;

const kTmpCapacity = 64 * 1024 * 1024;
const kMaxSymlinkHops = 40;

const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFCHR = 0o020000;
const S_IFLNK = 0o120000;

// libuv's texts and errnos; the message is "<text>, <syscall> '<path>'" as workerd words it
// (no "ENOENT: " prefix, unlike Node).
const errnoTexts = {
  __proto__: null,
  EPERM: [-1, 'operation not permitted'],
  ENOENT: [-2, 'no such file or directory'],
  EBADF: [-9, 'bad file descriptor'],
  EACCES: [-13, 'permission denied'],
  EEXIST: [-17, 'file already exists'],
  EXDEV: [-18, 'cross-device link not permitted'],
  ENOTDIR: [-20, 'not a directory'],
  EISDIR: [-21, 'illegal operation on a directory'],
  EINVAL: [-22, 'invalid argument'],
  ENOSPC: [-28, 'no space left on device'],
  ENOTEMPTY: [-39, 'directory not empty'],
  ELOOP: [-40, 'too many symbolic links encountered'],
};

function fsError(code, syscall, path, dest) {
  const [errno, text] = errnoTexts[code];
  // workerd names the call and path only when it has a path: "bad file descriptor" alone.
  let message = text;
  if (path !== undefined) message += `, ${syscall} '${path}'`;
  if (dest !== undefined) message += ` -> '${dest}'`;
  const error = new Error(message);
  const define = (key, value) => ObjectDefineProperty(error, key,
    { value, writable: true, enumerable: true, configurable: true });
  define('errno', errno);
  define('code', code);
  define('syscall', syscall);
  if (path !== undefined) define('path', path);
  if (dest !== undefined) define('dest', dest);
  return error;
}

// Nodes. Times are milliseconds; workerd reports 0 for everything it has not been told
// (utimes), so a fresh node starts at 0 too.
function makeDir(writable) {
  return { kind: 'dir', writable, entries: new SafeMap(), mode: writable ? 0o666 : 0o444,
    atimeMs: 0, mtimeMs: 0, ctimeMs: 0, birthtimeMs: 0, nlink: 1 };
}
function makeFile(writable, data) {
  return { kind: 'file', writable, data, size: data.length, mode: writable ? 0o666 : 0o444,
    atimeMs: 0, mtimeMs: 0, ctimeMs: 0, birthtimeMs: 0, nlink: 1 };
}
function makeDevice(name) {
  return { kind: 'device', name, writable: true, mode: 0o666, size: 0,
    atimeMs: 0, mtimeMs: 0, ctimeMs: 0, birthtimeMs: 0, nlink: 1 };
}
function makeSymlink(target) {
  return { kind: 'symlink', target, writable: true, mode: 0o444,
    atimeMs: 0, mtimeMs: 0, ctimeMs: 0, birthtimeMs: 0, nlink: 1 };
}

// A /bundle file's bytes come from the module registry the first time they are read.
function bundleFile(name) {
  let loaded = null;
  const bytes = () => {
    loaded ??= ops.bundleFileRead(name) ?? new Uint8Array(0);
    return loaded;
  };
  return { kind: 'file', writable: false, mode: 0o444, atimeMs: 0, mtimeMs: 0, ctimeMs: 0,
    birthtimeMs: 0, nlink: 1, get data() { return bytes(); }, get size() { return bytes().length; } };
}

let root = null;
let tmpUsed = 0;

function buildBundle() {
  const dir = makeDir(false);
  for (const name of ops.bundleFileNames()) {
    const parts = StringPrototypeSplit(name, '/');
    let at = dir;
    for (let i = 0; i < parts.length - 1; i++) {
      if (parts[i] === '' || parts[i] === '.') continue;
      let next = MapPrototypeGet(at.entries, parts[i]);
      if (next === undefined) {
        next = makeDir(false);
        MapPrototypeSet(at.entries, parts[i], next);
      }
      at = next;
    }
    MapPrototypeSet(at.entries, parts[parts.length - 1], bundleFile(name));
  }
  return dir;
}

// Built on first use: the snapshot has no Worker, so no bundle to list.
function rootDir() {
  if (root !== null) return root;
  root = makeDir(false);
  MapPrototypeSet(root.entries, 'bundle', buildBundle());
  MapPrototypeSet(root.entries, 'tmp', makeDir(true));
  const dev = makeDir(false);
  for (const name of ['null', 'zero', 'full', 'random']) {
    MapPrototypeSet(dev.entries, name, makeDevice(name));
  }
  MapPrototypeSet(root.entries, 'dev', dev);
  return root;
}

// "/bundle/./a//b/../c" → ['bundle', 'a', 'c']; relative paths start at /bundle.
function splitPath(path) {
  const absolute = StringPrototypeStartsWith(path, '/') ? path : '/bundle/' + path;
  const out = [];
  for (const part of StringPrototypeSplit(absolute, '/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else ArrayPrototypePush(out, part);
  }
  return out;
}
const joinParts = (parts) => '/' + ArrayPrototypeJoin(parts, '/');

// Walks `parts`, following symlinks on the way (and at the end when followLast). Returns
// { node, parent, name, parts } with node undefined when only the last name is missing; throws
// ENOENT / ENOTDIR / ELOOP for a broken path before it.
function walk(parts, followLast, syscall, shownPath, hops = 0) {
  let node = rootDir();
  let parent = null;
  for (let i = 0; i < parts.length; i++) {
    if (node.kind !== 'dir') throw fsError('ENOTDIR', syscall, shownPath);
    parent = node;
    node = MapPrototypeGet(node.entries, parts[i]);
    const last = i === parts.length - 1;
    if (node === undefined) {
      if (last) return { node, parent, name: parts[i], parts };
      throw fsError('ENOENT', syscall, shownPath);
    }
    if (node.kind === 'symlink' && (!last || followLast)) {
      if (++hops > kMaxSymlinkHops) throw fsError('ELOOP', syscall, shownPath);
      const base = ArrayPrototypeSlice(parts, 0, i);
      const target = StringPrototypeStartsWith(node.target, '/') ? node.target
        : joinParts(base) + '/' + node.target;
      const rest = ArrayPrototypeSlice(parts, i + 1);
      return walk([...splitPath(target), ...rest], followLast, syscall, shownPath, hops);
    }
  }
  return { node, parent, name: parts[parts.length - 1], parts };
}

function lookup(path, syscall, followLast = true) {
  return walk(splitPath(path), followLast, syscall, path);
}
function existing(path, syscall, followLast = true) {
  const found = lookup(path, syscall, followLast);
  if (found.node === undefined) throw fsError('ENOENT', syscall, path);
  return found;
}

// A new entry may only be made inside a writable directory (/tmp and below).
function assertCreatable(found, syscall) {
  if (found.parent === null || !found.parent.writable) throw fsError('EPERM', syscall);
}

// Each name in /tmp costs kEntryCost bytes of the capacity too, so that empty files, directories
// and symlinks cannot grow the isolate without bound either.
const kEntryCost = 256;
function addEntry(dir, name, node) {
  reserve(kEntryCost);
  MapPrototypeSet(dir.entries, name, node);
}
function dropEntry(dir, name) {
  MapPrototypeDelete(dir.entries, name);
  tmpUsed -= kEntryCost;
}

function reserve(delta) {
  if (delta > 0 && tmpUsed + delta > kTmpCapacity) throw fsError('ENOSPC', 'write');
  tmpUsed += delta;
}

// Resizes a writable file's storage, zero-filling growth; counts against the /tmp capacity.
function resize(node, length) {
  if (length === node.size) return;
  reserve(length - node.size);
  if (length > node.data.length) {
    const grown = new Uint8Array(MathMax(length, node.data.length * 2));
    TypedArrayPrototypeSet(grown, node.data.subarray(0, node.size));
    node.data = grown;
  } else {
    node.data.fill(0, length, node.size);
  }
  node.size = length;
}

function fileBytes(node) {
  if (node.kind === 'device') return new Uint8Array(0);
  return node.data.subarray(0, node.size);
}

// Writes `bytes` at `position` of a file node (a device swallows or refuses them).
function writeAt(node, bytes, position, syscall) {
  if (node.kind === 'device') {
    if (node.name === 'full') throw fsError('ENOSPC', syscall);
    return bytes.length;
  }
  if (!node.writable) throw fsError('EPERM', syscall);
  const end = position + bytes.length;
  if (end > node.size) resize(node, end);
  TypedArrayPrototypeSet(node.data, bytes, position);
  node.mtimeMs = node.ctimeMs = 0;
  return bytes.length;
}

// Reads up to `length` bytes at `position` into `target` at `offset`; returns the count.
function readAt(node, target, offset, length, position) {
  if (node.kind === 'device') {
    if (node.name === 'null') return 0;
    const view = target.subarray(offset, offset + length);
    if (node.name === 'random') ops.randomFill(view);
    else view.fill(0);
    return view.length;
  }
  const bytes = fileBytes(node);
  if (position >= bytes.length) return 0;
  const count = MathMin(length, bytes.length - position);
  TypedArrayPrototypeSet(target, bytes.subarray(position, position + count), offset);
  return count;
}

function releaseNode(node) {
  if (node.kind === 'file' && node.writable && --node.nlink <= 0) {
    tmpUsed -= node.size;
    node.size = 0;
    node.data = new Uint8Array(0);
  }
}

// Open descriptors: numbered from 3 up and never reused within an isolate, as in workerd.
const descriptors = new SafeMap();
let nextFd = 3;

function openDescriptor(node, path, access) {
  const fd = nextFd++;
  MapPrototypeSet(descriptors, fd, { node, path, position: 0, ...access });
  return fd;
}
function descriptor(fd, syscall) {
  const entry = MapPrototypeGet(descriptors, fd);
  if (entry === undefined) throw fsError('EBADF', syscall);
  return entry;
}
function closeDescriptor(fd) {
  if (!MapPrototypeHas(descriptors, fd)) throw fsError('EBADF', 'close');
  MapPrototypeDelete(descriptors, fd);
}

internals.nodeFsVfs = {
  kTmpCapacity, S_IFREG, S_IFDIR, S_IFCHR, S_IFLNK,
  fsError, splitPath, joinParts, lookup, existing, assertCreatable, reserve, resize,
  fileBytes, writeAt, readAt, releaseNode, makeDir, makeFile, makeSymlink,
  openDescriptor, descriptor, closeDescriptor,
  addEntry, dropEntry,
};
