#include "edged/util/metrics.h"

#include <gtest/gtest.h>

namespace edged::metrics {
namespace {

bool contains(const std::string& text, const std::string& line) {
  return text.find(line + "\n") != std::string::npos;
}

TEST(Metrics, EmptyRegistryHasTypesAndIsolates) {
  Registry registry;
  std::string text = registry.exposition();
  EXPECT_TRUE(contains(text, "# TYPE edged_requests_total counter"));
  EXPECT_TRUE(contains(text, "# TYPE edged_request_cpu_seconds histogram"));
  EXPECT_TRUE(contains(text, "# TYPE edged_isolates gauge"));
  EXPECT_TRUE(contains(text, "edged_isolates 0"));
}

TEST(Metrics, CountsRequestsByWorkerAndStatus) {
  Registry registry;
  WorkerMetrics& a = registry.worker("a");
  a.recordRequest(200, 0);
  a.recordRequest(200, 0);
  a.recordRequest(503, 0);
  registry.worker("b").recordRequest(404, 0);
  EXPECT_EQ(&registry.worker("a"), &a);
  std::string text = registry.exposition();
  EXPECT_TRUE(contains(text, R"(edged_requests_total{worker="a",status="200"} 2)"));
  EXPECT_TRUE(contains(text, R"(edged_requests_total{worker="a",status="503"} 1)"));
  EXPECT_TRUE(contains(text, R"(edged_requests_total{worker="b",status="404"} 1)"));
  EXPECT_EQ(text.find(R"(worker="a",status="404")"), std::string::npos);
}

TEST(Metrics, CpuHistogramIsCumulative) {
  Registry registry;
  WorkerMetrics& w = registry.worker("w");
  w.recordRequest(200, 500'000);         // 0.5 ms
  w.recordRequest(200, 20'000'000);      // 20 ms
  w.recordRequest(200, 60'000'000'000);  // 60 s: only +Inf
  std::string text = registry.exposition();
  EXPECT_TRUE(contains(text, R"(edged_request_cpu_seconds_bucket{worker="w",le="0.001"} 1)"));
  EXPECT_TRUE(contains(text, R"(edged_request_cpu_seconds_bucket{worker="w",le="0.01"} 1)"));
  EXPECT_TRUE(contains(text, R"(edged_request_cpu_seconds_bucket{worker="w",le="0.025"} 2)"));
  EXPECT_TRUE(contains(text, R"(edged_request_cpu_seconds_bucket{worker="w",le="30"} 2)"));
  EXPECT_TRUE(contains(text, R"(edged_request_cpu_seconds_bucket{worker="w",le="+Inf"} 3)"));
  EXPECT_TRUE(contains(text, R"(edged_request_cpu_seconds_count{worker="w"} 3)"));
  EXPECT_TRUE(contains(text, R"(edged_request_cpu_seconds_sum{worker="w"} 60.0205)"));
}

TEST(Metrics, EscapesLabelValues) {
  Registry registry;
  registry.worker("a\"b\\c\nd").recordRequest(200, 0);
  EXPECT_TRUE(contains(registry.exposition(),
                       R"(edged_requests_total{worker="a\"b\\c\nd",status="200"} 1)"));
}

TEST(Metrics, IsolatesGauge) {
  Registry registry;
  registry.isolates() += 3;
  registry.isolates() -= 1;
  EXPECT_TRUE(contains(registry.exposition(), "edged_isolates 2"));
}

TEST(Metrics, CountsLimitBreachesAndBindingOperationsByWorker) {
  Registry registry;
  WorkerMetrics& a = registry.worker("a");
  a.recordLimitExceeded(LimitKind::kSubrequests);
  a.recordLimitExceeded(LimitKind::kCpu);
  a.recordLimitExceeded(LimitKind::kCpu);
  a.recordBindingOp(BindingKind::kKv);
  a.recordBindingOp(BindingKind::kDurableObject);
  a.recordBindingOp(BindingKind::kKv);
  std::string text = registry.exposition();
  EXPECT_TRUE(contains(text, "# TYPE edged_limit_exceeded_total counter"));
  EXPECT_TRUE(contains(text, R"(edged_limit_exceeded_total{worker="a",kind="cpu"} 2)"));
  EXPECT_TRUE(contains(text, R"(edged_limit_exceeded_total{worker="a",kind="subrequests"} 1)"));
  EXPECT_EQ(text.find(R"(kind="memory")"), std::string::npos);  // nothing to report
  EXPECT_TRUE(contains(text, "# TYPE edged_binding_operations_total counter"));
  EXPECT_TRUE(contains(text, R"(edged_binding_operations_total{worker="a",binding="kv"} 2)"));
  EXPECT_TRUE(contains(text, R"(edged_binding_operations_total{worker="a",binding="durable_object"} 1)"));
}

TEST(Metrics, GaugesForHeapObjectsAndWebSockets) {
  Registry registry;
  registry.worker("a").heapBytes() += 4096;
  ++registry.durableObjects();
  registry.webSockets() += 3;
  ++registry.bodiesTooLarge();
  std::string text = registry.exposition();
  EXPECT_TRUE(contains(text, "# TYPE edged_isolate_heap_bytes gauge"));
  EXPECT_TRUE(contains(text, R"(edged_isolate_heap_bytes{worker="a"} 4096)"));
  EXPECT_TRUE(contains(text, "edged_durable_objects 1"));
  EXPECT_TRUE(contains(text, "edged_websockets 3"));
  EXPECT_TRUE(contains(text, "edged_request_body_too_large_total 1"));
}

}  // namespace
}  // namespace edged::metrics
