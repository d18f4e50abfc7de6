#pragma once
// Where a serving thread meets the live log stream: a request or event of a Worker someone tails
// is traced (its console lines and exceptions collected, runtime/request_trace.h) and, once it
// finished, published to the tail hub as one TailEvent (tail_event.h).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "edged/api/fetch_event.h"
#include "edged/api/worker_events.h"
#include "edged/runtime/realm.h"
#include "edged/runtime/request_trace.h"
#include "edged/server/tail_hub.h"
#include "edged/server/worker_version.h"

namespace edged::server {

// A request or event being traced.
struct TailCapture {
  std::shared_ptr<runtime::RequestTrace> trace;
  double started_unix_ms = 0;
  uint64_t started_ns = 0;  // clock::monotonicNs()
};

// Starts tracing `request_id` in `realm` when a client tails `worker`; nothing (one atomic load)
// when nobody tails any Worker or `hub` is null.
std::optional<TailCapture> beginTailCapture(TailHub* hub, runtime::Realm& realm,
                                            const std::string& worker,
                                            const std::string& request_id);

// A finished fetch: the request as the Worker saw it (`url`) and its outcome.
void publishFetchTail(TailHub& hub, const TailCapture& capture, const WorkerVersion& version,
                      const net::HttpRequestHead& head, std::string_view url,
                      const api::FetchOutcome& outcome);

// A finished worker event (cron's `scheduled`, a queue batch); other kinds are not published.
void publishEventTail(TailHub& hub, const TailCapture& capture, const WorkerVersion& version,
                      std::string_view kind, std::string_view payload_json,
                      const api::WorkerEventOutcome& outcome);

}  // namespace edged::server
