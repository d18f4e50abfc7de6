#include "edged/server/served_workers.h"

#include <set>

#include "edged/server/project.h"
#include "edged/util/log.h"

namespace edged::server {

Result<ServedWorkers> loadServedWorkers(const std::vector<std::filesystem::path>& configs,
                                        const std::optional<std::string>& environment,
                                        const std::filesystem::path& data_dir) {
  ServedWorkers served;
  std::set<std::string, std::less<>> names;
  for (const std::filesystem::path& config : configs) {
    auto loaded = loadProjectConfig(config, environment);
    if (!loaded.ok()) return loaded.error();
    for (const std::string& warning : loaded->warnings) log::warn(warning);
    const config::WorkerConfig& worker = loaded->worker;
    if (!names.insert(worker.name).second) {
      return makeError(config.string() + ": name: another config given to edged serve already names a Worker \"" +
                       worker.name + "\"; expected a unique name");
    }
    size_t index = served.versions.size();
    for (const config::Route& route : worker.routes) {
      Result<RoutePattern> pattern =
          parseRoutePattern(route.pattern, route.custom_domain.value_or(false), index);
      if (!pattern.ok()) return makeError(config.string() + ": routes: " + pattern.error().message);
      served.routes.add(std::move(pattern).value());
    }
    auto version = buildVersion(loaded.value(), data_dir);
    if (!version.ok()) return version.error();
    served.versions.push_back(std::move(version).value());
  }
  return served;
}

}  // namespace edged::server
