#pragma once
// What Cloudflare's cache in front of a Worker's subrequests keeps of an origin response, and
// for how long, given the request's `cf` cache options (docs/cache.md "fetch() through the
// cache"). Which requests go through the cache at all (method, `cache` mode, file extension) is
// decided by runtime-js api/28_fetch_cache.js; this is the part that needs Cache-Control.
// Pure functions of header lists and a clock reading; no V8, no storage.

#include <cstdint>
#include <optional>
#include <vector>

#include "cache_policy.h"

namespace edged::api::cache {

// One `cacheTtlByStatus` entry: statuses [from, to] cached for `ttl_seconds` (0 or less: not
// cached).
struct StatusTtl {
  int from = 0;
  int to = 0;
  int64_t ttl_seconds = 0;
};

// The `cf` options that change what is stored, as JS validated them.
struct FetchCacheOptions {
  bool cache_everything = false;         // cacheEverything, or implied by cacheTtl
  std::optional<int64_t> cache_ttl;      // cacheTtl
  std::vector<StatusTtl> ttl_by_status;  // cacheTtlByStatus
};

struct FetchStorageDecision {
  bool store = false;
  // Not stored because the origin's headers say so (no-store, private, no-cache, an expired
  // lifetime, a cookie or credentials): Cloudflare reports BYPASS, otherwise MISS.
  bool bypass = false;
  int64_t ttl_seconds = 0;
  Headers headers;  // the response header fields to store
};

// The TTL `cacheTtlByStatus` gives `status`: an entry naming exactly that status wins over a
// range; among ranges, the first listed.
std::optional<int64_t> ttlForStatus(const std::vector<StatusTtl>& entries, int status);

// What the subrequest cache does with the response to a GET:
// - an edge TTL overrides the origin's Cache-Control, Expires and Set-Cookie (the cookie is not
//   stored): a matching `cacheTtlByStatus` entry, else `cacheTtl` for 200, 206 and 301 (the
//   statuses Cloudflare's Edge Cache TTL applies to); a TTL of 0 or less stores nothing;
// - otherwise decideStorage() (the origin's headers, then Cloudflare's default TTL per status),
//   except that under `cacheEverything` a Set-Cookie response is a MISS rather than a BYPASS;
// - never stored: 206 and 304 answers to the Worker's own Range or conditional request, `Vary: *`,
//   and a request with `Authorization` unless the response is `public`, `s-maxage` or
//   `must-revalidate` (RFC 9111 §3.5).
// The stored headers never carry a CF-Cache-Status of the origin's.
FetchStorageDecision decideFetchStorage(int status, const Headers& response_headers,
                                        const Headers& request_headers,
                                        const FetchCacheOptions& options, int64_t now_seconds);

}  // namespace edged::api::cache
