// Workflow step throughput (bench/workflows.sh). GET /run?instances=M&steps=N creates M
// instances of Steps, each running N trivial steps (every result persisted), waits until all
// are complete and answers {steps, ms, per_second}: steps completed per second, from the first
// create to the last instance seen complete (polled every 10 ms).
import { WorkflowEntrypoint } from "cloudflare:workers";

export class Steps extends WorkflowEntrypoint {
  async run(event, step) {
    let total = 0;
    for (let i = 0; i < event.payload.steps; i++) {
      total += await step.do(`step ${i}`, async () => i);
    }
    return total;
  }
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname !== "/run") return new Response("ok");
    const instances = Number(url.searchParams.get("instances") ?? 10);
    const steps = Number(url.searchParams.get("steps") ?? 100);
    const started = Date.now();
    const created = await env.WF.createBatch(
      Array.from({ length: instances }, () => ({ params: { steps } })));
    let pending = created;
    while (pending.length > 0) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      const statuses = await Promise.all(pending.map((instance) => instance.status()));
      const failed = statuses.find((s) => s.status === "errored" || s.status === "terminated");
      if (failed) return Response.json({ error: failed }, { status: 500 });
      pending = pending.filter((_, i) => statuses[i].status !== "complete");
    }
    const ms = Date.now() - started;
    return Response.json({ steps: instances * steps, ms, per_second: Math.round(instances * steps * 1000 / ms) });
  },
};
