#pragma once
// The path patterns of `_redirects` and `_headers`, matched as Cloudflare's asset worker matches
// them (workers-shared asset-worker, rules-engine generateRuleRegExp): the whole URL pathname
// (still percent-encoded) or, for a pattern starting with "https://", "https://<host><pathname>";
// `*` is the splat (any run of characters, `:splat` in values) and `:name` a placeholder (one or
// more characters other than "/", and other than "." inside the host). Matching is greedy and
// leftmost, as the regular expression Cloudflare builds would capture.

#include <string>
#include <string_view>
#include <vector>

#include "edged/util/result.h"

namespace edged::bindings::assets {

struct RuleCapture {
  std::string_view name;   // "splat" or the placeholder's name
  std::string_view value;  // a view into the matched subject
};

class RulePattern {
 public:
  // Errors for what Cloudflare's regular expression would reject (the rule then never matches):
  // two splats, or a placeholder name used twice.
  static Result<RulePattern> compile(std::string_view pattern);

  // Has a splat or a placeholder (a "dynamic" rule in Cloudflare's limits).
  bool dynamic() const { return wildcards_ > 0; }
  // Starts with "https://": matched against the request's host and pathname.
  bool withHost() const { return with_host_; }

  // Whether the whole `subject` matches; `captures` (cleared first) receives the splat and
  // placeholders in the order they appear in the pattern.
  bool match(std::string_view subject, std::vector<RuleCapture>* captures) const;

 private:
  struct Token {
    enum class Kind { kLiteral, kSplat, kPlaceholder } kind;
    std::string text;      // the literal, or the capture's name
    bool in_host = false;  // a placeholder in the host stops at "."
  };
  bool matchFrom(size_t token, std::string_view subject, size_t at,
                 std::vector<RuleCapture>* captures, std::vector<bool>* failed) const;

  std::vector<Token> tokens_;
  size_t wildcards_ = 0;
  bool with_host_ = false;
};

// `text` with every ":name" of `captures` replaced by its value, in capture order (as the asset
// worker's replacer does: a plain textual replacement).
std::string substituteCaptures(std::string_view text, const std::vector<RuleCapture>& captures);

}  // namespace edged::bindings::assets
