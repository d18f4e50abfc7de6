#pragma once
// Connects one end of a WebSocketChannel to a real connection: a WebSocketSession over `stream`
// (an upgraded HTTP exchange, or the connection of an outbound fetch() that got a 101). Messages
// and closes flow both ways until either side closes; then the session and the bridge go away.

#include <uv.h>

#include <memory>

#include "edged/api/websocket_channel.h"
#include "edged/net/byte_stream.h"
#include "edged/net/websocket_frame.h"

namespace edged::api {

// `post` queues work on the loop `stream` belongs to (the bridge's events run there).
void bridgeWebSocket(uv_loop_t* loop, std::unique_ptr<net::ByteStream> stream, net::WebSocketRole role,
                     std::shared_ptr<WebSocketChannel> channel, int end, WebSocketChannel::Post post);

// Starts the closing handshake (1001 "server shutting down") of every bridged WebSocket of the
// calling thread: a draining server does not wait on open sockets.
void closeBridgedWebSockets();

}  // namespace edged::api
