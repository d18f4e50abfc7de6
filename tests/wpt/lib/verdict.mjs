// Compares one suite's results with what its expectations.json and baseline.json say.
//
// expectations.json maps a test file (relative to the suite's directory) to the subtests known
// to fail, each with a one-line reason:
//   "subtest name": reason            that subtest fails
//   "/regexp/": reason                every subtest whose name matches fails
//   "*": reason                       the whole file fails (harness error included)
//   "(harness)": reason               the file's harness status is not OK (e.g. an uncaught
//                                     exception after some subtests ran)
// A subtest that fails without being listed, or passes while listed, is an unexpected result;
// so is a harness error not listed. The baseline is the suite's pass/total: a run must match it
// exactly, so a drop fails and a rise must be recorded (run.mjs --update-baseline).

export const kStatusNames = ['PASS', 'FAIL', 'TIMEOUT', 'NOTRUN', 'PRECONDITION_FAILED'];
const kHarnessStatusNames = ['OK', 'ERROR', 'TIMEOUT', 'PRECONDITION_FAILED'];

// The reason expectations give for a subtest failing, or undefined when none is listed.
function listedReason(known, subtest) {
  if (known[subtest] !== undefined) return known[subtest];
  const pattern = Object.keys(known).find((key) => key.length > 2 && key.startsWith('/')
    && key.endsWith('/') && new RegExp(key.slice(1, -1)).test(subtest));
  return pattern === undefined ? known['*'] : known[pattern];
}

// result: what the Worker answered ({ status, message, tests }) or { error } when it did not.
// Returns { pass, total, unexpected: [line, …], expected: [{ subtest, reason }, …] }.
export function judgeFile(name, result, known = {}) {
  const unexpected = [];
  const expected = [];
  if (result.error !== undefined || result.status !== 0) {
    const why = result.error
      ?? `harness ${kHarnessStatusNames[result.status] ?? result.status}: ${result.message}`;
    if (known['*'] === undefined && known['(harness)'] === undefined) {
      unexpected.push(`FILE  ${name}: ${why}`);
    }
  } else if (known['(harness)'] !== undefined) {
    unexpected.push(`XPASS ${name}: the harness status is OK now (listed as "(harness)")`);
  }
  let pass = 0;
  for (const t of result.tests ?? []) {
    const ok = t.status === 0;
    const reason = listedReason(known, t.name);
    pass += ok;
    if (ok === (reason !== undefined)) {
      unexpected.push(ok ? `XPASS ${name} :: ${t.name}`
        : `FAIL  ${name} :: ${t.name} [${kStatusNames[t.status]}] ${t.message}`);
    } else if (!ok) {
      expected.push({ subtest: t.name, reason });
    }
  }
  return { pass, total: result.tests?.length ?? 0, unexpected, expected };
}

// A line saying how the suite's counts differ from its baseline, or null when they match.
export function baselineMismatch(suite, counts, baseline) {
  if (baseline === undefined) return `BASELINE ${suite}: no entry in baseline.json`;
  if (counts.pass === baseline.pass && counts.total === baseline.total) return null;
  const direction = counts.pass < baseline.pass ? 'dropped below'
    : counts.pass > baseline.pass ? 'rose above' : 'differs from';
  return `BASELINE ${suite}: ${counts.pass} / ${counts.total} ${direction} the baseline `
    + `${baseline.pass} / ${baseline.total} (run tests/wpt/run.mjs --update-baseline ${suite} `
    + 'once the change is intended)';
}
