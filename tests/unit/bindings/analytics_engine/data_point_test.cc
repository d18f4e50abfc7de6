// writeDataPoint()'s limits, with the TypeError texts workerd throws for them.
#include "edged/bindings/analytics_engine/data_point.h"

#include <gtest/gtest.h>

namespace edged::bindings::analytics_engine {
namespace {

DataPointCheck make(DataPointInput input) { return makeDataPoint("ds", 1000, std::move(input)); }

TEST(DataPointTest, FillsColumnsInOrderAndLeavesTheRestEmpty) {
  DataPointCheck check = make({{"user-1"}, {"a", std::nullopt, "c"}, {1.5, 2}});
  ASSERT_TRUE(check.point) << check.error;
  EXPECT_EQ(check.point->index1, "user-1");
  EXPECT_EQ(check.point->blobs[0], "a");
  EXPECT_EQ(check.point->blobs[1], "");
  EXPECT_EQ(check.point->blobs[2], "c");
  EXPECT_EQ(check.point->doubles[1], 2);
  EXPECT_EQ(check.point->doubles[19], 0);
}

TEST(DataPointTest, RefusesWhatCloudflareRefuses) {
  EXPECT_EQ(make({{"a", "b"}, {}, {}}).error, "writeDataPoint(): Maximum of 1 indexes supported.");
  EXPECT_EQ(make({{std::string(97, 'x')}, {}, {}}).error,
            "writeDataPoint(): Size of indexes[0] exceeds 96 bytes).");
  EXPECT_TRUE(make({{std::string(96, 'x')}, {}, {}}).point);
  DataPointInput many;
  many.blobs.assign(21, std::string("b"));
  EXPECT_EQ(make(many).error, "writeDataPoint(): Maximum of 20 blobs supported.");
  DataPointInput big;
  big.blobs = {std::string(10000, 'x'), std::string(6385, 'y')};
  EXPECT_EQ(make(big).error, "writeDataPoint(): Cumulative size of blobs exceeds 16384 bytes).");
  big.blobs[1]->pop_back();
  EXPECT_TRUE(make(big).point);
  DataPointInput doubles;
  doubles.doubles.assign(21, 1.0);
  EXPECT_EQ(make(doubles).error, "writeDataPoint(): Maximum of 20 doubles supported.");
}

}  // namespace
}  // namespace edged::bindings::analytics_engine
