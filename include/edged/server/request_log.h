#pragma once
// What edged records when a Worker's request finishes: one line in the server log (honouring
// the Worker's `observability` settings: `enabled`, `head_sampling_rate`, `logs.*`) and the
// process metrics (util/metrics.h).

#include <cstdint>
#include <string>

#include "edged/api/fetch_event.h"
#include "edged/config/worker_config.h"
#include "edged/net/http_types.h"
#include "edged/server/worker_version.h"
#include "edged/util/metrics.h"

namespace edged::server {

// Whether this request's line is logged: only when `observability.enabled` is true (opt-in, as
// on Cloudflare) and neither `logs.enabled` nor `logs.invocation_logs` is false, then with
// probability `head_sampling_rate` (the `logs` one first; default 1).
bool requestLogSampled(const config::Observability& observability);

// Logs (when sampled) and counts a finished fetch request that started at `start_ns`
// (clock::monotonicNs()).
void recordFetch(const WorkerVersion& version, metrics::WorkerMetrics& metrics,
                 const net::HttpRequestHead& head, const std::string& request_id,
                 uint64_t start_ns, const api::FetchOutcome& outcome);

}  // namespace edged::server
