#include "edged/runtime/compatibility_flags.h"

#include <algorithm>

namespace edged::runtime {

const std::vector<CompatFlagInfo>& compatFlagTable() {
  // Names and dates from Cloudflare's compatibility-flags page.
  static const std::vector<CompatFlagInfo> kTable = {
      {CompatFlag::kNodejsCompat, "nodejs_compat", "2026-08-04", "no_nodejs_compat", std::nullopt,
       "node: built-in modules (node:buffer, node:events, …)"},
      {CompatFlag::kNodejsCompatV2, "nodejs_compat_v2", "2024-09-23", "no_nodejs_compat_v2",
       CompatFlag::kNodejsCompat,
       "Buffer and process as globals; built-ins importable without the node: prefix"},
      {CompatFlag::kNodejsCompatPopulateProcessEnv, "nodejs_compat_populate_process_env",
       "2025-04-01", "nodejs_compat_do_not_populate_process_env", CompatFlag::kNodejsCompat,
       "process.env holds the Worker's text vars and secrets"},
      {CompatFlag::kAssetsNavigationPrefersAssetServing, "assets_navigation_prefers_asset_serving",
       "2025-04-01", "assets_navigation_has_no_effect", std::nullopt,
       "a navigation request no static asset answers gets not_found_handling, not the Worker"},
  };
  return kTable;
}

CompatibilityFlags CompatibilityFlags::resolve(const std::optional<std::string>& date,
                                               const std::vector<std::string>& flags) {
  auto listed = [&](std::string_view name) {
    return !name.empty() && std::find(flags.begin(), flags.end(), name) != flags.end();
  };
  CompatibilityFlags out;
  for (const CompatFlagInfo& info : compatFlagTable()) {
    // ISO dates compare as strings; no date means the newest behaviour.
    bool by_date = !info.enable_date.empty() && (!date || *date >= info.enable_date);
    bool on = listed(info.name) || (by_date && !listed(info.disable_flag));
    out.bits_.set(static_cast<size_t>(info.flag), on);
  }
  // nodejs_compat_v2 on its own also turns on node: modules (Cloudflare: "implies nodejs_compat").
  if (out.enabled(CompatFlag::kNodejsCompatV2) && listed("nodejs_compat_v2")) {
    out.bits_.set(static_cast<size_t>(CompatFlag::kNodejsCompat));
  }
  for (const CompatFlagInfo& info : compatFlagTable()) {
    if (info.requires_flag && !out.enabled(*info.requires_flag)) {
      out.bits_.reset(static_cast<size_t>(info.flag));
    }
  }
  return out;
}

std::string CompatibilityFlags::toJson() const {
  std::string json = "{";
  for (const CompatFlagInfo& info : compatFlagTable()) {
    if (json.size() > 1) json += ',';
    json += '"';
    json += info.name;
    json += enabled(info.flag) ? "\":true" : "\":false";
  }
  return json + "}";
}

}  // namespace edged::runtime
