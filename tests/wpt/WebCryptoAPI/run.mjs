// Runs the WebCryptoAPI Web Platform Tests inside a real edged, one Worker per test file:
//   node tests/wpt/WebCryptoAPI/run.mjs [--json] [--jobs=2] [substring …]
// with EDGED_BIN pointing at the binary. Each file is run with testharness.js in the Worker's
// fetch handler (Workers cannot eval, so the harness, the file's `// META: script=` helpers
// and the file are written into the module itself). Prints pass/total per file and in all;
// exits non-zero when a subtest fails that expectations.json does not list, or a listed one
// passes. expectations.json maps a file to { subtest name, "/regexp/" or "*": reason }.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEdged } from '../../e2e/lib/edged.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const suite = join(here, 'tests');  // the vendored WebCryptoAPI directory
const harness = join(here, 'harness');
const expectations = JSON.parse(readFileSync(join(here, 'expectations.json'), 'utf8'));

const args = process.argv.slice(2);
const asJson = args.includes('--json');
const filters = args.filter((a) => !a.startsWith('--'));


// Test files WPT runs in workers ("any") and that need no DOM: idlharness needs the IDL
// fetched from the WPT server and a browser-shaped global, so it is left out (README.md).
const testFiles = (dir) => readdirSync(dir).flatMap((name) => {
  const path = join(dir, name);
  if (statSync(path).isDirectory()) return testFiles(path);
  return name.endsWith('.any.js') && !name.startsWith('idlharness') ? [path] : [];
});

// "// META: script=…" helpers, resolved like the WPT server does ("/x" from the WPT root).
const metaScripts = (file) => [...readFileSync(file, 'utf8').matchAll(/^\/\/ META: script=(.+)$/gm)]
  .map(([, src]) => (src.startsWith('/') ? join(harness, src.slice(1))
    : resolve(dirname(file), src)));

// WPT scripts are classic scripts in sloppy mode, and a few assign to undeclared names (creating
// globals); a module is strict, where that throws. Every `name = …` at the start of a line gets
// a global property of that name first (where there is none), which the assignment then finds;
// a local declaration of the same name still shadows it.
const assignedNames = (source) => [...new Set(
  [...source.matchAll(/^\s*([A-Za-z_$][\w$]*)\s*=[^=]/gm)].map(([, name]) => name))];

const workerSource = (file) => {
  const scripts = [...metaScripts(file), file].map((path) => readFileSync(path, 'utf8')).join('\n');
  const names = JSON.stringify(assignedNames(scripts));
  return `
// ${relative(here, file)}
globalThis.location = { search: '', href: 'https://wpt.test/${relative(suite, file)}' };
export default {
  async fetch() {
    const finished = new Promise((done) => { globalThis.__wptFinished = done; });
    (function () {
${readFileSync(join(harness, 'resources/testharness.js'), 'utf8')}
      add_completion_callback((tests, status) => globalThis.__wptFinished({
        status: status.status, message: status.message,
        tests: tests.map((t) => ({ name: t.name, status: t.status, message: t.message })),
      }));
      for (const name of ${names}) if (!(name in globalThis)) globalThis[name] = undefined;
${scripts}
    })();
    return Response.json(await finished);
  },
};
`;
};

const kStatus = ['PASS', 'FAIL', 'TIMEOUT', 'NOTRUN', 'PRECONDITION_FAILED'];

async function runFile(file) {
  const edged = await startEdged({
    files: {
      'wrangler.jsonc': {
        name: 'wpt-webcrypto', main: 'index.js', compatibility_date: '2025-09-01',
        limits: { cpu_ms: 300000 },
      },
      'index.js': workerSource(file),
    },
  });
  try {
    const response = await fetch(edged.url, { signal: AbortSignal.timeout(240000) });
    const text = await response.text();
    if (response.status !== 200) {
      return { error: `HTTP ${response.status}: ${text}\n${edged.logs()}` };
    }
    return JSON.parse(text);
  } catch (error) {
    return { error: `${error}\n${edged.logs()}` };
  } finally {
    await edged.stop();
  }
}

// Files run `jobs` at a time (one edged each); results are reported in file order.
const jobsArg = args.find((a) => a.startsWith('--jobs='));
const jobs = jobsArg ? Number(jobsArg.slice('--jobs='.length)) : 2;
const names = testFiles(suite).map((file) => relative(suite, file)).sort()
  .filter((name) => !filters.length || filters.some((f) => name.includes(f)));
const results = new Array(names.length);
let next = 0;
await Promise.all(Array.from({ length: jobs }, async () => {
  while (next < names.length) {
    const i = next++;
    results[i] = await runFile(join(suite, names[i]));
  }
}));

let pass = 0;
let total = 0;
let unexpected = 0;
const report = {};
names.forEach((name, i) => {
  const result = results[i];
  const known = expectations[name] ?? {};
  if (result.error || result.status !== 0) {
    const why = result.error ?? `harness status ${result.status}: ${result.message}`;
    if (!known['*']) {
      unexpected++;
      console.log(`FILE ${name}: ${why}`);
    }
  }
  let filePass = 0;
  for (const t of result.tests ?? []) {
    const ok = t.status === 0;
    filePass += ok;
    const expectedFailure = known['*'] !== undefined || Object.keys(known).some((key) =>
      key === t.name || (key.startsWith('/') && new RegExp(key.slice(1, -1)).test(t.name)));
    if (ok === expectedFailure) {
      unexpected++;
      console.log(ok ? `XPASS ${name} :: ${t.name}`
        : `FAIL  ${name} :: ${t.name} [${kStatus[t.status]}] ${t.message}`);
    }
  }
  const fileTotal = result.tests?.length ?? 0;
  pass += filePass;
  total += fileTotal;
  report[name] = { pass: filePass, total: fileTotal };
  if (!asJson) {
    console.log(`${String(filePass).padStart(5)} / ${String(fileTotal).padEnd(5)} ${name}`);
  }
});
if (asJson) console.log(JSON.stringify(report, null, 1));
console.log(`WebCryptoAPI: ${pass} / ${total} subtests pass; ${unexpected} unexpected results`);
process.exitCode = unexpected ? 1 : 0;
