// Static assets' `_redirects` and `_headers` files: a project with both, checked over HTTP the
// way Cloudflare documents them (workers/static-assets/redirects and /headers).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startEdged } from '../lib/edged.mjs';

const REDIRECTS = `# Redirects, applied before any asset
/home / 301
/old-page /about 302
/temp /about 307
/perm /about 308
/search /about?from=search 301
/blog/* /posts/:splat 301
/users/:id/profile /people/:id 302
/app/* /app 200
/docs/:section /about#:section 307
/broken
/bad-status /about 404
`;

const HEADERS = `# Headers for asset responses
/*
  X-Frame-Options: DENY
  X-Robots-Tag: noindex
/assets/*
  Cache-Control: public, max-age=31536000, immutable
  X-Frame-Options: SAMEORIGIN
  ! X-Robots-Tag
/assets/:file
  X-File: :file
  not-a-header-line
`;

const files = {
  'wrangler.jsonc': {
    name: 'rules', main: 'src/index.js', compatibility_date: '2025-04-01',
    assets: { directory: './public', binding: 'ASSETS' },
  },
  'src/index.js': `export default { fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname.startsWith('/via-binding/')) {
      return env.ASSETS.fetch(new URL(url.pathname.slice('/via-binding'.length), url));
    }
    return new Response('worker ' + url.pathname, { headers: { 'x-from': 'worker' } });
  } };`,
  'public/index.html': '<h1>home</h1>',
  'public/about.html': 'about',
  'public/app.html': 'the app',
  'public/assets/app.css': 'body {}',
  'public/_redirects': REDIRECTS,
  'public/_headers': HEADERS,
};

test('_redirects: statuses, Location, splats, placeholders, queries and 200 rewrites', async () => {
  const edged = await startEdged({ files });
  try {
    const get = (path, init = {}) => fetch(edged.url + path, { redirect: 'manual', ...init });
    for (const [path, status] of [['/old-page', 302], ['/temp', 307], ['/perm', 308]]) {
      const r = await get(path);
      assert.equal(r.status, status, path);
      assert.equal(r.headers.get('location'), '/about', path);
    }
    const home = await get('/home?utm=1');
    assert.equal(home.status, 301);
    assert.equal(home.headers.get('location'), '/?utm=1');
    // The destination's own query wins over the request's.
    assert.equal((await get('/search?q=x')).headers.get('location'), '/about?from=search');
    const splat = await get('/blog/2024/hello?x=1');
    assert.equal(splat.status, 301);
    assert.equal(splat.headers.get('location'), '/posts/2024/hello?x=1');
    const placeholder = await get('/users/42/profile');
    assert.equal(placeholder.headers.get('location'), '/people/42');
    assert.equal((await get('/docs/install')).headers.get('location'), '/about#install');
    // A redirect answers whatever the method, before the Worker.
    const post = await get('/temp', { method: 'POST' });
    assert.equal(post.status, 307);

    // 200: another asset served at the requested URL.
    const app = await get('/app/settings/profile?tab=2');
    assert.equal(app.status, 200);
    assert.equal(await app.text(), 'the app');
    assert.equal(app.headers.get('content-type'), 'text/html; charset=utf-8');

    // Lines skipped at load, with a warning naming the file and the line.
    assert.match(edged.logs(), /_redirects:11: Expected exactly 2 or 3 whitespace-separated tokens\. Got 1\./);
    assert.match(edged.logs(), /_redirects:12: Valid status codes are 200, 301, 302 \(default\), 303, 307, or 308\. Got 404\./);
    assert.match(edged.logs(), /_headers:11: Expected a colon-separated header pair \(e\.g\. name: value\)/);
    const broken = await get('/broken');
    assert.equal(await broken.text(), 'worker /broken');
  } finally {
    await edged.stop();
  }
});

test('_headers: values on asset responses, merged and detached; not on Worker responses', async () => {
  const edged = await startEdged({ files });
  try {
    const page = await fetch(edged.url + '/about');
    assert.equal(await page.text(), 'about');
    assert.equal(page.headers.get('x-frame-options'), 'DENY');
    assert.equal(page.headers.get('x-robots-tag'), 'noindex');
    assert.equal(page.headers.get('cache-control'), 'public, max-age=0, must-revalidate');

    const css = await fetch(edged.url + '/assets/app.css');
    assert.equal(css.status, 200);
    assert.equal(css.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.equal(css.headers.get('x-frame-options'), 'DENY, SAMEORIGIN');
    assert.equal(css.headers.get('x-robots-tag'), null);
    assert.equal(css.headers.get('x-file'), 'app.css');

    // Redirects from the asset server carry them too; the Worker's responses do not.
    const moved = await fetch(edged.url + '/temp', { redirect: 'manual' });
    assert.equal(moved.headers.get('x-frame-options'), 'DENY');
    const worker = await fetch(edged.url + '/api/x');
    assert.equal(await worker.text(), 'worker /api/x');
    assert.equal(worker.headers.get('x-frame-options'), null);

    // env.ASSETS.fetch applies both files too.
    const bound = await fetch(edged.url + '/via-binding/assets/app.css');
    assert.equal(await bound.text(), 'body {}');
    assert.equal(bound.headers.get('x-file'), 'app.css');
    const boundRedirect = await fetch(edged.url + '/via-binding/perm', { redirect: 'manual' });
    assert.equal(boundRedirect.status, 308);
    assert.equal(boundRedirect.headers.get('location'), '/about');
  } finally {
    await edged.stop();
  }
});

test('the rule files are never served', async () => {
  const edged = await startEdged({
    files: { ...files, 'wrangler.jsonc': { ...files['wrangler.jsonc'], main: undefined } },
  });
  try {
    for (const path of ['/_redirects', '/_headers']) {
      const r = await fetch(edged.url + path);
      assert.equal(r.status, 404, path);
      assert.equal(await r.text(), '');
    }
  } finally {
    await edged.stop();
  }
});
