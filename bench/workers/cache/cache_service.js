// workerd has no cache of its own: caches.default.match/put become HTTP requests to the service
// named by cacheApiOutbound (GET with "Cache-Control: only-if-cached", answered with
// "CF-Cache-Status: HIT" or "MISS"; PUT whose body is the whole serialized response). This is
// the smallest such service, an in-memory Map, so that workerd's figure is its Cache API round
// trip and not a storage engine's. No expiry, Vary or conditional requests: not needed here.
const entries = new Map();
const HEAD_END = new Uint8Array([13, 10, 13, 10]);

function indexOf(bytes, pattern) {
  outer: for (let i = 0; i + pattern.length <= bytes.length; i++) {
    for (let j = 0; j < pattern.length; j++) if (bytes[i + j] !== pattern[j]) continue outer;
    return i;
  }
  return -1;
}

function parseResponse(bytes) {
  const end = indexOf(bytes, HEAD_END);
  const [statusLine, ...lines] = new TextDecoder().decode(bytes.subarray(0, end)).split("\r\n");
  const headers = lines
    .map((line) => [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 1).trim()])
    .filter(([name]) => !["content-length", "transfer-encoding"].includes(name.toLowerCase()));
  return { status: Number(statusLine.split(" ")[1]), headers, body: bytes.slice(end + 4) };
}

export default {
  async fetch(request) {
    if (request.method === "PUT") {
      entries.set(request.url, parseResponse(new Uint8Array(await request.arrayBuffer())));
      return new Response(null, { status: 204 });
    }
    if (request.method === "PURGE") {
      return new Response(null, { status: entries.delete(request.url) ? 200 : 404 });
    }
    const entry = entries.get(request.url);
    if (!entry) return new Response(null, { status: 504, headers: { "cf-cache-status": "MISS" } });
    return new Response(entry.body, {
      status: entry.status,
      headers: [...entry.headers, ["cf-cache-status", "HIT"]],
    });
  },
};
