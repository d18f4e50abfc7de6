// Outbound fetches that outlive what started them: as on Workers, a request's or an event's
// subrequests still open when it ends (its response sent and its waitUntil work settled) are
// cancelled, and the origin sees its connection close. So does a fetch aborted by its signal.
// The origin here never answers; each test waits (five seconds at most) for the connection it
// caused to close.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startEdged } from '../lib/edged.mjs';

const worker = `
// Starts a fetch the origin never answers, then waits until the origin has its request (so the
// connection exists before anything is cancelled). Resolves with { pending }: the fetch's promise.
async function startHanging(origin, init) {
  const pending = fetch(origin + '/hang', init);
  pending.catch(() => {});
  await (await fetch(origin + '/hanging')).text();
  return { pending };
}
export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    const origin = 'http://127.0.0.1:' + url.searchParams.get('port');
    switch (url.pathname) {
      case '/leave':
        await startHanging(origin);  // its promise is dropped: it ends with the request
        return new Response('left');
      case '/leave-after-wait-until':
        await startHanging(origin);
        ctx.waitUntil(new Promise((r) => setTimeout(r, 100)));
        return new Response('left');
      case '/abort': {
        const controller = new AbortController();
        const { pending } = await startHanging(origin, { signal: controller.signal });
        controller.abort();
        try {
          await pending;
          return new Response('answered?');
        } catch (e) {
          return new Response(e.name);
        }
      }
    }
    return new Response('no route', { status: 404 });
  },
  // The trigger URL's cron names the origin's port.
  async scheduled(controller) {
    await startHanging('http://127.0.0.1:' + controller.cron);
  },
};`;

// The origin: /hang never answers; /hanging answers once a /hang request is waiting that no
// earlier /hanging was told about. Counts the /hang connections and those closed since.
let origin;
let hangs = 0;
let announced = 0;
let closed = 0;
const waiting = [];
let edged;

function announce() {
  while (waiting.length > 0 && announced < hangs) {
    announced++;
    waiting.shift().end('hanging');
  }
}

before(async () => {
  origin = http.createServer((req, res) => {
    if (req.url === '/hang') {
      hangs++;
      req.socket.on('close', () => { closed++; });
      announce();
      return;
    }
    if (req.url === '/hanging') {
      waiting.push(res);
      announce();
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise((r) => origin.listen(0, '127.0.0.1', r));
  edged = await startEdged({
    files: {
      'wrangler.jsonc': { name: 'fetch-cancel', main: 'w.js', compatibility_date: '2025-09-01' },
      'w.js': worker,
    },
    args: ['--test-scheduled', '--threads', '1'],
  });
});

after(async () => {
  assert.equal(await edged.stop(), 0);
  origin.closeAllConnections();
  await new Promise((r) => origin.close(r));
});

// Runs `action`, which leaves one /hang request behind, then waits up to five seconds for edged
// to close its connection.
async function closesItsConnection(action) {
  const hangsBefore = hangs;
  const closedBefore = closed;
  const result = await action();
  for (let i = 0; i < 250 && closed === closedBefore; i++) await new Promise((r) => setTimeout(r, 20));
  assert.equal(hangs, hangsBefore + 1, 'the fetch reached the origin');
  assert.equal(closed, closedBefore + 1, 'edged closed the connection');
  return result;
}

const port = () => origin.address().port;
const text = async (path) => (await fetch(`${edged.url}${path}`)).text();

test('a fetch left running when the response is sent is cancelled with its request', async () => {
  assert.equal(await closesItsConnection(() => text(`/leave?port=${port()}`)), 'left');
});

test('a fetch left running ends once the waitUntil work settled', async () => {
  assert.equal(await closesItsConnection(() => text(`/leave-after-wait-until?port=${port()}`)), 'left');
});

test('aborting a fetch through its signal closes the connection', async () => {
  assert.equal(await closesItsConnection(() => text(`/abort?port=${port()}`)), 'AbortError');
});

test('a fetch left running by a scheduled handler is cancelled when the event ends', async () => {
  const res = await closesItsConnection(() => text(`/cdn-cgi/handler/scheduled?cron=${port()}`));
  assert.equal(res, 'ok');
});

test('the Worker still serves after its leftover fetches were cancelled', async () => {
  assert.equal(await closesItsConnection(() => text(`/leave?port=${port()}`)), 'left');
  assert.equal(await text('/nothing'), 'no route');
});
