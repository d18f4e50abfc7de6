// bench/storage.sh: one large R2 object streamed in (PUT /object, the request body straight
// into put) and out (GET /object, the object body straight into the response). The same module
// runs on edged (wrangler.jsonc) and on Miniflare (bench/miniflare/serve.mjs).
const KEY = "big";

export default {
  async fetch(request, env) {
    const { pathname } = new URL(request.url);
    if (pathname !== "/object") return new Response("ok");
    if (request.method === "PUT") {
      const object = await env.BUCKET.put(KEY, request.body);
      return new Response(String(object.size));
    }
    const object = await env.BUCKET.get(KEY);
    if (object === null) return new Response("no object", { status: 404 });
    return new Response(object.body, { headers: { "Content-Length": String(object.size) } });
  },
};
