#include "edged/config/glob.h"

#include <gtest/gtest.h>

namespace edged::config {
namespace {

TEST(Glob, LeadingGlobstarMatchesAnyDepthIncludingNone) {
  EXPECT_TRUE(globMatches("**/*.txt", "a.txt"));
  EXPECT_TRUE(globMatches("**/*.txt", "d/a.txt"));
  EXPECT_TRUE(globMatches("**/*.txt", "d/e/f/a.txt"));
  EXPECT_FALSE(globMatches("**/*.txt", "a.txt.bak"));
  EXPECT_FALSE(globMatches("**/*.txt", "atxt"));
}

TEST(Glob, StarStaysInsideOneSegment) {
  EXPECT_TRUE(globMatches("*.js", "index.js"));
  EXPECT_FALSE(globMatches("*.js", "lib/index.js"));
  EXPECT_TRUE(globMatches("lib/*.js", "lib/index.js"));
  EXPECT_FALSE(globMatches("lib/*.js", "lib/sub/index.js"));
  EXPECT_TRUE(globMatches("*", "anything"));
  EXPECT_TRUE(globMatches("a*b*c", "aXXbYYc"));
}

TEST(Glob, GlobstarInTheMiddle) {
  EXPECT_TRUE(globMatches("src/**/*.sql", "src/q.sql"));
  EXPECT_TRUE(globMatches("src/**/*.sql", "src/a/b/q.sql"));
  EXPECT_FALSE(globMatches("src/**/*.sql", "lib/q.sql"));
}

TEST(Glob, TrailingGlobstarMatchesEverythingBelow) {
  EXPECT_TRUE(globMatches("assets/**", "assets/a"));
  EXPECT_TRUE(globMatches("assets/**", "assets/a/b.png"));
  EXPECT_FALSE(globMatches("assets/**", "assets"));
  EXPECT_FALSE(globMatches("assets/**", "other/a"));
}

TEST(Glob, DoubleStarInsideASegmentActsLikeStar) {
  EXPECT_TRUE(globMatches("a**.js", "abc.js"));
  EXPECT_FALSE(globMatches("a**.js", "a/b.js"));
}

// wrangler builds its regexps with glob-to-regexp without `extended`, so `?` is literal.
TEST(Glob, QuestionMarkIsLiteralAsInWrangler) {
  EXPECT_TRUE(globMatches("**/*.wasm?module", "lib/x.wasm?module"));
  EXPECT_FALSE(globMatches("**/*.wasm?module", "lib/x.wasmXmodule"));
  EXPECT_FALSE(globMatches("file?.txt", "file1.txt"));
}

TEST(Glob, OtherCharactersMatchThemselvesCaseSensitively) {
  EXPECT_TRUE(globMatches("[a].txt", "[a].txt"));
  EXPECT_FALSE(globMatches("[a].txt", "a.txt"));
  EXPECT_FALSE(globMatches("*.TXT", "a.txt"));
  EXPECT_TRUE(globMatches("", ""));
  EXPECT_FALSE(globMatches("", "a"));
}

TEST(Glob, PathologicalPatternStaysFast) {
  std::string path(200, 'a');
  EXPECT_FALSE(globMatches("*a*a*a*a*a*a*a*a*a*a*a*a*b", path));
  EXPECT_FALSE(globMatches("**/**/**/**/**/**/x", "a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/y"));
}

}  // namespace
}  // namespace edged::config
