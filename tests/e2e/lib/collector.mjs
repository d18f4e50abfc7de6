// An HTTP server on loopback that records what Workers POST to it (JSON bodies with their
// headers and arrival time), so tests can watch what background work (a queue consumer, a cron
// handler) did: `const c = await startCollector(); … await c.waitFor((posts) => …)`.
import http from 'node:http';

export async function startCollector() {
  const posts = [];
  const waiters = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => {
      let json = null;
      try { json = JSON.parse(body); } catch { /* kept as text */ }
      posts.push({ path: req.url, headers: req.headers, body: json ?? body, at: Date.now() });
      res.end('ok');
      for (const waiter of [...waiters]) waiter();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    posts,
    // Resolves with predicate(posts)'s first truthy value; rejects after `ms` with what came.
    waitFor(predicate, ms = 20000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const value = predicate(posts);
          if (!value) return false;
          clearTimeout(timer);
          waiters.splice(waiters.indexOf(check), 1);
          resolve(value);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(check), 1);
          reject(new Error(`timed out; received:\n${JSON.stringify(posts.map((p) => p.body), null, 1)}`));
        }, ms);
        waiters.push(check);
        check();
      });
    },
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(resolve); }),
  };
}
