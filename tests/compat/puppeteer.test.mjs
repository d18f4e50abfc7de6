// @cloudflare/puppeteer (tests/compat/puppeteer) over the Browser Rendering binding with Debian's
// chromium, on pages from a loopback server started here: setContent and evaluate returning
// objects, goto + waitForSelector, typing and clicking through a form submission, page.pdf(),
// setViewport and clipped screenshots, cookies set, read back and deleted. The binding's own
// protocol (sessions, limits, keep-alive): e2e.bindings.browser.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import http from 'node:http';
import { missingPackages, serveCompatWorker } from './lib/serve.mjs';

const skip = missingPackages('@cloudflare/puppeteer')
  ?? (existsSync('/usr/bin/chromium') ? undefined : 'Debian chromium is not installed (/usr/bin/chromium)');

const page = (title, body, head = '') =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title>${head}</head><body>${body}</body></html>`;

// The pages the Worker's browser opens.
function site(request, response) {
  const url = new URL(request.url, 'http://loopback');
  const html = (status, text, headers = {}) => {
    response.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers });
    response.end(text);
  };
  const escape = (s) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  switch (url.pathname) {
    case '/form':
      return html(200, page('Form', `<form action="/greet" method="post">
        <input id="name" name="name"><label><input id="agree" type="checkbox" name="agree" value="yes">agree</label>
        <button type="submit">Send</button></form>`));
    case '/greet': {
      let body = '';
      request.on('data', (d) => { body += d; });
      request.on('end', () => {
        const form = new URLSearchParams(body);
        html(200, page('Greeted', `<p id="greeting">Hello, ${escape(form.get('name') ?? '')} (agree: ${escape(form.get('agree') ?? 'no')})</p>`));
      });
      return undefined;
    }
    case '/late':
      return html(200, page('Late', '<p>wait</p>', `<script>
        setTimeout(() => { const p = document.createElement('p'); p.id = 'late'; p.textContent = 'arrived'; document.body.append(p); }, 300);
      </script>`));
    case '/cookies':
      return html(200, page('Cookies', `<pre id="cookie-header">${escape(request.headers.cookie ?? '')}</pre>`),
        { 'set-cookie': 'session=s3cr3t; HttpOnly; Path=/' });
    default:
      return html(200, page('Styled', '<h1 style="color: rebeccapurple">Printed by edged</h1>',
        '<style>body { background: #fafafa; }</style>'));
  }
}

let edged;
let origin;
let server;
before(async () => {
  if (skip) return;
  server = http.createServer(site);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
  edged = await serveCompatWorker('puppeteer');
});
after(async () => {
  await edged?.stop();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
});

async function get(route, path) {
  const query = path === undefined ? '' : '?' + new URLSearchParams({ url: origin + path });
  const res = await fetch(edged.url + route + query);
  const text = await res.text();
  assert.equal(res.status, 200, `${route}: ${text}\n${edged.logs()}`);
  return JSON.parse(text);
}

test('setContent, and evaluate/$$eval returning objects', { skip }, async () => {
  assert.deepEqual(await get('/content'), {
    items: [{ text: 'one', n: 1 }, { text: 'two', n: 2 }],
    summary: { count: 20, nested: { title: '', tail: 'tail' } },
    texts: ['one', 'two'],
  });
});

test('goto, waitForSelector, type and click through a form post', { skip }, async () => {
  assert.deepEqual(await get('/form', '/form'), {
    greeting: 'Hello, Ada Lovelace (agree: yes)',
    url: origin + '/greet',
    title: 'Greeted',
  });
  assert.deepEqual(await get('/late', '/late'), { text: 'arrived' });
});

test('page.pdf() is a PDF document', { skip }, async () => {
  const pdf = await get('/pdf', '/');
  assert.equal(pdf.header, '%PDF-');
  assert.ok(pdf.bytes > 500, `${pdf.bytes} bytes`);
});

test('setViewport and screenshots: full, clipped, JPEG', { skip }, async () => {
  assert.deepEqual(await get('/screenshot', '/'), {
    full: { width: 400, height: 300 },
    clipped: { width: 50, height: 40 },
    jpegMagic: [0xff, 0xd8, 0xff],
    viewport: { width: 400, height: 300 },
  });
});

test('cookies: server-set and setCookie, read back, sent, deleted', { skip }, async () => {
  assert.deepEqual(await get('/cookies', '/cookies'), {
    cookies: [{ name: 'flavour', value: 'oatmeal', httpOnly: false }, { name: 'session', value: 's3cr3t', httpOnly: true }],
    documentCookie: 'flavour=oatmeal',
    echoed: 'session=s3cr3t; flavour=oatmeal',
    afterDelete: ['session'],
  });
});
