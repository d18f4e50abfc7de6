// itty-router's AutoRouter: params and query, returned objects turned into JSON, the error and
// StatusError helpers, a `before` middleware, a `finally` stage and the default 404.
import { AutoRouter, StatusError, cors, error, json, text } from "itty-router";

const { preflight, corsify } = cors({ origin: "*" });

const router = AutoRouter({
  before: [preflight, (request) => { request.startedBy = "before"; }],
  finally: [corsify, (response) => { response.headers.set("x-router", "itty"); return response; }],
});

const items = new Map([["1", { id: "1", name: "first" }]]);

router
  .get("/", () => text("itty-router on edged"))
  .get("/items/:id", ({ params, query, startedBy }) => {
    const item = items.get(params.id);
    if (!item) return error(404, `no item ${params.id}`);
    return { ...item, fields: query.fields ?? null, startedBy };
  })
  .get("/files/:path+", ({ params }) => ({ path: params.path }))
  .post("/items", async (request) => {
    const body = await request.json().catch(() => null);
    if (!body?.name) throw new StatusError(400, "name is required");
    const id = String(items.size + 1);
    items.set(id, { id, name: body.name });
    return json(items.get(id), { status: 201 });
  })
  .get("/boom", () => {
    throw new Error("unexpected failure");
  });

export default router;
