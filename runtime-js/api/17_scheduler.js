'use strict';
// The `scheduler` global of Workers: `await scheduler.wait(ms, { signal })` sleeps on a timer
// (17_timers.js) and can be cut short by an AbortSignal. Its argument errors are those of
// workerd, and arrive as rejections, as from every promise-returning method of workerd.
//
// Where edged differs on purpose: an abort rejects with the signal's reason itself (workerd
// passes it through its C++ side and hands back a copy: an Error with the same message).

const {
  MathCeil, ObjectDefineProperty, PromiseReject, SymbolToStringTag, createDeferred,
} = primordials;
const {
  abortSignalAborted, abortSignalReason, addAbortAlgorithm, clearTimeoutInternal,
  illegalConstructor, isAbortSignal, kInternalConstruct, makeTypeError, markResourceType,
  removeAbortAlgorithm, setTimeoutInternal,
} = internals;
const { argumentTypeError, fieldTypeError } = internals.webidl;

// Longer delays than a timer takes (setTimeout turns them into 1 ms) are waited in steps.
const kMaxTimerDelay = 2 ** 31 - 1;

// `argc` is how many arguments wait() got: a missing delay is an error, an undefined one 0 ms.
function wait(argc, delay, options) {
  if (argc === 0) throw argumentTypeError('wait', 'Scheduler', 0, 'number');
  const ms = +delay;  // ToNumber: a BigInt or a Symbol throws
  let signal;
  if (options !== undefined && options !== null) {
    if (typeof options !== 'object' && typeof options !== 'function') {
      throw argumentTypeError('wait', 'Scheduler', 1, 'WaitOptions');
    }
    signal = options.signal;
    if (signal !== undefined && !isAbortSignal(signal)) {
      throw fieldTypeError('signal', 'WaitOptions', 'AbortSignal');
    }
  }
  if (signal !== undefined && abortSignalAborted(signal)) {
    return PromiseReject(abortSignalReason(signal));
  }
  const { promise, resolve, reject } = createDeferred();
  // Whole milliseconds, rounded up: the promise never settles before `ms` has passed.
  let remaining = ms > 0 ? MathCeil(ms) : 0;
  let timer;
  let abortHandle;
  const arm = () => {
    const step = remaining > kMaxTimerDelay ? kMaxTimerDelay : remaining;
    remaining -= step;
    timer = setTimeoutInternal(() => {
      if (remaining > 0) {
        arm();
        return;
      }
      if (signal !== undefined) removeAbortAlgorithm(signal, abortHandle);
      resolve(undefined);
    }, step);
  };
  arm();
  if (signal !== undefined) {
    abortHandle = addAbortAlgorithm(signal, (reason) => {
      clearTimeoutInternal(timer);
      reject(reason);
    });
  }
  return promise;
}

let isScheduler;

class Scheduler {
  #brand = true;

  constructor(key = undefined) {
    if (key !== kInternalConstruct) throw illegalConstructor();
  }

  static {
    isScheduler = (value) => typeof value === 'object' && value !== null && #brand in value;
  }

  wait(delay = undefined, options = undefined) {
    if (!isScheduler(this)) throw makeTypeError('Illegal invocation');
    try {
      return wait(arguments.length, delay, options);
    } catch (error) {
      return PromiseReject(error);
    }
  }
}

ObjectDefineProperty(Scheduler.prototype, 'wait', { enumerable: true });
markResourceType(Scheduler);
ObjectDefineProperty(Scheduler.prototype, SymbolToStringTag,
  { value: 'Scheduler', writable: false, enumerable: false, configurable: true });

// Like workerd, the class is not a global; only its one instance is.
internals.defineGlobal('scheduler', new Scheduler(kInternalConstruct));
