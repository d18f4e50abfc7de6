'use strict';
// node:diagnostics_channel: named channels that libraries (undici, fastify, pino…) publish
// events on, and TracingChannel, the five channels (start, end, asyncStart, asyncEnd, error)
// around one traced call. Behaviour is Node's documented one (`channel.hasSubscribers` is a
// property, unsubscribe() answers whether it removed something, traceCallback's position -1 is
// the last argument), where workerd's differs. A channel lives as long as the isolate.

const {
  ArrayPrototypeIndexOf, ArrayPrototypePush, ArrayPrototypeSlice,
  ArrayPrototypeSplice, ObjectDefineProperty, Promise, PromiseReject, PromiseResolve,
  PromisePrototypeThen, ReflectApply, SafeMap, Error,
} = primordials;
const {
  AsyncLocalStorage, nodeErrors, validateFunction, validateObject, reportError,
  illegalConstructor, kInternalConstruct,
} = internals;

// Channels by name (a string or a symbol; the same name always answers the same channel).
const channels = new SafeMap();

// Node rethrows a subscriber's (or a store transform's) error as an uncaught exception after
// the publish, so one faulty subscriber neither stops the others nor the publisher.
const resolvedUndefined = PromiseResolve(undefined);
const reportLater = (error) => {
  PromisePrototypeThen(resolvedUndefined, () => reportError(error));
};

class Channel {
  #name;
  // Replaced, never mutated, on (un)subscribe: a publish walks the list as it was when it began.
  #subscribers = [];
  // AsyncLocalStorage -> transform(message) giving the store's value inside runStores().
  #stores = new SafeMap();

  constructor(name, token = undefined) {
    if (token !== kInternalConstruct) throw illegalConstructor();
    this.#name = name;
  }

  get name() { return this.#name; }

  // True while anything (a subscriber or a bound store) would see a publish.
  get hasSubscribers() {
    return this.#subscribers.length > 0 || this.#stores.size > 0;
  }

  subscribe(subscription) {
    validateFunction(subscription, 'subscription');
    const next = ArrayPrototypeSlice(this.#subscribers);
    ArrayPrototypePush(next, subscription);
    this.#subscribers = next;
  }

  unsubscribe(subscription) {
    const index = ArrayPrototypeIndexOf(this.#subscribers, subscription);
    if (index === -1) return false;
    const next = ArrayPrototypeSlice(this.#subscribers);
    ArrayPrototypeSplice(next, index, 1);
    this.#subscribers = next;
    return true;
  }

  publish(message) {
    const subscribers = this.#subscribers;
    for (let i = 0; i < subscribers.length; i++) {
      try {
        ReflectApply(subscribers[i], undefined, [message, this.#name]);
      } catch (error) {
        reportLater(error);
      }
    }
  }

  bindStore(store, transform = undefined) {
    if (!(store instanceof AsyncLocalStorage)) {
      throw nodeErrors.invalidArgType('store', 'an instance of AsyncLocalStorage', store);
    }
    if (transform !== undefined) validateFunction(transform, 'transform');
    this.#stores.set(store, transform);
  }

  unbindStore(store) {
    return this.#stores.delete(store);
  }

  // Publishes `message` and runs fn with every bound store set to its transform of the message.
  runStores(message, fn, thisArg = undefined, ...args) {
    validateFunction(fn, 'fn');
    let run = () => {
      this.publish(message);
      return ReflectApply(fn, thisArg, args);
    };
    for (const { 0: store, 1: transform } of this.#stores) {
      const next = run;
      run = () => {
        let value;
        try {
          value = transform === undefined ? message : transform(message);
        } catch (error) {
          reportLater(error);
          return next();
        }
        return store.run(value, next);
      };
    }
    return run();
  }
}

function channel(name) {
  const existing = channels.get(name);
  if (existing !== undefined) return existing;
  if (typeof name !== 'string' && typeof name !== 'symbol') {
    throw nodeErrors.invalidArgType('channel', 'one of type string or symbol', name);
  }
  const created = new Channel(name, kInternalConstruct);
  channels.set(name, created);
  return created;
}

function hasSubscribers(name) {
  return channels.get(name)?.hasSubscribers ?? false;
}

function subscribe(name, subscription) {
  channel(name).subscribe(subscription);
}

function unsubscribe(name, subscription) {
  return channels.get(name)?.unsubscribe(subscription) ?? false;
}

const kTraceEvents = ['start', 'end', 'asyncStart', 'asyncEnd', 'error'];

function tracingChannelPart(nameOrChannels, event) {
  if (typeof nameOrChannels === 'string') return channel(`tracing:${nameOrChannels}:${event}`);
  const part = nameOrChannels[event];
  if (!(part instanceof Channel)) {
    throw nodeErrors.invalidArgType(`channels.${event}`, 'an instance of Channel', part);
  }
  return part;
}

// The synchronous part of every trace: `call` runs with start's stores, a throw publishes
// error, and end is published however it returns.
function runTraced(tracing, context, call) {
  return tracing.start.runStores(context, () => {
    try {
      return call();
    } catch (err) {
      context.error = err;
      tracing.error.publish(context);
      throw err;
    } finally {
      tracing.end.publish(context);
    }
  });
}

class TracingChannel {
  constructor(nameOrChannels = undefined, token = undefined) {
    if (token !== kInternalConstruct) {
      throw new Error('Use diagnostic_channel.tracingChannels() to create TracingChannel');
    }
    if (typeof nameOrChannels !== 'string') validateObject(nameOrChannels, 'channels');
    for (const event of kTraceEvents) {
      ObjectDefineProperty(this, event, { value: tracingChannelPart(nameOrChannels, event) });
    }
  }

  get hasSubscribers() {
    return this.start.hasSubscribers || this.end.hasSubscribers ||
      this.asyncStart.hasSubscribers || this.asyncEnd.hasSubscribers ||
      this.error.hasSubscribers;
  }

  // handlers: {start, end, asyncStart, asyncEnd, error}, each optional.
  subscribe(handlers) {
    for (const event of kTraceEvents) {
      if (handlers[event]) this[event].subscribe(handlers[event]);
    }
  }

  // True when every given handler was subscribed (and is now removed).
  unsubscribe(handlers) {
    let all = true;
    for (const event of kTraceEvents) {
      if (handlers[event] && !this[event].unsubscribe(handlers[event])) all = false;
    }
    return all;
  }

  traceSync(fn, context = {}, thisArg = undefined, ...args) {
    if (!this.hasSubscribers) return ReflectApply(fn, thisArg, args);
    return runTraced(this, context, () => {
      const result = ReflectApply(fn, thisArg, args);
      context.result = result;
      return result;
    });
  }

  // end is published when fn returns its promise; asyncStart and asyncEnd when it settles.
  tracePromise(fn, context = {}, thisArg = undefined, ...args) {
    if (!this.hasSubscribers) return ReflectApply(fn, thisArg, args);
    const { asyncStart, asyncEnd, error } = this;
    const resolve = (result) => {
      context.result = result;
      asyncStart.publish(context);
      asyncEnd.publish(context);
      return result;
    };
    const reject = (err) => {
      context.error = err;
      error.publish(context);
      asyncStart.publish(context);
      asyncEnd.publish(context);
      return PromiseReject(err);
    };
    return runTraced(this, context, () => {
      let promise = ReflectApply(fn, thisArg, args);
      // A thenable becomes a real promise, so the continuation is ours to chain.
      if (!(promise instanceof Promise)) promise = PromiseResolve(promise);
      return PromisePrototypeThen(promise, resolve, reject);
    });
  }

  // args[position] (the last one for -1) is a Node-style callback(err, result); asyncStart and
  // asyncEnd surround it.
  traceCallback(fn, position = -1, context = {}, thisArg = undefined, ...args) {
    if (!this.hasSubscribers) return ReflectApply(fn, thisArg, args);
    const { asyncStart, asyncEnd, error } = this;
    if (position < 0) position += args.length;
    const callback = args[position];
    validateFunction(callback, 'callback');
    function wrappedCallback(err, result) {
      if (err) {
        context.error = err;
        error.publish(context);
      } else {
        context.result = result;
      }
      // Through runStores, so a store bound to asyncStart is current inside the callback.
      return asyncStart.runStores(context, () => {
        try {
          return ReflectApply(callback, this, arguments);
        } finally {
          asyncEnd.publish(context);
        }
      });
    }
    ArrayPrototypeSplice(args, position, 1, wrappedCallback);
    return runTraced(this, context, () => ReflectApply(fn, thisArg, args));
  }
}

function tracingChannel(nameOrChannels) {
  return new TracingChannel(nameOrChannels, kInternalConstruct);
}

const diagnosticsChannel = {
  hasSubscribers, channel, subscribe, unsubscribe, tracingChannel, Channel,
};
internals.defineNodeModule('diagnostics_channel', {
  ...diagnosticsChannel, TracingChannel, default: diagnosticsChannel,
});
