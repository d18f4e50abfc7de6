#pragma once
// The WebSocket opening handshake over HTTP/1.1 (RFC 6455 §4): checking a client's upgrade
// request and computing the server's answer, and for the client side, building the request
// headers and checking the server's 101. Pure functions; the HTTP I/O is HttpExchange::upgrade
// (server) and HttpClientRequest::upgrade (client).

#include <string>
#include <string_view>
#include <vector>

#include "edged/net/http_client_types.h"
#include "edged/net/http_types.h"
#include "edged/util/result.h"

namespace edged::net {

// What a valid opening handshake asked for.
struct WebSocketUpgradeRequest {
  std::string key;                     // Sec-WebSocket-Key, as sent
  std::vector<std::string> protocols;  // Sec-WebSocket-Protocol entries, in order
};

// Whether the request asks to switch to WebSocket at all (an Upgrade field naming "websocket").
// Such a request that then fails checkWebSocketUpgrade is a broken handshake (400, or 426 with
// "Sec-WebSocket-Version: 13" for another version, §4.4), not an ordinary request.
bool asksForWebSocket(const HttpRequestHead& head);

// RFC 6455 §4.2.1: GET, HTTP/1.1, Connection containing the "upgrade" token, Upgrade containing
// "websocket" (case-insensitive), Sec-WebSocket-Version: 13 and a Sec-WebSocket-Key that is
// base64 of 16 bytes. The error says which rule failed.
Result<WebSocketUpgradeRequest> checkWebSocketUpgrade(const HttpRequestHead& head);

// §4.2.2 item 5.4: base64(SHA-1(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")).
std::string websocketAccept(std::string_view key);

// The fields of the server's 101 besides Connection and Upgrade (HttpExchange::upgrade writes
// those): Sec-WebSocket-Accept, and Sec-WebSocket-Protocol when one was chosen.
std::vector<HttpHeader> websocketAcceptHeaders(std::string_view key, std::string_view protocol = {});

// Client side. A fresh Sec-WebSocket-Key: base64 of 16 random bytes (§4.1 item 7).
Result<std::string> newWebSocketKey();

// The fields a client adds to its request (with HttpClientRequest::upgrade = "websocket"):
// Sec-WebSocket-Key, Sec-WebSocket-Version: 13, and Sec-WebSocket-Protocol when asked.
std::vector<HttpHeader> websocketRequestHeaders(std::string_view key,
                                                const std::vector<std::string>& protocols = {});

// §4.1 (client, items 1-6 of the response checks): the status is 101, Upgrade is "websocket",
// Connection contains "upgrade", Sec-WebSocket-Accept matches `key`, no extension was chosen
// (none was offered) and a chosen protocol is one of `protocols`. The HTTP client does not check
// any of this: the caller must, before running a WebSocketSession on the connection.
Status checkWebSocketResponse(const HttpResponseHead& head, std::string_view key,
                              const std::vector<std::string>& protocols = {});

}  // namespace edged::net
