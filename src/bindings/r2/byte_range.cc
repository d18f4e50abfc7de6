#include "edged/bindings/r2/byte_range.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace edged::bindings::r2 {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::optional<uint64_t> parseNumber(std::string_view s) {
  uint64_t value = 0;
  if (s.empty()) return std::nullopt;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return value;
}

}  // namespace

ByteRange resolveRange(const RangeRequest& request, uint64_t size, R2ErrorCode* error) {
  *error = R2ErrorCode::kNone;
  std::optional<uint64_t> offset = request.offset;
  std::optional<uint64_t> length = request.length;
  if (request.suffix) {
    if (*request.suffix == 0) {
      *error = R2ErrorCode::kInvalidRange;
      return {};
    }
    uint64_t suffix = std::min(*request.suffix, size);
    offset = size - suffix;
    length = suffix;
  }
  uint64_t start = offset.value_or(0);
  if (start > size) {
    *error = R2ErrorCode::kInvalidRange;
    return {};
  }
  uint64_t count = length.value_or(size - start);
  if (count == 0) {
    *error = R2ErrorCode::kInvalidRange;
    return {};
  }
  return {start, std::min(count, size - start)};
}

std::optional<ByteRange> parseRangeHeader(std::string_view header, uint64_t size) {
  header = trim(header);
  constexpr std::string_view kUnit = "bytes=";
  if (header.size() < kUnit.size()) return std::nullopt;
  for (size_t i = 0; i < kUnit.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(header[i])) != kUnit[i]) return std::nullopt;
  }
  std::string_view spec = trim(header.substr(kUnit.size()));
  if (spec.find(',') != std::string_view::npos) return std::nullopt;  // several: whole object
  size_t dash = spec.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  std::string_view first = trim(spec.substr(0, dash));
  std::string_view last = trim(spec.substr(dash + 1));
  if (first.empty()) {  // bytes=-N: the last N bytes
    std::optional<uint64_t> suffix = parseNumber(last);
    if (!suffix || *suffix == 0 || size == 0) return std::nullopt;
    uint64_t n = std::min(*suffix, size);
    return ByteRange{size - n, n};
  }
  std::optional<uint64_t> start = parseNumber(first);
  if (!start || *start >= size) return std::nullopt;
  uint64_t end = size - 1;
  if (!last.empty()) {
    std::optional<uint64_t> parsed = parseNumber(last);
    if (!parsed || *parsed < *start) return std::nullopt;
    end = std::min(*parsed, size - 1);
  }
  return ByteRange{*start, end - *start + 1};
}

}  // namespace edged::bindings::r2
