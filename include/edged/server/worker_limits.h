#pragma once
// The limits one Worker's isolates run under: what its wrangler.jsonc `limits` says, else the
// server's defaults (edged.jsonc `limits`), else Cloudflare's paid-plan defaults. Memory has no
// wrangler setting (128 MB on Cloudflare): only the server sets it.

#include <cstddef>
#include <cstdint>

#include "edged/config/worker_config.h"
#include "edged/runtime/subrequest_limits.h"

namespace edged::server {

// Cloudflare's default CPU limit on paid plans (limits.cpu_ms absent): 30 s per request.
constexpr int64_t kDefaultCpuMs = 30'000;
constexpr uint64_t kDefaultMemoryMb = 128;  // Cloudflare's per-isolate memory
constexpr size_t kDefaultHeapLimitBytes = kDefaultMemoryMb << 20;

// The server's defaults for Workers that do not set a limit themselves.
struct LimitDefaults {
  int64_t cpu_ms = kDefaultCpuMs;
  uint64_t memory_mb = kDefaultMemoryMb;
  int64_t subrequests = runtime::kDefaultSubrequestLimit;
};

struct WorkerLimits {
  uint64_t cpu_limit_ns;
  size_t heap_limit_bytes;
  uint32_t subrequest_limit;
};

WorkerLimits workerLimits(const config::Limits& wrangler, const LimitDefaults& defaults);

}  // namespace edged::server
