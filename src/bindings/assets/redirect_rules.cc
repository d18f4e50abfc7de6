#include "edged/bindings/assets/redirect_rules.h"

#include <algorithm>
#include <charconv>

namespace edged::bindings::assets {
namespace {

// "# comment" at the start or after whitespace ends the line; "#" inside a URL does not.
std::string_view withoutComment(std::string_view line) {
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '#' && (i == 0 || isRuleSpace(line[i - 1]))) return trimmed(line.substr(0, i));
  }
  return line;
}

std::vector<std::string_view> tokens(std::string_view line) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && isRuleSpace(line[i])) ++i;
    size_t start = i;
    while (i < line.size() && !isRuleSpace(line[i])) ++i;
    if (i > start) out.push_back(line.substr(start, i - start));
  }
  return out;
}

bool isPermittedStatus(int status) {
  return status == 200 || status == 301 || status == 302 || status == 303 || status == 307 ||
         status == 308;
}

// The rule's destination ends in "/index" or "/index.html": the asset worker's html_handling
// would redirect it straight back.
bool endsInIndex(std::string_view to) {
  return to.ends_with("/index") || to.ends_with("/index.html");
}

// Dynamic destinations lose repeated slashes (an empty splat), past the scheme's "//".
std::string collapseSlashes(std::string_view to) {
  std::string out;
  size_t scheme = to.find("://");
  size_t start = 0;
  if (scheme != std::string_view::npos && to.find('/') > scheme) {
    start = scheme + 3;
    out.assign(to.substr(0, start));
  }
  for (size_t i = start; i < to.size(); ++i) {
    if (to[i] == '/' && !out.empty() && out.back() == '/' && out.size() > start) continue;
    out += to[i];
  }
  return out;
}

}  // namespace

RedirectRules RedirectRules::parse(std::string_view text, HtmlHandling html,
                                   std::vector<RuleWarning>* warnings) {
  RedirectRules rules;
  std::vector<std::string_view> lines = ruleLines(text);
  std::vector<std::string> seen;
  size_t static_count = 0, dynamic_count = 0;
  bool static_allowed = true;
  for (size_t i = 0; i < lines.size(); ++i) {
    int number = static_cast<int>(i + 1);
    auto warn = [&](std::string message) { warnings->push_back({number, std::move(message)}); };
    std::string_view line = withoutComment(lines[i]);
    if (line.empty()) continue;
    if (line.size() > kMaxLineLength) {
      warn("Ignoring line " + std::to_string(number) +
           " as the redirect directive exceeds the maximum allowed length of " +
           std::to_string(kMaxLineLength) + ".");
      continue;
    }
    std::vector<std::string_view> parts = tokens(line);
    if (parts.size() < 2 || parts.size() > 3) {
      warn("Expected exactly 2 or 3 whitespace-separated tokens. Got " +
           std::to_string(parts.size()) + ".");
      continue;
    }
    auto from = validateRuleUrl(parts[0], {.only_relative = true, .disallow_ports = true});
    if (!from.ok()) {
      warn(from.error().message);
      continue;
    }
    auto pattern = RulePattern::compile(from.value());
    bool dynamic = !pattern.ok() || pattern.value().dynamic();
    if (static_allowed && !dynamic) {
      if (++static_count > kMaxStaticRules) {
        warn("Maximum number of static rules supported is " + std::to_string(kMaxStaticRules) +
             ". Skipping line.");
        continue;
      }
    } else {
      static_allowed = false;
      if (++dynamic_count > kMaxDynamicRules) {
        warn("Maximum number of dynamic rules supported is " + std::to_string(kMaxDynamicRules) +
             ". Skipping remaining " + std::to_string(lines.size() - i) + " lines of file.");
        break;
      }
    }
    auto to = validateRuleUrl(parts[1], {.keep_search_and_hash = true});
    if (!to.ok()) {
      warn(to.error().message);
      continue;
    }
    std::string_view status_text = parts.size() == 3 ? parts[2] : "302";
    int status = 0;
    auto [end, ec] =
        std::from_chars(status_text.data(), status_text.data() + status_text.size(), status);
    if (ec != std::errc() || end != status_text.data() + status_text.size() ||
        !isPermittedStatus(status)) {
      warn("Valid status codes are 200, 301, 302 (default), 303, 307, or 308. Got " +
           std::string(status_text) + ".");
      continue;
    }
    const std::string& source = from.value();
    const std::string& destination = to.value();
    bool relative = !ruleUrlHasHost(destination);
    bool wildcard_to_index = source.ends_with("/*") && endsInIndex(destination);
    bool root_to_index = source.ends_with("/") && endsInIndex(destination);
    if (relative && (wildcard_to_index || (root_to_index && html != HtmlHandling::kNone))) {
      warn(
          "Infinite loop detected in this rule and has been ignored. This will cause a redirect "
          "to strip `.html` or `/index` and end up triggering this rule again. Please fix or "
          "remove this rule to silence this warning.");
      continue;
    }
    if (std::find(seen.begin(), seen.end(), source) != seen.end()) {
      warn("Ignoring duplicate rule for path " + source + ".");
      continue;
    }
    seen.push_back(source);
    if (status == 200 && !relative) {
      warn("Proxy (200) redirects can only point to relative paths. Got " + destination);
      continue;
    }
    // Cloudflare builds a regular expression that rejects these; the rule never matches there.
    if (!pattern.ok()) {
      warn(pattern.error().message + "; the rule can never match.");
      continue;
    }
    if (!dynamic && dynamic_count == 0) {
      rules.static_.emplace(source, RedirectMatch{status, destination});
    } else {
      rules.dynamic_.push_back({std::move(pattern).value(), destination, status});
    }
  }
  return rules;
}

std::optional<RedirectMatch> RedirectRules::match(std::string_view pathname) const {
  if (!static_.empty()) {
    auto it = static_.find(pathname);
    if (it != static_.end()) return it->second;
  }
  std::vector<RuleCapture> captures;
  for (const Rule& rule : dynamic_) {
    if (!rule.from.match(pathname, &captures)) continue;
    std::string to(trimmed(substituteCaptures(rule.to, captures)));
    return RedirectMatch{rule.status, collapseSlashes(to)};
  }
  return std::nullopt;
}

std::string redirectLocation(std::string_view to, std::string_view search) {
  std::string_view hash;
  size_t hash_at = to.find('#');
  if (hash_at != std::string_view::npos) {
    hash = to.substr(hash_at);
    to = to.substr(0, hash_at);
  }
  size_t search_at = to.find('?');
  if (search_at != std::string_view::npos && search_at + 1 < to.size()) {
    search = to.substr(search_at);
  }
  if (search_at != std::string_view::npos) to = to.substr(0, search_at);
  std::string location(to);
  location += search;
  location += hash;
  return location;
}

}  // namespace edged::bindings::assets
