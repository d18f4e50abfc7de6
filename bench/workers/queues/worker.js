// Queue throughput (bench/queues.sh): GET /produce?n=<count>&collector=<url> sends <count>
// messages in sendBatch() calls of 100; the consumer acknowledges every batch (implicitly) and
// POSTs its size to the collector named in the messages, which counts acknowledged messages.
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname !== "/produce") return new Response("ok");
    const count = Number(url.searchParams.get("n"));
    const collector = url.searchParams.get("collector");
    for (let sent = 0; sent < count; sent += 100) {
      const size = Math.min(100, count - sent);
      await env.QUEUE.sendBatch(
        Array.from({ length: size }, (_, i) => ({ body: { collector, n: sent + i } })),
      );
    }
    return new Response("sent");
  },

  async queue(batch) {
    await fetch(batch.messages[0].body.collector, {
      method: "POST",
      body: String(batch.messages.length),
    });
  },
};
