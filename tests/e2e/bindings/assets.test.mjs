// Static assets (`assets` in wrangler.jsonc): the seed's static-assets example unchanged, then
// the rules Cloudflare applies — served natively or through env.ASSETS — checked over HTTP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { symlinkSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { startEdged, rawRequest } from '../lib/edged.mjs';
import { seedBlock } from '../lib/seeds.mjs';

const INDEX = '<!doctype html><title>app</title><div id=root></div>';
// Past the size edged keeps in memory, so it streams from disk.
const BIG = Buffer.alloc(300 * 1024 + 7, 0);
for (let i = 0; i < BIG.length; i++) BIG[i] = (i * 31 + 7) & 0xff;
const sha = (bytes) => createHash('sha256').update(bytes).digest('hex');

// GET over a raw socket so that nothing normalizes the path before edged sees it.
async function rawGet(port, target, headers = '') {
  const { text } = await rawRequest(port,
    `GET ${target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n${headers}\r\n`);
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1]);
  return { status, text };
}

test("the seed's static-assets example serves its directory and its API", async () => {
  const code = seedBlock('workers-platform-guide.md', '<example id="static-assets">');
  const edged = await startEdged({
    files: {
      'wrangler.jsonc': {
        name: 'my-app',
        main: 'src/index.ts',
        compatibility_date: '2025-04-01',
        assets: { directory: './public/', not_found_handling: 'single-page-application', binding: 'ASSETS' },
        observability: { enabled: true },
      },
      'src/index.ts': code,
      'public/index.html': INDEX,
      'public/app.css': 'body { color: red }',
    },
  });
  try {
    const home = await fetch(edged.url + '/');
    assert.equal(home.status, 200);
    assert.equal(home.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.match(home.headers.get('etag'), /^"[0-9a-f]{32}"$/);
    assert.equal(await home.text(), INDEX);

    const css = await fetch(edged.url + '/app.css');
    assert.equal(css.headers.get('content-type'), 'text/css; charset=utf-8');
    assert.equal(await css.text(), 'body { color: red }');

    const api = await fetch(edged.url + '/api/user');
    assert.deepEqual(await api.json(), { name: 'Cloudflare' });

    // A client-side route: the Worker's env.ASSETS.fetch falls back to index.html…
    const route = await fetch(edged.url + '/dashboard/settings');
    assert.equal(route.status, 200);
    assert.equal(await route.text(), INDEX);
    // …and a navigation gets it without the Worker.
    const nav = await fetch(edged.url + '/dashboard', { headers: { 'sec-fetch-mode': 'navigate' } });
    assert.equal(nav.status, 200);
    assert.equal(await nav.text(), INDEX);
    assert.doesNotMatch(edged.logs(), /not served/);
  } finally {
    await edged.stop();
  }
});

test('an assets-only Worker: html_handling redirects, 404-page, 304, Range, HEAD', async () => {
  const edged = await startEdged({
    files: {
      'wrangler.jsonc': {
        name: 'site', compatibility_date: '2025-04-01',
        assets: { directory: './dist', not_found_handling: '404-page' },
      },
      'dist/index.html': INDEX,
      'dist/about.html': 'about',
      'dist/blog/index.html': 'blog',
      'dist/404.html': 'not here',
      'dist/blog/404.html': 'no such post',
      'dist/data.txt': '0123456789',
      'dist/big.bin': BIG,
    },
  });
  try {
    const redirect = await fetch(edged.url + '/about.html?x=1', { redirect: 'manual' });
    assert.equal(redirect.status, 307);
    assert.equal(redirect.headers.get('location'), '/about?x=1');
    assert.equal(await (await fetch(edged.url + '/about')).text(), 'about');
    const folder = await fetch(edged.url + '/blog', { redirect: 'manual' });
    assert.equal(folder.status, 307);
    assert.equal(folder.headers.get('location'), '/blog/');
    assert.equal(await (await fetch(edged.url + '/blog/')).text(), 'blog');

    const missing = await fetch(edged.url + '/nothing/here');
    assert.equal(missing.status, 404);
    assert.equal(await missing.text(), 'not here');
    const post = await fetch(edged.url + '/blog/2020/gone');
    assert.equal(post.status, 404);
    assert.equal(await post.text(), 'no such post');

    const first = await fetch(edged.url + '/data.txt');
    const etag = first.headers.get('etag');
    assert.equal(first.headers.get('cache-control'), 'public, max-age=0, must-revalidate');
    const again = await fetch(edged.url + '/data.txt', { headers: { 'if-none-match': etag } });
    assert.equal(again.status, 304);
    assert.equal(again.headers.get('etag'), etag);
    assert.equal(await again.text(), '');

    const part = await fetch(edged.url + '/data.txt', { headers: { range: 'bytes=2-5' } });
    assert.equal(part.status, 206);
    assert.equal(part.headers.get('content-range'), 'bytes 2-5/10');
    assert.equal(await part.text(), '2345');
    const bad = await fetch(edged.url + '/data.txt', { headers: { range: 'bytes=50-' } });
    assert.equal(bad.status, 416);
    assert.equal(bad.headers.get('content-range'), 'bytes */10');

    const head = await rawGet(edged.port, '/data.txt');
    assert.match(head.text, /content-length: 10\r\n/i);
    const { text: headText } = await rawRequest(edged.port,
      'HEAD /data.txt HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    assert.match(headText, /^HTTP\/1\.1 200/);
    assert.match(headText, /content-length: 10\r\n/i);
    assert.ok(headText.endsWith('\r\n\r\n'), 'HEAD has no body');

    // A large file streams from disk, whole and by range.
    const big = Buffer.from(await (await fetch(edged.url + '/big.bin')).arrayBuffer());
    assert.equal(big.length, BIG.length);
    assert.equal(sha(big), sha(BIG));
    const tail = await fetch(edged.url + '/big.bin', { headers: { range: 'bytes=-1000' } });
    assert.equal(tail.status, 206);
    assert.equal(sha(Buffer.from(await tail.arrayBuffer())), sha(BIG.subarray(BIG.length - 1000)));
  } finally {
    await edged.stop();
  }
});

test('paths that step out of the directory are never served', async () => {
  const edged = await startEdged({
    files: {
      'wrangler.jsonc': { name: 'site', compatibility_date: '2025-04-01', assets: { directory: './public' } },
      'secret.txt': 'TOPSECRET',
      'public/ok.txt': 'fine',
    },
  });
  try {
    symlinkSync(join(edged.dir, 'secret.txt'), join(edged.dir, 'public', 'leak.txt'));
    assert.equal((await rawGet(edged.port, '/ok.txt')).status, 200);
    for (const target of ['/../secret.txt', '/%2e%2e/secret.txt', '/%2E%2e/%2e%2E/secret.txt',
      '/..%2fsecret.txt', '/ok.txt%2f..%2f..%2fsecret.txt', '/..%5csecret.txt', '/..\\secret.txt',
      '/public/../../secret.txt', '/leak.txt', '/./../wrangler.jsonc']) {
      const { status, text } = await rawGet(edged.port, target);
      assert.ok(status === 404 || status === 400, `${target}: ${status}`);
      assert.doesNotMatch(text, /TOPSECRET|compatibility_date/, target);
    }
  } finally {
    await edged.stop();
  }
});

test('env.ASSETS.fetch and run_worker_first', async () => {
  const worker = `
    export default {
      async fetch(request, env) {
        const url = new URL(request.url);
        if (url.pathname === '/size') {
          const r = await env.ASSETS.fetch(new URL('/big.bin', request.url));
          return new Response(String((await r.arrayBuffer()).byteLength));
        }
        if (url.pathname === '/pipe') return env.ASSETS.fetch(new URL('/big.bin', request.url));
        if (url.pathname === '/by-url') {
          const r = await env.ASSETS.fetch('http://any.host/data.txt', { headers: { range: 'bytes=0-2' } });
          return new Response(r.status + ' ' + (await r.text()) + ' ' + r.headers.get('content-range'));
        }
        if (url.pathname.startsWith('/api/')) return new Response('worker ' + url.pathname);
        const asset = await env.ASSETS.fetch(request);
        return new Response('wrapped ' + asset.status + ' ' + (await asset.text()), asset);
      },
    };`;
  const files = (assets) => ({
    'wrangler.jsonc': {
      name: 'app', main: 'index.js', compatibility_date: '2025-04-01',
      assets: { directory: './public', binding: 'ASSETS', ...assets },
    },
    'index.js': worker,
    'public/index.html': INDEX,
    'public/data.txt': '0123456789',
    'public/big.bin': BIG,
    'public/api/static/info.txt': 'static info',
  });

  const all = await startEdged({ files: files({ run_worker_first: true }) });
  try {
    assert.equal(await (await fetch(all.url + '/size')).text(), String(BIG.length));
    const piped = Buffer.from(await (await fetch(all.url + '/pipe')).arrayBuffer());
    assert.equal(sha(piped), sha(BIG));
    assert.equal(await (await fetch(all.url + '/by-url')).text(), '206 012 bytes 0-2/10');
    // The Worker runs first even where an asset exists.
    assert.equal(await (await fetch(all.url + '/data.txt')).text(), 'wrapped 200 0123456789');
    assert.equal(await (await fetch(all.url + '/nope')).text(), 'wrapped 404 ');
  } finally {
    await all.stop();
  }

  const some = await startEdged({ files: files({ run_worker_first: ['/api/*', '!/api/static/*'] }) });
  try {
    assert.equal(await (await fetch(some.url + '/data.txt')).text(), '0123456789');
    assert.equal(await (await fetch(some.url + '/api/static/info.txt')).text(), 'static info');
    assert.equal(await (await fetch(some.url + '/api/users')).text(), 'worker /api/users');
    // A miss outside the patterns still reaches the Worker.
    assert.equal(await (await fetch(some.url + '/missing')).text(), 'wrapped 404 ');
  } finally {
    await some.stop();
  }
});

test('clients that go away mid-file leave the server serving', async () => {
  const huge = Buffer.alloc(8 * 1024 * 1024, 7);
  const edged = await startEdged({
    files: {
      'wrangler.jsonc': {
        name: 'app', main: 'index.js', compatibility_date: '2025-04-01',
        assets: { directory: './public', binding: 'ASSETS', run_worker_first: ['/via-worker/*'] },
      },
      'index.js': `export default {
        fetch(request, env) {
          const url = new URL(request.url);
          return env.ASSETS.fetch(new URL(url.pathname.replace('/via-worker', ''), url));
        },
      };`,
      'public/huge.bin': huge,
    },
  });
  try {
    for (const path of ['/huge.bin', '/via-worker/huge.bin']) {
      for (let i = 0; i < 5; i++) {
        await new Promise((resolve) => {
          const socket = net.connect(edged.port, '127.0.0.1', () =>
            socket.write(`GET ${path} HTTP/1.1\r\nHost: localhost\r\n\r\n`));
          socket.once('data', () => { socket.destroy(); resolve(); });
          socket.on('error', resolve);
        });
      }
      const whole = Buffer.from(await (await fetch(edged.url + path)).arrayBuffer());
      assert.equal(whole.length, huge.length, path);
    }
  } finally {
    assert.equal(await edged.stop(), 0);
  }
});
