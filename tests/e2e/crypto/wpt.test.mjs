// The WebCryptoAPI Web Platform Tests (tests/wpt/WebCryptoAPI) against a real edged: every
// subtest passes except those expectations.json lists, each with its reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const runner = fileURLToPath(new URL('../../wpt/WebCryptoAPI/run.mjs', import.meta.url));

test('WebCryptoAPI WPT: no unexpected results', () => {
  const run = spawnSync(process.execPath, [runner, '--jobs=2'], { encoding: 'utf8' });
  const summary = run.stdout.trim().split('\n').at(-1);
  assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
  assert.match(summary, /^WebCryptoAPI: \d+ \/ \d+ subtests pass; 0 unexpected results$/);
});
