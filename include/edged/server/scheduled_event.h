#pragma once
// The `scheduled` event of a cron trigger as the native side sees it: the payload runtime-js
// (api/33_scheduled.js) turns into a ScheduledController, and the outcome it reports back. Shared
// by the cron service and the test URL of `edged serve --test-scheduled`.

#include <cstdint>
#include <string>
#include <string_view>

#include "edged/api/worker_events.h"

namespace edged::server {

inline constexpr std::string_view kScheduledEventKind = "scheduled";

// {"cron": …, "scheduledTime": …} for internals.workerEvents.scheduled.
std::string scheduledPayload(std::string_view cron, int64_t scheduled_time_ms);

struct ScheduledResult {
  // workerd's outcome names: "ok", "exception", "exceededCpu", "exceededMemory".
  std::string outcome;
  bool no_retry = false;  // the handler called controller.noRetry()
  std::string error;      // the thrown error or the reason the event did not run; empty when ok
  bool ok() const { return outcome == "ok"; }
};

// Reads what the event reported (or why it did not run: an unknown Worker, a broken limit).
ScheduledResult scheduledResult(const api::WorkerEventOutcome& outcome);

}  // namespace edged::server
