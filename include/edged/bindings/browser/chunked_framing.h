#pragma once
// The message framing of @cloudflare/puppeteer 1.0.x and earlier on /v1/connectDevtools: every
// CDP message travels as binary WebSocket frames, the first of which starts with the message's
// byte length (uint32, little-endian) and each at most 1,048,575 bytes including that header;
// continuation frames carry no header. (1.1.0 and later send plain text frames instead.) The
// client also sends the text frame "ping" every second, which is not a CDP message.
//
// No I/O and no V8: unit-tested directly (tests/unit/bindings/browser/chunked_framing_test.cc).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "edged/util/result.h"

namespace edged::bindings::browser {

// The largest frame either side sends, header included.
inline constexpr size_t kMaxChunkBytes = 1'048'575;
inline constexpr size_t kChunkHeaderBytes = 4;

// `message` as the frames to send, in order.
std::vector<std::string> encodeChunkedMessage(std::string_view message);

// Reassembles messages from the frames of one connection, in arrival order.
class ChunkedMessageDecoder {
 public:
  // `max_message_bytes` bounds the length a header may announce (the peer is not trusted).
  explicit ChunkedMessageDecoder(size_t max_message_bytes) : max_message_bytes_(max_message_bytes) {}

  // Takes one binary frame: the whole message once its last frame arrived, nullopt while more
  // are expected, or an error when the frames cannot be a message (a first frame shorter than
  // its header, a length over the bound, more bytes than announced).
  Result<std::optional<std::string>> push(std::string_view frame);

 private:
  size_t max_message_bytes_;
  std::optional<size_t> expected_;  // set once a first frame was read
  std::string message_;
};

}  // namespace edged::bindings::browser
