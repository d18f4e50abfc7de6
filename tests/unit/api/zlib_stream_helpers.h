#pragma once
// What the zlib, brotli and zstd stream tests share: bytes, a stream of a mode, and driving a
// stream until a write produces nothing more.

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "api/node_zlib_stream.h"

namespace edged::api::zlib_test {

using Bytes = std::vector<uint8_t>;

inline Bytes bytesOf(const std::string& text) { return Bytes(text.begin(), text.end()); }

inline std::unique_ptr<ZlibStream> make(ZlibMode mode, const ZlibOptions& options = {}) {
  ZlibError error;
  std::unique_ptr<ZlibStream> stream = ZlibStream::create(mode, options, error);
  EXPECT_NE(stream, nullptr) << error.message;
  return stream;
}

// Everything `input` becomes with `flush`, calling again until a call produces nothing.
inline Bytes run(ZlibStream& stream, const Bytes& input, int flush,
                 std::optional<ZlibError>* failure = nullptr) {
  Bytes out;
  auto emit = [&](std::span<const uint8_t> piece) {
    out.insert(out.end(), piece.begin(), piece.end());
  };
  std::span<const uint8_t> next(input);
  for (;;) {
    size_t before = out.size();
    std::optional<ZlibError> error = stream.write(next, flush, emit);
    next = {};
    if (error) {
      if (failure != nullptr) *failure = error;
      return out;
    }
    if (out.size() == before) return out;
  }
}

}  // namespace edged::api::zlib_test
