#pragma once
// JSONC (JSON with comments and trailing commas, as wrangler.jsonc allows) → plain JSON.
//
// Comments and trailing commas are replaced by spaces rather than removed, so every byte of the
// result sits at the same offset as in the input: a JSON parser's error offset is also the
// offset in the user's file, and `textPosition` turns it into the line:column they see.

#include <cstddef>
#include <string>
#include <string_view>

#include "edged/util/result.h"

namespace edged::config {

// 1-based line and column; columns count Unicode code points, as editors do.
struct TextPosition {
  size_t line = 1;
  size_t column = 1;
};

// Where byte `offset` of `text` is (offset == text.size() is the end of the text).
TextPosition textPosition(std::string_view text, size_t offset);

// Blanks `//` and `/* */` comments and commas directly before `}` or `]` (comments may sit in
// between), leaving strings untouched — a `//` or `/*` inside a string is content, and `\"`
// does not end one. Newlines inside block comments are kept. A leading UTF-8 byte order mark
// is blanked too. Fails on an unterminated block comment or string with
// "<line>:<column>: <what>" pointing at where it starts; other JSON errors are left for the
// JSON parser to report.
Result<std::string> stripJsonc(std::string_view text);

}  // namespace edged::config
