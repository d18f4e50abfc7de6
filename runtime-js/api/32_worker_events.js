'use strict';
// Events that do not come from an HTTP request (src/api/worker_events.cc): each kind is a
// function registered by its binding's module as
//   internals.workerEvents[kind] = async (payload, ctx, callHandler) => result
// which builds the handler's arguments from the JSON payload and returns what the native side
// needs to know about the outcome. The context, waitUntil and error reporting are shared here.

const {
  TypeError, JSONParse, JSONStringify, PromiseResolve, PromisePrototypeThen, FunctionPrototypeCall,
  ArrayPrototypePush, ArrayPrototypeSlice, ReflectApply,
} = primordials;
const { workerEventDone } = ops;

internals.workerEvents = { __proto__: null };

function describe(error) {
  try {
    return internals.format(error);
  } catch {
    return 'Error';
  }
}

internals.dispatchWorkerEvent = (id, kind, payloadJson) => {
  const waitUntil = [];
  const ctx = new internals.ExecutionContext(internals, waitUntil, {});
  const report = (ok, text) => {
    const end = () => workerEventDone(id, ok, text);
    if (waitUntil.length === 0) return end();
    PromisePrototypeThen(internals.settleWaitUntil(waitUntil), end);
  };
  // The default export's `name` handler: (…args, env, ctx), or a WorkerEntrypoint's method (…args).
  const callHandler = (name, args) => {
    const handler = internals.findHandler(name, ctx);
    if (handler === null) throw new TypeError(`Handler does not export a ${name}() function.`);
    const [self, fn, isEntrypoint] = handler;
    if (isEntrypoint) return ReflectApply(fn, self, args);
    const full = ArrayPrototypeSlice(args);
    ArrayPrototypePush(full, internals.workerEnv(), ctx);
    return ReflectApply(fn, self, full);
  };
  let result;
  try {
    const run = internals.workerEvents[kind];
    if (run === undefined) throw new TypeError(`edged has no event of kind "${kind}".`);
    result = FunctionPrototypeCall(run, undefined, JSONParse(payloadJson), ctx, callHandler);
  } catch (error) {
    report(false, describe(error));
    return;
  }
  PromisePrototypeThen(PromiseResolve(result),
    (value) => report(true, value === undefined ? 'null' : JSONStringify(value)),
    (error) => report(false, describe(error)));
};
