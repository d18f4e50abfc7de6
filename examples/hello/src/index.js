export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname === "/json") {
      return Response.json({ greeting: env.GREETING, path: url.pathname });
    }
    return new Response(`${env.GREETING}!\n`, {
      headers: { "content-type": "text/plain;charset=UTF-8" },
    });
  },
};
