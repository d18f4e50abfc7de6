// URLPattern (runtime-js/api/06_urlpattern*.js). Run by `edged test`: every export
// `{ async test() {} }` is a test case.
//
// Most cases are Web Platform Tests: tests/wpt/urlpattern/ holds WPT's urlpattern/ files
// unmodified (see its README). WPT's scripts run here as modules under a small stand-in for
// testharness.js, installed on globalThis while they load; a subtest not listed in
// tests/wpt/urlpattern/expectations.json must pass, and a listed one must still fail.

import expectationsText from '../wpt/urlpattern/expectations.json';
import testDataText from '../wpt/urlpattern/resources/urlpatterntestdata.json';

const expectations = JSON.parse(expectationsText);

// ---------------------------------------------------------------------------------------------
// Plain checks

function assertEqual(actual, expected, message = '') {
  if (!Object.is(actual, expected)) {
    throw new Error(`${message ? message + ': ' : ''}expected ${show(expected)}, ` +
      `got ${show(actual)}`);
  }
}

function assertThrows(fn, ErrorType, expectedMessage, message = '') {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof ErrorType)) {
      throw new Error(`${message}: expected ${ErrorType.name}, got ${show(e)}`);
    }
    if (expectedMessage !== undefined) assertEqual(e.message, expectedMessage, message);
    return;
  }
  throw new Error(`${message}: expected ${ErrorType.name}, nothing was thrown`);
}

function show(value) {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  try {
    return JSON.stringify(value, (k, v) => (v === undefined ? '<undefined>' : v)) ??
      String(value);
  } catch {
    return String(value);
  }
}

// ---------------------------------------------------------------------------------------------
// A stand-in for testharness.js, enough for WPT's urlpattern/ scripts.

class AssertionError extends Error {}

// testharness.js's assert_object_equals: the same own enumerable properties, objects compared
// member by member, everything else with SameValue.
function objectEquals(actual, expected) {
  if (typeof actual !== 'object' || actual === null) return false;
  for (const key in actual) {
    if (!Object.hasOwn(expected, key)) return false;
  }
  for (const key in expected) {
    if (!Object.hasOwn(actual, key)) return false;
    const a = actual[key];
    const e = expected[key];
    if (typeof e === 'object' && e !== null) {
      if (!objectEquals(a, e)) return false;
    } else if (!Object.is(a, e)) {
      return false;
    }
  }
  return true;
}

const harness = {
  assert_equals(actual, expected, description = '') {
    if (!Object.is(actual, expected)) {
      throw new AssertionError(`assert_equals: ${description} expected ${show(expected)} ` +
        `but got ${show(actual)}`);
    }
  },
  assert_true(actual, description = '') {
    if (actual !== true) throw new AssertionError(`assert_true: ${description}`);
  },
  assert_false(actual, description = '') {
    if (actual !== false) throw new AssertionError(`assert_false: ${description}`);
  },
  assert_implements(condition, description = '') {
    if (!condition) throw new AssertionError(`assert_implements: ${description}`);
  },
  assert_object_equals(actual, expected, description = '') {
    if (!objectEquals(actual, expected)) {
      throw new AssertionError(`assert_object_equals: ${description} expected ` +
        `${show(expected)} but got ${show(actual)}`);
    }
  },
  assert_throws_js(constructor, func, description = '') {
    try {
      func();
    } catch (e) {
      if (e === null || typeof e !== 'object' || e.constructor !== constructor) {
        throw new AssertionError(`assert_throws_js: ${description} expected ` +
          `${constructor.name} but got ${show(e)}`);
      }
      return;
    }
    throw new AssertionError(`assert_throws_js: ${description} did not throw`);
  },
};

// What the scripts fetch, by the relative URL they use.
const resources = { 'resources/urlpatterntestdata.json': testDataText };

// Loads WPT script `path` (relative to tests/wpt/urlpattern/) with the harness on globalThis,
// runs what it registered and returns [{ name, error }] with error null for a pass.
async function runWPTScript(path) {
  const results = [];
  const promiseTests = [];
  const record = (name, error) => results.push({ name, error });
  const globals = {
    ...harness,
    test(fn, name) {
      try {
        fn();
        record(name, null);
      } catch (e) {
        record(name, e);
      }
    },
    promise_test(fn, name) {
      promiseTests.push({ fn, name });
    },
    fetch: async (url) => {
      if (!(url in resources)) throw new Error(`no such test resource: ${url}`);
      return { json: async () => JSON.parse(resources[url]) };
    },
  };
  const saved = {};
  for (const key of Object.keys(globals)) {
    saved[key] = Object.getOwnPropertyDescriptor(globalThis, key);
    globalThis[key] = globals[key];
  }
  try {
    try {
      await import(`../wpt/urlpattern/${path}`);
    } catch (e) {
      record(`${path} (script body)`, e);
    }
    for (const { fn, name } of promiseTests) {
      try {
        await fn();
        record(name, null);
      } catch (e) {
        record(name, e);
      }
    }
  } finally {
    for (const key of Object.keys(saved)) {
      if (saved[key] === undefined) delete globalThis[key];
      else Object.defineProperty(globalThis, key, saved[key]);
    }
  }
  return results;
}

// Checks results against expectations.json (test file -> { subtest: reason }), logs the
// counts, throws on any surprise.
function judge(file, results) {
  const known = expectations[file] ?? {};
  let passed = 0;
  let expectedFailures = 0;
  const problems = [];
  for (const { name, error } of results) {
    const reason = known[name];
    if (error === null) {
      passed++;
      if (reason !== undefined) problems.push(`now passes, remove it from expectations: ${name}`);
    } else if (reason !== undefined) {
      expectedFailures++;
    } else {
      problems.push(`FAIL ${name}\n    ${show(error)}`);
    }
  }
  console.log(`wpt urlpattern/${file}: ${passed}/${results.length} passed` +
    (expectedFailures ? `, ${expectedFailures} expected failures` : ''));
  if (problems.length > 0) {
    throw new Error(`wpt urlpattern/${file}: ${problems.length} unexpected results\n` +
      problems.join('\n'));
  }
  if (results.length === 0) throw new Error(`wpt urlpattern/${file}: no test ran`);
}

// WPT's file `file` loads `script` (its `// META: script=`).
const wpt = (file, script) => ({
  async test() {
    judge(file, await runWPTScript(script));
  },
});

export const wptURLPattern = wpt('urlpattern.any.js', 'resources/urlpatterntests.js');
export const wptHasRegExpGroups =
  wpt('urlpattern-hasregexpgroups.any.js', 'resources/urlpattern-hasregexpgroups-tests.js');

// ---------------------------------------------------------------------------------------------
// What WPT does not cover: Workers' error messages, WebIDL shapes, argument handling,
// robustness.

export const errorMessagesAreWorkers = {
  async test() {
    const failed = 'Failed to construct URLPattern';
    assertThrows(() => new URLPattern('/foo'), TypeError, failed, 'relative, no base');
    assertThrows(() => new URLPattern({ pathname: '/(foo' }), TypeError, failed, 'bad regexp');
    assertThrows(() => new URLPattern({ pathname: '/:' }), TypeError, failed, 'empty name');
    assertThrows(() => new URLPattern({ pathname: '/(a(b))' }), TypeError, failed,
      'capturing group inside a regexp');
    assertThrows(() => new URLPattern({ pathname: '/:a/:a' }), TypeError, failed,
      'duplicate name');
    assertThrows(() => new URLPattern({ protocol: 'ht tp' }), TypeError, failed, 'protocol');
    assertThrows(() => new URLPattern({ port: 'abc' }), TypeError, failed, 'port');
    assertThrows(() => new URLPattern({ hostname: 'a b' }), TypeError, failed, 'hostname');
    assertThrows(() => new URLPattern({ pathname: '/foo' }, 'https://example.com'), TypeError,
      failed, 'dictionary and a base URL');
    assertThrows(() => new URLPattern('/foo', 'not a url'), TypeError, failed, 'bad base');
    assertThrows(() => new URLPattern({}, 5), TypeError, failed, 'number as base URL');
    const pattern = new URLPattern({});
    assertThrows(() => pattern.test({ pathname: '/x' }, 'https://a'), TypeError,
      'Failed to test URLPattern', 'test: dictionary and a base URL');
    assertThrows(() => pattern.exec({ pathname: '/x' }, 'https://a'), TypeError,
      'Failed to exec URLPattern', 'exec: dictionary and a base URL');
    // Inputs that are not URLs match nothing: no error.
    assertEqual(pattern.test('nope'), false, 'unparsable URL');
    assertEqual(pattern.exec('/a', 'nope'), null, 'unparsable base URL');
    assertEqual(pattern.exec({ port: 'x' }), null, 'invalid port in a dictionary');
  },
};

export const webidlShapes = {
  async test() {
    assertEqual(Object.getOwnPropertyNames(URLPattern.prototype).join(),
      'constructor,protocol,username,password,hostname,port,pathname,search,hash,' +
      'hasRegExpGroups,test,exec', 'prototype members');
    assertEqual(URLPattern.length, 0, 'URLPattern.length');
    assertEqual(URLPattern.prototype.test.length, 0, 'test.length');
    assertEqual(URLPattern.prototype.exec.length, 0, 'exec.length');
    const pathname = Object.getOwnPropertyDescriptor(URLPattern.prototype, 'pathname');
    assertEqual(pathname.enumerable && pathname.configurable && pathname.set === undefined, true,
      'read-only enumerable attribute');
    assertEqual(Object.getOwnPropertyDescriptor(URLPattern.prototype, 'exec').enumerable, true,
      'enumerable operation');
    assertEqual(Object.prototype.toString.call(new URLPattern()), '[object URLPattern]');
    assertEqual(JSON.stringify(new URLPattern({ pathname: '/x' })), '{}', 'no own properties');
    const global = Object.getOwnPropertyDescriptor(globalThis, 'URLPattern');
    assertEqual(global.enumerable, false, 'global URLPattern is not enumerable');
    assertEqual(global.writable, true, 'global URLPattern is writable');
    for (const key of ['protocol', 'pathname', 'hasRegExpGroups']) {
      const { get } = Object.getOwnPropertyDescriptor(URLPattern.prototype, key);
      assertThrows(() => get.call({}), TypeError, 'Illegal invocation', `${key} getter`);
    }
    assertThrows(() => URLPattern.prototype.test.call(new URL('http://a/')), TypeError,
      'Illegal invocation', 'test on a URL');
    assertThrows(() => URLPattern({}), TypeError, undefined, 'URLPattern without new');
  },
};

export const argumentsConvertAsWorkers = {
  async test() {
    assertEqual(new URLPattern().pathname, '*', 'no input');
    assertEqual(new URLPattern(null).pathname, '*', 'null is an empty dictionary');
    assertEqual(new URLPattern({ pathname: 5 }).pathname, '5', 'members become strings');
    assertEqual(new URLPattern({ pathname: { toString: () => '/s' } }).pathname, '/s');
    assertEqual(new URLPattern({ pathname: '/x' }, undefined).pathname, '/x',
      'undefined second argument is no options');
    assertEqual(new URLPattern('https://a/x', undefined, {}).pathname, '/x',
      'undefined base URL is no base URL');
    const ignoring = new URLPattern('https://a/FOO', { ignoreCase: true });
    assertEqual(ignoring.pathname, '/FOO', 'pattern keeps its case');
    assertEqual(ignoring.test('https://a/foo'), true, 'ignoreCase');
    assertEqual(new URLPattern('https://a/FOO').test('https://a/foo'), false, 'case-sensitive');
    // workerd reads the dictionary members in this order.
    const seen = [];
    new URLPattern(new Proxy({}, { get(target, key) { seen.push(String(key)); } }));
    assertEqual(seen.join(), 'protocol,username,password,hostname,port,pathname,search,hash,' +
      'baseURL', 'member order');
    const mine = new RangeError('mine');
    assertThrows(() => new URLPattern({ get pathname() { throw mine; } }), RangeError, 'mine',
      'a throwing getter goes through');
    assertThrows(() => new URLPattern({ pathname: Symbol('s') }), TypeError, undefined,
      'a symbol member');
    assertThrows(() => new URLPattern({}).test({ get search() { throw mine; } }), RangeError,
      'mine', 'a throwing getter of test()');
  },
};

export const execResultsLookLikeWorkers = {
  async test() {
    const pattern = new URLPattern({ pathname: '/books/:id(\\d+)/:rest*' });
    const input = { pathname: '/books/42/a/b' };
    const result = pattern.exec(input);
    assertEqual(Object.keys(result).join(),
      'inputs,protocol,username,password,hostname,port,pathname,search,hash', 'result keys');
    assertEqual(result.inputs.length, 1, 'one input');
    assertEqual(result.inputs[0] === input, false, 'the dictionary is copied');
    assertEqual(result.inputs[0].pathname, '/books/42/a/b');
    assertEqual(show(result.pathname),
      show({ input: '/books/42/a/b', groups: { id: '42', rest: 'a/b' } }), 'pathname');
    assertEqual(show(result.hostname), show({ input: '', groups: { 0: '' } }), 'wildcard');
    assertEqual(pattern.hasRegExpGroups, true, 'hasRegExpGroups');
    assertEqual(pattern.exec({ pathname: '/books/x' }), null, 'no match');
    const withBase = new URLPattern({ pathname: '/a/:b' }).exec('/a/c?q', 'https://x.test');
    assertEqual(withBase.inputs.join(), '/a/c?q,https://x.test', 'string inputs and base');
    assertEqual(withBase.search.input, 'q');
    // An optional group that did not match is undefined but present.
    const optional = new URLPattern({ pathname: '/a/:b?' }).exec({ pathname: '/a' });
    assertEqual('b' in optional.pathname.groups && optional.pathname.groups.b === undefined,
      true, 'unmatched optional group');
    const full = new URLPattern('https://:sub.example.com/:p*');
    assertEqual(full.hostname, ':sub.example.com');
    assertEqual(full.port, '', 'a hostname without a port is the default port');
    assertEqual(full.search, '*');
    assertEqual(full.exec('https://api.example.com/x/y').hostname.groups.sub, 'api');
    assertEqual(full.test('https://api.example.com:8443/x'), false, 'other port');
  },
};

export const patchedBuiltinsDoNotBreakMatching = {
  async test() {
    const boom = () => {
      throw new Error('patched built-in called');
    };
    const patches = [
      [Array.prototype, ['push', 'slice', 'join', Symbol.iterator]],
      [String.prototype, ['charCodeAt', 'codePointAt', 'slice', 'toLowerCase', 'lastIndexOf']],
      [RegExp.prototype, ['exec', 'test', Symbol.match, Symbol.replace]],
    ];
    const saved = [];
    for (let i = 0; i < patches.length; i++) {
      const [object, keys] = patches[i];
      for (let j = 0; j < keys.length; j++) {
        saved[saved.length] = [object, keys[j], Object.getOwnPropertyDescriptor(object, keys[j])];
      }
    }
    // A setter on Object.prototype for a group name must not see the group.
    Object.defineProperty(Object.prototype, 'id', { set: boom, configurable: true });
    try {
      for (let i = 0; i < saved.length; i++) {
        Object.defineProperty(saved[i][0], saved[i][1],
          { value: boom, writable: true, configurable: true });
      }
      const pattern = new URLPattern('https://*.Example.com/items/:id(\\d+){/:__proto__}?');
      assertEqual(pattern.hostname, '*.example.com');
      const result = pattern.exec('https://shop.example.com/items/7/x');
      assertEqual(result.pathname.groups.id, '7');
      assertEqual(Object.getOwnPropertyDescriptor(result.pathname.groups, '__proto__').value, 'x',
        'a group named __proto__ is an own property');
      assertEqual(pattern.test({ hostname: 'a.example.com', pathname: '/items/8' }), false,
        'protocol missing');
      assertEqual(new URLPattern({ pathname: '/a/*' }, { ignoreCase: true })
        .test({ pathname: '/A/b' }), true);
    } finally {
      for (let i = saved.length - 1; i >= 0; i--) {
        Object.defineProperty(saved[i][0], saved[i][1], saved[i][2]);
      }
      delete Object.prototype.id;
    }
  },
};

// Regular expressions are 'v'-mode (V8 10.2 lacks the flag: 06_urlpattern_regexp.js rewrites
// them to 'u'-mode). Each case was checked against workerd.
export const regexpsHaveUnicodeSetsSyntax = {
  async test() {
    const cases = [
      ['/([[a-z]--[aeiou]])', { '/b': true, '/a': false, '/1': false }],
      ['/([\\d&&[0-1]])', { '/0': true, '/5': false }],
      ['/([^[a-c]--b])', { '/b': true, '/a': false, '/d': true }],
      ['/([[a-z][0-9]])', { '/b': true, '/5': true, '/-': false }],
      ['/([\\w--\\d])', { '/a': true, '/1': false, '/_': true }],
      ['/([a\\q{bc}])', { '/bc': true, '/a': true, '/b': false }],
      ['/([\\q{}a])', { '/': true, '/a': true }],
      ['/([\\&])', { '/&': true }],
      ['/([\\b])', { '/\b': false }],
      ['/([])', { '/': false }],
      ['/([^])', { '/x': true }],
    ];
    for (const [pathname, inputs] of cases) {
      const pattern = new URLPattern({ pathname });
      for (const [input, expected] of Object.entries(inputs)) {
        assertEqual(pattern.test({ pathname: input }), expected, `${pathname} on ${input}`);
      }
    }
    // Classes 'v' rejects, though 'u' would take them.
    for (const pathname of ['/([(])', '/([a-])', '/([--])', '/([!!])', '/([a-z&&[^a]])',
      '/([^\\q{ab}])']) {
      assertThrows(() => new URLPattern({ pathname }), TypeError,
        'Failed to construct URLPattern', pathname);
    }
    assertEqual(new URLPattern({ pathname: '/([A-Z])' }, { ignoreCase: true })
      .test({ pathname: '/a' }), true, 'ignoreCase');
  },
};
