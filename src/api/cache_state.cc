#include "cache_state.h"

#include <fmt/format.h>
#include <v8-container.h>
#include <v8-exception.h>
#include <v8-isolate.h>

#include <cstdlib>

#include "edged/runtime/js_values.h"
#include "edged/util/clock.h"
#include "edged/util/log.h"

namespace edged::api::cache {
namespace {

// A reader JS has not pulled from for this long is closed (a Worker that matched a large
// response and never read its body must not hold the file open for the isolate's lifetime).
constexpr uint64_t kReaderIdleMs = 60'000;
// How often one connection (of all threads and processes) sweeps orphaned blob files.
constexpr int64_t kSweepIntervalMs = int64_t{24} * 3600 * 1000;
// Files younger than this may belong to a put in flight.
constexpr std::chrono::seconds kOrphanMinAge{3600};

// EDGED_CACHE_MAX_BYTES bounds the whole cache (docs/cache.md); a single body may use all of
// it up to Workers' 512 MiB object limit.
CacheLimits limitsFromEnvironment() {
  CacheLimits limits;
  if (const char* text = std::getenv("EDGED_CACHE_MAX_BYTES")) {
    char* end = nullptr;
    unsigned long long value = std::strtoull(text, &end, 10);
    if (end != text && *end == '\0' && value > 0) {
      limits.max_total_bytes = value;
    } else {
      log::warn(
          fmt::format("EDGED_CACHE_MAX_BYTES=\"{}\" is not a positive number of bytes; "
                      "using the default",
                      text));
    }
  }
  limits.max_entry_bytes = std::min(limits.max_entry_bytes, limits.max_total_bytes);
  return limits;
}

// Sweeps orphaned blob files with a connection of its own, on the thread pool.
struct SweepJob {
  uv_work_t work{};
  std::filesystem::path dir;
  CacheLimits limits;
  std::string outcome;
};

void runSweep(uv_work_t* work) {
  auto* job = static_cast<SweepJob*>(work->data);
  Result<std::unique_ptr<CacheStore>> store = CacheStore::open(job->dir, job->limits);
  Result<int> removed =
      store.ok() ? store.value()->sweepOrphans(kOrphanMinAge) : Result<int>(store.error());
  if (!removed.ok()) {
    job->outcome = "cache: sweeping orphaned files failed: " + removed.error().message;
  } else if (removed.value() > 0) {
    job->outcome = fmt::format("cache: removed {} orphaned file(s)", removed.value());
  }
}

void afterSweep(uv_work_t* work, int) {
  std::unique_ptr<SweepJob> job(static_cast<SweepJob*>(work->data));
  if (!job->outcome.empty()) log::info(job->outcome);
}

void freeTimer(uv_handle_t* handle) {
  std::unique_ptr<uv_timer_t> owned(reinterpret_cast<uv_timer_t*>(handle));
}

}  // namespace

int64_t wallClockMs() { return static_cast<int64_t>(clock::nowMs()); }

v8::Local<v8::Value> internalError(runtime::Realm& realm, std::string_view detail) {
  std::string reference = log::newReferenceId();
  log::workerLine(spdlog::level::err, realm.workerName(), realm.currentRequestId(),
                  fmt::format("internal error; reference = {}: {}", reference, detail));
  return v8::Exception::Error(
      runtime::newString(realm.isolate(), "internal error; reference = " + reference));
}

CacheState::~CacheState() {
  for (FileJob* job : jobs_) job->state = nullptr;
  if (reader_sweeper_ != nullptr) {
    uv_timer_stop(reader_sweeper_);
    uv_close(reinterpret_cast<uv_handle_t*>(reader_sweeper_), &freeTimer);
  }
}

CacheStore* CacheState::store(runtime::Realm& realm) {
  if (store_) return store_.get();
  const std::filesystem::path& data_dir = realm.options().data_dir;
  v8::Isolate* isolate = realm.isolate();
  if (data_dir.empty()) {
    isolate->ThrowException(internalError(realm, "the Cache API needs a data directory"));
    return nullptr;
  }
  std::filesystem::path dir = data_dir / "cache";
  CacheLimits limits = limitsFromEnvironment();
  Result<std::unique_ptr<CacheStore>> opened = CacheStore::open(dir, limits);
  if (!opened.ok()) {
    isolate->ThrowException(internalError(realm, opened.error().message));
    return nullptr;
  }
  store_ = std::move(opened).value();
  Result<bool> claimed = store_->claimSweep(wallClockMs(), kSweepIntervalMs);
  if (claimed.ok() && claimed.value()) {
    auto job = std::make_unique<SweepJob>();
    job->dir = dir;
    job->limits = limits;
    job->work.data = job.get();
    if (uv_queue_work(realm.loop(), &job->work, &runSweep, &afterSweep) == 0) (void)job.release();
  }
  return store_.get();
}

CacheId CacheState::cacheId(runtime::Realm& realm, v8::Local<v8::Value> name) {
  CacheId id{realm.workerName(), ""};
  if (!name->IsNullOrUndefined()) id.cache = ":" + runtime::toUtf8(realm.isolate(), name);
  return id;
}

double CacheState::addReader(runtime::Realm& realm, BodyReader reader) {
  double id = next_id_++;
  reader.last_read_ms = uv_now(realm.loop());
  readers_.emplace(id, std::move(reader));
  if (reader_sweeper_ == nullptr) {
    reader_sweeper_ = std::make_unique<uv_timer_t>().release();
    uv_timer_init(realm.loop(), reader_sweeper_);
    reader_sweeper_->data = this;
  }
  if (!uv_is_active(reinterpret_cast<uv_handle_t*>(reader_sweeper_))) {
    uv_timer_start(reader_sweeper_, &CacheState::onReaderSweep, kReaderIdleMs / 2,
                   kReaderIdleMs / 2);
  }
  return id;
}

void CacheState::onReaderSweep(uv_timer_t* timer) {
  auto* state = static_cast<CacheState*>(timer->data);
  uint64_t now = uv_now(timer->loop);
  std::erase_if(state->readers_, [&](const auto& entry) {
    return now - entry.second.last_read_ms >= kReaderIdleMs;
  });
  if (state->readers_.empty()) uv_timer_stop(timer);
}

BodyReader* CacheState::reader(double id) {
  auto it = readers_.find(id);
  return it == readers_.end() ? nullptr : &it->second;
}

double CacheState::addPut(std::unique_ptr<PendingPut> put) {
  double id = next_id_++;
  puts_.emplace(id, std::move(put));
  return id;
}

PendingPut* CacheState::put(double id) {
  auto it = puts_.find(id);
  return it == puts_.end() ? nullptr : it->second.get();
}

std::unique_ptr<PendingPut> CacheState::takePut(double id) {
  auto it = puts_.find(id);
  if (it == puts_.end()) return nullptr;
  std::unique_ptr<PendingPut> put = std::move(it->second);
  puts_.erase(it);
  return put;
}

Headers headersFromArray(v8::Local<v8::Context> context, v8::Local<v8::Value> flat) {
  Headers headers;
  if (!flat->IsArray()) return headers;
  v8::Isolate* isolate = context->GetIsolate();
  auto array = flat.As<v8::Array>();
  uint32_t n = array->Length();
  headers.reserve(n / 2);
  for (uint32_t i = 0; i + 1 < n; i += 2) {
    v8::Local<v8::Value> name, value;
    if (!array->Get(context, i).ToLocal(&name) || !array->Get(context, i + 1).ToLocal(&value)) {
      break;
    }
    headers.push_back({runtime::toUtf8(isolate, name), runtime::toUtf8(isolate, value)});
  }
  return headers;
}

v8::Local<v8::Array> headersToArray(v8::Isolate* isolate, const Headers& headers) {
  std::vector<v8::Local<v8::Value>> flat;
  flat.reserve(headers.size() * 2);
  for (const net::HttpHeader& h : headers) {
    flat.push_back(runtime::newString(isolate, h.name));
    flat.push_back(runtime::newString(isolate, h.value));
  }
  return v8::Array::New(isolate, flat.data(), flat.size());
}

}  // namespace edged::api::cache
