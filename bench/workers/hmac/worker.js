// 10,000 HMAC-SHA256 signatures of a 64-byte message per request, one after the other (as a
// JWT library signs), answering the last signature in hex. The key is imported on the first
// request: Workers do not allow crypto work at module scope.
const SIGNS_PER_REQUEST = 10000;
const message = new TextEncoder().encode("x".repeat(64));
let key;

export default {
  async fetch() {
    key ??= await crypto.subtle.importKey(
      "raw", new TextEncoder().encode("bench-secret-key-0123456789abcdef"),
      { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    let signature;
    for (let i = 0; i < SIGNS_PER_REQUEST; i++) {
      signature = await crypto.subtle.sign("HMAC", key, message);
    }
    const hex = [...new Uint8Array(signature)].map((b) => b.toString(16).padStart(2, "0")).join("");
    return new Response(hex);
  },
};
