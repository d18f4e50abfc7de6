'use strict';
// A cron trigger's `scheduled` event (src/server/cron_service.cc fires it; the test URL
// /cdn-cgi/handler/scheduled of `edged serve --test-scheduled` too): the ScheduledController the
// handler receives, and the outcome the native side needs, as workerd reports it — "ok" or
// "exception", and whether the handler called noRetry().

const { TypeError, PromiseAllSettled, ArrayPrototypeSlice } = primordials;

// What `scheduled(controller, env, ctx)` receives (workers-types ScheduledController).
class ScheduledController {
  #cron;
  #scheduledTime;
  #noRetry = false;

  constructor(key, cron, scheduledTime) {
    if (key !== internals) throw new TypeError('Illegal constructor');
    this.#cron = cron;
    this.#scheduledTime = scheduledTime;
  }
  static {
    internals.scheduledNoRetry = (controller) => controller.#noRetry;
  }
  get cron() { return this.#cron; }
  get scheduledTime() { return this.#scheduledTime; }
  get type() { return 'scheduled'; }
  // Asks Cloudflare's scheduler (and edged's, src/server/cron_service.cc) not to retry this event
  // if it fails.
  noRetry() { this.#noRetry = true; }
  get [Symbol.toStringTag]() { return 'ScheduledController'; }
}
internals.defineGlobal('ScheduledController', ScheduledController);

function describe(error) {
  try {
    return internals.format(error);
  } catch {
    return 'Error';
  }
}

// The first rejected waitUntil promise, in the order they were passed (Cloudflare records "the
// first ctx.waitUntil to fail" as the event's outcome), waiting for ones added meanwhile.
async function firstWaitUntilFailure(list) {
  for (let done = 0; done < list.length;) {
    const batch = ArrayPrototypeSlice(list, done);
    done = list.length;
    const results = await PromiseAllSettled(batch);
    for (let i = 0; i < results.length; i++) {
      if (results[i].status === 'rejected') return { error: results[i].reason };
    }
  }
  return null;
}

// payload: {cron, scheduledTime}. Never throws: a failing handler is an outcome, reported with
// whether the handler asked for no retry.
internals.workerEvents.scheduled = async (payload, ctx, callHandler) => {
  const controller = new ScheduledController(internals, payload.cron, payload.scheduledTime);
  let failure = null;
  try {
    await callHandler('scheduled', [controller]);
  } catch (error) {
    failure = { error };
  }
  if (failure === null) failure = await firstWaitUntilFailure(internals.waitUntilPromises(ctx));
  const noRetry = internals.scheduledNoRetry(controller);
  if (failure === null) return { outcome: 'ok', noRetry };
  return { outcome: 'exception', noRetry, error: describe(failure.error) };
};
