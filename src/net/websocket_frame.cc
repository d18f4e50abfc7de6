#include "edged/net/websocket_frame.h"

#include <fmt/format.h>
#include <openssl/rand.h>

#include <algorithm>

namespace edged::net {
namespace {

// Payload memory reserved up front: a peer announcing a huge frame must actually send it before
// it costs that much memory.
constexpr size_t kInitialPayloadReserve = 64 * 1024;

bool isKnownOpcode(uint8_t opcode) {
  switch (static_cast<WebSocketOpcode>(opcode)) {
    case WebSocketOpcode::kContinuation:
    case WebSocketOpcode::kText:
    case WebSocketOpcode::kBinary:
    case WebSocketOpcode::kClose:
    case WebSocketOpcode::kPing:
    case WebSocketOpcode::kPong:
      return true;
  }
  return false;
}

}  // namespace

WebSocketFrameParser::WebSocketFrameParser(WebSocketRole role, size_t max_message_bytes,
                                           bool accept_unmasked)
    : role_(role), max_message_bytes_(max_message_bytes), accept_unmasked_(accept_unmasked) {}

bool WebSocketFrameParser::fail(uint16_t close_code, std::string message) {
  phase_ = Phase::kFailed;
  error_ = WebSocketProtocolError{close_code, std::move(message)};
  return false;
}

size_t WebSocketFrameParser::headerSize() const {
  if (header_bytes_ < 2) return 0;
  uint8_t length7 = header_[1] & 0x7F;
  size_t extended = length7 == 126 ? 2 : length7 == 127 ? 8 : 0;
  return 2 + extended + ((header_[1] & 0x80) != 0 ? 4 : 0);
}

WebSocketFrameParser::Step WebSocketFrameParser::feed(std::string_view bytes) {
  if (phase_ == Phase::kFailed) return {Event::kError, 0};
  size_t pos = 0;
  if (phase_ == Phase::kHeader) {
    // The first two bytes say how long the header is; the checks that need only them run
    // before the rest arrives.
    while (header_bytes_ < std::max<size_t>(2, headerSize())) {
      if (pos == bytes.size()) return {Event::kNeedMore, pos};
      header_[header_bytes_++] = static_cast<uint8_t>(bytes[pos++]);
      if (header_bytes_ == 2 && !checkFirstBytes()) return {Event::kError, pos};
    }
    if (!parseHeader()) return {Event::kError, pos};
    phase_ = Phase::kPayload;
    frame_.payload.clear();
    frame_.payload.reserve(static_cast<size_t>(std::min<uint64_t>(payload_length_, kInitialPayloadReserve)));
    payload_received_ = 0;
  }

  // Phase::kPayload
  uint64_t remaining = payload_length_ - payload_received_;
  size_t n = static_cast<size_t>(std::min<uint64_t>(remaining, bytes.size() - pos));
  if (n > 0) {
    size_t old_size = frame_.payload.size();
    frame_.payload.resize(old_size + n);
    char* out = frame_.payload.data() + old_size;
    const char* in = bytes.data() + pos;
    if (masked_) {
      // RFC 6455 §5.3: octet i of the payload is XORed with octet i mod 4 of the key.
      size_t offset = static_cast<size_t>(payload_received_ & 3);
      for (size_t i = 0; i < n; ++i) out[i] = static_cast<char>(in[i] ^ mask_[(offset + i) & 3]);
    } else {
      std::copy(in, in + n, out);
    }
    pos += n;
    payload_received_ += n;
  }
  if (payload_received_ < payload_length_) return {Event::kNeedMore, pos};
  phase_ = Phase::kHeader;
  header_bytes_ = 0;
  return {Event::kFrame, pos};
}

bool WebSocketFrameParser::checkFirstBytes() {
  uint8_t b0 = header_[0];
  uint8_t b1 = header_[1];
  bool fin = (b0 & 0x80) != 0;
  uint8_t opcode = b0 & 0x0F;
  bool masked = (b1 & 0x80) != 0;
  uint8_t length7 = b1 & 0x7F;

  // §5.2: RSV1-3 are for extensions, and none was negotiated.
  if ((b0 & 0x70) != 0) return fail(kCloseProtocolError, "reserved bits set");
  if (!isKnownOpcode(opcode)) return fail(kCloseProtocolError, fmt::format("unknown opcode {}", opcode));
  auto op = static_cast<WebSocketOpcode>(opcode);
  // §5.5: control frames are never fragmented and carry at most 125 bytes.
  if (isControlOpcode(op)) {
    if (!fin) return fail(kCloseProtocolError, "fragmented control frame");
    if (length7 > kMaxControlPayload) return fail(kCloseProtocolError, "control frame too long");
  } else if (op == WebSocketOpcode::kContinuation) {
    // §5.4: a continuation only follows a data frame without FIN.
    if (!in_fragmented_message_) return fail(kCloseProtocolError, "unexpected continuation frame");
  } else if (in_fragmented_message_) {
    return fail(kCloseProtocolError, "expected a continuation frame");
  }
  // §5.1: a server closes on an unmasked frame; a client on a masked one.
  if (role_ == WebSocketRole::kServer && !masked && !accept_unmasked_) return fail(kCloseProtocolError, "unmasked frame from a client");
  if (role_ == WebSocketRole::kClient && masked) return fail(kCloseProtocolError, "masked frame from a server");
  return true;
}

bool WebSocketFrameParser::parseHeader() {
  if (!checkFirstBytes()) return false;
  bool fin = (header_[0] & 0x80) != 0;
  auto op = static_cast<WebSocketOpcode>(header_[0] & 0x0F);
  bool masked = (header_[1] & 0x80) != 0;
  uint8_t length7 = header_[1] & 0x7F;
  size_t at = 2;
  uint64_t length = length7;
  if (length7 == 126) {
    length = (uint64_t{header_[2]} << 8) | header_[3];
    at = 4;
  } else if (length7 == 127) {
    length = 0;
    for (size_t i = 2; i < 10; ++i) length = (length << 8) | header_[i];
    at = 10;
    // §5.2: the most significant bit of a 64-bit length must be 0.
    if ((length >> 63) != 0) return fail(kCloseProtocolError, "frame length has its high bit set");
  }
  if (!isControlOpcode(op)) {
    uint64_t message_bytes = op == WebSocketOpcode::kContinuation ? message_bytes_ : 0;
    if (length > max_message_bytes_ || message_bytes + length > max_message_bytes_) {
      return fail(kCloseMessageTooBig,
                  fmt::format("message larger than {} bytes", max_message_bytes_));
    }
    message_bytes_ = message_bytes + length;
    in_fragmented_message_ = !fin;
  }
  masked_ = masked;
  if (masked) std::copy(header_.begin() + at, header_.begin() + at + 4, mask_.begin());
  payload_length_ = length;
  frame_ = WebSocketFrame{fin, op, {}};
  return true;
}

std::string serializeWebSocketFrame(const WebSocketFrameHeader& header, std::string_view payload) {
  std::string out;
  out.reserve(14 + payload.size());
  out.push_back(static_cast<char>((header.fin ? 0x80 : 0x00) | static_cast<uint8_t>(header.opcode)));
  uint8_t mask_bit = header.mask ? 0x80 : 0x00;
  uint64_t size = payload.size();
  // §5.2: the shortest of the 7-bit, 16-bit and 64-bit length encodings.
  if (size <= 125) {
    out.push_back(static_cast<char>(mask_bit | size));
  } else if (size <= 0xFFFF) {
    out.push_back(static_cast<char>(mask_bit | 126));
    out.push_back(static_cast<char>(size >> 8));
    out.push_back(static_cast<char>(size & 0xFF));
  } else {
    out.push_back(static_cast<char>(mask_bit | 127));
    for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>((size >> shift) & 0xFF));
  }
  if (!header.mask) {
    out.append(payload);
    return out;
  }
  const std::array<uint8_t, 4>& key = *header.mask;
  out.append(reinterpret_cast<const char*>(key.data()), key.size());
  size_t start = out.size();
  out.resize(start + payload.size());
  for (size_t i = 0; i < payload.size(); ++i) {
    out[start + i] = static_cast<char>(payload[i] ^ key[i & 3]);
  }
  return out;
}

Result<std::array<uint8_t, 4>> randomMaskingKey() {
  std::array<uint8_t, 4> key{};
  if (RAND_bytes(key.data(), static_cast<int>(key.size())) != 1) {
    return makeError("the random number generator failed");
  }
  return key;
}

}  // namespace edged::net
