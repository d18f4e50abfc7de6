#pragma once
// Which asset a decoded path is answered with, or where it redirects: Cloudflare's
// `html_handling` and `not_found_handling` rules, decided the way the asset worker of
// workers-sdk (asset-worker/src/handler.ts, getIntent) decides them, so edged redirects and
// rewrites exactly where Cloudflare does (docs: static-assets/routing/advanced/html-handling).

#include <optional>
#include <string>
#include <string_view>

#include "edged/bindings/assets/asset_index.h"
#include "edged/config/worker_config.h"

namespace edged::bindings::assets {

enum class HtmlHandling { kAutoTrailingSlash, kForceTrailingSlash, kDropTrailingSlash, kNone };
enum class NotFoundHandling { kNone, kNotFoundPage, kSinglePageApplication };

struct AssetRules {
  HtmlHandling html = HtmlHandling::kAutoTrailingSlash;
  NotFoundHandling not_found = NotFoundHandling::kNone;

  static AssetRules from(const config::Assets& assets);
};

// What a path resolves to: an asset with its status (200, or 404 for a 404.html), or a redirect
// to a decoded path. Neither (std::nullopt from resolveIntent): no asset answers it.
struct AssetIntent {
  const AssetFile* asset = nullptr;
  int status = 200;
  std::string redirect;  // decoded path; set when asset is null
};

std::optional<AssetIntent> resolveIntent(const AssetIndex& index, std::string_view decoded_path,
                                         const AssetRules& rules);

}  // namespace edged::bindings::assets
