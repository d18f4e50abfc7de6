// drizzle-orm/d1 over edged's D1 binding: typed inserts/selects/updates/deletes, joins, the
// relational query API, aggregates, prepared statements and atomic batches.
import { and, asc, count, desc, eq, gte, like, sql, sum } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import * as schema from "./schema";

const { users, posts } = schema;
type Env = { DB: D1Database };

const fail = (error: unknown, status = 500) => {
  const e = error as Error & { cause?: Error };
  return Response.json({ error: e.message, cause: e.cause?.message ?? null }, { status });
};

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const db = drizzle(env.DB, { schema });
    const url = new URL(request.url);
    const [, resource, id, sub] = url.pathname.split("/");
    const userId = Number(id);
    try {
      if (resource === "users" && !id && request.method === "POST") {
        type NewUser = typeof users.$inferInsert;
        const body = await request.json<NewUser | NewUser[]>();
        if (!Array.isArray(body)) {
          const [created] = await db.insert(users).values(body).returning();
          return Response.json(created, { status: 201 });
        }
        // Several users in one batch: a duplicate email rolls all of them back.
        const [first, ...rest] = body.map((u) => db.insert(users).values(u).returning({ id: users.id }));
        const results = await db.batch([first, ...rest]);
        return Response.json(results.map((r) => r[0].id), { status: 201 });
      }
      if (resource === "users" && !id && request.method === "GET") {
        const minAge = Number(url.searchParams.get("minAge") ?? 0);
        const name = url.searchParams.get("name");
        const rows = await db
          .select({ id: users.id, name: users.name, age: users.age })
          .from(users)
          .where(and(gte(users.age, minAge), name ? like(users.name, `${name}%`) : undefined))
          .orderBy(desc(users.age), asc(users.id));
        return Response.json(rows);
      }
      if (resource === "users" && id && !sub && request.method === "GET") {
        const user = await db.query.users.findFirst({
          where: eq(users.id, userId),
          with: { posts: { columns: { title: true, tags: true }, orderBy: [asc(posts.id)] } },
        });
        return user ? Response.json(user) : Response.json({ error: "no such user" }, { status: 404 });
      }
      if (resource === "users" && id && request.method === "PATCH") {
        const changes = await request.json<{ name?: string; age?: number; active?: boolean }>();
        const updated = await db.update(users).set(changes).where(eq(users.id, userId)).returning();
        return Response.json(updated);
      }
      if (resource === "users" && id && request.method === "DELETE") {
        const removed = await db.delete(users).where(eq(users.id, userId)).returning({ id: users.id });
        const orphans = await db.select({ n: count() }).from(posts).where(eq(posts.authorId, userId));
        return Response.json({ removed, postsLeft: orphans[0].n });
      }
      if (resource === "users" && sub === "posts" && request.method === "POST") {
        // One batch: every post or none (D1 runs a batch as one transaction).
        const items = await request.json<{ title: string; tags?: string[] }[]>();
        const statements = items.map((p) => db.insert(posts).values({ ...p, authorId: userId }).returning({ id: posts.id }));
        const bump = db.update(users).set({ active: true }).where(eq(users.id, userId));
        const results = await db.batch([bump, ...statements]);
        return Response.json({ ids: results.slice(1).map((r) => (r as { id: number }[])[0].id) }, { status: 201 });
      }
      if (resource === "stats") {
        const rows = await db
          .select({ author: users.name, posts: count(posts.id), views: sum(posts.views).mapWith(Number) })
          .from(users)
          .leftJoin(posts, eq(posts.authorId, users.id))
          .groupBy(users.id)
          .orderBy(asc(users.id));
        return Response.json(rows);
      }
      if (resource === "views" && request.method === "POST") {
        const byTitle = db
          .update(posts)
          .set({ views: sql`${posts.views} + 1` })
          .where(eq(posts.title, sql.placeholder("title")))
          .returning({ views: posts.views })
          .prepare();
        const [row] = await byTitle.execute({ title: decodeURIComponent(id) });
        return Response.json(row ?? null);
      }
      if (resource === "transaction") {
        // Interactive transactions send BEGIN, which D1 refuses; users are told to use batch().
        await db.transaction(async (tx) => {
          await tx.insert(users).values({ name: "in-tx", email: "tx@example.com" });
        });
        return Response.json({ committed: true });
      }
      if (resource === "raw") {
        const rows = await db.all<{ name: string; type: string }>(
          sql`SELECT name, type FROM sqlite_master WHERE name IN ('users', 'posts', 'd1_migrations') ORDER BY name`,
        );
        const [migrations] = await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM d1_migrations`);
        return Response.json({ tables: rows, migrations: migrations.n });
      }
      return Response.json({ error: "not found" }, { status: 404 });
    } catch (error) {
      return fail(error, resource === "transaction" ? 409 : 500);
    }
  },
};
