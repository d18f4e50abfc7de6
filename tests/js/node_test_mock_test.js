// node:test (runtime-js/api/79_node_test.js): no runner, as on Workers; the mock tracker with
// the examples of Node's documentation ("Mocking").
import test, { mock, MockTracker, MockFunctionContext } from 'node:test';
import assert from 'node:assert/strict';

export const noRunner = {
  test() {
    assert.equal(typeof test, 'object');
    assert.deepEqual(Object.keys(test).sort(), ['MockFunctionContext', 'MockTracker', 'mock']);
    assert.ok(mock instanceof MockTracker);
  },
};

export const mockFn = {
  test() {
    const sum = mock.fn((a, b) => a + b);
    assert.equal(sum.mock.callCount(), 0);
    assert.equal(sum(3, 4), 7);
    assert.equal(sum.mock.callCount(), 1);
    const [call] = sum.mock.calls;
    assert.deepEqual(call.arguments, [3, 4]);
    assert.equal(call.result, 7);
    assert.equal(call.error, undefined);
    assert.equal(call.target, undefined);
    assert.ok(sum.mock instanceof MockFunctionContext);
    const thrower = mock.fn(() => { throw new Error('boom'); });
    assert.throws(() => thrower(), /boom/);
    assert.equal(thrower.mock.calls[0].error.message, 'boom');
    class Point { constructor(x) { this.x = x; } }
    const Ctor = mock.fn(Point);
    assert.equal(new Ctor(2).x, 2);
    assert.equal(Ctor.mock.calls[0].target, Ctor);
  },
};

export const implementations = {
  test() {
    function addOne() { return this.value + 1; }
    function addTwo() { return this.value + 2; }
    const fn = mock.fn(addOne, addTwo, { times: 2 });
    const self = { value: 1 };
    // addTwo for two calls, then the original again.
    assert.deepEqual([fn.call(self), fn.call(self), fn.call(self)], [3, 3, 2]);
    assert.equal(fn.mock.calls[0].this, self);
    fn.mock.mockImplementation(() => 42);
    fn.mock.mockImplementationOnce(() => 7);
    assert.deepEqual([fn(), fn()], [7, 42]);
    fn.mock.mockImplementationOnce(() => 'fifth', 6);
    assert.deepEqual([fn(), fn()], [42, 'fifth']);
    fn.mock.resetCalls();
    assert.equal(fn.mock.callCount(), 0);
    assert.throws(() => mock.fn(() => {}, { times: 0 }), { code: 'ERR_OUT_OF_RANGE' });
  },
};

export const methodsGettersSetters = {
  test() {
    const number = { value: 5, subtract(a) { return this.value - a; } };
    const spy = mock.method(number, 'subtract');
    assert.equal(number.subtract(3), 2);
    assert.equal(spy.mock.callCount(), 1);
    assert.deepEqual(number.subtract.mock.calls[0].arguments, [3]);
    mock.method(number, 'subtract', () => 'mocked', { times: 1 });
    assert.equal(number.subtract(1), 'mocked');
    const object = { get answer() { return 42; }, set answer(v) { this.stored = v; } };
    const getter = mock.getter(object, 'answer', () => 7);
    assert.equal(object.answer, 7);
    assert.equal(getter.mock.callCount(), 1);
    mock.setter(object, 'answer');
    object.answer = 3;
    assert.equal(object.stored, 3);
    assert.throws(() => mock.method(number, 'value'), { code: 'ERR_INVALID_ARG_TYPE' });
    assert.throws(() => mock.method(number, 'subtract', { getter: true, setter: true }), { code: 'ERR_INVALID_ARG_VALUE' });
    mock.restoreAll();
    assert.equal(number.subtract(1), 4);
    assert.equal(number.subtract.mock, undefined);
    assert.equal(object.answer, 42);
  },
};

export const resetForgets = {
  test() {
    const tracker = new MockTracker();
    const inherited = Object.create({ greet() { return 'hi'; } });
    tracker.method(inherited, 'greet', () => 'mocked');
    assert.equal(inherited.greet(), 'mocked');
    assert.ok(Object.hasOwn(inherited, 'greet'));
    tracker.reset();
    assert.equal(inherited.greet(), 'hi');
    assert.ok(!Object.hasOwn(inherited, 'greet'));
  },
};
