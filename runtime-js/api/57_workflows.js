'use strict';
// Cloudflare Workflows, the binding (workers-types Workflow and WorkflowInstance): env.<binding>
// of every `workflows` entry creates instances and controls them. The instances themselves run
// in 58_workflow_run.js; both sides meet in the Workflow's file through the native ops
// (src/bindings/workflows/workflow_ops.cc). Shapes and messages follow Cloudflare's docs where
// they give them, and miniflare's local Workflows (workflows-shared) where they do not.

const {
  ArrayIsArray, Error, JSONStringify, ObjectPrototypeHasOwnProperty, RegExpPrototypeTest, SafeSet,
  SetPrototypeAdd, SetPrototypeHas, TypeError,
} = primordials;
const {
  serialize, deserialize, workflowCreate, workflowStatus, workflowControl, workflowSendEvent,
} = ops;

const kMaxInstanceIdLength = 100;
const kInstanceIdPattern = /^[a-zA-Z0-9_][a-zA-Z0-9-_]*$/;
const kMaxBatch = 100;

// Thrown by a step to fail it at once, without its remaining retries (`cloudflare:workflows`).
class NonRetryableError extends Error {
  constructor(message, name = 'NonRetryableError') {
    super(message);
    this.name = name;
  }
}

// The errors the Workflows service answers with: Error objects named "WorkflowError".
function workflowError(message) {
  const error = new Error(message);
  error.name = 'WorkflowError';
  return error;
}

function isValidInstanceId(id) {
  return typeof id === 'string' && id.length <= kMaxInstanceIdLength &&
    RegExpPrototypeTest(kInstanceIdPattern, id);
}

// Structured clone to bytes, with DataCloneError for what cannot be cloned (as structuredClone).
function toBytes(value) {
  try {
    return serialize(value);
  } catch (error) {
    throw new internals.DOMException(error?.message ?? `${error}`, 'DataCloneError');
  }
}

function notFound() {
  return new Error('instance.not_found');
}

// A handle on one instance (workers-types WorkflowInstance). Every method asks the file, so a
// handle stays valid across restarts of the instance and of edged.
class WorkflowInstance {
  #workflow;
  constructor(key, workflow, id) {
    if (key !== internals) throw new TypeError('Illegal constructor');
    this.#workflow = workflow;
    this.id = id;
  }

  async #control(action) {
    const outcome = workflowControl(this.#workflow.worker, this.#workflow.name, this.id, action);
    if (outcome === 'not_found') throw notFound();
    if (outcome === 'finished') {
      throw workflowError('(instance.cannot_terminate) Cannot terminate instance since its on a finite state');
    }
  }
  pause() { return this.#control('pause'); }
  resume() { return this.#control('resume'); }
  terminate() { return this.#control('terminate'); }
  restart() { return this.#control('restart'); }

  // { status, error?: { name, message }, output? } (workers-types InstanceStatus).
  async status() {
    const found = workflowStatus(this.#workflow.worker, this.#workflow.name, this.id);
    if (found === null) throw notFound();
    const [status, output, errorName, errorMessage] = found;
    const result = { status };
    if (errorName !== null) result.error = { name: errorName, message: errorMessage };
    if (status === 'complete') result.output = output === null ? null : deserialize(output) ?? null;
    return result;
  }

  async sendEvent(options) {
    const { type, payload } = options ?? {};
    if (typeof type !== 'string') throw new TypeError('sendEvent() requires an event type (a string).');
    const outcome = workflowSendEvent(this.#workflow.worker, this.#workflow.name, this.id, type,
      toBytes(payload));
    if (outcome === 'not_found') throw notFound();
  }

  get [Symbol.toStringTag]() { return 'WorkflowInstance'; }
}

// env.<binding> (workers-types Workflow).
class Workflow {
  #workflow;
  constructor(key, spec) {
    if (key !== internals) throw new TypeError('Illegal constructor');
    this.#workflow = { worker: spec.worker, name: spec.workflow };
  }

  #options(options) {
    if (options === undefined || options === null) options = {};
    if (typeof options !== 'object') throw new TypeError('create() options must be an object.');
    const id = ObjectPrototypeHasOwnProperty(options, 'id') && options.id !== undefined
      ? options.id : internals.crypto.randomUUID();
    if (!isValidInstanceId(id)) throw workflowError('Workflow instance has invalid id');
    const params = options.params === undefined ? {} : options.params;
    return { id, params: toBytes(params) };
  }

  #instance(id) {
    return new WorkflowInstance(internals, this.#workflow, id);
  }

  // A taken id is an error (the existing instance is kept).
  async create(options) {
    const { id, params } = this.#options(options);
    if (!workflowCreate(this.#workflow.worker, this.#workflow.name, id, params)) {
      throw workflowError(`Workflow instance with id ${JSONStringify(id)} already exists`);
    }
    return this.#instance(id);
  }

  // Up to 100 at once. Every id is checked before any instance is created; ids that exist (or
  // repeat within the batch) are skipped and left out of the result, as Cloudflare documents.
  async createBatch(batch) {
    if (!ArrayIsArray(batch)) throw new TypeError('createBatch() expects an array of options.');
    if (batch.length === 0) throw new Error('WorkflowError: batchCreate should have at least 1 instance');
    if (batch.length > kMaxBatch) {
      throw new Error(`WorkflowError: batchCreate should have at most ${kMaxBatch} instances`);
    }
    const entries = [];
    for (let i = 0; i < batch.length; i++) entries[entries.length] = this.#options(batch[i]);
    const seen = new SafeSet();
    const created = [];
    for (let i = 0; i < entries.length; i++) {
      const { id, params } = entries[i];
      if (SetPrototypeHas(seen, id)) continue;
      SetPrototypeAdd(seen, id);
      if (workflowCreate(this.#workflow.worker, this.#workflow.name, id, params)) {
        created[created.length] = this.#instance(id);
      }
    }
    return created;
  }

  async get(id) {
    if (typeof id !== 'string') throw new TypeError('get() expects an instance id (a string).');
    if (workflowStatus(this.#workflow.worker, this.#workflow.name, id) === null) throw notFound();
    return this.#instance(id);
  }

  get [Symbol.toStringTag]() { return 'Workflow'; }
}

internals.NonRetryableError = NonRetryableError;
internals.bindingFactories.workflow = (spec) => new Workflow(internals, spec);
// A Workflow this Worker runs must be a class it exports (wrangler refuses to deploy otherwise).
internals.bindingChecks.workflow = (spec, namespace) => {
  if (spec.local && typeof namespace[spec.className] !== 'function') {
    throw new TypeError(`workflows: Workflow binding "${spec.name}" names class "${spec.className}", which the main module does not export.`);
  }
};
internals.builtinModules['cloudflare:workflows'] = { NonRetryableError };
internals.builtinModules['cloudflare:workers'].NonRetryableError = NonRetryableError;
