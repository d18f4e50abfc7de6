// Forms posted by a real client: Node's fetch sends a multipart/form-data body (its FormData,
// with a File) and an application/x-www-form-urlencoded one to a Worker that reads them with
// `request.formData()`, and reads a multipart body the Worker builds with `new Response(fd)`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startEdged } from '../lib/edged.mjs';

// A 32-bit FNV-1a hash of some bytes, computed the same way on both sides.
function fnv1a(bytes) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193) >>> 0;
  return hash;
}

let edged;
before(async () => {
  edged = await startEdged({
    files: {
      'wrangler.jsonc': { name: 'forms', main: 'w.js', compatibility_date: '2025-09-01' },
      'w.js': `
${fnv1a}

export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === '/echo') {
      let form;
      try {
        form = await request.formData();
      } catch (e) {
        return Response.json({ error: e.constructor.name + ': ' + e.message }, { status: 400 });
      }
      const entries = [];
      for (const [name, value] of form) {
        if (typeof value === 'string') {
          entries.push({ name, value });
        } else {
          entries.push({
            name, file: value.name, type: value.type, size: value.size, isFile: value instanceof File,
            fnv1a: fnv1a(await value.bytes()),
          });
        }
      }
      return Response.json({ contentType: request.headers.get('content-type'), entries });
    }
    const form = new FormData();
    form.append('greeting', 'hello from edged');
    form.append('report', new File(['col1,col2\\n1,2\\n'], 'report.csv', { type: 'text/csv' }));
    return new Response(form);
  },
};
`,
    },
  });
});
after(async () => {
  await edged.stop();
});

test('a multipart form from Node\'s fetch: fields and a binary File', async () => {
  const binary = Buffer.alloc(300000);
  for (let i = 0; i < binary.length; i++) binary[i] = (i * 7919) & 0xff;
  const form = new FormData();
  form.append('title', 'Grüße, "world"');
  form.append('tags', 'a');
  form.append('tags', 'b');
  form.append('photo', new File([binary], 'photo.bin', { type: 'application/octet-stream' }));
  form.append('note', new Blob(['small note']), 'note.txt');
  const res = await fetch(edged.url + '/echo', { method: 'POST', body: form });
  const json = await res.json();
  assert.equal(res.status, 200, JSON.stringify(json));
  assert.match(json.contentType, /^multipart\/form-data; boundary=/);
  assert.deepEqual(json.entries, [
    { name: 'title', value: 'Grüße, "world"' },
    { name: 'tags', value: 'a' },
    { name: 'tags', value: 'b' },
    {
      name: 'photo', file: 'photo.bin', type: 'application/octet-stream', size: 300000, isFile: true,
      fnv1a: fnv1a(binary),
    },
    {
      name: 'note', file: 'note.txt', type: 'application/octet-stream', size: 10, isFile: true,
      fnv1a: fnv1a(Buffer.from('small note')),
    },
  ]);
});

test('an application/x-www-form-urlencoded form from Node\'s fetch', async () => {
  const body = new URLSearchParams([['q', 'edge & workers'], ['lang', 'ру'], ['q', '2']]);
  const res = await fetch(edged.url + '/echo', { method: 'POST', body });
  const json = await res.json();
  assert.equal(res.status, 200, JSON.stringify(json));
  assert.deepEqual(json.entries, [
    { name: 'q', value: 'edge & workers' },
    { name: 'lang', value: 'ру' },
    { name: 'q', value: '2' },
  ]);
});

test('a body that is not a form is refused with workerd\'s message', async () => {
  const res = await fetch(edged.url + '/echo', { method: 'POST', body: 'plain', headers: { 'content-type': 'text/plain' } });
  assert.equal(res.status, 400);
  assert.deepEqual(await res.json(), {
    error: 'TypeError: Unrecognized Content-Type header value. FormData can only parse the ' +
      'following MIME types: multipart/form-data, application/x-www-form-urlencoded',
  });
});

test('Node reads the multipart body of new Response(formData)', async () => {
  const res = await fetch(edged.url + '/');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^multipart\/form-data; boundary=[0-9a-f]{32}$/);
  const form = await res.formData();
  assert.equal(form.get('greeting'), 'hello from edged');
  const report = form.get('report');
  assert.equal(report.name, 'report.csv');
  assert.equal(report.type, 'text/csv');
  assert.equal(await report.text(), 'col1,col2\n1,2\n');
});
