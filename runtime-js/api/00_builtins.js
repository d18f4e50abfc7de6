'use strict';
// JavaScript built-ins newer than V8 10.2 that modern libraries use (DESIGN.md). Installed
// before primordials are saved, with the property attributes the specifications give them.

const define = (target, name, value) => {
  if (Object.prototype.hasOwnProperty.call(target, name)) return;
  Object.defineProperty(target, name, { value, writable: true, configurable: true, enumerable: false });
};
const toIntegerOrInfinity = (v) => {
  const n = Number(v);
  if (Number.isNaN(n) || n === 0) return 0;
  if (!Number.isFinite(n)) return n;
  return Math.trunc(n);
};
const relativeIndex = (value, length, fallback) => {
  if (value === undefined) return fallback;
  const rel = toIntegerOrInfinity(value);
  return rel < 0 ? Math.max(length + rel, 0) : Math.min(rel, length);
};
const requireCallable = (fn) => {
  if (typeof fn !== 'function') throw new TypeError(`${String(fn)} is not a function`);
};

// ES2024 Promise.withResolvers
define(Promise, 'withResolvers', function withResolvers() {
  let resolve, reject;
  const promise = new this((res, rej) => { resolve = res; reject = rej; });
  return { promise, resolve, reject };
});

// ES2024 Object.groupBy / Map.groupBy
const groupBy = (items, callback, toKey) => {
  requireCallable(callback);
  const groups = new Map();
  let k = 0;
  for (const value of items) {
    const key = toKey(callback(value, k++));
    const list = groups.get(key);
    if (list) list.push(value); else groups.set(key, [value]);
  }
  return groups;
};
define(Object, 'groupBy', function groupBy_(items, callback) {
  const out = Object.create(null);
  for (const [key, list] of groupBy(items, callback, (k) => (typeof k === 'symbol' ? k : String(k)))) {
    out[key] = list;
  }
  return out;
});
define(Map, 'groupBy', function groupBy_(items, callback) {
  return groupBy(items, callback, (k) => (k === 0 ? 0 : k));
});

// ES2024 Array.fromAsync
define(Array, 'fromAsync', async function fromAsync(items, mapFn, thisArg) {
  if (mapFn !== undefined) requireCallable(mapFn);
  const Ctor = typeof this === 'function' ? this : Array;
  const out = [];
  let k = 0;
  if (items != null && (items[Symbol.asyncIterator] !== undefined || items[Symbol.iterator] !== undefined)) {
    const iterable = items[Symbol.asyncIterator] !== undefined ? items : (async function* () {
      for (const v of items) yield await v;
    })();
    for await (const value of iterable) {
      out.push(mapFn ? await mapFn.call(thisArg, value, k) : value);
      k++;
    }
  } else {
    const arrayLike = Object(items);
    const length = Math.min(Math.max(toIntegerOrInfinity(arrayLike.length), 0), Number.MAX_SAFE_INTEGER);
    for (; k < length; k++) {
      const value = await arrayLike[k];
      out.push(mapFn ? await mapFn.call(thisArg, value, k) : value);
    }
  }
  if (Ctor === Array) return out;
  const result = new Ctor(out.length);
  for (let i = 0; i < out.length; i++) result[i] = out[i];
  return result;
});

// ES2023 change-array-by-copy, for arrays and typed arrays.
const TypedArray = Object.getPrototypeOf(Uint8Array);
define(Array.prototype, 'toReversed', function toReversed() {
  const o = Object(this), len = toIntegerOrInfinity(o.length), out = new Array(len);
  for (let i = 0; i < len; i++) out[i] = o[len - 1 - i];
  return out;
});
define(Array.prototype, 'toSorted', function toSorted(compareFn) {
  if (compareFn !== undefined) requireCallable(compareFn);
  return Array.prototype.slice.call(this).sort(compareFn);
});
define(Array.prototype, 'toSpliced', function toSpliced(start, skipCount, ...items) {
  const copy = Array.prototype.slice.call(this);
  const len = copy.length;
  const actualStart = relativeIndex(start, len, 0);
  const count = arguments.length === 0 ? 0 : arguments.length === 1 ? len - actualStart
    : Math.min(Math.max(toIntegerOrInfinity(skipCount), 0), len - actualStart);
  copy.splice(actualStart, count, ...items);
  return copy;
});
define(Array.prototype, 'with', function with_(index, value) {
  const copy = Array.prototype.slice.call(this);
  const rel = toIntegerOrInfinity(index);
  const actual = rel >= 0 ? rel : copy.length + rel;
  if (actual >= copy.length || actual < 0) throw new RangeError('Invalid index : ' + index);
  copy[actual] = value;
  return copy;
});
define(TypedArray.prototype, 'toReversed', function toReversed() {
  return this.slice().reverse();
});
define(TypedArray.prototype, 'toSorted', function toSorted(compareFn) {
  if (compareFn !== undefined) requireCallable(compareFn);
  return this.slice().sort(compareFn);
});
define(TypedArray.prototype, 'with', function with_(index, value) {
  const copy = this.slice();
  const rel = toIntegerOrInfinity(index);
  const actual = rel >= 0 ? rel : copy.length + rel;
  if (actual >= copy.length || actual < 0) throw new RangeError('Invalid typed array index');
  copy[actual] = value;
  return copy;
});

// ES2024 well-formed Unicode strings.
define(String.prototype, 'isWellFormed', function isWellFormed() {
  return !/\p{Surrogate}/u.test(String(this));
});
define(String.prototype, 'toWellFormed', function toWellFormed() {
  return String(this).replace(/\p{Surrogate}/gu, '\uFFFD');
});

// ES2025 Set methods. `other` is a set-like: size, has(), keys().
const getSetRecord = (other) => {
  if (other === null || typeof other !== 'object') throw new TypeError('The argument must be an object');
  const size = Number(other.size);
  if (Number.isNaN(size)) throw new TypeError("The 'size' property must be a number");
  requireCallable(other.has);
  requireCallable(other.keys);
  return { size: toIntegerOrInfinity(size), has: (v) => other.has(v), keys: () => other.keys() };
};
const iterate = function* (iterator) {
  for (let r = iterator.next(); !r.done; r = iterator.next()) yield r.value;
};
define(Set.prototype, 'union', function union(other) {
  const rec = getSetRecord(other), out = new Set(this);
  for (const v of iterate(rec.keys())) out.add(v);
  return out;
});
define(Set.prototype, 'intersection', function intersection(other) {
  const rec = getSetRecord(other), out = new Set();
  if (this.size <= rec.size) {
    for (const v of this) if (rec.has(v)) out.add(v);
  } else {
    for (const v of iterate(rec.keys())) if (this.has(v)) out.add(v);
  }
  return out;
});
define(Set.prototype, 'difference', function difference(other) {
  const rec = getSetRecord(other), out = new Set(this);
  for (const v of this) if (rec.has(v)) out.delete(v);
  return out;
});
define(Set.prototype, 'symmetricDifference', function symmetricDifference(other) {
  const rec = getSetRecord(other), out = new Set(this);
  for (const v of iterate(rec.keys())) {
    if (this.has(v)) out.delete(v); else out.add(v);
  }
  return out;
});
define(Set.prototype, 'isSubsetOf', function isSubsetOf(other) {
  const rec = getSetRecord(other);
  if (this.size > rec.size) return false;
  for (const v of this) if (!rec.has(v)) return false;
  return true;
});
define(Set.prototype, 'isSupersetOf', function isSupersetOf(other) {
  const rec = getSetRecord(other);
  if (this.size < rec.size) return false;
  for (const v of iterate(rec.keys())) if (!this.has(v)) return false;
  return true;
});
define(Set.prototype, 'isDisjointFrom', function isDisjointFrom(other) {
  const rec = getSetRecord(other);
  for (const v of this) if (rec.has(v)) return false;
  return true;
});
