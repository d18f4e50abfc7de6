#include "edged/bindings/kv/kv_limits.h"

#include <fmt/format.h>

#include <cmath>

namespace edged::bindings::kv {
namespace {

// A JavaScript number as the request's query string carried it.
std::string formatNumber(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  if (value == std::trunc(value) && std::fabs(value) < 1e21) return fmt::format("{:.0f}", value);
  return fmt::format("{}", value);
}

KvArgumentError typeError(std::string message) { return {true, std::move(message)}; }

}  // namespace

KvArgumentError serviceError(std::string_view method, int status, std::string_view text) {
  return {false, fmt::format("KV {} failed: {} {}", method, status, text)};
}

KvCheck checkKey(std::string_view method, std::string_view key) {
  // Bulk gets skip workerd's own check: the service's words reach the Worker instead.
  if (method == "GET_BULK") {
    if (key.empty()) return serviceError(method, 400, "Key names must not be empty");
    if (key == "." || key == "..") {
      return serviceError(method, 400,
                          fmt::format("Illegal key name \"{}\". Please use a different name.", key));
    }
  } else {
    if (key.empty()) return typeError("Key name cannot be empty.");
    if (key == ".") return typeError("\".\" is not allowed as a key name.");
    if (key == "..") return typeError("\"..\" is not allowed as a key name.");
  }
  if (key.size() > kMaxKeyBytes) {
    return serviceError(method, 414,
                        fmt::format("UTF-8 encoded length of {} exceeds key length limit of {}.",
                                    key.size(), kMaxKeyBytes));
  }
  return std::nullopt;
}

KvCheck checkValueSize(uint64_t size) {
  if (size <= kMaxValueBytes) return std::nullopt;
  return serviceError("PUT", 413,
                      fmt::format("Value length of {} exceeds limit of {}.", size, kMaxValueBytes));
}

KvCheck checkMetadataSize(size_t json_bytes) {
  if (json_bytes <= kMaxMetadataBytes) return std::nullopt;
  return serviceError(
      "PUT", 413,
      fmt::format("Metadata length of {} exceeds limit of {}.", json_bytes, kMaxMetadataBytes));
}

KvCheck checkCacheTtl(std::string_view method, std::optional<double> cache_ttl) {
  if (!cache_ttl || (!std::isnan(*cache_ttl) && *cache_ttl >= kMinCacheTtlSeconds)) {
    return std::nullopt;
  }
  return serviceError(method, 400,
                      fmt::format("Invalid cache_ttl of {}. Cache TTL must be at least {}.",
                                  formatNumber(*cache_ttl), kMinCacheTtlSeconds));
}

std::variant<int64_t, KvArgumentError> listLimit(std::optional<double> limit) {
  if (!limit || std::isnan(*limit) || *limit <= 0) return kMaxListLimit;
  // workerd passes the limit as an integer and leaves out one that is not positive.
  int64_t whole = *limit >= 1e15 ? int64_t{1'000'000'000'000'000} : static_cast<int64_t>(*limit);
  if (whole < 1) return kMaxListLimit;
  if (whole > kMaxListLimit) {
    return serviceError("GET", 400,
                        fmt::format("Invalid key_count_limit of {}. Please specify an integer "
                                    "less than {}.",
                                    formatNumber(*limit), kMaxListLimit));
  }
  return whole;
}

KvCheck checkListPrefix(std::string_view prefix) {
  if (prefix.size() <= kMaxKeyBytes) return std::nullopt;
  return serviceError("GET", 414,
                      fmt::format("UTF-8 encoded length of {} exceeds key length limit of {}.",
                                  prefix.size(), kMaxKeyBytes));
}

KvCheck checkBulkGetCount(size_t count) {
  if (count > kMaxBulkGetKeys) {
    return serviceError("GET_BULK", 400,
                        fmt::format("You can request a maximum of {} keys", kMaxBulkGetKeys));
  }
  if (count < 1) return serviceError("GET_BULK", 400, "You must request a minimum of 1 key");
  return std::nullopt;
}

KvCheck checkBulkGetSize(uint64_t total_bytes) {
  if (total_bytes <= kMaxBulkGetBytes) return std::nullopt;
  return serviceError("GET_BULK", 413,
                      fmt::format("Total size of request exceeds the limit of {}MB",
                                  kMaxBulkGetBytes >> 20));
}

std::variant<std::optional<int64_t>, KvArgumentError> resolveExpiration(
    std::optional<double> expiration, std::optional<double> ttl, int64_t now_seconds) {
  if (ttl) {
    std::string raw = formatNumber(*ttl);
    if (std::isnan(*ttl) || *ttl < 1) {
      return serviceError(
          "PUT", 400,
          fmt::format("Invalid expiration_ttl of {}. Please specify integer greater than 0.", raw));
    }
    if (*ttl < kMinExpirationTtlSeconds) {
      return serviceError("PUT", 400,
                          fmt::format("Invalid expiration_ttl of {}. Expiration TTL must be at "
                                      "least {}.",
                                      raw, kMinExpirationTtlSeconds));
    }
    // Past any date SQLite or JavaScript can hold: never, in practice.
    double at = std::min(static_cast<double>(now_seconds) + std::trunc(*ttl), 8.64e12);
    return std::optional<int64_t>(static_cast<int64_t>(at));
  }
  if (!expiration) return std::optional<int64_t>();
  std::string raw = formatNumber(*expiration);
  if (std::isnan(*expiration) || std::trunc(*expiration) <= static_cast<double>(now_seconds)) {
    return serviceError("PUT", 400,
                        fmt::format("Invalid expiration of {}. Please specify integer greater "
                                    "than the current number of seconds since the UNIX epoch.",
                                    raw));
  }
  if (std::trunc(*expiration) < static_cast<double>(now_seconds + kMinExpirationTtlSeconds)) {
    return serviceError("PUT", 400,
                        fmt::format("Invalid expiration of {}. Expiration times must be at "
                                    "least {} seconds in the future.",
                                    raw, kMinExpirationTtlSeconds));
  }
  return std::optional<int64_t>(static_cast<int64_t>(std::min(std::trunc(*expiration), 8.64e12)));
}

}  // namespace edged::bindings::kv
