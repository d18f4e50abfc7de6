// One Durable Object holding hibernatable WebSockets (ctx.acceptWebSocket). A text message is
// broadcast to every socket of the object; "stats" is answered to its sender alone with how
// many sockets the object holds and how many times an object was constructed in this isolate
// (above 1 once the object was evicted and rebuilt: it really hibernated).
import { DurableObject } from "cloudflare:workers";

let constructed = 0;

export class Room extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    constructed++;
  }

  fetch() {
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server);
    return new Response(null, { status: 101, webSocket: client });
  }

  webSocketMessage(ws, message) {
    if (message === "stats") {
      ws.send(JSON.stringify({ constructed, sockets: this.ctx.getWebSockets().length }));
      return;
    }
    for (const socket of this.ctx.getWebSockets()) socket.send(message);
  }
}

export default {
  fetch(request, env) {
    if (request.headers.get("upgrade") !== "websocket") return new Response("ready");
    return env.ROOM.getByName("bench").fetch(request);
  },
};
