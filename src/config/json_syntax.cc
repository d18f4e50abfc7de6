#include "json_syntax.h"

#include <vector>

namespace edged::config::detail {
namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isWordChar(char c) {
  return isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool isHex(char c) { return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// What the scanner expects next (RFC 8259 §2-§5).
enum class Expect { kValue, kValueOrClose, kKeyOrClose, kKey, kColon, kCommaOrClose };

class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  std::optional<JsonSyntaxError> run() {
    Expect expect = Expect::kValue;
    while (true) {
      skipWhitespace();
      if (i_ == text_.size()) {
        if (open_.empty() && expect == Expect::kCommaOrClose) return std::nullopt;
        return error(i_, "unexpected end of file, " + expectation(expect));
      }
      const char c = text_[i_];
      switch (expect) {
        case Expect::kValueOrClose:
          if (c == ']') {
            close();
            expect = Expect::kCommaOrClose;
            break;
          }
          [[fallthrough]];
        case Expect::kValue:
          if (c == '{' || c == '[') {
            if (open_.size() == kMaxJsonDepth) return error(i_, "nesting is too deep");
            open_.push_back(c);
            ++i_;
            expect = c == '{' ? Expect::kKeyOrClose : Expect::kValueOrClose;
          } else {
            if (auto failed = scalar()) return failed;
            expect = Expect::kCommaOrClose;
          }
          break;
        case Expect::kKeyOrClose:
        case Expect::kKey:
          if (c == '}' && expect == Expect::kKeyOrClose) {
            close();
            expect = Expect::kCommaOrClose;
          } else if (c == '"') {
            if (auto failed = string()) return failed;
            expect = Expect::kColon;
          } else {
            return error(i_, expectation(expect));
          }
          break;
        case Expect::kColon:
          if (c != ':') return error(i_, expectation(expect));
          ++i_;
          expect = Expect::kValue;
          break;
        case Expect::kCommaOrClose:
          if (open_.empty()) return error(i_, "unexpected text after the end of the JSON value");
          if (c == ',') {
            ++i_;
            expect = open_.back() == '{' ? Expect::kKey : Expect::kValue;
          } else if (c == (open_.back() == '{' ? '}' : ']')) {
            close();
          } else {
            return error(i_, expectation(expect));
          }
          break;
      }
    }
  }

 private:
  std::string expectation(Expect expect) const {
    switch (expect) {
      case Expect::kValue:
        return "expected a value";
      case Expect::kValueOrClose:
        return "expected a value or ']'";
      case Expect::kKeyOrClose:
        return "expected a string key in double quotes or '}'";
      case Expect::kKey:
        return "expected a string key in double quotes";
      case Expect::kColon:
        return "expected ':'";
      case Expect::kCommaOrClose:
        if (open_.empty()) return "expected the end of the file";
        return open_.back() == '{' ? "expected ',' or '}'" : "expected ',' or ']'";
    }
    return "";
  }

  static std::optional<JsonSyntaxError> error(size_t at, std::string message) {
    return JsonSyntaxError{at, std::move(message)};
  }

  void close() {
    open_.pop_back();
    ++i_;
  }

  void skipWhitespace() {
    while (i_ < text_.size() &&
           (text_[i_] == ' ' || text_[i_] == '\t' || text_[i_] == '\n' || text_[i_] == '\r')) {
      ++i_;
    }
  }

  std::optional<JsonSyntaxError> scalar() {
    const char c = text_[i_];
    if (c == '"') return string();
    if (c == '-' || isDigit(c)) return number();
    if (isWordChar(c)) {
      const size_t start = i_;
      while (i_ < text_.size() && isWordChar(text_[i_])) ++i_;
      std::string_view word = text_.substr(start, i_ - start);
      if (word == "true" || word == "false" || word == "null") return std::nullopt;
      return error(start, "expected a value, found '" + std::string(word) + "'");
    }
    if (c == '\'') return error(i_, "expected a value (JSON strings use double quotes)");
    return error(i_, "expected a value");
  }

  std::optional<JsonSyntaxError> string() {
    const size_t start = i_++;
    while (i_ < text_.size()) {
      const char c = text_[i_];
      if (c == '"') {
        ++i_;
        return std::nullopt;
      }
      if (static_cast<unsigned char>(c) < 0x20) {
        return error(i_, "control character in a string (escape it, e.g. \\n)");
      }
      if (c != '\\') {
        ++i_;
        continue;
      }
      const char escaped = i_ + 1 < text_.size() ? text_[i_ + 1] : '\0';
      if (escaped == 'u') {
        for (size_t k = 2; k < 6; ++k) {
          if (i_ + k >= text_.size() || !isHex(text_[i_ + k])) {
            return error(i_, "invalid \\u escape in a string");
          }
        }
        i_ += 6;
      } else if (std::string_view("\"\\/bfnrt").find(escaped) != std::string_view::npos &&
                 escaped != '\0') {
        i_ += 2;
      } else {
        return error(i_, "invalid escape sequence in a string");
      }
    }
    return error(start, "unterminated string");
  }

  // -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
  std::optional<JsonSyntaxError> number() {
    const size_t start = i_;
    auto digits = [&] {
      const size_t from = i_;
      while (i_ < text_.size() && isDigit(text_[i_])) ++i_;
      return i_ > from;
    };
    if (text_[i_] == '-') ++i_;
    if (i_ < text_.size() && text_[i_] == '0') {
      ++i_;
    } else if (!digits()) {
      return error(start, "invalid number");
    }
    if (i_ < text_.size() && text_[i_] == '.') {
      ++i_;
      if (!digits()) return error(start, "invalid number");
    }
    if (i_ < text_.size() && (text_[i_] == 'e' || text_[i_] == 'E')) {
      ++i_;
      if (i_ < text_.size() && (text_[i_] == '+' || text_[i_] == '-')) ++i_;
      if (!digits()) return error(start, "invalid number");
    }
    // `01`, `1.2.3`, `12px`: the number token does not end where JSON's grammar says it must.
    if (i_ < text_.size() && (isWordChar(text_[i_]) || text_[i_] == '.')) {
      return error(start, "invalid number");
    }
    return std::nullopt;
  }

  std::string_view text_;
  size_t i_ = 0;
  std::vector<char> open_;  // '{' or '[' per open container
};

}  // namespace

std::optional<JsonSyntaxError> findJsonSyntaxError(std::string_view text) {
  return Scanner(text).run();
}

}  // namespace edged::config::detail
