// How a cached response answers cache.match: 304 for conditional requests, 206/416 for ranges.
#include "api/cache_match.h"

#include <gtest/gtest.h>

namespace edged::api::cache {
namespace {

StoredResponse stored(Headers headers, int status = 200, uint64_t size = 10) {
  return {status, status == 200 ? "OK" : "", std::move(headers), size};
}

TEST(Match, AnswersWithTheStoredResponseMarkedAsAHit) {
  MatchResponse r = respondFromCache(stored({{"Content-Type", "text/plain"}}), {});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(findHeader(r.headers, "cf-cache-status"), "HIT");
  EXPECT_EQ(findHeader(r.headers, "content-type"), "text/plain");
  EXPECT_EQ(r.offset, 0u);
  EXPECT_EQ(r.length, 10u);
}

TEST(Match, AStoredCacheStatusIsReplacedByHit) {
  MatchResponse r = respondFromCache(stored({{"CF-Cache-Status", "DYNAMIC"}}), {});
  EXPECT_EQ(findHeader(r.headers, "cf-cache-status"), "HIT");
}

TEST(Match, IfNoneMatchUsesWeakComparison) {
  EXPECT_TRUE(ifNoneMatchMatches("\"a\"", "\"a\""));
  EXPECT_TRUE(ifNoneMatchMatches("W/\"a\"", "\"a\""));
  EXPECT_TRUE(ifNoneMatchMatches("\"x\", W/\"a\"", "W/\"a\""));
  EXPECT_TRUE(ifNoneMatchMatches(" * ", "\"anything\""));
  EXPECT_TRUE(ifNoneMatchMatches("\"a,b\"", "\"a,b\""));  // commas inside a tag
  EXPECT_FALSE(ifNoneMatchMatches("\"b\"", "\"a\""));
  EXPECT_FALSE(ifNoneMatchMatches("a", "\"a\""));  // not an entity-tag
}

TEST(Match, AMatchingEtagGivesA304WithoutBody) {
  auto entry =
      stored({{"ETag", "\"v1\""}, {"Content-Length", "10"}, {"Cache-Control", "max-age=60"}});
  MatchResponse r = respondFromCache(entry, {{"If-None-Match", "\"v1\""}});
  EXPECT_EQ(r.status, 304);
  EXPECT_EQ(r.length, 0u);
  EXPECT_EQ(findHeader(r.headers, "etag"), "\"v1\"");
  EXPECT_FALSE(findHeader(r.headers, "content-length"));
  EXPECT_EQ(respondFromCache(entry, {{"If-None-Match", "\"v2\""}}).status, 200);
}

TEST(Match, IfModifiedSinceComparesWithLastModified) {
  auto entry = stored({{"Last-Modified", "Mon, 01 Jan 2024 00:00:00 GMT"}});
  EXPECT_EQ(
      respondFromCache(entry, {{"If-Modified-Since", "Mon, 01 Jan 2024 00:00:00 GMT"}}).status,
      304);
  EXPECT_EQ(
      respondFromCache(entry, {{"If-Modified-Since", "Tue, 02 Jan 2024 00:00:00 GMT"}}).status,
      304);
  EXPECT_EQ(
      respondFromCache(entry, {{"If-Modified-Since", "Sun, 31 Dec 2023 00:00:00 GMT"}}).status,
      200);
  EXPECT_EQ(respondFromCache(entry, {{"If-Modified-Since", "garbage"}}).status, 200);
  // RFC 9110 §13.2.2: If-None-Match takes precedence.
  auto tagged = stored({{"Last-Modified", "Mon, 01 Jan 2024 00:00:00 GMT"}, {"ETag", "\"a\""}});
  EXPECT_EQ(respondFromCache(tagged, {{"If-None-Match", "\"b\""},
                                      {"If-Modified-Since", "Tue, 02 Jan 2024 00:00:00 GMT"}})
                .status,
            200);
}

TEST(Match, OnlySuccessfulResponsesAreNotModified) {
  auto not_found = stored({{"ETag", "\"v1\""}}, 404);
  EXPECT_EQ(respondFromCache(not_found, {{"If-None-Match", "\"v1\""}}).status, 404);
}

TEST(Match, ASingleRangeGivesA206Slice) {
  auto entry = stored({{"Content-Length", "10"}});
  MatchResponse r = respondFromCache(entry, {{"Range", "bytes=2-5"}});
  EXPECT_EQ(r.status, 206);
  EXPECT_EQ(r.offset, 2u);
  EXPECT_EQ(r.length, 4u);
  EXPECT_EQ(findHeader(r.headers, "content-range"), "bytes 2-5/10");
  EXPECT_FALSE(findHeader(r.headers, "content-length"));

  r = respondFromCache(entry, {{"Range", "bytes=7-"}});
  EXPECT_EQ(r.offset, 7u);
  EXPECT_EQ(r.length, 3u);
  r = respondFromCache(entry, {{"Range", "bytes=-4"}});
  EXPECT_EQ(r.offset, 6u);
  EXPECT_EQ(r.length, 4u);
  r = respondFromCache(entry, {{"Range", "bytes=5-100"}});
  EXPECT_EQ(findHeader(r.headers, "content-range"), "bytes 5-9/10");
  r = respondFromCache(entry, {{"Range", "bytes=-100"}});
  EXPECT_EQ(r.offset, 0u);
  EXPECT_EQ(r.length, 10u);
}

TEST(Match, AnUnsatisfiableRangeGivesA416) {
  MatchResponse r = respondFromCache(stored({}), {{"Range", "bytes=10-"}});
  EXPECT_EQ(r.status, 416);
  EXPECT_EQ(r.length, 0u);
  EXPECT_EQ(findHeader(r.headers, "content-range"), "bytes */10");
  EXPECT_EQ(respondFromCache(stored({}), {{"Range", "bytes=-0"}}).status, 416);
}

TEST(Match, IgnoresRangesItDoesNotServe) {
  for (const char* range : {"bytes=1-2, 4-5", "items=1-2", "bytes=5-2", "bytes=x-", "bytes"}) {
    EXPECT_EQ(respondFromCache(stored({}), {{"Range", range}}).status, 200) << range;
  }
  EXPECT_EQ(respondFromCache(stored({}, 404), {{"Range", "bytes=1-2"}}).status, 404);
}

TEST(Match, IfRangeMustStillNameTheStoredResponse) {
  auto entry = stored({{"ETag", "\"v1\""}, {"Last-Modified", "Mon, 01 Jan 2024 00:00:00 GMT"}});
  EXPECT_EQ(respondFromCache(entry, {{"Range", "bytes=0-1"}, {"If-Range", "\"v1\""}}).status, 206);
  EXPECT_EQ(respondFromCache(entry, {{"Range", "bytes=0-1"}, {"If-Range", "\"v0\""}}).status, 200);
  EXPECT_EQ(respondFromCache(entry, {{"Range", "bytes=0-1"}, {"If-Range", "W/\"v1\""}}).status,
            200);
  EXPECT_EQ(respondFromCache(
                entry, {{"Range", "bytes=0-1"}, {"If-Range", "Mon, 01 Jan 2024 00:00:00 GMT"}})
                .status,
            206);
}

}  // namespace
}  // namespace edged::api::cache
