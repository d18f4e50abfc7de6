// Serves one bench/workers/<workload> Worker with Miniflare 4 (npm `miniflare`, bindings
// simulated on workerd), with the same module, compatibility date and bindings as its
// wrangler.jsonc, persisted under --persist (which should start empty). Prints
// http://127.0.0.1:<port> once it answers, as edged does; disposes workerd on SIGTERM/SIGINT.
//
//   node bench/miniflare/serve.mjs --workload kv|d1|r2|queues|workflows --persist <dir> [--port 0]
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import path from "node:path";
import { parseArgs } from "node:util";

// Miniflare is installed for the bench only, in bench/.build (see bench/storage.sh), not next to
// this file, so it is resolved from there.
const benchDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const requireFromBuild = createRequire(path.join(benchDir, ".build", "node_modules", "index.js"));
const { Miniflare } = await import(pathToFileURL(requireFromBuild.resolve("miniflare")).href);

const { values } = parseArgs({
  options: {
    workload: { type: "string" },
    persist: { type: "string" },
    port: { type: "string", default: "0" },
    "compatibility-date": { type: "string", default: "2025-09-01" },
  },
});
const BINDINGS = {
  kv: { kvNamespaces: { KV: "bench-kv" } },
  d1: { d1Databases: { DB: "bench-d1" } },
  r2: { r2Buckets: { BUCKET: "bench-r2" } },
  queues: {
    queueProducers: { QUEUE: { queueName: "bench-queue" } },
    queueConsumers: { "bench-queue": { maxBatchSize: 100, maxBatchTimeout: 0 } },
  },
  workflows: { workflows: { WF: { name: "bench-wf", className: "Steps" } } },
};
if (!(values.workload in BINDINGS) || !values.persist) {
  console.error("usage: serve.mjs --workload kv|d1|r2|queues|workflows --persist <dir> [--port 0]");
  process.exit(2);
}

const workerDir = path.join(benchDir, "workers", values.workload);
const mf = new Miniflare({
  modules: true,
  scriptPath: path.join(workerDir, "worker.js"),
  compatibilityDate: values["compatibility-date"],
  host: "127.0.0.1",
  port: Number(values.port),
  kvPersist: path.join(values.persist, "kv"),
  d1Persist: path.join(values.persist, "d1"),
  r2Persist: path.join(values.persist, "r2"),
  workflowsPersist: path.join(values.persist, "workflows"),
  ...BINDINGS[values.workload],
});

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await mf.dispose();
  process.exit(0);
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);

const url = await mf.ready;
console.log(`http://127.0.0.1:${url.port}`);
