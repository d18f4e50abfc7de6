// URL and URLSearchParams (runtime-js/api/04_url_parser.js, 05_url.js). Run by `edged test`:
// every export `{ async test() {} }` is a test case.
//
// Most cases are Web Platform Tests: tests/wpt/url/ holds WPT's url/ test files and data as
// modules (see its README). They run here under a small stand-in for testharness.js; a case not
// listed in tests/wpt/url/expectations.js must pass, and a listed one must still fail.

import expectations from '../wpt/url/expectations.js';
import idnaTestV2Data from '../wpt/url/resources/IdnaTestV2.js';
import settersData from '../wpt/url/resources/setters_tests.js';
import toasciiData from '../wpt/url/resources/toascii.js';
import urltestdata from '../wpt/url/resources/urltestdata.js';
import historical from '../wpt/url/historical.any.js';
import idnaTestV2 from '../wpt/url/IdnaTestV2.window.js';
import urlConstructor from '../wpt/url/url-constructor.any.js';
import urlOrigin from '../wpt/url/url-origin.any.js';
import urlSearchParams from '../wpt/url/url-searchparams.any.js';
import urlSetters from '../wpt/url/url-setters.any.js';
import urlSettersStripping from '../wpt/url/url-setters-stripping.any.js';
import urlStaticsCanParse from '../wpt/url/url-statics-canparse.any.js';
import urlToJson from '../wpt/url/url-tojson.any.js';
import urlencodedParser from '../wpt/url/urlencoded-parser.any.js';
import searchParamsAppend from '../wpt/url/urlsearchparams-append.any.js';
import searchParamsConstructor from '../wpt/url/urlsearchparams-constructor.any.js';
import searchParamsDelete from '../wpt/url/urlsearchparams-delete.any.js';
import searchParamsForEach from '../wpt/url/urlsearchparams-foreach.any.js';
import searchParamsGet from '../wpt/url/urlsearchparams-get.any.js';
import searchParamsGetAll from '../wpt/url/urlsearchparams-getall.any.js';
import searchParamsHas from '../wpt/url/urlsearchparams-has.any.js';
import searchParamsSet from '../wpt/url/urlsearchparams-set.any.js';
import searchParamsSize from '../wpt/url/urlsearchparams-size.any.js';
import searchParamsSort from '../wpt/url/urlsearchparams-sort.any.js';
import searchParamsStringifier from '../wpt/url/urlsearchparams-stringifier.any.js';

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
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

// ---------------------------------------------------------------------------------------------
// A stand-in for testharness.js, enough for WPT's url/ tests.

class AssertionError extends Error {}

function sameValue(a, b) {
  return Object.is(a, b);
}

const assertions = {
  assert_equals(actual, expected, description = '') {
    if (!sameValue(actual, expected)) {
      throw new AssertionError(`assert_equals: ${description} expected ${show(expected)} ` +
        `but got ${show(actual)}`);
    }
  },
  assert_true(actual, description = '') {
    if (actual !== true) {
      throw new AssertionError(`assert_true: ${description} got ${show(actual)}`);
    }
  },
  assert_false(actual, description = '') {
    if (actual !== false) {
      throw new AssertionError(`assert_false: ${description} got ${show(actual)}`);
    }
  },
  assert_array_equals(actual, expected, description = '') {
    const ok = actual !== null && typeof actual === 'object' &&
      actual.length === expected.length &&
      Array.prototype.every.call(expected, (v, i) => sameValue(actual[i], v));
    if (!ok) {
      throw new AssertionError(`assert_array_equals: ${description} expected ` +
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
  assert_throws_dom(name, func, description = '') {
    try {
      func();
    } catch (e) {
      if (e === null || typeof e !== 'object' || e.name !== name ||
          (typeof DOMException === 'function' && !(e instanceof DOMException))) {
        throw new AssertionError(`assert_throws_dom: ${description} expected ${name} but ` +
          `got ${show(e)}`);
      }
      return;
    }
    throw new AssertionError(`assert_throws_dom: ${description} did not throw`);
  },
  assert_throws_exactly(value, func, description = '') {
    try {
      func();
    } catch (e) {
      if (!sameValue(e, value)) {
        throw new AssertionError(`assert_throws_exactly: ${description} expected ` +
          `${show(value)} but got ${show(e)}`);
      }
      return;
    }
    throw new AssertionError(`assert_throws_exactly: ${description} did not throw`);
  },
  assert_unreached(description = '') {
    throw new AssertionError(`assert_unreached: ${description}`);
  },
};

// What the tests fetch: the data files, already imported as modules.
const resources = {
  'resources/urltestdata.json': urltestdata,
  'resources/setters_tests.json': settersData,
  'resources/toascii.json': toasciiData,
  'resources/IdnaTestV2.json': idnaTestV2Data,
};

// Runs one WPT file; returns [{ name, error }] with error null for a pass.
async function runWPTFile(file, run) {
  const results = [];
  const promiseTests = [];
  const record = (name, error) => results.push({ name: name ?? file, error });
  const harness = {
    ...assertions,
    // A worker global: no window, no location.
    self: Object.create(globalThis, {
      GLOBAL: {
        value: { isWindow: () => false, isWorker: () => true, isShadowRealm: () => false },
      },
      location: { value: undefined },
    }),
    fetch: async (path) => {
      if (!(path in resources)) throw new Error(`no such test resource: ${path}`);
      return { json: async () => resources[path] };
    },
    done() {},
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
    // /common/subset-tests-by-key.js: every subset runs here.
    subsetTestByKey(key, testFunc, ...args) {
      return testFunc(...args);
    },
  };
  try {
    run(harness);
  } catch (e) {
    record(`${file} (file body)`, e);
  }
  for (const { fn, name } of promiseTests) {
    try {
      await fn();
      record(name, null);
    } catch (e) {
      record(name, e);
    }
  }
  return results;
}

// Why a case may fail: an entry of expectations.failures, or a `needs` entry whose global is
// missing. Returns undefined if the case must pass.
function expectedFailure(name) {
  const reason = expectations.failures[name];
  if (reason !== undefined) return reason;
  for (const need of expectations.needs) {
    if (name.startsWith(need.prefix) && !(need.global in globalThis)) {
      return `needs ${need.global}`;
    }
  }
  return undefined;
}

// Checks results against the expectations, logs the counts, throws on any surprise.
function judge(file, results) {
  let passed = 0;
  let expectedFailures = 0;
  const problems = [];
  for (const { name, error } of results) {
    const reason = expectedFailure(name);
    if (error === null) {
      passed++;
      if (reason !== undefined && name in expectations.failures) {
        problems.push(`now passes, remove it from expectations.js: ${name}`);
      }
    } else if (reason !== undefined) {
      expectedFailures++;
    } else {
      problems.push(`FAIL ${name}\n    ${show(error)}`);
    }
  }
  console.log(`wpt url/${file}: ${passed}/${results.length} passed` +
    (expectedFailures ? `, ${expectedFailures} expected failures` : ''));
  if (problems.length > 0) {
    throw new Error(`wpt url/${file}: ${problems.length} unexpected results\n` +
      problems.join('\n'));
  }
  if (results.length === 0) throw new Error(`wpt url/${file}: no test ran`);
}

const wpt = (file, run) => ({
  async test() {
    judge(file, await runWPTFile(file, run));
  },
});

// WPT toascii.window.js without its <a>/<area> halves (they need a document).
function runToAscii(harness) {
  const { test, assert_equals, assert_throws_js } = harness;
  for (const hostTest of toasciiData) {
    if (typeof hostTest === 'string') continue;
    const makeURL = () => new URL(`https://${hostTest.input}/x`);
    test(() => {
      if (hostTest.output !== null) {
        const url = makeURL();
        assert_equals(url.host, hostTest.output);
        assert_equals(url.hostname, hostTest.output);
        assert_equals(url.pathname, '/x');
        assert_equals(url.href, `https://${hostTest.output}/x`);
      } else {
        assert_throws_js(TypeError, makeURL);
      }
    }, `${hostTest.input} (using URL)`);
    for (const attribute of ['host', 'hostname']) {
      test(() => {
        const url = new URL('https://x/x');
        url[attribute] = hostTest.input;
        assert_equals(url[attribute], hostTest.output !== null ? hostTest.output : 'x');
      }, `${hostTest.input} (using URL.${attribute})`);
    }
  }
}

export const wptUrlConstructor = wpt('url-constructor.any.js', urlConstructor);
export const wptUrlOrigin = wpt('url-origin.any.js', urlOrigin);
export const wptUrlSetters = wpt('url-setters.any.js', urlSetters);
export const wptUrlSettersStripping = wpt('url-setters-stripping.any.js', urlSettersStripping);
export const wptUrlStaticsCanParse = wpt('url-statics-canparse.any.js', urlStaticsCanParse);
export const wptUrlToJson = wpt('url-tojson.any.js', urlToJson);
export const wptUrlSearchParams = wpt('url-searchparams.any.js', urlSearchParams);
export const wptToAscii = wpt('toascii.window.js (URL only)', runToAscii);
export const wptIdnaTestV2 = wpt('IdnaTestV2.window.js', idnaTestV2);
export const wptUrlencodedParser = wpt('urlencoded-parser.any.js', urlencodedParser);
export const wptSearchParamsAppend = wpt('urlsearchparams-append.any.js', searchParamsAppend);
export const wptSearchParamsConstructor =
  wpt('urlsearchparams-constructor.any.js', searchParamsConstructor);
export const wptSearchParamsDelete = wpt('urlsearchparams-delete.any.js', searchParamsDelete);
export const wptSearchParamsForEach = wpt('urlsearchparams-foreach.any.js', searchParamsForEach);
export const wptSearchParamsGet = wpt('urlsearchparams-get.any.js', searchParamsGet);
export const wptSearchParamsGetAll = wpt('urlsearchparams-getall.any.js', searchParamsGetAll);
export const wptSearchParamsHas = wpt('urlsearchparams-has.any.js', searchParamsHas);
export const wptSearchParamsSet = wpt('urlsearchparams-set.any.js', searchParamsSet);
export const wptSearchParamsSize = wpt('urlsearchparams-size.any.js', searchParamsSize);
export const wptSearchParamsSort = wpt('urlsearchparams-sort.any.js', searchParamsSort);
export const wptSearchParamsStringifier =
  wpt('urlsearchparams-stringifier.any.js', searchParamsStringifier);
export const wptHistorical = wpt('historical.any.js', historical);

// ---------------------------------------------------------------------------------------------
// What WPT does not cover: Workers' error messages, WebIDL shapes, robustness.

export const errorMessagesAreWorkers = {
  async test() {
    assertThrows(() => new URL('x'), TypeError, 'Invalid URL string.', 'relative, no base');
    assertThrows(() => new URL('x', 'y'), TypeError, 'Invalid URL string.', 'bad base');
    assertThrows(() => new URL('http://a b/'), TypeError, 'Invalid URL string.', 'bad host');
    const url = new URL('https://example.com/');
    assertThrows(() => { url.href = 'nope'; }, TypeError,
      "Failed to set the 'href' property on 'URL': the provided value is not of type " +
      "'valid URL string'.", 'href setter');
    assertEqual(url.href, 'https://example.com/', 'href unchanged after a failed set');
    assertThrows(() => new URLSearchParams([['a']]), TypeError,
      'Invalid URL search params sequence.', 'pair of one');
  },
};

export const missingArgumentsThrow = {
  async test() {
    const params = new URLSearchParams();
    assertThrows(() => params.append('a'), TypeError,
      "Failed to execute 'append' on 'URLSearchParams': 2 arguments required, but only 1 " +
      'present.', 'append');
    assertThrows(() => params.set(), TypeError,
      "Failed to execute 'set' on 'URLSearchParams': 2 arguments required, but only 0 " +
      'present.', 'set');
    assertThrows(() => params.get(), TypeError,
      "Failed to execute 'get' on 'URLSearchParams': 1 argument required, but only 0 present.",
      'get');
    for (const method of ['delete', 'getAll', 'has', 'forEach']) {
      assertThrows(() => params[method](), TypeError, undefined, method);
    }
    assertThrows(() => new URL(), TypeError,
      "Failed to construct 'URL': 1 argument required, but only 0 present.", 'new URL()');
    assertThrows(() => URL.canParse(), TypeError, undefined, 'URL.canParse()');
    assertThrows(() => URL.parse(), TypeError, undefined, 'URL.parse()');
    // An explicit undefined is an argument: it converts to "undefined".
    params.append('a', undefined);
    assertEqual(params.get('a'), 'undefined', 'explicit undefined');
  },
};

export const wrongThisThrows = {
  async test() {
    const urlProto = URL.prototype;
    for (const key of ['href', 'origin', 'protocol', 'host', 'pathname', 'searchParams']) {
      const { get } = Object.getOwnPropertyDescriptor(urlProto, key);
      assertThrows(() => get.call({}), TypeError, 'Illegal invocation', `URL ${key} getter`);
    }
    const { set } = Object.getOwnPropertyDescriptor(urlProto, 'search');
    assertThrows(() => set.call(new URLSearchParams(), '?a'), TypeError, 'Illegal invocation',
      'URL search setter');
    assertThrows(() => urlProto.toString.call(null), TypeError, 'Illegal invocation',
      'URL toString');
    const spProto = URLSearchParams.prototype;
    for (const key of ['append', 'get', 'sort', 'toString', 'entries', 'forEach']) {
      assertThrows(() => spProto[key].call(new URL('http://a/'), 'x', 'y'), TypeError,
        'Illegal invocation', `URLSearchParams ${key}`);
    }
    const iterator = new URLSearchParams('a=1').keys();
    assertThrows(() => iterator.next.call({}), TypeError, 'Illegal invocation', 'iterator next');
    assertThrows(() => URL('http://a/'), TypeError, undefined, 'URL without new');
  },
};

export const webidlShapes = {
  async test() {
    assertEqual(Object.prototype.toString.call(new URL('http://a/')), '[object URL]');
    assertEqual(Object.prototype.toString.call(new URLSearchParams()),
      '[object URLSearchParams]');
    const iterator = new URLSearchParams('a=1')[Symbol.iterator]();
    assertEqual(Object.prototype.toString.call(iterator), '[object URLSearchParams Iterator]');
    const iteratorProto = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));
    assertEqual(Object.getPrototypeOf(Object.getPrototypeOf(iterator)), iteratorProto,
      'iterator prototype chain');
    assertEqual(URL.length, 1, 'URL.length');
    assertEqual(URLSearchParams.length, 0, 'URLSearchParams.length');
    assertEqual(URLSearchParams.prototype.append.length, 2, 'append.length');
    assertEqual(URLSearchParams.prototype.delete.length, 1, 'delete.length');
    assertEqual(URLSearchParams.prototype[Symbol.iterator], URLSearchParams.prototype.entries,
      '@@iterator is entries');
    const href = Object.getOwnPropertyDescriptor(URL.prototype, 'href');
    assertEqual(href.enumerable, true, 'attributes are enumerable');
    assertEqual(Object.getOwnPropertyDescriptor(URL, 'canParse').enumerable, true,
      'static operations are enumerable');
    const globalDesc = Object.getOwnPropertyDescriptor(globalThis, 'URL');
    assertEqual(globalDesc.enumerable, false, 'global URL is not enumerable');
    assertEqual(globalDesc.writable, true, 'global URL is writable');
  },
};

export const staticsParseAndCanParse = {
  async test() {
    assertEqual(URL.parse('nope'), null, 'parse failure');
    const url = URL.parse('b', 'https://a/x/');
    assertEqual(url instanceof URL, true, 'parse gives a URL');
    assertEqual(url.href, 'https://a/x/b', 'parse with base');
    assertEqual(URL.canParse('https://a'), true);
    assertEqual(URL.canParse('a', 'nope'), false, 'bad base');
  },
};

export const searchParamsStayLinked = {
  async test() {
    const url = new URL('https://example.com/?a=1&b=2#h');
    const params = url.searchParams;
    assertEqual(url.searchParams, params, '[SameObject]');
    params.append('c', '3 4');
    assertEqual(url.href, 'https://example.com/?a=1&b=2&c=3+4#h', 'params -> url');
    url.search = '?x=y';
    assertEqual(params.get('x'), 'y', 'url.search -> params');
    assertEqual(params.size, 1);
    url.href = 'https://example.com/?z';
    assertEqual(params.has('z'), true, 'url.href -> params');
    params.delete('z');
    assertEqual(url.href, 'https://example.com/', 'empty list drops the query');
    // The list is the parse of what was set, not of the encoded query.
    const fresh = new URL('https://example.com/');
    fresh.search = 'a=b\tc';
    assertEqual(fresh.search, '?a=bc', 'tab removed from the query');
    assertEqual(fresh.searchParams.get('a'), 'b\tc', 'but kept in the list');
  },
};

export const hostsTakeTheFastPathAndTheNativePath = {
  async test() {
    assertEqual(new URL('https://EXAMPLE.Com./').host, 'example.com.', 'ASCII lowercased');
    assertEqual(new URL('https://XN--ZCA.com/').host, 'xn--zca.com', 'xn-- label, native');
    assertEqual(new URL('https://faß.de/').host, 'xn--fa-hia.de', 'non-ASCII, native');
    assertEqual(new URL('https://%65x.com/').host, 'ex.com', 'percent-decoded first');
    assertThrows(() => new URL('https://a%00b/'), TypeError, undefined, 'forbidden code point');
    assertEqual(new URL('http://0x7f.1/').host, '127.0.0.1', 'IPv4 with hex part');
    assertEqual(new URL('http://[0:0::1]/').host, '[::1]', 'IPv6 compressed');
    assertThrows(() => new URL('http://1.2.3.4.5/'), TypeError, undefined, 'too many parts');
    assertThrows(() => new URL('http://a.1/'), TypeError, undefined, 'ends in a number');
  },
};

export const patchedBuiltinsDoNotBreakParsing = {
  async test() {
    const boom = () => {
      throw new Error('patched built-in called');
    };
    const patches = [
      [Array.prototype, ['push', 'slice', 'sort', 'join', 'pop', 'splice', Symbol.iterator]],
      [String.prototype, ['charCodeAt', 'slice', 'indexOf', 'lastIndexOf', 'toLowerCase',
        'replace', 'split', Symbol.replace, Symbol.split]],
      [RegExp.prototype, ['exec', Symbol.replace]],
      [Map.prototype, ['get', 'set', 'has']],
    ];
    // Index loops and assignment by index only: push and the array iterator get patched.
    const saved = [];
    for (let i = 0; i < patches.length; i++) {
      const [object, keys] = patches[i];
      for (let j = 0; j < keys.length; j++) {
        saved[saved.length] = [object, keys[j], Object.getOwnPropertyDescriptor(object, keys[j])];
      }
    }
    try {
      for (let i = 0; i < saved.length; i++) {
        Object.defineProperty(saved[i][0], saved[i][1],
          { value: boom, writable: true, configurable: true });
      }
      const url = new URL('HTTPS://u:p@Example.COM:8080/a/../b/%2e/c?q=1 2#f', undefined);
      assertEqual(url.href, 'https://u:p@example.com:8080/b/c?q=1%202#f');
      url.pathname = '/x y';
      url.search = '?k=v&k=w';
      url.hash = 'h';
      url.host = 'bücher.de:81';
      assertEqual(url.href, 'https://u:p@xn--bcher-kva.de:81/x%20y?k=v&k=w#h');
      const params = url.searchParams;
      params.append('a', 'é');
      params.sort();
      params.set('k', 'z');
      assertEqual(params.getAll('k').length, 1);
      assertEqual(params.toString(), 'a=%C3%A9&k=z');
      assertEqual(new URLSearchParams('x=%41+b&y').get('x'), 'A b');
      assertEqual(new URLSearchParams({ x: '1', y: '2' }).toString(), 'x=1&y=2');
      assertEqual(params.keys().next().value, 'a');
      assertEqual(new URL('http://[::1]/').host, '[::1]');
      assertEqual(new URL('blob:https://a:1/x').origin, 'https://a:1');
      assertEqual(URL.canParse('a:b'), true);
    } finally {
      for (let i = saved.length - 1; i >= 0; i--) {
        if (saved[i][2] === undefined) delete saved[i][0][saved[i][1]];
        else Object.defineProperty(saved[i][0], saved[i][1], saved[i][2]);
      }
    }
  },
};
