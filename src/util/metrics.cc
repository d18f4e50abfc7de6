#include "edged/util/metrics.h"

#include <fmt/format.h>

#include <algorithm>

namespace edged::metrics {

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

const char* limitKindName(LimitKind kind) {
  switch (kind) {
    case LimitKind::kCpu: return "cpu";
    case LimitKind::kMemory: return "memory";
    case LimitKind::kSubrequests: return "subrequests";
    case LimitKind::kCount: break;
  }
  return "unknown";
}

const char* bindingKindName(BindingKind kind) {
  switch (kind) {
    case BindingKind::kKv: return "kv";
    case BindingKind::kD1: return "d1";
    case BindingKind::kR2: return "r2";
    case BindingKind::kDurableObject: return "durable_object";
    case BindingKind::kQueue: return "queue";
    case BindingKind::kWorkflow: return "workflow";
    case BindingKind::kAnalyticsEngine: return "analytics_engine";
    case BindingKind::kAssets: return "assets";
    case BindingKind::kCache: return "cache";
    case BindingKind::kService: return "service";
    case BindingKind::kCount: break;
  }
  return "unknown";
}

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
  out += "# HELP edged_limit_exceeded_total Requests that broke a per-Worker limit, by kind.\n";
  out += "# TYPE edged_limit_exceeded_total counter\n";
  for (const auto& [name, worker] : workers_) {
    for (size_t i = 0; i < worker->limits_exceeded_.size(); ++i) {
      uint64_t count = worker->limits_exceeded_[i].load(std::memory_order_relaxed);
      if (count == 0) continue;
      out += fmt::format("edged_limit_exceeded_total{{worker=\"{}\",kind=\"{}\"}} {}\n",
                         labelValue(name), limitKindName(static_cast<LimitKind>(i)), count);
    }
  }
  out += "# HELP edged_binding_operations_total Operations Workers ran on their bindings.\n";
  out += "# TYPE edged_binding_operations_total counter\n";
  for (const auto& [name, worker] : workers_) {
    for (size_t i = 0; i < worker->binding_ops_.size(); ++i) {
      uint64_t count = worker->binding_ops_[i].load(std::memory_order_relaxed);
      if (count == 0) continue;
      out += fmt::format("edged_binding_operations_total{{worker=\"{}\",binding=\"{}\"}} {}\n",
                         labelValue(name), bindingKindName(static_cast<BindingKind>(i)), count);
    }
  }
  out += "# HELP edged_isolate_heap_bytes Heap the Worker's isolates use (sampled every 2 s).\n";
  out += "# TYPE edged_isolate_heap_bytes gauge\n";
  for (const auto& [name, worker] : workers_) {
    out += fmt::format("edged_isolate_heap_bytes{{worker=\"{}\"}} {}\n", labelValue(name),
                       std::max<int64_t>(0, worker->heap_bytes_.load(std::memory_order_relaxed)));
  }
  out += "# HELP edged_request_body_too_large_total Requests refused with 413 (body too large).\n";
  out += "# TYPE edged_request_body_too_large_total counter\n";
  out += fmt::format("edged_request_body_too_large_total {}\n",
                     bodies_too_large_.load(std::memory_order_relaxed));
  out += "# HELP edged_isolates Worker isolates alive.\n";
  out += "# TYPE edged_isolates gauge\n";
  out += fmt::format("edged_isolates {}\n", isolates_.load(std::memory_order_relaxed));
  out += "# HELP edged_durable_objects Durable Object instances alive.\n";
  out += "# TYPE edged_durable_objects gauge\n";
  out += fmt::format("edged_durable_objects {}\n",
                     durable_objects_.load(std::memory_order_relaxed));
  out += "# HELP edged_websockets WebSocket connections open.\n";
  out += "# TYPE edged_websockets gauge\n";
  out += fmt::format("edged_websockets {}\n", websockets_.load(std::memory_order_relaxed));
  return out;
}

}  // namespace edged::metrics
