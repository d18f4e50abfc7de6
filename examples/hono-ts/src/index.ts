import { Hono } from "hono";

type Bindings = { SERVICE: string };

const app = new Hono<{ Bindings: Bindings }>();

app.get("/", (c) => c.text(`Hello from ${c.env.SERVICE}!`));

app.get("/users/:id", (c) => {
  const id = c.req.param("id");
  return c.json({ id, ua: c.req.header("user-agent") ?? null });
});

app.post("/echo", async (c) => {
  const body = await c.req.json<Record<string, unknown>>();
  return c.json({ received: body }, 201);
});

export default app;
