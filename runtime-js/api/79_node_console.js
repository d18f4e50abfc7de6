'use strict';
// node:console (enable_nodejs_console_module), as workerd has it: the default export is the
// global console, each method is also a named export bound to it, and the Console class exists
// only by name (a Worker has no streams of its own to write a second console to).

const { Error, FunctionPrototypeBind, ObjectDefineProperty, ObjectKeys, SafeMap } = primordials;
const { nodeErrors } = internals;
const console = internals.console;

const notImplemented = (what) => nodeErrors.make(Error, 'ERR_METHOD_NOT_IMPLEMENTED',
  `The ${what} method is not implemented`);

const kMethods = [
  'assert', 'clear', 'count', 'countReset', 'debug', 'dir', 'dirxml', 'error', 'group',
  'groupCollapsed', 'groupEnd', 'info', 'log', 'profile', 'profileEnd', 'table', 'time',
  'timeEnd', 'timeLog', 'timeStamp', 'trace', 'warn',
];

class Console {
  constructor(options) { throw notImplemented('Console'); }
}
// Console.prototype carries the method names workerd's does, all forwarding to the console.
for (const name of [...kMethods, 'context', 'createTask']) {
  if (typeof console[name] !== 'function') continue;
  ObjectDefineProperty(Console.prototype, name, {
    value: console[name], writable: true, configurable: true,
  });
}
function context() { throw notImplemented('Console.context'); }
function createTask() { throw notImplemented('Console.createTask'); }

const exports = { Console, context, createTask, default: console };
// Methods the global console lacks (clear, profile, …: nothing to act on in a Worker) are
// exported as functions that do nothing.
for (const name of kMethods) {
  const method = typeof console[name] === 'function' ? console[name] : { [name]() {} }[name];
  exports[name] = FunctionPrototypeBind(method, console);
}
internals.defineGatedNodeModule('enable_nodejs_console_module', 'console', exports);

// Node's console object also has these (libraries read console._stdout, …): added only for a
// Worker that has node:console, so the global console of the others stays as it was.
internals.onCompatibility(() => {
  if (!internals.compatEnabled('enable_nodejs_console_module')) return;
  const extra = {
    context, _times: new SafeMap(), _ignoreErrors: true, _stderrErrorHandler: () => {},
    _stdoutErrorHandler: () => {}, _stderr: {}, _stdout: {}, Console, createTask,
  };
  for (const key of ObjectKeys(extra)) {
    if (!(key in console)) {
      ObjectDefineProperty(console, key, {
        value: extra[key], writable: true, enumerable: true, configurable: true,
      });
    }
  }
});
