#include "kv_state.h"

#include <fmt/format.h>

#include "edged/bindings/kv/kv_namespaces.h"
#include "edged/runtime/js_values.h"
#include "edged/util/clock.h"
#include "edged/util/log.h"
#include "kv_large_values.h"

namespace edged::bindings::kv {

int64_t nowSeconds() { return static_cast<int64_t>(clock::nowMs() / 1000); }

std::filesystem::path namespacePath(runtime::Realm& realm, std::string_view name) {
  return namespaceFile(realm.options().data_dir, name);
}

void throwArgumentError(v8::Isolate* isolate, const KvArgumentError& error) {
  if (error.type_error) return runtime::throwTypeError(isolate, error.message);
  isolate->ThrowException(v8::Exception::Error(runtime::newString(isolate, error.message)));
}

v8::Local<v8::Value> internalError(runtime::Realm& realm, std::string_view detail) {
  std::string reference = log::newReferenceId();
  log::workerLine(spdlog::level::err, realm.workerName(), realm.currentRequestId(),
                  fmt::format("internal error; reference = {}: KV: {}", reference, detail));
  return v8::Exception::Error(
      runtime::newString(realm.isolate(), "internal error; reference = " + reference));
}

KvState::~KvState() {
  for (LargeValueJob* job : jobs_) job->state = nullptr;
}

KvStore* KvState::store(runtime::Realm& realm, std::string_view name) {
  auto found = stores_.find(name);
  if (found != stores_.end()) return found->second.get();
  if (realm.options().data_dir.empty()) {
    realm.isolate()->ThrowException(internalError(realm, "KV needs a data directory"));
    return nullptr;
  }
  Result<std::unique_ptr<KvStore>> opened = KvStore::open(namespacePath(realm, name));
  if (!opened.ok()) {
    realm.isolate()->ThrowException(internalError(realm, opened.error().message));
    return nullptr;
  }
  KvStore* store = opened.value().get();
  stores_.emplace(std::string(name), std::move(opened).value());
  return store;
}

void KvState::purgeIfDue(runtime::Realm& realm, std::string_view name, KvStore& store,
                         int64_t now) {
  auto last = last_purge_.find(name);
  if (last != last_purge_.end() && now - last->second < kPurgeIntervalSeconds) return;
  last_purge_[std::string(name)] = now;
  // A failed sweep loses nothing (expired keys are never read): log it and carry on.
  Result<int64_t> purged = store.purgeExpired(now, kPurgeBatchRows);
  if (!purged.ok()) {
    log::workerLine(spdlog::level::warn, realm.workerName(), realm.currentRequestId(),
                    "KV: " + purged.error().message);
  }
}

}  // namespace edged::bindings::kv
