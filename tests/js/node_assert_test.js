// node:assert and node:assert/strict (runtime-js/api/69_node_assert.js). Checked by hand here
// (not with assert itself), with the examples of Node's documentation.
import assert, { AssertionError } from 'node:assert';
import strict from 'node:assert/strict';
import { Buffer } from 'node:buffer';

// The error fn throws, or null.
function thrown(fn) {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return null;
}
async function rejected(promise) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return null;
}
function check(condition, what) {
  if (!condition) throw new Error(`check failed: ${what}`);
}

export const passingAssertionsDoNotThrow = {
  async test() {
    check(thrown(() => {
      assert(true);
      assert.ok(1);
      assert.equal(1, '1');
      assert.notEqual(1, 2);
      assert.strictEqual(1, 1);
      assert.notStrictEqual(1, '1');
      assert.deepEqual({ a: 1 }, { a: '1' });
      assert.deepStrictEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] });
      assert.notDeepStrictEqual({ a: 1 }, { a: '1' });
      assert.match('I will pass', /pass/);
      assert.doesNotMatch('I will pass', /fail/);
      assert.ifError(null);
      assert.doesNotThrow(() => {});
    }) === null, 'no assertion threw');
    check(await rejected(assert.rejects(Promise.reject(new Error('x')), Error)) === null, 'rejects');
    check(await rejected(assert.doesNotReject(Promise.resolve(1))) === null, 'doesNotReject');
  },
};

export const failuresAreAssertionErrors = {
  test() {
    const error = thrown(() => assert.strictEqual(1, 2));
    check(error instanceof AssertionError, 'instance of AssertionError');
    check(error instanceof Error, 'an Error');
    check(error.name === 'AssertionError', `name ${error.name}`);
    check(error.code === 'ERR_ASSERTION', `code ${error.code}`);
    check(error.actual === 1 && error.expected === 2, 'actual and expected');
    check(error.operator === 'strictEqual', `operator ${error.operator}`);
    check(error.generatedMessage === true, 'generated message');
    check(error.message === 'Expected values to be strictly equal:\n\n1 !== 2\n', JSON.stringify(error.message));
    const custom = thrown(() => assert.equal(1, 2, 'my message'));
    check(custom.message === 'my message' && custom.generatedMessage === false, 'custom message');
    const own = new TypeError('mine');
    check(thrown(() => assert.ok(false, own)) === own, 'an Error as message is thrown as is');
    check(thrown(() => assert.ok(0)).message.includes('falsy'), 'ok(0)');
    check(thrown(() => assert.deepStrictEqual({ a: 1 }, { a: '1' })) instanceof AssertionError, 'deepStrictEqual');
    check(thrown(() => assert.deepEqual({ a: 1 }, { a: 2 })) instanceof AssertionError, 'deepEqual');
    check(thrown(() => assert.notDeepStrictEqual([1], [1])) instanceof AssertionError, 'notDeepStrictEqual');
    check(thrown(() => assert.match('I will fail', /pass/)) instanceof AssertionError, 'match');
    check(thrown(() => assert.ifError(new Error('boom'))).message === 'ifError got unwanted exception: boom', 'ifError');
    check(thrown(() => assert.fail('boom')).message === 'boom', 'fail');
    check(thrown(() => assert.fail()).message === 'Failed', 'fail()');
    const made = new AssertionError({ actual: 1, expected: 2, operator: 'strictEqual' });
    check(made.message.startsWith('Expected values to be strictly equal'), made.message);
  },
};

export const throwsChecksTheError = {
  test() {
    const err = () => { throw new TypeError('Wrong value'); };
    check(thrown(() => assert.throws(err, TypeError)) === null, 'class');
    check(thrown(() => assert.throws(err, /^TypeError: Wrong value$/)) === null, 'regexp');
    check(thrown(() => assert.throws(err, { name: 'TypeError', message: 'Wrong value' })) === null, 'object');
    check(thrown(() => assert.throws(err, { message: /Wrong/ })) === null, 'object with regexp');
    check(thrown(() => assert.throws(err, (e) => e instanceof TypeError && /value/.test(e))) === null, 'function');
    check(thrown(() => assert.throws(() => {})).message === 'Missing expected exception.', 'missing');
    check(thrown(() => assert.throws(() => {}, TypeError)).message === 'Missing expected exception (TypeError).', 'missing named');
    check(thrown(() => assert.throws(err, RangeError)).message.startsWith(
      'The error is expected to be an instance of "RangeError". Received "TypeError"'), 'other class');
    check(thrown(() => assert.throws(err, { message: 'other' })) instanceof AssertionError, 'object mismatch');
    check(thrown(() => assert.doesNotThrow(err)) instanceof AssertionError, 'doesNotThrow');
  },
};

export const rejectsChecksTheRejection = {
  async test() {
    check(await rejected(assert.rejects(async () => { throw new TypeError('Wrong value'); },
      { name: 'TypeError', message: 'Wrong value' })) === null, 'object');
    check((await rejected(assert.rejects(Promise.resolve(1)))).message === 'Missing expected rejection.', 'missing');
    check(await rejected(assert.doesNotReject(Promise.reject(new Error('x')))) instanceof AssertionError, 'doesNotReject');
  },
};

export const strictModeIsStrict = {
  test() {
    check(strict.equal === strict.strictEqual, 'equal is strictEqual');
    check(strict.deepEqual === strict.deepStrictEqual, 'deepEqual is deepStrictEqual');
    check(thrown(() => strict.equal(1, '1')) instanceof AssertionError, 'strict equal');
    check(thrown(() => strict.deepEqual({ a: 1 }, { a: '1' })) instanceof AssertionError, 'strict deepEqual');
    check(assert.strict === strict, 'assert.strict');
  },
};

// Workers' answers: objects, Sets and Maps need expected's part; arrays and typed arrays need
// expected's elements as a prefix of actual's.
export const partialDeepStrictEqual = {
  test() {
    const passes = [
      [{ a: { b: { c: 1 } } }, { a: { b: { c: 1 } } }],
      [{ a: 1, b: 2, c: 3 }, { b: 2 }],
      [new Set([{ a: 1 }, { b: 1 }]), new Set([{ a: 1 }])],
      [new Map([['key1', 'value1'], ['key2', 'value2']]), new Map([['key2', 'value2']])],
      [123n, 123n], [NaN, NaN], [[1, 1, 2], [1, 1]], [[{ a: 1, b: 2 }], [{ a: 1 }]],
      [Buffer.from([1, 2, 3]), Buffer.from([1, 2])], [{ a: undefined }, {}],
      [new Date(1), new Date(1)], [/a/g, /a/g], [new Error('x'), new Error('x')],
    ];
    for (const [actual, expected] of passes) {
      check(thrown(() => assert.partialDeepStrictEqual(actual, expected)) === null, `passes: ${String(expected)}`);
      check(thrown(() => strict.partialDeepStrictEqual(actual, expected)) === null, 'strict passes');
    }
    const failures = [
      [[1, 2, 3, 4, 5, 6, 7, 8, 9], [4, 5, 8]], [[1, 2, 3, 4, 5, 6, 7, 8, 9], [5, 4, 8]],
      [{ a: 1 }, { a: 1, b: 2 }], [{ a: { b: 2 } }, { a: { b: '2' } }], [[1, 2], [1, 1]],
      [1, '1'], [0, -0], [new Set([1, 2]), new Set([3])], [{ a: [1, 2, 3] }, { a: [1, 3] }],
      [{}, { a: undefined }], [[1, 2, 3], { 0: 1 }], [new Uint8Array([1, 2, 3]), new Uint8Array([1, 3])],
      [Object.create(null), {}], [[1, [2, 3]], [[2]]],
    ];
    for (const [actual, expected] of failures) {
      const error = thrown(() => assert.partialDeepStrictEqual(actual, expected));
      check(error instanceof AssertionError, `fails: ${JSON.stringify(expected)}`);
      check(error.message === 'Expected actual to be partially deeply strictly equal to expected', error.message);
      check(error.operator === 'partialDeepStrictEqual' && error.generatedMessage === true, 'operator');
    }
    const custom = thrown(() => assert.partialDeepStrictEqual({ a: 1 }, { a: 2 }, 'custom'));
    check(custom.message === 'custom' && custom.generatedMessage === false, 'custom message');
    const missing = thrown(() => assert.partialDeepStrictEqual({ a: 1 }));
    check(missing.code === 'ERR_MISSING_ARGS' && missing.message === 'The "actual" and "expected" arguments must be specified', missing.message);
  },
};
