#pragma once
// The WebSocket framing layer (RFC 6455 §5): an incremental parser (bytes in, whole frames out,
// with every protocol rule checked as early as the header allows) and a frame writer. Pure code
// over bytes: WebSocketSession does the I/O and the message-level rules.
//
// No extension is ever negotiated, so every RSV bit must be zero (§5.2).

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "edged/util/result.h"

namespace edged::net {

// Which end of the connection this is: a client masks what it sends and a server must not
// (RFC 6455 §5.1); each side refuses frames masked the wrong way.
enum class WebSocketRole { kServer, kClient };

// RFC 6455 §5.2, §11.8.
enum class WebSocketOpcode : uint8_t {
  kContinuation = 0x0,
  kText = 0x1,
  kBinary = 0x2,
  kClose = 0x8,
  kPing = 0x9,
  kPong = 0xA,
};

inline bool isControlOpcode(WebSocketOpcode opcode) { return static_cast<uint8_t>(opcode) >= 0x8; }

// Close codes edged itself sends or reports (RFC 6455 §7.4.1).
inline constexpr uint16_t kCloseNormal = 1000;
inline constexpr uint16_t kCloseGoingAway = 1001;
inline constexpr uint16_t kCloseProtocolError = 1002;
inline constexpr uint16_t kCloseNoStatus = 1005;  // reported only: the Close frame had no code
inline constexpr uint16_t kCloseAbnormal = 1006;  // reported only: no Close frame at all
inline constexpr uint16_t kCloseInvalidPayload = 1007;
inline constexpr uint16_t kCloseMessageTooBig = 1009;
inline constexpr uint16_t kCloseInternalError = 1011;

// A control frame carries at most this much payload (§5.5).
inline constexpr size_t kMaxControlPayload = 125;

// A peer broke the protocol: the code to close with and what went wrong (for logs and on_error).
struct WebSocketProtocolError {
  uint16_t close_code = kCloseProtocolError;
  std::string message;
};

struct WebSocketFrame {
  bool fin = true;
  WebSocketOpcode opcode = WebSocketOpcode::kBinary;
  std::string payload;  // unmasked
};

class WebSocketFrameParser {
 public:
  enum class Event {
    kNeedMore,  // every byte given was consumed; feed more
    kFrame,     // a whole frame is ready: takeFrame()
    kError,     // the peer broke the protocol: error(); nothing more is parsed
  };
  struct Step {
    Event event = Event::kNeedMore;
    size_t consumed = 0;  // bytes of the input this step used; the caller drops them
  };

  // `role`: the end that receives (a server expects masked frames, a client unmasked ones).
  // `max_message_bytes`: a data message (all its fragments) larger than this fails with 1009.
  // `accept_unmasked`: a server that also takes unmasked client frames (WebSocketOptions).
  WebSocketFrameParser(WebSocketRole role, size_t max_message_bytes, bool accept_unmasked = false);

  // Parses from the start of `bytes` up to the end of the next frame. Payload bytes are copied
  // (and unmasked) into the frame, so the caller may drop what was consumed.
  //
  // Checked here (close code 1002 unless noted): RSV bits set; unknown opcode; a control frame
  // over 125 bytes or fragmented; a masked frame to a client or an unmasked one to a server; a
  // 64-bit length with its high bit set; a continuation frame outside a fragmented message or a
  // new data frame inside one (§5.4); a data message over max_message_bytes (1009). Lengths
  // not in their shortest encoding are accepted.
  Step feed(std::string_view bytes);

  WebSocketFrame takeFrame() { return std::move(frame_); }
  const WebSocketProtocolError& error() const { return error_; }

 private:
  enum class Phase { kHeader, kPayload, kFailed };

  // The rules the first two header bytes decide alone, checked before the rest arrives; false
  // (with error_) on a violation. Changes no state, so parseHeader() can run it again.
  bool checkFirstBytes();
  // Checks and takes in the whole header (length, mask key, fragmentation state).
  bool parseHeader();
  // How many header bytes the first two announce, 0 while fewer than two are known.
  size_t headerSize() const;
  bool fail(uint16_t close_code, std::string message);

  WebSocketRole role_;
  size_t max_message_bytes_;
  bool accept_unmasked_;
  Phase phase_ = Phase::kHeader;
  WebSocketProtocolError error_;

  std::array<uint8_t, 14> header_{};  // 2 + up to 8 length bytes + 4 mask bytes
  size_t header_bytes_ = 0;
  WebSocketFrame frame_;
  uint64_t payload_length_ = 0;
  uint64_t payload_received_ = 0;
  std::array<uint8_t, 4> mask_{};
  bool masked_ = false;

  bool in_fragmented_message_ = false;  // a data message's first frame had FIN clear
  uint64_t message_bytes_ = 0;          // payload of the current data message so far
};

// How one frame goes on the wire. A client sends every frame masked with a fresh, unpredictable
// key (§5.3: randomMaskingKey()); a server sends without a mask.
struct WebSocketFrameHeader {
  bool fin = true;
  WebSocketOpcode opcode = WebSocketOpcode::kBinary;
  std::optional<std::array<uint8_t, 4>> mask;
};

// The frame's bytes: header (shortest length encoding) and payload, masked if a key is given.
std::string serializeWebSocketFrame(const WebSocketFrameHeader& header, std::string_view payload);

// Four bytes from OpenSSL's CSPRNG (RFC 6455 §10.3: the key must not be predictable).
Result<std::array<uint8_t, 4>> randomMaskingKey();

}  // namespace edged::net
