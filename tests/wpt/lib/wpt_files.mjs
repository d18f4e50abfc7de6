// How a WPT test file names what it needs, resolved the way WPT's server (wptserve) does.
// Shared by run.mjs (which builds Workers from the files) and vendor.mjs (which copies them).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

// `// META: key=value` lines at the top of a test file, in order.
export function metaDirectives(source) {
  return [...source.matchAll(/^\/\/ META: *([\w-]+)=(.*)$/gm)]
    .map(([, key, value]) => ({ key, value: value.trim() }));
}

// A `.any.js` file runs in the globals its `global=` directive names (default: window and a
// dedicated worker). A Worker has no DOM, so files meant only for windows are not ours.
export function runsWithoutDom(source) {
  const globals = metaDirectives(source).filter((d) => d.key === 'global')
    .flatMap((d) => d.value.split(','));
  return globals.length === 0 || globals.some((g) => /worker|jsshell|shadowrealm/.test(g));
}

// wptserve serves these under other names than their path in the tree.
const kAliases = { '/resources/WebIDLParser.js': '/resources/webidl2/lib/webidl2.js' };

// The file a `// META: script=` names: "/x" from the WPT root, anything else from the test's
// own directory.
export function resolveScript(root, testFile, src) {
  const path = kAliases[src] ?? src;
  return path.startsWith('/') ? join(root, path.slice(1)) : resolve(dirname(testFile), path);
}

export function metaScripts(root, testFile, source) {
  return metaDirectives(source).filter((d) => d.key === 'script')
    .map((d) => resolveScript(root, testFile, d.value));
}

// The IDL files an idlharness test asks for: idl_test(['streams'], ['dom', 'html'], …) fetches
// /interfaces/<name>.idl for each name in its first two arguments.
export function idlNames(source) {
  const call = /idl_test\(\s*(\[[^\]]*\])\s*,\s*(\[[^\]]*\])/.exec(source);
  if (!call) return [];
  return [call[1], call[2]].flatMap((list) => [...list.matchAll(/['"]([\w.-]+)['"]/g)])
    .map(([, name]) => name);
}

// Every `.any.js` test file under dir that can run without a DOM, as absolute paths, sorted.
export function testFiles(dir) {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return testFiles(path);
    return name.endsWith('.any.js') && runsWithoutDom(readFileSync(path, 'utf8')) ? [path] : [];
  });
}
