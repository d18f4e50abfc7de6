#pragma once
// A Worker version's static assets: the index of its directory plus the rules of its `assets`
// config. Decides, without V8, whether a request is answered by an asset or goes to the Worker
// (Cloudflare's router worker) and what the asset response is (Cloudflare's asset worker):
// 307 redirects, 304 for a matching If-None-Match, 206/416 for Range, HEAD, 405 for other
// methods. Immutable and shared by every thread.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "edged/bindings/assets/asset_index.h"
#include "edged/bindings/assets/asset_path.h"
#include "edged/bindings/assets/asset_rule_files.h"
#include "edged/bindings/assets/asset_rules.h"
#include "edged/config/worker_config.h"
#include "edged/net/http_types.h"

namespace edged::bindings::assets {

struct AssetRequest {
  std::string_view method;
  std::string_view target;  // request target or absolute URL
  const std::vector<net::HttpHeader>* headers = nullptr;
};

// What to answer: status and headers, then `length` bytes of `file` from `offset` (no body when
// `file` is null or for HEAD).
struct AssetResponse {
  int status = 200;
  std::vector<net::HttpHeader> headers;
  const AssetFile* file = nullptr;
  uint64_t offset = 0;
  uint64_t length = 0;
  bool head = false;
};

class AssetServer {
 public:
  // `has_worker`: the Worker has a `main` to fall back to (an assets-only Worker answers 404).
  // `navigation_prefers_assets`: the compatibility flag assets_navigation_prefers_asset_serving
  // (on from 2025-04-01): a navigation request no asset answers gets not_found_handling instead
  // of the Worker.
  static Result<std::shared_ptr<const AssetServer>> load(const config::Assets& assets,
                                                         bool has_worker,
                                                         bool navigation_prefers_assets = true);
  AssetServer(std::shared_ptr<const AssetIndex> index, const config::Assets& assets,
              bool has_worker, AssetRuleFiles rule_files = {},
              bool navigation_prefers_assets = true);

  // For a request reaching the Worker: the asset response, or nothing when the Worker handles it
  // (run_worker_first matches, or no asset answers the path and the Worker exists). As on
  // Cloudflare, not_found_handling applies here only to navigation requests
  // (Sec-Fetch-Mode: navigate) when navigation prefers assets; other misses go to the Worker.
  std::optional<AssetResponse> route(const AssetRequest& request) const;

  // Both apply `_redirects` first (a match redirects whatever the method, or with 200 serves
  // another path: 404 when that names no asset) and `_headers` to every answer.

  // env.ASSETS.fetch(): always an answer (404 with no body when nothing matches).
  AssetResponse fetch(const AssetRequest& request) const;

  const AssetIndex& index() const { return *index_; }

 private:
  bool workerFirst(std::string_view pathname) const;
  // `path`: the request's, parsed (nothing: it names no asset).
  std::optional<AssetResponse> answer(const AssetRequest& request,
                                      const std::optional<AssetPath>& path,
                                      const AssetRules& rules) const;
  static AssetResponse orNotFound(std::optional<AssetResponse> response);
  // `_headers` on an answer to `request`.
  std::optional<AssetResponse> withHeaderRules(const AssetRequest& request,
                                               const std::optional<AssetPath>& path,
                                               std::optional<AssetResponse> response) const;

  std::shared_ptr<const AssetIndex> index_;
  AssetRules rules_;
  bool has_worker_;
  bool navigation_prefers_assets_;
  bool worker_first_ = false;
  std::vector<std::string> worker_first_routes_;
  AssetRuleFiles rule_files_;
};

// run_worker_first route patterns: `*` matches any run of characters; a leading "!" excludes.
bool routePatternMatches(std::string_view pattern, std::string_view pathname);

}  // namespace edged::bindings::assets
