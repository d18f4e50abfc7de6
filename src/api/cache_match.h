#pragma once
// How a cached response answers cache.match(request): conditional requests (If-None-Match,
// If-Modified-Since → 304, RFC 9110 §13) and single byte ranges (Range, If-Range → 206 or 416,
// RFC 9110 §14), as Workers' cache does. Pure functions; no V8, no storage.

#include <cstdint>
#include <string>

#include "cache_policy.h"

namespace edged::api::cache {

struct StoredResponse {
  int status = 200;
  std::string status_text;
  Headers headers;
  uint64_t size = 0;  // body bytes
};

// The response cache.match returns: the stored one, or a 304/206/416 made from it. The body is
// the stored body's bytes [offset, offset + length).
struct MatchResponse {
  int status = 200;
  std::string status_text;
  Headers headers;  // with CF-Cache-Status: HIT
  uint64_t offset = 0;
  uint64_t length = 0;
};

MatchResponse respondFromCache(const StoredResponse& stored, const Headers& request_headers);

// RFC 9110 §8.8.3.2 weak comparison of `If-None-Match` (a list or "*") against an ETag.
bool ifNoneMatchMatches(std::string_view if_none_match, std::string_view etag);

}  // namespace edged::api::cache
