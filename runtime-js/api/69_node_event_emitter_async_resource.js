'use strict';
// node:events' EventEmitterAsyncResource: an EventEmitter whose listeners run in the async
// context (AsyncLocalStorage stores) current when it was created. It needs AsyncResource, so it
// is added to node:events here, after 69_node_async_hooks.js. Like Workers, it does not check
// `options.name`.

const { EventEmitter, AsyncResource } = internals;

// The AsyncResource behind an emitter, pointing back at it (Node's `eventEmitter` property).
class EventEmitterReferencingAsyncResource extends AsyncResource {
  #emitter;

  constructor(emitter, type, options) {
    super(type, options);
    this.#emitter = emitter;
  }

  get eventEmitter() { return this.#emitter; }
}

const kAsyncResource = Symbol('kAsyncResource');
const superEmit = EventEmitter.prototype.emit;

class EventEmitterAsyncResource extends EventEmitter {
  constructor(options = undefined) {
    let name;
    if (typeof options === 'string') {
      name = options;
      options = undefined;
    } else {
      name = typeof options?.name === 'string' && options.name !== '' ? options.name : new.target.name;
    }
    super(options);
    this[kAsyncResource] = new EventEmitterReferencingAsyncResource(this, name, options);
  }

  emit(event, ...args) {
    const resource = this[kAsyncResource];
    return resource.runInAsyncScope(superEmit, this, event, ...args);
  }

  emitDestroy() { this[kAsyncResource].emitDestroy(); }
  get asyncId() { return this[kAsyncResource].asyncId(); }
  get triggerAsyncId() { return this[kAsyncResource].triggerAsyncId(); }
  get asyncResource() { return this[kAsyncResource]; }
}

EventEmitter.EventEmitterAsyncResource = EventEmitterAsyncResource;
internals.builtinModules['node:events'].EventEmitterAsyncResource = EventEmitterAsyncResource;
