// node:util (runtime-js/api/65_node_util_types.js, 65_node_deep_equal.js, 66_node_util*.js),
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

// MIMEType and MIMEParams: Node's documented examples, and workerd's error texts.
export const mimeType = {
  test() {
    const myMIME = new util.MIMEType('text/javascript;key=value');
    assert.equal(myMIME.type, 'text');
    assert.equal(myMIME.subtype, 'javascript');
    assert.equal(myMIME.essence, 'text/javascript');
    assert.equal(myMIME.params.get('key'), 'value');
    assert.equal(String(myMIME), 'text/javascript;key=value');
    assert.equal(JSON.stringify([myMIME]), '["text/javascript;key=value"]');
    myMIME.type = 'application';
    myMIME.subtype = 'javascript';
    assert.equal(String(myMIME), 'application/javascript;key=value');
    const parsed = new util.MIMEType('Text/HTML; Charset="utf-8"; a=b;a=c; bad; x="q\\"r"');
    assert.equal(String(parsed), 'text/html;charset=utf-8;a=b;x="q\\"r"');
    assert.deepEqual([...parsed.params], [['charset', 'utf-8'], ['a', 'b'], ['x', 'q"r']]);
    assert.equal(parsed.params.get('missing'), null);
    assert.equal(String(new util.MIMEType('  text/plain  ;  a = b ; c=d  ')), 'text/plain;c=d');
    const { params } = new util.MIMEType('text/plain;foo=0;bar=1');
    params.set('foo', 'def');
    params.set('baz', 'x y');
    params.set('empty', '');
    params.delete('bar');
    assert.equal(params.toString(), 'foo=def;baz="x y";empty=""');
    assert.deepEqual([...params.keys()], ['foo', 'baz', 'empty']);
    assert.equal(params.has('bar'), false);
    const standalone = new util.MIMEParams();
    standalone.set('a', 'b');
    assert.equal(String(standalone), 'a=b');
    assert.equal(inspect(new util.MIMEType('text/plain;a=b').params), "MIMEParams(1) { 'a' => 'b' }");
    assert.throws(() => new util.MIMEType('/x'), { name: 'TypeError', message: 'Not a valid MIME type: /x' });
    assert.throws(() => new util.MIMEType('text/'), { message: 'Not a valid MIME type: text/' });
    assert.throws(() => new util.MIMEType(), { name: 'TypeError' });
    assert.throws(() => { myMIME.type = 'a b'; }, { name: 'TypeError', message: 'Not a valid MIME type' });
    assert.throws(() => { myMIME.subtype = ''; }, { message: 'Not a valid MIME subtype' });
    assert.throws(() => params.set('a b', 'x'), { message: 'Not a valid MIME parameter' });
    assert.throws(() => params.set('a', 'x\n'), { message: 'Not a valid MIME parameter' });
    assert.throws(() => util.MIMEParams(), { name: 'TypeError', message: /Please use the 'new' operator/ });
  },
};

export const parseArgs = {
  test() {
    // Node's documentation example.
    const { values, positionals } = util.parseArgs({
      args: ['-f', '--bar', 'b'],
      options: { foo: { type: 'boolean', short: 'f' }, bar: { type: 'string' } },
    });
    assert.deepEqual({ ...values }, { foo: true, bar: 'b' });
    assert.equal(Object.getPrototypeOf(values), null);
    assert.deepEqual(positionals, []);
    const grouped = util.parseArgs({
      args: ['--x', 'a', '--x=b', '-xc', '-abx', 'd', '--', '--y'],
      options: { x: { type: 'string', short: 'x', multiple: true }, a: { type: 'boolean', short: 'a' }, b: { type: 'boolean', short: 'b' } },
      allowPositionals: true,
    });
    assert.deepEqual({ ...grouped.values }, { x: ['a', 'b', 'c', 'd'], a: true, b: true });
    assert.deepEqual(grouped.positionals, ['--y']);
    const { tokens } = util.parseArgs({
      args: ['-f', '--bar=b', '--', 'p'], tokens: true, allowPositionals: true,
      options: { foo: { type: 'boolean', short: 'f' }, bar: { type: 'string' } },
    });
    assert.deepEqual(tokens, [
      { kind: 'option', name: 'foo', rawName: '-f', index: 0, value: undefined, inlineValue: undefined },
      { kind: 'option', name: 'bar', rawName: '--bar', index: 1, value: 'b', inlineValue: true },
      { kind: 'option-terminator', index: 2 },
      { kind: 'positional', index: 3, value: 'p' },
    ]);
    const defaults = util.parseArgs({ args: [], options: { x: { type: 'string', default: 'd' }, y: { type: 'boolean', multiple: true, default: [true] } } });
    assert.deepEqual({ ...defaults.values }, { x: 'd', y: [true] });
    const loose = util.parseArgs({ args: ['--nope', '-xy', 'p', '--s', '--b=v'], strict: false, options: { s: { type: 'string' } } });
    assert.deepEqual({ ...loose.values }, { nope: true, x: true, y: true, s: '--b=v' });
    assert.deepEqual(loose.positionals, ['p']);
    const negated = util.parseArgs({ args: ['--no-color'], options: { color: { type: 'boolean' } }, allowNegative: true });
    assert.equal(negated.values.color, false);
    const parse = (config) => () => util.parseArgs(config);
    assert.throws(parse({ args: ['pos'] }), { code: 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL',
      message: "Unexpected argument 'pos'. This command does not take positional arguments" });
    assert.throws(parse({ args: ['--nope'] }), { name: 'TypeError', code: 'ERR_PARSE_ARGS_UNKNOWN_OPTION', message: "Unknown option '--nope'" });
    assert.throws(parse({ args: ['-n'], allowPositionals: true }), { code: 'ERR_PARSE_ARGS_UNKNOWN_OPTION',
      message: "Unknown option '-n'. To specify a positional argument starting with a '-', place it at the end of the command after '--', as in '-- \"-n\"" });
    assert.throws(parse({ args: ['-b'], options: { bar: { type: 'string', short: 'b' } } }),
      { code: 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE', message: "Option '-b, --bar <value>' argument missing" });
    assert.throws(parse({ args: ['--foo=1'], options: { foo: { type: 'boolean' } } }),
      { code: 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE', message: "Option '--foo' does not take an argument" });
    assert.throws(parse({ args: ['--s', '-x'], options: { s: { type: 'string' } } }),
      { code: 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE', message: /^Option '--s' argument is ambiguous\./ });
    assert.throws(parse({ args: ['--no-color'], options: { color: { type: 'boolean' } } }), { code: 'ERR_PARSE_ARGS_UNKNOWN_OPTION' });
    assert.throws(parse({ args: 'x' }), { code: 'ERR_INVALID_ARG_TYPE', message: /The "args" argument must be an instance of Array/ });
    assert.throws(parse({ options: { x: { type: 'number' } } }),
      { code: 'ERR_INVALID_ARG_TYPE', message: "The \"options.x.type\" property must be ('string'|'boolean'). Received type string ('number')" });
    assert.throws(parse({ options: { x: { type: 'string', short: 'xy' } } }),
      { code: 'ERR_INVALID_ARG_VALUE', message: "The property 'options.x.short' must be a single character. Received 'xy'" });
    assert.throws(parse({ options: { x: { type: 'string', default: 1 } } }), { code: 'ERR_INVALID_ARG_TYPE' });
    assert.throws(parse({ options: { x: { type: 'string', multiple: true, default: 'a' } } }), { code: 'ERR_INVALID_ARG_TYPE' });
    assert.deepEqual({ ...util.parseArgs({ args: ['--__proto__', 'x'], strict: false }).values }, {});
  },
};

export const parseEnv = {
  test() {
    // The same answers as workerd for each of these.
    assert.deepEqual(util.parseEnv('HELLO=world\nHELLO=oh my\n'), { HELLO: 'oh my' });
    assert.deepEqual(util.parseEnv('A=1\nB="x y"\n# c\nexport C=3\nD=\'q\'\nE=`r`\nF="a\\nb"\nG=h # com'),
      { A: '1', B: 'x y', C: '3', D: 'q', E: 'r', F: 'a\nb', G: 'h' });
    assert.deepEqual(util.parseEnv('A = 1 \nB=\nC\nD="multi\nline"\nE=\'a\\nb\'\n F=x#y\nG="h" # c\nexport  H=1\n=x\nI=  spaced  \nJ="unterminated\nK=k'),
      { A: '1', B: '', D: 'multi\nline', E: 'a\\nb', F: 'x', G: 'h', H: '1', I: 'spaced', J: 'unterminated', K: 'k' });
    assert.deepEqual(util.parseEnv('  # c\n  A=1\n\n\nB=2  # c\r\nC="x"#y'), { A: '1', B: '2', C: 'x' });
    assert.deepEqual(util.parseEnv('A:1\nB = "q" \nC=\'#notcomment\'\nD=#empty\nE="a\\\\nb"'),
      { B: 'q', C: '#notcomment', D: '', E: 'a\\\nb' });
    assert.deepEqual(util.parseEnv('A  =  "  sp  "  \nX="\nY=`m\nl`'), { A: '  sp  ', X: '"', Y: 'm\nl' });
    assert.deepEqual(util.parseEnv('export=2\nexportB=3\nA.B-C=4\n a b = 5\n__proto__=1'),
      { export: '2', exportB: '3', 'A.B-C': '4', 'a b': '5' });
    assert.throws(() => util.parseEnv(1), { code: 'ERR_INVALID_ARG_TYPE',
      message: 'The "content" argument must be of type string. Received type number (1)' });
  },
};

export const styleTextAndSmallHelpers = {
  test() {
    // A Worker's output is not a terminal: styled only when the stream check is turned off.
    assert.equal(util.styleText('red', 'hi'), 'hi');
    assert.equal(util.styleText(['bold', 'red'], 'hi', { validateStream: false }), '\u001b[1m\u001b[31mhi\u001b[39m\u001b[22m');
    assert.throws(() => util.styleText('nope', 'hi'), { code: 'ERR_INVALID_ARG_VALUE', message: /^The argument 'format' must be one of: 'reset', 'bold'.*'bgWhiteBright'\. Received 'nope'$/ });
    assert.throws(() => util.styleText('red', 1), { code: 'ERR_INVALID_ARG_TYPE', message: 'The "text" argument must be of type string. Received type number (1)' });
    assert.throws(() => util.styleText('red', 'hi', { stream: 1 }), { code: 'ERR_INVALID_ARG_TYPE',
      message: 'The "stream" argument must be an instance of ReadableStream, WritableStream, or Stream. Received type number (1)' });
    assert.deepEqual(util._extend({ a: 1 }, { b: 2 }), { a: 1, b: 2 });
    assert.deepEqual(util._extend({ a: 1 }, null), { a: 1 });
    assert.equal(util.log('logged by util.log'), undefined);
    for (const name of ['getSystemErrorName', 'getSystemErrorMap', 'getSystemErrorMessage',
      'transferableAbortController', 'transferableAbortSignal']) {
      assert.throws(() => util[name](-2), { message: `node:util ${name} is not implemented` });
    }
    for (const name of ['_errnoException', '_exceptionWithHostPort']) {
      assert.throws(() => util[name](-2, 'x'), { code: 'ERR_METHOD_NOT_IMPLEMENTED', message: `The ${name} method is not implemented` });
    }
    assert.equal(utilTypes.isFloat16Array(new Float32Array(1)), false);
    assert.equal('isWeakRef' in utilTypes, false);
  },
};

export const getCallSites = {
  test() {
    function whoCalls() { return util.getCallSites(); }
    const sites = whoCalls();
    assert.equal(sites[0].functionName, 'whoCalls');
    assert.match(sites[0].scriptName, /node_util_test\.js$/);
    assert.equal(typeof sites[0].lineNumber, 'number');
    assert.equal(sites[0].column, sites[0].columnNumber);
    assert.equal(sites[1].functionName, 'test');
    assert.equal(util.getCallSites(1).length, 1);
    assert.equal(util.getCallSite, util.getCallSites);
    for (const bad of [0, 201, 'x']) {
      assert.throws(() => util.getCallSites(bad), { message: 'Frame count should be between 1 and 200 inclusive.' });
    }
  },
};
