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
  std::string json =
      CompatibilityFlags::resolve(std::string("2024-01-01"), {"nodejs_compat"}).toJson();
  EXPECT_EQ(json.rfind(R"({"nodejs_compat":true,"nodejs_compat_v2":false,)"
                       R"("nodejs_compat_populate_process_env":false,)"
                       R"("assets_navigation_prefers_asset_serving":false,)",
                       0),
            0u);
  for (const CompatFlagInfo& info : compatFlagTable()) {
    EXPECT_NE(json.find("\"" + std::string(info.name) + "\":"), std::string::npos) << info.name;
  }
  EXPECT_EQ(json.back(), '}');
}

TEST(CompatibilityFlags, NodeModuleFlagsFollowTheirDates) {
  struct Case {
    CompatFlag flag;
    const char* date;
    const char* disable;
  };
  const Case cases[] = {
      {CompatFlag::kNodejsFsModule, "2025-09-15", "disable_nodejs_fs_module"},
      {CompatFlag::kNodejsHttpModules, "2025-08-15", "disable_nodejs_http_modules"},
      {CompatFlag::kNodejsHttpServerModules, "2025-09-01", "disable_nodejs_http_server_modules"},
      {CompatFlag::kNodejsHttp2Module, "2025-09-01", "disable_nodejs_http2_module"},
      {CompatFlag::kNodejsOsModule, "2025-09-15", "disable_nodejs_os_module"},
      {CompatFlag::kNodejsConsoleModule, "2025-09-21", "disable_nodejs_console_module"},
      {CompatFlag::kNodejsVmModule, "2025-10-01", "disable_nodejs_vm_module"},
      {CompatFlag::kNodejsPunycodeModule, "2025-12-04", "disable_nodejs_punycode_module"},
      {CompatFlag::kNodejsWasiModule, "2025-12-04", "disable_nodejs_wasi_module"},
      {CompatFlag::kNodejsSqliteModule, "2026-01-29", "disable_nodejs_sqlite_module"},
      {CompatFlag::kNodejsStreamWrapModule, "2026-01-29", "disable_nodejs_stream_wrap_module"},
      {CompatFlag::kNodejsV8Module, "2026-03-17", "disable_nodejs_v8_module"},
      {CompatFlag::kNodejsPerfHooksModule, "2026-03-17", "disable_nodejs_perf_hooks_module"},
      {CompatFlag::kNodejsProcessV2, "2025-09-15", "disable_nodejs_process_v2"},
  };
  for (const Case& c : cases) {
    EXPECT_TRUE(on(c.date, {"nodejs_compat"}, c.flag)) << c.date << " " << c.disable;
    EXPECT_FALSE(on("2025-02-11", {"nodejs_compat"}, c.flag)) << c.disable;
    EXPECT_FALSE(on(c.date, {"nodejs_compat", c.disable}, c.flag)) << c.disable;
    // Without nodejs_compat there are no node: modules at all.
    EXPECT_FALSE(on(c.date, {}, c.flag)) << c.disable;
  }
  EXPECT_TRUE(on("2025-02-11", {"nodejs_compat", "enable_nodejs_os_module"},
                 CompatFlag::kNodejsOsModule));
  EXPECT_FALSE(on("2025-09-14", {"nodejs_compat"}, CompatFlag::kNodejsFsModule));
}

}  // namespace
}  // namespace edged::runtime
