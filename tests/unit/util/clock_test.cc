#include "edged/util/clock.h"

#include <gtest/gtest.h>

namespace edged::clock {

TEST(Clock, HttpDateIsImfFixdate) {
  EXPECT_EQ(httpDate(784111777), "Sun, 06 Nov 1994 08:49:37 GMT");
}

TEST(Clock, MonotonicNeverGoesBack) {
  uint64_t a = monotonicNs();
  uint64_t b = monotonicNs();
  EXPECT_LE(a, b);
}

}  // namespace edged::clock
