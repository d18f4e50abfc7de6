#pragma once
// What the Cache API stores and for how long: Cache-Control parsing (RFC 9111 §5.2), the
// freshness lifetime (RFC 9111 §4.2.1) and Workers' own rules for cache.put (docs/cache.md).
// Pure functions of header lists and a clock reading; no V8, no storage.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "edged/net/http_types.h"

namespace edged::api::cache {

using Headers = std::vector<net::HttpHeader>;

// The value of header `name` (case-insensitive), several field lines joined with ", " (RFC 9110
// §5.3); nullopt when absent.
std::optional<std::string> findHeader(const Headers& headers, std::string_view name);

// An HTTP-date (RFC 9110 §5.6.7: IMF-fixdate, and the obsolete RFC 850 and asctime forms a
// recipient must accept) as Unix seconds; nullopt when it is not one.
std::optional<int64_t> parseHttpDate(std::string_view text);

// The Cache-Control directives of a response that a shared cache acts on. Field names of the
// qualified forms (`private="Set-Cookie"`) are lower-cased.
struct CacheControl {
  bool no_store = false;
  bool no_cache = false;    // unqualified: may never be used without revalidation
  bool is_private = false;  // unqualified: for one user only
  bool is_public = false;
  bool must_revalidate = false;
  std::optional<int64_t> max_age;           // seconds; an invalid value reads as 0 (stale, §4.2.1)
  std::optional<int64_t> s_maxage;          // idem
  std::vector<std::string> private_fields;  // private="a, b"
  std::vector<std::string> no_cache_fields;  // no-cache="a"
};

// Directive names are case-insensitive; the first occurrence of a repeated directive wins
// (RFC 9111 §4.2.1).
CacheControl parseCacheControl(std::string_view value);

// Workers' default edge TTL for a response without max-age, s-maxage or Expires (Cloudflare
// "Edge TTL": 200, 206, 301 → 2 h; 302, 303 → 20 min; 404, 410 → 3 min); nullopt: not cached.
std::optional<int64_t> defaultTtlSeconds(int status);

struct StorageDecision {
  bool store = false;
  int64_t ttl_seconds = 0;
  // The response header fields to store: those named by `private=` or `no-cache=` removed.
  Headers headers;
};

// What cache.put does with a response to a GET of `request_headers`, at `now_seconds`:
// - not stored: `no-store`, unqualified `private` or `no-cache`, a `Set-Cookie` field that
//   `private=Set-Cookie` does not remove, an `Authorization` request without `public`,
//   `s-maxage` or `must-revalidate` (RFC 9111 §3.5), or no freshness left;
// - freshness: `s-maxage`, else `max-age`, else `Expires` − `Date` (or now), else the default
//   edge TTL of the status; minus the response's `Age`.
// The caller has already rejected what Workers rejects with an error (206, `Vary: *`).
StorageDecision decideStorage(int status, const Headers& response_headers,
                              const Headers& request_headers, int64_t now_seconds);

// The request's values of the header fields the response's `Vary` names, in a canonical form
// stored with an entry and compared on match: one line per lower-cased name, sorted, "name:value"
// when the request has the field and "name" alone when it lacks it (absent differs from empty).
// Empty when the response has no Vary.
std::string varyKey(const Headers& response_headers, const Headers& request_headers);

}  // namespace edged::api::cache
