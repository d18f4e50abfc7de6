// Serves one of the compatibility Workers (tests/compat/<library>/wrangler.jsonc) with a real
// edged. The Worker lives under tests/compat so that edged's esbuild step resolves its bare
// imports from tests/compat/node_modules, which scripts/setup.sh fills with `npm ci`. Storage
// (D1, KV) and the bundle go to a throwaway --data-dir, never into the source tree.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runEdged, startEdged } from '../../e2e/lib/edged.mjs';

const compatDir = fileURLToPath(new URL('..', import.meta.url));

// The reason to skip when the pinned packages are not installed, else undefined.
export function missingPackages(...packages) {
  const missing = packages.filter((name) => !existsSync(join(compatDir, 'node_modules', name, 'package.json')));
  return missing.length ? `run \`npm ci\` in tests/compat (missing: ${missing.join(', ')})` : undefined;
}

// `prepare(edgedCommand)`: runs before serving; `edgedCommand(...args)` runs `edged <args>` on the
// same config and data (drizzle-orm: `edged d1 migrations apply`). `env`: extra environment for
// edged (postgres: the Hyperdrive binding's local connection string).
export async function serveCompatWorker(library, { prepare, env } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), `edged-compat-${library}-`));
  const config = join(compatDir, library, 'wrangler.jsonc');
  if (prepare) await prepare((...args) => runEdged([...args, '--config', config, '--data-dir', dataDir]));
  const edged = await startEdged({
    config,
    args: ['--data-dir', dataDir, '--threads', '1'],
    env,
  });
  const stop = edged.stop;
  edged.stop = async (signal) => {
    const code = await stop(signal);
    rmSync(dataDir, { recursive: true, force: true });
    return code;
  };
  return edged;
}
