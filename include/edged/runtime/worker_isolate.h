#pragma once
// One isolate running one Worker version on one thread (DESIGN.md: isolates). Created from the
// runtime snapshot, it evaluates the bundle's main module once and then serves many requests;
// globals persist between them, as on Cloudflare. Discarded when it breaks a limit.

#include <uv.h>
#include <v8-array-buffer.h>
#include <v8-isolate.h>

#include <memory>
#include <string>

#include "edged/runtime/realm.h"
#include "edged/runtime/snapshot.h"
#include "edged/runtime/worker_bundle.h"
#include "edged/util/result.h"

namespace edged::runtime {

struct WorkerIsolateOptions {
  RealmOptions realm;
  size_t heap_limit_bytes = 128u << 20;
  // JSON object text: the Worker's `env` before bindings (vars and secrets).
  std::string env_json = "{}";
};

class WorkerIsolate {
 public:
  // An isolate and context from the snapshot, not yet running any Worker: the expensive part
  // of a new isolate, which a thread prepares ahead of demand (ThreadRuntime's spare).
  static Result<std::unique_ptr<WorkerIsolate>> createBlank(const Snapshot& snapshot,
                                                            uv_loop_t* loop,
                                                            size_t heap_limit_bytes);
  // Makes a blank isolate run `bundle`: evaluates its main module with `env`. Once only.
  Status load(std::shared_ptr<const WorkerBundle> bundle, RealmOptions options,
              const std::string& env_json);

  // createBlank + load.
  static Result<std::unique_ptr<WorkerIsolate>> create(const Snapshot& snapshot,
                                                       std::shared_ptr<const WorkerBundle> bundle,
                                                       uv_loop_t* loop,
                                                       WorkerIsolateOptions options);
  ~WorkerIsolate();
  WorkerIsolate(const WorkerIsolate&) = delete;
  WorkerIsolate& operator=(const WorkerIsolate&) = delete;

  Realm& realm() { return *realm_; }
  v8::Isolate* isolate() const { return isolate_; }
  size_t heapLimitBytes() const { return heap_limit_bytes_; }

 private:
  WorkerIsolate() = default;
  Status start(std::shared_ptr<const WorkerBundle> bundle, const std::string& env_json);
  static size_t onNearHeapLimit(void* data, size_t current_limit, size_t initial_limit);

  std::unique_ptr<v8::ArrayBuffer::Allocator> allocator_;
  v8::Isolate* isolate_ = nullptr;
  size_t heap_limit_bytes_ = 0;
  bool loaded_ = false;
  std::unique_ptr<Realm> realm_;
};

}  // namespace edged::runtime
