// node:console (runtime-js/api/79_node_console.js): the global console as a module.
// compatibility_flags: enable_nodejs_console_module
import nodeConsole, { Console, log, error, context, createTask } from 'node:console';
import assert from 'node:assert/strict';

export const defaultIsTheGlobalConsole = {
  test() {
    assert.equal(nodeConsole, globalThis.console);
    assert.equal(nodeConsole.Console, Console);
    assert.ok(nodeConsole._times instanceof Map);
    assert.equal(nodeConsole._ignoreErrors, true);
  },
};

export const namedExportsAreBound = {
  test() {
    assert.equal(typeof log, 'function');
    assert.notEqual(log, console.log);
    // Detached from the console object, they still work (bound to it).
    log('node:console log works');
    error('node:console error works');
  },
};

export const consoleClassIsNotImplemented = {
  test() {
    const expected = {
      name: 'Error', code: 'ERR_METHOD_NOT_IMPLEMENTED',
      message: 'The Console method is not implemented',
    };
    assert.throws(() => new Console({ stdout: { write() {} } }), expected);
    assert.equal(typeof Console.prototype.log, 'function');
    assert.throws(() => context(), { message: 'The Console.context method is not implemented' });
    assert.throws(() => createTask('x'),
      { message: 'The Console.createTask method is not implemented' });
  },
};
