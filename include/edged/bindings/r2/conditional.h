#pragma once
// R2's conditional operations (`onlyIf`, RFC 9110 §13.1 as R2 applies it): a get whose condition
// fails returns the object's metadata without a body, a put whose condition fails stores nothing.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace edged::bindings::r2 {

struct EtagCondition {
  enum class Kind { kStrong, kWeak, kWildcard };
  Kind kind = Kind::kStrong;
  std::string value;  // unquoted; empty for the wildcard
};

struct Conditional {
  std::optional<std::vector<EtagCondition>> etag_matches;         // If-Match
  std::optional<std::vector<EtagCondition>> etag_does_not_match;  // If-None-Match
  std::optional<int64_t> uploaded_before_ms;                      // If-Unmodified-Since
  std::optional<int64_t> uploaded_after_ms;                       // If-Modified-Since
  // Dates from HTTP headers have whole seconds: compare at that granularity.
  bool seconds_granularity = false;
};

// Whether `condition` holds for an object with `etag` uploaded at `uploaded_ms`, or for a
// missing object when `etag` is null.
bool conditionHolds(const Conditional& condition, const std::string* etag, int64_t uploaded_ms);

}  // namespace edged::bindings::r2
