#include "edged/bindings/assets/asset_path.h"

#include <gtest/gtest.h>

namespace edged::bindings::assets {
namespace {

TEST(AssetPath, DecodesEachSegmentAndKeepsTheQuery) {
  auto path = parseAssetPath("/a%20b/c.txt?x=1");
  ASSERT_TRUE(path);
  EXPECT_EQ(path->pathname, "/a%20b/c.txt");
  EXPECT_EQ(path->decoded, "/a b/c.txt");
  EXPECT_EQ(path->search, "?x=1");
}

TEST(AssetPath, ResolvesDotSegmentsAsTheUrlParserDoes) {
  EXPECT_EQ(parseAssetPath("/a/../b")->pathname, "/b");
  EXPECT_EQ(parseAssetPath("/../../etc/passwd")->decoded, "/etc/passwd");
  EXPECT_EQ(parseAssetPath("/a/%2e%2e/%2E%2e/etc/passwd")->decoded, "/etc/passwd");
  EXPECT_EQ(parseAssetPath("/a/./b/.")->pathname, "/a/b/");
  EXPECT_EQ(parseAssetPath("/a/b/..")->pathname, "/a/");
}

TEST(AssetPath, RefusesWhatCouldLeaveTheDirectory) {
  EXPECT_FALSE(parseAssetPath("/a%2f..%2f..%2fetc/passwd"));
  EXPECT_FALSE(parseAssetPath("/a%2F..%2Fsecret"));
  EXPECT_FALSE(parseAssetPath("/..%5c..%5csecret"));
  EXPECT_FALSE(parseAssetPath("/a\\..\\secret"));
  EXPECT_FALSE(parseAssetPath("/a%00.html"));
  EXPECT_FALSE(parseAssetPath("relative"));
}

TEST(AssetPath, TakesThePathOfAnAbsoluteUrl) {
  auto path = parseAssetPath("https://example.com/x/y.css?v=2#top");
  ASSERT_TRUE(path);
  EXPECT_EQ(path->pathname, "/x/y.css");
  EXPECT_EQ(path->search, "?v=2");
  EXPECT_EQ(parseAssetPath("http://example.com")->pathname, "/");
}

TEST(AssetPath, CollapsesRepeatedSlashes) {
  auto path = parseAssetPath("//a///b/");
  ASSERT_TRUE(path);
  EXPECT_EQ(path->decoded, "/a/b/");
  EXPECT_EQ(path->pathname, "//a///b/");
}

TEST(AssetPath, EncodesLikeEncodeUriComponent) {
  EXPECT_EQ(encodeAssetPath("/[boop] ü.html"), "/%5Bboop%5D%20%C3%BC.html");
  EXPECT_EQ(encodeAssetPath("/a-b_c.d!~*'()"), "/a-b_c.d!~*'()");
}

}  // namespace
}  // namespace edged::bindings::assets
