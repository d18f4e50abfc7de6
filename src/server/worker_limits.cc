#include "edged/server/worker_limits.h"

namespace edged::server {

WorkerLimits workerLimits(const config::Limits& wrangler, const LimitDefaults& defaults) {
  int64_t cpu_ms = wrangler.cpu_ms.value_or(defaults.cpu_ms);
  int64_t subrequests = wrangler.subrequests.value_or(defaults.subrequests);
  return {
      .cpu_limit_ns = static_cast<uint64_t>(cpu_ms) * 1'000'000ull,
      .heap_limit_bytes = static_cast<size_t>(defaults.memory_mb) << 20,
      .subrequest_limit = static_cast<uint32_t>(subrequests),
  };
}

}  // namespace edged::server
