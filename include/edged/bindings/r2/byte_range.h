#pragma once
// Which bytes of an object a get returns: R2Range ({offset, length} or {suffix}) or an HTTP
// Range header (RFC 9110 §14.1.2; a header that is invalid or asks for several ranges returns
// the whole object, as R2 does).

#include <cstdint>
#include <optional>
#include <string_view>

#include "edged/bindings/r2/r2_errors.h"

namespace edged::bindings::r2 {

struct RangeRequest {
  std::optional<uint64_t> offset;
  std::optional<uint64_t> length;
  std::optional<uint64_t> suffix;
};

struct ByteRange {
  uint64_t offset = 0;
  uint64_t length = 0;
};

// The bytes of an object of `size` that `request` selects; kInvalidRange when none can be.
// `error` is set on failure.
ByteRange resolveRange(const RangeRequest& request, uint64_t size, R2ErrorCode* error);

// The single range of a Range header value, or nullopt (whole object).
std::optional<ByteRange> parseRangeHeader(std::string_view header, uint64_t size);

}  // namespace edged::bindings::r2
