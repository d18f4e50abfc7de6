#include "edged/server/project.h"

#include "edged/config/dev_vars.h"
#include "edged/server/bundle_builder.h"
#include "edged/util/log.h"

namespace edged::server {

const std::set<std::string, std::less<>>& servedSections() {
  static const std::set<std::string, std::less<>> kServed = {};
  return kServed;
}

Result<config::LoadedConfig> loadProjectConfig(const std::filesystem::path& config_file,
                                               const std::optional<std::string>& environment) {
  config::LoadOptions options;
  options.environment = environment;
  options.served_sections = servedSections();
  options.process_env = config::processEnvironment();
  return config::loadConfig(config_file, options);
}

Result<std::shared_ptr<const WorkerVersion>> buildVersion(const config::LoadedConfig& loaded,
                                                          const std::filesystem::path& work_dir) {
  BundleOptions options{work_dir};
  auto bundle = buildBundle(loaded.worker, options);
  if (!bundle.ok()) return bundle.error();
  auto version = std::make_shared<WorkerVersion>();
  version->worker_name = loaded.worker.name;
  version->version_id = log::newReferenceId();
  version->bundle = std::move(bundle).value();
  version->env_json = buildEnvJson(loaded);
  int64_t cpu_ms = loaded.worker.limits.cpu_ms.value_or(kDefaultCpuMs);
  version->cpu_limit_ns = static_cast<uint64_t>(cpu_ms) * 1'000'000ull;
  version->heap_limit_bytes = kDefaultHeapLimitBytes;
  return std::shared_ptr<const WorkerVersion>(std::move(version));
}

}  // namespace edged::server
