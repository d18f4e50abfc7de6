#pragma once
// Everything one isolate of one Worker version needs at run time: its V8 context, the
// runtime's `internals` object, its event loop, and per-API state. Owned by WorkerIsolate;
// reachable from any native op through Realm::from(isolate). Lives on exactly one thread.

#include <uv.h>
#include <v8-context.h>
#include <v8-isolate.h>
#include <v8-persistent-handle.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <typeindex>
#include <optional>
#include <unordered_map>
#include <vector>

#include "edged/runtime/cpu_watchdog.h"
#include "edged/runtime/subrequest_limits.h"
#include "edged/util/metrics.h"

namespace edged::runtime {

// Base for per-API state kept in a Realm (timers, pending body reads…); destroyed with it.
struct RealmState {
  virtual ~RealmState() = default;
};

struct RealmOptions {
  std::string worker_name;
  // Where this Worker's persistent state lives (cache, bindings' local storage).
  std::filesystem::path data_dir;
  uint64_t cpu_limit_ns = 50'000'000;  // per request, wrangler's limits.cpu_ms
  CpuWatchdog* watchdog = nullptr;     // null: no CPU limit (tests)
  // Subrequests one request may make (wrangler's limits.subrequests; api/subrequests.h).
  uint32_t subrequest_limit = kDefaultSubrequestLimit;
  // The Worker's process-wide counters (binding operations, limits broken); null: not counted.
  metrics::WorkerMetrics* metrics = nullptr;
  // Called once, after the JavaScript that broke a limit has been stopped. The owner must
  // discard the isolate (later, not from inside this call).
  std::function<void()> on_broken;
  // Queues a task on this realm's loop from any thread (false once the loop is stopping); null
  // where the realm has no serving thread (tests, `edged check`).
  std::function<bool(std::function<void()>)> post_task;
};

class Realm {
 public:
  Realm(v8::Isolate* isolate, v8::Local<v8::Context> context, v8::Local<v8::Object> internals,
        uv_loop_t* loop, RealmOptions options);
  ~Realm();
  Realm(const Realm&) = delete;
  Realm& operator=(const Realm&) = delete;

  static Realm* from(v8::Isolate* isolate);

  v8::Isolate* isolate() const { return isolate_; }
  v8::Local<v8::Context> context() const { return context_.Get(isolate_); }
  v8::Local<v8::Object> internals() const { return internals_.Get(isolate_); }
  uv_loop_t* loop() const { return loop_; }
  const std::string& workerName() const { return options_.worker_name; }
  const RealmOptions& options() const { return options_; }
  // Assigns a blank realm to its Worker (WorkerIsolate::load), before any Worker code runs.
  void setOptions(RealmOptions options) { options_ = std::move(options); }

  // The request on whose behalf JS currently runs (for log lines); empty outside requests.
  const std::string& currentRequestId() const { return current_request_id_; }

  // Per-API state, created on first use.
  template <typename T>
  T& state() {
    auto& slot = states_[std::type_index(typeid(T))];
    if (!slot) slot = std::make_unique<T>();
    return static_cast<T&>(*slot);
  }

  // Why JavaScript stopped: a limit was broken and this isolate must be discarded.
  enum class Broken { kNo, kCpuLimit, kHeapLimit };
  Broken broken() const { return broken_; }
  void markHeapLimitBroken() { broken_ = Broken::kHeapLimit; }

  // Runs `body` inside this realm from an event-loop callback: isolate, handle and context
  // scopes, the CPU watchdog, an exception trap that logs uncaught errors with their stack,
  // then the microtask checkpoint. Returns false when JS threw or was terminated.
  // `budget_ns` is the CPU this entry may use (0: the per-request limit).
  bool enter(const std::function<void(v8::Local<v8::Context>)>& body,
             const std::string& request_id = {}, uint64_t budget_ns = 0);

  // Runs `hook` after every outermost enter(), once its microtasks have run: where bindings
  // commit the writes of that turn and release what waited for them (Durable Objects' output
  // gate). Hooks run outside JavaScript, in the order they were added.
  void addTurnEndHook(std::function<void()> hook) { turn_end_hooks_.push_back(std::move(hook)); }

  // Runs `fn` once request `request_id` is over (its response sent and every waitUntil settled;
  // endRequest): for what a request opens that must not outlive it, as on Workers.
  void atRequestEnd(const std::string& request_id, std::function<void()> fn) {
    request_end_hooks_.emplace(request_id, std::move(fn));
  }
  // Called by whatever dispatched the request (api/fetch_event, api/worker_events) when it ends.
  void endRequest(const std::string& request_id);

  // True while running inside enter(): native ops may then call JS directly.
  bool entered() const { return depth_ > 0; }

  // CPU time JavaScript entered for request `request_id` uses, counted from
  // startCpuAccount(request_id) until takeCpuAccount(request_id) returns it (request log and
  // metrics). Only requests being counted cost a clock read per entry.
  void startCpuAccount(const std::string& request_id) { cpu_ns_by_request_[request_id] = 0; }
  uint64_t takeCpuAccount(const std::string& request_id);

  // Logs an exception caught from JS with its stack, tagged with worker and request.
  void logException(v8::Local<v8::Value> exception, const char* prefix);

  // `text` (a stack trace, or a console line holding one) with the frames of the Worker's
  // source-mapped modules at their original positions (runtime/source_maps.h).
  std::string withOriginalPositions(std::string text);

 private:
  void reportUnhandledRejections();
  static void onPromiseReject(v8::PromiseRejectMessage message);

  v8::Isolate* isolate_;
  v8::Global<v8::Context> context_;
  v8::Global<v8::Object> internals_;
  uv_loop_t* loop_;
  RealmOptions options_;
  std::string current_request_id_;
  int depth_ = 0;
  Broken broken_ = Broken::kNo;
  std::unordered_map<std::type_index, std::unique_ptr<RealmState>> states_;
  std::vector<std::pair<v8::Global<v8::Promise>, v8::Global<v8::Value>>> unhandled_;
  std::vector<std::function<void()>> turn_end_hooks_;
  std::multimap<std::string, std::function<void()>> request_end_hooks_;  // in order added
  std::unordered_map<std::string, uint64_t> cpu_ns_by_request_;
  uint64_t cpu_entry_start_ns_ = 0;  // thread CPU clock when a counted outermost entry began
};

}  // namespace edged::runtime
