// Fuzzes WebSocketFrameParser with untrusted bytes, in both roles. Besides "no crash, no sanitizer
// report", checks that feeding the same bytes whole or in small pieces gives the same frames and
// the same outcome (a socket read may split a frame anywhere), that no frame breaks the rules the
// parser promises, and that UTF-8 validation agrees with itself across pieces.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "edged/net/utf8_validator.h"
#include "edged/net/websocket_frame.h"
#include "edged/util/assert.h"

namespace {

using edged::net::WebSocketFrameParser;
using edged::net::WebSocketOpcode;
using edged::net::WebSocketRole;
using Event = WebSocketFrameParser::Event;

constexpr size_t kMaxMessage = 4096;

struct Outcome {
  std::vector<std::string> frames;  // opcode, FIN and payload, flattened
  bool failed = false;
  uint16_t close_code = 0;
};

Outcome parseInPieces(std::string_view input, size_t piece, WebSocketRole role) {
  WebSocketFrameParser parser(role, kMaxMessage);
  Outcome out;
  size_t offset = 0;
  while (offset < input.size()) {
    std::string_view chunk = input.substr(offset, piece);
    offset += chunk.size();
    while (true) {
      WebSocketFrameParser::Step step = parser.feed(chunk);
      EDGED_ASSERT(step.consumed <= chunk.size());
      EDGED_ASSERT(step.event != Event::kNeedMore || step.consumed == chunk.size());
      chunk.remove_prefix(step.consumed);
      if (step.event == Event::kError) {
        out.failed = true;
        out.close_code = parser.error().close_code;
        EDGED_ASSERT(out.close_code == 1002 || out.close_code == 1009);
        EDGED_ASSERT(parser.feed("\x81\x00").event == Event::kError);
        return out;
      }
      if (step.event == Event::kNeedMore) break;
      edged::net::WebSocketFrame frame = parser.takeFrame();
      if (edged::net::isControlOpcode(frame.opcode)) {
        EDGED_ASSERT(frame.fin && frame.payload.size() <= edged::net::kMaxControlPayload);
      } else {
        EDGED_ASSERT(frame.payload.size() <= kMaxMessage);
      }
      out.frames.push_back(std::to_string(static_cast<int>(frame.opcode)) +
                           (frame.fin ? "F" : "-") + frame.payload);
    }
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  size_t piece = 1 + data[0] % 16;
  WebSocketRole role = (data[0] & 0x80) != 0 ? WebSocketRole::kClient : WebSocketRole::kServer;
  std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  Outcome whole = parseInPieces(input, std::string_view::npos, role);
  Outcome split = parseInPieces(input, piece, role);
  EDGED_ASSERT(whole.failed == split.failed);
  EDGED_ASSERT(whole.close_code == split.close_code);
  EDGED_ASSERT(whole.frames == split.frames);

  edged::net::Utf8Validator pieces;
  bool valid = true;
  for (size_t at = 0; at < input.size() && valid; at += piece) valid = pieces.feed(input.substr(at, piece));
  EDGED_ASSERT((valid && pieces.complete()) == edged::net::isValidUtf8(input));
  return 0;
}
