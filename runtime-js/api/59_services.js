'use strict';
// Service bindings (workers-types Fetcher / Service; wrangler.jsonc `services`). The caller's
// side is env.SVC: fetch() and RPC calls sent through ops.serviceCall to the current version of
// the target Worker, which src/bindings/services runs in that Worker's own isolate on this
// thread. The target's side (internals.serviceDeliver) runs the call there against its own env,
// with a ctx whose props are the binding's. Values cross as structured clones; errors are
// rethrown on the caller as Durable Object RPC rethrows them (51_durable_objects.js).

const {
  Error, TypeError, Proxy, JSONParse, ObjectGetPrototypeOf, ObjectPrototypeIsPrototypeOf,
  ObjectPrototypeHasOwnProperty, PromiseResolve, PromiseReject, PromisePrototypeThen, ReflectApply,
  ReflectGet, ReflectHas, ArrayPrototypePush, ArrayPrototypeJoin, ArrayPrototypeSlice, Uint8Array,
} = primordials;
const { serviceCall, serviceReply, serviceDone } = ops;

const kObjectPrototype = ObjectGetPrototypeOf({});

// ---- the caller's side ----

// Sends one call; rejects (never throws) when its arguments cannot be cloned.
function send(binding, kind, payload) {
  try {
    return serviceCall(binding, kind, payload);
  } catch (error) {
    if (ObjectPrototypeIsPrototypeOf(TypeError.prototype, error)) return PromiseReject(error);
    return PromiseReject(new internals.DOMException(`${error?.message ?? error}`, 'DataCloneError'));
  }
}

// env.SVC: `fetch` and `connect` are its own; any other name (but `then`: the binding is not a
// thenable) is an RPC property of the target's entrypoint.
class Fetcher {
  #binding;

  constructor(key, binding) {
    if (key !== internals) throw new TypeError('Illegal constructor');
    this.#binding = binding;
  }

  // Bodies are buffered both ways, as a Durable Object stub's fetch() buffers them.
  async fetch(input, init = undefined) {
    const request = new internals.Request(input, init);
    const body = internals.bodyOf(request) === null ? null : new Uint8Array(await request.arrayBuffer());
    const payload = {
      method: request.method, url: request.url, headers: internals.headersToPairs(request.headers), body,
    };
    const reply = await send(this.#binding, 'fetch', payload);
    // As Miniflare answers a binding whose Worker is not running: 503 with the reason.
    if (reply.unknownService) return new internals.Response(reply.error.message, { status: 503 });
    const value = internals.unwrapRpcReply(reply);
    return new internals.Response(value.body, {
      status: value.status, statusText: value.statusText, headers: internals.headersFromPairs(value.headers),
    });
  }

  connect() {
    throw new Error('connect() through a service binding is not supported by edged.');
  }
  get [Symbol.toStringTag]() { return 'Fetcher'; }
}

// One RPC call (args: an array) or property read (args: undefined) at `path` of the entrypoint.
function rpc(binding, path, args) {
  return PromisePrototypeThen(send(binding, 'rpc', { path, args }), internals.unwrapRpcReply);
}

// workerd's JsRpcProperty: calling it calls the method; awaiting it reads the property; any
// other property goes one level deeper (env.SVC.a.b()).
function rpcProperty(binding, path) {
  return new Proxy(() => {}, {
    apply(_, thisArg, args) { return rpc(binding, path, args); },
    get(_, property) {
      if (typeof property === 'symbol') return undefined;
      if (property === 'then' || property === 'catch' || property === 'finally') {
        return (...callbacks) => {
          const read = rpc(binding, path, undefined);
          return ReflectApply(ReflectGet(read, property), read, callbacks);
        };
      }
      const deeper = ArrayPrototypeSlice(path);
      ArrayPrototypePush(deeper, property);
      return rpcProperty(binding, deeper);
    },
  });
}

function makeFetcher(binding) {
  const fetcher = new Fetcher(internals, binding);
  return new Proxy(fetcher, {
    get(target, property) {
      if (typeof property === 'symbol' || ReflectHas(target, property)) {
        const value = ReflectGet(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      }
      if (property === 'then') return undefined;
      return rpcProperty(binding, [property]);
    },
  });
}

internals.bindingFactories.service = (spec) => makeFetcher(spec.name);

// ---- the target's side ----

// workerd reserves these names on an entrypoint: fetch and connect have their own paths, the
// others belong to Durable Objects or the stub itself.
const kReserved = new primordials.SafeSet([
  'fetch', 'connect', 'alarm', 'webSocketMessage', 'webSocketClose', 'webSocketError', 'dup', 'constructor',
]);

function missingMethod(name) {
  return new TypeError(`The RPC receiver does not implement the method "${name}".`);
}

// The export a call goes to: a WorkerEntrypoint class (instantiated per call with ctx and env)
// or an object of handlers.
function entrypointFor(call, ctx) {
  const module = internals.workerModule;
  const exported = call.entrypoint === null ? module?.default : module?.[call.entrypoint];
  if (typeof exported === 'function' && ObjectPrototypeIsPrototypeOf(internals.WorkerEntrypoint, exported)) {
    return { self: new exported(ctx, internals.workerEnv()), plain: false };
  }
  if (exported !== null && typeof exported === 'object') return { self: exported, plain: true };
  if (call.entrypoint !== null) {
    // workerd's text (there, when the configuration loads).
    throw new TypeError(`Worker "${call.caller}"'s binding "${call.binding}" refers to service "${call.service}" with a named entrypoint "${call.entrypoint}", but "${call.service}" has no such named entrypoint.`);
  }
  return { self: {}, plain: true };
}

// Property `name` of `object` as workerd's RPC reads it: a class instance exposes its
// prototype's members (not own fields, not Object.prototype's), a plain object its own.
function rpcMember(object, name, plain) {
  if (kReserved.has(name)) throw new TypeError(`'${name}' is a reserved method and cannot be called over RPC.`);
  if (plain) {
    if (!ObjectPrototypeHasOwnProperty(object, name)) throw missingMethod(name);
    return object[name];
  }
  if (ObjectPrototypeHasOwnProperty(object, name)) throw missingMethod(name);
  const value = object[name];
  if (value === undefined || value === kObjectPrototype[name]) throw missingMethod(name);
  return value;
}

function runRpc(target, ctx, path, args) {
  let object = target.self;
  let plain = target.plain;
  for (let i = 0; i < path.length - 1; i++) {
    const next = rpcMember(object, path[i], plain);
    if (next === null || (typeof next !== 'object' && typeof next !== 'function')) throw missingMethod(path[i]);
    object = next;
    if (ObjectGetPrototypeOf(object) === kObjectPrototype || typeof object === 'function') {
      plain = true;
    } else if (ObjectPrototypeIsPrototypeOf(internals.RpcTarget.prototype, object)) {
      plain = false;
    } else {
      throw missingMethod(path[i]);
    }
  }
  const name = path[path.length - 1];
  const member = rpcMember(object, name, plain);
  if (args === undefined) return member;
  const label = ArrayPrototypeJoin(path, '.');
  if (typeof member !== 'function') throw new TypeError(`"${label}" is not a function.`);
  // A handler function of a plain default export gets (arg, env, ctx), as in workerd.
  if (plain && object === target.self) {
    if (member.length > 3) {
      throw new TypeError(`Cannot call handler function "${label}" over RPC because it has the wrong number of arguments. A simple function handler can only be called over RPC if it has exactly the arguments (arg, env, ctx), where only the first argument comes from the client. To support multi-argument RPC functions, use class-based syntax (extending WorkerEntrypoint) instead.`);
    }
    if (args.length !== 1) {
      throw new TypeError(`Attempted to call RPC function "${label}" with the wrong number of arguments. When calling a top-level handler function that is not declared as part of a class, you must always send exactly one argument. In order to support variable numbers of arguments, the server must use class-based syntax (extending WorkerEntrypoint) instead.`);
    }
    return ReflectApply(member, object, [args[0], internals.workerEnv(), ctx]);
  }
  return ReflectApply(member, object, args);
}

async function runFetch(target, ctx, payload) {
  const request = new internals.Request(payload.url, {
    method: payload.method, headers: internals.headersFromPairs(payload.headers), body: payload.body,
  });
  const handler = target.self.fetch;
  if (typeof handler !== 'function') throw new TypeError('Handler does not export a fetch() function.');
  const response = target.plain
    ? await ReflectApply(handler, target.self, [request, internals.workerEnv(), ctx])
    : await ReflectApply(handler, target.self, [request]);
  if (!internals.isResponse(response)) {
    throw new TypeError("Incorrect type for Promise: the Promise did not resolve to 'Response'.");
  }
  const parts = internals.responseParts(response);
  if (parts.webSocket !== null) {
    throw new TypeError('A WebSocket response cannot be returned through a service binding in edged.');
  }
  const body = parts.body === null ? null : new Uint8Array(await response.arrayBuffer());
  return { status: parts.status, statusText: parts.statusText, headers: internals.headersToPairs(parts.headers), body };
}

function reply(id, outcome) {
  try {
    serviceReply(id, outcome);
  } catch (error) {
    serviceReply(id, { ok: false, error: { name: 'DataCloneError', message: `${error?.message ?? error}` } });
  }
}

internals.serviceDeliver = (id, caller, binding, service, entrypoint, propsJson, kind, payload) => {
  const waitUntil = [];
  let result;
  try {
    const ctx = new internals.ExecutionContext(internals, waitUntil, JSONParse(propsJson));
    const target = entrypointFor({ caller, binding, service, entrypoint }, ctx);
    result = kind === 'fetch' ? runFetch(target, ctx, payload) : runRpc(target, ctx, payload.path, payload.args);
  } catch (error) {
    result = PromiseReject(error);
  }
  const finish = () => {
    if (waitUntil.length === 0) return serviceDone(id);
    PromisePrototypeThen(internals.settleWaitUntil(waitUntil), () => serviceDone(id));
  };
  PromisePrototypeThen(PromiseResolve(result), (value) => {
    reply(id, { ok: true, value });
    finish();
  }, (error) => {
    reply(id, { ok: false, error: internals.rpcErrorPayload(error) });
    finish();
  });
};
