#include "edged/bindings/r2/byte_range.h"

#include <gtest/gtest.h>

namespace edged::bindings::r2 {
namespace {

constexpr std::nullopt_t none = std::nullopt;

ByteRange resolve(RangeRequest r, uint64_t size, R2ErrorCode expected = R2ErrorCode::kNone) {
  R2ErrorCode error;
  ByteRange range = resolveRange(r, size, &error);
  EXPECT_EQ(error, expected);
  return range;
}

TEST(R2Range, OffsetLengthAndSuffix) {
  EXPECT_EQ(resolve(RangeRequest{2, none, none}, 10).length, 8u);
  EXPECT_EQ(resolve(RangeRequest{2, 3, none}, 10).length, 3u);
  EXPECT_EQ(resolve(RangeRequest{8, 5, none}, 10).length, 2u);  // clamped
  ByteRange suffix = resolve(RangeRequest{none, none, 4}, 10);
  EXPECT_EQ(suffix.offset, 6u);
  EXPECT_EQ(suffix.length, 4u);
  EXPECT_EQ(resolve(RangeRequest{none, none, 40}, 10).offset, 0u);
  resolve(RangeRequest{11, none, none}, 10, R2ErrorCode::kInvalidRange);
  resolve(RangeRequest{10, none, none}, 10, R2ErrorCode::kInvalidRange);
  resolve(RangeRequest{1, 0, none}, 10, R2ErrorCode::kInvalidRange);
  resolve(RangeRequest{none, none, 0}, 10, R2ErrorCode::kInvalidRange);
}

TEST(R2Range, Header) {
  auto r = parseRangeHeader("bytes=2-4", 10);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->offset, 2u);
  EXPECT_EQ(r->length, 3u);
  EXPECT_EQ(parseRangeHeader("bytes=5-", 10)->length, 5u);
  EXPECT_EQ(parseRangeHeader("bytes=-3", 10)->offset, 7u);
  EXPECT_EQ(parseRangeHeader("bytes=2-100", 10)->length, 8u);
  EXPECT_FALSE(parseRangeHeader("bytes=0-1,3-4", 10));
  EXPECT_FALSE(parseRangeHeader("items=0-1", 10));
  EXPECT_FALSE(parseRangeHeader("bytes=20-", 10));
  EXPECT_FALSE(parseRangeHeader("bytes=4-2", 10));
}

}  // namespace
}  // namespace edged::bindings::r2
