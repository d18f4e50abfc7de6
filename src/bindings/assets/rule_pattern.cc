#include "edged/bindings/assets/rule_pattern.h"

#include <algorithm>

namespace edged::bindings::assets {
namespace {

constexpr std::string_view kHttps = "https://";

bool isNameStart(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
bool isNameChar(char c) { return isNameStart(c) || (c >= '0' && c <= '9') || c == '_'; }

}  // namespace

Result<RulePattern> RulePattern::compile(std::string_view pattern) {
  RulePattern compiled;
  compiled.with_host_ = pattern.starts_with(kHttps);
  size_t host_end = std::string_view::npos;
  if (compiled.with_host_) host_end = pattern.find('/', kHttps.size());
  std::vector<std::string> names;
  auto literal = [&](char c) {
    if (compiled.tokens_.empty() || compiled.tokens_.back().kind != Token::Kind::kLiteral) {
      compiled.tokens_.push_back({Token::Kind::kLiteral, "", false});
    }
    compiled.tokens_.back().text += c;
  };
  for (size_t i = 0; i < pattern.size();) {
    char c = pattern[i];
    std::string name;
    if (c == '*') {
      name = "splat";
      compiled.tokens_.push_back({Token::Kind::kSplat, name, false});
      ++i;
    } else if (c == ':' && i + 1 < pattern.size() && isNameStart(pattern[i + 1])) {
      size_t end = i + 1;
      while (end < pattern.size() && isNameChar(pattern[end])) ++end;
      name = std::string(pattern.substr(i + 1, end - i - 1));
      bool in_host = compiled.with_host_ && i < host_end;
      compiled.tokens_.push_back({Token::Kind::kPlaceholder, name, in_host});
      i = end;
    } else {
      literal(c);
      ++i;
      continue;
    }
    if (std::find(names.begin(), names.end(), name) != names.end()) {
      return makeError(name == "splat" ? "more than one splat (*) in " + std::string(pattern)
                                       : "the placeholder :" + name + " appears twice in " +
                                             std::string(pattern));
    }
    names.push_back(std::move(name));
    ++compiled.wildcards_;
  }
  return compiled;
}

bool RulePattern::match(std::string_view subject, std::vector<RuleCapture>* captures) const {
  captures->clear();
  if (wildcards_ == 0) {
    return tokens_.empty() ? subject.empty() : tokens_[0].text == subject;
  }
  // Failed (token, position) pairs, so that backtracking over several wildcards stays
  // polynomial whatever the pattern and path.
  std::vector<bool> failed;
  if (wildcards_ > 1) failed.assign((tokens_.size() + 1) * (subject.size() + 1), false);
  return matchFrom(0, subject, 0, captures, &failed);
}

bool RulePattern::matchFrom(size_t token, std::string_view subject, size_t at,
                            std::vector<RuleCapture>* captures, std::vector<bool>* failed) const {
  if (token == tokens_.size()) return at == subject.size();
  size_t memo = token * (subject.size() + 1) + at;
  if (!failed->empty() && (*failed)[memo]) return false;
  const Token& t = tokens_[token];
  if (t.kind == Token::Kind::kLiteral) {
    if (subject.substr(at, t.text.size()) == t.text &&
        matchFrom(token + 1, subject, at + t.text.size(), captures, failed)) {
      return true;
    }
  } else {
    // The longest run first (greedy), then shorter ones.
    size_t longest = subject.size() - at;
    if (t.kind == Token::Kind::kPlaceholder) {
      std::string_view stops = t.in_host ? "/." : "/";
      size_t stop = subject.find_first_of(stops, at);
      if (stop != std::string_view::npos) longest = stop - at;
    }
    size_t shortest = t.kind == Token::Kind::kPlaceholder ? 1 : 0;
    for (size_t length = longest + 1; length-- > shortest;) {
      captures->push_back({t.text, subject.substr(at, length)});
      if (matchFrom(token + 1, subject, at + length, captures, failed)) return true;
      captures->pop_back();
    }
  }
  if (!failed->empty()) (*failed)[memo] = true;
  return false;
}

std::string substituteCaptures(std::string_view text, const std::vector<RuleCapture>& captures) {
  std::string out(text);
  for (const RuleCapture& capture : captures) {
    std::string key = ":" + std::string(capture.name);
    size_t at = 0;
    while ((at = out.find(key, at)) != std::string::npos) {
      out.replace(at, key.size(), capture.value);
      at += capture.value.size();
    }
  }
  return out;
}

}  // namespace edged::bindings::assets
