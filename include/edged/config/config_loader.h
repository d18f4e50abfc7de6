#pragma once
// wrangler.jsonc (or wrangler.json) → WorkerConfig, validated.
//
// Every problem is one message naming the file, the field and what was expected:
//   wrangler.jsonc:12:5: expected ',' or '}'
//   wrangler.jsonc: field "limits.cpu_ms" must be a positive integer up to 300000, got "abc"
//   wrangler.jsonc: unknown field "kv_namespace" (did you mean "kv_namespaces"?)
// Valid wrangler settings that edged ignores or does not serve yet become warnings, never
// silence. TOML configs are refused with a hint to convert them.

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "edged/config/dev_vars.h"
#include "edged/config/worker_config.h"
#include "edged/util/result.h"

namespace edged::config {

struct LoadOptions {
  // `env.<name>` to apply, like `wrangler --env <name>`.
  std::optional<std::string> environment;
  // compatibility_date may not be later than this; unset means today in the easternmost time
  // zone (UTC+14), so no user's "today" is refused.
  std::optional<std::chrono::year_month_day> today;
  // Sections this build serves ("kv_namespaces", "durable_objects", "triggers"...). A present
  // section that is not listed is reported as a warning naming what the Worker will lack.
  std::set<std::string, std::less<>> served_sections;
  // Scanned for EDGED_SECRET_<NAME> (see dev_vars.h); the CLI passes processEnvironment().
  EnvironmentVariables process_env;
  // `edged serve` needs a name; a caller that names the Worker itself may not.
  bool require_name = true;
  // False: look at nothing but the text — `main` is not checked for existence and no secrets
  // are loaded. For the fuzzer, and for validating a config whose files are not there yet.
  bool use_filesystem = true;
};

struct LoadedConfig {
  WorkerConfig worker;
  // From .dev.vars/.env and EDGED_SECRET_*; a secret replaces a var of the same name.
  std::vector<Secret> secrets;
  // Each "<file>: <message>", for the caller to log.
  std::vector<std::string> warnings;
};

Result<LoadedConfig> loadConfig(const std::filesystem::path& file, const LoadOptions& options);

// The same from text already read; `file` is where it came from: it names the config in messages
// and anchors relative paths (its directory must exist only when options.use_filesystem).
Result<LoadedConfig> loadConfigFromText(std::string_view text, const std::filesystem::path& file,
                                        const LoadOptions& options);

}  // namespace edged::config
