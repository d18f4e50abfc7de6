// Cache hits: the first request stores one 1 KiB response in caches.default, every later one is
// answered from caches.default.match. A miss is marked with "x-bench-cache: miss" so that
// bench/web.sh can check the measured requests were hits.
const KEY = "https://bench.example/cached";
const BODY = "c".repeat(1024);

export default {
  async fetch(request, env, ctx) {
    const cached = await caches.default.match(KEY);
    if (cached) return cached;
    const response = new Response(BODY, {
      headers: { "content-type": "text/plain", "cache-control": "public, max-age=3600" },
    });
    await caches.default.put(KEY, response.clone());
    response.headers.set("x-bench-cache", "miss");
    return response;
  },
};
