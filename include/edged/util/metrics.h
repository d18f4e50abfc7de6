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

// Upper bounds of the CPU time histogram's buckets, in seconds (1 ms .. 30 s; +Inf is implied).
inline constexpr std::array<double, 14> kCpuBucketsSeconds = {
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};

// One Worker's request counters.
class WorkerMetrics {
 public:
  // Counts one finished request: its HTTP status (0 when no response head was sent) and the
  // CPU time its JavaScript used.
  void recordRequest(int status, uint64_t cpu_ns);

 private:
  friend class Registry;
  static constexpr int kStatuses = 1000;  // 0..999: writeHead allows 100..999, 0 = none
  std::array<std::atomic<uint64_t>, kStatuses> requests_by_status_{};
  std::array<std::atomic<uint64_t>, kCpuBucketsSeconds.size()> cpu_buckets_{};  // not cumulative
  std::atomic<uint64_t> cpu_count_{0};
  std::atomic<uint64_t> cpu_sum_ns_{0};
};

class Registry {
 public:
  // The one registry `edged serve` exposes.
  static Registry& global();

  // The entry of Worker `name`, created on first use; the reference stays valid.
  WorkerMetrics& worker(std::string_view name);

  // Worker isolates alive in the process.
  std::atomic<int64_t>& isolates() { return isolates_; }

  // Everything in the Prometheus text exposition format (version 0.0.4).
  std::string exposition() const;

 private:
  mutable std::mutex mutex_;  // guards workers_ (not the counters inside)
  std::map<std::string, std::unique_ptr<WorkerMetrics>, std::less<>> workers_;
  std::atomic<int64_t> isolates_{0};
};

}  // namespace edged::metrics
