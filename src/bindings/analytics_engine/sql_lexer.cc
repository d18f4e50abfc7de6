#include "sql_lexer.h"

#include <fmt/format.h>

namespace edged::bindings::analytics_engine::sql {
namespace {

bool isIdentStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isIdentPart(char c) { return isIdentStart(c) || isDigit(c); }

Error errorAt(std::string_view query, size_t offset, std::string_view what) {
  return makeError(fmt::format("syntax error at {}: {}", describePosition(query, offset), what));
}

// A quoted run starting at query[i] (the opening quote) up to its closing quote. Doubling the
// quote or a backslash escapes it (ClickHouse accepts both).
Result<std::string> readQuoted(std::string_view query, size_t& i) {
  char quote = query[i];
  size_t start = i++;
  std::string value;
  while (i < query.size()) {
    char c = query[i++];
    if (c == '\\' && i < query.size()) {
      char e = query[i++];
      switch (e) {
        case 'n': value += '\n'; break;
        case 't': value += '\t'; break;
        case 'r': value += '\r'; break;
        case '0': value += '\0'; break;
        default: value += e;
      }
    } else if (c == quote) {
      if (i < query.size() && query[i] == quote) {
        value += quote;
        ++i;
      } else {
        return value;
      }
    } else {
      value += c;
    }
  }
  return errorAt(query, start, quote == '\'' ? "unterminated string literal"
                                             : "unterminated quoted identifier");
}

}  // namespace

std::string describePosition(std::string_view query, size_t offset) {
  size_t line = 1;
  size_t column = 1;
  for (size_t i = 0; i < offset && i < query.size(); ++i) {
    if (query[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return fmt::format("line {}, column {}", line, column);
}

Result<std::vector<Token>> tokenize(std::string_view query) {
  std::vector<Token> tokens;
  size_t i = 0;
  while (i < query.size()) {
    char c = query[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
      ++i;
    } else if (c == '-' && i + 1 < query.size() && query[i + 1] == '-') {
      while (i < query.size() && query[i] != '\n') ++i;
    } else if (c == '/' && i + 1 < query.size() && query[i + 1] == '*') {
      size_t end = query.find("*/", i + 2);
      if (end == std::string_view::npos) return errorAt(query, i, "unterminated comment");
      i = end + 2;
    } else if (isIdentStart(c)) {
      size_t start = i;
      while (i < query.size() && isIdentPart(query[i])) ++i;
      tokens.push_back({Token::Kind::kIdentifier, std::string(query.substr(start, i - start)), start});
    } else if (isDigit(c) || (c == '.' && i + 1 < query.size() && isDigit(query[i + 1]))) {
      size_t start = i;
      while (i < query.size() && isDigit(query[i])) ++i;
      if (i < query.size() && query[i] == '.') {
        ++i;
        while (i < query.size() && isDigit(query[i])) ++i;
      }
      if (i < query.size() && (query[i] == 'e' || query[i] == 'E')) {
        size_t exponent = i + 1;
        if (exponent < query.size() && (query[exponent] == '+' || query[exponent] == '-')) ++exponent;
        if (exponent < query.size() && isDigit(query[exponent])) {
          i = exponent;
          while (i < query.size() && isDigit(query[i])) ++i;
        }
      }
      if (i < query.size() && isIdentPart(query[i])) {
        return errorAt(query, start, "malformed number");
      }
      tokens.push_back({Token::Kind::kNumber, std::string(query.substr(start, i - start)), start});
    } else if (c == '\'' || c == '"' || c == '`') {
      size_t start = i;
      Result<std::string> value = readQuoted(query, i);
      if (!value.ok()) return value.error();
      tokens.push_back({c == '\'' ? Token::Kind::kString : Token::Kind::kQuotedIdentifier,
                        std::move(value).value(), start});
    } else {
      static constexpr std::string_view kTwoChar[] = {"<=", ">=", "<>", "!=", "==", "||"};
      std::string_view two = query.substr(i, 2);
      bool matched = false;
      for (std::string_view op : kTwoChar) {
        if (two == op) {
          tokens.push_back({Token::Kind::kSymbol, std::string(op), i});
          i += 2;
          matched = true;
          break;
        }
      }
      if (matched) continue;
      static constexpr std::string_view kOneChar = "=<>+-*/%(),.;";
      if (kOneChar.find(c) == std::string_view::npos) {
        return errorAt(query, i, fmt::format("unexpected character '{}'", c));
      }
      tokens.push_back({Token::Kind::kSymbol, std::string(1, c), i});
      ++i;
    }
  }
  tokens.push_back({Token::Kind::kEnd, {}, query.size()});
  return tokens;
}

}  // namespace edged::bindings::analytics_engine::sql
