#pragma once
// Tokens of the Analytics Engine SQL dialect (ClickHouse's lexical rules, as far as the SQL API
// uses them): identifiers bare, `backquoted` or "double-quoted"; 'strings' with '' and
// backslash escapes; numbers; operators; -- and /* */ comments.

#include <string>
#include <string_view>
#include <vector>

#include "edged/util/result.h"

namespace edged::bindings::analytics_engine::sql {

struct Token {
  enum class Kind { kIdentifier, kQuotedIdentifier, kNumber, kString, kSymbol, kEnd };
  Kind kind = Kind::kEnd;
  std::string text;   // identifier name, string value (unescaped), number or symbol as written
  size_t offset = 0;  // byte offset in the query, for error messages
};

// The tokens of `query`, ending with one kEnd, or a syntax error naming where.
Result<std::vector<Token>> tokenize(std::string_view query);

// "line L, column C" of byte `offset` in `query`.
std::string describePosition(std::string_view query, size_t offset);

}  // namespace edged::bindings::analytics_engine::sql
