// Measures queue throughput against a server running bench/workers/queues: starts a collector,
// asks the Worker to produce --messages messages from --producers concurrent requests, and
// waits until the consumer has acknowledged them all. Prints one JSON line:
// {"messages": N, "seconds": S, "per_second": R} — from the first send to the last ack.
//
//   node bench/clients/queue_throughput.mjs --url http://127.0.0.1:PORT --messages 10000 [--producers 1]
import http from "node:http";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    url: { type: "string" },
    messages: { type: "string", default: "10000" },
    producers: { type: "string", default: "1" },
    timeout: { type: "string", default: "300" },
  },
});
const total = Number(values.messages);
const producers = Number(values.producers);

let acked = 0;
let finished;
const done = new Promise((resolve) => { finished = resolve; });
const collector = http.createServer((req, res) => {
  let body = "";
  req.on("data", (chunk) => { body += chunk; });
  req.on("end", () => {
    acked += Number(body);
    res.end("ok");
    if (acked >= total) finished(performance.now());
  });
});
await new Promise((resolve) => collector.listen(0, "127.0.0.1", resolve));
const collectorUrl = `http://127.0.0.1:${collector.address().port}/`;

const started = performance.now();
const share = Math.ceil(total / producers);
await Promise.all(Array.from({ length: producers }, async (_, i) => {
  const count = Math.max(0, Math.min(share, total - i * share));
  const url = `${values.url}/produce?n=${count}&collector=${encodeURIComponent(collectorUrl)}`;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`produce: ${response.status} ${await response.text()}`);
}));
const timer = setTimeout(() => {
  console.error(`timed out with ${acked} of ${total} messages acknowledged`);
  process.exit(1);
}, Number(values.timeout) * 1000);
const ended = await done;
clearTimeout(timer);
const seconds = (ended - started) / 1000;
console.log(JSON.stringify({ messages: total, seconds: +seconds.toFixed(3), per_second: Math.round(total / seconds) }));
collector.closeAllConnections?.();
collector.close();
