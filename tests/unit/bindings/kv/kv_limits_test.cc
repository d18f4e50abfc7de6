// Workers KV's limits with the messages Workers gives (workerd api/kv.c++ and the KV service's
// texts as Miniflare reproduces them).
#include "edged/bindings/kv/kv_limits.h"

#include <gtest/gtest.h>

#include <string>

namespace edged::bindings::kv {
namespace {

std::string message(const KvCheck& check) {
  if (!check) return "ok";
  return (check->type_error ? "TypeError: " : "Error: ") + check->message;
}

std::string expirationOf(std::optional<double> expiration, std::optional<double> ttl) {
  auto resolved = resolveExpiration(expiration, ttl, 1'000'000);
  if (auto* error = std::get_if<KvArgumentError>(&resolved)) return "Error: " + error->message;
  auto at = std::get<std::optional<int64_t>>(resolved);
  return at ? std::to_string(*at) : "never";
}

TEST(KvLimitsTest, KeyNames) {
  EXPECT_EQ(message(checkKey("GET", "k")), "ok");
  EXPECT_EQ(message(checkKey("GET", std::string(512, 'k'))), "ok");
  EXPECT_EQ(message(checkKey("PUT", "")), "TypeError: Key name cannot be empty.");
  EXPECT_EQ(message(checkKey("PUT", ".")), "TypeError: \".\" is not allowed as a key name.");
  EXPECT_EQ(message(checkKey("DELETE", "..")), "TypeError: \"..\" is not allowed as a key name.");
  EXPECT_EQ(message(checkKey("PUT", std::string(513, 'k'))),
            "Error: KV PUT failed: 414 UTF-8 encoded length of 513 exceeds key length limit of 512.");
  EXPECT_EQ(message(checkKey("GET_BULK", "")),
            "Error: KV GET_BULK failed: 400 Key names must not be empty");
}

TEST(KvLimitsTest, ValuesAndMetadata) {
  EXPECT_EQ(message(checkValueSize(25u << 20)), "ok");
  EXPECT_EQ(message(checkValueSize((25u << 20) + 1)),
            "Error: KV PUT failed: 413 Value length of 26214401 exceeds limit of 26214400.");
  EXPECT_EQ(message(checkMetadataSize(1024)), "ok");
  EXPECT_EQ(message(checkMetadataSize(1025)),
            "Error: KV PUT failed: 413 Metadata length of 1025 exceeds limit of 1024.");
}

TEST(KvLimitsTest, Expiration) {
  EXPECT_EQ(expirationOf(std::nullopt, std::nullopt), "never");
  EXPECT_EQ(expirationOf(std::nullopt, 60), "1000060");
  EXPECT_EQ(expirationOf(2'000'000, 120), "1000120");  // the TTL wins
  EXPECT_EQ(expirationOf(1'000'060, std::nullopt), "1000060");
  EXPECT_EQ(expirationOf(std::nullopt, 30),
            "Error: KV PUT failed: 400 Invalid expiration_ttl of 30. Expiration TTL must be at "
            "least 60.");
  EXPECT_EQ(expirationOf(std::nullopt, 0),
            "Error: KV PUT failed: 400 Invalid expiration_ttl of 0. Please specify integer "
            "greater than 0.");
  EXPECT_EQ(expirationOf(1'000'059, std::nullopt),
            "Error: KV PUT failed: 400 Invalid expiration of 1000059. Expiration times must be "
            "at least 60 seconds in the future.");
  EXPECT_EQ(expirationOf(5, std::nullopt),
            "Error: KV PUT failed: 400 Invalid expiration of 5. Please specify integer greater "
            "than the current number of seconds since the UNIX epoch.");
}

TEST(KvLimitsTest, ListAndGetOptions) {
  EXPECT_EQ(std::get<int64_t>(listLimit(std::nullopt)), 1000);
  EXPECT_EQ(std::get<int64_t>(listLimit(0)), 1000);
  EXPECT_EQ(std::get<int64_t>(listLimit(5)), 5);
  EXPECT_EQ(std::get<KvArgumentError>(listLimit(1001)).message,
            "KV GET failed: 400 Invalid key_count_limit of 1001. Please specify an integer less "
            "than 1000.");
  EXPECT_EQ(message(checkCacheTtl("GET", 10)),
            "Error: KV GET failed: 400 Invalid cache_ttl of 10. Cache TTL must be at least 30.");
  EXPECT_EQ(message(checkCacheTtl("GET", 30)), "ok");
  EXPECT_EQ(message(checkBulkGetCount(101)),
            "Error: KV GET_BULK failed: 400 You can request a maximum of 100 keys");
  EXPECT_EQ(message(checkBulkGetCount(0)),
            "Error: KV GET_BULK failed: 400 You must request a minimum of 1 key");
}

}  // namespace
}  // namespace edged::bindings::kv
