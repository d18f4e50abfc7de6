// What the cache in front of fetch() subrequests keeps of an origin response under the `cf`
// cache options, with the clock passed in.
#include "api/fetch_cache_policy.h"

#include <gtest/gtest.h>

namespace edged::api::cache {
namespace {

constexpr int64_t kNow = 1704067200;  // 2024-01-01T00:00:00Z

FetchStorageDecision decide(int status, Headers response, FetchCacheOptions options = {},
                            Headers request = {}) {
  return decideFetchStorage(status, response, request, options, kNow);
}

FetchCacheOptions withTtl(int64_t ttl) {
  FetchCacheOptions options;
  options.cache_everything = true;
  options.cache_ttl = ttl;
  return options;
}

bool hasField(const Headers& headers, std::string_view name) {
  return findHeader(headers, name).has_value();
}

TEST(FetchCachePolicy, WithoutOptionsFollowsTheOriginsHeaders) {
  FetchStorageDecision d = decide(200, {{"Cache-Control", "max-age=60"}});
  EXPECT_TRUE(d.store);
  EXPECT_EQ(d.ttl_seconds, 60);
  d = decide(200, {});
  EXPECT_TRUE(d.store);
  EXPECT_EQ(d.ttl_seconds, 7200);  // Cloudflare's default edge TTL for 200
}

TEST(FetchCachePolicy, OriginRefusalsAreBypassesAndUncachedStatusesMisses) {
  for (const char* value : {"no-store", "private", "no-cache", "max-age=0"}) {
    FetchStorageDecision d = decide(200, {{"Cache-Control", value}});
    EXPECT_FALSE(d.store) << value;
    EXPECT_TRUE(d.bypass) << value;
  }
  FetchStorageDecision d = decide(500, {});
  EXPECT_FALSE(d.store);
  EXPECT_FALSE(d.bypass);
}

TEST(FetchCachePolicy, ACookieBypassesByDefaultAndMissesUnderCacheEverything) {
  Headers cookie = {{"Set-Cookie", "a=1"}, {"Cache-Control", "max-age=60"}};
  EXPECT_TRUE(decide(200, cookie).bypass);
  FetchCacheOptions everything;
  everything.cache_everything = true;
  FetchStorageDecision d = decide(200, cookie, everything);
  EXPECT_FALSE(d.store);
  EXPECT_FALSE(d.bypass);
}

TEST(FetchCachePolicy, CacheTtlOverridesTheOriginFor200And301) {
  Headers refusing = {{"Cache-Control", "no-store"}, {"Set-Cookie", "a=1"}, {"X-A", "1"}};
  for (int status : {200, 301}) {
    FetchStorageDecision d = decide(status, refusing, withTtl(5));
    EXPECT_TRUE(d.store) << status;
    EXPECT_EQ(d.ttl_seconds, 5);
    EXPECT_FALSE(hasField(d.headers, "set-cookie"));
    EXPECT_TRUE(hasField(d.headers, "x-a"));
  }
  // Other statuses keep the origin's rules (and the default TTLs).
  FetchStorageDecision d = decide(404, {}, withTtl(5));
  EXPECT_TRUE(d.store);
  EXPECT_EQ(d.ttl_seconds, 180);
  EXPECT_FALSE(decide(503, {}, withTtl(5)).store);
}

TEST(FetchCachePolicy, ACacheTtlOfZeroOrLessStoresNothing) {
  for (int64_t ttl : {0, -1}) {
    FetchStorageDecision d = decide(200, {{"Cache-Control", "max-age=60"}}, withTtl(ttl));
    EXPECT_FALSE(d.store) << ttl;
    EXPECT_FALSE(d.bypass) << ttl;
  }
}

TEST(FetchCachePolicy, TtlByStatusPrefersAnExactStatusOverARange) {
  std::vector<StatusTtl> entries = {{200, 299, 86400}, {404, 404, 1}, {400, 499, 7}, {500, 599, 0}};
  EXPECT_EQ(ttlForStatus(entries, 204), 86400);
  EXPECT_EQ(ttlForStatus(entries, 404), 1);
  EXPECT_EQ(ttlForStatus(entries, 403), 7);
  EXPECT_EQ(ttlForStatus(entries, 503), 0);
  EXPECT_FALSE(ttlForStatus(entries, 302).has_value());
}

TEST(FetchCachePolicy, TtlByStatusWinsOverCacheTtlAndTheOrigin) {
  FetchCacheOptions options = withTtl(5);
  options.ttl_by_status = {{200, 299, 30}, {500, 599, -1}, {404, 404, 2}};
  EXPECT_EQ(decide(200, {{"Cache-Control", "max-age=600"}}, options).ttl_seconds, 30);
  EXPECT_EQ(decide(404, {{"Cache-Control", "no-store"}}, options).ttl_seconds, 2);
  EXPECT_FALSE(decide(500, {{"Cache-Control", "max-age=600"}}, options).store);
  // No entry for 301: cacheTtl applies.
  EXPECT_EQ(decide(301, {}, options).ttl_seconds, 5);
}

TEST(FetchCachePolicy, NeverStoresPartialOrNotModifiedAnswersNorVaryStar) {
  FetchCacheOptions options = withTtl(60);
  options.ttl_by_status = {{200, 399, 60}};
  EXPECT_FALSE(decide(206, {}, options).store);
  EXPECT_FALSE(decide(304, {}, options).store);
  EXPECT_FALSE(decide(200, {{"Vary", "Accept, *"}}, options).store);
}

TEST(FetchCachePolicy, CredentialsNeedTheResponsesPermissionEvenWithAnEdgeTtl) {
  Headers auth = {{"Authorization", "Bearer x"}};
  FetchStorageDecision d = decide(200, {}, withTtl(60), auth);
  EXPECT_FALSE(d.store);
  EXPECT_TRUE(d.bypass);
  EXPECT_TRUE(decide(200, {{"Cache-Control", "public"}}, withTtl(60), auth).store);
}

TEST(FetchCachePolicy, TheOriginsCacheStatusIsNotStored) {
  FetchStorageDecision d =
      decide(200, {{"CF-Cache-Status", "HIT"}, {"Cache-Control", "max-age=9"}});
  EXPECT_TRUE(d.store);
  EXPECT_FALSE(hasField(d.headers, "cf-cache-status"));
}

}  // namespace
}  // namespace edged::api::cache
