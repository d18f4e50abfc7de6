#include "edged/server/served_workers.h"

#include <fmt/format.h>

#include <set>

#include "edged/server/project.h"
#include "edged/util/log.h"

namespace edged::server {

Result<ServedWorkers> ServedWorkers::from(std::vector<std::shared_ptr<const WorkerVersion>> versions) {
  ServedWorkers served;
  std::set<std::string, std::less<>> names;
  for (size_t index = 0; index < versions.size(); ++index) {
    const config::WorkerConfig& worker = versions[index]->worker_config;
    if (!names.insert(worker.name).second) {
      return makeError(fmt::format(
          "{}: name: another config given to edged serve already names a Worker \"{}\"; expected a unique name",
          worker.config_path.string(), worker.name));
    }
    for (const config::Route& route : worker.routes) {
      Result<RoutePattern> pattern =
          parseRoutePattern(route.pattern, route.custom_domain.value_or(false), index);
      if (!pattern.ok()) {
        return makeError(fmt::format("{}: routes: {}", worker.config_path.string(), pattern.error().message));
      }
      served.routes.add(std::move(pattern).value());
    }
    if (versions[index]->workers_dev) served.routes.add(workersDevRoute(worker.name, index));
  }
  served.versions = std::move(versions);
  return served;
}

std::shared_ptr<const WorkerVersion> ServedWorkers::find(std::string_view name) const {
  for (const auto& version : versions) {
    if (version->worker_name == name) return version;
  }
  return nullptr;
}

Result<std::vector<std::shared_ptr<const WorkerVersion>>> loadConfiguredWorkers(
    const std::vector<std::filesystem::path>& configs, const std::optional<std::string>& environment,
    const std::filesystem::path& data_dir) {
  std::vector<std::shared_ptr<const WorkerVersion>> versions;
  for (const std::filesystem::path& config : configs) {
    auto loaded = loadProjectConfig(config, environment);
    if (!loaded.ok()) return loaded.error();
    for (const std::string& warning : loaded->warnings) log::warn(warning);
    auto version = buildVersion(loaded.value(), data_dir);
    if (!version.ok()) return version.error();
    versions.push_back(std::move(version).value());
  }
  return versions;
}

}  // namespace edged::server
