#include "edged/server/tail_publish.h"

#include "edged/server/scheduled_event.h"
#include "edged/server/tail_event.h"
#include "edged/util/clock.h"

namespace edged::server {

std::optional<TailCapture> beginTailCapture(TailHub* hub, runtime::Realm& realm,
                                            const std::string& worker,
                                            const std::string& request_id) {
  if (hub == nullptr || !hub->tailed(worker)) return std::nullopt;
  return TailCapture{realm.state<runtime::RequestTraces>().begin(request_id), clock::nowMs(),
                     clock::monotonicNs()};
}

void publishFetchTail(TailHub& hub, const TailCapture& capture, const WorkerVersion& version,
                      const net::HttpRequestHead& head, std::string_view url,
                      const api::FetchOutcome& outcome) {
  uint64_t end_ns = outcome.response_ns != 0 ? outcome.response_ns : clock::monotonicNs();
  TailEventCommon common{
      .script_name = version.worker_name,
      .version_id = version.version_id,
      .outcome = api::outcomeName(outcome.kind),
      .event_timestamp_ms = capture.started_unix_ms,
      .wall_ms = static_cast<double>(end_ns - capture.started_ns) / 1e6,
      .cpu_ms = static_cast<double>(outcome.cpu_ns) / 1e6,
      .trace = capture.trace.get(),
  };
  TailEventFacts facts{
      .outcome = common.outcome,
      .method = head.method,
      .headers = &head.headers,
      .client_ip = head.remote_address,
      .version_id = version.version_id,
      .trace = capture.trace.get(),
  };
  hub.publish(version.worker_name, facts,
              [&] { return fetchTailEventJson(common, head, url, outcome.status); });
}

void publishEventTail(TailHub& hub, const TailCapture& capture, const WorkerVersion& version,
                      std::string_view kind, std::string_view payload_json,
                      const api::WorkerEventOutcome& outcome) {
  std::string outcome_name = outcome.ok ? "ok" : "exception";
  if (kind == kScheduledEventKind) outcome_name = scheduledResult(outcome).outcome;
  TailEventCommon common{
      .script_name = version.worker_name,
      .version_id = version.version_id,
      .outcome = outcome_name,
      .event_timestamp_ms = capture.started_unix_ms,
      .wall_ms = static_cast<double>(clock::monotonicNs() - capture.started_ns) / 1e6,
      .trace = capture.trace.get(),
  };
  std::string json = workerTailEventJson(common, kind, payload_json);
  if (json.empty()) return;
  TailEventFacts facts{
      .outcome = common.outcome, .version_id = version.version_id, .trace = capture.trace.get()};
  hub.publish(version.worker_name, facts, [&] { return std::move(json); });
}

}  // namespace edged::server
