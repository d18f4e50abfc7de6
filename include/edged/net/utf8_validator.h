#pragma once
// Incremental UTF-8 validation (RFC 3629; Unicode §3.9 Table 3-7): bytes in, in as many pieces as
// they arrive, "still valid?" out. WebSocket text messages and close reasons must be valid UTF-8
// (RFC 6455 §5.6, §8.1), checked as fragments arrive so an invalid message fails at once instead
// of after it was buffered whole. Pure code over bytes.

#include <cstdint>
#include <string_view>

namespace edged::net {

class Utf8Validator {
 public:
  // Validates the next bytes. Returns false once the input seen so far cannot be the start of
  // valid UTF-8 (overlong forms, surrogates, code points past U+10FFFF, stray continuation
  // bytes); it then stays false. A sequence cut at the end of `bytes` may finish in the next call.
  bool feed(std::string_view bytes);
  // True when everything fed so far is valid and no sequence is left unfinished.
  bool complete() const { return valid_ && pending_ == 0; }
  void reset() { *this = Utf8Validator{}; }

 private:
  bool valid_ = true;
  uint8_t pending_ = 0;   // continuation bytes still expected in the current sequence
  uint8_t lower_ = 0x80;  // bounds of the next continuation byte (narrower after E0, ED, F0, F4)
  uint8_t upper_ = 0xBF;
};

// Whether `bytes` is complete, valid UTF-8.
bool isValidUtf8(std::string_view bytes);

}  // namespace edged::net
