// node:diagnostics_channel (runtime-js/api/70_node_diagnostics_channel.js): channels, stores and
// tracing channels, with the examples of Node's documentation.
import diagnosticsChannel, {
  channel, hasSubscribers, subscribe, unsubscribe, tracingChannel, Channel, TracingChannel,
} from 'node:diagnostics_channel';
import { AsyncLocalStorage } from 'node:async_hooks';
import assert from 'node:assert/strict';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

export const moduleShape = {
  test() {
    assert.equal(diagnosticsChannel.channel, channel);
    assert.deepEqual(Object.keys(diagnosticsChannel).sort(),
      ['Channel', 'channel', 'hasSubscribers', 'subscribe', 'tracingChannel', 'unsubscribe']);
    assert.equal(typeof TracingChannel, 'function');
    assert.throws(() => new Channel('x'), { name: 'TypeError', message: 'Illegal constructor' });
    assert.throws(() => new TracingChannel('x'),
      { message: 'Use diagnostic_channel.tracingChannels() to create TracingChannel' });
  },
};

export const publishToSubscribers = {
  test() {
    // Node's example: subscribe by name, publish only when someone listens.
    const ch = channel('test:my-channel');
    assert.equal(ch, channel('test:my-channel'));
    assert.ok(ch instanceof Channel);
    assert.equal(ch.name, 'test:my-channel');
    assert.equal(ch.hasSubscribers, false);
    assert.equal(hasSubscribers('test:my-channel'), false);
    const seen = [];
    const onMessage = (message, name) => seen.push([message, name]);
    subscribe('test:my-channel', onMessage);
    assert.equal(ch.hasSubscribers, true);
    assert.equal(hasSubscribers('test:my-channel'), true);
    if (ch.hasSubscribers) ch.publish({ some: 'data' });
    assert.deepEqual(seen, [[{ some: 'data' }, 'test:my-channel']]);
    assert.equal(unsubscribe('test:my-channel', onMessage), true);
    assert.equal(unsubscribe('test:my-channel', onMessage), false);
    assert.equal(unsubscribe('test:never-made', onMessage), false);
    assert.equal(ch.hasSubscribers, false);
    ch.publish('nobody listens');
    assert.equal(seen.length, 1);
  },
};

export const channelSubscribeUnsubscribe = {
  test() {
    const ch = channel('test:methods');
    const seen = [];
    const a = (m) => seen.push(`a${m}`);
    const b = (m) => seen.push(`b${m}`);
    ch.subscribe(a);
    ch.subscribe(b);
    ch.subscribe(a); // a second subscription of the same function is called twice
    ch.publish(1);
    assert.deepEqual(seen, ['a1', 'b1', 'a1']);
    assert.equal(ch.unsubscribe(a), true);
    ch.publish(2);
    assert.deepEqual(seen.slice(3), ['b2', 'a2']);
    assert.equal(ch.unsubscribe(() => {}), false);
    assert.equal(ch.unsubscribe(1), false);
  },
};

export const changesDuringPublishApplyNextTime = {
  test() {
    const ch = channel('test:during-publish');
    const seen = [];
    const late = () => seen.push('late');
    const first = () => {
      seen.push('first');
      ch.subscribe(late);
      ch.unsubscribe(first);
    };
    ch.subscribe(first);
    ch.publish();
    assert.deepEqual(seen, ['first']);
    ch.publish();
    assert.deepEqual(seen, ['first', 'late']);
  },
};

export const throwingSubscriberDoesNotStopOthers = {
  async test() {
    const ch = channel('test:throwing');
    const seen = [];
    ch.subscribe(() => { throw new Error('subscriber failed (expected in this test)'); });
    ch.subscribe((m) => seen.push(m));
    ch.publish('x'); // the error is reported as uncaught, not thrown to the publisher
    assert.deepEqual(seen, ['x']);
    await tick();
  },
};

export const symbolNames = {
  test() {
    const name = Symbol('test:symbol');
    const ch = channel(name);
    assert.equal(channel(name), ch);
    assert.equal(ch.name, name);
    assert.notEqual(channel(Symbol('test:symbol')), ch);
    assert.notEqual(channel('Symbol(test:symbol)'), ch);
  },
};

export const argumentErrors = {
  test() {
    assert.throws(() => channel(1), {
      name: 'TypeError',
      code: 'ERR_INVALID_ARG_TYPE',
      message: 'The "channel" argument must be one of type string or symbol. Received type number (1)',
    });
    assert.throws(() => channel('test:errors').subscribe('nope'), {
      code: 'ERR_INVALID_ARG_TYPE',
      message: 'The "subscription" argument must be of type function. Received type string (\'nope\')',
    });
    assert.throws(() => subscribe('test:errors', null), { code: 'ERR_INVALID_ARG_TYPE' });
    assert.throws(() => channel('test:errors').bindStore({}), {
      code: 'ERR_INVALID_ARG_TYPE',
      message: 'The "store" argument must be an instance of AsyncLocalStorage. Received an instance of Object',
    });
    assert.throws(() => channel('test:errors').runStores({}, 'fn'), { code: 'ERR_INVALID_ARG_TYPE' });
    assert.equal(hasSubscribers(42), false);
  },
};

export const bindStoreAndRunStores = {
  test() {
    // Node's example: the store holds the transform of the message while fn runs.
    const store = new AsyncLocalStorage();
    const ch = channel('test:stores');
    ch.bindStore(store, (data) => ({ data }));
    assert.equal(ch.hasSubscribers, true, 'a bound store counts as a subscriber');
    const seen = [];
    ch.subscribe((message) => seen.push(['published', message, store.getStore()]));
    const result = ch.runStores({ some: 'message' }, function (a, b) {
      seen.push(['fn', store.getStore(), a, b, this]);
      return 'result';
    }, 'receiver', 1, 2);
    assert.equal(result, 'result');
    assert.deepEqual(seen, [
      ['published', { some: 'message' }, { data: { some: 'message' } }],
      ['fn', { data: { some: 'message' } }, 1, 2, 'receiver'],
    ]);
    assert.equal(store.getStore(), undefined);

    // Without a transform the message itself is the store's value.
    const plain = new AsyncLocalStorage();
    ch.bindStore(plain);
    ch.runStores('m', () => assert.equal(plain.getStore(), 'm'));
    assert.equal(ch.unbindStore(plain), true);
    assert.equal(ch.unbindStore(plain), false);
    assert.equal(ch.unbindStore(store), true);
  },
};

export const storeFollowsAwait = {
  async test() {
    const store = new AsyncLocalStorage();
    const ch = channel('test:stores-async');
    ch.bindStore(store);
    const inside = await ch.runStores('ctx', async () => {
      await tick();
      return store.getStore();
    });
    assert.equal(inside, 'ctx');
    ch.unbindStore(store);
  },
};

export const failingTransformLeavesStoreUnset = {
  async test() {
    const store = new AsyncLocalStorage();
    const ch = channel('test:bad-transform');
    ch.bindStore(store, () => { throw new Error('transform failed (expected in this test)'); });
    assert.equal(ch.runStores('m', () => store.getStore() ?? 'unset'), 'unset');
    ch.unbindStore(store);
    await tick();
  },
};

function recordEvents(tc) {
  const events = [];
  const handler = (name) => (message) => events.push([name, { ...message }]);
  const handlers = {
    start: handler('start'),
    end: handler('end'),
    asyncStart: handler('asyncStart'),
    asyncEnd: handler('asyncEnd'),
    error: handler('error'),
  };
  tc.subscribe(handlers);
  return { events, handlers };
}

export const tracingChannelShape = {
  test() {
    const tc = tracingChannel('test:shape');
    assert.ok(tc instanceof TracingChannel);
    assert.equal(tc.start, channel('tracing:test:shape:start'));
    assert.equal(tc.end.name, 'tracing:test:shape:end');
    assert.equal(tc.asyncStart.name, 'tracing:test:shape:asyncStart');
    assert.equal(tc.asyncEnd.name, 'tracing:test:shape:asyncEnd');
    assert.equal(tc.error.name, 'tracing:test:shape:error');
    assert.equal(tc.hasSubscribers, false);

    const channels = {
      start: channel('test:own:start'),
      end: channel('test:own:end'),
      asyncStart: channel('test:own:asyncStart'),
      asyncEnd: channel('test:own:asyncEnd'),
      error: channel('test:own:error'),
    };
    const own = tracingChannel(channels);
    assert.equal(own.error, channels.error);

    assert.throws(() => tracingChannel(1), {
      code: 'ERR_INVALID_ARG_TYPE',
      message: 'The "channels" argument must be of type object. Received type number (1)',
    });
    assert.throws(() => tracingChannel({ ...channels, start: 1 }), {
      code: 'ERR_INVALID_ARG_TYPE',
      message: 'The "channels.start" property must be an instance of Channel. Received type number (1)',
    });
  },
};

export const tracingSubscribeUnsubscribe = {
  test() {
    const tc = tracingChannel('test:subscribe');
    const handlers = { start() {}, end() {} };
    tc.subscribe(handlers);
    assert.equal(tc.hasSubscribers, true);
    assert.equal(tc.start.hasSubscribers, true);
    assert.equal(tc.asyncStart.hasSubscribers, false);
    assert.equal(tc.unsubscribe(handlers), true);
    assert.equal(tc.hasSubscribers, false);
    assert.equal(tc.unsubscribe(handlers), false);
  },
};

export const traceSync = {
  test() {
    const tc = tracingChannel('test:sync');
    const { events, handlers } = recordEvents(tc);
    const result = tc.traceSync(function (a, b) { return [a + b, this]; }, { some: 'thing' }, 'self', 1, 2);
    assert.deepEqual(result, [3, 'self']);
    assert.deepEqual(events, [
      ['start', { some: 'thing' }],
      ['end', { some: 'thing', result: [3, 'self'] }],
    ]);
    events.length = 0;
    const failure = new Error('sync failure');
    assert.throws(() => tc.traceSync(() => { throw failure; }, {}), failure);
    assert.deepEqual(events, [['start', {}], ['error', { error: failure }], ['end', { error: failure }]]);
    tc.unsubscribe(handlers);
    assert.equal(tc.traceSync((x) => x * 2, {}, undefined, 21), 42, 'no subscribers: just calls fn');
  },
};

export const tracePromise = {
  async test() {
    const tc = tracingChannel('test:promise');
    const { events, handlers } = recordEvents(tc);
    assert.equal(await tc.tracePromise(async (x) => x * 2, { id: 1 }, undefined, 21), 42);
    assert.deepEqual(events.map((e) => e[0]), ['start', 'end', 'asyncStart', 'asyncEnd']);
    assert.deepEqual(events[3][1], { id: 1, result: 42 });
    events.length = 0;
    const failure = new Error('async failure');
    await assert.rejects(tc.tracePromise(async () => { throw failure; }, {}), failure);
    assert.deepEqual(events.map((e) => e[0]), ['start', 'end', 'error', 'asyncStart', 'asyncEnd']);
    assert.equal(events[2][1].error, failure);
    events.length = 0;
    // A non-promise result is made a promise.
    assert.equal(await tc.tracePromise(() => 5, {}), 5);
    assert.deepEqual(events.map((e) => e[0]), ['start', 'end', 'asyncStart', 'asyncEnd']);
    tc.unsubscribe(handlers);
  },
};

export const traceCallback = {
  async test() {
    const tc = tracingChannel('test:callback');
    const { events, handlers } = recordEvents(tc);
    const store = new AsyncLocalStorage();
    tc.asyncStart.bindStore(store, (context) => context.id);
    // position -1: the callback is the last argument.
    const [err, value, storeInCallback] = await new Promise((resolve) => {
      tc.traceCallback((a, callback) => { setTimeout(() => callback(null, a + 1), 1); }, -1, { id: 7 },
        undefined, 41, (e, v) => resolve([e, v, store.getStore()]));
    });
    assert.equal(err, null);
    assert.equal(value, 42);
    assert.equal(storeInCallback, 7, 'a store bound to asyncStart is current in the callback');
    assert.deepEqual(events.map((e) => e[0]), ['start', 'end', 'asyncStart', 'asyncEnd']);
    assert.deepEqual(events[2][1], { id: 7, result: 42 });
    events.length = 0;
    // position 0, and an error passed to the callback.
    const failure = new Error('callback failure');
    const got = await new Promise((resolve) => {
      tc.traceCallback((callback) => callback(failure), 0, {}, undefined, (e) => resolve(e));
    });
    assert.equal(got, failure);
    assert.deepEqual(events.map((e) => e[0]), ['start', 'error', 'asyncStart', 'asyncEnd', 'end']);
    assert.throws(() => tc.traceCallback(() => {}, -1, {}, undefined, 'not a function'), {
      code: 'ERR_INVALID_ARG_TYPE',
      message: 'The "callback" argument must be of type function. Received type string (\'not a function\')',
    });
    tc.unsubscribe(handlers);
    tc.asyncStart.unbindStore(store);
  },
};
