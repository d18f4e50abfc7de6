#pragma once
// What the Cache API ops of one realm share: the store (its own SQLite connection, opened on
// first use), large cached bodies being streamed to JS, puts whose body is being received, and
// puts being made durable on the libuv thread pool. Lives on the realm's thread.

#include <uv.h>
#include <v8-context.h>
#include <v8-promise.h>

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "cache_store.h"
#include "edged/runtime/realm.h"
#include "edged/storage/blob_file.h"

namespace edged::api::cache {

// A large cached body handed to JS in chunks. The file stays open, so an entry evicted or
// replaced meanwhile still reads whole.
struct BodyReader {
  storage::FileReader file;
  uint64_t offset = 0;
  uint64_t end = 0;
  uint64_t last_read_ms = 0;  // loop time; idle readers are closed (see CacheState)
};

// A put whose body JS is still sending. Up to the inline size it is kept in memory (the entry's
// body). Past it, the body goes to a blob file written on the libuv thread pool (off the loop
// thread, and not counted as the Worker's CPU time): chunks queue here and one FileJob at a time
// appends them in order, then makes the file durable once JS has sent the end.
struct PendingPut {
  CacheId id;
  NewEntry entry;
  bool file_backed = false;
  // The blob file; empty while a FileJob holds it.
  std::optional<storage::AtomicFileWriter> file;
  std::vector<std::vector<uint8_t>> queued;
  uint64_t queued_bytes = 0;  // queued and being written
  bool job_running = false;
  bool ended = false;  // cachePutCommit was called
  // A file write failed while JS was not waiting: reported by the next cachePutWrite or
  // cachePutCommit.
  std::optional<Error> failure;
  // cachePutWrite's promise while the backlog is too long; cachePutCommit's promise.
  v8::Global<v8::Promise::Resolver> drained;
  v8::Global<v8::Promise::Resolver> committed;
  std::string request_id;
};

struct FileJob;

class CacheState : public runtime::RealmState {
 public:
  ~CacheState() override;

  // The store, opened on first use. On failure, throws the internal error into JS and returns
  // null.
  CacheStore* store(runtime::Realm& realm);
  // The store if it is open, without opening it (for callbacks outside JS).
  CacheStore* openedStore() const { return store_.get(); }
  // The namespace of caches.default (`name` null) or caches.open(name) for this Worker.
  static CacheId cacheId(runtime::Realm& realm, v8::Local<v8::Value> name);
  // The namespace this Worker's fetch() subrequests are cached in (Cloudflare's zone cache).
  static CacheId fetchCacheId(runtime::Realm& realm) { return {realm.workerName(), "fetch"}; }

  double addReader(runtime::Realm& realm, BodyReader reader);
  BodyReader* reader(double id);
  void closeReader(double id) { readers_.erase(id); }

  double addPut(std::unique_ptr<PendingPut> put);
  PendingPut* put(double id);
  std::unique_ptr<PendingPut> takePut(double id);

  // Jobs on the thread pool. When the realm goes away first, each is told so and cleans up
  // after itself.
  std::set<FileJob*>& jobs() { return jobs_; }

 private:
  static void onReaderSweep(uv_timer_t* timer);

  std::unique_ptr<CacheStore> store_;
  std::map<double, BodyReader> readers_;
  std::map<double, std::unique_ptr<PendingPut>> puts_;
  std::set<FileJob*> jobs_;
  double next_id_ = 1;
  uv_timer_t* reader_sweeper_ = nullptr;  // runs while readers are open; freed when closed
};

// Writes a batch of a put's chunks to its blob file on the thread pool and, for the last batch,
// commits the file (fsync, rename). Owned by its uv_work_t from queueing until the after-work
// callback, which runs on the loop thread and finds the put again by id (it may have been
// aborted meanwhile).
struct FileJob {
  uv_work_t work{};
  CacheState* state = nullptr;  // null once the realm is gone
  runtime::Realm* realm = nullptr;
  double put_id = 0;
  std::optional<storage::AtomicFileWriter> file;
  std::vector<std::vector<uint8_t>> chunks;
  uint64_t bytes = 0;
  bool final = false;
  Status result = Ok{};
};

// Header lists between JS flat arrays and C++ (UTF-8; Workers sends header values as UTF-8).
Headers headersFromArray(v8::Local<v8::Context> context, v8::Local<v8::Value> flat);
v8::Local<v8::Array> headersToArray(v8::Isolate* isolate, const Headers& headers);

// STYLE.md "two kinds of error": logs `detail` with a reference id and returns the
// `internal error; reference = <id>` Error a Worker sees.
v8::Local<v8::Value> internalError(runtime::Realm& realm, std::string_view detail);

// The wall clock in milliseconds (entries expire by it, across restarts).
int64_t wallClockMs();

}  // namespace edged::api::cache
