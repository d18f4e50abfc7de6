'use strict';
// node:sys, the old name of node:util: the same module object, as workerd resolves `sys` to
// `node:util`. Read when imported, so it is whatever node:util is by then.

primordials.ObjectDefineProperty(internals.builtinModules, 'node:sys', {
  get: () => internals.builtinModules['node:util'],
  enumerable: true,
  configurable: true,
});
