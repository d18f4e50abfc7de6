#pragma once
// What the KV ops of one realm share: one open KvStore per namespace (this thread's own
// connection, opened on first use), when each was last purged of expired keys, and the reads
// and writes of large values running on the libuv thread pool. Lives on the realm's thread.

#include <uv.h>
#include <v8-promise.h>

#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>

#include "edged/bindings/kv/kv_limits.h"
#include "edged/bindings/kv/kv_store.h"
#include "edged/runtime/realm.h"

namespace edged::bindings::kv {

// Values larger than this are read and written on the thread pool, off the loop thread.
constexpr uint64_t kInlineValueBytes = 1 << 20;
// How often a namespace is swept for expired keys, and how many go per sweep.
constexpr int64_t kPurgeIntervalSeconds = 60;
constexpr int64_t kPurgeBatchRows = 1000;

struct LargeValueJob;

class KvState : public runtime::RealmState {
 public:
  ~KvState() override;

  // The namespace's store, or null with an exception thrown in JS.
  KvStore* store(runtime::Realm& realm, std::string_view name);
  // Deletes expired keys of `name` if its last sweep is older than kPurgeIntervalSeconds.
  void purgeIfDue(runtime::Realm& realm, std::string_view name, KvStore& store, int64_t now);

  std::set<LargeValueJob*>& jobs() { return jobs_; }

 private:
  std::map<std::string, std::unique_ptr<KvStore>, std::less<>> stores_;
  std::map<std::string, int64_t, std::less<>> last_purge_;
  std::set<LargeValueJob*> jobs_;  // running; told when this state goes away
};

// Seconds since the epoch, as KV expirations count.
int64_t nowSeconds();

// The file of namespace `name` in this realm's data directory.
std::filesystem::path namespacePath(runtime::Realm& realm, std::string_view name);

// Throws a Worker's mistake as the TypeError or Error Workers throws.
void throwArgumentError(v8::Isolate* isolate, const KvArgumentError& error);
// Logs `detail` with a reference id; returns the "internal error; reference = <id>" Error.
v8::Local<v8::Value> internalError(runtime::Realm& realm, std::string_view detail);

}  // namespace edged::bindings::kv
