#include "edged/bindings/r2/conditional.h"

#include <gtest/gtest.h>

namespace edged::bindings::r2 {
namespace {

using Kind = EtagCondition::Kind;
const std::string kEtag = "abc";

TEST(R2Conditional, EtagMatches) {
  Conditional c;
  c.etag_matches = std::vector<EtagCondition>{{Kind::kStrong, "abc"}};
  EXPECT_TRUE(conditionHolds(c, &kEtag, 0));
  c.etag_matches = std::vector<EtagCondition>{{Kind::kWeak, "abc"}};  // strong comparison
  EXPECT_FALSE(conditionHolds(c, &kEtag, 0));
  c.etag_matches = std::vector<EtagCondition>{{Kind::kWildcard, ""}};
  EXPECT_TRUE(conditionHolds(c, &kEtag, 0));
  EXPECT_FALSE(conditionHolds(c, nullptr, 0));  // If-Match on a missing object
}

TEST(R2Conditional, EtagDoesNotMatch) {
  Conditional c;
  c.etag_does_not_match = std::vector<EtagCondition>{{Kind::kWeak, "abc"}};  // weak comparison
  EXPECT_FALSE(conditionHolds(c, &kEtag, 0));
  c.etag_does_not_match = std::vector<EtagCondition>{{Kind::kStrong, "other"}};
  EXPECT_TRUE(conditionHolds(c, &kEtag, 0));
  EXPECT_TRUE(conditionHolds(c, nullptr, 0));
}

TEST(R2Conditional, UploadedDates) {
  Conditional c;
  c.uploaded_before_ms = 2000;
  EXPECT_TRUE(conditionHolds(c, &kEtag, 1999));
  EXPECT_FALSE(conditionHolds(c, &kEtag, 2000));
  c = {};
  c.uploaded_after_ms = 2000;
  EXPECT_TRUE(conditionHolds(c, &kEtag, 2001));
  EXPECT_FALSE(conditionHolds(c, &kEtag, 2000));
  c.seconds_granularity = true;  // 2999 is in the same second as 2000
  EXPECT_FALSE(conditionHolds(c, &kEtag, 2999));
  EXPECT_TRUE(conditionHolds(c, &kEtag, 3000));
}

TEST(R2Conditional, AnEtagThatHoldsWinsOverTheDateBesideIt) {
  Conditional c;
  c.etag_matches = std::vector<EtagCondition>{{Kind::kStrong, "abc"}};
  c.uploaded_before_ms = 0;  // would fail on its own
  EXPECT_TRUE(conditionHolds(c, &kEtag, 5000));
}

}  // namespace
}  // namespace edged::bindings::r2
