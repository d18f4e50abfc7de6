// node:module (runtime-js/api/79_node_module.js): builtinModules, isBuiltin, createRequire() for
// built-in modules, and workerd's answers for the rest.
import Module, {
  builtinModules, createRequire, isBuiltin, register, SourceMap, constants, getSourceMapsSupport,
  enableCompileCache, flushCompileCache, getCompileCacheDir, _extensions, globalPaths,
} from 'node:module';
import EventEmitter from 'node:events';
import * as eventsNamespace from 'node:events';
import { Buffer } from 'node:buffer';
import util from 'node:util';
import path from 'node:path';
import assert from 'node:assert/strict';

const kInvalidPath =
  'The argument must be a file URL object, a file URL string, or an absolute path string.';

export const builtinModuleNames = {
  test() {
    assert.ok(Array.isArray(builtinModules));
    assert.ok(Object.isFrozen(builtinModules));
    assert.equal(Module.builtinModules, builtinModules);
    for (const name of ['buffer', 'events', 'path', 'path/win32', 'util', 'sys', 'module', 'constants', 'diagnostics_channel']) {
      assert.ok(builtinModules.includes(name), name);
    }
    assert.ok(!builtinModules.some((name) => name.startsWith('node:')));
    assert.deepEqual([...builtinModules].sort(), builtinModules);
  },
};

export const isBuiltinNames = {
  test() {
    // Node's examples.
    assert.equal(isBuiltin('node:fs'), true);
    assert.equal(isBuiltin('fs'), true);
    assert.equal(isBuiltin('wss'), false);
    // workerd's list: known names with or without the prefix, whether or not served.
    assert.equal(isBuiltin('sys'), true);
    assert.equal(isBuiltin('_http_agent'), true);
    assert.equal(isBuiltin('sqlite'), true);
    assert.equal(isBuiltin('test'), false);
    assert.equal(isBuiltin('NODE:fs'), false);
    assert.equal(isBuiltin(''), false);
    assert.equal(isBuiltin(1), false);
    assert.equal(isBuiltin('cloudflare:workers'), false);
  },
};

export const requireBuiltins = {
  test() {
    // import.meta.url is undefined on workerd at this compatibility date, as here: a path it is.
    const require = createRequire('/worker.js');
    // A built-in answers its default export, Node's module.exports.
    assert.equal(require('node:events'), EventEmitter);
    assert.equal(require('events'), EventEmitter);
    assert.equal(require('node:events').EventEmitter, eventsNamespace.EventEmitter);
    assert.equal(require('buffer').Buffer, Buffer);
    assert.equal(require('node:path/win32'), path.win32);
    assert.equal(require('sys'), util);
    assert.equal(require('node:sys'), util);
    assert.equal(typeof require('cloudflare:sockets').connect, 'function');
    assert.equal(require.length, 0);
  },
};

export const requireErrors = {
  test() {
    const require = createRequire('/foo/bar.js');
    assert.throws(() => require('node:nope'), { name: 'Error', message: 'No such module "node:nope".' });
    // A Node name not served on this date (node:fs comes with 2025-09-15) is named with `node:`.
    assert.throws(() => require('fs'), { message: 'No such module "node:fs".' });
    assert.throws(() => require('cloudflare:nope'), { message: 'No such module "cloudflare:nope".' });
    // Bundle modules: resolved against the referrer's directory, but not loadable synchronously.
    assert.throws(() => require('./x.js'), { message: 'No such module "foo/x.js".' });
    assert.throws(() => require('lodash'), { message: 'No such module "foo/lodash".' });
    assert.throws(() => require('./.././y/./z'), { message: 'No such module "y/z".' });
    assert.throws(() => require('/abs.js'), { message: 'No such module "abs.js".' });
    assert.throws(() => require('../../x'), { message: 'Invalid specifier path: ../../x' });
  },
};

export const createRequireArguments = {
  test() {
    assert.equal(typeof createRequire('/app/index.js'), 'function');
    assert.equal(typeof createRequire(new URL('file:///app/index.js')), 'function');
    assert.equal(typeof createRequire('file:///app/index.js'), 'function');
    assert.throws(() => createRequire('app/index.js'), {
      name: 'TypeError',
      code: 'ERR_INVALID_ARG_VALUE',
      message: `The argument 'path' ${kInvalidPath}. Received 'app/index.js'`,
    });
    assert.throws(() => createRequire(1), { code: 'ERR_INVALID_ARG_VALUE' });
    assert.throws(() => createRequire('https://example.com/x.js'), { code: 'ERR_INVALID_ARG_VALUE' });
    assert.throws(() => createRequire('/x.js?query'), {
      name: 'Error',
      message: 'The specifier must not have query string parameters or hash fragments.',
    });
    assert.throws(() => createRequire('file:///x.js#hash'), { name: 'Error' });
    assert.throws(() => createRequire.resolve('x'), {
      code: 'ERR_METHOD_NOT_IMPLEMENTED',
      message: 'The module.createRequire.resolve method is not implemented',
    });
    assert.equal(createRequire.extensions, _extensions);
  },
};

export const notImplementedExports = {
  test() {
    for (const name of ['register', 'runMain', 'syncBuiltinESMExports', 'wrap', 'findSourceMap',
      'findPackageJSON', 'setSourceMapsSupport', 'stripTypeScriptTypes', 'registerHooks', '_load',
      '_resolveFilename', '_findPath', '_nodeModulePaths', '_debug', '_initPaths',
      '_preloadModules', '_resolveLookupPaths']) {
      assert.throws(() => Module[name](), {
        name: 'Error',
        code: 'ERR_METHOD_NOT_IMPLEMENTED',
        message: `The module.${name} method is not implemented`,
      }, name);
    }
    assert.equal(register, Module.register);
    assert.throws(() => new SourceMap({}), { message: 'The module.SourceMap method is not implemented' });
    assert.throws(() => new Module('x'), { message: 'The module.Module method is not implemented' });
    assert.throws(() => _extensions['.js'](), { message: 'The module._extensions.js method is not implemented' });
  },
};

export const noOpExports = {
  test() {
    assert.equal(enableCompileCache(), undefined);
    assert.equal(flushCompileCache(), undefined);
    assert.equal(getCompileCacheDir(), undefined);
    assert.deepEqual({ ...getSourceMapsSupport() }, { enabled: false, nodeModules: false, generatedCode: false });
    assert.deepEqual({ ...constants.compileCacheStatus }, { FAILED: 0, ENABLED: 1, ALREADY_ENABLED: 2, DISABLED: 3 });
    assert.deepEqual(globalPaths, []);
    assert.equal(Module.Module, Module);
    assert.equal(Module.createRequire, createRequire);
    assert.equal(Module.prototype.isPreloading, false);
  },
};
