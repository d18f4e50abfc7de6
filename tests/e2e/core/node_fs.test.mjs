// node:fs in a served Worker: /bundle shows the Worker's own uploaded modules (text and data
// rules included, read-only), /tmp is writable, node:fs exists from 2025-09-15 or with
// enable_nodejs_fs_module while node:fs/promises is there under nodejs_compat alone, as in
// workerd.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startEdged } from '../lib/edged.mjs';

const worker = `
import fsp from 'node:fs/promises';
export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === '/cwd') return new Response(process.cwd());
    if (url.pathname === '/has-fs') {
      try {
        await import('node:fs');
        return new Response('yes');
      } catch (error) {
        return new Response(error.message.split('\\n')[0]);
      }
    }
    const { default: fs } = await import('node:fs');
    if (url.pathname === '/list') return Response.json(fs.readdirSync('/bundle', { recursive: true }));
    if (url.pathname === '/read') {
      return new Response(fs.readFileSync('/bundle/' + url.searchParams.get('name')));
    }
    if (url.pathname === '/write-bundle') {
      try {
        fs.writeFileSync('/bundle/index.js', 'x');
        return new Response('written');
      } catch (error) {
        return new Response(error.code);
      }
    }
    if (url.pathname === '/tmp') {
      await fsp.writeFile('/tmp/note.txt', await request.text());
      return new Response(await fsp.readFile('/tmp/note.txt'));
    }
    return new Response('not found', { status: 404 });
  },
};`;

async function serve(date, flags, files = {}) {
  return startEdged({
    files: {
      'wrangler.jsonc': { name: 'fs', main: 'index.js', compatibility_date: date,
        compatibility_flags: ['nodejs_compat', ...flags] },
      'index.js': worker,
      ...files,
    },
  });
}

test('/bundle holds the Worker\'s modules, byte for byte, and is read-only', async () => {
  const data = Buffer.from([0, 1, 2, 250, 255]);
  const edged = await serve('2026-04-01', [], {
    'lib/greeting.txt': 'hello from the bundle\n',
    'wrangler.jsonc': { name: 'fs', main: 'index.js', compatibility_date: '2026-04-01',
      compatibility_flags: ['nodejs_compat'], no_bundle: true,
      rules: [{ type: 'Text', globs: ['**/*.txt'] }, { type: 'Data', globs: ['**/*.bin'] }] },
    'lib/blob.bin': data,
  });
  try {
    const list = await (await fetch(edged.url + '/list')).json();
    assert.ok(list.includes('index.js'), JSON.stringify(list));
    assert.ok(list.includes('lib/greeting.txt'), JSON.stringify(list));
    // workerd's process v2 (from 2025-09-15) starts in /bundle.
    assert.equal(await (await fetch(edged.url + '/cwd')).text(), '/bundle');
    const text = await fetch(edged.url + '/read?name=lib/greeting.txt');
    assert.equal(await text.text(), 'hello from the bundle\n');
    const bytes = await fetch(edged.url + '/read?name=lib/blob.bin');
    assert.deepEqual(Buffer.from(await bytes.arrayBuffer()), data);
    assert.equal(await (await fetch(edged.url + '/write-bundle')).text(), 'EPERM');
    const tmp = await fetch(edged.url + '/tmp', { method: 'POST', body: 'kept in memory' });
    assert.equal(await tmp.text(), 'kept in memory');
  } finally {
    await edged.stop();
  }
});

test('node:fs follows its compatibility date and flags; node:fs/promises does not', async () => {
  for (const [date, flags, expected] of [
    ['2025-09-01', [], 'No such module "node:fs".'],
    ['2025-09-15', [], 'yes'],
    ['2025-02-11', ['enable_nodejs_fs_module'], 'yes'],
    ['2026-04-01', ['disable_nodejs_fs_module'], 'No such module "node:fs".'],
  ]) {
    const edged = await serve(date, flags);
    try {
      assert.equal(await (await fetch(edged.url + '/has-fs')).text(), expected, `${date} ${flags}`);
      assert.equal(await (await fetch(edged.url + '/cwd')).text(), date >= '2025-09-15' ? '/bundle' : '/');
      // node:fs/promises is imported statically by the Worker: it started, so it is there.
      const tmp = await fetch(edged.url + '/tmp', { method: 'POST', body: 'x' });
      if (expected === 'yes') assert.equal(await tmp.text(), 'x');
    } finally {
      await edged.stop();
    }
  }
});
