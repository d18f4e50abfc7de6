// node run_js_test.mjs <tests/js/x_test.js>: serves tests/js/run_tests.js in edged with that
// module and fails when any of its cases fails (or none ran).
import { readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEdged } from './edged.mjs';

const testsDir = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const file = process.argv[2];
// A test of a module behind its own flag names it on a line `// compatibility_flags: a, b`.
const extraFlags = /^\/\/ compatibility_flags: (.+)$/m.exec(readFileSync(file, 'utf8'))?.[1]
  .split(',').map((flag) => flag.trim()) ?? [];
const edged = await startEdged({
  files: {
    'wrangler.jsonc': {
      name: 'js-test',
      main: join(testsDir, 'js/run_tests.js'),
      base_dir: testsDir,
      no_bundle: true,
      compatibility_date: '2025-09-01',
      // node:* modules exist only under nodejs_compat (tests/js/node_*_test.js).
      compatibility_flags: [...(basename(file).startsWith('node_') ? ['nodejs_compat'] : []),
        ...extraFlags],
      vars: { TEST_MODULE: './' + basename(file) },
      // WPT data files (tests/wpt/**/*.json) are imported as text.
      rules: [{ type: 'Text', globs: ['**/*.json'] }],
    },
  },
});
let failed = 0;
try {
  const response = await fetch(edged.url + '/');
  const body = await response.text();
  if (response.status !== 200) {
    console.error(`runner answered ${response.status}:\n${body}\n${edged.logs()}`);
    process.exitCode = 1;
  } else {
    const results = JSON.parse(body);
    for (const r of results) {
      if (r.ok) {
        console.log(`ok   ${r.name}`);
      } else {
        failed++;
        console.log(`FAIL ${r.name}\n${r.error}`);
      }
    }
    console.log(`${results.length - failed}/${results.length} passed`);
    if (failed > 0 || results.length === 0) process.exitCode = 1;
  }
} finally {
  await edged.stop();
}
