// node:url and node:querystring (runtime-js/api/68_node_url.js, 68_node_querystring.js), with
// the examples of Node's documentation.
import url, { URL, URLSearchParams, fileURLToPath, pathToFileURL, format, parse, resolve } from 'node:url';
import querystring from 'node:querystring';
import assert from 'node:assert/strict';

export const whatwgClassesAreTheGlobals = {
  test() {
    assert.equal(URL, globalThis.URL);
    assert.equal(URLSearchParams, globalThis.URLSearchParams);
    assert.equal(url.domainToASCII('español.com'), 'xn--espaol-zwa.com');
    assert.equal(url.domainToUnicode('xn--espaol-zwa.com'), 'español.com');
  },
};

export const fileUrls = {
  test() {
    assert.equal(fileURLToPath('file:///C:/path/'), '/C:/path/');
    assert.equal(fileURLToPath('file:///hello%20world'), '/hello world');
    assert.equal(fileURLToPath(new URL('file:///some/path')), '/some/path');
    assert.throws(() => fileURLToPath('https://example.com/'), { code: 'ERR_INVALID_URL_SCHEME' });
    assert.throws(() => fileURLToPath('file:///a%2fb'), { code: 'ERR_INVALID_FILE_URL_PATH' });
    assert.equal(pathToFileURL('/some/path%.c').href, 'file:///some/path%25.c');
    assert.equal(pathToFileURL('/foo#1').href, 'file:///foo%231');
  },
};

export const formatUrls = {
  test() {
    const myURL = new URL('https://a:b@測試?abc#foo');
    assert.equal(format(myURL, { fragment: false, unicode: true, auth: false }), 'https://測試/?abc');
    assert.equal(format({
      protocol: 'https', hostname: 'example.com', pathname: '/some/path', query: { page: 1, format: 'json' },
    }), 'https://example.com/some/path?page=1&format=json');
  },
};

export const legacyParse = {
  test() {
    const u = parse('https://user:pass@sub.example.com:8080/p/a/t/h?query=string#hash');
    assert.equal(u.protocol, 'https:');
    assert.equal(u.slashes, true);
    assert.equal(u.auth, 'user:pass');
    assert.equal(u.host, 'sub.example.com:8080');
    assert.equal(u.port, '8080');
    assert.equal(u.hostname, 'sub.example.com');
    assert.equal(u.hash, '#hash');
    assert.equal(u.search, '?query=string');
    assert.equal(u.query, 'query=string');
    assert.equal(u.pathname, '/p/a/t/h');
    assert.equal(u.path, '/p/a/t/h?query=string');
    assert.equal(u.href, 'https://user:pass@sub.example.com:8080/p/a/t/h?query=string#hash');
    assert.deepEqual({ ...parse('/a?x=1&x=2', true).query }, { x: ['1', '2'] });
    const relative = parse('/just/a/path');
    assert.equal(relative.host, null);
    assert.equal(relative.pathname, '/just/a/path');
    assert.equal(parse('HTTP://EXAMPLE.com').href, 'http://example.com/');
  },
};

export const legacyResolve = {
  test() {
    assert.equal(resolve('/one/two/three', 'four'), '/one/two/four');
    assert.equal(resolve('http://example.com/', '/one'), 'http://example.com/one');
    assert.equal(resolve('http://example.com/one', '/two'), 'http://example.com/two');
  },
};

export const querystringParse = {
  test() {
    assert.deepEqual({ ...querystring.parse('foo=bar&abc=xyz&abc=123') }, { foo: 'bar', abc: ['xyz', '123'] });
    assert.equal(Object.getPrototypeOf(querystring.parse('a=1')), null);
    assert.deepEqual({ ...querystring.parse('w=%D6%D0%CE%C4&foo=bar', null, null, {
      decodeURIComponent: (s) => s.toLowerCase() }) }, { w: '%d6%d0%ce%c4', foo: 'bar' });
    assert.deepEqual({ ...querystring.parse('a=b+c&d=%zz') }, { a: 'b c', d: '%zz' });
    assert.deepEqual({ ...querystring.parse('a:1;b:2', ';', ':') }, { a: '1', b: '2' });
    assert.deepEqual({ ...querystring.parse('a=1&b=2&c=3', null, null, { maxKeys: 2 }) }, { a: '1', b: '2' });
  },
};

export const querystringStringify = {
  test() {
    assert.equal(querystring.stringify({ foo: 'bar', baz: ['qux', 'quux'], corge: '' }), 'foo=bar&baz=qux&baz=quux&corge=');
    assert.equal(querystring.stringify({ foo: 'bar', baz: 'qux' }, ';', ':'), 'foo:bar;baz:qux');
    assert.equal(querystring.stringify({ n: 1, b: true, o: {}, u: undefined }), 'n=1&b=true&o=&u=');
    assert.equal(querystring.escape('a b&ü*'), 'a%20b%26%C3%BC*');
    assert.equal(querystring.unescape('a%20b%zz'), 'a b%zz');
    assert.equal(querystring.encode, querystring.stringify);
    assert.equal(querystring.decode, querystring.parse);
  },
};

export const resolveObjectAndToPath = {
  test() {
    const resolved = url.resolveObject('http://a/b/c?x#y', 'd?z');
    assert.ok(resolved instanceof url.Url);
    assert.equal(resolved.href, 'http://a/b/d?z');
    assert.equal(resolved.pathname, '/b/d');
    assert.equal(resolved.query, 'z');
    assert.equal(url.resolveObject('http://a/b/c', '../d').href, 'http://a/d');
    assert.equal(url.resolveObject(parse('http://a/b/'), 'http://other/x').host, 'other');
    assert.throws(() => url.resolveObject(1, 'x'), { code: 'ERR_INVALID_ARG_TYPE' });
    assert.equal(url.toPathIfFileURL('file:///a/b'), 'file:///a/b');
    assert.equal(url.toPathIfFileURL(new URL('file:///a%20b')), '/a b');
    assert.equal(url.toPathIfFileURL(1), 1);
    assert.throws(() => url.toPathIfFileURL(new URL('http://x/')), { code: 'ERR_INVALID_URL_SCHEME' });
  },
};
