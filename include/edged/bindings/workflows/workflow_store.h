#pragma once
// One Workflow on disk: a SQLite file (<data-dir>/workflows/<worker>/<workflow>.sqlite) holding
// its instances, the persisted outcome of every step they ran, and the events sent to them. No
// V8: the binding's ops, the engine and the unit tests drive it directly. Values (params, step
// results, event payloads, outputs) are opaque bytes: V8-serialized by the JavaScript half.
//
// The file is the one source of truth. An instance runs as a replay of its `run()` (the engine
// dispatches it as a worker event): each step asks the store for its recorded outcome first and
// records it once it has one, so a completed step never runs twice, even across a restart.
//
// Every call a run makes carries the instance's `generation` (bumped by restart()) and first
// checks the instance's status, in the same write transaction as its write: a terminated or
// restarted instance tells a stale run to abandon (its results are dropped), and a pause asked
// for while the run was busy takes effect there (the step boundary) — that is the Gate.
//
// A WorkflowStore is one connection and belongs to one thread; each serving thread and the
// engine open their own on the same file (WAL). Every write is committed when the call returns
// and survives kill -9. Time is passed in (milliseconds since the epoch), so tests can move it.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "edged/storage/database.h"
#include "edged/util/result.h"

namespace edged::bindings::workflows {

// Cloudflare's instance statuses (workers-types InstanceStatus["status"]).
enum class InstanceStatus {
  kQueued,
  kRunning,
  kPaused,
  kErrored,
  kTerminated,
  kComplete,
  kWaitingForPause,
  kWaiting,
};
std::string_view statusName(InstanceStatus status);
std::optional<InstanceStatus> parseStatus(std::string_view name);
// complete, errored, terminated: nothing runs any more (until restart()).
bool isFinished(InstanceStatus status);

struct StepError {
  std::string name;
  std::string message;
};

struct InstanceRecord {
  std::string id;
  InstanceStatus status = InstanceStatus::kQueued;
  int64_t generation = 1;
  std::string params;       // serialized
  int64_t created_at = 0;   // ms: event.timestamp
  std::optional<int64_t> wake_at;    // ms: when a suspended run should be replayed
  std::optional<std::string> output;  // complete: the serialized value run() returned
  std::optional<StepError> error;     // errored: what run() threw
};

// What a run may do after a call: go on, stop because the instance is now paused (it is
// replayed on resume()), or stop for good because it was terminated or restarted.
enum class Gate { kProceed, kPause, kAbandon };
std::string_view gateName(Gate gate);

// One step's persisted state, keyed by the run's step key (name and occurrence).
struct StepRecord {
  enum class State { kDone, kFailed, kPending };
  State state = State::kPending;
  std::string value;              // kDone: serialized result (waitForEvent: the event payload)
  StepError error;                // kFailed: what it finally threw
  int64_t attempts = 0;           // failed attempts so far
  std::optional<int64_t> wake_at;  // kPending: sleep end, event deadline or next retry (ms)
  std::optional<std::string> event_type;  // waitForEvent steps that received their event
  int64_t event_timestamp = 0;            // ms
};

struct RunStart {
  Gate gate = Gate::kAbandon;
  std::string params;
  int64_t created_at = 0;
};

struct StepLookup {
  Gate gate = Gate::kAbandon;
  std::optional<StepRecord> step;
};

// What pause(), resume(), terminate(), restart() and addEvent() found.
enum class ControlOutcome { kDone, kNotFound, kFinished };

// An instance the engine must (eventually) run: at `wake_at`, or now when unset.
struct Wakeup {
  std::string id;
  std::optional<int64_t> wake_at;
};

class WorkflowStore {
 public:
  // Opens (creating if needed) the Workflow's file and its directory.
  static Result<std::unique_ptr<WorkflowStore>> open(const std::filesystem::path& path);

  // ---- The binding: create, inspect and control instances ----
  // False when an instance with `id` exists already.
  Result<bool> create(std::string_view id, std::string_view params, int64_t now);
  Result<std::optional<InstanceRecord>> instance(std::string_view id);
  // Running → waitingForPause (the run pauses at its next step boundary); queued or waiting →
  // paused. Other statuses are left alone.
  Result<ControlOutcome> pause(std::string_view id, int64_t now);
  // paused → queued (to be replayed), with pending sleeps moved later by the time spent paused;
  // waitingForPause → running.
  Result<ControlOutcome> resume(std::string_view id, int64_t now);
  // kFinished for an instance already complete, errored or terminated.
  Result<ControlOutcome> terminate(std::string_view id);
  // Forgets every step and event, bumps the generation and queues the instance again.
  Result<ControlOutcome> restart(std::string_view id, int64_t now);
  // Queues an event for the instance's waitForEvent() calls (kFinished: it cannot wait any more,
  // and the event is dropped).
  Result<ControlOutcome> addEvent(std::string_view id, std::string_view type,
                                  std::string_view payload, int64_t now);
  // Instances not finished nor paused: what the engine resumes at start. A waitingForPause
  // instance (its run died before reaching a step boundary) becomes paused here.
  Result<std::vector<Wakeup>> unfinishedInstances(int64_t now);

  // ---- A run (one replay of run()) ----
  // Marks the instance running (a waiting one stays waiting until its replay gets past what it
  // waits for: a replay that only finds it must wait longer does not flicker) and returns its
  // params.
  Result<RunStart> beginRun(std::string_view id, int64_t generation, int64_t now);
  Result<StepLookup> step(std::string_view id, int64_t generation, std::string_view key, int64_t now);
  Result<Gate> completeStep(std::string_view id, int64_t generation, std::string_view key,
                            std::string_view value, int64_t now);
  // The step failed for good (no retries left, or a NonRetryableError).
  Result<Gate> failStep(std::string_view id, int64_t generation, std::string_view key,
                        int64_t attempts, const StepError& error, int64_t now);
  // A failed attempt with retries left: the next one is due at `next_at`; also how a sleep or a
  // waitForEvent records its end time (attempts 0).
  Result<Gate> deferStep(std::string_view id, int64_t generation, std::string_view key,
                         int64_t attempts, int64_t next_at, int64_t now);
  // waitForEvent: the oldest unconsumed event of `type` becomes the step's value (the step is
  // then returned kDone); none yet gives an empty step.
  Result<StepLookup> takeEvent(std::string_view id, int64_t generation, std::string_view key,
                               std::string_view type, int64_t now);
  // The run stops until `wake_at`: status waiting (a sleep or an event) or still running (a
  // retry delay). A pause asked for meanwhile takes effect (kPause).
  Result<Gate> suspend(std::string_view id, int64_t generation, int64_t wake_at, bool waiting,
                       int64_t now);
  Result<Gate> complete(std::string_view id, int64_t generation, std::string_view output, int64_t now);
  Result<Gate> fail(std::string_view id, int64_t generation, const StepError& error, int64_t now);

  const std::filesystem::path& path() const { return db_.path(); }

 private:
  explicit WorkflowStore(storage::Database db) : db_(std::move(db)) {}
  // Inside a write transaction: may the run of `generation` go on? (Makes a pending pause
  // effective.)
  Result<Gate> gate(std::string_view id, int64_t generation, int64_t now);
  Result<bool> setStatus(std::string_view id, InstanceStatus status);
  // A waiting instance whose replay got past its sleep or event is running again.
  Status markRunning(std::string_view id);
  // One write of a run: in a transaction that first takes gate(), runs `write` when
  // `applies(gate)` holds; the gate either way.
  Result<Gate> gatedWrite(std::string_view id, int64_t generation, int64_t now, bool (*applies)(Gate),
                          const std::function<Status()>& write);

  storage::Database db_;
};

// "<data-dir>/workflows/<worker>/<workflow>.sqlite", each name made file-safe.
std::filesystem::path workflowFile(const std::filesystem::path& data_dir, std::string_view worker,
                                   std::string_view workflow);

}  // namespace edged::bindings::workflows
