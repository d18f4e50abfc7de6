// What cache.put stores and for how long: Cache-Control parsing and freshness math, with the
// clock passed in.
#include "api/cache_policy.h"

#include <gtest/gtest.h>

namespace edged::api::cache {
namespace {

// 2024-01-01T00:00:00Z
constexpr int64_t kNow = 1704067200;

StorageDecision decide(int status, Headers response, Headers request = {}) {
  return decideStorage(status, response, request, kNow);
}

TEST(HttpDate, ParsesTheThreeFormatsOfRfc9110) {
  EXPECT_EQ(parseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT"), 784111777);
  EXPECT_EQ(parseHttpDate("Sunday, 06-Nov-94 08:49:37 GMT"), 784111777);
  EXPECT_EQ(parseHttpDate("Sun Nov  6 08:49:37 1994"), 784111777);
  EXPECT_EQ(parseHttpDate(" Mon, 01 Jan 2024 00:00:00 GMT "), kNow);
  EXPECT_EQ(parseHttpDate("Thursday, 01-Jan-04 00:00:00 GMT"), 1072915200);  // 20xx
}

TEST(HttpDate, RejectsAnythingElse) {
  for (const char* bad :
       {"", "0", "-1", "yesterday", "Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 6 Nov 1994 08:49:37 GMT",
        "Sun, 06 Foo 1994 08:49:37 GMT", "Sun, 32 Nov 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 25:49:37 GMT", "Sun, 06 Nov 1994 08:49:37 GMT trailing"}) {
    EXPECT_FALSE(parseHttpDate(bad).has_value()) << bad;
  }
}

TEST(CacheControl, ParsesDirectivesCaseInsensitively) {
  CacheControl cc = parseCacheControl("Public, MAX-AGE=60, s-maxage=\"120\", must-revalidate");
  EXPECT_TRUE(cc.is_public);
  EXPECT_TRUE(cc.must_revalidate);
  EXPECT_EQ(cc.max_age, 60);
  EXPECT_EQ(cc.s_maxage, 120);
  EXPECT_FALSE(cc.no_store || cc.no_cache || cc.is_private);
}

TEST(CacheControl, QualifiedPrivateAndNoCacheListFieldNames) {
  CacheControl cc =
      parseCacheControl("private=\"Set-Cookie, X-User\", no-cache=X-Debug, max-age=5");
  EXPECT_FALSE(cc.is_private);
  EXPECT_FALSE(cc.no_cache);
  EXPECT_EQ(cc.private_fields, (std::vector<std::string>{"set-cookie", "x-user"}));
  EXPECT_EQ(cc.no_cache_fields, (std::vector<std::string>{"x-debug"}));
  EXPECT_EQ(cc.max_age, 5);
  EXPECT_TRUE(parseCacheControl("private").is_private);
  EXPECT_TRUE(parseCacheControl("no-cache").no_cache);
}

TEST(CacheControl, InvalidAgesAreStaleAndTheFirstOccurrenceWins) {
  EXPECT_EQ(parseCacheControl("max-age=abc").max_age, 0);
  EXPECT_EQ(parseCacheControl("max-age=-5").max_age, 0);
  EXPECT_EQ(parseCacheControl("max-age=").max_age, 0);
  EXPECT_EQ(parseCacheControl("max-age=10, max-age=20").max_age, 10);
  EXPECT_EQ(parseCacheControl("max-age=99999999999999999999").max_age, 2147483648);
  EXPECT_FALSE(parseCacheControl("").max_age.has_value());
}

TEST(Storage, SMaxageWinsOverMaxAgeWhichWinsOverExpires) {
  Headers expires = {{"Expires", "Mon, 01 Jan 2024 01:00:00 GMT"}};
  EXPECT_EQ(decide(200, expires).ttl_seconds, 3600);
  expires.push_back({"Cache-Control", "max-age=60"});
  EXPECT_EQ(decide(200, expires).ttl_seconds, 60);
  expires.push_back({"Cache-Control", "s-maxage=30"});
  StorageDecision d = decide(200, expires);
  EXPECT_TRUE(d.store);
  EXPECT_EQ(d.ttl_seconds, 30);
}

TEST(Storage, ExpiresCountsFromTheDateHeaderAndInvalidMeansExpired) {
  EXPECT_EQ(decide(200, {{"Date", "Mon, 01 Jan 2024 00:30:00 GMT"},
                         {"Expires", "Mon, 01 Jan 2024 01:00:00 GMT"}})
                .ttl_seconds,
            1800);
  EXPECT_FALSE(decide(200, {{"Expires", "0"}}).store);
  EXPECT_FALSE(decide(200, {{"Expires", "Sun, 31 Dec 2023 23:00:00 GMT"}}).store);
}

TEST(Storage, AgeIsSubtracted) {
  EXPECT_EQ(decide(200, {{"Cache-Control", "max-age=100"}, {"Age", "40"}}).ttl_seconds, 60);
  EXPECT_FALSE(decide(200, {{"Cache-Control", "max-age=100"}, {"Age", "100"}}).store);
}

TEST(Storage, WithoutFreshnessInformationUsesWorkersDefaultEdgeTtl) {
  EXPECT_EQ(decide(200, {}).ttl_seconds, 7200);
  EXPECT_EQ(decide(301, {}).ttl_seconds, 7200);
  EXPECT_EQ(decide(302, {}).ttl_seconds, 1200);
  EXPECT_EQ(decide(404, {}).ttl_seconds, 180);
  EXPECT_EQ(decide(410, {{"Cache-Control", "public"}}).ttl_seconds, 180);
  EXPECT_FALSE(decide(500, {}).store);
  EXPECT_FALSE(decide(201, {}).store);
  // Explicit freshness makes any status cacheable.
  EXPECT_TRUE(decide(500, {{"Cache-Control", "max-age=10"}}).store);
}

TEST(Storage, NoStorePrivateNoCacheAndZeroAgesAreNotStored) {
  EXPECT_FALSE(decide(200, {{"Cache-Control", "no-store"}}).store);
  EXPECT_FALSE(decide(200, {{"Cache-Control", "private, max-age=60"}}).store);
  EXPECT_FALSE(decide(200, {{"Cache-Control", "no-cache"}}).store);
  EXPECT_FALSE(decide(200, {{"Cache-Control", "max-age=0"}}).store);
  EXPECT_FALSE(decide(200, {{"cache-control", "s-maxage=0, max-age=60"}}).store);
}

TEST(Storage, SetCookieIsNeverStoredUnlessPrivateNamesIt) {
  EXPECT_FALSE(decide(200, {{"Set-Cookie", "a=1"}, {"Cache-Control", "max-age=60"}}).store);
  StorageDecision d = decide(200, {{"Set-Cookie", "a=1"},
                                   {"Cache-Control", "private=Set-Cookie, max-age=60"},
                                   {"Content-Type", "text/plain"}});
  ASSERT_TRUE(d.store);
  EXPECT_FALSE(findHeader(d.headers, "set-cookie"));
  EXPECT_EQ(findHeader(d.headers, "content-type"), "text/plain");
}

TEST(Storage, AuthorizedRequestsNeedTheResponsesPermission) {
  Headers auth = {{"Authorization", "Bearer x"}};
  EXPECT_FALSE(decide(200, {{"Cache-Control", "max-age=60"}}, auth).store);
  EXPECT_TRUE(decide(200, {{"Cache-Control", "public, max-age=60"}}, auth).store);
  EXPECT_TRUE(decide(200, {{"Cache-Control", "s-maxage=60"}}, auth).store);
}

TEST(Vary, KeysOnTheNamedRequestFields) {
  Headers response = {{"Vary", "Accept-Encoding, accept-language"}};
  EXPECT_EQ(varyKey(response, {{"Accept-Encoding", "gzip"}, {"Accept-Language", "fr"}}),
            "accept-encoding:gzip\naccept-language:fr\n");
  // An absent field differs from an empty one.
  EXPECT_EQ(varyKey(response, {{"Accept-Encoding", ""}}), "accept-encoding:\naccept-language\n");
  EXPECT_EQ(varyKey({}, {{"Accept-Encoding", "gzip"}}), "");
  EXPECT_EQ(varyKey({{"Vary", "B, a"}}, {{"a", "1"}, {"b", "2"}}),
            varyKey({{"Vary", "A"}, {"Vary", "b"}}, {{"A", "1"}, {"B", "2"}}));
}

}  // namespace
}  // namespace edged::api::cache
