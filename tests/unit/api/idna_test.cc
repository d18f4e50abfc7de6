#include "api/idna.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace edged::api {
namespace {

struct ToAsciiCase {
  const char* input;
  std::optional<std::string> output;  // nullopt: failure
};

// WPT url/resources/toascii.json (tests/wpt/url/toascii.js), the cases that reach the native
// call: the URL parser's JS fast path handles plain ASCII without "xn--" labels itself.
const std::vector<ToAsciiCase> kWptToAscii = {
    {"a†--", "xn--a---kp0a"},
    {"-†", "xn----xhn"},
    {"-x.xn--zca", "-x.xn--zca"},
    {"-x.ß", "-x.xn--zca"},
    {"x-.xn--zca", "x-.xn--zca"},
    {"x-.ß", "x-.xn--zca"},
    {"x..xn--zca", "x..xn--zca"},
    {"x..ß", "x..xn--zca"},
    {"xn--a", std::nullopt},
    {"xn--a.xn--zca", std::nullopt},
    {"xn--a.ß", std::nullopt},
    {"xn--ls8h=", std::nullopt},
    {"xn--tešla", std::nullopt},
    {"xn--zca.xn--zca", "xn--zca.xn--zca"},
    {"xn--zca.ß", "xn--zca.xn--zca"},
    {"ab--c.xn--zca", "ab--c.xn--zca"},
    {"ab--c.ß", "ab--c.xn--zca"},
    {"\u200d.example", std::nullopt},
    {"xn--1ug.example", std::nullopt},
    {"يa", std::nullopt},
    {"xn--a-yoc", std::nullopt},
    {"ශ්‍රී", "xn--10cl1a0b660p"},
    {"نامه‌ای", "xn--mgba3gch31f060k"},
    {"\ufffd.com", std::nullopt},
    {"xn--zn7c.com", std::nullopt},
    {"x01234567890123456789012345678901234567890123456789012345678901†",
     "xn--x01234567890123456789012345678901234567890123456789012345678901-6963b"},
    {"x01234567890123456789012345678901234567890123456789012345678901x.ß",
     "x01234567890123456789012345678901234567890123456789012345678901x.xn--zca"},
    {"a\u00adb", "ab"},
    {"≠", "xn--1ch"},
    {"≮", "xn--gdh"},
    {"≯", "xn--hdh"},
};

TEST(DomainToAscii, WptToAsciiCases) {
  for (const auto& c : kWptToAscii) {
    EXPECT_EQ(domainToAscii(c.input, /*be_strict=*/false), c.output) << "input: " << c.input;
  }
}

TEST(DomainToAscii, MapsCaseAndWidth) {
  EXPECT_EQ(domainToAscii("EXAMPLE.com", false), "example.com");
  EXPECT_EQ(domainToAscii("ｅｘａｍｐｌｅ．ｃｏｍ", false), "example.com");  // fullwidth
  EXPECT_EQ(domainToAscii("Bücher.example", false), "xn--bcher-kva.example");
  EXPECT_EQ(domainToAscii("XN--BCHER-KVA.example", false), "xn--bcher-kva.example");
  EXPECT_EQ(domainToAscii("faß.de", false), "xn--fa-hia.de");  // nontransitional
  EXPECT_EQ(domainToAscii("日本語。ＪＰ", false), "xn--wgv71a119e.jp");
}

TEST(DomainToAscii, EmptyResultIsFailure) {
  EXPECT_EQ(domainToAscii("\u00ad", false), std::nullopt);  // only an ignored code point
  EXPECT_EQ(domainToAscii("", false), std::nullopt);
}

TEST(DomainToAscii, InvalidUtf8IsFailure) {
  EXPECT_EQ(domainToAscii(std::string_view("a\xff.com"), false), std::nullopt);
}

TEST(DomainToAscii, DnsLengthOnlyCheckedWhenStrict) {
  const std::string long_label(64, 'a');
  EXPECT_EQ(domainToAscii(long_label + ".com", false), long_label + ".com");
  EXPECT_EQ(domainToAscii(long_label + ".com", true), std::nullopt);
  EXPECT_EQ(domainToAscii("a..b", false), "a..b");
  EXPECT_EQ(domainToAscii("a..b", true), std::nullopt);
}

TEST(DomainToAscii, Std3RulesOnlyWhenStrict) {
  EXPECT_EQ(domainToAscii("a_b.com", false), "a_b.com");
  EXPECT_EQ(domainToAscii("a_b.com", true), std::nullopt);
  EXPECT_EQ(domainToAscii("a≠b", true), std::nullopt);  // U+2260 is disallowed_STD3_valid
}

TEST(DomainToAscii, HyphensAreNeverChecked) {
  EXPECT_EQ(domainToAscii("-x-.ab--c", true), "-x-.ab--c");
}

TEST(DomainToAscii, LongInputGrowsBuffer) {
  std::string in;
  for (int i = 0; i < 200; ++i) in += "ß.";
  std::string expected;
  for (int i = 0; i < 200; ++i) expected += "xn--zca.";
  EXPECT_EQ(domainToAscii(in, false), expected);
}

TEST(DomainToAscii, UsableFromManyThreads) {
  std::vector<std::thread> threads;
  std::vector<int> ok(8, 0);
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&ok, t] {
      for (int i = 0; i < 200; ++i) {
        if (domainToAscii("Bücher.example", false) == "xn--bcher-kva.example") ++ok[t];
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int n : ok) EXPECT_EQ(n, 200);
}

TEST(DomainToUnicode, DecodesPunycode) {
  EXPECT_EQ(domainToUnicode("xn--bcher-kva.example"), "bücher.example");
  EXPECT_EQ(domainToUnicode("xn--tst-qla.de"), "täst.de");
  EXPECT_EQ(domainToUnicode("EXAMPLE.com"), "example.com");
}

TEST(DomainToUnicode, ErrorsStillReturnAString) {
  // Invalid Punycode: ICU keeps the label and marks it with U+FFFD.
  EXPECT_EQ(domainToUnicode("xn--a.example"), "xn--a\uFFFD.example");
  EXPECT_EQ(domainToUnicode("a\xff.com"), "a\uFFFD.com");
}

}  // namespace
}  // namespace edged::api
