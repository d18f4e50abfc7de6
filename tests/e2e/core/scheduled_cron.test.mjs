// A cron trigger firing for real: `* * * * *` runs at the next minute boundary (so this test waits
// up to a minute), with `scheduledTime` on that minute; a run that throws is retried with the same
// scheduledTime; one that called noRetry() first is not. The Worker reports each run to a small
// HTTP server of the test's, which also tells it how many times it has seen that run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startEdged } from '../lib/edged.mjs';

const worker = String.raw`
export default {
  async scheduled(controller, env, ctx) {
    const report = (what) => fetch(env.SINK + '/' + what + '?cron=' + encodeURIComponent(controller.cron) +
                                   '&time=' + controller.scheduledTime);
    const seen = Number(await (await report('run')).text());
    if (controller.cron === '*/1 * * * *') {
      controller.noRetry();
      throw new Error('failed without retry');
    }
    if (seen === 1) throw new Error('first run fails');
    ctx.waitUntil(report('waited'));
  },
};
`;

test('a cron trigger fires at the minute, retries a failure, honours noRetry()', { timeout: 120_000 }, async () => {
  const runs = [];
  const counts = new Map();
  let resolveDone;
  const done = new Promise((resolve) => { resolveDone = resolve; });
  const sink = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://sink');
    const key = `${url.pathname} ${url.searchParams.get('cron')} ${url.searchParams.get('time')}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    runs.push({ what: url.pathname, cron: url.searchParams.get('cron'),
                time: Number(url.searchParams.get('time')), at: Date.now() });
    res.end(String(counts.get(key)));
    if (url.pathname === '/waited') resolveDone();
  });
  await new Promise((resolve) => sink.listen(0, '127.0.0.1', resolve));
  const server = await startEdged({
    files: {
      'wrangler.jsonc': {
        name: 'cron', main: 'src/index.js', compatibility_date: '2025-06-01',
        vars: { SINK: `http://127.0.0.1:${sink.address().port}` },
        triggers: { crons: ['* * * * *', '*/1 * * * *'] },
      },
      'src/index.js': worker,
    },
  });
  try {
    const started = Date.now();
    await done;
    // Give a wrongly retried noRetry() run the time to show up (the first retry is 5 s after).
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    const every = runs.filter((r) => r.cron === '* * * * *');
    const noRetry = runs.filter((r) => r.cron === '*/1 * * * *');
    const minute = every[0].time;
    assert.equal(minute % 60_000, 0, 'scheduledTime is a whole minute');
    assert.ok(minute > started && minute <= started + 61_000, 'the first minute after the start');
    assert.ok(every[0].at - minute < 2_000, `fired ${every[0].at - minute} ms after the minute`);
    assert.deepEqual(every.slice(0, 3).map((r) => [r.what, r.time]),
                     [['/run', minute], ['/run', minute], ['/waited', minute]]);
    assert.ok(every[1].at - every[0].at >= 4_500, 'the retry waits about 5 s');
    assert.deepEqual(noRetry.map((r) => [r.what, r.time]), [['/run', minute]]);
    const logs = server.logs();
    assert.match(logs, /scheduled event for cron "\* \* \* \* \*" at .* failed \(exception; retrying in 5 s\): Error: first run fails/);
    assert.match(logs, /scheduled event for cron "\* \* \* \* \*" at .* \(retry 1\): ok/);
    assert.match(logs, /scheduled event for cron "\*\/1 \* \* \* \*" at .* failed \(exception; not retried: the handler called noRetry\(\)\): Error: failed without retry/);
  } finally {
    await server.stop();
    sink.close();
  }
});
