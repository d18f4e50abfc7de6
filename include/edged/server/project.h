#pragma once
// Loading a Worker project from its wrangler.jsonc: config, bundle and env, ready to serve.
// Shared by `edged serve` and `edged check`.

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "edged/config/config_loader.h"
#include "edged/server/worker_version.h"
#include "edged/util/result.h"

namespace edged::server {

// Config sections this build serves; others present in a config are reported as warnings.
const std::set<std::string, std::less<>>& servedSections();

Result<config::LoadedConfig> loadProjectConfig(const std::filesystem::path& config_file,
                                               const std::optional<std::string>& environment);

// Bundles the Worker (esbuild output under `<data_dir>/build/<name>`) and makes its first
// version, whose persistent state lives under `data_dir`.
Result<std::shared_ptr<const WorkerVersion>> buildVersion(const config::LoadedConfig& loaded,
                                                          const std::filesystem::path& data_dir);

// Starts the Worker once in a scratch isolate and stops it: what `edged check` runs to report
// syntax errors, missing modules and start-up exceptions without serving.
Status checkWorkerStarts(const WorkerVersion& version);

}  // namespace edged::server
