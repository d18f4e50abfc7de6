#pragma once
// The Workers of one event-loop thread: one isolate per Worker version, created on first use
// from the snapshot and reused for every request this thread accepts (DESIGN.md: threads,
// isolates). An isolate that breaks a limit is discarded after its open requests are failed.

#include <uv.h>

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "edged/api/worker_events.h"
#include "edged/bindings/durable_objects/object_host.h"
#include "edged/bindings/services/service_call.h"
#include "edged/net/http_exchange.h"
#include "edged/runtime/cpu_watchdog.h"
#include "edged/runtime/snapshot.h"
#include "edged/runtime/worker_isolate.h"
#include "edged/server/tail_hub.h"
#include "edged/server/worker_limits.h"
#include "edged/server/worker_version.h"
#include "edged/util/metrics.h"

namespace edged::server {

class ThreadRuntime {
 public:
  // `objects`: where this thread sits among the Durable Object owner threads (no router: none).
  ThreadRuntime(uv_loop_t* loop, const runtime::Snapshot& snapshot, runtime::CpuWatchdog* watchdog,
                bindings::durable_objects::ObjectHostOptions objects = {});
  ~ThreadRuntime();
  ThreadRuntime(const ThreadRuntime&) = delete;
  ThreadRuntime& operator=(const ThreadRuntime&) = delete;

  // When warm() creates the version's isolate: now (so its first request here does not wait,
  // and a version that cannot start is refused), or when this thread first runs the Worker (an
  // isolate per Worker per thread only where it is used: idle Workers cost one isolate).
  enum class Start { kNow, kOnFirstUse };

  // Makes `version` the one that serves its Worker's requests, Durable Objects and events on this
  // thread; with Start::kNow the error if it cannot start (the previous version stays then).
  // Older versions of the Worker are discarded once their requests finish.
  Status warm(const std::shared_ptr<const WorkerVersion>& version, Start start = Start::kNow);

  // Runs a Durable Object event routed to this thread (ObjectRouter) in the current version of
  // the object's Worker.
  void deliverObjectCall(bindings::durable_objects::ObjectCall call);

  // Forgets the Workers not in `worker_names` (deleted over the admin API): calls and events for
  // them find no Worker, and their isolates go once what they run has ended.
  void keepOnly(const std::vector<std::string>& worker_names);

  // Runs a service binding's call in the current version of its target Worker, counted as in
  // flight there until it and its waitUntil work end.
  void deliverServiceCall(bindings::services::ServiceCall call);

  // Runs a non-fetch event (cron, queue batch, Workflow step) in the current version of Worker
  // `worker`; `done` runs on this thread.
  void dispatchEvent(const std::string& worker, const std::string& kind, std::string payload_json,
                     api::WorkerEventDone done);

  // With `edged serve --test-scheduled`: /cdn-cgi/handler/scheduled and /__scheduled run the
  // scheduled handler instead of fetch (scheduled_trigger.h).
  void setTestScheduled(bool enabled) { test_scheduled_ = enabled; }

  // Where finished requests and events of tailed Workers go (`wrangler tail`); null: nowhere.
  void setTailHub(TailHub* hub) { tails_ = hub; }
  // The limits of Workers whose wrangler.jsonc sets none (edged.jsonc `limits`); before warm().
  void setLimitDefaults(const LimitDefaults& defaults) { limit_defaults_ = defaults; }

  // Serves one request with `version`'s fetch handler.
  void handle(const std::shared_ptr<const WorkerVersion>& version,
              std::shared_ptr<net::HttpExchange> exchange);

  // Requests and events this thread has not finished (for graceful shutdown).
  size_t inFlight() const { return in_flight_; }
  // Runs `cb` once no request or event is in flight (at once if none is).
  void whenIdle(std::function<void()> cb);

 private:
  struct Slot {
    std::shared_ptr<const WorkerVersion> version;
    std::unique_ptr<runtime::WorkerIsolate> isolate;
    size_t in_flight = 0;  // requests and events it runs
    bool retired = false;  // a newer version serves: discard once in_flight reaches 0
    metrics::WorkerMetrics* metrics = nullptr;  // its Worker's counters (process-wide)
    int64_t heap_bytes = 0;  // its heap when last sampled, included in metrics->heapBytes()
  };

  runtime::WorkerIsolate* isolateFor(const std::shared_ptr<const WorkerVersion>& version,
                                     std::string* error);
  void onBroken(const std::string& version_id);
  void requestFinished();
  // Counts a request or event of `version_id`; the returned callback ends it.
  std::function<void()> track(const std::string& version_id);
  // Moves the slot's isolate to the graveyard (destroyed on the next loop turn) and forgets it.
  std::map<std::string, Slot>::iterator discard(std::map<std::string, Slot>::iterator slot);
  static void onReap(uv_idle_t* idle);
  // Keeps one blank isolate ready (created on a later loop turn), so a new Worker isolate only
  // pays for evaluating the Worker, not for deserializing the snapshot.
  void prepareSpare();
  static void onPrepareSpare(uv_timer_t* timer);
  // Samples every isolate's heap into its Worker's `edged_isolate_heap_bytes` (the admin thread
  // cannot ask an isolate itself).
  void sampleHeap(Slot& slot);
  static void onSampleHeaps(uv_timer_t* timer);

  uv_loop_t* loop_;
  const runtime::Snapshot& snapshot_;
  runtime::CpuWatchdog* watchdog_;
  bindings::durable_objects::ObjectHostOptions objects_;
  std::map<std::string, Slot> slots_;  // by version id
  // The version serving each Worker's Durable Objects, by Worker name.
  std::map<std::string, std::shared_ptr<const WorkerVersion>> current_;
  // Isolates that broke a limit, destroyed on the next loop turn (never inside their own
  // callbacks).
  std::vector<std::unique_ptr<runtime::WorkerIsolate>> graveyard_;
  uv_idle_t* reaper_ = nullptr;
  std::unique_ptr<runtime::WorkerIsolate> spare_;
  uv_timer_t* spare_timer_ = nullptr;
  size_t in_flight_ = 0;
  std::vector<std::function<void()>> idle_waiters_;
  bool test_scheduled_ = false;
  TailHub* tails_ = nullptr;
  LimitDefaults limit_defaults_;
  uv_timer_t* heap_timer_ = nullptr;
};

}  // namespace edged::server
