#include "edged/server/request_log.h"

#include <random>

#include "edged/util/clock.h"
#include "edged/util/log.h"

namespace edged::server {

bool requestLogSampled(const config::Observability& observability) {
  const std::optional<config::ObservabilityLogs>& logs = observability.logs;
  // Opt-in, as Workers Logs are on Cloudflare: a request line costs a write per request.
  if (observability.enabled != true) return false;
  if (logs && (logs->enabled == false || logs->invocation_logs == false)) return false;
  double rate = logs && logs->head_sampling_rate ? *logs->head_sampling_rate
                                                 : observability.head_sampling_rate.value_or(1.0);
  if (rate >= 1) return true;
  if (rate <= 0) return false;
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return std::uniform_real_distribution<double>(0, 1)(rng) < rate;
}

void recordFetch(const WorkerVersion& version, metrics::WorkerMetrics& metrics,
                 const net::HttpRequestHead& head, const std::string& request_id,
                 uint64_t start_ns, const api::FetchOutcome& outcome) {
  metrics.recordRequest(outcome.status, outcome.cpu_ns);
  if (!requestLogSampled(version.worker_config.observability)) return;
  uint64_t end_ns = outcome.response_ns != 0 ? outcome.response_ns : clock::monotonicNs();
  std::string_view path = head.target;
  // Absolute-form targets (proxies) carry scheme and host: keep only the path.
  if (size_t scheme = path.find("://"); scheme != std::string_view::npos && !path.starts_with("/")) {
    size_t slash = path.find('/', scheme + 3);
    path = slash == std::string_view::npos ? "/" : path.substr(slash);
  }
  path = path.substr(0, path.find('?'));
  log::requestLine({
      .worker = version.worker_name,
      .version = version.version_id,
      .request_id = request_id,
      .method = head.method,
      .path = path,
      .status = outcome.status,
      .duration_ms = static_cast<double>(end_ns - start_ns) / 1e6,
      .cpu_ms = static_cast<double>(outcome.cpu_ns) / 1e6,
      .outcome = api::outcomeName(outcome.kind),
  });
}

}  // namespace edged::server
