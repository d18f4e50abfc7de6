'use strict';
// Cloudflare Queues (workers-types Queue, MessageBatch, Message; workerd api/queue.{h,c++}).
// Producers: env.<binding> of every `queues.producers` entry. This file validates and serializes
// bodies as workerd does (v8 by default, or json, text, bytes); the native half (src/bindings/
// queues/queue_ops.cc) checks Cloudflare's limits and commits the messages before the promise
// resolves. Consumers: internals.workerEvents.queue runs one batch in the Worker's queue()
// handler and reports its ack/retry calls to the broker (queue_broker.cc), which applies them.

const {
  ArrayPrototypePush, ArrayBufferIsView, Date, DataViewPrototypeGetBuffer,
  DataViewPrototypeGetByteLength, DataViewPrototypeGetByteOffset, JSONParse, JSONStringify, Map,
  MapPrototypeHas, MapPrototypeSet, MapPrototypeForEach, ObjectFreeze, PromiseReject,
  PromiseResolve, Set, SetPrototypeAdd, SetPrototypeHas, SetPrototypeForEach, String,
  StringPrototypeToLowerCase, SymbolIterator, TypeError, TypedArrayPrototypeGetBuffer,
  TypedArrayPrototypeGetByteLength, TypedArrayPrototypeGetByteOffset,
  TypedArrayPrototypeGetSymbolToStringTag, TypedArrayPrototypeSlice, Uint8Array,
} = primordials;
const { queueSend, serialize, deserialize } = ops;

const kContentTypes = ['text', 'bytes', 'json', 'v8'];

function warn(message) {
  internals.console.warn(message);
}

// A promise for what `fn` returns, rejected with what it throws (workerd's promise-returning
// methods never throw synchronously).
function settled(fn) {
  try {
    return PromiseResolve(fn());
  } catch (error) {
    return PromiseReject(error);
  }
}

function validateContentType(contentType) {
  const type = StringPrototypeToLowerCase(String(contentType));
  for (let i = 0; i < kContentTypes.length; i++) if (kContentTypes[i] === type) return type;
  throw new TypeError(`Unsupported queue message content type: ${contentType}`);
}

// The bytes an ArrayBufferView (a typed array or a DataView) covers, copied.
function viewBytes(view) {
  const isTypedArray = TypedArrayPrototypeGetSymbolToStringTag(view) !== undefined;
  const bytes = isTypedArray
    ? new Uint8Array(TypedArrayPrototypeGetBuffer(view), TypedArrayPrototypeGetByteOffset(view),
      TypedArrayPrototypeGetByteLength(view))
    : new Uint8Array(DataViewPrototypeGetBuffer(view), DataViewPrototypeGetByteOffset(view),
      DataViewPrototypeGetByteLength(view));
  return TypedArrayPrototypeSlice(bytes);
}

// [contentType, serialized body] as workerd's serialize(): a string for text and json, bytes
// for bytes and v8.
function serializeBody(body, contentType) {
  if (body === undefined) throw new TypeError('Message body cannot be undefined');
  const type = contentType === undefined ? 'v8' : validateContentType(contentType);
  switch (type) {
    case 'text':
      if (typeof body !== 'string') {
        throw new TypeError(
          `Content Type "text" requires a value of type string, but received: ${typeof body}`);
      }
      return [type, body];
    case 'bytes':
      if (!ArrayBufferIsView(body)) {
        throw new TypeError('Content Type "bytes" requires a value of type ArrayBufferView, ' +
          `but received: ${typeof body}`);
      }
      return [type, viewBytes(body)];
    case 'json': {
      const text = JSONStringify(body);
      if (text === undefined) throw new TypeError('Message body cannot be serialized to JSON');
      return [type, text];
    }
    default:
      try {
        return [type, serialize(body)];
      } catch (error) {
        if (error instanceof TypeError) throw error;
        throw new internals.DOMException(error?.message ?? String(error), 'DataCloneError');
      }
  }
}

function delayOf(options, fallback) {
  const delay = options?.delaySeconds;
  return delay === undefined || delay === null ? fallback : +delay;
}

class WorkerQueue {
  #queue;
  #deliveryDelay;

  constructor(key, queue, deliveryDelay) {
    if (key !== internals) throw new TypeError('Illegal constructor');
    this.#queue = queue;
    this.#deliveryDelay = deliveryDelay ?? 0;
  }

  send(body, options = undefined) {
    return settled(() => {
      const [type, bytes] = serializeBody(body, options?.contentType);
      queueSend(this.#queue, false, [[type, bytes, delayOf(options, this.#deliveryDelay)]]);
    });
  }

  sendBatch(messages, options = undefined) {
    return settled(() => {
      const iterable = messages !== null && typeof messages === 'object' &&
        typeof messages[SymbolIterator] === 'function';
      if (!iterable) {
        throw new TypeError("Failed to execute 'sendBatch' on 'WorkerQueue': parameter 1 is not " +
          'of type \'Iterable\'.');
      }
      const list = [...messages];
      if (list.length === 0) throw new TypeError('sendBatch() requires at least one message');
      const batchDelay = delayOf(options, this.#deliveryDelay);
      const entries = [];
      for (let i = 0; i < list.length; i++) {
        const message = list[i];
        if (message === null || typeof message !== 'object') {
          throw new TypeError('sendBatch() messages must be objects with a body');
        }
        const [type, bytes] = serializeBody(message.body, message.contentType);
        ArrayPrototypePush(entries, [type, bytes, delayOf(message, batchDelay)]);
      }
      queueSend(this.#queue, true, entries);
    });
  }
}

// What the handler did to one batch; reported to the broker when it settles.
class BatchResult {
  ackAll = false;
  retryAll = false;
  retryAllDelay = null;
  acks = new Set();
  retries = new Map();  // id → delaySeconds or null

  report(error) {
    const acks = [];
    SetPrototypeForEach(this.acks, (id) => ArrayPrototypePush(acks, id));
    const retries = [];
    MapPrototypeForEach(this.retries, (delay, id) => ArrayPrototypePush(retries, [id, delay]));
    return {
      error, ackAll: this.ackAll, retryAll: this.retryAll, retryAllDelay: this.retryAllDelay,
      acks, retries,
    };
  }
}

function retryDelay(options) {
  const delay = options?.delaySeconds;
  return delay === undefined || delay === null ? null : +delay;
}

function decodeBody(message) {
  switch (message.contentType) {
    case 'text': return message.text;
    case 'json': return JSONParse(message.text);
    case 'bytes': return TypedArrayPrototypeGetBuffer(internals.base64Decode(message.base64));
    default: return deserialize(internals.base64Decode(message.base64));
  }
}

class Message {
  #result;
  #id;
  #timestamp;
  #body;
  #attempts;

  constructor(key, wire, result) {
    if (key !== internals) throw new TypeError('Illegal constructor');
    this.#result = result;
    this.#id = wire.id;
    this.#timestamp = wire.timestamp;
    this.#body = decodeBody(wire);
    this.#attempts = wire.attempts;
  }

  get id() { return this.#id; }
  get timestamp() { return new Date(this.#timestamp); }
  get body() { return this.#body; }
  get attempts() { return this.#attempts; }

  retry(options = undefined) {
    const result = this.#result;
    if (result.ackAll) {
      return warn(`Received a call to retry() on message ${this.#id} after ackAll() was already ` +
        'called. Calling retry() on a message after calling ackAll() has no effect.');
    }
    if (SetPrototypeHas(result.acks, this.#id)) {
      return warn(`Received a call to retry() on message ${this.#id} after ack() was already ` +
        'called. Calling retry() on a message after calling ack() has no effect.');
    }
    MapPrototypeSet(result.retries, this.#id, retryDelay(options));
  }

  ack() {
    const result = this.#result;
    if (result.ackAll) return;
    if (result.retryAll) {
      return warn(`Received a call to ack() on message ${this.#id} after retryAll() was already ` +
        'called. Calling ack() on a message after calling retryAll() has no effect.');
    }
    if (MapPrototypeHas(result.retries, this.#id)) {
      return warn(`Received a call to ack() on message ${this.#id} after retry() was already ` +
        'called. Calling ack() on a message after calling retry() has no effect.');
    }
    SetPrototypeAdd(result.acks, this.#id);
  }
}

class MessageBatch {
  #result;
  #queue;
  #messages;

  constructor(key, queue, messages, result) {
    if (key !== internals) throw new TypeError('Illegal constructor');
    this.#queue = queue;
    this.#messages = ObjectFreeze(messages);
    this.#result = result;
  }

  get queue() { return this.#queue; }
  get messages() { return this.#messages; }

  retryAll(options = undefined) {
    const result = this.#result;
    if (result.ackAll) {
      return warn('Received a call to retryAll() after ackAll() was already called. ' +
        'Calling retryAll() after calling ackAll() has no effect.');
    }
    result.retryAll = true;
    result.retryAllDelay = retryDelay(options);
  }

  ackAll() {
    const result = this.#result;
    if (result.retryAll) {
      return warn('Received a call to ackAll() after retryAll() was already called. ' +
        'Calling ackAll() after calling retryAll() has no effect.');
    }
    result.ackAll = true;
  }
}

// One batch from the broker: {queue, messages: [{id, timestamp, attempts, contentType, text |
// base64}]}. A thrown handler is reported (not rethrown) so that the broker still sees which
// messages were acked before it threw.
internals.workerEvents.queue = async (payload, ctx, callHandler) => {
  const result = new BatchResult();
  let error = null;
  try {
    const messages = [];
    for (let i = 0; i < payload.messages.length; i++) {
      ArrayPrototypePush(messages, new Message(internals, payload.messages[i], result));
    }
    await callHandler('queue', [new MessageBatch(internals, payload.queue, messages, result)]);
  } catch (thrown) {
    error = internals.format(thrown);
  }
  return result.report(error);
};

internals.bindingFactories.queue = (spec) =>
  new WorkerQueue(internals, spec.queue, spec.deliveryDelay);
internals.WorkerQueue = WorkerQueue;
