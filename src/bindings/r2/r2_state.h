#pragma once
// What the R2 ops of one realm share: each bucket's store (this thread's SQLite connection,
// opened on first use), bodies being streamed to JS, writes whose bytes JS is still sending, and
// the jobs they run on the libuv thread pool (file writes, fsyncs, reads, part concatenation),
// which must not block the loop. Lives on the realm's thread.

#include <uv.h>
#include <v8-context.h>
#include <v8-promise.h>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "edged/bindings/r2/blob_upload.h"
#include "edged/bindings/r2/bucket_store.h"
#include "edged/bindings/r2/byte_range.h"
#include "edged/runtime/realm.h"

namespace edged::bindings::r2 {

// A body being read by JS, one chunk per job.
struct BodyReader {
  std::shared_ptr<storage::FileReader> file;
  uint64_t offset = 0;
  uint64_t end = 0;
  bool reading = false;
};

// A put (or uploadPart) whose bytes JS is sending. Chunks queue here; one job at a time appends
// them to the blob (in order), and the last one finishes it once JS called r2PutFinish; the index
// is then updated on the loop thread.
struct WriteSession {
  std::string bucket;
  ObjectMeta object;  // key, metadata and storage class as the Worker gave them
  std::optional<Conditional> only_if;
  std::string upload_id;  // set for a part
  int part_number = 0;
  std::shared_ptr<BlobUpload> upload;
  std::vector<std::vector<uint8_t>> queued;
  uint64_t queued_bytes = 0;
  uint64_t received = 0;
  bool job_running = false;
  bool ended = false;
  std::optional<Error> failure;       // an I/O failure JS was not waiting for
  R2ErrorCode too_large = R2ErrorCode::kNone;
  v8::Global<v8::Promise::Resolver> drained;   // r2PutWrite's, while the backlog is long
  v8::Global<v8::Promise::Resolver> finished;  // r2PutFinish's
  std::string request_id;
};

class R2State : public runtime::RealmState {
 public:
  ~R2State() override;

  // The bucket's store, opened on first use; null with the error thrown into JS.
  BucketStore* store(runtime::Realm& realm, const std::string& bucket);

  double add(BodyReader reader);
  BodyReader* reader(double id);
  void closeReader(double id) { readers_.erase(id); }

  double add(std::unique_ptr<WriteSession> session);
  WriteSession* writer(double id);
  std::unique_ptr<WriteSession> takeWriter(double id);

  // Runs `work` on the thread pool, then `done` on the loop thread if this realm still exists.
  void queue(runtime::Realm& realm, std::function<void()> work,
             std::function<void(R2State&)> done);

 private:
  struct Job {
    uv_work_t work{};
    R2State* state = nullptr;  // null once the realm is gone
    std::function<void()> run;
    std::function<void(R2State&)> done;
  };
  static void runJob(uv_work_t* work);
  static void afterJob(uv_work_t* work, int status);

  std::map<std::string, BucketStore, std::less<>> stores_;
  std::map<double, BodyReader> readers_;
  std::map<double, std::unique_ptr<WriteSession>> writers_;
  std::set<Job*> jobs_;
  double next_id_ = 1;
};

// Throws `exception` into JS (for `return raise(...)` in ops).
inline void raise(v8::Isolate* isolate, v8::Local<v8::Value> exception) {
  isolate->ThrowException(exception);
}
// Setting a property or settling a promise fails only while JS is being terminated; nothing is
// left to do then.
inline void ignore(v8::Maybe<bool> done) { (void)done.IsJust(); }

// STYLE.md "two kinds of error": logs `detail` with a reference id and returns the Error a
// Worker sees ("internal error; reference = <id>").
v8::Local<v8::Value> internalError(runtime::Realm& realm, std::string_view detail);
// The Error a Worker sees for an R2 error of `method`.
v8::Local<v8::Value> r2Exception(v8::Isolate* isolate, std::string_view method, const R2Error& error);
// The metadata object described in r2_ops.h.
v8::Local<v8::Object> metadataToJs(v8::Isolate* isolate, const ObjectMeta& meta,
                                   const std::optional<ByteRange>& range = std::nullopt);
// Settles `resolver` from a loop callback (entering the realm): with `value()`, or rejected with
// `error()` when that is set.
void settleFromLoop(runtime::Realm& realm, const std::string& request_id,
                    v8::Global<v8::Promise::Resolver>& resolver,
                    const std::function<v8::Local<v8::Value>(v8::Isolate*)>& value,
                    const std::function<v8::Local<v8::Value>(v8::Isolate*)>& error = nullptr);

}  // namespace edged::bindings::r2
