// The hono benchmark's Worker (bench/hono.sh; issue 9 "Benchmark"): three middlewares on every
// API request — a timing header, CORS and ETag (which hashes each body with crypto.subtle) —
// and JSON routes. bench/hono.sh bundles it once with esbuild and serves that one bundle with
// both edged and workerd.
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { etag } from 'hono/etag';

type Item = { id: number; name: string; tags: string[]; price: number; stock: { warehouse: string; count: number }[] };

const items: Item[] = Array.from({ length: 100 }, (_, id) => ({
  id,
  name: `item ${id}`,
  tags: ['bench', id % 2 ? 'odd' : 'even'],
  price: Math.round(id * 1.25 * 100) / 100,
  stock: [{ warehouse: 'a', count: id * 3 }, { warehouse: 'b', count: 100 - id }],
}));

const app = new Hono();

// Not hono's logger: console output would measure the log pipeline, not the framework.
app.use('*', async (c, next) => {
  const start = performance.now();
  await next();
  c.header('x-response-time', `${(performance.now() - start).toFixed(1)}ms`);
});
app.use('/api/*', cors({ origin: '*', allowMethods: ['GET', 'POST'] }));
app.use('/api/*', etag());

app.get('/api/items/:id', (c) => {
  const item = items[Number(c.req.param('id'))];
  return item ? c.json(item) : c.json({ error: 'no such item' }, 404);
});

app.post('/api/echo', async (c) => {
  const body = await c.req.json<unknown>();
  return c.json({ received: body, at: c.req.path }, 201);
});

export default app;
