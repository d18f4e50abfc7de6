'use strict';
// Deep equality as node:assert (deepEqual, deepStrictEqual) and util.isDeepStrictEqual define
// it: strict mode compares with Object.is, prototypes and own enumerable symbol keys; loose mode
// uses == for primitives. Cycles are handled with a memo of pairs being compared.

const {
  ObjectIs, ObjectGetPrototypeOf, ObjectKeys, ObjectGetOwnPropertySymbols, ArrayIsArray,
  ObjectPrototypePropertyIsEnumerable, ObjectPrototypeToString, SafeMap, NumberIsNaN,
} = primordials;
const types = internals.nodeUtilTypes;

function primitiveEqual(a, b, strict) {
  if (strict) return ObjectIs(a, b);
  // Loose: == for primitives, and NaN equals NaN (Node ≥ 18).
  // eslint-disable-next-line eqeqeq
  return a == b || (NumberIsNaN(a) && NumberIsNaN(b));
}

function ownKeys(value, strict) {
  const keys = ObjectKeys(value);
  if (strict) {
    for (const symbol of ObjectGetOwnPropertySymbols(value)) {
      if (ObjectPrototypePropertyIsEnumerable(value, symbol)) keys.push(symbol);
    }
  }
  return keys;
}

function isDeepEqual(a, b, strict, memo = new SafeMap()) {
  if (a === b) return a !== 0 || !strict || ObjectIs(a, b);
  const aObject = a !== null && typeof a === 'object';
  const bObject = b !== null && typeof b === 'object';
  if (!aObject || !bObject) {
    if (aObject || bObject || typeof a === 'function' || typeof b === 'function') return false;
    return primitiveEqual(a, b, strict);
  }
  if (strict && ObjectGetPrototypeOf(a) !== ObjectGetPrototypeOf(b)) return false;
  if (ObjectPrototypeToString(a) !== ObjectPrototypeToString(b)) return false;
  if (ArrayIsArray(a) !== ArrayIsArray(b)) return false;

  // A pair already being compared is assumed equal (cycles).
  let seen = memo.get(a);
  if (seen?.has(b)) return true;
  if (seen === undefined) memo.set(a, seen = new Set());
  seen.add(b);

  if (types.isDate(a)) {
    if (!types.isDate(b) || a.getTime() !== b.getTime()) return false;
  } else if (types.isRegExp(a)) {
    if (!types.isRegExp(b) || a.source !== b.source || a.flags !== b.flags ||
        a.lastIndex !== b.lastIndex) return false;
  } else if (types.isNativeError(a) || a instanceof Error) {
    if (a.message !== b.message || a.name !== b.name) return false;
  } else if (types.isBoxedPrimitive(a)) {
    if (!types.isBoxedPrimitive(b) || !ObjectIs(a.valueOf(), b.valueOf())) return false;
  } else if (types.isArrayBufferView(a)) {
    if (!types.isArrayBufferView(b) || a.byteLength !== b.byteLength) return false;
    if (!strict && (types.isFloat32Array(a) || types.isFloat64Array(a))) {
      for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    } else {
      const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
      const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
      for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
    }
    // Element-wise done; extra own keys still count below (index keys skipped).
    return keysEqual(a, b, strict, memo, (key) => !/^\d+$/.test(key));
  } else if (types.isAnyArrayBuffer(a)) {
    if (a.byteLength !== b.byteLength) return false;
    const x = new Uint8Array(a);
    const y = new Uint8Array(b);
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  } else if (types.isSet(a)) {
    if (!types.isSet(b) || a.size !== b.size || !setEqual(a, b, strict, memo)) return false;
  } else if (types.isMap(a)) {
    if (!types.isMap(b) || a.size !== b.size || !mapEqual(a, b, strict, memo)) return false;
  } else if (types.isWeakMap(a) || types.isWeakSet(a) || types.isPromise(a)) {
    return false;
  }
  return keysEqual(a, b, strict, memo, () => true);
}

function keysEqual(a, b, strict, memo, include) {
  const aKeys = ownKeys(a, strict).filter(include);
  const bKeys = ownKeys(b, strict).filter(include);
  if (aKeys.length !== bKeys.length) return false;
  for (const key of aKeys) {
    if (!ObjectPrototypePropertyIsEnumerable(b, key)) return false;
  }
  for (const key of aKeys) {
    if (!isDeepEqual(a[key], b[key], strict, memo)) return false;
  }
  return true;
}

function setEqual(a, b, strict, memo) {
  const pending = [];
  for (const value of a) {
    if (value !== null && typeof value === 'object') pending.push(value);
    else if (!b.has(value)) {
      if (strict) return false;
      pending.push(value);
    }
  }
  if (pending.length === 0) return true;
  const candidates = [...b].filter((value) => !(a.has(value) && (value === null || typeof value !== 'object')));
  for (const value of pending) {
    const index = candidates.findIndex((other) => isDeepEqual(value, other, strict, memo));
    if (index === -1) return false;
    candidates.splice(index, 1);
  }
  return true;
}

function mapEqual(a, b, strict, memo) {
  const pending = [];
  for (const [key, value] of a) {
    if (key !== null && typeof key === 'object') {
      pending.push([key, value]);
    } else if (b.has(key)) {
      if (!isDeepEqual(value, b.get(key), strict, memo)) return false;
    } else {
      if (strict) return false;
      pending.push([key, value]);
    }
  }
  if (pending.length === 0) return true;
  const candidates = [...b].filter(([key]) => !(a.has(key) && (key === null || typeof key !== 'object')));
  for (const [key, value] of pending) {
    const index = candidates.findIndex(([k, v]) =>
      isDeepEqual(key, k, strict, memo) && isDeepEqual(value, v, strict, memo));
    if (index === -1) return false;
    candidates.splice(index, 1);
  }
  return true;
}

internals.isDeepStrictEqual = (a, b) => isDeepEqual(a, b, true);
internals.isDeepLooseEqual = (a, b) => isDeepEqual(a, b, false);
