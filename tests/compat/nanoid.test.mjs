// nanoid (tests/compat/nanoid) bundled by edged: ids of the right length and alphabet, unique,
// customAlphabet/customRandom and the non-secure generator.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { missingPackages, serveCompatWorker } from './lib/serve.mjs';

const skip = missingPackages('nanoid');
let edged;
before(async () => { if (!skip) edged = await serveCompatWorker('nanoid'); });
after(async () => { await edged?.stop(); });

const URL_ID = /^[A-Za-z0-9_-]{21}$/;

test('nanoid(): 21 URL-safe characters, unique, spread over the alphabet', { skip }, async () => {
  const body = await (await fetch(edged.url + '/')).json();
  assert.equal(body.urlAlphabet.length, 64);
  assert.equal(new Set(body.urlAlphabet).size, 64);
  for (const id of body.ids) assert.match(id, URL_ID);
  assert.equal(new Set(body.ids).size, body.ids.length);
  // 200 ids × 21 characters drawn from 64: a working random source uses nearly all of them.
  assert.ok(new Set(body.ids.join('')).size > 60);
  assert.deepEqual(body.sized.map((id) => id.length), [5, 64, 0]);
  assert.equal(body.randomBytes, 16);
  for (const id of body.insecure) assert.match(id, URL_ID);
});

test('customAlphabet and customRandom', { skip }, async () => {
  const body = await (await fetch(edged.url + '/')).json();
  for (const id of body.hex) assert.match(id, /^[0-9a-f]{12}$/);
  assert.equal(new Set(body.hex).size, body.hex.length);
  for (const id of body.digits) assert.match(id, /^[0-9]{6}$/);
  assert.match(body.digitsSized, /^[0-9]{20}$/);
  // A constant random source: every byte is 7, and 26 letters take the rejection path (7 < 234).
  assert.equal(body.seeded, 'hhhhhhhhhh');
});

test('customAlphabet with a 26-letter alphabet (the rejection-sampling path)', { skip }, async () => {
  const { upper } = await (await fetch(edged.url + '/')).json();
  for (const id of upper) assert.match(id, /^[A-Z]{8}$/);
  assert.equal(new Set(upper).size, upper.length);
});

test('every request gets new ids', { skip }, async () => {
  const [a, b] = await Promise.all([fetch(edged.url + '/'), fetch(edged.url + '/')].map(async (r) => (await r).json()));
  assert.notEqual(a.ids[0], b.ids[0]);
});
