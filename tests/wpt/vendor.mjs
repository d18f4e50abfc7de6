// Copies WPT test directories into tests/wpt, unmodified, taking only what a Worker can run:
//   node tests/wpt/vendor.mjs <wpt checkout's tests/ directory> <dir> [<dir> …]
// e.g. `… /src/wpt encoding fetch/api/headers`. For each directory: every `.any.js` file whose
// `// META: global=` includes a worker (run.mjs runs the same set), the helper scripts those
// files name with `// META: script=`, and the IDL files an idlharness test fetches. The harness
// itself (resources/testharness.js, idlharness.js, webidl2) is copied every time, so the
// harness and the tests come from the same WPT commit. Write the directory's README.md by hand
// (source, commit, licence, what was left out).
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { idlNames, metaScripts, testFiles } from './lib/wpt_files.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const [source, ...dirs] = process.argv.slice(2);
if (!source || dirs.length === 0) {
  console.error('usage: node tests/wpt/vendor.mjs <wpt tests dir> <dir> [<dir> …]');
  process.exit(2);
}

const wanted = new Set([
  'resources/testharness.js', 'resources/idlharness.js', 'resources/webidl2/lib/webidl2.js',
  'LICENSE.md',
].map((path) => join(source, path)));
for (const dir of dirs) {
  for (const file of testFiles(join(source, dir))) {
    const text = readFileSync(file, 'utf8');
    wanted.add(file);
    for (const script of metaScripts(source, file, text)) wanted.add(script);
    for (const name of idlNames(text)) wanted.add(join(source, 'interfaces', `${name}.idl`));
  }
}

let copied = 0;
for (const file of [...wanted].sort()) {
  const path = relative(source, file);
  if (!existsSync(file)) {
    console.error(`missing in ${source}: ${path}`);
    process.exitCode = 1;
    continue;
  }
  mkdirSync(dirname(join(here, path)), { recursive: true });
  copyFileSync(file, join(here, path));
  copied++;
}
console.log(`copied ${copied} files into ${here}`);
