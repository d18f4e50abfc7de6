#include "edged/server/deployed_workers.h"

#include "edged/config/config_loader.h"
#include "edged/config/dev_vars.h"
#include "edged/server/project.h"
#include "edged/util/log.h"

namespace edged::server {

Result<std::shared_ptr<const WorkerVersion>> buildDeployedVersion(const DeploymentStore& store,
                                                                  const DeployedWorker& worker,
                                                                  const std::string& version_id,
                                                                  const std::filesystem::path& data_dir) {
  config::LoadOptions options;
  options.served_sections = servedSections();
  // Only this Worker's secrets: never the server's environment, never another Worker's. The one
  // exception is Hyperdrive's origin connection strings, which an upload never carries: the
  // operator sets CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_<BINDING> for the server.
  for (const auto& [key, value] : worker.secrets) options.process_env.emplace_back("EDGED_SECRET_" + key, value);
  for (const auto& [key, value] : config::processEnvironment()) {
    if (key.starts_with("CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_") ||
        key.starts_with("WRANGLER_HYPERDRIVE_LOCAL_CONNECTION_STRING_")) {
      options.process_env.emplace_back(key, value);
    }
  }
  auto loaded = config::loadConfig(store.versionDir(worker.name, version_id) / "wrangler.jsonc", options);
  if (!loaded.ok()) return loaded.error();
  for (const std::string& warning : loaded->warnings) log::warn(warning);
  auto built = buildVersion(loaded.value(), data_dir);
  if (!built.ok()) return built.error();
  auto version = std::make_shared<WorkerVersion>(*built.value());
  version->workers_dev = true;
  return std::shared_ptr<const WorkerVersion>(std::move(version));
}

std::vector<std::shared_ptr<const WorkerVersion>> loadDeployedWorkers(const DeploymentStore& store,
                                                                      const std::filesystem::path& data_dir) {
  std::vector<std::shared_ptr<const WorkerVersion>> versions;
  for (const std::string& name : store.workers()) {
    auto worker = store.read(name);
    std::string error;
    if (!worker.ok()) {
      error = worker.error().message;
    } else if (worker->has_value() && !(*worker)->current.empty()) {
      auto version = buildDeployedVersion(store, **worker, (*worker)->current, data_dir);
      if (version.ok()) {
        versions.push_back(std::move(version).value());
        continue;
      }
      error = version.error().message;
    } else {
      continue;
    }
    log::error("deployed Worker \"" + name + "\" cannot start: " + error);
  }
  return versions;
}

}  // namespace edged::server
