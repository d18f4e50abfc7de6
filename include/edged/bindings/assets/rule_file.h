#pragma once
// What `_redirects` and `_headers` share, read the way wrangler reads them
// (@cloudflare/workers-shared, utils/configuration): lines, warnings naming the line, and the
// URL check every path and destination goes through (validateUrl).

#include <string>
#include <string_view>
#include <vector>

#include "edged/util/result.h"

namespace edged::bindings::assets {

// A line skipped at load, with wrangler's message. `line` is 0 when the message names no line.
struct RuleWarning {
  int line = 0;
  std::string message;
};

// JavaScript's whitespace as far as these ASCII files go (String.prototype.trim, /\s/).
bool isRuleSpace(char c);

// `text` split at "\n", each line trimmed of whitespace (so "\r\n" endings work).
std::vector<std::string_view> ruleLines(std::string_view text);
std::string_view trimmed(std::string_view text);

// A rule's URL, normalised as the URL parser would write it: "https://host/path" or "/path",
// with bytes outside the URL's path set percent-encoded and `.`/`..` segments resolved.
struct RuleUrlOptions {
  bool only_relative = false;   // an absolute URL is an error
  bool disallow_ports = false;  // "https://host:8080/" is an error
  bool keep_search_and_hash = false;
};
Result<std::string> validateRuleUrl(std::string_view token, const RuleUrlOptions& options);

// The URL starts with "https://" and names a host.
bool ruleUrlHasHost(std::string_view url);

}  // namespace edged::bindings::assets
