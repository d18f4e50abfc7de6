// bench/storage.sh: D1 point selects by primary key on a pre-filled table, and single-row
// inserts. The same module runs on edged (wrangler.jsonc) and on Miniflare
// (bench/miniflare/serve.mjs).
const ROWS = 10000;
const BATCH = 500;  // rows per batch() while filling: well under D1's statement limits

export default {
  async fetch(request, env) {
    const { pathname } = new URL(request.url);
    if (pathname === "/setup") {
      await env.DB.exec(
        "CREATE TABLE IF NOT EXISTS items (id INTEGER PRIMARY KEY, name TEXT, price REAL)\n" +
          "CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY AUTOINCREMENT, payload TEXT)");
      const insert = env.DB.prepare(
        "INSERT OR REPLACE INTO items (id, name, price) VALUES (?, ?, ?)");
      for (let first = 1; first <= ROWS; first += BATCH) {
        const statements = [];
        for (let id = first; id < first + BATCH && id <= ROWS; id++) {
          statements.push(insert.bind(id, `item ${id}`, id / 100));
        }
        await env.DB.batch(statements);
      }
      return new Response("ok");
    }
    if (pathname === "/select") {
      const id = 1 + Math.floor(Math.random() * ROWS);
      const row = await env.DB.prepare("SELECT id, name, price FROM items WHERE id = ?")
        .bind(id).first();
      return row === null ? new Response("missing row", { status: 500 }) : Response.json(row);
    }
    if (pathname === "/insert") {
      const result = await env.DB.prepare("INSERT INTO events (payload) VALUES (?)")
        .bind("payload of one event").run();
      return new Response(String(result.meta.last_row_id));
    }
    return new Response("ok");
  },
};
