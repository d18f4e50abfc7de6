// Increments on one Durable Object over HTTP: each request calls the object by RPC, which reads
// the count from its storage and writes it back (get + put, committed before the reply).
// GET /count answers the stored count, so that bench/objects.sh can check no increment was lost.
import { DurableObject } from "cloudflare:workers";

export class Counter extends DurableObject {
  async increment() {
    const count = ((await this.ctx.storage.get("count")) ?? 0) + 1;
    await this.ctx.storage.put("count", count);
    return count;
  }

  async count() {
    return (await this.ctx.storage.get("count")) ?? 0;
  }
}

export default {
  async fetch(request, env) {
    const counter = env.COUNTER.getByName("bench");
    if (new URL(request.url).pathname === "/count") return new Response(String(await counter.count()));
    return new Response(String(await counter.increment()));
  },
};
