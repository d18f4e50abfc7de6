#include "edged/net/websocket_close.h"

#include <fmt/format.h>

#include "edged/net/utf8_validator.h"

namespace edged::net {

bool isWireCloseCode(uint16_t code) {
  return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) ||
         (code >= 3000 && code <= 4999);
}

std::optional<WebSocketProtocolError> parseClosePayload(std::string_view payload,
                                                        WebSocketClose& out) {
  out = WebSocketClose{};
  if (payload.empty()) return std::nullopt;
  // §5.5.1: a body starts with a 2-byte code, so one byte alone is malformed.
  if (payload.size() == 1) {
    return WebSocketProtocolError{kCloseProtocolError, "close frame with a 1-byte payload"};
  }
  auto code = static_cast<uint16_t>((static_cast<uint8_t>(payload[0]) << 8) |
                                    static_cast<uint8_t>(payload[1]));
  if (!isWireCloseCode(code)) {
    return WebSocketProtocolError{kCloseProtocolError, fmt::format("invalid close code {}", code)};
  }
  std::string_view reason = payload.substr(2);
  if (!isValidUtf8(reason)) {
    return WebSocketProtocolError{kCloseInvalidPayload, "close reason is not valid UTF-8"};
  }
  out.code = code;
  out.reason.assign(reason);
  return std::nullopt;
}

std::string serializeClosePayload(const WebSocketClose& close) {
  if (!close.code) return {};
  std::string out;
  out.push_back(static_cast<char>(*close.code >> 8));
  out.push_back(static_cast<char>(*close.code & 0xFF));
  out.append(close.reason.substr(0, kMaxCloseReasonBytes));
  return out;
}

Result<WebSocketClose> checkCloseArguments(std::optional<int> code,
                                           std::optional<std::string_view> reason) {
  WebSocketClose close;
  if (code) {
    int c = *code;
    if (c < 1000 || c >= 5000 || c == 1004 || c == kCloseNoStatus || c == kCloseAbnormal ||
        c == 1015) {
      return makeError(fmt::format("Invalid WebSocket close code: {}.", c));
    }
    close.code = static_cast<uint16_t>(c);
  }
  if (reason) {
    // 1005 (no code) cannot carry a reason: there is nowhere to put it on the wire.
    if (!code) return makeError("If you specify a WebSocket close reason, you must also specify a code.");
    if (reason->size() > kMaxCloseReasonBytes) {
      return makeError("The WebSocket close reason must not be longer than 123 bytes of UTF-8.");
    }
    if (!isValidUtf8(*reason)) return makeError("The WebSocket close reason must be valid UTF-8.");
    close.reason.assign(*reason);
  }
  return close;
}

}  // namespace edged::net
