// A compatibility Worker whose Hyperdrive binding HYPERDRIVE points at a throwaway PostgreSQL
// (tests/e2e/lib/postgres.mjs): the postgres and pg tests. `get(path, init)` expects a 200 with a
// JSON body and shows edged's log when it is not.
import assert from 'node:assert/strict';
import { startPostgres } from '../../e2e/lib/postgres.mjs';
import { serveCompatWorker } from './serve.mjs';

export async function servePostgresWorker(library) {
  const pg = await startPostgres();
  const edged = await serveCompatWorker(library, {
    env: { CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE: pg.url() },
  });
  return {
    async get(path, init) {
      const res = await fetch(edged.url + path, init);
      const text = await res.text();
      assert.equal(res.status, 200, `${path}: ${text}\n${edged.logs()}`);
      return JSON.parse(text);
    },
    async stop() {
      await edged.stop();
      await pg.stop();
    },
  };
}
