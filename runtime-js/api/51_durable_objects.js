'use strict';
// Durable Objects (workers-types DurableObjectNamespace, DurableObjectId, DurableObjectStub,
// DurableObjectState). The caller's side makes ids and stubs and sends each stub call through
// ops.doCall to the object's owner thread; the owner's side (internals.doDeliver, called by
// src/bindings/durable_objects/object_host.cc) builds the object on its first event and runs its
// events, one at a time while blockConcurrencyWhile() holds them.

const {
  Error, TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError, Proxy,
  ObjectPrototypeIsPrototypeOf, ObjectCreate, PromiseResolve, PromisePrototypeThen, ReflectApply,
  ReflectGet, SafeMap, ArrayPrototypePush, ArrayPrototypeShift, Uint8Array,
} = primordials;
const { doIdFromName, doNewUniqueId, doIdFromString, doCall, doReply } = ops;

const kErrorTypes = { __proto__: null, Error, TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError };

function missingArgument(method, type, iface = 'DurableObjectNamespace') {
  return new TypeError(`Failed to execute '${method}' on '${iface}': parameter 1 is not of type '${type}'.`);
}

class DurableObjectId {
  #hex;
  #name;
  #namespace;

  constructor(key, hex, name, namespace) {
    if (key !== internals) throw new TypeError('Illegal constructor');
    this.#hex = hex;
    this.#name = name;
    this.#namespace = namespace;
  }
  static {
    internals.durableObjectIdParts = (id) =>
      (ObjectPrototypeIsPrototypeOf(DurableObjectId.prototype, id)
        ? { hex: id.#hex, name: id.#name, namespace: id.#namespace } : null);
  }
  toString() { return this.#hex; }
  equals(other) {
    return ObjectPrototypeIsPrototypeOf(DurableObjectId.prototype, other) && other.#hex === this.#hex;
  }
  get name() { return this.#name; }
  get [Symbol.toStringTag]() { return 'DurableObjectId'; }
}

// The caller's outcome of one stub call: the value, or the object's error rethrown here.
function unwrapReply(reply) {
  if (reply.ok) return reply.value;
  const { name, message, stack } = reply.error;
  if (name === 'DataCloneError') throw new internals.DOMException(message, name);
  const Type = kErrorTypes[name] ?? Error;
  const error = new Type(message);
  if (Type === Error && name !== 'Error') error.name = name;
  if (typeof stack === 'string') error.remote = true;
  throw error;
}
// Service bindings' RPC (59_services.js) rethrows the same way.
internals.unwrapRpcReply = unwrapReply;

// A stub: `fetch`, `id`, `name`, and every other property a function calling that method on the
// object over RPC (workers-types DurableObjectStub).
class DurableObjectStub {
  #worker;
  #className;
  #id;

  constructor(key, worker, className, id) {
    if (key !== internals) throw new TypeError('Illegal constructor');
    this.#worker = worker;
    this.#className = className;
    this.#id = id;
  }
  get id() { return this.#id; }
  get name() { return this.#id.name; }

  async fetch(input, init = undefined) {
    const request = new internals.Request(input, init);
    const body = internals.bodyOf(request) === null ? null : new Uint8Array(await request.arrayBuffer());
    const payload = {
      method: request.method, url: request.url, headers: internals.headersToPairs(request.headers), body,
    };
    const value = unwrapReply(await this.#call('fetch', payload));
    if (value.webSocket !== undefined) {
      const webSocket = internals.claimWebSocket(value.webSocket);
      return new internals.Response(null, {
        status: 101, statusText: value.statusText, headers: internals.headersFromPairs(value.headers), webSocket,
      });
    }
    return new internals.Response(value.body, {
      status: value.status, statusText: value.statusText, headers: internals.headersFromPairs(value.headers),
    });
  }

  static {
    internals.stubRpc = (stub, method, args) => {
      let sent;
      try {
        sent = stub.#call('rpc', { method, args });
      } catch (error) {
        return primordials.PromiseReject(error);
      }
      return PromisePrototypeThen(sent, unwrapReply);
    };
  }

  #call(kind, payload) {
    try {
      return doCall(this.#worker, this.#className, this.#id.toString(), this.#id.name, kind, payload);
    } catch (error) {
      // Only serializing the arguments can throw here.
      throw new internals.DOMException(error.message, 'DataCloneError');
    }
  }
  get [Symbol.toStringTag]() { return 'DurableObjectStub'; }
}

const kStubOwn = new primordials.SafeSet(['fetch', 'id', 'name', 'constructor', 'toString', 'valueOf']);
function makeStub(worker, className, id) {
  const stub = new DurableObjectStub(internals, worker, className, id);
  return new Proxy(stub, {
    get(target, property) {
      if (typeof property === 'symbol' || kStubOwn.has(property)) {
        const value = ReflectGet(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      }
      // Not a thenable: `await stub` must give the stub.
      if (property === 'then') return undefined;
      return (...args) => internals.stubRpc(target, property, args);
    },
  });
}

class DurableObjectNamespace {
  #worker;
  #className;

  constructor(key, worker, className) {
    if (key !== internals) throw new TypeError('Illegal constructor');
    this.#worker = worker;
    this.#className = className;
  }
  #key() { return `${this.#worker}/${this.#className}`; }

  idFromName(name) {
    if (arguments.length === 0) throw missingArgument('idFromName', 'string');
    name = `${name}`;
    return new DurableObjectId(internals, doIdFromName(this.#worker, this.#className, name), name, this.#key());
  }
  newUniqueId(options = undefined) {
    if (options !== undefined && options !== null && typeof options !== 'object') {
      throw new TypeError("Failed to execute 'newUniqueId' on 'DurableObjectNamespace': parameter 1 is not of type 'DurableObjectNamespaceNewUniqueIdOptions'.");
    }
    return new DurableObjectId(internals, doNewUniqueId(this.#worker, this.#className), undefined, this.#key());
  }
  idFromString(id) {
    if (arguments.length === 0) throw missingArgument('idFromString', 'string');
    return new DurableObjectId(internals, doIdFromString(this.#worker, this.#className, `${id}`), undefined, this.#key());
  }
  get(id, options = undefined) {
    const parts = internals.durableObjectIdParts(id);
    if (parts === null) throw missingArgument('get', 'DurableObjectId');
    if (parts.namespace !== this.#key()) {
      throw new TypeError('get() called with a DurableObjectId from a different Durable Object namespace.');
    }
    return makeStub(this.#worker, this.#className, id);
  }
  getByName(name, options = undefined) {
    if (arguments.length === 0) throw missingArgument('getByName', 'string');
    return this.get(this.idFromName(name), options);
  }
  jurisdiction(name) { return this; }
  get [Symbol.toStringTag]() { return 'DurableObjectNamespace'; }
}

internals.bindingFactories.durable_object_namespace = (spec) =>
  new DurableObjectNamespace(internals, spec.worker, spec.className);
internals.bindingChecks.durable_object_namespace = (spec, namespace) => {
  if (spec.local && typeof namespace[spec.className] !== 'function') {
    throw new TypeError(`${spec.field}: Durable Object binding "${spec.name}" names class "${spec.className}", which the main module does not export.`);
  }
};

// ---- the owner's side ----

// One live object on this thread, by the handle object_host.cc gave it.
// Cloudflare's limits on hibernatable WebSockets.
const kMaxTags = 10;
const kMaxTagLength = 256;
const kMaxHibernatableSockets = 32768;
const kMaxEventTimeoutMs = 7 * 24 * 3600 * 1000;

class WebSocketRequestResponsePair {
  #request;
  #response;
  constructor(request, response) {
    if (arguments.length < 2) {
      throw new TypeError(`Failed to construct 'WebSocketRequestResponsePair': 2 arguments required, but only ${arguments.length} present.`);
    }
    this.#request = `${request}`;
    this.#response = `${response}`;
  }
  get request() { return this.#request; }
  get response() { return this.#response; }
}
internals.defineGlobal('WebSocketRequestResponsePair', WebSocketRequestResponsePair);

// The JavaScript WebSocket of hibernatable socket `id` in this object: the one accepted, or one
// rebuilt (with its attachment) after the object left memory.
function socketFor(slot, id, attachment) {
  let ws = slot.sockets.get(id);
  if (ws === undefined) {
    ws = internals.webSocketRestore(id, attachment);
    slot.sockets.set(id, ws);
  }
  return ws;
}
// serializeAttachment() on a hibernatable socket is kept natively too, to survive eviction.
internals.onWebSocketAttachment = (id, bytes) => {
  for (const slot of slots.values()) {
    if (slot.sockets.has(id)) ops.doSetAttachment(slot.handle, id, bytes);
  }
};

class ObjectSlot {
  instance = null;
  state = null;
  running = 0;   // events started and not finished
  blocked = 0;   // blockConcurrencyWhile() calls in progress
  queue = [];    // events waiting for blockConcurrencyWhile() to finish
  waitUntil = 0; // waitUntil() promises not yet settled
  sockets = new SafeMap();  // hibernatable WebSockets by id, as JavaScript objects
  pinned = new primordials.SafeSet();  // accept()ed (not hibernatable) WebSockets still open
  autoResponse = null;
  eventTimeoutMs = null;
  constructor(handle) { this.handle = handle; }
}
const slots = new SafeMap();

class DurableObjectState {
  #slot;
  #id;
  #storage = null;

  constructor(key, slot, id) {
    if (key !== internals) throw new TypeError('Illegal constructor');
    this.#slot = slot;
    this.#id = id;
  }
  get id() { return this.#id; }
  get storage() {
    this.#storage ??= internals.newDurableObjectStorage(this.#slot.handle);
    return this.#storage;
  }
  waitUntil(promise) {
    if (arguments.length === 0) {
      throw new TypeError("Failed to execute 'waitUntil' on 'DurableObjectState': parameter 1 is not of type 'Promise'.");
    }
    const slot = this.#slot;
    slot.waitUntil++;
    const done = () => { slot.waitUntil--; };
    PromisePrototypeThen(PromiseResolve(promise), done, done);
  }
  async blockConcurrencyWhile(callback) {
    if (typeof callback !== 'function') {
      throw new TypeError("Failed to execute 'blockConcurrencyWhile' on 'DurableObjectState': parameter 1 is not of type 'Function'.");
    }
    const slot = this.#slot;
    slot.blocked++;
    try {
      return await callback();
    } finally {
      slot.blocked--;
      drainQueue(slot);
    }
  }
  // ---- WebSocket Hibernation API ----
  acceptWebSocket(ws, tags = []) {
    if (!ObjectPrototypeIsPrototypeOf(internals.WebSocket.prototype, ws)) {
      throw new TypeError("Failed to execute 'acceptWebSocket' on 'DurableObjectState': parameter 1 is not of type 'WebSocket'.");
    }
    const list = [];
    for (const tag of tags ?? []) {
      const text = `${tag}`;
      if (text.length > kMaxTagLength) throw new TypeError(`A tag cannot be longer than ${kMaxTagLength} characters.`);
      ArrayPrototypePush(list, text);
    }
    if (list.length > kMaxTags) throw new TypeError(`A WebSocket cannot have more than ${kMaxTags} tags.`);
    const slot = this.#slot;
    if (ops.doGetWebSockets(slot.handle).length >= kMaxHibernatableSockets) {
      throw new TypeError(`A Durable Object cannot accept more than ${kMaxHibernatableSockets} hibernatable WebSockets.`);
    }
    const id = internals.webSocketAcceptHibernatable(ws);
    ops.doAcceptWebSocket(slot.handle, id, list);
    slot.sockets.set(id, ws);
    const attachment = internals.webSocketAttachmentBytes(ws);
    if (attachment !== null) ops.doSetAttachment(slot.handle, id, attachment);
  }
  getWebSockets(tag = undefined) {
    const slot = this.#slot;
    const entries = ops.doGetWebSockets(slot.handle, tag === undefined ? undefined : `${tag}`);
    const out = [];
    for (const [id, attachment] of entries) ArrayPrototypePush(out, socketFor(slot, id, attachment));
    return out;
  }
  getTags(ws) {
    return ops.doGetTags(this.#slot.handle, internals.webSocketId(ws));
  }
  setWebSocketAutoResponse(pair = undefined) {
    if (pair === undefined || pair === null) {
      ops.doSetAutoResponse(this.#slot.handle);
      this.#slot.autoResponse = null;
      return;
    }
    if (!ObjectPrototypeIsPrototypeOf(WebSocketRequestResponsePair.prototype, pair)) {
      throw new TypeError("Failed to execute 'setWebSocketAutoResponse' on 'DurableObjectState': parameter 1 is not of type 'WebSocketRequestResponsePair'.");
    }
    ops.doSetAutoResponse(this.#slot.handle, pair.request, pair.response);
    this.#slot.autoResponse = pair;
  }
  getWebSocketAutoResponse() { return this.#slot.autoResponse; }
  getWebSocketAutoResponseTimestamp(ws) {
    const ms = ops.doGetAutoResponseTimestamp(this.#slot.handle, internals.webSocketId(ws));
    return ms === null ? null : new primordials.Date(ms);
  }
  setHibernatableWebSocketEventTimeout(ms = undefined) {
    if (ms !== undefined && ms !== null && !(+ms >= 0 && +ms <= kMaxEventTimeoutMs)) {
      throw new RangeError(`timeout must be between 0 and ${kMaxEventTimeoutMs} ms.`);
    }
    this.#slot.eventTimeoutMs = ms === undefined || ms === null ? null : +ms;
  }
  getHibernatableWebSocketEventTimeout() { return this.#slot.eventTimeoutMs; }

  abort(reason = undefined) {
    slots.delete(this.#slot.handle);
    throw reason ?? new Error('Durable Object was aborted.');
  }
  get [Symbol.toStringTag]() { return 'DurableObjectState'; }
}
internals.DurableObjectState = DurableObjectState;

function errorPayload(error) {
  if (error !== null && typeof error === 'object') {
    return { name: `${error.name ?? 'Error'}`, message: `${error.message ?? ''}`, stack: `${error.stack ?? ''}` };
  }
  return { name: 'Error', message: `${error}` };
}
internals.rpcErrorPayload = errorPayload;

function reply(token, outcome) {
  try {
    doReply(token, outcome);
  } catch (error) {
    doReply(token, { ok: false, error: { name: 'DataCloneError', message: `${error?.message ?? error}` } });
  }
}

function construct(slot, worker, className, idHex, name) {
  const cls = internals.workerModule?.[className];
  if (typeof cls !== 'function') {
    throw new TypeError(`The main module does not export the Durable Object class "${className}".`);
  }
  const id = new DurableObjectId(internals, idHex, name, `${worker}/${className}`);
  slot.state = new DurableObjectState(internals, slot, id);
  slot.instance = new cls(slot.state, internals.workerEnv());
}

// The object whose handler is running synchronously right now: a WebSocket accept()ed there
// (not hibernatable) pins it in memory until the socket closes.
let currentSlot = null;
internals.onWebSocketAccepted = (ws) => {
  const slot = currentSlot;
  if (slot === null) return;
  slot.pinned.add(ws);
  ws.addEventListener('close', () => slot.pinned.delete(ws));
};

function callHandler(slot, fn, object, ...args) {
  const outer = currentSlot;
  currentSlot = slot;
  try {
    return ReflectApply(fn, object, args);
  } finally {
    currentSlot = outer;
  }
}

async function runHandler(slot, kind, payload) {
  const object = slot.instance;
  if (kind === 'fetch') {
    if (typeof object.fetch !== 'function') throw new TypeError('Handler does not export a fetch() function.');
    const request = new internals.Request(payload.url, {
      method: payload.method, headers: internals.headersFromPairs(payload.headers), body: payload.body,
    });
    // env as a second argument too: class-style objects written as fetch(request, env) (the
    // advanced patterns' browser-session seed) read their bindings from it.
    const response = await callHandler(slot, object.fetch, object, request, internals.workerEnv());
    if (!internals.isResponse(response)) {
      throw new TypeError("Incorrect type for Promise: the Promise did not resolve to 'Response'.");
    }
    const parts = internals.responseParts(response);
    const headers = internals.headersToPairs(parts.headers);
    if (parts.webSocket !== null) {
      // The caller gets this end of the socket, on whatever thread it runs.
      const webSocket = ops.wsPark(internals.webSocketHandOver(parts.webSocket));
      return { status: 101, statusText: parts.statusText, headers, body: null, webSocket };
    }
    const body = parts.body === null ? null : new Uint8Array(await response.arrayBuffer());
    return { status: parts.status, statusText: parts.statusText, headers, body };
  }
  if (kind === 'websocket') {
    const { socket, attachment, type, data, reason, wasClean } = payload;
    const ws = socketFor(slot, socket, attachment);
    if (type === 'message') {
      if (typeof object.webSocketMessage === 'function') await callHandler(slot, object.webSocketMessage, object, ws, data);
      return undefined;
    }
    if (type === 'error') {
      if (typeof object.webSocketError === 'function') await callHandler(slot, object.webSocketError, object, ws, new Error(data));
      return undefined;
    }
    internals.webSocketPeerClosed(ws);
    slot.sockets.delete(socket);
    if (typeof object.webSocketClose === 'function') {
      await callHandler(slot, object.webSocketClose, object, ws, data, reason, wasClean);
    }
    return undefined;
  }
  if (kind === 'alarm') {
    if (typeof object.alarm !== 'function') return undefined;
    return callHandler(slot, object.alarm, object, payload);
  }
  const { method, args } = payload;
  const fn = method in ObjectPrototype || method === 'fetch' || method === 'alarm' ? undefined : object[method];
  if (typeof fn !== 'function') {
    throw new TypeError(`The RPC receiver does not implement the method "${method}".`);
  }
  return callHandler(slot, fn, object, ...args);
}
const ObjectPrototype = ObjectCreate(null);
for (const key of primordials.ReflectOwnKeys(Object.prototype)) ObjectPrototype[key] = true;

function runEvent(slot, event) {
  const { kind, payload, token } = event;
  slot.running++;
  let result;
  try {
    result = runHandler(slot, kind, payload);
  } catch (error) {
    result = primordials.PromiseReject(error);
  }
  if (kind === 'websocket' && slot.eventTimeoutMs !== null) limitEvent(slot, result);
  PromisePrototypeThen(result, (value) => {
    slot.running--;
    if (token !== null) reply(token, { ok: true, value });
  }, (error) => {
    slot.running--;
    // Nobody waits on an alarm or a socket event to see its error: it goes to the log.
    if (token === null || kind === 'alarm') internals.reportError(error);
    if (token !== null) reply(token, { ok: false, error: errorPayload(error) });
  });
}

// setHibernatableWebSocketEventTimeout(): a WebSocket event still running after the timeout
// resets the object (JavaScript cannot be stopped midway; its instance is dropped, and the
// next event builds a new one).
function limitEvent(slot, result) {
  let settled = false;
  const timer = internals.setTimeoutInternal(() => {
    if (settled || slots.get(slot.handle) !== slot) return;
    slots.delete(slot.handle);
    internals.reportError(new Error(`A WebSocket event ran longer than the hibernatable WebSocket event timeout (${slot.eventTimeoutMs} ms); the Durable Object was reset.`));
  }, slot.eventTimeoutMs);
  const done = () => {
    settled = true;
    internals.clearTimeoutInternal(timer);
  };
  PromisePrototypeThen(result, done, done);
}

function drainQueue(slot) {
  while (slot.blocked === 0 && slot.queue.length > 0) runEvent(slot, ArrayPrototypeShift(slot.queue));
}

internals.doDeliver = (handle, worker, className, idHex, name, kind, payload, token) => {
  let slot = slots.get(handle);
  if (slot === undefined) {
    slot = new ObjectSlot(handle);
    try {
      construct(slot, worker, className, idHex, name);
    } catch (error) {
      if (token !== null) {
        reply(token, { ok: false, error: errorPayload(error) });
      } else {
        internals.reportError(error);
      }
      return;
    }
    slots.set(handle, slot);
  }
  const event = { kind, payload, token };
  if (slot.blocked > 0) {
    ArrayPrototypePush(slot.queue, event);
    return;
  }
  runEvent(slot, event);
};

// Called by the host for an object idle past its timeout: true when it left memory.
internals.doEvict = (handle) => {
  const slot = slots.get(handle);
  if (slot === undefined) return true;
  if (slot.running > 0 || slot.blocked > 0 || slot.queue.length > 0 || slot.waitUntil > 0 ||
      slot.pinned.size > 0) {
    return false;
  }
  slots.delete(handle);
  return true;
};

// A hibernatable socket's message or close (object_host.cc), delivered like any other event.
internals.doWebSocketEvent = (handle, worker, className, idHex, name, socket, attachment, type, data, reason, wasClean) => {
  internals.doDeliver(handle, worker, className, idHex, name, 'websocket',
    { socket, attachment, type, data, reason, wasClean }, null);
};
