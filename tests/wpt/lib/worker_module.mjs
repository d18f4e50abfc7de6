// Turns one WPT `.any.js` file into the source of a Worker module that runs it in its `fetch`
// handler and answers with the results as JSON: { status, message, tests: [{name, status,
// message}] } (testharness.js's own status codes).
//
// Workers cannot eval, so testharness.js, the file's `// META: script=` helpers and the file
// are written into the module itself, in the order wptserve's worker wrapper loads them.
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { idlNames, metaDirectives, metaScripts } from './wpt_files.mjs';

// wptserve fills `{{…}}` templates in `.sub.js` files; these are the values of its default
// configuration (the tests only build URLs from them, which a Worker cannot reach anyway).
const kSubstitutions = {
  host: 'web-platform.test', 'ports[http][0]': '8000', 'ports[http][1]': '8001',
  'ports[https][0]': '8443', 'ports[https][1]': '8444', 'domains[www2]': 'www2.web-platform.test',
  'hosts[alt][]': 'not-web-platform.test',
};
const substitute = (path, text) => (path.endsWith('.sub.js')
  ? text.replace(/\{\{([^}]+)\}\}/g, (whole, key) => kSubstitutions[key] ?? whole) : text);

// WPT scripts are classic scripts in sloppy mode, and a few assign to undeclared names (creating
// globals); a module is strict, where that throws. Every `name = …` at the start of a line, and
// every undeclared `for (name in …)` / `for (name of …)`, gets a global property of that name
// first (where there is none), which the assignment then finds; a local declaration of the same
// name still shadows it.
const assignedNames = (source) => [...new Set(
  [...source.matchAll(/^\s*(?:for\s*\(\s*)?([A-Za-z_$][\w$]*)\s*(?:=[^=>]|\s(?:in|of)\s)/gm)]
    .map(([, name]) => name))];

// A classic script's top-level function declarations are properties of the global, and some
// scripts look them up there (idlharness.js calls `globalThis.fetch_spec`): each one declared
// at the start of a line is published on globalThis when the scripts' scope is entered (if it
// is in that scope: a line-start declaration can also sit inside a bundled module's function).
const declaredFunctions = (source) => [...new Set(
  [...source.matchAll(/^(?:async\s+)?function\s*\*?\s*([A-Za-z_$][\w$]*)/gm)].map(([, name]) => name))];

// idlharness fetches /interfaces/<name>.idl from the WPT server: those files are written into
// the module and served by a `fetch` that answers for exactly those paths.
function idlFiles(root, source) {
  const files = {};
  for (const name of idlNames(source)) {
    const path = join(root, 'interfaces', `${name}.idl`);
    if (existsSync(path)) files[`/interfaces/${name}.idl`] = readFileSync(path, 'utf8');
  }
  return files;
}

// `timeoutMs`: testharness.js sets no timeout of its own outside a window, so the module calls
// its `timeout()` after this long: unfinished subtests report TIMEOUT instead of hanging.
export function workerModule(root, file, { timeoutMs }) {
  const source = readFileSync(file, 'utf8');
  const path = relative(root, file);
  const scripts = [...metaScripts(root, file, source), file]
    .map((script) => substitute(script, readFileSync(script, 'utf8'))).join('\n');
  const title = metaDirectives(source).find((d) => d.key === 'title')?.value;
  const idl = idlFiles(root, source);
  const served = Object.keys(idl).length === 0 ? '' : `
    const wptFiles = ${JSON.stringify(idl)};
    const networkFetch = globalThis.fetch;
    globalThis.fetch = (input, init) => (typeof input === 'string' && input in wptFiles
      ? Promise.resolve(new Response(wptFiles[input])) : networkFetch(input, init));`;
  return `
// WPT ${path}
globalThis.location = new URL('http://web-platform.test:8000/${path}');
globalThis.GLOBAL = {
  isWindow: () => false, isWorker: () => true, isShadowRealm: () => false,
};
${title === undefined ? '' : `globalThis.META_TITLE = ${JSON.stringify(title)};`}
export default {
  async fetch() {
    const finished = new Promise((resolve) => { globalThis.wptFinished = resolve; });${served}
    (function () {
${readFileSync(join(root, 'resources/testharness.js'), 'utf8')}
      add_completion_callback((tests, status) => globalThis.wptFinished({
        status: status.status, message: status.message,
        tests: tests.map((t) => ({ name: t.name, status: t.status, message: t.message })),
      }));
      setTimeout(timeout, ${timeoutMs});
      for (const name of ${JSON.stringify(assignedNames(scripts))}) {
        if (!(name in globalThis)) globalThis[name] = undefined;
      }
      try {
        // The scripts share one function scope, as they would share the global one (a block
        // would reject the duplicate function declarations some of them have).
        (function () {
          ${declaredFunctions(scripts).map((name) =>
    `if (typeof ${name} === 'function') globalThis.${name} = ${name};`).join('\n')}
${scripts}
        })();
        done();
      } catch (error) {
        // An uncaught exception reaches testharness.js's "error" listener on the global (a
        // harness error), as it would in a browser's worker.
        dispatchEvent(new ErrorEvent('error', { message: String(error), error }));
      }
      // The global is a ServiceWorkerGlobalScope: testharness.js completes only once it has
      // seen the "install" event a service worker gets after its scripts ran.
      dispatchEvent(new Event('install'));
    })();
    return Response.json(await finished);
  },
};
`;
}
