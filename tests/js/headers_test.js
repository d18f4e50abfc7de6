// Headers (runtime-js/api/09_headers.js), checked against the Fetch Standard and Workers'
// behaviour. Run by `edged test`: every export `{ async test() {} }` is a test case.

function assertEqual(actual, expected, message = '') {
  if (!Object.is(actual, expected)) {
    throw new Error(`${message ? `${message}: ` : ''}expected ${JSON.stringify(expected)}, ` +
      `got ${JSON.stringify(actual)}`);
  }
}
function assertDeepEqual(actual, expected, message = '') {
  assertEqual(JSON.stringify(actual), JSON.stringify(expected), message);
}
function assertThrows(fn, type, messageText) {
  try {
    fn();
  } catch (err) {
    if (!(err instanceof type)) throw new Error(`expected ${type.name}, got ${err}`);
    if (messageText !== undefined) assertEqual(err.message, messageText, 'error message');
    return err;
  }
  throw new Error(`expected ${type.name} "${messageText}", nothing thrown`);
}

export const caseInsensitive = {
  async test() {
    const h = new Headers();
    h.append('Content-Type', 'text/plain');
    assertEqual(h.get('content-type'), 'text/plain');
    assertEqual(h.get('CONTENT-TYPE'), 'text/plain');
    assertEqual(h.has('Content-type'), true);
    assertEqual(h.get('missing'), null);
    h.delete('CONTENT-type');
    assertEqual(h.has('content-type'), false);
  },
};

export const combineAndSort = {
  async test() {
    const h = new Headers([['B', '2'], ['a', '1'], ['b', '3'], ['Set-Cookie', 'x=1'],
      ['set-cookie', 'y=2']]);
    assertEqual(h.get('b'), '2, 3');
    assertDeepEqual([...h],
      [['a', '1'], ['b', '2, 3'], ['set-cookie', 'x=1'], ['set-cookie', 'y=2']]);
    assertDeepEqual([...h.keys()], ['a', 'b', 'set-cookie', 'set-cookie']);
    assertDeepEqual([...h.values()], ['1', '2, 3', 'x=1', 'y=2']);
    assertDeepEqual([...h.entries()], [...h]);
    assertEqual(h.get('set-cookie'), 'x=1, y=2');
    assertDeepEqual(h.getSetCookie(), ['x=1', 'y=2']);
    assertDeepEqual(h.getAll('Set-Cookie'), ['x=1', 'y=2']);
    assertThrows(() => h.getAll('b'), TypeError,
      'getAll() can only be used with the header name "Set-Cookie".');
    assertEqual(Headers.prototype[Symbol.iterator], Headers.prototype.entries);
  },
};

export const setReplacesAll = {
  async test() {
    const h = new Headers([['x', '1'], ['y', 'y'], ['X', '2']]);
    h.set('x', '3');
    assertDeepEqual([...h], [['x', '3'], ['y', 'y']]);
  },
};

export const valueNormalisation = {
  async test() {
    const h = new Headers({ a: ' \t padded \r\n' });
    assertEqual(h.get('a'), 'padded');
    h.set('b', 'inner  spaces stay');
    assertEqual(h.get('b'), 'inner  spaces stay');
    h.set('c', '');
    assertEqual(h.get('c'), '');
    h.set('d', 'caf\u00e9 \u2603');
    assertEqual(h.get('d'), 'caf\u00e9 \u2603', 'Workers allows non-Latin-1 values');
    h.set('e', 42);
    assertEqual(h.get('e'), '42');
  },
};

export const validation = {
  async test() {
    const h = new Headers();
    for (const bad of ['', 'a b', 'a:b', 'caf\u00e9', '(x)', 'x\n']) {
      assertThrows(() => h.set(bad, 'v'), TypeError, 'Invalid header name.');
      assertThrows(() => h.get(bad), TypeError, 'Invalid header name.');
    }
    for (const bad of ['a\nb', 'a\rb', 'a\0b']) {
      assertThrows(() => h.append('x', bad), TypeError, 'Invalid header value.');
    }
    h.set("!#$%&'*+-.^_`|~09azAZ", 'ok');
  },
};

export const constructorForms = {
  async test() {
    const fromRecord = new Headers({ A: '1', b: '2' });
    assertDeepEqual([...fromRecord], [['a', '1'], ['b', '2']]);
    const fromPairs = new Headers([['a', '1'], ['a', '2']]);
    assertEqual(fromPairs.get('a'), '1, 2');
    const fromIterable = new Headers(new Map([['m', 'v']]));
    assertEqual(fromIterable.get('m'), 'v');
    const copy = new Headers(fromPairs);
    copy.append('a', '3');
    assertEqual(fromPairs.get('a'), '1, 2', 'a copy is independent');
    assertEqual(copy.get('a'), '1, 2, 3');
    assertThrows(() => new Headers([['a']]), TypeError,
      'To initialize a Headers object from a sequence, each inner sequence must have exactly ' +
      'two elements.');
    assertThrows(() => new Headers([['a', 'b', 'c']]), TypeError);
    assertThrows(() => new Headers(5), TypeError);
    assertThrows(() => new Headers(null), TypeError);
    assertThrows(() => new Headers({ 'bad name': 'x' }), TypeError, 'Invalid header name.');
  },
};

export const forEach = {
  async test() {
    const h = new Headers({ b: '2', a: '1' });
    const seen = [];
    const thisArg = {};
    h.forEach(function (value, name, self) {
      seen.push([name, value, self === h, this === thisArg]);
    }, thisArg);
    assertDeepEqual(seen, [['a', '1', true, true], ['b', '2', true, true]]);
    assertThrows(() => h.forEach(null), TypeError,
      "Failed to execute 'forEach' on 'Headers': parameter 1 is not of type 'function'.");
  },
};

export const iteratorIsASnapshot = {
  async test() {
    const h = new Headers({ a: '1' });
    const it = h.entries();
    h.set('b', '2');
    assertDeepEqual([...it], [['a', '1']], 'Workers iterates the headers present at creation');
    assertEqual(Object.prototype.toString.call(it), '[object Headers Iterator]');
    assertEqual(it[Symbol.iterator](), it);
  },
};

export const constructedRequestAndResponseHeadersAreMutable = {
  async test() {
    // On Workers only the incoming request's headers, fetch() responses and Response.redirect()
    // are read-only; Request/Response objects made by user code can be changed.
    const request = new Request('https://example.com/', { headers: { a: '1' } });
    request.headers.set('b', '2');
    assertEqual(request.headers.get('b'), '2');
    const response = new Response('x', { headers: request.headers });
    response.headers.set('c', '3');
    assertEqual(response.headers.get('c'), '3');
    assertThrows(() => Response.redirect('https://example.com/').headers.set('x', 'y'), TypeError,
      "Can't modify immutable headers.");
  },
};

export const brandAndTag = {
  async test() {
    assertEqual(Object.prototype.toString.call(new Headers()), '[object Headers]');
    assertThrows(() => Headers.prototype.get.call({}, 'a'), TypeError, 'Illegal invocation');
  },
};

export const webidlPropertyShapes = {
  async test() {
    for (const name of ['get', 'has', 'set', 'append', 'delete', 'forEach', 'keys', 'values',
      'entries', 'getSetCookie']) {
      assertEqual(Object.getOwnPropertyDescriptor(Headers.prototype, name).enumerable, true,
        `${name} is enumerable`);
    }
    assertEqual(Headers.prototype.propertyIsEnumerable(Symbol.iterator), false, '@@iterator');
    assertEqual(Headers.prototype[Symbol.iterator], Headers.prototype.entries, '@@iterator');
    const iteratorPrototype = Object.getPrototypeOf(new Headers().keys());
    assertEqual(Object.getOwnPropertyDescriptor(iteratorPrototype, 'next').enumerable, true,
      'next is enumerable');
  },
};

// As on Workers (checked against workerd 2026-04-26), where WebIDL would throw: a record's
// Symbol keys are skipped and values above U+00FF are kept (sent as UTF-8).
export const recordInitAsWorkers = {
  async test() {
    const log = [];
    const record = { a: '1', b: '2' };
    Object.defineProperty(record, Symbol('s'), { value: 'x', enumerable: true });
    const proxy = new Proxy(record, {
      ownKeys(target) { log.push('ownKeys'); return Reflect.ownKeys(target); },
      getOwnPropertyDescriptor(target, key) {
        log.push(`describe ${String(key)}`);
        return Reflect.getOwnPropertyDescriptor(target, key);
      },
      get(target, key) {
        if (typeof key === 'string') log.push(`get ${key}`);
        return Reflect.get(target, key);
      },
    });
    assertDeepEqual([...new Headers(proxy)], [['a', '1'], ['b', '2']], 'Symbol key skipped');
    assertDeepEqual(log, ['ownKeys', 'describe a', 'get a', 'describe b', 'get b',
      'describe Symbol(s)'], 'WebIDL record<> order');
    log.length = 0;
    assertThrows(() => new Headers(new Proxy({ 'bad name': '1', c: '2' }, {
      get(target, key) { log.push(`get ${String(key)}`); return Reflect.get(target, key); },
    })), TypeError, 'Invalid header name.');
    assertDeepEqual(log, ['get Symbol(Symbol.iterator)'], 'a bad name is refused before its value is read');
    assertEqual(new Headers({ a: 'caf\u00e9 \u2603' }).get('a'), 'caf\u00e9 \u2603', 'non-Latin-1 value');
  },
};
