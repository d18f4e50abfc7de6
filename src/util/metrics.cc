#include "edged/util/metrics.h"

#include <fmt/format.h>

#include <algorithm>

namespace edged::metrics {
namespace {

// A label value in the exposition format: backslash, double quote and newline escaped.
std::string labelValue(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

}  // namespace

void WorkerMetrics::recordRequest(int status, uint64_t cpu_ns) {
  if (status < 0 || status >= kStatuses) status = 0;
  requests_by_status_[status].fetch_add(1, std::memory_order_relaxed);
  double seconds = static_cast<double>(cpu_ns) / 1e9;
  for (size_t i = 0; i < kCpuBucketsSeconds.size(); ++i) {
    if (seconds <= kCpuBucketsSeconds[i]) {
      cpu_buckets_[i].fetch_add(1, std::memory_order_relaxed);
      break;
    }
  }
  cpu_count_.fetch_add(1, std::memory_order_relaxed);
  cpu_sum_ns_.fetch_add(cpu_ns, std::memory_order_relaxed);
}

Registry& Registry::global() {
  static Registry registry;
  return registry;
}

WorkerMetrics& Registry::worker(std::string_view name) {
  std::lock_guard lock(mutex_);
  auto it = workers_.find(name);
  if (it == workers_.end()) {
    it = workers_.emplace(std::string(name), std::make_unique<WorkerMetrics>()).first;
  }
  return *it->second;
}

std::string Registry::exposition() const {
  std::lock_guard lock(mutex_);
  std::string out;
  out += "# HELP edged_requests_total Requests a Worker finished, by response status (0: none sent).\n";
  out += "# TYPE edged_requests_total counter\n";
  for (const auto& [name, worker] : workers_) {
    std::string label = labelValue(name);
    for (int status = 0; status < WorkerMetrics::kStatuses; ++status) {
      uint64_t count = worker->requests_by_status_[status].load(std::memory_order_relaxed);
      if (count == 0) continue;
      out += fmt::format("edged_requests_total{{worker=\"{}\",status=\"{}\"}} {}\n", label, status,
                         count);
    }
  }
  out += "# HELP edged_request_cpu_seconds CPU time a request's JavaScript used.\n";
  out += "# TYPE edged_request_cpu_seconds histogram\n";
  for (const auto& [name, worker] : workers_) {
    std::string label = labelValue(name);
    uint64_t cumulative = 0;
    for (size_t i = 0; i < kCpuBucketsSeconds.size(); ++i) {
      cumulative += worker->cpu_buckets_[i].load(std::memory_order_relaxed);
      out += fmt::format("edged_request_cpu_seconds_bucket{{worker=\"{}\",le=\"{}\"}} {}\n", label,
                         kCpuBucketsSeconds[i], cumulative);
    }
    uint64_t count = worker->cpu_count_.load(std::memory_order_relaxed);
    // Counters are read one by one while requests finish: +Inf must not fall below a bucket.
    count = std::max(count, cumulative);
    out += fmt::format("edged_request_cpu_seconds_bucket{{worker=\"{}\",le=\"+Inf\"}} {}\n", label,
                       count);
    out += fmt::format("edged_request_cpu_seconds_sum{{worker=\"{}\"}} {}\n", label,
                       worker->cpu_sum_ns_.load(std::memory_order_relaxed) / 1e9);
    out += fmt::format("edged_request_cpu_seconds_count{{worker=\"{}\"}} {}\n", label, count);
  }
  out += "# HELP edged_isolates Worker isolates alive.\n";
  out += "# TYPE edged_isolates gauge\n";
  out += fmt::format("edged_isolates {}\n", isolates_.load(std::memory_order_relaxed));
  return out;
}

}  // namespace edged::metrics
