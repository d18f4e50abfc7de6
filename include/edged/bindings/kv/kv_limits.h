#pragma once
// Workers KV's limits and the errors a Worker gets for breaking them, worded as Workers words
// them: workerd checks key names itself (api/kv.c++ validateKeyName) and turns every other
// refusal of the KV service into `Error("KV <METHOD> failed: <status> <text>")`, with the
// service's texts (as Miniflare reproduces them, workers-sdk miniflare/src/workers/kv). The
// binding's ops and `edged kv` both check through here, so both refuse the same things.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace edged::bindings::kv {

constexpr size_t kMaxKeyBytes = 512;
constexpr uint64_t kMaxValueBytes = 25ull << 20;  // 25 MiB
constexpr size_t kMaxMetadataBytes = 1024;        // serialized JSON
constexpr int64_t kMinExpirationTtlSeconds = 60;
constexpr int64_t kMinCacheTtlSeconds = 30;
constexpr int64_t kMaxListLimit = 1000;
constexpr size_t kMaxBulkGetKeys = 100;
constexpr uint64_t kMaxBulkGetBytes = 25ull << 20;

// A Worker's mistake: a TypeError (workerd's own checks) or an Error carrying the service's
// status and text.
struct KvArgumentError {
  bool type_error = false;
  std::string message;
};
using KvCheck = std::optional<KvArgumentError>;

// `method` is the service operation the message names: GET, GET_BULK, PUT, DELETE.
KvCheck checkKey(std::string_view method, std::string_view key);
KvCheck checkValueSize(uint64_t size);
KvCheck checkMetadataSize(size_t json_bytes);
// `cache_ttl` is accepted and validated but has no effect: there is one location, this one.
KvCheck checkCacheTtl(std::string_view method, std::optional<double> cache_ttl);
// The list's page size: absent or not positive means the most (workerd then sends none).
std::variant<int64_t, KvArgumentError> listLimit(std::optional<double> limit);
KvCheck checkListPrefix(std::string_view prefix);
KvCheck checkBulkGetCount(size_t count);
KvCheck checkBulkGetSize(uint64_t total_bytes);

// The absolute expiration (seconds since the epoch) that put()'s options ask for; `ttl` wins
// over `expiration`, as in Cloudflare's API. nullopt: the entry never expires.
std::variant<std::optional<int64_t>, KvArgumentError> resolveExpiration(
    std::optional<double> expiration, std::optional<double> ttl, int64_t now_seconds);

// "KV <method> failed: <status> <text>", the message of every service-side refusal.
KvArgumentError serviceError(std::string_view method, int status, std::string_view text);

}  // namespace edged::bindings::kv
