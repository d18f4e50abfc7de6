#include "edged/server/scheduled_event.h"

#include <fmt/format.h>
#include <simdjson.h>

#include "edged/util/json_escape.h"

namespace edged::server {

std::string scheduledPayload(std::string_view cron, int64_t scheduled_time_ms) {
  return fmt::format(R"({{"cron":{},"scheduledTime":{}}})", jsonQuote(cron), scheduled_time_ms);
}

ScheduledResult scheduledResult(const api::WorkerEventOutcome& outcome) {
  ScheduledResult result;
  if (!outcome.ok) {
    // The event did not finish: the isolate broke a limit (thread_runtime.cc's texts), the Worker
    // failed to start, or the server is stopping.
    if (outcome.error == "Worker exceeded CPU time limit.") {
      result.outcome = "exceededCpu";
    } else if (outcome.error == "Worker exceeded memory limit.") {
      result.outcome = "exceededMemory";
    } else {
      result.outcome = "exception";
    }
    result.error = outcome.error;
    return result;
  }
  // What api/33_scheduled.js returned: {outcome, noRetry, error?}.
  simdjson::dom::parser parser;
  simdjson::dom::object object;
  std::string_view text;
  if (parser.parse(outcome.result_json).get(object) != simdjson::SUCCESS ||
      object["outcome"].get(text) != simdjson::SUCCESS) {
    return {"exception", false, "the scheduled event reported an unreadable outcome"};
  }
  result.outcome = std::string(text);
  bool no_retry = false;
  if (object["noRetry"].get(no_retry) == simdjson::SUCCESS) result.no_retry = no_retry;
  if (object["error"].get(text) == simdjson::SUCCESS) result.error = std::string(text);
  return result;
}

}  // namespace edged::server
