#pragma once
// Cloudflare's compatibility flags that change what the runtime offers, in one declarative
// table (DESIGN.md: code asks the table, never compares dates itself). A Worker's
// `compatibility_date` and `compatibility_flags` resolve once, when its bundle is built, into a
// `CompatibilityFlags` every isolate of that version reads.

#include <bitset>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace edged::runtime {

enum class CompatFlag {
  kNodejsCompat,                    // node:* built-in modules
  kNodejsCompatV2,                  // also Buffer/process globals and bare `buffer`-style imports
  kNodejsCompatPopulateProcessEnv,  // process.env holds the Worker's vars and secrets
  kAssetsNavigationPrefersAssetServing,  // navigation misses get not_found_handling, not the Worker
  // One flag per node:* module workerd turns on by date (all require nodejs_compat).
  kNodejsFsModule,  // node:fs and node:fs/promises
  kNodejsHttpModules,  // node:http and node:https (client side) and node:_http_*
  kNodejsHttpServerModules,  // node:http's server side and node:_http_server
  kNodejsHttp2Module,  // node:http2
  kNodejsOsModule,  // node:os
  kNodejsConsoleModule,  // node:console
  kNodejsVmModule,  // node:vm
  kNodejsPunycodeModule,  // node:punycode
  kNodejsClusterModule,  // node:cluster
  kNodejsTraceEventsModule,  // node:trace_events
  kNodejsDomainModule,  // node:domain
  kNodejsWasiModule,  // node:wasi
  kNodejsInspectorModule,  // node:inspector and node:inspector/promises
  kNodejsSqliteModule,  // node:sqlite
  kNodejsDgramModule,  // node:dgram
  kNodejsStreamWrapModule,  // node:_stream_wrap
  kNodejsReplModule,  // node:repl
  kNodejsV8Module,  // node:v8
  kNodejsTtyModule,  // node:tty
  kNodejsChildProcessModule,  // node:child_process
  kNodejsWorkerThreadsModule,  // node:worker_threads
  kNodejsReadlineModule,  // node:readline and node:readline/promises
  kNodejsPerfHooksModule,  // node:perf_hooks
  kNodejsProcessV2,        // process.cwd() is /bundle, where node:fs starts relative paths
  kCount,
};

struct CompatFlagInfo {
  CompatFlag flag;
  std::string_view name;                    // the enable flag, as written in compatibility_flags
  std::string_view enable_date;             // on by default from this date ("" = only by flag)
  std::string_view disable_flag;            // turns a date-enabled flag off ("" = none)
  std::optional<CompatFlag> requires_flag;  // only takes effect when this one is on
  std::string_view why;
};

// The table itself, for documentation and tests.
const std::vector<CompatFlagInfo>& compatFlagTable();

class CompatibilityFlags {
 public:
  CompatibilityFlags() = default;
  // `date` is YYYY-MM-DD (unset: the newest behaviour, as config_loader warns).
  static CompatibilityFlags resolve(const std::optional<std::string>& date,
                                    const std::vector<std::string>& flags);

  bool enabled(CompatFlag flag) const { return bits_.test(static_cast<size_t>(flag)); }
  // {"nodejs_compat":true,…}: every table entry, for runtime-js (internals.setCompatibility).
  std::string toJson() const;

 private:
  std::bitset<static_cast<size_t>(CompatFlag::kCount)> bits_;
};

}  // namespace edged::runtime
