#pragma once
// The `_headers` file of an assets directory (docs: workers/static-assets/headers), parsed once
// at load as wrangler parses it (workers-shared parseHeaders: limits, messages) and applied to
// every response of the asset server as Cloudflare's asset worker applies it
// (attachCustomHeaders): each matching rule in file order removes its `! Name` headers, then
// sets its headers — replacing what the asset server wrote, and appending (", ") to what an
// earlier rule of the file set.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "edged/bindings/assets/rule_file.h"
#include "edged/bindings/assets/rule_pattern.h"
#include "edged/net/http_types.h"

namespace edged::bindings::assets {

class HeaderRules {
 public:
  // Cloudflare's limits: the rules past the 100th are dropped, longer lines skipped.
  static constexpr size_t kMaxRules = 100;
  static constexpr size_t kMaxLineLength = 2000;

  static HeaderRules parse(std::string_view text, std::vector<RuleWarning>* warnings);

  bool empty() const { return rules_.empty(); }
  size_t size() const { return rules_.size(); }

  // `pathname` is the request URL's (percent-encoded), `host` its Host (for "https://" rules).
  void apply(std::string_view host, std::string_view pathname,
             std::vector<net::HttpHeader>* headers) const;

 private:
  struct Rule {
    RulePattern path;
    std::vector<std::pair<std::string, std::string>> set;  // lower-case names, in file order
    std::vector<std::string> unset;
  };
  std::vector<Rule> rules_;
  bool with_host_ = false;
};

}  // namespace edged::bindings::assets
