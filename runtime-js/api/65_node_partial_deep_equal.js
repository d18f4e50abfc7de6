'use strict';
// assert.partialDeepStrictEqual's comparison, as Workers answers it: `expected` describes a part
// of `actual`. Objects need expected's own enumerable keys (values compared the same way), Sets
// and Maps expected's entries, arrays and typed arrays expected's elements as a prefix of
// actual's; everything else is as in deepStrictEqual (Object.is for primitives, same prototype).

const {
  ObjectIs, ObjectGetPrototypeOf, ObjectKeys, ObjectGetOwnPropertySymbols, ArrayIsArray,
  ObjectPrototypePropertyIsEnumerable, ObjectPrototypeToString, ObjectPrototypeHasOwnProperty, SafeMap, SafeSet,
  RegExpPrototypeExec, ArrayPrototypePush, Uint8Array: Uint8ArrayCtor,
} = primordials;
const types = internals.nodeUtilTypes;
const kIndex = /^\d+$/;

function expectedKeys(value, skipIndices) {
  const keys = [];
  for (const key of ObjectKeys(value)) {
    if (!skipIndices || RegExpPrototypeExec(kIndex, key) === null) ArrayPrototypePush(keys, key);
  }
  for (const symbol of ObjectGetOwnPropertySymbols(value)) {
    if (ObjectPrototypePropertyIsEnumerable(value, symbol)) ArrayPrototypePush(keys, symbol);
  }
  return keys;
}

function keysContained(actual, expected, memo, skipIndices) {
  for (const key of expectedKeys(expected, skipIndices)) {
    if (!ObjectPrototypeHasOwnProperty(actual, key) || !ObjectPrototypePropertyIsEnumerable(actual, key)) return false;
    if (!isPartial(actual[key], expected[key], memo)) return false;
  }
  return true;
}

function bytesPrefix(actual, expected) {
  if (expected.byteLength > actual.byteLength) return false;
  const x = new Uint8ArrayCtor(actual.buffer, actual.byteOffset, actual.byteLength);
  const y = new Uint8ArrayCtor(expected.buffer, expected.byteOffset, expected.byteLength);
  for (let i = 0; i < y.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

// Each expected member has a distinct actual member it is a part of.
function setContained(actual, expected, memo) {
  const used = new SafeSet();
  for (const value of expected) {
    if (value === null || typeof value !== 'object') {
      if (!actual.has(value)) return false;
      continue;
    }
    let found = false;
    for (const candidate of actual) {
      if (used.has(candidate) || !isPartial(candidate, value, memo)) continue;
      used.add(candidate);
      found = true;
      break;
    }
    if (!found) return false;
  }
  return true;
}

function mapContained(actual, expected, memo) {
  for (const [key, value] of expected) {
    if (key === null || typeof key !== 'object') {
      if (!actual.has(key) || !isPartial(actual.get(key), value, memo)) return false;
      continue;
    }
    let found = false;
    for (const [candidateKey, candidateValue] of actual) {
      if (internals.isDeepStrictEqual(candidateKey, key) && isPartial(candidateValue, value, memo)) {
        found = true;
        break;
      }
    }
    if (!found) return false;
  }
  return true;
}

function isPartial(actual, expected, memo = new SafeMap()) {
  if (actual === expected) return actual !== 0 || ObjectIs(actual, expected);
  if (actual === null || typeof actual !== 'object' || expected === null || typeof expected !== 'object') {
    return ObjectIs(actual, expected);
  }
  if (ObjectGetPrototypeOf(actual) !== ObjectGetPrototypeOf(expected)) return false;
  if (ObjectPrototypeToString(actual) !== ObjectPrototypeToString(expected)) return false;
  if (ArrayIsArray(actual) !== ArrayIsArray(expected)) return false;

  // A pair already being compared is taken as matching (cycles).
  let seen = memo.get(actual);
  if (seen?.has(expected)) return true;
  if (seen === undefined) memo.set(actual, seen = new SafeSet());
  seen.add(expected);

  if (ArrayIsArray(actual)) {
    if (expected.length > actual.length) return false;
    for (let i = 0; i < expected.length; i++) {
      if (!ObjectPrototypeHasOwnProperty(expected, i)) continue;
      if (!isPartial(actual[i], expected[i], memo)) return false;
    }
    return keysContained(actual, expected, memo, true);
  }
  if (types.isArrayBufferView(actual)) {
    return bytesPrefix(actual, expected) && keysContained(actual, expected, memo, true);
  }
  if (types.isDate(actual)) {
    if (actual.getTime() !== expected.getTime()) return false;
  } else if (types.isRegExp(actual)) {
    if (actual.source !== expected.source || actual.flags !== expected.flags) return false;
  } else if (types.isNativeError(actual)) {
    if (actual.message !== expected.message || actual.name !== expected.name) return false;
  } else if (types.isBoxedPrimitive(actual)) {
    if (!ObjectIs(actual.valueOf(), expected.valueOf())) return false;
  } else if (types.isAnyArrayBuffer(actual)) {
    return bytesPrefix(new Uint8ArrayCtor(actual), new Uint8ArrayCtor(expected));
  } else if (types.isSet(actual)) {
    if (!setContained(actual, expected, memo)) return false;
  } else if (types.isMap(actual)) {
    if (!mapContained(actual, expected, memo)) return false;
  }
  return keysContained(actual, expected, memo, false);
}

internals.isPartialDeepStrictEqual = (actual, expected) => isPartial(actual, expected);
