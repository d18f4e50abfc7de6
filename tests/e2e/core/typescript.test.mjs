// A TypeScript project importing an npm package (examples/hono-ts, after `npm install`) is
// bundled with esbuild, as wrangler does, and served.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { startEdged, writeProject, runEdged } from '../lib/edged.mjs';

const repo = fileURLToPath(new URL('../../..', import.meta.url));

test('examples/hono-ts: routes, params, JSON bodies', async () => {
  const edged = await startEdged({ config: `${repo}/examples/hono-ts/wrangler.jsonc` });
  try {
    assert.equal(await (await fetch(edged.url + '/')).text(), 'Hello from hono on edged!');
    const user = await fetch(edged.url + '/users/42', { headers: { 'user-agent': 'e2e' } });
    assert.deepEqual(await user.json(), { id: '42', ua: 'e2e' });
    const echo = await fetch(edged.url + '/echo', {
      method: 'POST', body: JSON.stringify({ a: 1 }), headers: { 'content-type': 'application/json' },
    });
    assert.equal(echo.status, 201);
    assert.deepEqual(await echo.json(), { received: { a: 1 } });
    assert.equal((await fetch(edged.url + '/missing')).status, 404);
  } finally {
    await edged.stop();
  }
});

test('a TypeScript type error is not an error; a syntax error names the file', async () => {
  const dir = writeProject({
    'wrangler.jsonc': { name: 'ts', main: 'src/index.ts', compatibility_date: '2025-09-01' },
    'src/index.ts': 'const x: number = 1;\nexport default { fetch(): Response { return new Response(String(x)) ',
  });
  const result = await runEdged(['check', `${dir}/wrangler.jsonc`]);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /esbuild could not bundle .*index\.ts/);
  assert.match(result.stderr, /index\.ts:2/);
});
