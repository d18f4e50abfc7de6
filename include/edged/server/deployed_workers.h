#pragma once
// Turning a Worker deployed over the admin API (deployments.h) into a servable WorkerVersion:
// its version directory is a project like any other, with the Worker's secrets as secrets.

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "edged/server/deployments.h"
#include "edged/server/worker_version.h"

namespace edged::server {

Result<std::shared_ptr<const WorkerVersion>> buildDeployedVersion(const DeploymentStore& store,
                                                                  const DeployedWorker& worker,
                                                                  const std::string& version_id,
                                                                  const std::filesystem::path& data_dir);

// Every deployed Worker's current version, for a server starting up. A Worker that no longer
// builds is skipped with an error in the log (the others still start).
std::vector<std::shared_ptr<const WorkerVersion>> loadDeployedWorkers(const DeploymentStore& store,
                                                                      const std::filesystem::path& data_dir);

}  // namespace edged::server
