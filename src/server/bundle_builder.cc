#include "edged/server/bundle_builder.h"

#include <fstream>
#include <regex>
#include <sstream>

#include "edged/config/module_rules.h"
#include "edged/server/esbuild.h"
#include "edged/runtime/node_builtins.h"
#include "edged/server/source_map_files.h"

namespace edged::server {
namespace fs = std::filesystem;
namespace {

// Bounds on what a directory scan may pull into a bundle (Cloudflare's limit is 10 MiB
// compressed; a scan that finds more has wandered into the wrong directory).
constexpr size_t kMaxModules = 2000;
constexpr uintmax_t kMaxBundleBytes = 64u << 20;

Result<std::string> readFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return makeError("cannot read " + path.string());
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::optional<runtime::ModuleType> runtimeType(config::ModuleType type) {
  switch (type) {
    case config::ModuleType::kESModule: return runtime::ModuleType::kEsModule;
    case config::ModuleType::kText: return runtime::ModuleType::kText;
    case config::ModuleType::kData: return runtime::ModuleType::kData;
    case config::ModuleType::kCompiledWasm: return runtime::ModuleType::kCompiledWasm;
    default: return std::nullopt;
  }
}

// wrangler's find_additional_modules: every file under `base` that a rule matches, named by its
// path relative to `base`. node_modules and dot-directories are never modules of their own.
Status collectModules(const fs::path& base, const std::vector<config::ModuleRule>& rules,
                      runtime::WorkerBundle& bundle, const std::string& skip_name) {
  std::error_code ec;
  uintmax_t total = 0;
  fs::recursive_directory_iterator it(base, fs::directory_options::skip_permission_denied, ec);
  if (ec) return makeError("cannot list " + base.string() + ": " + ec.message());
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) return makeError("cannot list " + base.string() + ": " + ec.message());
    const fs::path& path = it->path();
    std::string leaf = path.filename().string();
    if (it->is_directory() && (leaf == "node_modules" || leaf.starts_with("."))) {
      it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file()) continue;
    std::string name = fs::relative(path, base).generic_string();
    if (name == skip_name) continue;
    std::optional<config::ModuleType> type = config::moduleTypeFor(rules, name);
    if (!type) continue;
    std::optional<runtime::ModuleType> kind = runtimeType(*type);
    if (!kind) {
      return makeError(name + ": modules of type " + std::string(config::moduleTypeName(*type)) +
                       " are not supported by edged");
    }
    if (bundle.modules.size() >= kMaxModules) {
      return makeError(base.string() + " holds more than " + std::to_string(kMaxModules) +
                       " module files; set base_dir to the Worker's own source directory");
    }
    Result<std::string> content = readFile(path);
    if (!content.ok()) return content.error();
    total += content->size();
    if (total > kMaxBundleBytes) {
      return makeError("the Worker's modules under " + base.string() + " exceed 64 MiB");
    }
    bundle.modules.push_back({name, *kind, std::move(content).value()});
  }
  return Ok{};
}

}  // namespace

bool needsBundler(const fs::path& main, std::string_view source, bool bare_node_builtins) {
  std::string ext = main.extension().string();
  if (ext == ".ts" || ext == ".tsx" || ext == ".mts" || ext == ".cts" || ext == ".jsx") return true;
  // import … from "x", export … from "x", import "x", import("x") — also minified
  // (`import{a}from"x"`, `export*from"x"`).
  static const std::regex kImport(
      R"((?:^|[;\s}])(?:import|export)\s*(?:[\w*{}\s,$]*?\s*\bfrom\s*)?["']([^"']+)["']|\bimport\s*\(\s*["']([^"']+)["'])");
  std::string text(source);
  for (std::sregex_iterator it(text.begin(), text.end(), kImport), end; it != end; ++it) {
    std::string specifier = (*it)[1].matched ? (*it)[1].str() : (*it)[2].str();
    if (specifier.starts_with("./") || specifier.starts_with("../") || specifier.starts_with("/") ||
        specifier.starts_with("cloudflare:") || specifier.starts_with("node:") ||
        specifier.starts_with("workerd:") ||
        (bare_node_builtins && runtime::isNodeBuiltinModule(specifier))) {
      continue;
    }
    return true;
  }
  return false;
}

Result<std::shared_ptr<const runtime::WorkerBundle>> buildBundle(const config::WorkerConfig& worker,
                                                                 const BundleOptions& options) {
  auto bundle = std::make_shared<runtime::WorkerBundle>();
  auto compatibility =
      runtime::CompatibilityFlags::resolve(worker.compatibility_date, worker.compatibility_flags);
  // An assets-only Worker: every request is answered by its assets (server/thread_runtime)
  // before reaching this module, which only gives its isolate something to load.
  if (worker.main.empty() && worker.assets) {
    bundle->main_module = "assets-only.js";
    bundle->modules.push_back(
        {bundle->main_module, runtime::ModuleType::kEsModule,
         "export default { fetch() { return new Response(null, { status: 404 }); } };"});
    bundle->compatibility = std::move(compatibility);
    return std::shared_ptr<const runtime::WorkerBundle>(std::move(bundle));
  }
  Result<std::string> main_source = readFile(worker.main);
  if (!main_source.ok()) return main_source.error();
  fs::path main_dir = worker.main.parent_path();
  bool no_bundle = worker.no_bundle.value_or(false);

  bool bare_node_builtins = compatibility.enabled(runtime::CompatFlag::kNodejsCompatV2);
  if (no_bundle || !needsBundler(worker.main, *main_source, bare_node_builtins)) {
    fs::path base = worker.base_dir.value_or(main_dir);
    bundle->main_module = fs::relative(worker.main, base).generic_string();
    if (bundle->main_module.starts_with("..")) {
      return makeError("main " + worker.main.string() + " is outside base_dir " + base.string());
    }
    bundle->modules.push_back(
        {bundle->main_module, runtime::ModuleType::kEsModule, std::move(main_source).value()});
    Status collected = collectModules(base, worker.rules, *bundle, bundle->main_module);
    if (!collected.ok()) return collected.error();
    // A bare import in any module (not only main) needs the bundler too.
    bool bare_elsewhere = false;
    for (const runtime::BundleModule& module : bundle->modules) {
      if (module.type == runtime::ModuleType::kEsModule &&
          needsBundler(module.name, module.content, bare_node_builtins)) {
        bare_elsewhere = true;
        break;
      }
    }
    if (no_bundle || !bare_elsewhere) {
      bundle->compatibility = compatibility;
      bundle->source_maps = findSourceMaps(*bundle, base, worker.config_path.parent_path());
      return std::shared_ptr<const runtime::WorkerBundle>(std::move(bundle));
    }
    bundle = std::make_shared<runtime::WorkerBundle>();
  }

  std::error_code ec;
  fs::create_directories(options.work_dir, ec);
  if (ec) return makeError("cannot create " + options.work_dir.string() + ": " + ec.message());
  fs::path out = options.work_dir / "index.js";
  // A map left by an earlier build must not describe this one (upload_source_maps: false).
  fs::remove(out.string() + ".map", ec);
  Status bundled = runEsbuild(worker, out);
  if (!bundled.ok()) return bundled.error();
  Result<std::string> output = readFile(out);
  if (!output.ok()) return output.error();
  bundle->main_module = "index.js";
  bundle->modules.push_back({"index.js", runtime::ModuleType::kEsModule, std::move(output).value()});
  // Data and wasm modules esbuild left external are resolved next to the entry point.
  std::vector<config::ModuleRule> binary_rules;
  for (const auto& rule : worker.rules) {
    if (rule.type == config::ModuleType::kData || rule.type == config::ModuleType::kCompiledWasm) {
      binary_rules.push_back(rule);
    }
  }
  Status collected = collectModules(worker.base_dir.value_or(main_dir), binary_rules, *bundle, "");
  if (!collected.ok()) return collected.error();
  bundle->compatibility = compatibility;
  // esbuild's index.js.map (the other modules here are data and wasm).
  bundle->source_maps =
      findSourceMaps(*bundle, options.work_dir, worker.config_path.parent_path());
  return std::shared_ptr<const runtime::WorkerBundle>(std::move(bundle));
}

}  // namespace edged::server
