// node:util (runtime-js/api/65_node_util_types.js, 65_node_deep_equal.js, 66_node_util.js),
// with the examples of Node's documentation.
import util, { promisify, callbackify, inspect, format, types, inherits, isDeepStrictEqual } from 'node:util';
import * as utilTypes from 'node:util/types';
import EventEmitter from 'node:events';
import assert from 'node:assert/strict';

export const promisifyCallbacks = {
  async test() {
    const double = (n, callback) => setTimeout(() => callback(null, n * 2), 1);
    assert.equal(await promisify(double)(21), 42);
    const failing = (callback) => callback(new Error('nope'));
    await assert.rejects(promisify(failing)(), { message: 'nope' });
    function withCustom() {}
    withCustom[promisify.custom] = () => Promise.resolve('custom');
    assert.equal(promisify(withCustom), withCustom[promisify.custom]);
    assert.equal(await promisify(withCustom)(), 'custom');
    assert.equal(promisify.custom, Symbol.for('nodejs.util.promisify.custom'));
    class Foo {
      constructor() { this.a = 42; }
      bar(callback) { callback(null, this.a); }
    }
    const foo = new Foo();
    assert.equal(await promisify(foo.bar).bind(foo)(), 42);
    assert.throws(() => promisify(1), { code: 'ERR_INVALID_ARG_TYPE' });
  },
};

export const callbackifyPromises = {
  async test() {
    async function fn() { return 'hello world'; }
    const result = await new Promise((resolve) => callbackify(fn)((err, ret) => resolve([err, ret])));
    assert.deepEqual(result, [null, 'hello world']);
    const rejected = await new Promise((resolve) => callbackify(() => Promise.reject(null))((err) => resolve(err)));
    assert.equal(rejected.code, 'ERR_FALSY_VALUE_REJECTION');
    assert.equal(rejected.reason, null);
    assert.equal(callbackify(fn).name, 'fnCallbackified');
  },
};

export const formatAndInspect = {
  test() {
    assert.equal(format('%s:%s', 'foo'), 'foo:%s');
    assert.equal(format('%s:%s', 'foo', 'bar', 'baz'), 'foo:bar baz');
    assert.equal(format(1, 2, 3), '1 2 3');
    assert.equal(format('%d', 42.5), '42.5');
    assert.equal(format('%i', 42.5), '42');
    assert.equal(format('%j', { a: 1 }), '{"a":1}');
    assert.equal(format('%%s %s', 'x'), '%s x');
    assert.equal(inspect({ a: 1, b: 'two', c: [3] }), "{ a: 1, b: 'two', c: [ 3 ] }");
    assert.equal(inspect(new Map([[1, 2]])), 'Map(1) { 1 => 2 }');
    assert.equal(inspect({ a: { b: { c: { d: {} } } } }), '{ a: { b: { c: [Object] } } }');
    assert.equal(inspect({ a: { b: { c: { d: {} } } } }, { depth: Infinity }), '{\n  a: { b: { c: { d: {} } } }\n}');
    class Custom {
      [inspect.custom]() { return 'custom!'; }
    }
    assert.equal(inspect(new Custom()), 'custom!');
    assert.equal(inspect.custom, Symbol.for('nodejs.util.inspect.custom'));
  },
};

export const typesChecks = {
  test() {
    assert.equal(utilTypes.isDate, types.isDate);
    assert.equal(types.isDate(new Date()), true);
    assert.equal(types.isRegExp(/abc/), true);
    assert.equal(types.isRegExp({ [Symbol.toStringTag]: 'RegExp' }), false);
    assert.equal(types.isPromise(Promise.resolve(42)), true);
    assert.equal(types.isPromise({ then() {} }), false);
    assert.equal(types.isMap(new Map()), true);
    assert.equal(types.isSet(new Set()), true);
    assert.equal(types.isWeakMap(new WeakMap()), true);
    assert.equal(types.isMapIterator(new Map().keys()), true);
    assert.equal(types.isSetIterator(new Set().values()), true);
    assert.equal(types.isArrayBuffer(new ArrayBuffer()), true);
    assert.equal(types.isAnyArrayBuffer(new ArrayBuffer()), true);
    assert.equal(types.isArrayBufferView(new DataView(new ArrayBuffer(1))), true);
    assert.equal(types.isTypedArray(new Uint8Array()), true);
    assert.equal(types.isUint8Array(new Uint8Array()), true);
    assert.equal(types.isUint8Array(new Int8Array()), false);
    assert.equal(types.isFloat64Array(new Float64Array()), true);
    assert.equal(types.isAsyncFunction(async () => {}), true);
    assert.equal(types.isAsyncFunction(() => {}), false);
    assert.equal(types.isGeneratorFunction(function* () {}), true);
    assert.equal(types.isGeneratorObject((function* () {})()), true);
    assert.equal(types.isNativeError(new TypeError()), true);
    assert.equal(types.isBoxedPrimitive(Object(1)), true);
    assert.equal(types.isNumberObject(new Number(1)), true);
    assert.equal(types.isStringObject('x'), false);
    assert.equal(types.isArgumentsObject((function () { return arguments; })()), true);
  },
};

export const inheritsSetsThePrototypeChain = {
  test() {
    function MyStream() {
      EventEmitter.call(this);
    }
    inherits(MyStream, EventEmitter);
    MyStream.prototype.write = function (data) { this.emit('data', data); };
    const stream = new MyStream();
    assert.ok(stream instanceof EventEmitter);
    assert.equal(MyStream.super_, EventEmitter);
    let received;
    stream.on('data', (data) => { received = data; });
    stream.write('It works!');
    assert.equal(received, 'It works!');
  },
};

export const deepStrictEquality = {
  test() {
    assert.equal(isDeepStrictEqual({ a: [1, { b: new Map([[1, new Set([2])]]) }] },
      { a: [1, { b: new Map([[1, new Set([2])]]) }] }), true);
    assert.equal(isDeepStrictEqual([1], ['1']), false);
    assert.equal(isDeepStrictEqual(NaN, NaN), true);
    assert.equal(isDeepStrictEqual(0, -0), false);
    assert.equal(isDeepStrictEqual(new Date(1), new Date(1)), true);
    assert.equal(isDeepStrictEqual(Object.create(null), {}), false);
    const cyclic = { a: 1 };
    cyclic.self = cyclic;
    const cyclic2 = { a: 1 };
    cyclic2.self = cyclic2;
    assert.equal(isDeepStrictEqual(cyclic, cyclic2), true);
    assert.equal(isDeepStrictEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2])), true);
    assert.equal(isDeepStrictEqual(new Uint8Array([1, 2]), new Uint8Array([1, 3])), false);
  },
};

export const deprecateAndMisc = {
  test() {
    const fn = util.deprecate(() => 'result', 'fn() is deprecated', 'DEP0001');
    assert.equal(fn(), 'result');
    assert.equal(fn(), 'result');
    assert.equal(new util.TextDecoder().decode(new util.TextEncoder().encode('héllo')), 'héllo');
    assert.equal(util.isArray([]), true);
    assert.equal(util.stripVTControlCharacters('\u001B[4mvalue\u001B[0m'), 'value');
    assert.equal(typeof util.debuglog('x'), 'function');
  },
};
