#pragma once
// The two configuration files Cloudflare reads from the root of an assets directory, `_redirects`
// and `_headers`, read once when the Worker version loads (like a deploy: editing them needs a
// restart). Neither is ever served as an asset (AssetIndex leaves them out).

#include <filesystem>
#include <string>
#include <vector>

#include "edged/bindings/assets/asset_rules.h"
#include "edged/bindings/assets/header_rules.h"
#include "edged/bindings/assets/redirect_rules.h"

namespace edged::bindings::assets {

struct AssetRuleFiles {
  RedirectRules redirects;
  HeaderRules headers;

  // Reads both files from the root of `directory` (a missing file has no rules). Each skipped
  // line becomes a warning in `warnings`, "<file>:<line>: <wrangler's message>", as
  // `wrangler deploy` reports them; an unreadable file is one warning.
  static AssetRuleFiles read(const std::filesystem::path& directory, HtmlHandling html,
                             std::vector<std::string>* warnings);
};

}  // namespace edged::bindings::assets
