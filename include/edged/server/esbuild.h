#pragma once
// Runs esbuild (the bundler wrangler uses) as a child process with wrangler's options for
// Workers: ESM output, `workerd`/`worker`/`browser` export conditions, built-in modules external.

#include <filesystem>
#include <string>
#include <vector>

#include "edged/config/worker_config.h"
#include "edged/util/result.h"

namespace edged::server {

// The esbuild executable: $EDGED_ESBUILD, the project's node_modules, edged's own tool
// directory (installed by scripts/setup.sh), then PATH.
Result<std::filesystem::path> findEsbuild(const std::filesystem::path& project_dir);

// Bundles `worker.main` into `out_file`, and its source map into `out_file` + ".map" unless
// `upload_source_maps` is false. Files matched by a Data or CompiledWasm rule stay external
// (they become their own modules); Text rules are inlined as strings.
Status runEsbuild(const config::WorkerConfig& worker, const std::filesystem::path& out_file);

}  // namespace edged::server
