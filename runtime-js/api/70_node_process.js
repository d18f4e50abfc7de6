'use strict';
// node:process: what Workers offer of Node's process — env (the Worker's text vars and secrets
// when nodejs_compat_populate_process_env is on, else empty), nextTick (a microtask, as on
// workerd), version/versions, platform 'linux', arch, cwd '/', hrtime, memoryUsage, emitWarning,
// exit() as an error. Under nodejs_compat_v2 it is also the global `process`.

const { ObjectKeys, BigInt: BigIntCtor, MathFloor, ReflectApply } = primordials;
// The runtime's own, captured before a Worker can replace the global.
const { queueMicrotask } = globalThis;
const { validateFunction } = internals;
const EventEmitter = internals.EventEmitter;

const process = new EventEmitter();
// Values set on process.env become strings, as in Node and on Workers.
const envValues = {};
const env = new Proxy(envValues, {
  set(target, key, value) {
    target[key] = typeof key === 'symbol' ? value : String(value);
    return true;
  },
  defineProperty(target, key, descriptor) {
    if ('value' in descriptor && typeof key !== 'symbol') descriptor = { ...descriptor, value: String(descriptor.value) };
    return Reflect.defineProperty(target, key, descriptor);
  },
});
const startNs = ops.monotonicNow();

process.version = 'v22.14.0';
process.versions = { node: '22.14.0' };
process.platform = 'linux';
process.arch = 'x64';
process.title = 'workerd';
process.argv = ['workerd'];
process.argv0 = 'workerd';
process.execArgv = [];
process.pid = 1;
process.ppid = 0;
process.release = { name: 'node' };
process.features = {};
process.config = {};
process.exitCode = undefined;
process.env = env;
process.browser = false;

process.nextTick = function nextTick(callback, ...args) {
  validateFunction(callback, 'callback');
  queueMicrotask(() => ReflectApply(callback, undefined, args));
};
// workerd's process v2 (enable_nodejs_process_v2) starts in /bundle, node:fs's view of the
// Worker's modules; before it, '/'.
process.cwd = () => (internals.compatEnabled('enable_nodejs_process_v2') ? '/bundle' : '/');
process.chdir = () => {
  throw internals.nodeErrors.make(Error, 'ERR_METHOD_NOT_IMPLEMENTED', 'The chdir() method is not implemented');
};
process.umask = () => 0o22;
process.uptime = () => (ops.monotonicNow() - startNs) / 1000;
// [seconds, nanoseconds], optionally relative to an earlier hrtime() result.
function hrtime(previous) {
  const ms = ops.monotonicNow();
  let seconds = MathFloor(ms / 1000);
  let nanos = MathFloor((ms - seconds * 1000) * 1e6);
  if (previous !== undefined) {
    seconds -= previous[0];
    nanos -= previous[1];
    if (nanos < 0) {
      seconds--;
      nanos += 1e9;
    }
  }
  return [seconds, nanos];
}
hrtime.bigint = () => BigIntCtor(MathFloor(ops.monotonicNow() * 1e6));
process.hrtime = hrtime;
process.memoryUsage = () => ({ rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 });
process.memoryUsage.rss = () => 0;
process.emitWarning = (warning, type = 'Warning') => {
  const text = typeof warning === 'string' ? `${type}: ${warning}` : `${warning?.name}: ${warning?.message}`;
  internals.console.warn(text);
};
// A Worker cannot end its process: exit() throws, as workerd does.
process.exit = process.abort = process.reallyExit = (code) => {
  throw internals.nodeErrors.make(Error, 'ERR_METHOD_NOT_IMPLEMENTED', 'The process.exit() method is not implemented');
};
process.getBuiltinModule = (id) => {
  const name = id.startsWith('node:') ? id : `node:${id}`;
  const module = internals.builtinModules[name];
  return module === undefined ? undefined : module.default;
};
process.stdout = { write: (chunk) => { internals.console.log(String(chunk).replace(/\n$/, '')); return true; }, isTTY: false };
process.stderr = { write: (chunk) => { internals.console.error(String(chunk).replace(/\n$/, '')); return true; }, isTTY: false };

// Text vars and secrets (strings) go into process.env when the flag asks for it.
function populateEnv(workerEnv) {
  for (const key of ObjectKeys(envValues)) delete envValues[key];
  if (!internals.compatEnabled('nodejs_compat_populate_process_env')) return;
  for (const key of ObjectKeys(workerEnv)) {
    if (typeof workerEnv[key] === 'string') envValues[key] = workerEnv[key];
  }
}
internals.onEnvSet((workerEnv) => populateEnv(workerEnv));

internals.onCompatibility(() => {
  if (internals.compatEnabled('nodejs_compat_v2')) internals.defineGlobal('process', process);
});

internals.nodeProcess = process;
internals.defineNodeModule('process', process);
