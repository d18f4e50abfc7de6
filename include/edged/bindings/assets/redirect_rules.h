#pragma once
// The `_redirects` file of an assets directory (docs: workers/static-assets/redirects), parsed
// once at load as wrangler parses it (workers-shared parseRedirects: limits, messages) and
// matched per request as Cloudflare's asset worker matches it: static rules (no splat or
// placeholder, before the first dynamic one) by exact path first, then dynamic rules in file
// order.

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "edged/bindings/assets/asset_rules.h"
#include "edged/bindings/assets/rule_file.h"
#include "edged/bindings/assets/rule_pattern.h"

namespace edged::bindings::assets {

// Where a request goes: a redirect (301, 302, 303, 307, 308) to `to`, or with status 200 the
// asset path served in its place. `to` has its placeholders substituted.
struct RedirectMatch {
  int status = 302;
  std::string to;
};

class RedirectRules {
 public:
  // Cloudflare's limits; a longer line or a rule past a limit is skipped with a warning.
  static constexpr size_t kMaxStaticRules = 2000;
  static constexpr size_t kMaxDynamicRules = 100;
  static constexpr size_t kMaxLineLength = 1000;

  // `html` decides one of the infinite-loop checks (`/ /index` loops only with html_handling).
  static RedirectRules parse(std::string_view text, HtmlHandling html,
                             std::vector<RuleWarning>* warnings);

  bool empty() const { return static_.empty() && dynamic_.empty(); }
  size_t size() const { return static_.size() + dynamic_.size(); }

  // `pathname` is the request URL's, still percent-encoded (sources are relative paths only).
  std::optional<RedirectMatch> match(std::string_view pathname) const;

 private:
  struct Rule {
    RulePattern from;
    std::string to;
    int status;
  };
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, RedirectMatch, Hash, std::equal_to<>> static_;
  std::vector<Rule> dynamic_;
};

// The Location of a redirect to `to` for a request with query `search` ("?…" or empty): the
// destination's own query when it has one, the request's otherwise, then its fragment.
std::string redirectLocation(std::string_view to, std::string_view search);

}  // namespace edged::bindings::assets
