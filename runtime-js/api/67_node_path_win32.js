'use strict';
// path.win32: Windows paths ('\' or '/' separators, drive letters 'C:', UNC roots
// '\\server\share'), as Node documents them, for code that handles Windows paths as data. The
// working directory is '\' (a Worker's is '/'). Publishes node:path, node:path/posix and
// node:path/win32, each flavour reachable from the other as `.posix` and `.win32`.

const {
  ArrayPrototypeJoin, StringPrototypeCharCodeAt, StringPrototypeEndsWith, StringPrototypeSlice,
  StringPrototypeToLowerCase,
} = primordials;
const { validateString, nodePath: posix } = internals;
const { normalizeString, extnameOfBase, formatPath, matchesGlobOf } = internals.nodePathShared;

const kBackslash = 0x5C;
const kSlash = 0x2F;
const kColon = 0x3A;
const kDot = 0x2E;
const kQuestion = 0x3F;

const isSeparator = (code) => code === kSlash || code === kBackslash;
const isDriveLetter = (code) => (code >= 0x41 && code <= 0x5A) || (code >= 0x61 && code <= 0x7A);
const hasDrive = (path) => path.length >= 2 && isDriveLetter(StringPrototypeCharCodeAt(path, 0)) &&
  StringPrototypeCharCodeAt(path, 1) === kColon;
const normalizeTail = (tail, allowAboveRoot) =>
  normalizeString(tail, allowAboveRoot, '\\', isSeparator);
// Moving left from `end` (not below `floor`): past trailing separators, or to the start of the
// segment that ends at `end`.
const skipSeparators = (path, floor, end) => {
  while (end > floor && isSeparator(StringPrototypeCharCodeAt(path, end - 1))) end--;
  return end;
};
const segmentStart = (path, floor, end) => {
  while (end > floor && !isSeparator(StringPrototypeCharCodeAt(path, end - 1))) end--;
  return end;
};
const sameDevice = (a, b) => StringPrototypeToLowerCase(a) === StringPrototypeToLowerCase(b);

// The root of a Windows path:
//   device   'C:', '\\server\share' (with backslashes), or '' for none;
//   length   how many characters the root spans, its trailing separator included;
//   absolute whether it starts at a root directory ('C:\', '\', a UNC share);
//   uncOnly  the path is a UNC root and nothing after it ('\\server\share\').
// '\\server' without a share is not a UNC root: it is the absolute path '\server'.
function parseRoot(path) {
  const len = path.length;
  const first = StringPrototypeCharCodeAt(path, 0);
  if (isSeparator(first)) {
    if (len > 1 && isSeparator(StringPrototypeCharCodeAt(path, 1))) {
      let j = 2;
      while (j < len && !isSeparator(StringPrototypeCharCodeAt(path, j))) j++;
      const server = StringPrototypeSlice(path, 2, j);
      while (j < len && isSeparator(StringPrototypeCharCodeAt(path, j))) j++;
      const shareStart = j;
      while (j < len && !isSeparator(StringPrototypeCharCodeAt(path, j))) j++;
      if (server.length > 0 && j > shareStart) {
        const device = `\\\\${server}\\${StringPrototypeSlice(path, shareStart, j)}`;
        return { device, length: j === len ? j : j + 1, absolute: true, uncOnly: j === len };
      }
    }
    return { device: '', length: 1, absolute: true, uncOnly: false };
  }
  if (hasDrive(path)) {
    const absolute = len > 2 && isSeparator(StringPrototypeCharCodeAt(path, 2));
    const device = StringPrototypeSlice(path, 0, 2);
    return { device, length: absolute ? 3 : 2, absolute, uncOnly: false };
  }
  return { device: '', length: 0, absolute: false, uncOnly: false };
}

const win32 = {
  sep: '\\',
  delimiter: ';',

  // From right to left until an absolute path on a known drive; a drive-relative path ('C:foo')
  // is resolved against that drive's root.
  resolve(...args) {
    let resolvedDevice = '';
    let resolvedTail = '';
    let resolvedAbsolute = false;
    for (let i = args.length - 1; i >= -1; i--) {
      let path;
      if (i >= 0) {
        path = args[i];
        validateString(path, `paths[${i}]`);
        if (path.length === 0) continue;
      } else {
        path = resolvedDevice.length === 0 ? '\\' : `${resolvedDevice}\\`;
      }
      const root = parseRoot(path);
      if (root.device.length > 0) {
        if (resolvedDevice.length === 0) {
          resolvedDevice = root.device;
        } else if (!sameDevice(root.device, resolvedDevice)) {
          continue; // another drive: its paths do not apply to this one
        }
      }
      if (resolvedAbsolute) {
        if (resolvedDevice.length > 0) break;
      } else {
        resolvedTail = `${StringPrototypeSlice(path, root.length)}\\${resolvedTail}`;
        resolvedAbsolute = root.absolute;
        if (root.absolute && resolvedDevice.length > 0) break;
      }
    }
    resolvedTail = normalizeTail(resolvedTail, !resolvedAbsolute);
    if (resolvedAbsolute) return `${resolvedDevice}\\${resolvedTail}`;
    return `${resolvedDevice}${resolvedTail}` || '.';
  },

  normalize(path) {
    validateString(path, 'path');
    const len = path.length;
    if (len === 0) return '.';
    const root = parseRoot(path);
    if (root.uncOnly) return `${root.device}\\`;
    let tail = normalizeTail(StringPrototypeSlice(path, root.length), !root.absolute);
    if (tail.length === 0 && !root.absolute) tail = '.';
    if (tail.length > 0 && isSeparator(StringPrototypeCharCodeAt(path, len - 1))) tail += '\\';
    return root.absolute ? `${root.device}\\${tail}` : `${root.device}${tail}`;
  },

  isAbsolute(path) {
    validateString(path, 'path');
    if (path.length === 0) return false;
    return isSeparator(StringPrototypeCharCodeAt(path, 0)) ||
      (path.length > 2 && hasDrive(path) && isSeparator(StringPrototypeCharCodeAt(path, 2)));
  },

  join(...args) {
    const parts = [];
    for (let i = 0; i < args.length; i++) {
      validateString(args[i], 'path');
      if (args[i].length > 0) parts[parts.length] = args[i];
    }
    if (parts.length === 0) return '.';
    let joined = ArrayPrototypeJoin(parts, '\\');
    // Separators at the start of the joined path make a UNC root only if the first part began
    // with exactly two of them followed by a name ('\\server'); otherwise they collapse to one,
    // so join('\\', '\\server') is not mistaken for a UNC path.
    const first = parts[0];
    const leadingIn = (text, from, limit) => {
      let i = from;
      while (i < limit && isSeparator(StringPrototypeCharCodeAt(text, i))) i++;
      return i;
    };
    const leading = leadingIn(first, 0, first.length < 3 ? first.length : 3);
    const uncFirstPart = leading === 2 && first.length > 2;
    if (!uncFirstPart) {
      const count = leadingIn(joined, leading, joined.length);
      if (count >= 2) joined = `\\${StringPrototypeSlice(joined, count)}`;
    }
    return win32.normalize(joined);
  },

  // Compares case-insensitively, as Windows file names do; answers `to` itself when the two
  // share no root.
  relative(from, to) {
    validateString(from, 'from');
    validateString(to, 'to');
    if (from === to) return '';
    const fromOrig = win32.resolve(from);
    const toOrig = win32.resolve(to);
    if (fromOrig === toOrig) return '';
    from = StringPrototypeToLowerCase(fromOrig);
    to = StringPrototypeToLowerCase(toOrig);
    if (from === to) return '';

    // [start, end) of a resolved path without its leading and trailing backslashes.
    const trimmed = (text) => {
      let start = 0;
      while (start < text.length && StringPrototypeCharCodeAt(text, start) === kBackslash) start++;
      let end = text.length;
      while (end - 1 > start && StringPrototypeCharCodeAt(text, end - 1) === kBackslash) end--;
      return [start, end];
    };
    const [fromStart, fromEnd] = trimmed(from);
    let [toStart, toEnd] = trimmed(to);
    const fromLen = fromEnd - fromStart;
    const toLen = toEnd - toStart;

    const length = fromLen < toLen ? fromLen : toLen;
    let lastCommonSep = -1;
    let i = 0;
    for (; i < length; i++) {
      const code = StringPrototypeCharCodeAt(from, fromStart + i);
      if (code !== StringPrototypeCharCodeAt(to, toStart + i)) break;
      if (code === kBackslash) lastCommonSep = i;
    }
    if (i !== length) {
      if (lastCommonSep === -1) return toOrig; // different roots
    } else {
      if (toLen > length) {
        // `from` is a directory above `to` ('C:\foo' -> 'C:\foo\bar'), or its drive root.
        if (StringPrototypeCharCodeAt(to, toStart + i) === kBackslash) {
          return StringPrototypeSlice(toOrig, toStart + i + 1);
        }
        if (i === 2) return StringPrototypeSlice(toOrig, toStart + i);
      }
      if (fromLen > length) {
        // `to` is a directory above `from` ('C:\foo\bar' -> 'C:\foo'), or its drive root.
        if (StringPrototypeCharCodeAt(from, fromStart + i) === kBackslash) lastCommonSep = i;
        else if (i === 2) lastCommonSep = 3;
      }
      if (lastCommonSep === -1) lastCommonSep = 0;
    }

    let out = '';
    for (i = fromStart + lastCommonSep + 1; i <= fromEnd; ++i) {
      if (i === fromEnd || StringPrototypeCharCodeAt(from, i) === kBackslash) {
        out += out.length === 0 ? '..' : '\\..';
      }
    }
    toStart += lastCommonSep;
    if (out.length > 0) return `${out}${StringPrototypeSlice(toOrig, toStart, toEnd)}`;
    if (StringPrototypeCharCodeAt(toOrig, toStart) === kBackslash) ++toStart;
    return StringPrototypeSlice(toOrig, toStart, toEnd);
  },

  // 'C:\foo' -> '\\?\C:\foo', '\\server\share' -> '\\?\UNC\server\share' (Windows' long-path
  // form); anything else resolved ('foo' -> '\foo'), a string of at most two characters as is.
  toNamespacedPath(path) {
    if (typeof path !== 'string' || path.length === 0) return path;
    const resolved = win32.resolve(path);
    if (resolved.length <= 2) return path;
    if (StringPrototypeCharCodeAt(resolved, 0) === kBackslash) {
      if (StringPrototypeCharCodeAt(resolved, 1) === kBackslash) {
        const code = StringPrototypeCharCodeAt(resolved, 2);
        if (code !== kQuestion && code !== kDot) {
          return `\\\\?\\UNC\\${StringPrototypeSlice(resolved, 2)}`;
        }
      }
    } else if (hasDrive(resolved) && StringPrototypeCharCodeAt(resolved, 2) === kBackslash) {
      return `\\\\?\\${resolved}`;
    }
    return resolved;
  },

  dirname(path) {
    validateString(path, 'path');
    const len = path.length;
    if (len === 0) return '.';
    const root = parseRoot(path);
    if (root.uncOnly) return path;
    if (len === 1) return root.length === 1 ? path : '.';
    let end = -1;
    let matchedSeparator = true;
    for (let i = len - 1; i >= root.length; --i) {
      if (isSeparator(StringPrototypeCharCodeAt(path, i))) {
        if (!matchedSeparator) {
          end = i;
          break;
        }
      } else {
        matchedSeparator = false;
      }
    }
    if (end === -1) {
      if (root.length === 0) return '.';
      end = root.length;
    }
    return StringPrototypeSlice(path, 0, end);
  },

  basename(path, suffix) {
    if (suffix !== undefined) validateString(suffix, 'suffix');
    validateString(path, 'path');
    const start = hasDrive(path) ? 2 : 0;
    const end = skipSeparators(path, start, path.length);
    const base = StringPrototypeSlice(path, segmentStart(path, start, end), end);
    if (suffix !== undefined && suffix.length > 0 && suffix !== base &&
        StringPrototypeEndsWith(base, suffix)) {
      return StringPrototypeSlice(base, 0, base.length - suffix.length);
    }
    return base;
  },

  extname(path) {
    validateString(path, 'path');
    return extnameOfBase(win32.basename(path));
  },

  format(pathObject) {
    return formatPath('\\', pathObject);
  },

  parse(path) {
    validateString(path, 'path');
    const ret = { root: '', dir: '', base: '', ext: '', name: '' };
    const len = path.length;
    if (len === 0) return ret;
    const root = parseRoot(path);
    ret.root = StringPrototypeSlice(path, 0, root.length);
    // A root alone ('C:', 'C:\', '\', '\\server\share') is its own directory.
    if (root.length === len) {
      ret.dir = ret.root;
      return ret;
    }
    const end = skipSeparators(path, root.length, len);
    const baseStart = segmentStart(path, root.length, end);
    if (end > root.length) {
      ret.base = StringPrototypeSlice(path, baseStart, end);
      ret.ext = extnameOfBase(ret.base);
      ret.name = StringPrototypeSlice(ret.base, 0, ret.base.length - ret.ext.length);
    }
    // The directory keeps the root's separator ('C:\abc' -> 'C:\') but no other trailing one.
    ret.dir = baseStart > 0 && baseStart !== root.length
      ? StringPrototypeSlice(path, 0, baseStart - 1) : ret.root;
    return ret;
  },

  matchesGlob: matchesGlobOf('win32'),
};

win32.win32 = win32;
win32.posix = posix;
posix.win32 = win32;

internals.defineNodeModule('path', posix);
internals.defineNodeModule('path/posix', posix);
internals.defineNodeModule('path/win32', win32);
