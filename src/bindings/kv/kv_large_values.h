#pragma once
// Reads and writes of values past kInlineValueBytes, run on the libuv thread pool so that a
// 25 MiB value does not hold up the loop thread's other requests. Each job opens its own
// connection to the namespace file (a connection belongs to one thread) and settles its promise
// back on the loop.

#include <uv.h>
#include <v8-promise.h>

#include <filesystem>
#include <optional>
#include <string>

#include "edged/bindings/kv/kv_store.h"
#include "edged/runtime/realm.h"
#include "edged/util/result.h"

namespace edged::bindings::kv {

class KvState;

struct LargeValueJob {
  uv_work_t work{};
  KvState* state = nullptr;  // null once the realm went away: the result is dropped
  runtime::Realm* realm = nullptr;
  std::filesystem::path path;
  std::string key;
  int64_t now = 0;
  bool is_put = false;
  // put
  std::string value;
  std::optional<int64_t> expiration;
  std::optional<std::string> metadata;
  // get
  bool as_text = false;
  std::optional<KvEntry> entry;

  Status result = Ok{};
  v8::Global<v8::Promise::Resolver> resolver;
  std::string request_id;
};

// Queues `job` (its fields set, resolver and state excepted) and returns its promise: for a
// get, what kvGet returns; for a put, undefined.
v8::MaybeLocal<v8::Promise> startLargeValueJob(runtime::Realm& realm, KvState& state,
                                               std::unique_ptr<LargeValueJob> job);

// [value, metadata JSON or null]: the value a string (as_text) or a Uint8Array.
v8::MaybeLocal<v8::Value> entryToJs(v8::Isolate* isolate, const KvEntry& entry, bool as_text);

}  // namespace edged::bindings::kv
