#include "edged/bindings/assets/rule_pattern.h"

#include <gtest/gtest.h>

namespace edged::bindings::assets {
namespace {

RulePattern compiled(std::string_view pattern) {
  auto result = RulePattern::compile(pattern);
  EXPECT_TRUE(result.ok()) << pattern;
  return std::move(result).value();
}

TEST(RulePattern, LiteralMatchesTheWholePathOnly) {
  RulePattern p = compiled("/about");
  std::vector<RuleCapture> captures;
  EXPECT_FALSE(p.dynamic());
  EXPECT_TRUE(p.match("/about", &captures));
  EXPECT_FALSE(p.match("/about/", &captures));
  EXPECT_FALSE(p.match("/abou", &captures));
}

TEST(RulePattern, SplatTakesAnyRunGreedily) {
  RulePattern p = compiled("/blog/*");
  std::vector<RuleCapture> captures;
  ASSERT_TRUE(p.match("/blog/2020/01/post", &captures));
  ASSERT_EQ(captures.size(), 1u);
  EXPECT_EQ(captures[0].name, "splat");
  EXPECT_EQ(captures[0].value, "2020/01/post");
  ASSERT_TRUE(p.match("/blog/", &captures));
  EXPECT_EQ(captures[0].value, "");
  EXPECT_FALSE(p.match("/blog", &captures));
}

TEST(RulePattern, PlaceholdersStopAtSlash) {
  RulePattern p = compiled("/users/:id/posts/:post");
  std::vector<RuleCapture> captures;
  ASSERT_TRUE(p.match("/users/42/posts/hello", &captures));
  ASSERT_EQ(captures.size(), 2u);
  EXPECT_EQ(captures[0].name, "id");
  EXPECT_EQ(captures[0].value, "42");
  EXPECT_EQ(captures[1].value, "hello");
  EXPECT_FALSE(p.match("/users/42/43/posts/hello", &captures));
  EXPECT_FALSE(p.match("/users//posts/hello", &captures));
}

TEST(RulePattern, PlaceholderThenSplatBacktracks) {
  RulePattern p = compiled("/:lang/*.html");
  std::vector<RuleCapture> captures;
  ASSERT_TRUE(p.match("/en/a/b.html", &captures));
  EXPECT_EQ(captures[0].value, "en");
  EXPECT_EQ(captures[1].value, "a/b");
}

TEST(RulePattern, HostPlaceholdersStopAtDots) {
  RulePattern p = compiled("https://:sub.example.com/*");
  std::vector<RuleCapture> captures;
  EXPECT_TRUE(p.withHost());
  ASSERT_TRUE(p.match("https://blog.example.com/x", &captures));
  EXPECT_EQ(captures[0].value, "blog");
  EXPECT_FALSE(p.match("https://a.b.example.com/x", &captures));
}

TEST(RulePattern, RejectsTwoSplatsAndRepeatedNames) {
  EXPECT_FALSE(RulePattern::compile("/*/x/*").ok());
  EXPECT_FALSE(RulePattern::compile("/:a/:a").ok());
}

TEST(RulePattern, ManyWildcardsStayFastOnLongPaths) {
  RulePattern p = compiled("/:a-:b-:c-:d-:e-:f-:g/*z");
  std::vector<RuleCapture> captures;
  std::string path = "/" + std::string(2000, '-');
  EXPECT_FALSE(p.match(path, &captures));
}

TEST(RulePattern, SubstitutesInCaptureOrder) {
  RulePattern p = compiled("/old/:id/*");
  std::vector<RuleCapture> captures;
  ASSERT_TRUE(p.match("/old/7/a/b", &captures));
  EXPECT_EQ(substituteCaptures("/new/:splat?id=:id&again=:id", captures), "/new/a/b?id=7&again=7");
}

}  // namespace
}  // namespace edged::bindings::assets
