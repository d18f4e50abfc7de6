// One route per hono feature the compatibility suite checks: routing with params, middleware
// (cors, jwt, basicAuth, etag), streaming helpers, JSON bodies and the error handler.
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { basicAuth } from "hono/basic-auth";
import { cors } from "hono/cors";
import { etag } from "hono/etag";
import { jwt, sign } from "hono/jwt";
import { stream, streamText } from "hono/streaming";

type Env = { Bindings: { JWT_SECRET: string } };

const app = new Hono<Env>();

app.get("/", (c) => c.text("hono on edged"));

app.get("/users/:id/posts/:postId{[0-9]+}", (c) =>
  c.json({ params: c.req.param(), query: c.req.query("q") ?? null }),
);

app.use("/api/*", cors({ origin: "https://app.example", allowMethods: ["GET", "PUT"], maxAge: 600 }));
app.get("/api/data", (c) => c.json({ data: [1, 2, 3] }));

app.post("/auth/login", async (c) => {
  const { user } = await c.req.json<{ user: string }>();
  const token = await sign({ sub: user, exp: Math.floor(Date.now() / 1000) + 60 }, c.env.JWT_SECRET, "HS256");
  return c.json({ token });
});
app.use("/auth/me", (c, next) => jwt({ secret: c.env.JWT_SECRET, alg: "HS256" })(c, next));
app.get("/auth/me", (c) => c.json({ payload: c.get("jwtPayload") }));

app.use("/admin/*", basicAuth({ username: "admin", password: "s3cret" }));
app.get("/admin/panel", (c) => c.text("admin area"));

app.use("/etag/*", etag());
app.get("/etag/resource", (c) => c.text("a cacheable resource"));

app.get("/stream/bytes", (c) =>
  stream(c, async (s) => {
    for (let i = 0; i < 3; i++) {
      await s.write(new TextEncoder().encode(`chunk${i};`));
      await s.sleep(50);
    }
  }),
);
app.get("/stream/text", (c) =>
  streamText(c, async (s) => {
    await s.writeln("line one");
    await s.sleep(10);
    await s.write("line two");
  }),
);

app.post("/echo", async (c) => {
  const body = await c.req.json<Record<string, unknown>>();
  return c.json({ received: body, contentType: c.req.header("content-type") }, 201);
});

app.get("/teapot", () => {
  throw new HTTPException(418, { message: "short and stout" });
});
app.get("/boom", () => {
  throw new Error("kaboom");
});

app.notFound((c) => c.json({ error: "not found", path: c.req.path }, 404));
app.onError((err, c) => {
  // Middleware such as basicAuth and jwt put their challenge headers on the exception's response.
  if (err instanceof HTTPException) return err.res ? err.getResponse() : c.json({ error: err.message }, err.status);
  return c.json({ error: err.message, name: err.name }, 500);
});

export default app;
