#pragma once
// CommonJS packages call `require("events")`; esbuild leaves a built-in external and turns the
// call into its `__require` shim, which throws "Dynamic require of "events" is not supported"
// unless a `require` is in scope. wrangler's hybrid nodejs_compat plugin answers each such call
// with the module's default export; edged does the same with a banner that defines a
// module-scoped `require` over the built-ins the bundle requires (read from esbuild's metafile).

#include <filesystem>
#include <string>
#include <vector>

#include "edged/util/result.h"

namespace edged::server {

// The built-in modules (`events`, `node:buffer`, as written) that the bundle described by
// esbuild's metafile loads with require() calls, sorted and without repeats.
Result<std::vector<std::string>> builtinRequireCalls(const std::filesystem::path& metafile);

// JavaScript for esbuild's --banner:js that makes `require(name)` return each module's default
// export. A module the runtime does not offer throws its "No such module" error when required,
// not at start-up, so `try { require("fs") } catch {}` keeps working.
std::string builtinRequireBanner(const std::vector<std::string>& modules);

}  // namespace edged::server
