// console (runtime-js/api/08_console.js). Output goes to the server log, which JS cannot read,
// so these cases check that every method accepts every kind of value; the exact text is checked
// by the end-to-end log test and against Node's util.inspect when the file changes.
// Run by `edged test`: every export `{ async test() {} }` is a test case.

function assertEqual(actual, expected, message = '') {
  if (!Object.is(actual, expected)) {
    const prefix = message ? `${message}: ` : '';
    throw new Error(`${prefix}expected ${String(expected)}, got ${String(actual)}`);
  }
}

function everyKindOfValue() {
  const circular = { name: 'loop' };
  circular.self = circular;
  const sparse = [1, , 3]; // eslint-disable-line no-sparse-arrays
  class Point { constructor() { this.x = 1; this.y = 2; } }
  class Base {}
  const error = new TypeError('bad', { cause: new Error('inner') });
  error.code = 'E_BAD';
  return [
    undefined, null, true, 0, -0, NaN, 1.5, 10n, 'text', "it's", 'multi\nline', Symbol('s'),
    Symbol.iterator, [], [1, 2, 3], sparse, new Array(200).fill(7), {},
    { a: { b: { c: { d: 1 } } } },
    Object.create(null), circular, new Map([[1, { a: 1 }]]), new Set(['x']), new WeakMap(),
    new WeakSet(), new Date(0), new Date(NaN), /re/g, () => {}, function named() {},
    async () => {}, function* gen() {}, Base, class Derived extends Base {}, new Point(), error,
    new DOMException('dom', 'AbortError'), new Uint8Array([1, 2]), new Float32Array(3),
    new BigInt64Array(1), new ArrayBuffer(8), new DataView(new ArrayBuffer(4)), Promise.resolve(1),
    Promise.reject(new Error('rejected')).catch(() => {}) && Promise.resolve(),
    new Proxy({}, {}), new Number(1), new String('s'), new Boolean(false), Object(1n),
    new Event('e'), new EventTarget(), new AbortController(), AbortSignal.abort(),
    new Headers({ a: '1' }), new TextEncoder(), new TextDecoder(), globalThis, console,
    { [Symbol.for('nodejs.util.inspect.custom')]: () => 'custom' },
    { [Symbol.for('nodejs.util.inspect.custom')]: () => { throw new Error('custom throws'); } },
    { get getter() { throw new Error('getters are not called'); } },
    'x'.repeat(20000),
  ];
}

export const methodsExist = {
  async test() {
    for (const name of ['log', 'info', 'debug', 'warn', 'error', 'trace', 'dir', 'dirxml', 'table',
      'assert', 'count', 'countReset', 'group', 'groupCollapsed', 'groupEnd', 'time', 'timeEnd',
      'timeLog']) {
      assertEqual(typeof console[name], 'function', name);
    }
    assertEqual(Object.prototype.toString.call(console), '[object console]');
  },
};

export const logEveryValue = {
  async test() {
    for (const value of everyKindOfValue()) {
      try {
        console.log(value);
        console.info('%s %o %O %c%%', value, value, value, value);
        // Like Node, %d %i %f convert with Number(): only values that have a number form.
        if (value === null || (typeof value !== 'object' && typeof value !== 'function') ||
            typeof value.valueOf === 'function') {
          try {
            console.debug('%d %i %f', value, value, value);
          } catch (err) {
            if (!(err instanceof TypeError)) throw err; // Symbol.toPrimitive-less exotic objects
          }
        }
        console.warn([value], { value });
        console.dir(value, { depth: 0 });
      } catch (err) {
        // A custom inspect function that throws is the only permitted failure, as in Node.
        if (err?.message !== 'custom throws') throw err;
      }
    }
  },
};

export const jsonSpecifier = {
  async test() {
    const circular = {};
    circular.self = circular;
    console.log('%j %j %j', { a: [1] }, circular, undefined);
    // As in Node, %j lets JSON.stringify's own errors through (BigInt is not serialisable).
    let threw = false;
    try {
      console.log('%j', 1n);
    } catch (err) {
      threw = err instanceof TypeError;
    }
    assertEqual(threw, true);
  },
};

export const detachedMethods = {
  async test() {
    const { log, error } = console;
    log('detached log works');
    error('detached error works');
  },
};

export const tableAndCounters = {
  async test() {
    console.table([{ a: 1, b: 'x' }, { a: 2, c: true }]);
    console.table([[1, 2], [3, 4]], ['0']);
    console.table(new Map([['k', 'v']]));
    console.table(new Set([1]));
    console.table('not tabular');
    console.count();
    console.count('label');
    console.countReset('label');
    console.countReset('never-counted');
    console.group('group');
    console.groupCollapsed();
    console.log('nested');
    console.groupEnd();
    console.groupEnd();
    console.groupEnd();
    console.time('t');
    console.timeLog('t', 'extra', { a: 1 });
    console.timeEnd('t');
    console.timeEnd('t');
    console.assert(true, 'not shown');
    console.assert(false, 'shown %s', 'formatted');
    console.assert(false);
    console.trace('trace %d', 1);
  },
};
