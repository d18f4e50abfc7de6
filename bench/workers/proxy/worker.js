// Proxy: streams the origin's response back unchanged. The origin is named by the request
// (/?origin=http://127.0.0.1:<port>/), since bench/web.sh starts it on a free port; the
// response body is never buffered, so the runtime's memory should not grow with its size.
export default {
  fetch(request) {
    const origin = new URL(request.url).searchParams.get("origin");
    if (origin === null) return new Response("ready");
    return fetch(origin, { headers: request.headers });
  },
};
