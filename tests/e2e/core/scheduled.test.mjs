// Cron triggers without waiting for the clock: `edged serve --test-scheduled` runs the scheduled
// handler from wrangler dev's URLs (/cdn-cgi/handler/scheduled as Miniflare answers it, the older
// /__scheduled as wrangler's middleware does), the ScheduledController a handler receives, its
// waitUntil and failures; without the option those paths reach fetch; a bad cron in the config
// stops the server with an error naming the field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startEdged, runEdged, writeProject } from '../lib/edged.mjs';

const worker = String.raw`
let last = null;
export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === '/last') return Response.json(last);
    return new Response('fetch ' + url.pathname);
  },
  async scheduled(controller, env, ctx) {
    last = {
      cron: controller.cron,
      scheduledTime: controller.scheduledTime,
      type: controller.type,
      tag: Object.prototype.toString.call(controller),
      isController: controller instanceof ScheduledController,
      noRetryIsFunction: typeof controller.noRetry === 'function',
      construct: (() => { try { new ScheduledController(); return 'constructed'; } catch (e) { return e.name + ': ' + e.message; } })(),
      env: env.GREETING,
      waited: false,
    };
    switch (controller.cron) {
      case 'throw': throw new Error('boom');
      case 'no retry': controller.noRetry(); throw new Error('do not retry');
      case 'wait':
        ctx.waitUntil(new Promise((resolve) => setTimeout(() => { last.waited = true; resolve(); }, 50)));
        return;
      case 'wait fails':
        ctx.waitUntil(Promise.reject(new Error('later')));
        return;
    }
  },
};
`;

const files = {
  'wrangler.jsonc': {
    name: 'scheduled', main: 'src/index.js', compatibility_date: '2025-06-01',
    vars: { GREETING: 'hi' },
    triggers: { crons: ['0 12 * * MON-FRI'] },
  },
  'src/index.js': worker,
};

const get = async (server, path) => {
  const response = await fetch(server.url + path);
  return { status: response.status, type: response.headers.get('content-type'), body: await response.text() };
};
const last = async (server) => (await fetch(server.url + '/last')).json();

test('the trigger URL runs the scheduled handler with a ScheduledController', async () => {
  const server = await startEdged({ files, args: ['--test-scheduled', '--threads', '1'] });
  try {
    assert.deepEqual(await get(server, '/cdn-cgi/handler/scheduled?cron=*+*+*+*+*&time=1700000000000'),
                     { status: 200, type: 'text/plain;charset=UTF-8', body: 'ok' });
    assert.deepEqual(await last(server), {
      cron: '* * * * *', scheduledTime: 1700000000000, type: 'scheduled',
      tag: '[object ScheduledController]', isController: true, noRetryIsFunction: true,
      construct: 'TypeError: Illegal constructor', env: 'hi', waited: false,
    });
    // Without `time`, the event is scheduled now; without `cron`, the cron is empty.
    const before = Date.now();
    assert.equal((await get(server, '/cdn-cgi/handler/scheduled')).body, 'ok');
    const now = await last(server);
    assert.equal(now.cron, '');
    assert.ok(now.scheduledTime >= before - 5 && now.scheduledTime <= Date.now() + 5);
    // Percent-encoding and the JSON form Miniflare answers with format=json.
    assert.deepEqual(await get(server, '/cdn-cgi/handler/scheduled?cron=0%2F5%20*%20*%20*%20*&format=json'),
                     { status: 200, type: 'application/json', body: '{"outcome":"ok","noRetry":false}' });
    assert.equal((await last(server)).cron, '0/5 * * * *');
    // ctx.waitUntil: the event (and so the answer) waits for it.
    assert.equal((await get(server, '/cdn-cgi/handler/scheduled?cron=wait')).body, 'ok');
    assert.equal((await last(server)).waited, true);
  } finally {
    await server.stop();
  }
});

test('a failing handler, or a failing waitUntil, answers 500 with the outcome', async () => {
  const server = await startEdged({ files, args: ['--test-scheduled', '--threads', '1'] });
  try {
    assert.deepEqual(await get(server, '/cdn-cgi/handler/scheduled?cron=throw'),
                     { status: 500, type: 'text/plain;charset=UTF-8', body: 'exception' });
    assert.equal((await get(server, '/cdn-cgi/handler/scheduled?cron=throw&format=json')).body,
                 '{"outcome":"exception","noRetry":false}');
    assert.equal((await get(server, '/cdn-cgi/handler/scheduled?cron=no+retry&format=json')).body,
                 '{"outcome":"exception","noRetry":true}');
    // Cloudflare records the first failed waitUntil as the event's outcome.
    assert.equal((await get(server, '/cdn-cgi/handler/scheduled?cron=wait+fails')).status, 500);
    assert.match(server.logs(), /boom/);
  } finally {
    await server.stop();
  }
});

test('/__scheduled answers as wrangler dev does', async () => {
  const server = await startEdged({ files, args: ['--test-scheduled', '--threads', '1'] });
  try {
    assert.deepEqual(await get(server, '/__scheduled?cron=*+*+*+*+*'),
                     { status: 200, type: 'text/plain;charset=UTF-8', body: 'Ran scheduled event' });
    assert.equal((await last(server)).cron, '* * * * *');
    const failed = await get(server, '/__scheduled?cron=throw');
    assert.equal(failed.status, 500);
    assert.match(failed.body, /Error: boom/);
  } finally {
    await server.stop();
  }
});

test('a Worker without a scheduled handler, or a WorkerEntrypoint class with one', async () => {
  const server = await startEdged({
    files: {
      'wrangler.jsonc': { name: 'nohandler', main: 'src/index.js', compatibility_date: '2025-06-01' },
      'src/index.js': 'export default { fetch() { return new Response("x"); } };',
    },
    args: ['--test-scheduled'],
  });
  try {
    const failed = await get(server, '/__scheduled');
    assert.equal(failed.status, 500);
    assert.match(failed.body, /Handler does not export a scheduled\(\) function\./);
  } finally {
    await server.stop();
  }
  const entrypoint = await startEdged({
    files: {
      'wrangler.jsonc': { name: 'entry', main: 'src/index.js', compatibility_date: '2025-06-01',
                          vars: { NAME: 'entry' } },
      'src/index.js': String.raw`
        import { WorkerEntrypoint } from 'cloudflare:workers';
        let seen = null;
        export default class extends WorkerEntrypoint {
          fetch() { return Response.json(seen); }
          scheduled(controller) { seen = [controller.cron, this.env.NAME, arguments.length]; }
        }`,
    },
    args: ['--test-scheduled', '--threads', '1'],
  });
  try {
    assert.equal((await get(entrypoint, '/cdn-cgi/handler/scheduled?cron=5+*+*+*+*')).body, 'ok');
    assert.deepEqual(await (await fetch(entrypoint.url)).json(), ['5 * * * *', 'entry', 1]);
  } finally {
    await entrypoint.stop();
  }
});

test('without --test-scheduled the paths reach fetch', async () => {
  const server = await startEdged({ files });
  try {
    assert.equal((await get(server, '/cdn-cgi/handler/scheduled?cron=x')).body, 'fetch /cdn-cgi/handler/scheduled');
    assert.equal((await get(server, '/__scheduled')).body, 'fetch /__scheduled');
  } finally {
    await server.stop();
  }
});

test('a bad cron expression in the config is an error naming the field', async () => {
  const dir = writeProject({
    'wrangler.jsonc': { name: 'bad', main: 'src/index.js', compatibility_date: '2025-06-01',
                        triggers: { crons: ['*/5 * * * *', '0 9 * * 0'] } },
    'src/index.js': 'export default { scheduled() {} };',
  });
  for (const command of ['check', 'serve']) {
    const { code, stderr } = await runEdged([command, `${dir}/wrangler.jsonc`, '--port', '0']);
    assert.equal(code, 1, command);
    assert.match(stderr, /wrangler\.jsonc: field "triggers\.crons\[1\]" is not a cron expression Cloudflare accepts \(minute hour day-of-month month day-of-week, in UTC\): day-of-week "0": 0 is out of range 1-7 \(1 is Sunday, 7 is Saturday; or SUN-SAT\); got "0 9 \* \* 0"/);
  }
});
