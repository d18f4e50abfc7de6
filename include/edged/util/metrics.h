#pragma once
// The process-wide metrics behind the admin listener's `GET /metrics` (Prometheus text format).
// Serving threads update plain atomics; the only lock guards creating a Worker's entry, which
// callers do once and then keep the pointer (entries live as long as the registry).

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace edged::metrics {

// A per-Worker limit a request broke (Prometheus label `kind`).
enum class LimitKind { kCpu, kMemory, kSubrequests, kCount };
// The binding a native operation served (Prometheus label `binding`).
enum class BindingKind {
  kKv, kD1, kR2, kDurableObject, kQueue, kWorkflow, kAnalyticsEngine, kAssets, kCache, kService,
  kCount
};
// A label value in the exposition format: backslash, double quote and newline escaped.
std::string labelValue(std::string_view value);
const char* limitKindName(LimitKind kind);
const char* bindingKindName(BindingKind kind);

// Upper bounds of the CPU time histogram's buckets, in seconds (1 ms .. 30 s; +Inf is implied).
inline constexpr std::array<double, 14> kCpuBucketsSeconds = {
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};

// One Worker's request counters.
class WorkerMetrics {
 public:
  // Counts one finished request: its HTTP status (0 when no response head was sent) and the
  // CPU time its JavaScript used.
  void recordRequest(int status, uint64_t cpu_ns);
  // Counts a request that broke `kind` (CPU and memory: the isolate was discarded; subrequests:
  // the call that went over threw).
  void recordLimitExceeded(LimitKind kind) {
    limits_exceeded_[static_cast<size_t>(kind)].fetch_add(1, std::memory_order_relaxed);
  }
  // Counts one operation on a binding (the native op the binding's JavaScript called).
  void recordBindingOp(BindingKind kind) {
    binding_ops_[static_cast<size_t>(kind)].fetch_add(1, std::memory_order_relaxed);
  }
  // Heap bytes the Worker's isolates use, as last sampled: each thread adds the change it saw.
  std::atomic<int64_t>& heapBytes() { return heap_bytes_; }

 private:
  friend class Registry;
  static constexpr int kStatuses = 1000;  // 0..999: writeHead allows 100..999, 0 = none
  std::array<std::atomic<uint64_t>, kStatuses> requests_by_status_{};
  std::array<std::atomic<uint64_t>, kCpuBucketsSeconds.size()> cpu_buckets_{};  // not cumulative
  std::atomic<uint64_t> cpu_count_{0};
  std::atomic<uint64_t> cpu_sum_ns_{0};
  std::array<std::atomic<uint64_t>, static_cast<size_t>(LimitKind::kCount)> limits_exceeded_{};
  std::array<std::atomic<uint64_t>, static_cast<size_t>(BindingKind::kCount)> binding_ops_{};
  std::atomic<int64_t> heap_bytes_{0};
};

class Registry {
 public:
  // The one registry `edged serve` exposes.
  static Registry& global();

  // The entry of Worker `name`, created on first use; the reference stays valid.
  WorkerMetrics& worker(std::string_view name);

  // Worker isolates alive in the process.
  std::atomic<int64_t>& isolates() { return isolates_; }
  // Durable Object instances alive in the process.
  std::atomic<int64_t>& durableObjects() { return durable_objects_; }
  // WebSocket connections open (a WebSocketPair or a fetch() WebSocket: one channel each).
  std::atomic<int64_t>& webSockets() { return websockets_; }
  // Requests refused with 413 because their body was larger than the server's max_body_mb
  // (before any Worker is chosen, so not per Worker).
  std::atomic<uint64_t>& bodiesTooLarge() { return bodies_too_large_; }

  // Everything in the Prometheus text exposition format (version 0.0.4).
  std::string exposition() const;

 private:
  mutable std::mutex mutex_;  // guards workers_ (not the counters inside)
  std::map<std::string, std::unique_ptr<WorkerMetrics>, std::less<>> workers_;
  std::atomic<int64_t> isolates_{0};
  std::atomic<int64_t> durable_objects_{0};
  std::atomic<int64_t> websockets_{0};
  std::atomic<uint64_t> bodies_too_large_{0};
};

}  // namespace edged::metrics
