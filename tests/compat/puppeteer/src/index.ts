// @cloudflare/puppeteer on edged: tests/compat/puppeteer.test.mjs serves this Worker. Each route
// launches a browser, drives one page the way Browser Rendering's guides do, and closes it.
// `?url=` is a page on the test's loopback server.
import puppeteer, { type Page } from '@cloudflare/puppeteer';

interface Env {
  MYBROWSER: Fetcher;
}

// A PNG's size, from its IHDR chunk.
const pngSize = (png: Uint8Array) => {
  const view = new DataView(png.buffer, png.byteOffset);
  return { width: view.getUint32(16), height: view.getUint32(20) };
};

const routes: Record<string, (page: Page, target: string) => Promise<unknown>> = {
  async '/content'(page) {
    await page.setContent('<ul id="list"><li data-n="1">one</li><li data-n="2">two</li></ul><p class="x">tail</p>');
    const items = await page.evaluate(() =>
      [...document.querySelectorAll('li')].map((li) => ({ text: li.textContent, n: Number(li.dataset.n) })),
    );
    const summary = await page.evaluate((factor: number) => ({
      count: document.querySelectorAll('li').length * factor,
      nested: { title: document.title, tail: document.querySelector('.x')?.textContent },
    }), 10);
    const texts = await page.$$eval('li', (els) => els.map((el) => el.textContent));
    return { items, summary, texts };
  },

  async '/form'(page, target) {
    await page.goto(target);
    await page.waitForSelector('#name');
    await page.type('#name', 'Ada Lovelace');
    await page.click('#agree');
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    await page.waitForSelector('#greeting');
    const greeting = await page.$eval('#greeting', (el) => el.textContent);
    return { greeting, url: page.url(), title: await page.title() };
  },

  async '/late'(page, target) {
    await page.goto(target);
    const handle = await page.waitForSelector('#late', { timeout: 5000 });
    return { text: await handle?.evaluate((el) => el.textContent) };
  },

  async '/pdf'(page, target) {
    await page.goto(target);
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    return { header: new TextDecoder().decode(pdf.subarray(0, 5)), bytes: pdf.length };
  },

  async '/screenshot'(page, target) {
    await page.setViewport({ width: 400, height: 300 });
    await page.goto(target);
    const full = await page.screenshot() as Uint8Array;
    const clipped = await page.screenshot({ clip: { x: 10, y: 20, width: 50, height: 40 } }) as Uint8Array;
    const jpeg = await page.screenshot({ type: 'jpeg', quality: 50 }) as Uint8Array;
    const viewport = await page.evaluate(() => ({ width: innerWidth, height: innerHeight }));
    return { full: pngSize(full), clipped: pngSize(clipped), jpegMagic: [...jpeg.subarray(0, 3)], viewport };
  },

  async '/cookies'(page, target) {
    await page.goto(target);
    await page.setCookie({ name: 'flavour', value: 'oatmeal', url: target });
    await page.reload();
    const cookies = (await page.cookies()).map(({ name, value, httpOnly }) => ({ name, value, httpOnly }))
      .sort((a, b) => a.name.localeCompare(b.name));
    const documentCookie = await page.evaluate(() => document.cookie);
    const echoed = await page.$eval('#cookie-header', (el) => el.textContent);
    await page.deleteCookie({ name: 'flavour', url: target });
    const afterDelete = (await page.cookies()).map((c) => c.name);
    return { cookies, documentCookie, echoed, afterDelete };
  },
};

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    const route = routes[url.pathname];
    if (!route) return new Response('not found', { status: 404 });
    const browser = await puppeteer.launch(env.MYBROWSER);
    try {
      const page = await browser.newPage();
      return Response.json(await route(page, url.searchParams.get('url') ?? ''));
    } catch (e) {
      return Response.json({ error: String((e as Error)?.message ?? e) }, { status: 500 });
    } finally {
      await browser.close();
    }
  },
};
