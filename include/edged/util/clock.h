#pragma once
// Wall-clock and monotonic time in one place, so tests can reason about what they observe.

#include <cstdint>
#include <string>

namespace edged::clock {

// Milliseconds since the Unix epoch.
double nowMs();
// Monotonic nanoseconds, for measuring durations.
uint64_t monotonicNs();
// An IMF-fixdate for the HTTP Date header (RFC 9110 §5.6.7), e.g. "Sun, 06 Nov 1994 08:49:37 GMT".
std::string httpDate(int64_t unix_seconds);

}  // namespace edged::clock
