'use strict';
// node:test as Workers offers it: no test runner (`test` is the module object, not a function),
// only the mock tracker — mock.fn, mock.method/getter/setter, reset, restoreAll — and the
// MockFunctionContext each mock carries as `.mock`, following Node's documentation.

const {
  ArrayPrototypePush, Error, FunctionPrototypeCall, NumberIsInteger, ObjectDefineProperty, ObjectGetOwnPropertyDescriptor,
  ObjectGetPrototypeOf, ReflectApply, ReflectConstruct, SafeMap, SafeSet,
} = primordials;
const { nodeErrors } = internals;

class MockFunctionContext {
  #calls = [];
  #implementation;
  #original;
  #once = new SafeMap();
  #times;
  #restore;

  constructor(implementation, original, restore, times = Infinity) {
    this.#implementation = implementation;
    this.#original = original;
    this.#restore = restore;
    this.#times = times;
  }

  // Each call: { arguments, error, result, stack, target, this }.
  get calls() { return [...this.#calls]; }
  callCount() { return this.#calls.length; }
  mockImplementation(implementation) {
    internals.validateFunction(implementation, 'implementation');
    this.#implementation = implementation;
  }
  // For the call numbered `onCall` (the next one by default) only.
  mockImplementationOnce(implementation, onCall = this.#calls.length) {
    internals.validateFunction(implementation, 'implementation');
    this.#once.set(onCall, implementation);
  }
  resetCalls() { this.#calls = []; }
  restore() {
    if (this.#restore === undefined) this.#implementation = this.#original;
    else this.#restore();
  }

  // The implementation for the next call: a once-implementation, else the mock's own. The call
  // numbered `times` restores the original (a mocked method's property, a mock.fn's behaviour).
  nextImplementation() {
    const index = this.#calls.length;
    const implementation = this.#once.get(index) ?? this.#implementation;
    this.#once.delete(index);
    if (index + 1 === this.#times) this.restore();
    return implementation;
  }
  record(call) { ArrayPrototypePush(this.#calls, call); }
}

const noop = function () {};

function makeMock(original, implementation, restore, times) {
  const context = new MockFunctionContext(implementation, original, restore, times);
  function mock(...args) {
    const target = new.target;
    const impl = context.nextImplementation();
    const call = { arguments: args, error: undefined, result: undefined, stack: new Error(), target, this: this };
    try {
      call.result = target === undefined ? ReflectApply(impl, this, args) : ReflectConstruct(impl, args, target);
      return call.result;
    } catch (error) {
      call.error = error;
      throw error;
    } finally {
      context.record(call);
    }
  }
  ObjectDefineProperty(mock, 'mock', { value: context, enumerable: false, configurable: false });
  ObjectDefineProperty(mock, 'name', { value: original.name, configurable: true });
  ObjectDefineProperty(mock, 'length', { value: original.length, configurable: true });
  return mock;
}

function timesOption(options) {
  internals.validateObject(options, 'options');
  const { times = Infinity } = options;
  if (times !== Infinity && (!NumberIsInteger(times) || times < 1)) {
    throw nodeErrors.outOfRange('options.times', '>= 1 && <= Infinity', times);
  }
  return times;
}

// Where `name` is defined on `object` or its prototypes, for restoring what was there.
function findDescriptor(object, name) {
  for (let o = object; o !== null; o = ObjectGetPrototypeOf(o)) {
    const descriptor = ObjectGetOwnPropertyDescriptor(o, name);
    if (descriptor !== undefined) return descriptor;
  }
  return undefined;
}

class MockTracker {
  #mocks = new SafeSet();

  fn(original = noop, implementation = original, options = {}) {
    if (original !== null && typeof original === 'object') [original, implementation, options] = [noop, noop, original];
    else if (implementation !== null && typeof implementation === 'object') [implementation, options] = [original, implementation];
    internals.validateFunction(original, 'original');
    internals.validateFunction(implementation, 'implementation');
    const mock = makeMock(original, implementation, undefined, timesOption(options));
    this.#mocks.add(mock.mock);
    return mock;
  }

  method(object, methodName, implementation = undefined, options = {}) {
    if (object === null || (typeof object !== 'object' && typeof object !== 'function')) {
      throw nodeErrors.invalidArgType('object', 'of type object', object);
    }
    if (implementation !== null && typeof implementation === 'object') [implementation, options] = [undefined, implementation];
    const times = timesOption(options);
    const { getter = false, setter = false } = options;
    if (getter && setter) {
      throw nodeErrors.invalidArgValue('options.setter', setter, "cannot be used with 'options.getter'");
    }
    const descriptor = findDescriptor(object, methodName);
    const accessor = getter ? 'get' : setter ? 'set' : 'value';
    const original = descriptor?.[accessor];
    if (typeof original !== 'function') {
      throw nodeErrors.invalidArgType('methodName', 'of type function', original);
    }
    const own = ObjectGetOwnPropertyDescriptor(object, methodName);
    const restore = () => {
      if (own === undefined) delete object[methodName];
      else ObjectDefineProperty(object, methodName, own);
    };
    const mock = makeMock(original, implementation ?? original, restore, times);
    ObjectDefineProperty(object, methodName, { ...descriptor, [accessor]: mock });
    this.#mocks.add(mock.mock);
    return mock;
  }

  getter(object, methodName, implementation = undefined, options = {}) {
    if (implementation !== null && typeof implementation === 'object') [implementation, options] = [undefined, implementation];
    return this.method(object, methodName, implementation, { ...options, getter: true });
  }

  setter(object, methodName, implementation = undefined, options = {}) {
    if (implementation !== null && typeof implementation === 'object') [implementation, options] = [undefined, implementation];
    return this.method(object, methodName, implementation, { ...options, setter: true });
  }

  // Restores every mocked method and forgets the mocks.
  reset() {
    this.restoreAll();
    this.#mocks.clear();
  }
  // Newest first, so a method mocked twice ends with its original.
  restoreAll() {
    const contexts = [...this.#mocks];
    for (let i = contexts.length - 1; i >= 0; i--) FunctionPrototypeCall(contexts[i].restore, contexts[i]);
  }
}

const mock = new MockTracker();
const nodeTest = { mock, MockFunctionContext, MockTracker };
internals.defineNodeModule('test', { ...nodeTest, default: nodeTest });
