// Browser Rendering's figure of issue 8: time to the first screenshot from a Worker, cold (the
// request launches a new browser session: Chromium starts, then goto + screenshot) against warm
// (the request connects to a session kept alive between requests with puppeteer.connect()).
// Pages come from a loopback server; each request is timed by the client, end to end.
//
//   node bench/browser/driver.mjs --edged=<path> [--runs=5]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')));
const runs = Number(args.runs ?? 5);
const modules = fileURLToPath(new URL('../../tests/compat/node_modules', import.meta.url));

const WORKER = `
import puppeteer from '@cloudflare/puppeteer';
async function shoot(browser, url) {
  const page = await browser.newPage();
  await page.goto(url);
  const png = await page.screenshot();
  await page.close();
  return png.length;
}
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const target = url.searchParams.get('url');
    if (url.pathname === '/cold') {
      const browser = await puppeteer.launch(env.MYBROWSER);
      const bytes = await shoot(browser, target);
      await browser.close();
      return Response.json({ bytes });
    }
    if (url.pathname === '/keep') {
      const browser = await puppeteer.launch(env.MYBROWSER, { keep_alive: 600000 });
      browser.disconnect();
      return Response.json({ sessionId: browser.sessionId() });
    }
    if (url.pathname === '/warm') {
      const free = (await puppeteer.sessions(env.MYBROWSER)).find((s) => !s.connectionId);
      const browser = await puppeteer.connect(env.MYBROWSER, free.sessionId);
      const bytes = await shoot(browser, target);
      browser.disconnect();
      return Response.json({ bytes });
    }
    return new Response('not found', { status: 404 });
  },
};`;

const PAGE = '<!doctype html><title>bench</title><h1>Time to first screenshot</h1><p>' + 'text '.repeat(200) + '</p>';

async function main() {
  const pages = http.createServer((req, res) => res.end(PAGE));
  await new Promise((resolve) => pages.listen(0, '127.0.0.1', resolve));
  const pageUrl = `http://127.0.0.1:${pages.address().port}/`;
  const dir = mkdtempSync(join(os.tmpdir(), 'edged-bench-browser-'));
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'wrangler.jsonc'), JSON.stringify({
    name: 'bench-browser', main: 'src/index.js', compatibility_date: '2025-02-11',
    compatibility_flags: ['nodejs_compat'], browser: { binding: 'MYBROWSER' },
  }));
  writeFileSync(join(dir, 'src/index.js'), WORKER);
  symlinkSync(modules, join(dir, 'node_modules'));
  const edged = spawn(args.edged, ['serve', join(dir, 'wrangler.jsonc'), '--port', '0', '--data-dir', join(dir, 'data')],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  const base = await new Promise((resolve) => {
    let out = '';
    edged.stdout.on('data', (d) => {
      out += d;
      const m = /on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
  });
  const timed = async (path) => {
    const start = performance.now();
    const response = await fetch(`${base}${path}?url=${encodeURIComponent(pageUrl)}`);
    const body = await response.json();
    if (response.status !== 200) throw new Error(JSON.stringify(body));
    return performance.now() - start;
  };
  const stats = (list) => {
    const sorted = [...list].sort((a, b) => a - b);
    const round = (x) => Math.round(x);
    return { runs: list.length, median_ms: round(sorted[Math.floor(sorted.length / 2)]), min_ms: round(sorted[0]),
      max_ms: round(sorted.at(-1)) };
  };
  try {
    await timed('/cold');  // bundles, first isolate, disk caches: not counted
    const cold = [];
    for (let i = 0; i < runs; i++) cold.push(await timed('/cold'));
    await timed('/keep');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await timed('/warm');  // the session's first page: not counted
    const warm = [];
    for (let i = 0; i < runs; i++) warm.push(await timed('/warm'));
    console.log(JSON.stringify({
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model },
      cold_first_screenshot: stats(cold),
      kept_alive_first_screenshot: stats(warm),
    }, null, 2));
  } finally {
    edged.kill('SIGTERM');
    await new Promise((resolve) => edged.on('exit', resolve));
    pages.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
