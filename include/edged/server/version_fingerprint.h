#pragma once
// What a configured Worker's version was built from, as one digest: SIGHUP rebuilds every
// configured Worker and deploys only those whose digest changed, so a reload that changes
// nothing does not restart Workers (and their Durable Objects).

#include <string>

#include "edged/config/config_loader.h"
#include "edged/server/worker_version.h"

namespace edged::server {

// SHA-256 (hex) over the config file's text, the bundle's modules, env and bindings, and the
// assets directory's listing (paths, sizes, modification times).
std::string versionFingerprint(const config::LoadedConfig& loaded, const WorkerVersion& version);

}  // namespace edged::server
