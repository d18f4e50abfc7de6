// An Express app served by the Worker: createServer-style listen(port) plus httpServerHandler.
import { httpServerHandler } from 'cloudflare:node';
import express from 'express';

const app = express();
app.use(express.json());

const notes = new Map<number, { id: number; text: string }>();
let nextId = 1;

// Middleware order and res.locals, as an Express user expects.
app.use((req, res, next) => {
  res.locals.startedBy = 'middleware';
  res.set('x-powered-through', 'edged');
  next();
});

app.get('/', (_req, res) => {
  res.send('Hello from Express');
});

app.get('/notes/:id', (req, res) => {
  const note = notes.get(Number(req.params.id));
  if (!note) return res.status(404).json({ error: `no note ${req.params.id}` });
  res.json(note);
});

app.post('/notes', (req, res) => {
  if (typeof req.body?.text !== 'string') return res.status(400).json({ error: 'text must be a string' });
  const note = { id: nextId++, text: req.body.text };
  notes.set(note.id, note);
  res.status(201).location(`/notes/${note.id}`).json(note);
});

app.get('/query', (req, res) => {
  res.json({ query: req.query, locals: res.locals.startedBy, path: req.path, method: req.method });
});

app.get('/old', (_req, res) => res.redirect(301, '/'));

app.get('/boom', () => {
  throw new Error('route failed');
});

// Express's error middleware (four arguments).
app.use((error: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
  res.status(500).json({ error: error.message });
});

app.listen(3000);
export default httpServerHandler({ port: 3000 });
