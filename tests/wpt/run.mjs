// Runs vendored Web Platform Tests inside a real edged, one Worker per test file:
//   node tests/wpt/run.mjs [--jobs=2] [--json] [--update-baseline] [--filter=text]
//                          [--list-failures] [suite …]
// with EDGED_BIN pointing at the binary. A suite is a WPT directory under tests/wpt
// ("encoding", "fetch/api/headers"); with none named, every suite in baseline.json runs.
// `--filter` runs only the files whose path contains the text (no baseline check then);
// `--list-failures` also prints each expected failure with its reason, then a count per reason.
//
// Prints pass/total per file and per suite. Exits non-zero when a subtest's result differs from
// the suite's expectations.json, or a suite's pass/total differs from baseline.json
// (lib/verdict.mjs); `--update-baseline` writes the counts of the suites it ran instead.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEdged } from '../e2e/lib/edged.mjs';
import { baselineMismatch, judgeFile } from './lib/verdict.mjs';
import { workerModule } from './lib/worker_module.mjs';
import { metaDirectives, testFiles } from './lib/wpt_files.mjs';

const root = dirname(fileURLToPath(import.meta.url));  // laid out like WPT's own root
const baselinePath = join(root, 'baseline.json');
const baseline = JSON.parse(readFileSync(baselinePath, 'utf8'));

const args = process.argv.slice(2);
const option = (name) => args.find((a) => a.startsWith(`--${name}=`))?.split('=').slice(1).join('=');
const asJson = args.includes('--json');
const updateBaseline = args.includes('--update-baseline');
const listFailures = args.includes('--list-failures');
const filter = option('filter');
const jobs = Number(option('jobs') ?? 2);
const named = args.filter((a) => !a.startsWith('--'));
const suites = named.length ? named : Object.keys(baseline);

// WPT's harness timeouts (10 s for a file, 60 s for one marked `// META: timeout=long`), tripled:
// CI runs these files beside other tests on two cores, and RSA key generation is slow there.
const harnessTimeoutMs = (file) => (metaDirectives(readFileSync(file, 'utf8'))
  .some((d) => d.key === 'timeout' && d.value === 'long') ? 180000 : 30000);

async function runFile(file) {
  const timeoutMs = harnessTimeoutMs(file);
  let edged;
  try {
    edged = await startEdged({
      files: {
        // RSA key generation in WebCryptoAPI takes seconds of CPU.
        'wrangler.jsonc': {
          name: 'wpt', main: 'index.js', compatibility_date: '2025-09-01',
          limits: { cpu_ms: 300000 },
        },
        'index.js': workerModule(root, file, { timeoutMs }),
      },
    });
  } catch (error) {
    return { error: String(error) };  // the module did not load: its text is in the error
  }
  try {
    const response = await fetch(edged.url, { signal: AbortSignal.timeout(timeoutMs + 60000) });
    const text = await response.text();
    if (response.status !== 200) return { error: `HTTP ${response.status}: ${text}\n${edged.logs()}` };
    return JSON.parse(text);
  } catch (error) {
    return { error: `${error}\n${edged.logs()}` };
  } finally {
    await edged.stop();
  }
}

for (const suite of suites) {
  if (!existsSync(join(root, suite, 'expectations.json'))) {
    console.error(`no suite ${suite}: tests/wpt/${suite}/expectations.json is missing`);
    process.exit(2);
  }
}
const work = suites.flatMap((suite) => testFiles(join(root, suite))
  .filter((file) => !filter || relative(root, file).includes(filter))
  .map((file) => ({ suite, file })));

// Files run `jobs` at a time, one edged each; results are reported in order.
const results = new Array(work.length);
let next = 0;
await Promise.all(Array.from({ length: jobs }, async () => {
  while (next < work.length) {
    const i = next++;
    results[i] = await runFile(work[i].file);
  }
}));

let failed = false;
const report = {};
for (const suite of suites) {
  const suiteDir = join(root, suite);
  const expectations = JSON.parse(readFileSync(join(suiteDir, 'expectations.json'), 'utf8'));
  const counts = { pass: 0, total: 0 };
  const unexpected = [];
  const reasons = new Map();  // reason → how many subtests fail for it
  report[suite] = {};
  work.forEach(({ suite: s, file }, i) => {
    if (s !== suite) return;
    const name = relative(suiteDir, file);
    const verdict = judgeFile(name, results[i], expectations[name]);
    counts.pass += verdict.pass;
    counts.total += verdict.total;
    unexpected.push(...verdict.unexpected);
    for (const { subtest, reason } of verdict.expected) {
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
      if (listFailures) console.log(`XFAIL ${suite}/${name} :: ${subtest} — ${reason}`);
    }
    report[suite][name] = { pass: verdict.pass, total: verdict.total };
    if (!asJson) console.log(`${String(verdict.pass).padStart(6)} / ${String(verdict.total).padEnd(6)} ${suite}/${name}`);
  });
  for (const line of unexpected) console.log(line);
  if (listFailures) {
    for (const [reason, count] of [...reasons].sort(([, a], [, b]) => b - a)) {
      console.log(`${String(count).padStart(6)} ${suite}: ${reason}`);
    }
  }
  let mismatch = null;
  if (updateBaseline && !filter) {
    baseline[suite] = counts;
  } else if (!filter) {
    mismatch = baselineMismatch(suite, counts, baseline[suite]);
  }
  if (mismatch) console.log(mismatch);
  failed ||= unexpected.length > 0 || mismatch !== null;
  console.log(`wpt ${suite}: ${counts.pass} / ${counts.total} subtests pass; `
    + `${unexpected.length} unexpected results`);
}
if (updateBaseline && !filter) {
  const sorted = Object.fromEntries(Object.entries(baseline).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(baselinePath, `${JSON.stringify(sorted, null, 2)}\n`);
}
if (asJson) console.log(JSON.stringify(report, null, 1));
process.exitCode = failed ? 1 : 0;
