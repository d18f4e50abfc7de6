#pragma once
// The Workers one `edged serve` runs: each wrangler.jsonc loaded and bundled, their names
// unique, and the table that sends each request to one of them by its `routes`.

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "edged/server/route_table.h"
#include "edged/server/worker_version.h"
#include "edged/util/result.h"

namespace edged::server {

struct ServedWorkers {
  // The command line's Workers in its order, then those deployed over the admin API.
  std::vector<std::shared_ptr<const WorkerVersion>> versions;
  RouteTable routes;  // unrouted requests go to the first Worker

  // Checks the names are unique and builds the routes of `versions`.
  static Result<ServedWorkers> from(std::vector<std::shared_ptr<const WorkerVersion>> versions);
  // The Worker named `name`, or null.
  std::shared_ptr<const WorkerVersion> find(std::string_view name) const;
};

// Loads and builds `configs` (logging their warnings); their storage lives under `data_dir`.
Result<std::vector<std::shared_ptr<const WorkerVersion>>> loadConfiguredWorkers(
    const std::vector<std::filesystem::path>& configs, const std::optional<std::string>& environment,
    const std::filesystem::path& data_dir);

}  // namespace edged::server
