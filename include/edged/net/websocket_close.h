#pragma once
// The payload of a WebSocket Close frame (RFC 6455 §5.5.1) and which close codes may appear on
// the wire (§7.4), plus the rules a Worker's close(code, reason) call must follow (Workers'
// WebSocket.close()). Pure functions.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "edged/net/websocket_frame.h"
#include "edged/util/result.h"

namespace edged::net {

// What a Close frame says. No code: an empty payload, reported as 1005 (§7.1.5).
struct WebSocketClose {
  std::optional<uint16_t> code;
  std::string reason;  // UTF-8, at most 123 bytes (125 minus the code)
};

// A close reason fits in a control frame after the 2-byte code.
inline constexpr size_t kMaxCloseReasonBytes = kMaxControlPayload - 2;

// Whether `code` may appear in a Close frame (§7.4.1, §7.4.2 and the IANA registry): 1000-1003,
// 1007-1014 and 3000-4999. 1004 is reserved, and 1005, 1006 and 1015 are only ever reported
// locally, never sent.
bool isWireCloseCode(uint16_t code);

// Reads a received Close payload into `out`. A 1-byte payload or a code that may not be sent is a
// protocol error (1002); a reason that is not UTF-8 is 1007 (§8.1).
std::optional<WebSocketProtocolError> parseClosePayload(std::string_view payload,
                                                        WebSocketClose& out);

// The payload for `close`: empty without a code, else the code (network byte order) and reason.
std::string serializeClosePayload(const WebSocketClose& close);

// What a Worker may pass to WebSocket.close(), with Workers' TypeError messages: any code in
// 1000-4999 except 1004, 1005, 1006 and 1015; a reason only together with a code, at most
// 123 bytes of UTF-8. A code in 1016-2999 passes (as in workerd) though no peer will accept it.
Result<WebSocketClose> checkCloseArguments(std::optional<int> code,
                                           std::optional<std::string_view> reason);

}  // namespace edged::net
