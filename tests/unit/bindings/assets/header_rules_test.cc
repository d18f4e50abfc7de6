#include "edged/bindings/assets/header_rules.h"

#include <gtest/gtest.h>

namespace edged::bindings::assets {
namespace {

using Headers = std::vector<net::HttpHeader>;

std::string valueOf(const Headers& headers, std::string_view name) {
  std::string out;
  for (const net::HttpHeader& h : headers) {
    if (strcasecmp(h.name.c_str(), std::string(name).c_str()) == 0) {
      if (!out.empty()) out += " | ";
      out += h.value;
    }
  }
  return out;
}

TEST(HeaderRules, SetReplacesMergesAndDetaches) {
  std::vector<RuleWarning> warnings;
  HeaderRules rules = HeaderRules::parse(
      "# comment\n"
      "/*\n"
      "  X-Frame-Options: DENY\n"
      "  X-Robots-Tag: noindex\n"
      "/assets/*\n"
      "  Cache-Control: public, max-age=31536000, immutable\n"
      "  X-Frame-Options: SAMEORIGIN\n"
      "  ! X-Robots-Tag\n"
      "/assets/:name\n"
      "  Link: </:name>; rel=preload\n"
      "  link: <https://cdn.example.com/:name>\n",
      &warnings);
  EXPECT_TRUE(warnings.empty());
  EXPECT_EQ(rules.size(), 3u);

  Headers page = {{"Content-Type", "text/html"}, {"Cache-Control", "public, max-age=0"}};
  rules.apply("example.com", "/index.html", &page);
  EXPECT_EQ(valueOf(page, "x-frame-options"), "DENY");
  EXPECT_EQ(valueOf(page, "x-robots-tag"), "noindex");
  EXPECT_EQ(valueOf(page, "cache-control"), "public, max-age=0");

  Headers asset = {{"Content-Type", "text/css"}, {"Cache-Control", "public, max-age=0"}};
  rules.apply("example.com", "/assets/app.css", &asset);
  EXPECT_EQ(valueOf(asset, "cache-control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(valueOf(asset, "x-frame-options"), "DENY, SAMEORIGIN");
  EXPECT_EQ(valueOf(asset, "x-robots-tag"), "");
  EXPECT_EQ(valueOf(asset, "link"), "</app.css>; rel=preload, <https://cdn.example.com/app.css>");
  EXPECT_EQ(valueOf(asset, "content-type"), "text/css");
}

TEST(HeaderRules, HostRulesMatchTheRequestHost) {
  std::vector<RuleWarning> warnings;
  HeaderRules rules = HeaderRules::parse("https://:sub.example.com/*\n  X-Sub: :sub\n", &warnings);
  EXPECT_TRUE(warnings.empty());
  Headers a;
  rules.apply("blog.example.com", "/x", &a);
  EXPECT_EQ(valueOf(a, "x-sub"), "blog");
  Headers b;
  rules.apply("localhost", "/x", &b);
  EXPECT_TRUE(b.empty());
}

TEST(HeaderRules, InvalidLinesAreSkippedWithWranglersMessages) {
  std::vector<RuleWarning> warnings;
  HeaderRules rules = HeaderRules::parse(
      "X-Early: 1\n"
      "/a\n"
      "  Bad Name: x\n"
      "  X-Empty:\n"
      "  : novalue\n"
      "  no colon\n"
      "/empty\n"
      "https://example.com:8080/x\n"
      "  X-Skipped: 1\n"
      "/*/two/*\n"
      "  X-Two: 1\n"
      "/b\n"
      "  X-Ok: yes\n",
      &warnings);
  ASSERT_EQ(warnings.size(), 9u);
  EXPECT_EQ(warnings[0].line, 1);
  EXPECT_EQ(warnings[0].message, "Path should come before header (x-early: 1)");
  EXPECT_EQ(warnings[1].message, "Header name cannot include spaces");
  EXPECT_EQ(warnings[2].message, "No header value specified");
  EXPECT_EQ(warnings[3].message, "No header name specified");
  EXPECT_EQ(warnings[4].message, "Expected a colon-separated header pair (e.g. name: value)");
  EXPECT_EQ(warnings[5].line, 2);  // "/a": none of its header lines was valid
  EXPECT_EQ(warnings[5].message, "No headers specified");
  EXPECT_EQ(warnings[6].line, 7);
  EXPECT_EQ(warnings[6].message, "No headers specified");
  EXPECT_EQ(warnings[7].message,
            "Specifying ports is not supported. Skipping absolute URL https://example.com:8080/x.");
  EXPECT_EQ(warnings[8].line, 10);
  EXPECT_EQ(rules.size(), 1u);
  Headers h;
  rules.apply("example.com", "/b", &h);
  EXPECT_EQ(valueOf(h, "x-ok"), "yes");
}

TEST(HeaderRules, LimitsOfLineLengthAndRuleCount) {
  std::vector<RuleWarning> warnings;
  std::string text = "/long\n  X-Long: " + std::string(2000, 'a') + "\n  X-Short: 1\n";
  for (int i = 0; i < 101; ++i) text += "/r" + std::to_string(i) + "\n  X-N: 1\n";
  HeaderRules rules = HeaderRules::parse(text, &warnings);
  ASSERT_EQ(warnings.size(), 2u);
  EXPECT_EQ(warnings[0].message,
            "Ignoring line 2 as it exceeds the maximum allowed length of 2000.");
  EXPECT_EQ(warnings[1].message,
            "Maximum number of rules supported is 100. Skipping remaining 3 lines of file.");
  EXPECT_EQ(rules.size(), 100u);
}

}  // namespace
}  // namespace edged::bindings::assets
