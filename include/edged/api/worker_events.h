#pragma once
// Events that do not come from an HTTP request: a cron trigger's `scheduled`, a queue batch's
// `queue`, a Workflow instance's `run`. Each kind is one function in runtime-js
// (`internals.workerEvents[kind]`, see 32_worker_events.js) that turns a JSON payload into the
// handler's arguments and the handler's outcome into a JSON result; everything else (the
// ExecutionContext, waitUntil, errors, CPU limits) is shared here.

#include <v8-function-callback.h>

#include <functional>
#include <memory>
#include <string>

#include "edged/runtime/realm.h"

namespace edged::api {

struct WorkerEventOutcome {
  bool ok = false;
  std::string result_json;  // ok: what the kind's function returned, as JSON ("null" for undefined)
  std::string error;        // !ok: the thrown error, as the log shows it ("Error: boom\n    at …")
};
using WorkerEventDone = std::function<void(WorkerEventOutcome)>;

// Runs event `kind` with `payload_json` in `realm` on its loop thread. `done` runs once on that
// thread, after the kind's function settled and every waitUntil promise settled, or when the
// isolate is discarded (a limit) with ok = false; the fetches and sockets the event left open end
// just before (api/fetch_client.h, api/sockets.h). `request_id` tags its log lines (empty: a
// new one).
void dispatchWorkerEvent(runtime::Realm& realm, const std::string& kind, std::string payload_json,
                         WorkerEventDone done, const std::string& request_id = {});

// Fails every event still running in `realm` (the isolate broke a limit and is being discarded).
void failAllWorkerEvents(runtime::Realm& realm, const std::string& message);

// Number of events still running in `realm` (for graceful shutdown).
size_t openWorkerEventCount(runtime::Realm& realm);

// Process-wide: runs an event in the current version of Worker `worker` on one of the serving
// threads. Background services (cron, queues, workflows) hold one; serve.cc provides it.
class WorkerEventRouter {
 public:
  virtual ~WorkerEventRouter() = default;
  // `done` runs on the serving thread that ran the event; post back to your own thread if needed.
  // An unknown Worker or one that fails to start gives ok = false with the reason.
  virtual void deliver(const std::string& worker, const std::string& kind, std::string payload_json,
                       WorkerEventDone done) = 0;
};

// ops.workerEventDone(id, ok, resultJsonOrError): ends event `id` (called by 32_worker_events.js).
void opWorkerEventDone(const v8::FunctionCallbackInfo<v8::Value>& info);

}  // namespace edged::api
