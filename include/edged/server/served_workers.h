#pragma once
// The Workers one `edged serve` runs: each wrangler.jsonc loaded and bundled, their names
// unique, and the table that sends each request to one of them by its `routes`.

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "edged/server/route_table.h"
#include "edged/server/worker_version.h"
#include "edged/util/result.h"

namespace edged::server {

struct ServedWorkers {
  std::vector<std::shared_ptr<const WorkerVersion>> versions;  // in command-line order
  RouteTable routes;  // unrouted requests go to the first Worker
};

// Loads `configs` (logging their warnings); their storage lives under `data_dir`.
Result<ServedWorkers> loadServedWorkers(const std::vector<std::filesystem::path>& configs,
                                        const std::optional<std::string>& environment,
                                        const std::filesystem::path& data_dir);

}  // namespace edged::server
