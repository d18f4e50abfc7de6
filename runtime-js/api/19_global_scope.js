'use strict';
// The global object's own interfaces, as on Workers (workerd api/global-scope.h): the global is
// a ServiceWorkerGlobalScope, which is a WorkerGlobalScope, which is an EventTarget
// (HTML §10.2.1). Code tells where it runs by them (`self instanceof ServiceWorkerGlobalScope`:
// testharness.js and idlharness.js do, and libraries that pick a platform).
//
// Neither can be constructed. The Web APIs stay own properties of the global (workerd keeps
// them on ServiceWorkerGlobalScope.prototype; either way `self.fetch` finds them), and the
// global's listeners are handled by EventTarget itself (02_events.js).

const { ObjectDefineProperty, ObjectSetPrototypeOf, SymbolToStringTag } = primordials;
const { EventTarget, illegalConstructor } = internals;

class WorkerGlobalScope extends EventTarget {
  constructor() {
    throw illegalConstructor();
  }
}

class ServiceWorkerGlobalScope extends WorkerGlobalScope {
  constructor() {
    throw illegalConstructor();
  }
}

for (const [Class, tag] of [[WorkerGlobalScope, 'WorkerGlobalScope'],
  [ServiceWorkerGlobalScope, 'ServiceWorkerGlobalScope']]) {
  ObjectDefineProperty(Class.prototype, SymbolToStringTag, {
    value: tag, writable: false, enumerable: false, configurable: true,
  });
}

ObjectSetPrototypeOf(globalThis, ServiceWorkerGlobalScope.prototype);

internals.defineGlobal('WorkerGlobalScope', WorkerGlobalScope);
internals.defineGlobal('ServiceWorkerGlobalScope', ServiceWorkerGlobalScope);
