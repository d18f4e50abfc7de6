// Cloudflare Workflows end to end: a Worker creates instances of WorkflowEntrypoint classes
// through env.<binding> and watches them run — three steps, a failing step retried until it
// succeeds, NonRetryableError, retries running out, a sleep spanning a kill -9 of the server
// (earlier steps do not run again), waitForEvent satisfied by sendEvent and timing out,
// pause/resume, terminate, restart, the binding's errors, and the seed's `workflows` example
// running unchanged. Step executions are counted in KV, outside the engine's own records.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEdged, writeProject } from '../lib/edged.mjs';
import { seedBlock } from '../lib/seeds.mjs';

const worker = String.raw`
import { WorkflowEntrypoint } from 'cloudflare:workers';
import { NonRetryableError } from 'cloudflare:workflows';

// Counts how many times step 'name' of this instance ran its body.
async function ran(env, event, name) {
  const key = 'ran:' + event.instanceId + ':' + name;
  const n = Number(await env.KV.get(key) ?? 0) + 1;
  await env.KV.put(key, String(n));
  return n;
}

export class ThreeSteps extends WorkflowEntrypoint {
  async run(event, step) {
    const a = await step.do('first', async () => { await ran(this.env, event, 'first'); return event.payload.start + 1; });
    const b = await step.do('second', async () => { await ran(this.env, event, 'second'); return { sum: a + 10 }; });
    const c = await step.do('third', async () => { await ran(this.env, event, 'third'); return [a, b.sum, event.timestamp instanceof Date]; });
    return { a, b, c, instanceId: event.instanceId };
  }
}

export class Flaky extends WorkflowEntrypoint {
  async run(event, step) {
    return step.do('flaky', { retries: { limit: 3, delay: 50, backoff: 'exponential' }, timeout: '5 seconds' },
      async (ctx) => {
        const n = await ran(this.env, event, 'flaky');
        if (n < 3) throw new Error('attempt ' + n + ' failed');
        return { n, attempt: ctx.attempt };
      });
  }
}

export class Fatal extends WorkflowEntrypoint {
  async run(event, step) {
    if (event.payload.mode === 'non-retryable') {
      await step.do('fatal', async () => { await ran(this.env, event, 'fatal'); throw new NonRetryableError('do not retry'); });
    }
    if (event.payload.mode === 'caught') {
      let caught;
      try {
        await step.do('fatal', async () => { await ran(this.env, event, 'fatal'); throw new NonRetryableError('do not retry'); });
      } catch (e) { caught = e.name + ': ' + e.message; }
      return step.do('after', async () => caught);
    }
    if (event.payload.mode === 'timeout') {
      await step.do('slow', { retries: { limit: 0, delay: 0 }, timeout: 100 }, async () => {
        await ran(this.env, event, 'slow');
        await new Promise((r) => setTimeout(r, 2000));
      });
    }
    await step.do('always', { retries: { limit: 2, delay: 10, backoff: 'constant' } }, async () => {
      await ran(this.env, event, 'always');
      throw new TypeError('always fails');
    });
  }
}

export class Sleeper extends WorkflowEntrypoint {
  async run(event, step) {
    const started = await step.do('before', async () => { await ran(this.env, event, 'before'); return Date.now(); });
    await step.sleep('nap', event.payload.nap);
    const woke = await step.do('after', async () => { await ran(this.env, event, 'after'); return Date.now(); });
    return { slept: woke - started };
  }
}

export class Waiter extends WorkflowEntrypoint {
  async run(event, step) {
    await step.do('start', async () => { await ran(this.env, event, 'start'); });
    const got = await step.waitForEvent('approval', { type: 'approved', timeout: event.payload.timeout });
    return { payload: got.payload, type: got.type, isDate: got.timestamp instanceof Date };
  }
}

export class Slow extends WorkflowEntrypoint {
  async run(event, step) {
    const done = [];
    for (let i = 0; i < event.payload.steps; i++) {
      done.push(await step.do('s' + i, async () => {
        await ran(this.env, event, 's' + i);
        await new Promise((r) => setTimeout(r, event.payload.ms));
        return i;
      }));
    }
    return done;
  }
}

const error = async (fn) => {
  try { await fn(); return 'no error'; } catch (e) { return e.name + ': ' + e.message; }
};

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const wf = env[url.searchParams.get('wf') ?? 'THREE'];
    const id = url.searchParams.get('id');
    const body = request.method === 'POST' ? await request.json() : null;
    switch (url.pathname) {
      case '/create': {
        const instance = await wf.create(body);
        return Response.json({ id: instance.id, status: await instance.status() });
      }
      case '/batch': {
        const created = await wf.createBatch(body);
        return Response.json(created.map((i) => i.id));
      }
      case '/status':
        return Response.json(await (await wf.get(id)).status());
      case '/control': {
        const instance = await wf.get(id);
        return Response.json(await error(() => instance[url.searchParams.get('action')]()));
      }
      case '/event': {
        const instance = await wf.get(id);
        await instance.sendEvent(body);
        return Response.json('sent');
      }
      case '/ran':
        return Response.json(Number(await env.KV.get('ran:' + id + ':' + url.searchParams.get('step')) ?? 0));
      case '/errors':
        return Response.json({
          badId: await error(() => wf.create({ id: 'not valid!' })),
          longId: await error(() => wf.create({ id: 'x'.repeat(101) })),
          duplicate: await error(async () => { await wf.create({ id: 'dup', params: { start: 1 } }); await wf.create({ id: 'dup' }); }),
          missing: await error(() => wf.get('nope')),
          emptyBatch: await error(() => wf.createBatch([])),
          unclonable: await error(() => wf.create({ params: { f() {} } })),
          binding: Object.prototype.toString.call(wf),
        });
    }
    return new Response('not found', { status: 404 });
  },
};
`;

const files = {
  'wrangler.jsonc': {
    name: 'flows',
    main: 'src/index.js',
    compatibility_date: '2025-06-01',
    kv_namespaces: [{ binding: 'KV', id: 'counts' }],
    workflows: [
      { name: 'three', binding: 'THREE', class_name: 'ThreeSteps' },
      { name: 'flaky', binding: 'FLAKY', class_name: 'Flaky' },
      { name: 'fatal', binding: 'FATAL', class_name: 'Fatal' },
      { name: 'sleeper', binding: 'SLEEPER', class_name: 'Sleeper' },
      { name: 'waiter', binding: 'WAITER', class_name: 'Waiter' },
      { name: 'slow', binding: 'SLOW', class_name: 'Slow' },
    ],
  },
  'src/index.js': worker,
};

let project;
let dataDir;
let server;

const start = async () => {
  server = await startEdged({ config: join(project, 'wrangler.jsonc'), args: ['--data-dir', dataDir] });
};

before(async () => {
  project = writeProject(files);
  dataDir = mkdtempSync(join(tmpdir(), 'edged-workflows-data-'));
  await start();
});

after(async () => {
  await server?.stop();
  rmSync(project, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

const call = async (path, body) => {
  const response = await fetch(server.url + path, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) });
  const text = await response.text();
  assert.equal(response.status, 200, text);
  return JSON.parse(text);
};
const create = (wf, body) => call(`/create?wf=${wf}`, body);
const status = (wf, id) => call(`/status?wf=${wf}&id=${id}`);
const control = (wf, id, action) => call(`/control?wf=${wf}&id=${id}&action=${action}`, {});
const ran = (wf, id, step) => call(`/ran?wf=${wf}&id=${id}&step=${step}`);

// Polls the instance until its status is one of `wanted` (a string or a list).
async function until(wf, id, wanted, timeoutMs = 15000) {
  const list = [wanted].flat();
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await status(wf, id);
    if (list.includes(last.status)) return last;
    await new Promise((r) => setTimeout(r, 25));
  }
  assert.fail(`instance ${id} stayed ${JSON.stringify(last)}; wanted ${list}`);
}

test('a three-step workflow completes with each step run once', async () => {
  const created = await create('THREE', { id: 'three-1', params: { start: 1 } });
  assert.equal(created.id, 'three-1');
  assert.ok(['queued', 'running', 'complete'].includes(created.status.status), created.status.status);
  const done = await until('THREE', 'three-1', 'complete');
  assert.deepEqual(done, { status: 'complete', output: { a: 2, b: { sum: 12 }, c: [2, 12, true], instanceId: 'three-1' } });
  for (const step of ['first', 'second', 'third']) assert.equal(await ran('THREE', 'three-1', step), 1, step);
  // A generated id is a UUID.
  const generated = await create('THREE', { params: { start: 5 } });
  assert.match(generated.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal((await until('THREE', generated.id, 'complete')).output.a, 6);
  assert.doesNotMatch(server.logs(), /not served|run failed/);
});

test('a failing step is retried until it succeeds', async () => {
  await create('FLAKY', { id: 'flaky-1' });
  const done = await until('FLAKY', 'flaky-1', 'complete');
  assert.deepEqual(done.output, { n: 3, attempt: 3 });
  assert.equal(await ran('FLAKY', 'flaky-1', 'flaky'), 3);
});

test('NonRetryableError fails the step at once; retries running out fail the instance', async () => {
  await create('FATAL', { id: 'nonretryable', params: { mode: 'non-retryable' } });
  const fatal = await until('FATAL', 'nonretryable', 'errored');
  assert.deepEqual(fatal.error, {
    name: 'WorkflowFatalError',
    message: 'The execution of the Workflow instance was terminated, as a step threw an NonRetryableError and it was not handled',
  });
  assert.equal(await ran('FATAL', 'nonretryable', 'fatal'), 1);

  await create('FATAL', { id: 'caught', params: { mode: 'caught' } });
  const caught = await until('FATAL', 'caught', 'complete');
  assert.equal(caught.output, 'NonRetryableError: do not retry');

  await create('FATAL', { id: 'exhausted', params: { mode: 'retries' } });
  const exhausted = await until('FATAL', 'exhausted', 'errored');
  assert.deepEqual(exhausted.error, { name: 'TypeError', message: 'always fails' });
  assert.equal(await ran('FATAL', 'exhausted', 'always'), 3);

  await create('FATAL', { id: 'timeout', params: { mode: 'timeout' } });
  const timedOut = await until('FATAL', 'timeout', 'errored');
  assert.deepEqual(timedOut.error, { name: 'WorkflowTimeoutError', message: 'Execution timed out after 100ms' });
  assert.equal(await ran('FATAL', 'timeout', 'slow'), 1);
});

test('waitForEvent gets the event sendEvent sent, or times out', async () => {
  await create('WAITER', { id: 'wait-1', params: { timeout: '1 minute' } });
  await until('WAITER', 'wait-1', 'waiting');
  await call('/event?wf=WAITER&id=wait-1', { type: 'other', payload: 'ignored' });
  assert.equal((await status('WAITER', 'wait-1')).status, 'waiting');
  await call('/event?wf=WAITER&id=wait-1', { type: 'approved', payload: { by: 'ada' } });
  const done = await until('WAITER', 'wait-1', 'complete');
  assert.deepEqual(done.output, { payload: { by: 'ada' }, type: 'approved', isDate: true });
  assert.equal(await ran('WAITER', 'wait-1', 'start'), 1);

  // An event sent before the instance waits for it is kept for it.
  await create('WAITER', { id: 'wait-early', params: { timeout: '1 minute' } });
  await call('/event?wf=WAITER&id=wait-early', { type: 'approved', payload: 1 });
  assert.equal((await until('WAITER', 'wait-early', 'complete')).output.payload, 1);

  await create('WAITER', { id: 'wait-timeout', params: { timeout: 300 } });
  const timedOut = await until('WAITER', 'wait-timeout', 'errored');
  assert.deepEqual(timedOut.error, { name: 'WorkflowTimeoutError', message: 'Execution timed out after 300ms' });
});

test('pause stops at the next step boundary, resume goes on; terminate and restart', async () => {
  await create('SLOW', { id: 'pausable', params: { steps: 4, ms: 300 } });
  await until('SLOW', 'pausable', 'running');
  await control('SLOW', 'pausable', 'pause');
  const pausing = await status('SLOW', 'pausable');
  assert.ok(['waitingForPause', 'paused'].includes(pausing.status), pausing.status);
  await until('SLOW', 'pausable', 'paused');
  const stepsBefore = [];
  for (let i = 0; i < 4; i++) stepsBefore.push(await ran('SLOW', 'pausable', 's' + i));
  await new Promise((r) => setTimeout(r, 700));
  const stepsLater = [];
  for (let i = 0; i < 4; i++) stepsLater.push(await ran('SLOW', 'pausable', 's' + i));
  assert.deepEqual(stepsLater, stepsBefore, 'a paused instance runs no step');
  assert.ok(stepsBefore.includes(0), `paused before the end: ${stepsBefore}`);
  assert.equal(await control('SLOW', 'pausable', 'resume'), 'no error');
  const done = await until('SLOW', 'pausable', 'complete');
  assert.deepEqual(done.output, [0, 1, 2, 3]);
  for (let i = 0; i < 4; i++) assert.equal(await ran('SLOW', 'pausable', 's' + i), 1);

  // terminate: a sleeping instance never wakes; a finished one cannot be terminated.
  await create('SLEEPER', { id: 'doomed', params: { nap: '1 hour' } });
  await until('SLEEPER', 'doomed', 'waiting');
  assert.equal(await control('SLEEPER', 'doomed', 'terminate'), 'no error');
  assert.deepEqual(await status('SLEEPER', 'doomed'), { status: 'terminated' });
  assert.equal(await control('SLEEPER', 'doomed', 'terminate'),
    'WorkflowError: (instance.cannot_terminate) Cannot terminate instance since its on a finite state');

  // restart: a complete instance runs again from its first step.
  assert.equal(await control('THREE', 'three-1', 'restart'), 'no error');
  await until('THREE', 'three-1', 'complete');
  assert.equal(await ran('THREE', 'three-1', 'first'), 2);
});

test('the binding answers bad ids, duplicates and unknown instances with errors', async () => {
  assert.deepEqual(await call('/errors?wf=THREE'), {
    badId: 'WorkflowError: Workflow instance has invalid id',
    longId: 'WorkflowError: Workflow instance has invalid id',
    duplicate: 'WorkflowError: Workflow instance with id "dup" already exists',
    missing: 'Error: instance.not_found',
    emptyBatch: 'Error: WorkflowError: batchCreate should have at least 1 instance',
    unclonable: 'DataCloneError: f() {} could not be cloned.',
    binding: '[object Workflow]',
  });
  // createBatch skips ids that exist or repeat.
  assert.deepEqual(await call('/batch?wf=THREE', [
    { id: 'batch-1', params: { start: 0 } }, { id: 'dup' }, { id: 'batch-1' }, { id: 'batch-2', params: { start: 0 } },
  ]), ['batch-1', 'batch-2']);
  await until('THREE', 'batch-2', 'complete');
});

test('a sleep spans a kill -9 (and a SIGTERM) of the server; completed steps do not run again', async () => {
  await create('SLEEPER', { id: 'napper', params: { nap: '3 seconds' } });
  await until('SLEEPER', 'napper', 'waiting');
  assert.equal(await ran('SLEEPER', 'napper', 'before'), 1);
  await server.stop('SIGKILL');
  await start();
  assert.equal((await status('SLEEPER', 'napper')).status, 'waiting');
  const done = await until('SLEEPER', 'napper', 'complete', 20000);
  assert.ok(done.output.slept >= 3000, `slept ${done.output.slept} ms`);
  assert.equal(await ran('SLEEPER', 'napper', 'before'), 1);
  assert.equal(await ran('SLEEPER', 'napper', 'after'), 1);

  // A graceful stop (SIGTERM) while an instance sleeps: it resumes the same way.
  await create('SLEEPER', { id: 'napper-2', params: { nap: 1000 } });
  await until('SLEEPER', 'napper-2', 'waiting');
  assert.equal(await server.stop('SIGTERM'), 0);
  await start();
  const second = await until('SLEEPER', 'napper-2', 'complete');
  assert.ok(second.output.slept >= 1000, `slept ${second.output.slept} ms`);
  assert.equal(await ran('SLEEPER', 'napper-2', 'before'), 1);
});

test("the seed's workflows example runs unchanged", async () => {
  const seedConfig = {
    name: 'workflows-starter',
    main: 'src/index.ts',
    compatibility_date: '2025-02-11',
    workflows: [{ name: 'workflows-starter', binding: 'MY_WORKFLOW', class_name: 'MyWorkflow' }],
  };
  const seed = await startEdged({ files: {
    'wrangler.jsonc': seedConfig,
    'src/index.ts': seedBlock('workers-platform-guide.md', '<example id="workflows">'),
  } });
  try {
    const response = await fetch(seed.url, { method: 'POST', body: JSON.stringify({ email: 'a@b.c', metadata: {} }) });
    assert.equal(response.status, 200);
    const created = await response.json();
    assert.match(created.id, /^[0-9a-f-]{36}$/);
    assert.ok(['queued', 'running'].includes(created.details.status), created.details.status);
    // Its first step completes; the second fetches the Internet (absent here) and retries.
    const deadline = Date.now() + 5000;
    let seen;
    while (Date.now() < deadline) {
      seen = await (await fetch(`${seed.url}/?instanceId=${created.id}`)).json();
      if (seen.status.status === 'running') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(seen.status.status, 'running');
    assert.equal((await fetch(`${seed.url}/favicon.ico`)).status, 404);
  } finally {
    await seed.stop();
  }
});
