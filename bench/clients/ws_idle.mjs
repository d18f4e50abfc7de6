// Memory of idle hibernated WebSockets: opens --sockets sockets to one Durable Object (the
// "room" Worker), leaves them idle for --idle-ms so the object is evicted while the sockets stay
// open, and reports the server's RSS growth per socket. Prints one JSON object:
//   rss_before_kib     server RSS before the first socket (Worker loaded, object not yet built)
//   rss_open_kib       with all sockets open and the object live
//   rss_idle_kib       after the idle wait (object hibernated, if the server does so)
//   bytes_per_socket   (rss_idle - rss_before) / sockets
//   constructed_open / constructed_after   the object's constructor count before and after the
//                      wait, as the room reports it: a larger count after means it was rebuilt
//   sockets_held       how many sockets the object reports after the wait
//
//   node ws_idle.mjs --url ws://127.0.0.1:<port>/ --pid <server pid> [--sockets 10000]
//                    [--concurrency 100] [--idle-ms 15000]
import { options, openSockets, nextMessage, rssKib, sleep } from './ws_common.mjs';

const opts = options({ url: '', pid: 0, sockets: 10000, concurrency: 100, 'idle-ms': 15000 });

async function stats(ws) {
  ws.send('stats');
  return JSON.parse(await nextMessage(ws, (text) => text.startsWith('{')));
}

const rssBefore = rssKib(opts.pid);
const started = Date.now();
const sockets = await openSockets(opts.url, opts.sockets, opts.concurrency);
const openMs = Date.now() - started;
await sleep(1000);
const rssOpen = rssKib(opts.pid);
const open = await stats(sockets[0]);
await sleep(opts['idle-ms']);
const rssIdle = rssKib(opts.pid);
const after = await stats(sockets[0]);
for (const ws of sockets) ws.terminate();

console.log(JSON.stringify({
  sockets: sockets.length,
  open_ms: openMs,
  rss_before_kib: rssBefore,
  rss_open_kib: rssOpen,
  rss_idle_kib: rssIdle,
  bytes_per_socket: Math.round(((rssIdle - rssBefore) * 1024) / sockets.length),
  bytes_per_socket_open: Math.round(((rssOpen - rssBefore) * 1024) / sockets.length),
  constructed_open: open.constructed,
  constructed_after: after.constructed,
  sockets_held: after.sockets,
}));
process.exit(0);
