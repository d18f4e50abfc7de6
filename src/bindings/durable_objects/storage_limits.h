#pragma once
// Cloudflare's Durable Object storage limits (developers.cloudflare.com/durable-objects/
// platform/limits) and workerd's enforcement of them (io/actor-storage.h).

#include <cstddef>

namespace edged::bindings::durable_objects {

// Key-value API, classes with the key-value backend: keys up to 2 KiB; values up to 128 KiB,
// enforced with workerd's 34-byte cushion for the serialization header and tags.
inline constexpr size_t kMaxKeyBytes = 2048;
inline constexpr size_t kAdvertisedMaxValueBytes = 128 * 1024;
inline constexpr size_t kEnforcedMaxValueBytes = kAdvertisedMaxValueBytes + 34;
// get/put/delete of several keys at once (rpc::ActorStorage::MAX_KEYS).
inline constexpr size_t kMaxKeysPerCall = 128;

// SQLite-backed classes: a string, BLOB or row (and a key plus its value) up to 2 MB.
inline constexpr size_t kMaxSqlValueBytes = 2 * 1024 * 1024;
inline constexpr int kMaxSqlStatementBytes = 100 * 1000;
inline constexpr int kMaxColumns = 100;
inline constexpr int kMaxBoundParameters = 100;
inline constexpr int kMaxFunctionArguments = 32;
inline constexpr int kMaxLikePatternBytes = 50;
// workerd's setupSecurity() value (not documented by Cloudflare).
inline constexpr int kMaxTriggerDepth = 10;

}  // namespace edged::bindings::durable_objects
