#pragma once
// A Worker as uploaded: named modules and which one is the entry point, the shape wrangler
// sends to Cloudflare (one multipart part per module). Immutable once built and shared by
// every thread's isolate of that Worker version.

#include <memory>
#include <string>
#include <vector>

#include "edged/runtime/compatibility_flags.h"
#include "edged/runtime/source_maps.h"

namespace edged::runtime {

// Module kinds of wrangler's `rules` (ESModule, Text, Data, CompiledWasm) plus JSON.
enum class ModuleType { kEsModule, kText, kData, kCompiledWasm, kJson };

struct BundleModule {
  std::string name;     // e.g. "index.js", "lib/util.js", "data/hello.txt"
  ModuleType type;
  std::string content;  // source text or raw bytes
};

struct WorkerBundle {
  std::string main_module;
  std::vector<BundleModule> modules;
  // From compatibility_date and compatibility_flags, which wrangler uploads with the modules.
  CompatibilityFlags compatibility;
  // The modules' source maps, for stack traces in logs and tails; null when there are none.
  std::shared_ptr<const SourceMaps> source_maps;

  const BundleModule* find(const std::string& name) const {
    for (const auto& m : modules) {
      if (m.name == name) return &m;
    }
    return nullptr;
  }
};

}  // namespace edged::runtime
