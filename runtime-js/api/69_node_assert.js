'use strict';
// node:assert and node:assert/strict: AssertionError with Node's code, operators and messages,
// ok/equal/deepEqual (loose and strict), throws/rejects/doesNotThrow/doesNotReject, match,
// ifError, fail. Deep comparisons come from 65_node_deep_equal.js.

const { ObjectIs, ReflectApply, RegExpPrototypeExec, ObjectKeys, Error } = primordials;
const { nodeErrors, isDeepStrictEqual, isDeepLooseEqual } = internals;
const inspect = (value) => internals.inspect(value, { depth: 3 });

const kReadableOperator = {
  deepStrictEqual: 'Expected values to be strictly deep-equal:',
  strictEqual: 'Expected values to be strictly equal:',
  deepEqual: 'Expected values to be loosely deep-equal:',
  notDeepStrictEqual: 'Expected "actual" not to be strictly deep-equal to:',
  notStrictEqual: 'Expected "actual" to be strictly unequal to:',
  notDeepEqual: 'Expected "actual" not to be loosely deep-equal to:',
  notIdentical: 'Values identical but not reference-equal:',
};

class AssertionError extends Error {
  constructor(options) {
    internals.validateObject(options, 'options');
    const { message, operator, stackStartFn } = options;
    let { actual, expected } = options;
    let text;
    if (message != null) {
      text = String(message);
    } else if (kReadableOperator[operator] !== undefined) {
      text = `${kReadableOperator[operator]}\n\n${inspect(actual)}\n\nshould ${operator.startsWith('not') ? 'not ' : ''}equal\n\n${inspect(expected)}`;
      if (operator === 'strictEqual' || operator === 'deepStrictEqual' || operator === 'deepEqual') {
        text = `${kReadableOperator[operator]}\n\n${inspect(actual)} !== ${inspect(expected)}\n`;
      } else if (operator.startsWith('not')) {
        text = `${kReadableOperator[operator]}\n\n${inspect(actual)}\n`;
      }
    } else {
      text = `${inspect(actual)} ${operator} ${inspect(expected)}`;
    }
    super(text);
    this.generatedMessage = message == null;
    this.code = 'ERR_ASSERTION';
    this.actual = actual;
    this.expected = expected;
    this.operator = operator;
    if (typeof Error.captureStackTrace === 'function') Error.captureStackTrace(this, stackStartFn);
  }
  get name() { return 'AssertionError'; }
}

function fail(actual, expected, message, operator, stackStartFn) {
  if (message instanceof Error) throw message;
  throw new AssertionError({ actual, expected, message, operator, stackStartFn });
}

function innerOk(fn, argLen, value, message) {
  if (value) return;
  if (argLen === 0) {
    message = 'No value argument passed to `assert.ok()`';
  } else if (message == null) {
    message = 'The expression evaluated to a falsy value:\n\n  assert.ok(' + inspect(value) + ')\n';
  }
  fail(value, true, message, '==', fn);
}

function makeAssert(strict) {
  function assert(...args) { innerOk(assert, args.length, ...args); }
  assert.ok = function ok(...args) { innerOk(ok, args.length, ...args); };
  assert.fail = function failMethod(message = 'Failed') {
    if (arguments.length >= 2) {
      return fail(arguments[0], arguments[1], arguments[2], arguments[3] ?? '!=', failMethod);
    }
    if (message instanceof Error) throw message;
    throw new AssertionError({ message, operator: 'fail', stackStartFn: failMethod });
  };
  assert.AssertionError = AssertionError;

  assert.strictEqual = function strictEqual(actual, expected, message) {
    if (!ObjectIs(actual, expected)) fail(actual, expected, message, 'strictEqual', strictEqual);
  };
  assert.notStrictEqual = function notStrictEqual(actual, expected, message) {
    if (ObjectIs(actual, expected)) fail(actual, expected, message, 'notStrictEqual', notStrictEqual);
  };
  assert.deepStrictEqual = function deepStrictEqual(actual, expected, message) {
    if (!isDeepStrictEqual(actual, expected)) fail(actual, expected, message, 'deepStrictEqual', deepStrictEqual);
  };
  assert.notDeepStrictEqual = function notDeepStrictEqual(actual, expected, message) {
    if (isDeepStrictEqual(actual, expected)) fail(actual, expected, message, 'notDeepStrictEqual', notDeepStrictEqual);
  };
  assert.partialDeepStrictEqual = function partialDeepStrictEqual(...args) {
    if (args.length < 2) throw nodeErrors.missingArgs('actual', 'expected');
    const [actual, expected, message] = args;
    if (internals.isPartialDeepStrictEqual(actual, expected)) return;
    if (message instanceof Error) throw message;
    const error = new AssertionError({ actual, expected, operator: 'partialDeepStrictEqual',
      message: message ?? 'Expected actual to be partially deeply strictly equal to expected',
      stackStartFn: partialDeepStrictEqual });
    error.generatedMessage = message === undefined;
    throw error;
  };
  if (strict) {
    assert.equal = assert.strictEqual;
    assert.notEqual = assert.notStrictEqual;
    assert.deepEqual = assert.deepStrictEqual;
    assert.notDeepEqual = assert.notDeepStrictEqual;
  } else {
    assert.equal = function equal(actual, expected, message) {
      // eslint-disable-next-line eqeqeq
      if (!(actual == expected || (actual !== actual && expected !== expected))) {
        fail(actual, expected, message, '==', equal);
      }
    };
    assert.notEqual = function notEqual(actual, expected, message) {
      // eslint-disable-next-line eqeqeq
      if (actual == expected || (actual !== actual && expected !== expected)) {
        fail(actual, expected, message, '!=', notEqual);
      }
    };
    assert.deepEqual = function deepEqual(actual, expected, message) {
      if (!isDeepLooseEqual(actual, expected)) fail(actual, expected, message, 'deepEqual', deepEqual);
    };
    assert.notDeepEqual = function notDeepEqual(actual, expected, message) {
      if (isDeepLooseEqual(actual, expected)) fail(actual, expected, message, 'notDeepEqual', notDeepEqual);
    };
  }

  assert.throws = function throws(fn, expected, message) {
    internals.validateFunction(fn, 'fn');
    const error = captureThrow(fn);
    if (error === kNoException) {
      failMissing(throws, expected, message, 'throw', 'exception');
    }
    checkExpected(error, expected, message, throws);
  };
  assert.rejects = async function rejects(promiseOrFn, expected, message) {
    const error = await captureRejection(promiseOrFn);
    if (error === kNoException) failMissing(rejects, expected, message, 'rejects', 'rejection');
    checkExpected(error, expected, message, rejects);
  };
  assert.doesNotThrow = function doesNotThrow(fn, expected, message) {
    internals.validateFunction(fn, 'fn');
    const error = captureThrow(fn);
    if (error !== kNoException) failUnwanted(doesNotThrow, error, expected, message, 'exception');
  };
  assert.doesNotReject = async function doesNotReject(promiseOrFn, expected, message) {
    const error = await captureRejection(promiseOrFn);
    if (error !== kNoException) failUnwanted(doesNotReject, error, expected, message, 'rejection');
  };
  assert.ifError = function ifError(value) {
    if (value === null || value === undefined) return;
    let message = 'ifError got unwanted exception: ';
    message += typeof value?.message === 'string' && value.message.length > 0 ? value.message : inspect(value);
    const error = new AssertionError({ actual: value, expected: null, operator: 'ifError', message, stackStartFn: ifError });
    error.generatedMessage = true;
    throw error;
  };
  assert.match = function match(string, regexp, message) {
    matches(string, regexp, message, true, match);
  };
  assert.doesNotMatch = function doesNotMatch(string, regexp, message) {
    matches(string, regexp, message, false, doesNotMatch);
  };
  return assert;
}

const kNoException = Symbol('no exception');
function captureThrow(fn) {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return kNoException;
}
async function captureRejection(promiseOrFn) {
  let promise = promiseOrFn;
  if (typeof promiseOrFn === 'function') {
    promise = promiseOrFn();
    if (promise === null || typeof promise?.then !== 'function') {
      throw nodeErrors.invalidArgType('promiseFn', 'of type Promise', promise);
    }
  } else if (promise === null || typeof promise?.then !== 'function') {
    throw nodeErrors.invalidArgType('promiseFn', 'one of type function or an instance of Promise', promiseOrFn);
  }
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return kNoException;
}

function failMissing(fn, expected, message, operator, what) {
  if (typeof expected === 'string') {
    message = expected;
    expected = undefined;
  }
  let details = '';
  if (typeof expected === 'function' && expected.name) details = ` (${expected.name})`;
  details += message ? `: ${message}` : '.';
  throw new AssertionError({ actual: undefined, expected, operator, message: `Missing expected ${what}${details}`, stackStartFn: fn });
}
function failUnwanted(fn, error, expected, message, what) {
  if (typeof expected === 'string') message = expected;
  else if (typeof expected === 'function' && !(error instanceof expected) && expected.prototype !== undefined) throw error;
  const details = message ? `: ${message}` : '.';
  throw new AssertionError({ actual: error, expected, operator: fn.name,
    message: `Got unwanted ${what}${details}\nActual message: "${error?.message}"`, stackStartFn: fn });
}

// expected: a RegExp tested against String(error), an Error class, a validation function
// returning true, or an object whose properties must match deeply.
function checkExpected(error, expected, message, fn) {
  if (expected === undefined || typeof expected === 'string') return;
  if (RegExpPrototypeExecSafe(expected)) {
    if (RegExpPrototypeExec(expected, String(error)) !== null) return;
    throw new AssertionError({ actual: error, expected, operator: fn.name, stackStartFn: fn,
      message: message ?? `The input did not match the regular expression ${inspect(expected)}. Input:\n\n${inspect(String(error))}\n` });
  }
  if (typeof expected === 'function') {
    if (expected.prototype !== undefined && error instanceof expected) return;
    if (Error.isPrototypeOf(expected) || expected === Error) {
      throw new AssertionError({ actual: error, expected, operator: fn.name, stackStartFn: fn,
        message: message ?? `The error is expected to be an instance of "${expected.name}". ` +
          `Received "${error?.constructor?.name}"\n\nError message:\n\n${error?.message}` });
    }
    if (ReflectApply(expected, {}, [error]) === true) return;
    throw new AssertionError({ actual: error, expected, operator: fn.name, stackStartFn: fn,
      message: message ?? `The ${expected.name ? `"${expected.name}" ` : ''}validation function is expected to return "true". Received ${inspect(ReflectApply(expected, {}, [error]))}` });
  }
  if (typeof expected === 'object' && expected !== null) {
    for (const key of ObjectKeys(expected)) {
      const want = expected[key];
      const got = error?.[key];
      const ok = RegExpPrototypeExecSafe(want) && typeof got === 'string'
        ? RegExpPrototypeExec(want, got) !== null : isDeepStrictEqual(got, want);
      if (!ok) {
        throw new AssertionError({ actual: error, expected, operator: fn.name, stackStartFn: fn,
          message: message ?? `Expected values to be strictly deep-equal:\n+ actual - expected\n\n  ${key}: ${inspect(got)} !== ${inspect(want)}` });
      }
    }
  }
}
const RegExpPrototypeExecSafe = (value) => internals.typeTests.isRegExp(value);

function matches(string, regexp, message, shouldMatch, fn) {
  if (!internals.typeTests.isRegExp(regexp)) throw nodeErrors.invalidArgType('regexp', 'an instance of RegExp', regexp);
  if (typeof string !== 'string' || (RegExpPrototypeExec(regexp, string) !== null) !== shouldMatch) {
    if (message instanceof Error) throw message;
    const text = message ?? (typeof string !== 'string'
      ? `The "string" argument must be of type string. Received type ${typeof string} (${inspect(string)})`
      : `The input ${shouldMatch ? 'did not match' : 'was expected to not match'} the regular expression ${inspect(regexp)}. Input:\n\n${inspect(string)}\n`);
    throw new AssertionError({ actual: string, expected: regexp, message: text,
      operator: fn.name, stackStartFn: fn });
  }
}

const assert = makeAssert(false);
const strict = makeAssert(true);
assert.strict = strict;
strict.strict = strict;

internals.builtinModules['node:assert'] = { ...assert, default: assert };
internals.builtinModules['node:assert/strict'] = { ...strict, default: strict };
