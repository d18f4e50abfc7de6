#include "edged/server/worker_limits.h"

#include <gtest/gtest.h>

namespace edged::server {
namespace {

TEST(WorkerLimits, CloudflaresPaidPlanDefaults) {
  WorkerLimits limits = workerLimits({}, {});
  EXPECT_EQ(limits.cpu_limit_ns, 30'000'000'000ull);
  EXPECT_EQ(limits.heap_limit_bytes, 128u << 20);
  EXPECT_EQ(limits.subrequest_limit, 10'000u);
}

TEST(WorkerLimits, TheServerDefaultsApplyWhereWranglerSetsNothing) {
  LimitDefaults server{.cpu_ms = 50, .memory_mb = 256, .subrequests = 20};
  WorkerLimits limits = workerLimits({}, server);
  EXPECT_EQ(limits.cpu_limit_ns, 50'000'000ull);
  EXPECT_EQ(limits.heap_limit_bytes, 256u << 20);
  EXPECT_EQ(limits.subrequest_limit, 20u);
}

TEST(WorkerLimits, WranglersLimitsWinOverTheServers) {
  config::Limits wrangler{.cpu_ms = 10, .subrequests = 5};
  LimitDefaults server{.cpu_ms = 50, .memory_mb = 256, .subrequests = 20};
  WorkerLimits limits = workerLimits(wrangler, server);
  EXPECT_EQ(limits.cpu_limit_ns, 10'000'000ull);
  EXPECT_EQ(limits.subrequest_limit, 5u);
  EXPECT_EQ(limits.heap_limit_bytes, 256u << 20);  // memory is the server's alone
}

}  // namespace
}  // namespace edged::server
