#include "edged/config/glob.h"

#include <cstdint>
#include <vector>

namespace edged::config {
namespace {

enum class TokenKind { kLiteral, kStar, kGlobstar };

struct Token {
  TokenKind kind;
  char literal = 0;
};

// Translates the pattern the way glob-to-regexp does with `globstar: true` (see glob.h).
std::vector<Token> tokenize(std::string_view pattern) {
  std::vector<Token> tokens;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] != '*') {
      tokens.push_back({TokenKind::kLiteral, pattern[i]});
      continue;
    }
    const size_t first = i;
    while (i + 1 < pattern.size() && pattern[i + 1] == '*') ++i;
    const bool whole_segment = i > first && (first == 0 || pattern[first - 1] == '/') &&
                               (i + 1 == pattern.size() || pattern[i + 1] == '/');
    if (whole_segment) {
      tokens.push_back({TokenKind::kGlobstar});
      if (i + 1 < pattern.size()) ++i;  // the `/` after `**` belongs to the globstar
    } else {
      tokens.push_back({TokenKind::kStar});
    }
  }
  return tokens;
}

// Backtracking matcher with a memo over (token, path offset), so it stays O(tokens × path)
// whatever the pattern.
class Matcher {
 public:
  Matcher(std::vector<Token> tokens, std::string_view path)
      : tokens_(std::move(tokens)), path_(path), memo_((tokens_.size() + 1) * (path.size() + 1)) {}

  bool matches() { return matchFrom(0, 0); }

 private:
  enum : uint8_t { kUnknown, kYes, kNo };

  bool matchFrom(size_t p, size_t t) {
    if (p == tokens_.size()) return t == path_.size();
    uint8_t& memo = memo_[p * (path_.size() + 1) + t];
    if (memo == kUnknown) memo = compute(p, t) ? kYes : kNo;
    return memo == kYes;
  }

  bool compute(size_t p, size_t t) {
    const size_t n = path_.size();
    switch (tokens_[p].kind) {
      case TokenKind::kLiteral:
        return t < n && path_[t] == tokens_[p].literal && matchFrom(p + 1, t + 1);
      case TokenKind::kStar:
        for (size_t k = t;; ++k) {
          if (matchFrom(p + 1, k)) return true;
          if (k == n || path_[k] == '/') return false;
        }
      case TokenKind::kGlobstar:
        // Zero or more whole segments: the consumed text is empty, ends with `/`, or is all
        // the rest of the path — glob-to-regexp's `((?:[^/]*(?:\/|$))*)`.
        for (size_t k = t; k <= n; ++k) {
          const bool segment_boundary = k == t || path_[k - 1] == '/' || k == n;
          if (segment_boundary && matchFrom(p + 1, k)) return true;
        }
        return false;
    }
    return false;
  }

  std::vector<Token> tokens_;
  std::string_view path_;
  std::vector<uint8_t> memo_;
};

}  // namespace

bool globMatches(std::string_view pattern, std::string_view path) {
  return Matcher(tokenize(pattern), path).matches();
}

}  // namespace edged::config
