#include "edged/runtime/compatibility_flags.h"

#include <algorithm>

namespace edged::runtime {

const std::vector<CompatFlagInfo>& compatFlagTable() {
  // Names and dates from Cloudflare's compatibility-flags page.
  static const std::vector<CompatFlagInfo> kTable = {
      {CompatFlag::kNodejsCompat, "nodejs_compat", "2026-08-04", "no_nodejs_compat", std::nullopt,
       "node: built-in modules (node:buffer, node:events, …)"},
      {CompatFlag::kNodejsCompatV2, "nodejs_compat_v2", "2024-09-23", "no_nodejs_compat_v2",
       CompatFlag::kNodejsCompat,
       "Buffer and process as globals; built-ins importable without the node: prefix"},
      {CompatFlag::kNodejsCompatPopulateProcessEnv, "nodejs_compat_populate_process_env",
       "2025-04-01", "nodejs_compat_do_not_populate_process_env", CompatFlag::kNodejsCompat,
       "process.env holds the Worker's text vars and secrets"},
      {CompatFlag::kAssetsNavigationPrefersAssetServing, "assets_navigation_prefers_asset_serving",
       "2025-04-01", "assets_navigation_has_no_effect", std::nullopt,
       "a navigation request no static asset answers gets not_found_handling, not the Worker"},
      // node:* modules workerd publishes by date (dates from @cloudflare/unenv-preset).
      {CompatFlag::kNodejsFsModule, "enable_nodejs_fs_module", "2025-09-15", "disable_nodejs_fs_module", CompatFlag::kNodejsCompat,
       "node:fs and node:fs/promises"},
      {CompatFlag::kNodejsHttpModules, "enable_nodejs_http_modules", "2025-08-15", "disable_nodejs_http_modules", CompatFlag::kNodejsCompat,
       "node:http and node:https (client side) and node:_http_*"},
      {CompatFlag::kNodejsHttpServerModules, "enable_nodejs_http_server_modules", "2025-09-01", "disable_nodejs_http_server_modules", CompatFlag::kNodejsCompat,
       "node:http's server side and node:_http_server"},
      {CompatFlag::kNodejsHttp2Module, "enable_nodejs_http2_module", "2025-09-01", "disable_nodejs_http2_module", CompatFlag::kNodejsCompat,
       "node:http2"},
      {CompatFlag::kNodejsOsModule, "enable_nodejs_os_module", "2025-09-15", "disable_nodejs_os_module", CompatFlag::kNodejsCompat,
       "node:os"},
      {CompatFlag::kNodejsConsoleModule, "enable_nodejs_console_module", "2025-09-21", "disable_nodejs_console_module", CompatFlag::kNodejsCompat,
       "node:console"},
      {CompatFlag::kNodejsVmModule, "enable_nodejs_vm_module", "2025-10-01", "disable_nodejs_vm_module", CompatFlag::kNodejsCompat,
       "node:vm"},
      {CompatFlag::kNodejsPunycodeModule, "enable_nodejs_punycode_module", "2025-12-04", "disable_nodejs_punycode_module", CompatFlag::kNodejsCompat,
       "node:punycode"},
      {CompatFlag::kNodejsClusterModule, "enable_nodejs_cluster_module", "2025-12-04", "disable_nodejs_cluster_module", CompatFlag::kNodejsCompat,
       "node:cluster"},
      {CompatFlag::kNodejsTraceEventsModule, "enable_nodejs_trace_events_module", "2025-12-04", "disable_nodejs_trace_events_module", CompatFlag::kNodejsCompat,
       "node:trace_events"},
      {CompatFlag::kNodejsDomainModule, "enable_nodejs_domain_module", "2025-12-04", "disable_nodejs_domain_module", CompatFlag::kNodejsCompat,
       "node:domain"},
      {CompatFlag::kNodejsWasiModule, "enable_nodejs_wasi_module", "2025-12-04", "disable_nodejs_wasi_module", CompatFlag::kNodejsCompat,
       "node:wasi"},
      {CompatFlag::kNodejsInspectorModule, "enable_nodejs_inspector_module", "2026-01-29", "disable_nodejs_inspector_module", CompatFlag::kNodejsCompat,
       "node:inspector and node:inspector/promises"},
      {CompatFlag::kNodejsSqliteModule, "enable_nodejs_sqlite_module", "2026-01-29", "disable_nodejs_sqlite_module", CompatFlag::kNodejsCompat,
       "node:sqlite"},
      {CompatFlag::kNodejsDgramModule, "enable_nodejs_dgram_module", "2026-01-29", "disable_nodejs_dgram_module", CompatFlag::kNodejsCompat,
       "node:dgram"},
      {CompatFlag::kNodejsStreamWrapModule, "enable_nodejs_stream_wrap_module", "2026-01-29", "disable_nodejs_stream_wrap_module", CompatFlag::kNodejsCompat,
       "node:_stream_wrap"},
      {CompatFlag::kNodejsReplModule, "enable_nodejs_repl_module", "2026-03-17", "disable_nodejs_repl_module", CompatFlag::kNodejsCompat,
       "node:repl"},
      {CompatFlag::kNodejsV8Module, "enable_nodejs_v8_module", "2026-03-17", "disable_nodejs_v8_module", CompatFlag::kNodejsCompat,
       "node:v8"},
      {CompatFlag::kNodejsTtyModule, "enable_nodejs_tty_module", "2026-03-17", "disable_nodejs_tty_module", CompatFlag::kNodejsCompat,
       "node:tty"},
      {CompatFlag::kNodejsChildProcessModule, "enable_nodejs_child_process_module", "2026-03-17", "disable_nodejs_child_process_module", CompatFlag::kNodejsCompat,
       "node:child_process"},
      {CompatFlag::kNodejsWorkerThreadsModule, "enable_nodejs_worker_threads_module", "2026-03-17", "disable_nodejs_worker_threads_module", CompatFlag::kNodejsCompat,
       "node:worker_threads"},
      {CompatFlag::kNodejsReadlineModule, "enable_nodejs_readline_module", "2026-03-17", "disable_nodejs_readline_module", CompatFlag::kNodejsCompat,
       "node:readline and node:readline/promises"},
      {CompatFlag::kNodejsPerfHooksModule, "enable_nodejs_perf_hooks_module", "2026-03-17", "disable_nodejs_perf_hooks_module", CompatFlag::kNodejsCompat,
       "node:perf_hooks"},
      {CompatFlag::kNodejsProcessV2, "enable_nodejs_process_v2", "2025-09-15",
       "disable_nodejs_process_v2", CompatFlag::kNodejsCompat,
       "process.cwd() is /bundle (the Worker's modules in node:fs), as workerd's process v2"},
  };
  return kTable;
}

CompatibilityFlags CompatibilityFlags::resolve(const std::optional<std::string>& date,
                                               const std::vector<std::string>& flags) {
  auto listed = [&](std::string_view name) {
    return !name.empty() && std::find(flags.begin(), flags.end(), name) != flags.end();
  };
  CompatibilityFlags out;
  for (const CompatFlagInfo& info : compatFlagTable()) {
    // ISO dates compare as strings; no date means the newest behaviour.
    bool by_date = !info.enable_date.empty() && (!date || *date >= info.enable_date);
    bool on = listed(info.name) || (by_date && !listed(info.disable_flag));
    out.bits_.set(static_cast<size_t>(info.flag), on);
  }
  // nodejs_compat_v2 on its own also turns on node: modules (Cloudflare: "implies nodejs_compat").
  if (out.enabled(CompatFlag::kNodejsCompatV2) && listed("nodejs_compat_v2")) {
    out.bits_.set(static_cast<size_t>(CompatFlag::kNodejsCompat));
  }
  for (const CompatFlagInfo& info : compatFlagTable()) {
    if (info.requires_flag && !out.enabled(*info.requires_flag)) {
      out.bits_.reset(static_cast<size_t>(info.flag));
    }
  }
  return out;
}

std::string CompatibilityFlags::toJson() const {
  std::string json = "{";
  for (const CompatFlagInfo& info : compatFlagTable()) {
    if (json.size() > 1) json += ',';
    json += '"';
    json += info.name;
    json += enabled(info.flag) ? "\":true" : "\":false";
  }
  return json + "}";
}

}  // namespace edged::runtime
