#include "edged/bindings/assets/header_rules.h"

#include <strings.h>

#include <algorithm>
#include <optional>

namespace edged::bindings::assets {
namespace {

constexpr std::string_view kUnset = "! ";

// wrangler's LINE_IS_PROBABLY_A_PATH: "/…" or "<scheme>://…" starts a rule.
bool startsRule(std::string_view line) {
  if (line.starts_with('/')) return true;
  size_t scheme = line.find("://");
  if (scheme == std::string_view::npos || scheme == 0) return false;
  return line.substr(0, scheme).find_first_of(" \t") == std::string_view::npos;
}

bool sameName(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

void removeAll(std::vector<net::HttpHeader>* headers, std::string_view name) {
  std::erase_if(*headers, [&](const net::HttpHeader& h) { return sameName(h.name, name); });
}

struct PendingRule {
  int line = 0;
  RulePattern path;
  std::vector<std::pair<std::string, std::string>> set;
  std::vector<std::string> unset;
};

}  // namespace

HeaderRules HeaderRules::parse(std::string_view text, std::vector<RuleWarning>* warnings) {
  HeaderRules rules;
  std::vector<std::string_view> lines = ruleLines(text);
  std::optional<PendingRule> rule;
  // After a rejected path line, its header lines are skipped silently (wrangler's
  // skipUntilNextPath), rather than each warned about.
  bool skip_until_path = false;
  auto finish = [&] {
    if (!rule) return;
    if (rule->set.empty() && rule->unset.empty()) {
      warnings->push_back({rule->line, "No headers specified"});
    } else {
      rules.with_host_ |= rule->path.withHost();
      rules.rules_.push_back({std::move(rule->path), std::move(rule->set), std::move(rule->unset)});
    }
    rule.reset();
  };
  for (size_t i = 0; i < lines.size(); ++i) {
    int number = static_cast<int>(i + 1);
    auto warn = [&](std::string message) { warnings->push_back({number, std::move(message)}); };
    std::string_view line = lines[i];
    if (line.empty() || line.starts_with('#')) continue;
    if (line.size() > kMaxLineLength) {
      warn("Ignoring line " + std::to_string(number) +
           " as it exceeds the maximum allowed length of " + std::to_string(kMaxLineLength) + ".");
      continue;
    }
    if (startsRule(line)) {
      skip_until_path = false;
      if (rules.rules_.size() >= kMaxRules) {
        warn("Maximum number of rules supported is " + std::to_string(kMaxRules) +
             ". Skipping remaining " + std::to_string(lines.size() - i) + " lines of file.");
        rule.reset();
        break;
      }
      finish();
      auto path = validateRuleUrl(line, {.disallow_ports = true});
      Result<RulePattern> pattern =
          path.ok() ? RulePattern::compile(path.value()) : Result<RulePattern>(path.error());
      if (!pattern.ok()) {
        warn(pattern.error().message);
        skip_until_path = true;
        continue;
      }
      rule = PendingRule{number, std::move(pattern).value(), {}, {}};
      continue;
    }
    if (skip_until_path) continue;
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
      if (!rule) {
        warn("Expected a path beginning with at least one forward-slash");
      } else if (line.starts_with(kUnset)) {
        rule->unset.emplace_back(trimmed(line.substr(kUnset.size())));
      } else {
        warn("Expected a colon-separated header pair (e.g. name: value)");
      }
      continue;
    }
    std::string name(trimmed(line.substr(0, colon)));
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    std::string_view value = trimmed(line.substr(colon + 1));
    if (name.find(' ') != std::string::npos) {
      warn("Header name cannot include spaces");
      continue;
    }
    if (name.empty()) {
      warn("No header name specified");
      continue;
    }
    if (value.empty()) {
      warn("No header value specified");
      continue;
    }
    if (!rule) {
      warn("Path should come before header (" + name + ": " + std::string(value) + ")");
      continue;
    }
    auto existing = std::find_if(rule->set.begin(), rule->set.end(),
                                 [&](const auto& header) { return header.first == name; });
    if (existing != rule->set.end()) {
      existing->second += ", ";
      existing->second += value;
    } else {
      rule->set.emplace_back(std::move(name), std::string(value));
    }
  }
  finish();
  return rules;
}

void HeaderRules::apply(std::string_view host, std::string_view pathname,
                        std::vector<net::HttpHeader>* headers) const {
  if (rules_.empty()) return;
  std::string with_host;
  if (with_host_) with_host = "https://" + std::string(host) + std::string(pathname);
  std::vector<RuleCapture> captures;
  // Names some rule of the file has set: a later rule appends to them instead of replacing.
  std::vector<std::string_view> set_by_rules;
  for (const Rule& rule : rules_) {
    std::string_view subject = rule.path.withHost() ? std::string_view(with_host) : pathname;
    if (!rule.path.match(subject, &captures)) continue;
    for (const std::string& name : rule.unset) removeAll(headers, name);
    for (const auto& [name, raw_value] : rule.set) {
      std::string value = captures.empty() ? raw_value : substituteCaptures(raw_value, captures);
      bool appended = false;
      if (std::find(set_by_rules.begin(), set_by_rules.end(), name) != set_by_rules.end()) {
        for (net::HttpHeader& h : *headers) {
          if (sameName(h.name, name) && name != "set-cookie") {
            h.value += ", " + value;
            appended = true;
            break;
          }
        }
      } else {
        removeAll(headers, name);
        set_by_rules.push_back(name);
      }
      if (!appended) headers->push_back({name, std::move(value)});
    }
  }
}

}  // namespace edged::bindings::assets
