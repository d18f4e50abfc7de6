'use strict';
// node:crypto's generatePrime / generatePrimeSync and checkPrime / checkPrimeSync with Node's
// options and messages. Like workerd, `add` and `rem` may only be one of the pairs DH parameters
// use (12/11, 24/23, 60/59): other pairs can send OpenSSL's search into an endless loop. The
// callback forms compute now and call back on a microtask, as the rest of node:crypto here.
// The native side is src/api/crypto/node_prime_ops.cc.

const {
  ArrayBuffer, ArrayBufferIsView, BigInt, NumberIsInteger, RangeError, Uint8Array,
} = primordials;
const { nodeErrors, Buffer } = internals;
const { callBack } = internals.nodeCrypto;

const kPrimeTypes = 'of type bigint or an instance of ArrayBuffer, TypedArray, Buffer, or DataView';
// Largest standard DH group (modp18), workerd's limit for a candidate.
const kMaxCandidateBytes = 8192 / 8;
const kAddRemPairs = [[12n, 11n], [24n, 23n], [60n, 59n]];

function validateInt32(value, name, min) {
  if (typeof value !== 'number') throw nodeErrors.invalidArgType(name, 'of type number', value);
  if (!NumberIsInteger(value)) throw nodeErrors.outOfRange(name, 'an integer', value);
  if (value < min || value > 2 ** 31 - 1) throw nodeErrors.outOfRange(name, `>= ${min} && <= 2147483647`, value);
}

function validateBoolean(value, name) {
  if (typeof value !== 'boolean') throw nodeErrors.invalidArgType(name, 'of type boolean', value);
}

// An unsigned bigint or bytes as big-endian bytes.
function primeBytes(value, name) {
  if (typeof value === 'bigint') {
    if (value < 0n) throw nodeErrors.outOfRange(name, '>= 0', value);
    const hex = value.toString(16);
    return Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
  }
  if (ArrayBufferIsView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  throw nodeErrors.invalidArgType(name, kPrimeTypes, value);
}

const toBigInt = (bytes) => (bytes.byteLength ? BigInt(`0x${Buffer.from(bytes).toString('hex')}`) : 0n);

function generateOptions(options) {
  internals.validateObject(options, 'options');
  const { safe = false, bigint = false } = options;
  validateBoolean(safe, 'options.safe');
  validateBoolean(bigint, 'options.bigint');
  const add = options.add === undefined ? undefined : primeBytes(options.add, 'options.add');
  const rem = options.rem === undefined ? undefined : primeBytes(options.rem, 'options.rem');
  return { safe, bigint, add, rem };
}

// The prime as an ArrayBuffer, or a bigint when asked.
function generate(size, { safe, bigint, add, rem }) {
  // Without `add`, OpenSSL ignores `rem`.
  if (add !== undefined) {
    const addValue = toBigInt(add);
    const remValue = rem === undefined ? undefined : toBigInt(rem);
    if (!kAddRemPairs.some(([a, r]) => a === addValue && r === remValue)) {
      throw new RangeError('Invalid values for add and rem');
    }
    if (addValue.toString(2).length > size) {
      throw new RangeError('options.add must not be bigger than size of the requested prime');
    }
  }
  const prime = ops.cryptoNodeGeneratePrime(size, safe, add, add === undefined ? undefined : rem);
  return bigint ? toBigInt(new Uint8Array(prime)) : prime;
}

function generatePrimeSync(size, options = {}) {
  validateInt32(size, 'size', 1);
  return generate(size, generateOptions(options));
}

function generatePrime(size, options, callback) {
  validateInt32(size, 'size', 1);
  if (typeof options === 'function') [callback, options] = [options, {}];
  internals.validateFunction(callback, 'callback');
  const parsed = generateOptions(options);
  callBack(callback, () => generate(size, parsed));
}

function checkOptions(options) {
  internals.validateObject(options, 'options');
  const { checks = 0 } = options;
  // Node passes `checks` to OpenSSL as the number of Miller-Rabin rounds; OpenSSL 3's
  // BN_check_prime always runs enough for a false-positive rate below 2^-128, which no count
  // a Worker could ask for improves on.
  validateInt32(checks, 'options.checks', 0);
}

function check(bytes) {
  if (bytes.byteLength > kMaxCandidateBytes) throw new RangeError('checkPrime candidate exceeds maximum size');
  return ops.cryptoNodeCheckPrime(bytes);
}

function checkPrimeSync(candidate, options = {}) {
  const bytes = primeBytes(candidate, 'candidate');
  checkOptions(options);
  return check(bytes);
}

function checkPrime(candidate, options, callback) {
  const bytes = primeBytes(candidate, 'candidate');
  if (typeof options === 'function') [callback, options] = [options, {}];
  internals.validateObject(options, 'options');
  internals.validateFunction(callback, 'callback');
  checkOptions(options);
  callBack(callback, () => check(bytes));
}

internals.nodeCrypto.prime = { generatePrime, generatePrimeSync, checkPrime, checkPrimeSync };
