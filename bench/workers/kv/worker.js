// bench/storage.sh: Workers KV reads of one key (put by /setup) and writes of distinct keys.
// The same module runs on edged (wrangler.jsonc) and on Miniflare (bench/miniflare/serve.mjs).
const HIT_KEY = "hit";
const VALUE = "v".repeat(100);
let written = 0;

export default {
  async fetch(request, env) {
    const { pathname } = new URL(request.url);
    if (pathname === "/setup") {
      await env.KV.put(HIT_KEY, VALUE);
      return new Response("ok");
    }
    if (pathname === "/get") {
      const value = await env.KV.get(HIT_KEY);
      return value === null ? new Response("miss", { status: 500 }) : new Response(value);
    }
    if (pathname === "/put") {
      // A random prefix keeps keys distinct across isolates and threads, the counter within one.
      const key = `k-${crypto.randomUUID()}-${written++}`;
      await env.KV.put(key, VALUE);
      return new Response("ok");
    }
    return new Response("ok");
  },
};
