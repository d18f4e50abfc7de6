#pragma once
// Where a realm's D1 calls run: on the libuv thread pool, so a long query or a write waiting for
// another thread's lock never stalls the event loop. Each database a realm uses has one SQLite
// connection and one queue; its jobs run one at a time, in the order JavaScript made them
// (a connection is never used by two threads at once). Results are settled back on the loop.
#include <uv.h>
#include <v8-persistent-handle.h>
#include <v8-promise.h>

#include <deque>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "edged/bindings/d1/local_database.h"
#include "edged/runtime/realm.h"

namespace edged::bindings::d1 {

class D1State;
struct DatabaseQueue;

// One call from JavaScript: what to run, and (once run) its outcome.
struct Job {
  enum class Kind { kBatch, kExec, kDump };
  Kind kind = Kind::kBatch;
  std::vector<Query> queries;  // kBatch
  std::string sql;             // kExec

  std::optional<Result<BatchResult>> batch;
  std::optional<Result<ExecResult>> exec;
  std::optional<Result<std::vector<uint8_t>>> dump;
  std::optional<Error> open_error;  // the database could not be opened

  uint64_t promise_id = 0;
  std::string request_id;
  std::shared_ptr<DatabaseQueue> queue;
  uv_work_t work{};
};

// A database's connection (opened on the pool by its first job) and its waiting jobs. Shared
// with the job in flight, so a realm torn down meanwhile leaves the connection to that job.
struct DatabaseQueue {
  std::filesystem::path path;
  std::unique_ptr<LocalDatabase> database;
  std::deque<std::unique_ptr<Job>> waiting;
  bool running = false;
  D1State* state = nullptr;  // null once the realm is gone
};

class D1State : public runtime::RealmState {
 public:
  ~D1State() override;

  // Queues `job` on the database at `path`; returns the promise JavaScript waits on (empty when
  // JavaScript is being terminated).
  v8::MaybeLocal<v8::Promise> submit(runtime::Realm& realm, const std::filesystem::path& path,
                                     std::unique_ptr<Job> job);

 private:
  static void start(DatabaseQueue& queue, std::shared_ptr<DatabaseQueue> owner);
  static void runJob(uv_work_t* work);
  static void afterJob(uv_work_t* work, int status);

  runtime::Realm* realm_ = nullptr;
  std::map<std::filesystem::path, std::shared_ptr<DatabaseQueue>> queues_;
  std::map<uint64_t, v8::Global<v8::Promise::Resolver>> resolvers_;
  uint64_t next_promise_id_ = 1;
};

// Settles `resolver` with the outcome of `job` (d1_ops.cc), inside the realm.
void settleJob(runtime::Realm& realm, Job& job, v8::Local<v8::Promise::Resolver> resolver);

}  // namespace edged::bindings::d1
