#pragma once
// Finds the source maps of a Worker's modules on disk, for stack traces in logs and tails
// (runtime/source_maps.h): the map esbuild wrote next to its output, and for modules read as
// they are (no_bundle, or an upload through the admin API, whose `application/source-map`
// parts are stored as `<module>.map`) the file their `//# sourceMappingURL=` comment names, else
// `<module>.map` beside them.

#include <filesystem>
#include <memory>

#include "edged/runtime/worker_bundle.h"

namespace edged::server {

// The maps of `bundle`'s ES modules, read from `base` (the directory module names are relative
// to); sources are shown relative to `project_dir`. Null when no module has one. A map that
// cannot be read is skipped with a warning: stack traces are worth less than starting.
std::shared_ptr<const runtime::SourceMaps> findSourceMaps(const runtime::WorkerBundle& bundle,
                                                          const std::filesystem::path& base,
                                                          const std::filesystem::path& project_dir);

}  // namespace edged::server
