'use strict';
// Shared pieces of the node:* modules a Worker can import but not use (node:cluster, node:vm,
// …): workerd publishes them so that libraries importing them load, and their functions throw
// ERR_METHOD_NOT_IMPLEMENTED with workerd's texts or return its fixed answers.

const { Error, ObjectDefineProperty, TypeError } = primordials;
const { nodeErrors } = internals;

const notImplemented = (what) => nodeErrors.make(Error, 'ERR_METHOD_NOT_IMPLEMENTED',
  `The ${what} method is not implemented`);

internals.nodeStubs = {
  notImplemented,
  // A function named `name` (with `length` parameters) throwing "The <what> method is not
  // implemented".
  throwing(what, name = what, length = 0) {
    const fn = function () { throw notImplemented(what); };
    ObjectDefineProperty(fn, 'name', { value: name });
    ObjectDefineProperty(fn, 'length', { value: length });
    return fn;
  },
  // A class whose constructor throws "The <what> method is not implemented".
  throwingClass(name, what = name) {
    return { [name]: class { constructor() { throw notImplemented(what); } } }[name];
  },
  // A class workerd refuses to construct with a plain "Illegal constructor" (web-style classes).
  illegalClass(name) {
    const cls = function () { throw new TypeError('Illegal constructor'); };
    ObjectDefineProperty(cls, 'name', { value: name });
    return cls;
  },
  // Methods on `proto` that each throw "The <prefix><name> method is not implemented".
  defineThrowingMethods(proto, prefix, names) {
    for (const name of names) {
      ObjectDefineProperty(proto, name, {
        value: internals.nodeStubs.throwing(prefix + name, name),
        writable: true,
        configurable: true,
      });
    }
  },
};
