// zod validating request bodies and query strings: a failed safeParse becomes a 400 carrying
// zod's issues, a successful one echoes the parsed (coerced, defaulted, transformed) value.
import { z } from "zod";

const Address = z.object({ city: z.string().min(1), zip: z.string().regex(/^\d{5}$/) });

const User = z.object({
  name: z.string().trim().min(2).max(40),
  email: z.email(),
  age: z.number().int().nonnegative().optional(),
  role: z.enum(["admin", "member"]).default("member"),
  tags: z.array(z.string()).max(3).default([]),
  address: Address.optional(),
  website: z.url().optional(),
  id: z.uuid().optional(),
});

const Event = z.discriminatedUnion("type", [
  z.object({ type: z.literal("click"), x: z.number(), y: z.number() }),
  z.object({ type: z.literal("key"), key: z.string().length(1) }),
]);

const Query = z.object({
  page: z.coerce.number().int().min(1).default(1),
  size: z.coerce.number().int().max(100).default(20),
  since: z.coerce.date().optional(),
  sort: z.string().transform((s) => s.split(",")).optional(),
});

const badRequest = (error: z.ZodError) =>
  Response.json(
    {
      issues: error.issues.map(({ code, path, message }) => ({ code, path, message })),
      flattened: z.flattenError(error),
    },
    { status: 400 },
  );

async function parseBody<T extends z.ZodType>(schema: T, request: Request) {
  const text = await request.text();
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { response: Response.json({ error: "body is not JSON" }, { status: 400 }) };
  }
  const result = schema.safeParse(data);
  return result.success ? { data: result.data } : { response: badRequest(result.error) };
}

export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/users" && request.method === "POST") {
      const parsed = await parseBody(User, request);
      return parsed.response ?? Response.json({ user: parsed.data }, { status: 201 });
    }
    if (url.pathname === "/events" && request.method === "POST") {
      const parsed = await parseBody(z.array(Event).min(1), request);
      return parsed.response ?? Response.json({ events: parsed.data });
    }
    if (url.pathname === "/search") {
      const result = Query.safeParse(Object.fromEntries(url.searchParams));
      if (!result.success) return badRequest(result.error);
      return Response.json({ query: { ...result.data, since: result.data.since?.toISOString() ?? null } });
    }
    if (url.pathname === "/schema") {
      return Response.json(z.toJSONSchema(User));
    }
    return new Response("not found", { status: 404 });
  },
};
