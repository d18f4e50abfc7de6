#include "edged/bindings/assets/redirect_rules.h"

#include <gtest/gtest.h>

namespace edged::bindings::assets {
namespace {

RedirectRules parsed(std::string_view text, std::vector<RuleWarning>* warnings,
                     HtmlHandling html = HtmlHandling::kAutoTrailingSlash) {
  return RedirectRules::parse(text, html, warnings);
}

TEST(RedirectRules, StaticDynamicStatusesAndComments) {
  std::vector<RuleWarning> warnings;
  RedirectRules rules = parsed(
      "# a comment\n"
      "/home / 301\n"
      "/old  /new   # trailing comment\n"
      "\r\n"
      "/blog/* /posts/:splat 308\n"
      "/users/:id /u/:id?tab=1 307\n"
      "/app/* /index.txt 200\n",
      &warnings);
  EXPECT_TRUE(warnings.empty());
  EXPECT_EQ(rules.size(), 5u);
  auto home = rules.match("/home");
  ASSERT_TRUE(home);
  EXPECT_EQ(home->status, 301);
  EXPECT_EQ(home->to, "/");
  auto old = rules.match("/old");
  ASSERT_TRUE(old);
  EXPECT_EQ(old->status, 302);
  EXPECT_EQ(old->to, "/new");
  auto blog = rules.match("/blog/2020/post");
  ASSERT_TRUE(blog);
  EXPECT_EQ(blog->status, 308);
  EXPECT_EQ(blog->to, "/posts/2020/post");
  auto user = rules.match("/users/42");
  ASSERT_TRUE(user);
  EXPECT_EQ(user->to, "/u/42?tab=1");
  auto app = rules.match("/app/x/y");
  ASSERT_TRUE(app);
  EXPECT_EQ(app->status, 200);
  EXPECT_FALSE(rules.match("/nothing"));
}

TEST(RedirectRules, AnEmptySplatLeavesNoDoubleSlash) {
  std::vector<RuleWarning> warnings;
  RedirectRules rules = parsed("/a/* /b/:splat/c\n/x/* https://example.com/:splat\n", &warnings);
  EXPECT_EQ(rules.match("/a/")->to, "/b/c");
  EXPECT_EQ(rules.match("/x/")->to, "https://example.com/");
}

TEST(RedirectRules, InvalidLinesAreSkippedWithWranglersMessages) {
  std::vector<RuleWarning> warnings;
  RedirectRules rules = parsed(
      "/c\n"
      "/d /e 302 extra\n"
      "https://example.com/a /b\n"
      "/f /g 404\n"
      "/h http://example.com/\n"
      "/x /y\n"
      "/x /z\n"
      "/p https://example.com/ 200\n"
      "/* /index.html\n"
      "/ok /fine\n",
      &warnings);
  ASSERT_EQ(warnings.size(), 8u);
  EXPECT_EQ(warnings[0].line, 1);
  EXPECT_EQ(warnings[0].message, "Expected exactly 2 or 3 whitespace-separated tokens. Got 1.");
  EXPECT_EQ(warnings[1].message, "Expected exactly 2 or 3 whitespace-separated tokens. Got 4.");
  EXPECT_EQ(warnings[2].message,
            "Only relative URLs are allowed. Skipping absolute URL https://example.com/a.");
  EXPECT_EQ(warnings[3].message,
            "Valid status codes are 200, 301, 302 (default), 303, 307, or 308. Got 404.");
  EXPECT_EQ(warnings[4].line, 5);
  EXPECT_EQ(warnings[5].message, "Ignoring duplicate rule for path /x.");
  EXPECT_EQ(warnings[6].message,
            "Proxy (200) redirects can only point to relative paths. Got https://example.com/");
  EXPECT_EQ(warnings[7].line, 9);
  EXPECT_TRUE(warnings[7].message.starts_with("Infinite loop detected"));
  EXPECT_EQ(rules.size(), 2u);
  EXPECT_EQ(rules.match("/x")->to, "/y");
  EXPECT_EQ(rules.match("/ok")->to, "/fine");
}

TEST(RedirectRules, RootToIndexLoopsOnlyWithHtmlHandling) {
  std::vector<RuleWarning> warnings;
  EXPECT_TRUE(parsed("/ /index\n", &warnings).empty());
  EXPECT_EQ(warnings.size(), 1u);
  warnings.clear();
  EXPECT_EQ(parsed("/ /index\n", &warnings, HtmlHandling::kNone).size(), 1u);
  EXPECT_TRUE(warnings.empty());
}

TEST(RedirectRules, LimitsOfLineLengthAndRuleCounts) {
  std::vector<RuleWarning> warnings;
  std::string text = "/" + std::string(1000, 'a') + " /b\n";
  for (int i = 0; i < 2001; ++i) text += "/s" + std::to_string(i) + " /t\n";
  for (int i = 0; i < 101; ++i) text += "/d" + std::to_string(i) + "/* /t\n";
  text += "/after /t\n";
  RedirectRules rules = parsed(text, &warnings);
  ASSERT_EQ(warnings.size(), 3u);
  EXPECT_EQ(
      warnings[0].message,
      "Ignoring line 1 as the redirect directive exceeds the maximum allowed length of 1000.");
  EXPECT_EQ(warnings[1].message,
            "Maximum number of static rules supported is 2000. Skipping line.");
  EXPECT_EQ(
      warnings[2].message,
      "Maximum number of dynamic rules supported is 100. Skipping remaining 3 lines of file.");
  EXPECT_EQ(rules.size(), 2100u);
  EXPECT_FALSE(rules.match("/s2000"));
  EXPECT_TRUE(rules.match("/d99/x"));
  EXPECT_FALSE(rules.match("/d100/x"));
}

TEST(RedirectRules, StaticRulesAfterADynamicOneMatchInOrder) {
  std::vector<RuleWarning> warnings;
  RedirectRules rules = parsed("/a/* /first\n/a/b /second\n", &warnings);
  EXPECT_EQ(rules.match("/a/b")->to, "/first");
}

TEST(RedirectRules, SourcesAndDestinationsAreNormalisedLikeUrls) {
  std::vector<RuleWarning> warnings;
  RedirectRules rules = parsed("/caf\xC3\xA9 /x/../y?q=1#top\nno-slash /z\n", &warnings);
  EXPECT_TRUE(warnings.empty());
  auto cafe = rules.match("/caf%C3%A9");
  ASSERT_TRUE(cafe);
  EXPECT_EQ(cafe->to, "/y?q=1#top");
  EXPECT_TRUE(rules.match("/no-slash"));
}

TEST(RedirectLocation, KeepsTheRequestQueryUnlessTheDestinationHasOne) {
  EXPECT_EQ(redirectLocation("/new", "?a=1"), "/new?a=1");
  EXPECT_EQ(redirectLocation("/new?b=2", "?a=1"), "/new?b=2");
  EXPECT_EQ(redirectLocation("/new#frag", "?a=1"), "/new?a=1#frag");
  EXPECT_EQ(redirectLocation("https://example.com/x", ""), "https://example.com/x");
}

}  // namespace
}  // namespace edged::bindings::assets
