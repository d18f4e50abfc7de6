#include "edged/net/utf8_validator.h"

#include <cstring>

namespace edged::net {

bool Utf8Validator::feed(std::string_view bytes) {
  if (!valid_) return false;
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const unsigned char* end = p + bytes.size();
  while (p < end) {
    if (pending_ == 0) {
      // Most text is ASCII: skip it eight bytes at a time.
      while (end - p >= 8) {
        uint64_t word;
        std::memcpy(&word, p, sizeof word);
        if ((word & 0x8080808080808080ull) != 0) break;
        p += 8;
      }
      if (p == end) break;
      unsigned char c = *p++;
      if (c < 0x80) continue;
      // Unicode Table 3-7: the lead byte fixes the length and the range of the second byte.
      lower_ = 0x80;
      upper_ = 0xBF;
      if (c >= 0xC2 && c <= 0xDF) {
        pending_ = 1;
      } else if (c >= 0xE0 && c <= 0xEF) {
        pending_ = 2;
        if (c == 0xE0) lower_ = 0xA0;  // no overlong forms
        if (c == 0xED) upper_ = 0x9F;  // no surrogates (U+D800..U+DFFF)
      } else if (c >= 0xF0 && c <= 0xF4) {
        pending_ = 3;
        if (c == 0xF0) lower_ = 0x90;  // no overlong forms
        if (c == 0xF4) upper_ = 0x8F;  // nothing past U+10FFFF
      } else {
        valid_ = false;  // a continuation byte without a lead, C0/C1 (overlong), F5..FF
        return false;
      }
      continue;
    }
    unsigned char c = *p++;
    if (c < lower_ || c > upper_) {
      valid_ = false;
      return false;
    }
    lower_ = 0x80;
    upper_ = 0xBF;
    --pending_;
  }
  return true;
}

bool isValidUtf8(std::string_view bytes) {
  Utf8Validator validator;
  return validator.feed(bytes) && validator.complete();
}

}  // namespace edged::net
