'use strict';
// node:path with POSIX semantics, and what it shares with path.win32 (67_node_path_win32.js,
// which publishes the modules once both flavours exist).

const {
  ArrayPrototypeJoin, Error, StringPrototypeCharCodeAt, StringPrototypeLastIndexOf,
  StringPrototypeSlice,
} = primordials;
const { validateString, validateObject } = internals;

const kSlash = 0x2F;
const kDot = 0x2E;
const isPosixSeparator = (code) => code === kSlash;

// Resolves '.' and '..' segments of a path without its root; `allowAboveRoot` keeps leading
// '..' for relative paths. Segments are split where isSeparator(charCode) and joined with
// `separator`.
function normalizeString(path, allowAboveRoot, separator = '/', isSeparator = isPosixSeparator) {
  let res = '';
  let lastSegmentLength = 0;
  let lastSlash = -1;
  let dots = 0;
  let code = 0;
  for (let i = 0; i <= path.length; ++i) {
    if (i < path.length) code = StringPrototypeCharCodeAt(path, i);
    else if (isSeparator(code)) break;
    else code = kSlash;
    if (isSeparator(code)) {
      if (lastSlash === i - 1 || dots === 1) {
        // empty segment or '.'
      } else if (dots === 2) {
        if (res.length < 2 || lastSegmentLength !== 2 ||
            StringPrototypeCharCodeAt(res, res.length - 1) !== kDot ||
            StringPrototypeCharCodeAt(res, res.length - 2) !== kDot) {
          if (res.length > 2) {
            const lastSlashIndex = StringPrototypeLastIndexOf(res, separator);
            if (lastSlashIndex === -1) {
              res = '';
              lastSegmentLength = 0;
            } else {
              res = StringPrototypeSlice(res, 0, lastSlashIndex);
              lastSegmentLength = res.length - 1 - StringPrototypeLastIndexOf(res, separator);
            }
            lastSlash = i;
            dots = 0;
            continue;
          } else if (res.length !== 0) {
            res = '';
            lastSegmentLength = 0;
            lastSlash = i;
            dots = 0;
            continue;
          }
        }
        if (allowAboveRoot) {
          res += res.length > 0 ? `${separator}..` : '..';
          lastSegmentLength = 2;
        }
      } else {
        if (res.length > 0) res += separator + StringPrototypeSlice(path, lastSlash + 1, i);
        else res = StringPrototypeSlice(path, lastSlash + 1, i);
        lastSegmentLength = i - lastSlash - 1;
      }
      lastSlash = i;
      dots = 0;
    } else if (code === kDot && dots !== -1) {
      ++dots;
    } else {
      dots = -1;
    }
  }
  return res;
}

// The extension of a last path segment: from its last dot, unless that dot starts the name
// ('.profile') or the segment is '..'.
function extnameOfBase(base) {
  const dot = StringPrototypeLastIndexOf(base, '.');
  if (dot <= 0 || base === '..') return '';
  return StringPrototypeSlice(base, dot);
}

// path.format() for either flavour: `dir` (or `root`) joined to `base` (or `name` + `ext`).
function formatPath(separator, pathObject) {
  validateObject(pathObject, 'pathObject');
  const dir = pathObject.dir || pathObject.root;
  const ext = pathObject.ext ? `${pathObject.ext[0] === '.' ? '' : '.'}${pathObject.ext}` : '';
  const base = pathObject.base || `${pathObject.name || ''}${ext}`;
  if (!dir) return base;
  return dir === pathObject.root ? `${dir}${base}` : `${dir}${separator}${base}`;
}

// path.matchesGlob(): not implemented on workerd either, with its words.
const matchesGlobOf = (flavour) => function matchesGlob(path, pattern) {
  throw new Error(`path.${flavour}.matchesGlob() is not implemented.`);
};

const posix = {
  sep: '/',
  delimiter: ':',

  // The working directory of a Worker is '/'.
  resolve(...args) {
    let resolved = '';
    let absolute = false;
    for (let i = args.length - 1; i >= -1 && !absolute; i--) {
      const path = i >= 0 ? args[i] : '/';
      validateString(path, `paths[${i}]`);
      if (path.length === 0) continue;
      resolved = `${path}/${resolved}`;
      absolute = StringPrototypeCharCodeAt(path, 0) === kSlash;
    }
    resolved = normalizeString(resolved, !absolute);
    if (absolute) return `/${resolved}`;
    return resolved.length > 0 ? resolved : '.';
  },

  normalize(path) {
    validateString(path, 'path');
    if (path.length === 0) return '.';
    const absolute = StringPrototypeCharCodeAt(path, 0) === kSlash;
    const trailing = StringPrototypeCharCodeAt(path, path.length - 1) === kSlash;
    let out = normalizeString(path, !absolute);
    if (out.length === 0) {
      if (absolute) return '/';
      return trailing ? './' : '.';
    }
    if (trailing) out += '/';
    return absolute ? `/${out}` : out;
  },

  isAbsolute(path) {
    validateString(path, 'path');
    return path.length > 0 && StringPrototypeCharCodeAt(path, 0) === kSlash;
  },

  join(...args) {
    if (args.length === 0) return '.';
    const parts = [];
    for (let i = 0; i < args.length; i++) {
      validateString(args[i], 'path');
      if (args[i].length > 0) parts.push(args[i]);
    }
    if (parts.length === 0) return '.';
    return posix.normalize(ArrayPrototypeJoin(parts, '/'));
  },

  relative(from, to) {
    validateString(from, 'from');
    validateString(to, 'to');
    if (from === to) return '';
    from = posix.resolve(from);
    to = posix.resolve(to);
    if (from === to) return '';
    const fromParts = from === '/' ? [] : from.slice(1).split('/');
    const toParts = to === '/' ? [] : to.slice(1).split('/');
    let common = 0;
    while (common < fromParts.length && common < toParts.length &&
           fromParts[common] === toParts[common]) common++;
    const up = fromParts.slice(common).map(() => '..');
    return [...up, ...toParts.slice(common)].join('/');
  },

  toNamespacedPath(path) { return path; },

  dirname(path) {
    validateString(path, 'path');
    if (path.length === 0) return '.';
    const absolute = StringPrototypeCharCodeAt(path, 0) === kSlash;
    let end = -1;
    let matchedSlash = true;
    for (let i = path.length - 1; i >= 1; --i) {
      if (StringPrototypeCharCodeAt(path, i) === kSlash) {
        if (!matchedSlash) {
          end = i;
          break;
        }
      } else {
        matchedSlash = false;
      }
    }
    if (end === -1) return absolute ? '/' : '.';
    if (absolute && end === 1) return '//';
    return StringPrototypeSlice(path, 0, end);
  },

  basename(path, suffix) {
    if (suffix !== undefined) validateString(suffix, 'ext');
    validateString(path, 'path');
    let end = path.length;
    while (end > 0 && StringPrototypeCharCodeAt(path, end - 1) === kSlash) end--;
    if (end === 0) return '';
    const start = StringPrototypeLastIndexOf(StringPrototypeSlice(path, 0, end), '/') + 1;
    const base = StringPrototypeSlice(path, start, end);
    if (suffix !== undefined && suffix.length > 0 && suffix !== base && base.endsWith(suffix)) {
      return StringPrototypeSlice(base, 0, base.length - suffix.length);
    }
    return base;
  },

  extname(path) {
    validateString(path, 'path');
    return extnameOfBase(posix.basename(path));
  },

  format(pathObject) {
    return formatPath('/', pathObject);
  },

  parse(path) {
    validateString(path, 'path');
    const ret = { root: '', dir: '', base: '', ext: '', name: '' };
    if (path.length === 0) return ret;
    const absolute = StringPrototypeCharCodeAt(path, 0) === kSlash;
    if (absolute) ret.root = '/';
    let end = path.length;
    while (end > 1 && StringPrototypeCharCodeAt(path, end - 1) === kSlash) end--;
    const trimmed = StringPrototypeSlice(path, 0, end);
    if (trimmed === '/') {
      ret.dir = '/';
      return ret;
    }
    ret.base = posix.basename(trimmed);
    ret.ext = posix.extname(trimmed);
    ret.name = ret.ext ? StringPrototypeSlice(ret.base, 0, ret.base.length - ret.ext.length) : ret.base;
    const slash = StringPrototypeLastIndexOf(trimmed, '/');
    if (slash > 0) ret.dir = StringPrototypeSlice(trimmed, 0, slash);
    else if (absolute) ret.dir = '/';
    return ret;
  },

  matchesGlob: matchesGlobOf('posix'),
};
posix.posix = posix;

internals.nodePath = posix;
internals.nodePathShared = { normalizeString, extnameOfBase, formatPath, matchesGlobOf };
