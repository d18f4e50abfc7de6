#include "edged/config/jsonc.h"

#include <gtest/gtest.h>

namespace edged::config {
namespace {

std::string strip(std::string_view text) {
  Result<std::string> out = stripJsonc(text);
  if (!out) return "error: " + out.error().message;
  return *out;
}

TEST(Jsonc, LineCommentBecomesSpacesUpToTheNewline) {
  EXPECT_EQ(strip("{ // hi\n}"), "{      \n}");
}

TEST(Jsonc, BlockCommentBecomesSpacesButKeepsItsNewlines) {
  EXPECT_EQ(strip("[1, /* a\nb */ 2]"), "[1,     \n     2]");
}

TEST(Jsonc, OutputHasTheSameLengthAndLineBreaksAsTheInput) {
  std::string_view text = "{\r\n  // x\r\n  \"a\": 1, /* y */\r\n}\r\n";
  std::string out = strip(text);
  ASSERT_EQ(out.size(), text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' || text[i] == '\r') {
      EXPECT_EQ(out[i], text[i]) << "at " << i;
    }
  }
}

TEST(Jsonc, TrailingCommasBeforeClosersAreBlanked) {
  EXPECT_EQ(strip(R"({"a": [1, 2,], "b": {"c": 3,},})"), R"({"a": [1, 2 ], "b": {"c": 3 } })");
}

TEST(Jsonc, TrailingCommaWithCommentsBeforeTheCloser) {
  EXPECT_EQ(strip("[1, // one\n /* two */ ]"), "[1        \n           ]");
}

TEST(Jsonc, CommaThatIsNotTrailingIsLeftForTheParser) {
  EXPECT_EQ(strip("[,]"), "[,]");
  EXPECT_EQ(strip("{,}"), "{,}");
  EXPECT_EQ(strip("[1,,]"), "[1,,]");
}

TEST(Jsonc, CommentMarkersInsideStringsAreContent) {
  EXPECT_EQ(strip(R"({"url": "https://example.com", "glob": "/*.js"})"),
            R"({"url": "https://example.com", "glob": "/*.js"})");
}

TEST(Jsonc, EscapedQuoteDoesNotEndTheString) {
  EXPECT_EQ(strip(R"(["say \"//hi\"", 1] // c)"), R"(["say \"//hi\"", 1]     )");
}

TEST(Jsonc, EscapedBackslashBeforeTheClosingQuoteEndsTheString) {
  EXPECT_EQ(strip(R"(["C:\\", 1] // c)"), R"(["C:\\", 1]     )");
}

TEST(Jsonc, CommaInsideAStringIsNotTrailing) { EXPECT_EQ(strip(R"(["a,"])"), R"(["a,"])"); }

TEST(Jsonc, ByteOrderMarkIsBlanked) { EXPECT_EQ(strip("\xEF\xBB\xBF{}"), "   {}"); }

TEST(Jsonc, UnterminatedBlockCommentIsReportedWhereItStarts) {
  EXPECT_EQ(strip("{\n  \"a\": 1\n  /* never closed\n}"), "error: 3:3: unterminated /* comment");
}

TEST(Jsonc, UnterminatedStringIsReportedWhereItStarts) {
  EXPECT_EQ(strip("{\n \"name\": \"app\n}"), "error: 2:10: unterminated string");
  EXPECT_EQ(strip("[\"abc\\"), "error: 1:2: unterminated string");
}

TEST(Jsonc, LoneSlashIsLeftForTheParser) { EXPECT_EQ(strip("[1 / 2]"), "[1 / 2]"); }

TEST(TextPosition, CountsLinesAndCodePoints) {
  std::string_view text = "ab\n\xC3\xA9x";  // "é" is two bytes, one column
  EXPECT_EQ(textPosition(text, 0).line, 1u);
  EXPECT_EQ(textPosition(text, 0).column, 1u);
  EXPECT_EQ(textPosition(text, 2).column, 3u);
  EXPECT_EQ(textPosition(text, 3).line, 2u);
  EXPECT_EQ(textPosition(text, 5).column, 2u);  // the "x"
  EXPECT_EQ(textPosition(text, text.size()).column, 3u);
}

TEST(TextPosition, ByteOrderMarkTakesNoColumn) {
  EXPECT_EQ(textPosition("\xEF\xBB\xBF{x", 4).column, 2u);
}

}  // namespace
}  // namespace edged::config
