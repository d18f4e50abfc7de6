// The compatibility-flag table: dates turn flags on, disable flags turn them off, and flags
// that only refine nodejs_compat stay off without it.
#include "edged/runtime/compatibility_flags.h"

#include <gtest/gtest.h>

namespace edged::runtime {
namespace {

bool on(const char* date, std::vector<std::string> flags, CompatFlag flag) {
  return CompatibilityFlags::resolve(std::string(date), flags).enabled(flag);
}

TEST(CompatibilityFlags, NodejsCompatIsOnByFlagOrFrom20260804) {
  EXPECT_FALSE(on("2026-08-03", {}, CompatFlag::kNodejsCompat));
  EXPECT_TRUE(on("2023-01-01", {"nodejs_compat"}, CompatFlag::kNodejsCompat));
  // Cloudflare's changelog of 2026-08-04: both flags on by date, off only with both opt-outs.
  EXPECT_TRUE(on("2026-08-04", {}, CompatFlag::kNodejsCompat));
  EXPECT_TRUE(on("2026-08-04", {}, CompatFlag::kNodejsCompatV2));
  EXPECT_FALSE(on("2026-09-01", {"no_nodejs_compat"}, CompatFlag::kNodejsCompat));
  EXPECT_FALSE(on("2026-09-01", {"no_nodejs_compat", "no_nodejs_compat_v2"}, CompatFlag::kNodejsCompatV2));
  EXPECT_FALSE(on("2026-09-01", {"no_nodejs_compat_v2"}, CompatFlag::kNodejsCompatV2));
}

TEST(CompatibilityFlags, AssetsNavigationPrefersAssetServingFollowsTheDate) {
  constexpr CompatFlag kFlag = CompatFlag::kAssetsNavigationPrefersAssetServing;
  EXPECT_FALSE(on("2025-03-31", {}, kFlag));
  EXPECT_TRUE(on("2025-04-01", {}, kFlag));
  EXPECT_TRUE(on("2024-01-01", {"assets_navigation_prefers_asset_serving"}, kFlag));
  EXPECT_FALSE(on("2025-06-01", {"assets_navigation_has_no_effect"}, kFlag));
}

TEST(CompatibilityFlags, NodejsCompatV2FollowsTheDateOnceNodejsCompatIsOn) {
  EXPECT_FALSE(on("2024-09-22", {"nodejs_compat"}, CompatFlag::kNodejsCompatV2));
  EXPECT_TRUE(on("2024-09-23", {"nodejs_compat"}, CompatFlag::kNodejsCompatV2));
  EXPECT_FALSE(on("2025-01-01", {}, CompatFlag::kNodejsCompatV2));
  EXPECT_FALSE(
      on("2025-01-01", {"nodejs_compat", "no_nodejs_compat_v2"}, CompatFlag::kNodejsCompatV2));
}

TEST(CompatibilityFlags, NodejsCompatV2AloneImpliesNodejsCompat) {
  EXPECT_TRUE(on("2023-01-01", {"nodejs_compat_v2"}, CompatFlag::kNodejsCompat));
  EXPECT_TRUE(on("2023-01-01", {"nodejs_compat_v2"}, CompatFlag::kNodejsCompatV2));
}

TEST(CompatibilityFlags, ProcessEnvIsPopulatedFromApril2025OrByFlag) {
  EXPECT_FALSE(on("2025-03-31", {"nodejs_compat"}, CompatFlag::kNodejsCompatPopulateProcessEnv));
  EXPECT_TRUE(on("2025-04-01", {"nodejs_compat"}, CompatFlag::kNodejsCompatPopulateProcessEnv));
  EXPECT_TRUE(on("2024-01-01", {"nodejs_compat", "nodejs_compat_populate_process_env"},
                 CompatFlag::kNodejsCompatPopulateProcessEnv));
  EXPECT_FALSE(on("2025-06-01", {"nodejs_compat", "nodejs_compat_do_not_populate_process_env"},
                  CompatFlag::kNodejsCompatPopulateProcessEnv));
  EXPECT_FALSE(on("2025-06-01", {}, CompatFlag::kNodejsCompatPopulateProcessEnv));
}

TEST(CompatibilityFlags, NoDateMeansTheNewestBehaviour) {
  auto flags = CompatibilityFlags::resolve(std::nullopt, {"nodejs_compat"});
  EXPECT_TRUE(flags.enabled(CompatFlag::kNodejsCompatV2));
  EXPECT_TRUE(flags.enabled(CompatFlag::kNodejsCompatPopulateProcessEnv));
}

TEST(CompatibilityFlags, JsonListsEveryFlag) {
  EXPECT_EQ(CompatibilityFlags::resolve(std::string("2024-01-01"), {"nodejs_compat"}).toJson(),
            R"({"nodejs_compat":true,"nodejs_compat_v2":false,)"
            R"("nodejs_compat_populate_process_env":false,)"
            R"("assets_navigation_prefers_asset_serving":false})");
}

}  // namespace
}  // namespace edged::runtime
