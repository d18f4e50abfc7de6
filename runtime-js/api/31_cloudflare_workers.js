'use strict';
// The built-in module `cloudflare:workers`: base classes for entry points and the Worker's env.
// Bindings that give these classes behaviour (Durable Objects, Workflows, RPC) build on them.

class WorkerEntrypoint {
  constructor(ctx, env) {
    this.ctx = ctx;
    this.env = env;
  }
}

class DurableObject {
  constructor(ctx, env) {
    this.ctx = ctx;
    this.env = env;
  }
}

class WorkflowEntrypoint {
  constructor(ctx, env) {
    this.ctx = ctx;
    this.env = env;
  }
}

// Marks a class whose instances may be passed by reference over RPC.
class RpcTarget {}

internals.WorkerEntrypoint = WorkerEntrypoint;
internals.DurableObject = DurableObject;
internals.WorkflowEntrypoint = WorkflowEntrypoint;
internals.RpcTarget = RpcTarget;

internals.builtinModules ??= {};
internals.builtinModules['cloudflare:workers'] = {
  WorkerEntrypoint,
  DurableObject,
  WorkflowEntrypoint,
  RpcTarget,
  env: {},
};
