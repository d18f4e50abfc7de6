'use strict';
// The Worker's entry points: setting up `env`, finding the default export's handlers, and
// running a fetch event for the native layer (src/api/fetch_event.cc), which passes an id for
// the HTTP exchange and receives the response through ops.fetch*.

const {
  Error, TypeError, PromiseResolve, PromisePrototypeThen, PromiseAllSettled, ArrayPrototypePush,
  ObjectPrototypeIsPrototypeOf, FunctionPrototypeCall,
} = primordials;
const {
  fetchBodyRead, fetchBodyReadAll, fetchRespond, fetchUpgrade, fetchWrite, fetchEnd, fetchFail,
  fetchDone,
} = ops;

// `env` before the main module runs, so `import { env } from "cloudflare:workers"` sees it.
// `spec` is what src/server/worker_version.cc built: the vars and secrets as they are, and one
// descriptor per binding, turned into its object by the factory its module registered.
let workerEnv = {};
let bindingSpecs = [];
internals.bindingFactories = { __proto__: null };
// Per binding type, a check of the main module's exports (a class a binding names must exist).
internals.bindingChecks = { __proto__: null };
// Runtime files that derive state from env (node:process's env) register here.
const envListeners = [];
internals.onEnvSet = (fn) => { envListeners.push(fn); };
internals.setEnv = (spec) => {
  const env = spec.vars;
  bindingSpecs = spec.bindings;
  for (const binding of bindingSpecs) {
    const factory = internals.bindingFactories[binding.type];
    if (factory === undefined) throw new Error(`binding ${binding.name}: unknown type ${binding.type}`);
    env[binding.name] = factory(binding);
  }
  workerEnv = env;
  internals.builtinModules['cloudflare:workers'].env = env;
  for (const fn of envListeners) fn(env);
};
internals.workerEnv = () => workerEnv;

// The context object passed as `ctx` (workers-types ExecutionContext).
class ExecutionContext {
  #waitUntil;
  #passThrough = false;

  constructor(key, waitUntil, props) {
    if (key !== internals) throw new TypeError('Illegal constructor');
    this.#waitUntil = waitUntil;
    // A writable own property, as workerd's lazy instance property is: libraries replace it for
    // the handlers they call (@cloudflare/workers-oauth-provider sets ctx.props to the token's).
    // Plain assignment makes it so (nothing on the prototype intercepts it) without the slow
    // defineProperty path every request would pay.
    this.props = props;
  }
  static {
    internals.passThroughRequested = (ctx) => ctx.#passThrough;
    // For events whose outcome includes their waitUntil promises (a cron trigger's).
    internals.waitUntilPromises = (ctx) => ctx.#waitUntil;
  }
  waitUntil(promise) {
    if (arguments.length === 0) {
      throw new TypeError("Failed to execute 'waitUntil' on 'ExecutionContext': 1 argument required, but only 0 present.");
    }
    ArrayPrototypePush(this.#waitUntil, PromiseResolve(promise));
  }
  passThroughOnException() {
    this.#passThrough = true;
  }
  get [Symbol.toStringTag]() { return 'ExecutionContext'; }
}
internals.ExecutionContext = ExecutionContext;

// How the default export handles events: an object with methods, or a WorkerEntrypoint class
// instantiated per event with (ctx, env).
let handlers = null;
internals.setupWorker = (namespace) => {
  internals.workerModule = namespace;
  for (const binding of bindingSpecs) internals.bindingChecks[binding.type]?.(binding, namespace);
  const main = namespace.default;
  if (typeof main === 'function' && ObjectPrototypeIsPrototypeOf(internals.WorkerEntrypoint, main)) {
    handlers = { entrypointClass: main, object: null };
  } else if (main !== null && typeof main === 'object') {
    handlers = { entrypointClass: null, object: main };
  } else {
    handlers = { entrypointClass: null, object: null };
  }
};

// Returns [thisArg, handler function] for event `name`, or null when the Worker has none.
function findHandler(name, ctx) {
  if (handlers.entrypointClass !== null) {
    const instance = new handlers.entrypointClass(ctx, workerEnv);
    const fn = instance[name];
    return typeof fn === 'function' ? [instance, fn, true] : null;
  }
  const fn = handlers.object?.[name];
  return typeof fn === 'function' ? [handlers.object, fn, false] : null;
}
internals.findHandler = findHandler;

// Waits for every waitUntil promise, including ones added while waiting.
async function settleWaitUntil(list) {
  for (let done = 0; done < list.length;) {
    const batch = list.slice(done);
    done = list.length;
    await PromiseAllSettled(batch);
  }
}
internals.settleWaitUntil = settleWaitUntil;

async function writeStreamBody(id, stream) {
  // The runtime's own reader functions: a Worker that patches ReadableStream's prototype cannot
  // disturb how its response is sent.
  const reader = internals.acquireReadableStreamReader(stream);
  for (;;) {
    const { value, done } = await internals.readableStreamReaderRead(reader);
    if (done) break;
    if (!(value instanceof primordials.Uint8Array)) {
      throw new TypeError('This ReadableStream did not return bytes.');
    }
    const flushed = fetchWrite(id, value);
    if (flushed !== undefined) await flushed;
  }
  fetchEnd(id);
}

async function sendResponse(id, response) {
  if (!internals.isResponse(response)) {
    throw new TypeError("Incorrect type for Promise: the Promise did not resolve to 'Response'.");
  }
  const parts = internals.responseParts(response);
  const { status, statusText, headers } = parts;
  // Content-Encoding: gzip / br is applied here unless encodeBody is "manual" (25_compression.js).
  const body = internals.encodeResponseBody(parts);
  const flat = internals.headersToPairs(headers);
  if (parts.webSocket !== null) {
    fetchUpgrade(id, internals.webSocketHandOver(parts.webSocket), flat);
    return;
  }
  if (body === null) {
    fetchRespond(id, status, statusText, flat, null);
  } else if (body.source !== null && !body.disturbed) {
    const source = body.source;
    body.source = null;
    body.used = true;
    fetchRespond(id, status, statusText, flat, source);
  } else {
    if (body.disturbed || body.locked) throw new TypeError(internals.kBodyUsedMessage);
    const stream = body.getStream();
    // A fetch() or R2 body returned untouched goes to the client natively.
    const native = internals.nativeBodyPipes.get(stream);
    if (native !== undefined && !internals.isReadableStreamDisturbed(stream)) {
      internals.acquireReadableStreamReader(stream);
      await native.pipe(id, status, statusText, flat, body.length ?? native.length ?? -1);
      return;
    }
    fetchRespond(id, status, statusText, flat, body.length ?? -1);
    await writeStreamBody(id, stream);
  }
}

internals.dispatchFetch = (id, method, url, flatHeaders, hasBody) => {
  const body = hasBody
    ? new internals.BodyState(null, null, null, {
      readAll: () => fetchBodyReadAll(id),
      makeStream: () => internals.readableStreamFromPull(() => fetchBodyRead(id)),
    })
    : null;
  // The target as received may need normalizing ("/a/../b", "%7e", an upper-case Host).
  const parsed = internals.parseURL(url);
  const request = new internals.Request(internals.kInternalConstruct, {
    method, url: parsed === null ? url : parsed.href, body,
    headers: internals.headersFromPairs(flatHeaders, 'request'),
    cf: internals.makeRequestCf(),
  });
  const waitUntil = [];
  const ctx = new ExecutionContext(internals, waitUntil, {});
  // Most requests register no waitUntil work: end them without another promise turn.
  const finish = () => {
    if (waitUntil.length === 0) return fetchDone(id);
    PromisePrototypeThen(settleWaitUntil(waitUntil), () => fetchDone(id));
  };
  const fail = (error) => {
    fetchFail(id, error);
    finish();
  };
  let result;
  try {
    const handler = findHandler('fetch', ctx);
    if (handler === null) {
      throw new TypeError("Handler does not export a fetch() function.");
    }
    const [self, fn, isEntrypoint] = handler;
    result = isEntrypoint ? FunctionPrototypeCall(fn, self, request)
      : FunctionPrototypeCall(fn, self, request, workerEnv, ctx);
  } catch (error) {
    fail(error);
    return;
  }
  PromisePrototypeThen(PromiseResolve(result), (response) =>
    PromisePrototypeThen(sendResponse(id, response), finish, fail), fail);
};

// request.cf for requests that arrive over HTTP: edged is its own edge, so the fields that
// describe Cloudflare's network say so, and the ones it cannot know are absent.
internals.makeRequestCf = () => ({
  colo: 'LOCAL',
  httpProtocol: 'HTTP/1.1',
  tlsVersion: '',
  clientTcpRtt: 0,
  asn: 0,
  country: 'XX',
});
