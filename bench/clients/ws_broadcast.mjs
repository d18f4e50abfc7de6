// Broadcast fan-out: opens --sockets sockets to one Durable Object (the "room" Worker), then
// --rounds times sends one message on the first socket, which the object sends to every socket
// it holds (the sender included), and times from the send until the last socket received it.
// Prints one JSON object: the per-round times in ms, their median, and messages delivered per
// second at the median (sockets / median time). --warmup rounds run first and are not counted.
//
//   node ws_broadcast.mjs --url ws://127.0.0.1:<port>/ [--sockets 1000] [--rounds 30]
//                         [--warmup 3] [--concurrency 100]
import { options, openSockets, median, sleep } from './ws_common.mjs';

const opts = options({ url: '', sockets: 1000, rounds: 30, warmup: 3, concurrency: 100 });

const sockets = await openSockets(opts.url, opts.sockets, opts.concurrency);

// One round: resolves with the ms from the send until every socket has the message.
function round(tag) {
  return new Promise((resolve, reject) => {
    let waiting = sockets.length;
    const started = process.hrtime.bigint();
    const timer = setTimeout(() => reject(new Error(`round ${tag}: ${waiting} sockets got nothing`)), 30000);
    const onMessage = (data) => {
      if (data.toString() !== tag) return;
      if (--waiting === 0) {
        clearTimeout(timer);
        for (const ws of sockets) ws.off('message', onMessage);
        resolve(Number(process.hrtime.bigint() - started) / 1e6);
      }
    };
    for (const ws of sockets) ws.on('message', onMessage);
    sockets[0].send(tag);
  });
}

const times = [];
for (let i = 0; i < opts.warmup + opts.rounds; i++) {
  const ms = await round(`broadcast ${i}`);
  if (i >= opts.warmup) times.push(ms);
  await sleep(20);
}
for (const ws of sockets) ws.terminate();

const medianMs = median(times);
console.log(JSON.stringify({
  sockets: sockets.length,
  rounds_ms: times.map((ms) => Number(ms.toFixed(2))),
  median_ms: Number(medianMs.toFixed(2)),
  delivered_per_s: Math.round((sockets.length * 1000) / medianMs),
}));
process.exit(0);
