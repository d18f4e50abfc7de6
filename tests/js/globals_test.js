// Timers, microtasks, structuredClone, crypto, performance, navigator, and the built-ins V8 10.2
// lacks, as a Worker sees them.
const assert = (cond, msg) => { if (!cond) throw new Error('assertion failed: ' + msg); };
const eq = (a, b, msg) => { if (a !== b) throw new Error(`${msg}: expected ${JSON.stringify(b)}, got ${JSON.stringify(a)}`); };
const throwsLike = (fn, type, re, msg) => {
  try { fn(); } catch (e) {
    assert(e instanceof type || e?.name === type.name, `${msg}: wrong type ${e?.name}`);
    if (re) assert(re.test(e.message), `${msg}: message "${e.message}"`);
    return;
  }
  throw new Error(`${msg}: did not throw`);
};

export const timersRunInDelayOrder = {
  async test() {
    const order = [];
    await new Promise((resolve) => {
      setTimeout(() => order.push('b'), 20);
      setTimeout(() => order.push('a'), 5);
      setTimeout((x, y) => { order.push(x + y); resolve(); }, 40, 'c', 'd');
    });
    eq(order.join(','), 'a,b,cd', 'order');
  },
};

export const clearTimeoutCancels = {
  async test() {
    let fired = false;
    const id = setTimeout(() => { fired = true; }, 5);
    clearTimeout(id);
    await new Promise((r) => setTimeout(r, 30));
    eq(fired, false, 'cancelled timer fired');
  },
};

export const setIntervalRepeatsUntilCleared = {
  async test() {
    let count = 0;
    await new Promise((resolve) => {
      const id = setInterval(() => {
        if (++count === 3) { clearInterval(id); resolve(); }
      }, 2);
    });
    await new Promise((r) => setTimeout(r, 20));
    eq(count, 3, 'interval count');
  },
};

export const queueMicrotaskRunsBeforeTimers = {
  async test() {
    const order = [];
    await new Promise((resolve) => {
      setTimeout(() => { order.push('timer'); resolve(); }, 0);
      queueMicrotask(() => order.push('micro'));
    });
    eq(order.join(','), 'micro,timer', 'order');
    throwsLike(() => queueMicrotask(1), TypeError, /parameter 1 is not of type 'Function'/, 'non-function');
  },
};

export const structuredCloneCopiesDeeply = {
  async test() {
    const original = { date: new Date(5), map: new Map([[1, { a: [1, 2] }]]), set: new Set(['x']),
      bytes: new Uint8Array([1, 2, 3]), re: /a+/g, big: 10n };
    original.self = original;
    const copy = structuredClone(original);
    assert(copy !== original && copy.self === copy, 'cycle kept');
    eq(copy.date.getTime(), 5, 'date');
    eq(copy.map.get(1).a[1], 2, 'map');
    assert(copy.set.has('x'), 'set');
    eq(copy.bytes[2], 3, 'bytes');
    eq(copy.re.source, 'a+', 'regexp');
    eq(copy.big, 10n, 'bigint');
    throwsLike(() => structuredClone(() => 1), DOMException, /could not be cloned/, 'function');
    try { structuredClone(() => 1); } catch (e) { eq(e.name, 'DataCloneError', 'error name'); }
    const buffer = new ArrayBuffer(8);
    const moved = structuredClone(buffer, { transfer: [buffer] });
    eq(buffer.byteLength, 0, 'transferred buffer detached');
    eq(moved.byteLength, 8, 'transferred size');
  },
};

export const cryptoRandom = {
  async test() {
    const a = crypto.getRandomValues(new Uint8Array(32));
    const b = crypto.getRandomValues(new Uint8Array(32));
    assert(a.some((v, i) => v !== b[i]), 'two random arrays differ');
    throwsLike(() => crypto.getRandomValues(new Float32Array(4)), DOMException, /integer-typed/, 'float array');
    throwsLike(() => crypto.getRandomValues(new Uint8Array(65537)), DOMException, /65536/, 'quota');
    const uuid = crypto.randomUUID();
    assert(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(uuid), uuid);
    assert(crypto.randomUUID() !== uuid, 'uuids differ');
  },
};

export const performanceAndNavigator = {
  async test() {
    eq(typeof performance.now(), 'number', 'performance.now');
    eq(performance.timeOrigin, 0, 'timeOrigin');
    eq(navigator.userAgent, 'Cloudflare-Workers', 'userAgent');
    eq(self, globalThis, 'self');
  },
};

export const missingBuiltinsAreProvided = {
  async test() {
    const { promise, resolve } = Promise.withResolvers();
    resolve(7);
    eq(await promise, 7, 'withResolvers');
    const groups = Object.groupBy([1, 2, 3, 4], (n) => (n % 2 ? 'odd' : 'even'));
    eq(groups.odd.join(), '1,3', 'Object.groupBy');
    eq(Map.groupBy([1, 2, 3], (n) => n > 1).get(true).length, 2, 'Map.groupBy');
    async function* gen() { yield 1; yield 2; }
    eq((await Array.fromAsync(gen(), (x) => x * 10)).join(), '10,20', 'Array.fromAsync');
    eq([...new Set([1, 2]).union(new Set([3]))].join(), '1,2,3', 'union');
    eq([...new Set([1, 2]).intersection(new Set([2, 3]))].join(), '2', 'intersection');
    eq(new Set([1]).isSubsetOf(new Set([1, 2])), true, 'isSubsetOf');
    eq([3, 1, 2].toSorted().join(), '1,2,3', 'toSorted');
    eq([1, 2].with(0, 9).join(), '9,2', 'with');
    eq('a\uD800'.isWellFormed(), false, 'isWellFormed');
  },
};

// The global is a ServiceWorkerGlobalScope, a WorkerGlobalScope, an EventTarget (as on
// Workers), while the Web APIs stay its own properties.
export const globalIsAServiceWorkerGlobalScope = {
  async test() {
    eq(Object.prototype.toString.call(globalThis), '[object ServiceWorkerGlobalScope]', 'tag');
    eq(Object.getPrototypeOf(globalThis), ServiceWorkerGlobalScope.prototype, 'prototype');
    eq(Object.getPrototypeOf(ServiceWorkerGlobalScope.prototype), WorkerGlobalScope.prototype,
      'ServiceWorkerGlobalScope extends WorkerGlobalScope');
    eq(Object.getPrototypeOf(WorkerGlobalScope.prototype), EventTarget.prototype,
      'WorkerGlobalScope extends EventTarget');
    assert(self instanceof ServiceWorkerGlobalScope && self instanceof EventTarget, 'instanceof');
    throwsLike(() => new ServiceWorkerGlobalScope(), TypeError, /^Illegal constructor$/, 'new');
    throwsLike(() => new WorkerGlobalScope(), TypeError, /^Illegal constructor$/, 'new');
    assert(Object.getOwnPropertyDescriptor(globalThis, 'fetch') !== undefined, 'fetch is own');
  },
};

export const globalTakesEventListeners = {
  async test() {
    const seen = [];
    const listener = (e) => seen.push([e.type, e.target === globalThis, e.detail]);
    addEventListener('ping', listener);  // bare call: `this` is undefined, meaning the global
    globalThis.addEventListener('ping', (e) => seen.push(['second', e.detail]));
    eq(dispatchEvent(new CustomEvent('ping', { detail: 1 })), true, 'dispatch result');
    removeEventListener('ping', listener);
    self.dispatchEvent(new CustomEvent('ping', { detail: 2 }));
    eq(JSON.stringify(seen), '[["ping",true,1],["second",1],["second",2]]', 'listeners');
    throwsLike(() => EventTarget.prototype.addEventListener.call({}, 'x', () => {}), TypeError,
      /^Illegal invocation$/, 'other objects are still refused');
  },
};
