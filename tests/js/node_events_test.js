// node:events (runtime-js/api/64_node_events.js): EventEmitter and the events.once / events.on
// helpers, with the examples of Node's documentation.
import EventEmitter, { once, on, errorMonitor, getEventListeners, setMaxListeners } from 'node:events';
import * as events from 'node:events';
import assert from 'node:assert/strict';

export const moduleShape = {
  test() {
    assert.equal(events.EventEmitter, EventEmitter);
    assert.equal(EventEmitter.EventEmitter, EventEmitter);
    assert.equal(events.default, EventEmitter);
    assert.equal(EventEmitter.defaultMaxListeners, 10);
    class MyEmitter extends EventEmitter {}
    const e = new MyEmitter();
    assert.ok(e instanceof EventEmitter);
  },
};

export const emitPassesArgumentsAndThis = {
  test() {
    const myEmitter = new EventEmitter();
    const seen = [];
    myEmitter.on('event', function (a, b) {
      seen.push([a, b, this === myEmitter]);
    });
    myEmitter.on('event', (a, b) => seen.push(['arrow', a, b]));
    assert.equal(myEmitter.emit('event', 'a', 'b'), true);
    assert.equal(myEmitter.emit('nothing'), false);
    assert.deepEqual(seen, [['a', 'b', true], ['arrow', 'a', 'b']]);
  },
};

export const onceAndPrepend = {
  test() {
    const e = new EventEmitter();
    let m = 0;
    e.once('event', () => ++m);
    e.emit('event');
    e.emit('event');
    assert.equal(m, 1);
    const order = [];
    e.on('foo', () => order.push('a'));
    e.prependListener('foo', () => order.push('b'));
    e.prependOnceListener('foo', () => order.push('c'));
    e.emit('foo');
    e.emit('foo');
    assert.deepEqual(order, ['c', 'b', 'a', 'b', 'a']);
  },
};

export const removeListenerDuringEmit = {
  test() {
    const myEmitter = new EventEmitter();
    const calls = [];
    const callbackA = () => {
      calls.push('A');
      myEmitter.removeListener('event', callbackB);
    };
    const callbackB = () => calls.push('B');
    myEmitter.on('event', callbackA);
    myEmitter.on('event', callbackB);
    myEmitter.emit('event');
    myEmitter.emit('event');
    assert.deepEqual(calls, ['A', 'B', 'A']);
    const ping = () => {};
    myEmitter.on('ping', ping);
    myEmitter.once('ping', ping);
    myEmitter.removeListener('ping', ping);
    assert.equal(myEmitter.listenerCount('ping'), 1);
    myEmitter.off('ping', ping);
    assert.equal(myEmitter.listenerCount('ping'), 0);
  },
};

export const listenersAndCounts = {
  test() {
    const e = new EventEmitter();
    const f = () => {};
    e.on('foo', f);
    e.once('bar', f);
    e.on(Symbol.for('s'), f);
    assert.deepEqual(e.eventNames(), ['foo', 'bar', Symbol.for('s')]);
    assert.deepEqual(e.listeners('bar'), [f]);
    assert.equal(e.rawListeners('bar')[0].listener, f);
    e.rawListeners('bar')[0]();
    assert.equal(e.listenerCount('bar'), 0);
    assert.equal(e.listenerCount('foo', f), 1);
    assert.equal(EventEmitter.listenerCount(e, 'foo'), 1);
    e.removeAllListeners('foo');
    assert.deepEqual(e.eventNames(), [Symbol.for('s')]);
    e.removeAllListeners();
    assert.deepEqual(e.eventNames(), []);
    assert.deepEqual(getEventListeners(e, 'foo'), []);
  },
};

export const newListenerAndRemoveListenerEvents = {
  test() {
    const e = new EventEmitter();
    const seen = [];
    e.once('newListener', (event, listener) => {
      if (event === 'event') e.on('event', () => seen.push('B'));
    });
    e.on('event', () => seen.push('A'));
    e.emit('event');
    assert.deepEqual(seen, ['B', 'A']);
    const removed = [];
    e.on('removeListener', (name) => removed.push(name));
    e.removeAllListeners('event');
    assert.deepEqual(removed, ['event', 'event']);
  },
};

export const errorsAndErrorMonitor = {
  test() {
    const e = new EventEmitter();
    assert.throws(() => e.emit('error', new Error('whoops!')), { message: 'whoops!' });
    assert.throws(() => e.emit('error', 'text'), { code: 'ERR_UNHANDLED_ERROR', message: "Unhandled error. ('text')" });
    const monitored = [];
    e.on(errorMonitor, (err) => monitored.push(err.message));
    assert.throws(() => e.emit('error', new Error('again')));
    assert.deepEqual(monitored, ['again']);
    e.on('error', () => {});
    assert.equal(e.emit('error', new Error('handled')), true);
    assert.throws(() => e.on('x', 'not a function'), { code: 'ERR_INVALID_ARG_TYPE' });
  },
};

export const captureRejections = {
  async test() {
    const e = new EventEmitter({ captureRejections: true });
    const errors = [];
    e.on('event', async () => { throw new Error('kaboom'); });
    e.on('error', (err) => errors.push(err.message));
    e.emit('event');
    await new Promise((r) => setTimeout(r, 1));
    assert.deepEqual(errors, ['kaboom']);
  },
};

export const maxListeners = {
  test() {
    const e = new EventEmitter();
    assert.equal(e.getMaxListeners(), 10);
    e.setMaxListeners(1);
    assert.equal(e.getMaxListeners(), 1);
    setMaxListeners(5, e);
    assert.equal(e.getMaxListeners(), 5);
    assert.throws(() => e.setMaxListeners(-1), { code: 'ERR_OUT_OF_RANGE' });
  },
};

export const eventsOnce = {
  async test() {
    const ee = new EventEmitter();
    setTimeout(() => ee.emit('myevent', 42), 1);
    const [value] = await once(ee, 'myevent');
    assert.equal(value, 42);
    setTimeout(() => ee.emit('error', new Error('boom')), 1);
    await assert.rejects(once(ee, 'myevent'), { message: 'boom' });
    assert.equal(ee.listenerCount('error'), 0);
    const ac = new AbortController();
    const waiting = once(ee, 'foo', { signal: ac.signal });
    ac.abort();
    await assert.rejects(waiting, { name: 'AbortError' });
    const target = new EventTarget();
    setTimeout(() => target.dispatchEvent(new Event('ping')), 1);
    const [event] = await once(target, 'ping');
    assert.equal(event.type, 'ping');
  },
};

export const eventsOnIterates = {
  async test() {
    const ee = new EventEmitter();
    setTimeout(() => {
      ee.emit('foo', 'bar');
      ee.emit('foo', 42);
    }, 1);
    const seen = [];
    for await (const event of on(ee, 'foo')) {
      seen.push(event);
      if (seen.length === 2) break;
    }
    assert.deepEqual(seen, [['bar'], [42]]);
    assert.equal(ee.listenerCount('foo'), 0);
    const iterator = on(ee, 'foo');
    setTimeout(() => ee.emit('error', new Error('stop')), 1);
    await assert.rejects(iterator.next(), { message: 'stop' });
  },
};

export const eventEmitterAsyncResource = {
  async test() {
    const { EventEmitterAsyncResource } = events;
    const { AsyncLocalStorage, AsyncResource } = await import('node:async_hooks');
    assert.equal(EventEmitter.EventEmitterAsyncResource, EventEmitterAsyncResource);
    const als = new AsyncLocalStorage();
    let emitter;
    als.run(7, () => { emitter = new EventEmitterAsyncResource({ name: 'X' }); });
    assert.ok(emitter instanceof EventEmitter);
    assert.ok(emitter.asyncResource instanceof AsyncResource);
    assert.equal(emitter.asyncResource.eventEmitter, emitter);
    assert.equal(emitter.asyncResource.type, 'X');
    // Listeners run in the context of the emitter's creation, not of the emit call.
    let seen;
    emitter.on('x', (value) => { seen = [als.getStore(), value]; });
    assert.equal(emitter.emit('x', 1), true);
    assert.deepEqual(seen, [7, 1]);
    assert.equal(new EventEmitterAsyncResource().asyncResource.type, 'EventEmitterAsyncResource');
    assert.throws(() => EventEmitterAsyncResource(), TypeError);
  },
};
