#pragma once
// Turns a Worker's config into the bundle of named modules the runtime loads, as `wrangler
// deploy` would upload it (DESIGN.md: modules). Plain JavaScript without bare imports is read
// as it is, every file under the base directory that a module rule matches becoming a module;
// TypeScript, JSX or npm imports go through esbuild first, as wrangler does.

#include <filesystem>
#include <memory>
#include <vector>

#include "edged/config/worker_config.h"
#include "edged/runtime/worker_bundle.h"
#include "edged/util/result.h"

namespace edged::server {

struct BundleOptions {
  // Where esbuild writes its output (per Worker); created when needed.
  std::filesystem::path work_dir;
};

// Result carries the bundle, or an error naming the file and what went wrong (esbuild's own
// message for a syntax or resolution error).
Result<std::shared_ptr<const runtime::WorkerBundle>> buildBundle(const config::WorkerConfig& worker,
                                                                 const BundleOptions& options);

// True when `main` must be bundled: TypeScript/JSX, or an import that is neither relative nor a
// built-in module (`cloudflare:`, `node:`, `workerd:`; with `bare_node_builtins`, which
// nodejs_compat_v2 turns on, also `buffer`, `events`, … without the prefix).
bool needsBundler(const std::filesystem::path& main, std::string_view source,
                  bool bare_node_builtins = false);

}  // namespace edged::server
