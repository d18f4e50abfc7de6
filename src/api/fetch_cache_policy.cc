#include "fetch_cache_policy.h"

#include <algorithm>
#include <string_view>

namespace edged::api::cache {
namespace {

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return (x >= 'A' && x <= 'Z' ? x - 'A' + 'a' : x) == y;
         });
}

Headers withoutFields(const Headers& headers, std::initializer_list<std::string_view> lower) {
  Headers kept;
  for (const net::HttpHeader& h : headers) {
    bool drop = std::any_of(lower.begin(), lower.end(),
                            [&](std::string_view name) { return equalsIgnoreCase(h.name, name); });
    if (!drop) kept.push_back(h);
  }
  return kept;
}

// RFC 9111 §3.5: a shared cache keeps a response to a request with credentials only when the
// response allows it explicitly.
bool credentialsForbidStoring(const CacheControl& cc, const Headers& request_headers) {
  return findHeader(request_headers, "authorization").has_value() && !cc.is_public &&
         !cc.s_maxage && !cc.must_revalidate;
}

// The edge TTL the `cf` options force on this status, if any.
std::optional<int64_t> edgeTtl(int status, const FetchCacheOptions& options) {
  if (std::optional<int64_t> ttl = ttlForStatus(options.ttl_by_status, status)) return ttl;
  // Cloudflare's Edge Cache TTL applies to 200, 206 and 301; 206 is never stored here.
  if (options.cache_ttl && (status == 200 || status == 301)) {
    return options.cache_ttl;
  }
  return std::nullopt;
}

}  // namespace

std::optional<int64_t> ttlForStatus(const std::vector<StatusTtl>& entries, int status) {
  std::optional<int64_t> ranged;
  for (const StatusTtl& entry : entries) {
    if (status < entry.from || status > entry.to) continue;
    if (entry.from == entry.to) return entry.ttl_seconds;
    if (!ranged) ranged = entry.ttl_seconds;
  }
  return ranged;
}

FetchStorageDecision decideFetchStorage(int status, const Headers& response_headers,
                                        const Headers& request_headers,
                                        const FetchCacheOptions& options, int64_t now_seconds) {
  FetchStorageDecision decision;
  std::optional<std::string> vary = findHeader(response_headers, "vary");
  if (status == 206 || status == 304 || (vary && vary->find('*') != std::string::npos)) {
    return decision;
  }
  CacheControl cc = parseCacheControl(findHeader(response_headers, "cache-control").value_or(""));
  if (credentialsForbidStoring(cc, request_headers)) {
    decision.bypass = true;
    return decision;
  }
  if (std::optional<int64_t> ttl = edgeTtl(status, options)) {
    // Cloudflare "Cache behavior": with an edge TTL set, Set-Cookie is removed and the asset
    // cached.
    decision.store = *ttl > 0;
    decision.ttl_seconds = *ttl;
    decision.headers = withoutFields(response_headers, {"set-cookie", "cf-cache-status"});
    return decision;
  }
  StorageDecision origin = decideStorage(status, response_headers, request_headers, now_seconds);
  if (origin.store) {
    decision.store = true;
    decision.ttl_seconds = origin.ttl_seconds;
    decision.headers = withoutFields(origin.headers, {"cf-cache-status"});
    return decision;
  }
  // Why decideStorage declined: the origin said so (BYPASS), or the status has no default TTL
  // (MISS). A cookie is a BYPASS under the default cache level, a MISS under Cache Everything
  // (Cloudflare "Cache behavior"). origin.headers are those left after `private=` removals.
  if (cc.no_store || cc.is_private || cc.no_cache) {
    decision.bypass = true;
  } else if (findHeader(origin.headers, "set-cookie")) {
    decision.bypass = !options.cache_everything;
  } else {
    decision.bypass =
        cc.max_age || cc.s_maxage || findHeader(response_headers, "expires").has_value();
  }
  return decision;
}

}  // namespace edged::api::cache
