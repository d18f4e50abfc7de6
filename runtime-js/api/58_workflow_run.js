'use strict';
// Cloudflare Workflows, a run: the worker event "workflow" (src/bindings/workflows/
// workflow_engine.cc) replays one instance's run(event, step). Every step asks the Workflow's
// file for its recorded outcome first, so a completed step returns its result without running
// again, and records its outcome before run() sees it (workers-types WorkflowStep; defaults and
// messages as Cloudflare documents them and miniflare's workflows-shared implements them).
//
// A run never waits in memory: a sleep, a waitForEvent or a retry delay records when it is due,
// and the run ends ("suspends"); the engine replays the instance at that time, or earlier when an
// event arrives. A step whose body is running when a pause or terminate arrives finishes first;
// the instance then stops at that step boundary. A run that stops leaves run() pending forever:
// nothing it awaited will settle, so user code cannot observe (or catch) the stop.

const {
  Date, DatePrototypeGetTime, Error, MapPrototypeGet, MapPrototypeSet, MathMin, MathPow,
  NumberIsFinite, NumberIsNaN, ObjectKeys, Promise, PromisePrototypeThen, PromiseReject,
  PromiseResolve, ReflectApply, RegExpPrototypeExec, RegExpPrototypeTest, SafeMap,
  StringPrototypeStartsWith, TypeError,
} = primordials;
const {
  serialize, deserialize, workflowBeginRun, workflowStep, workflowTakeEvent, workflowCompleteStep,
  workflowFailStep, workflowDeferStep, workflowSuspend, workflowComplete, workflowFail,
} = ops;

const kDefaultConfig = { retries: { limit: 5, delay: 10000, backoff: 'exponential' }, timeout: '10 minutes' };
const kDefaultEventTimeout = '24 hours';
const kMaxStepNameLength = 256;
const kControlCharacters = /[\x00-\x1f\x7f]/;
// Units of "<number> <unit>[s]" durations (itty-time, as the Workflows engine parses them).
const kUnitMs = {
  __proto__: null, year: 31557600000, month: 2592000000, week: 604800000, day: 86400000,
  hour: 3600000, minute: 60000, second: 1000, m: 1,
};

function namedError(name, message) {
  const error = new Error(message);
  error.name = name;
  return error;
}

// A number of milliseconds, or a string such as "30 seconds" or "1 minute"; NaN when neither.
function durationMs(value) {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return NaN;
  if (!NumberIsNaN(+value)) return +value;
  const match = RegExpPrototypeExec(/^([^ ]+) +(\w\w*?)s?$/, value);
  if (match === null) return NaN;
  return +match[1] * (kUnitMs[match[2]] ?? 1);
}

function isValidDuration(value, allowZero) {
  if (typeof value === 'number') return value > 0 || (allowZero && value === 0);
  return typeof value === 'string' && !NumberIsNaN(durationMs(value));
}

// StepConfig as the engine accepts it: only `retries` {delay, limit, backoff?} and `timeout`.
function isValidStepConfig(config) {
  if (config === null || typeof config !== 'object') return false;
  const keys = ObjectKeys(config);
  for (let i = 0; i < keys.length; i++) if (keys[i] !== 'retries' && keys[i] !== 'timeout') return false;
  if (config.timeout !== undefined && !isValidDuration(config.timeout, false)) return false;
  const retries = config.retries;
  if (retries === undefined) return true;
  if (retries === null || typeof retries !== 'object') return false;
  const retryKeys = ObjectKeys(retries);
  for (let i = 0; i < retryKeys.length; i++) {
    if (retryKeys[i] !== 'delay' && retryKeys[i] !== 'limit' && retryKeys[i] !== 'backoff') return false;
  }
  if (!isValidDuration(retries.delay, true)) return false;
  if (typeof retries.limit !== 'number' || !(retries.limit >= 0)) return false;
  const backoff = retries.backoff;
  return backoff === undefined || backoff === 'constant' || backoff === 'linear' || backoff === 'exponential';
}

// The delay before retry `attempt` (the number of attempts that failed so far).
function retryDelayMs(retries, attempt) {
  const delay = durationMs(retries.delay);
  if (retries.backoff === 'exponential') return delay * MathPow(2, attempt - 1);
  if (retries.backoff === 'linear') return delay * attempt;
  return delay;
}

function isNonRetryable(error) {
  return error instanceof Error &&
    (error.name === 'NonRetryableError' || StringPrototypeStartsWith(`${error.message}`, 'NonRetryableError'));
}

// What the file keeps of a thrown value: its name and message.
function describeError(error) {
  if (error instanceof Error || (error !== null && typeof error === 'object' && 'message' in error)) {
    return { name: `${error.name ?? 'Error'}`, message: `${error.message}` };
  }
  return { name: 'Error', message: `${error}` };
}

// One replay of one instance. `end` settles the worker event with what `record` (the op that
// records how the run ended) answers; if recording fails (the file cannot be written), the event
// fails and the engine replays the instance later.
class WorkflowRun {
  #ref;
  #resolve;
  #reject;
  #counters = new SafeMap();
  #busy = 0;           // step bodies running now
  #stop = null;        // why the run stops: { kind: 'suspend'|'pause'|'abandon', wakeAt, waiting }
  #ended = false;

  constructor(payload, resolve, reject) {
    this.#ref = [payload.worker, payload.workflow, payload.instanceId, payload.generation];
    this.#resolve = resolve;
    this.#reject = reject;
  }

  #end(record) {
    try {
      this.#resolve(record());
    } catch (error) {
      this.#reject(error);
    }
  }

  // Calls op `fn` with the instance's reference first.
  call(fn, ...args) {
    const ref = this.#ref;
    return ReflectApply(fn, undefined, [ref[0], ref[1], ref[2], ref[3], ...args]);
  }

  // A step key: the step's kind, name and occurrence (the same name may run several times).
  key(kind, name) {
    const counter = `${kind}\u0000${name}`;
    const count = (MapPrototypeGet(this.#counters, counter) ?? 0) + 1;
    MapPrototypeSet(this.#counters, counter, count);
    return [`${counter}\u0000${count}`, count];
  }

  get stopping() { return this.#stop !== null; }

  // True when the run may go on after a call that answered `gate`; otherwise it stops.
  proceed(gate) {
    if (gate !== 'proceed') this.halt(gate);
    return gate === 'proceed' && this.#stop === null;
  }

  // What a step of a stopping run returns: a promise that never settles.
  never() {
    return new Promise(() => {});
  }

  // Stops the run (once no step body is running) and returns a promise that never settles.
  halt(kind, wakeAt = 0, waiting = false) {
    const stop = this.#stop;
    if (stop === null) {
      this.#stop = { kind, wakeAt, waiting };
    } else if (kind !== 'suspend') {
      if (stop.kind === 'suspend' || kind === 'abandon') stop.kind = kind;
    } else if (stop.kind === 'suspend') {
      stop.wakeAt = MathMin(stop.wakeAt, wakeAt);
      stop.waiting = stop.waiting || waiting;
    }
    this.#settleIfIdle();
    return this.never();
  }

  enterBody() { this.#busy++; }
  leaveBody() {
    this.#busy--;
    this.#settleIfIdle();
  }

  #settleIfIdle() {
    if (this.#ended || this.#stop === null || this.#busy > 0) return;
    this.#ended = true;
    const { kind, wakeAt, waiting } = this.#stop;
    this.#end(() => (kind === 'suspend' ? this.call(workflowSuspend, wakeAt, waiting) : kind));
  }

  // run() settled (or the instance cannot run at all).
  finish(returned, value) {
    if (this.#ended || this.#stop !== null) return;
    this.#ended = true;
    if (returned) {
      let output;
      try {
        output = serialize(value);
      } catch {
        return this.#end(() => this.call(workflowFail, 'WorkflowFatalError',
          'The execution of the Workflow instance was terminated, as run() returned a value which is not serialisable'));
      }
      return this.#end(() => this.call(workflowComplete, output));
    }
    let { name, message } = describeError(value);
    if (isNonRetryable(value)) {
      name = 'WorkflowFatalError';
      message = 'The execution of the Workflow instance was terminated, as a step threw an NonRetryableError and it was not handled';
    }
    this.#end(() => this.call(workflowFail, name, message));
  }
}

// Runs one attempt of a step body, failing it with WorkflowTimeoutError past `timeoutMs`.
function attemptWithTimeout(fn, context, timeoutMs) {
  return new Promise((resolve, reject) => {
    const timer = internals.setTimeoutInternal(() => {
      reject(namedError('WorkflowTimeoutError', `Execution timed out after ${timeoutMs}ms`));
    }, timeoutMs);
    let result;
    try {
      result = fn(context);
    } catch (error) {
      result = PromiseReject(error);
    }
    PromisePrototypeThen(PromiseResolve(result), (value) => {
      internals.clearTimeoutInternal(timer);
      resolve(value);
    }, (error) => {
      internals.clearTimeoutInternal(timer);
      reject(error);
    });
  });
}

// The `step` argument of run() (workers-types WorkflowStep).
class WorkflowStep {
  #run;
  constructor(key, run) {
    if (key !== internals) throw new TypeError('Illegal constructor');
    this.#run = run;
  }

  async do(name, configOrCallback, callback) {
    const run = this.#run;
    let config = configOrCallback;
    let fn = callback;
    if (fn === undefined) {
      fn = configOrCallback;
      config = {};
    }
    if (typeof name !== 'string' || name.length > kMaxStepNameLength || RegExpPrototypeTest(kControlCharacters, name)) {
      throw namedError('WorkflowFatalError',
        `Step name "${name}" exceeds max length (${kMaxStepNameLength} chars) or invalid characters found`);
    }
    if (!isValidStepConfig(config)) {
      throw namedError('WorkflowFatalError',
        `Step config for "${name}" is in a invalid format. See https://developers.cloudflare.com/workflows/build/sleeping-and-retrying/`);
    }
    if (typeof fn !== 'function') throw new TypeError(`step.do("${name}") needs a callback function.`);
    const retries = { ...kDefaultConfig.retries, ...config.retries };
    const timeout = config.timeout ?? kDefaultConfig.timeout;
    const effective = { retries, timeout };
    if (run.stopping) return run.never();
    const [key, count] = run.key('do', name);

    const [gate, state, value, errorName, errorMessage, attemptsSoFar, wakeAt] = run.call(workflowStep, key);
    if (!run.proceed(gate)) return run.never();
    if (state === 'done') return deserialize(value);
    if (state === 'failed') throw namedError(errorName, errorMessage);
    let attempts = attemptsSoFar;
    if (state === 'pending' && wakeAt !== null && wakeAt > DatePrototypeGetTime(new Date())) {
      return run.halt('suspend', wakeAt, false);
    }
    const timeoutMs = durationMs(timeout);
    for (;;) {
      const context = { step: { name, count }, attempt: attempts + 1, config: effective };
      // The outcome is recorded before the body counts as finished, so a run that stops
      // meanwhile (another branch slept, a pause arrived) ends only once it is on disk.
      run.enterBody();
      let verdict;
      try {
        verdict = await this.#attempt(run, key, name, fn, context, timeoutMs, retries);
      } finally {
        run.leaveBody();
      }
      if (verdict.stop) return run.never();
      if (verdict.failed) throw verdict.error;
      if (!verdict.retry) return verdict.value;
      attempts++;
    }
  }

  // One attempt of step `key` and its recorded outcome: { value }, { failed, error } (for good),
  // { retry } (at once) or { stop } (the run stops: a retry delay, a pause, a terminate).
  async #attempt(run, key, name, fn, context, timeoutMs, retries) {
    let ok = true;
    let outcome;
    try {
      outcome = await attemptWithTimeout(fn, context, timeoutMs);
    } catch (error) {
      ok = false;
      outcome = error;
    }
    if (ok) {
      let bytes;
      try {
        bytes = serialize(outcome);
      } catch {
        run.finish(false, namedError('WorkflowFatalError',
          `The execution of the Workflow instance was terminated, as the step "${name}" returned a value which is not serialisable`));
        run.halt('abandon');
        return { stop: true };
      }
      if (!run.proceed(run.call(workflowCompleteStep, key, bytes))) return { stop: true };
      return { value: outcome };
    }
    const attempts = context.attempt;
    const { name: failedName, message } = describeError(outcome);
    if (isNonRetryable(outcome) || attempts > retries.limit) {
      if (!run.proceed(run.call(workflowFailStep, key, attempts, failedName, message))) return { stop: true };
      return { failed: true, error: outcome };
    }
    const delay = retryDelayMs(retries, attempts);
    const wait = NumberIsFinite(delay) && delay > 0 ? delay : 0;
    const due = DatePrototypeGetTime(new Date()) + wait;
    if (!run.proceed(run.call(workflowDeferStep, key, attempts, due))) return { stop: true };
    if (wait === 0) return { retry: true };
    run.halt('suspend', due, false);
    return { stop: true };
  }

  async sleep(name, duration) {
    const ms = durationMs(duration);
    if (!NumberIsFinite(ms) || ms < 0) {
      throw new TypeError(`step.sleep("${name}"): ${duration} is not a duration (milliseconds, or a string such as "1 minute").`);
    }
    return this.#sleepUntil(`${name}`, () => DatePrototypeGetTime(new Date()) + ms);
  }

  async sleepUntil(name, timestamp) {
    const until = timestamp instanceof Date ? DatePrototypeGetTime(timestamp) : +timestamp;
    if (!NumberIsFinite(until)) throw new TypeError(`step.sleepUntil("${name}") needs a Date or a timestamp in milliseconds.`);
    return this.#sleepUntil(`${name}`, () => {
      if (until < DatePrototypeGetTime(new Date())) {
        throw new Error("You can't sleep until a time in the past, time-traveler");
      }
      return until;
    });
  }

  // A sleep's end is recorded the first time it is reached; replays wait for what is left.
  #sleepUntil(name, wakeAtIfNew) {
    const run = this.#run;
    if (run.stopping) return run.never();
    const [key] = run.key('sleep', name);
    const [gate, state, , , , , recorded] = run.call(workflowStep, key);
    if (!run.proceed(gate)) return run.never();
    if (state === 'done') return undefined;
    let wakeAt = recorded;
    if (wakeAt === null) {
      wakeAt = wakeAtIfNew();
      const deferred = run.call(workflowDeferStep, key, 0, wakeAt);
      if (!run.proceed(deferred)) return run.never();
    }
    if (wakeAt > DatePrototypeGetTime(new Date())) return run.halt('suspend', wakeAt, true);
    const completed = run.call(workflowCompleteStep, key, serialize(undefined));
    if (!run.proceed(completed)) return run.never();
    return undefined;
  }

  // Resolves to { payload, timestamp, type } of the first event of `type` sent to the instance
  // (sent before or after this call); throws WorkflowTimeoutError past `timeout` (24 hours).
  async waitForEvent(name, options) {
    const run = this.#run;
    const type = options?.type;
    if (typeof type !== 'string') throw new TypeError(`step.waitForEvent("${name}") needs an event type (a string).`);
    const timeout = options.timeout ?? kDefaultEventTimeout;
    const timeoutMs = durationMs(timeout);
    if (!NumberIsFinite(timeoutMs) || timeoutMs < 0) {
      throw new TypeError(`step.waitForEvent("${name}"): ${timeout} is not a duration.`);
    }
    if (run.stopping) return run.never();
    const [key] = run.key('wait', `${name}`);
    let [gate, state, value, errorName, errorMessage, , deadline, eventType, eventTimestamp] =
      run.call(workflowStep, key);
    if (!run.proceed(gate)) return run.never();
    if (state === 'failed') throw namedError(errorName, errorMessage);
    if (state !== 'done') {
      [gate, state, value, , , , , eventType, eventTimestamp] = run.call(workflowTakeEvent, key, type);
      if (!run.proceed(gate)) return run.never();
    }
    if (state === 'done') {
      return { payload: deserialize(value), timestamp: new Date(eventTimestamp), type: eventType };
    }
    const now = DatePrototypeGetTime(new Date());
    if (deadline === null) {
      deadline = now + timeoutMs;
      const deferred = run.call(workflowDeferStep, key, 0, deadline);
      if (!run.proceed(deferred)) return run.never();
    }
    if (deadline > now) return run.halt('suspend', deadline, true);
    const error = namedError('WorkflowTimeoutError', `Execution timed out after ${timeoutMs}ms`);
    const failed = run.call(workflowFailStep, key, 0, error.name, error.message);
    if (!run.proceed(failed)) return run.never();
    throw error;
  }

  get [Symbol.toStringTag]() { return 'WorkflowStep'; }
}

// The worker event: resolves with how the run ended ("complete"/"proceed" when run() settled,
// the suspend gate, "pause" or "abandon"); the engine reads the rest from the file.
internals.workerEvents.workflow = (payload, ctx) => new Promise((resolve, reject) => {
  const run = new WorkflowRun(payload, resolve, reject);
  const [gate, params, createdAt] = run.call(workflowBeginRun);
  if (gate !== 'proceed') return resolve(gate);
  const entrypoint = internals.workerModule?.[payload.className];
  if (typeof entrypoint !== 'function' || typeof entrypoint.prototype?.run !== 'function') {
    return run.finish(false, new TypeError(
      `Workflow "${payload.workflow}": the Worker's main module does not export a class "${payload.className}" with a run() method.`));
  }
  const event = { payload: deserialize(params), timestamp: new Date(createdAt), instanceId: payload.instanceId };
  let result;
  try {
    const instance = new entrypoint(ctx, internals.workerEnv());
    result = instance.run(event, new WorkflowStep(internals, run));
  } catch (error) {
    result = PromiseReject(error);
  }
  PromisePrototypeThen(PromiseResolve(result), (value) => run.finish(true, value),
    (error) => run.finish(false, error));
});
