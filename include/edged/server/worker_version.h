#pragma once
// One deployed version of a Worker: its bundle, the `env` it sees and its configuration. Immutable and
// shared by every thread; a new deploy makes a new version (requests in flight keep the old).

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "edged/bindings/assets/asset_server.h"
#include "edged/bindings/durable_objects/object_host.h"
#include "edged/config/config_loader.h"
#include "edged/runtime/worker_bundle.h"
#include "edged/util/result.h"

namespace edged::server {

struct WorkerVersion {
  std::string worker_name;
  std::string version_id;  // unique per deploy
  std::shared_ptr<const runtime::WorkerBundle> bundle;
  std::string env_json;  // vars and secrets, as the JSON object the runtime parses
  std::string bindings_json;  // one descriptor per binding (buildBindingsJson)
  std::vector<bindings::durable_objects::ObjectClass> durable_object_classes;
  // What wrangler.jsonc said: background services (queues, cron, workflows) read their part.
  config::WorkerConfig worker_config;
  std::filesystem::path data_dir;  // the server's --data-dir
  // Deployed over the admin API: also reached by a host whose first label is its name.
  bool workers_dev = false;
  // `assets.directory`, indexed at load; null without one.
  std::shared_ptr<const bindings::assets::AssetServer> assets;
  // What the version was built from (version_fingerprint.h): SIGHUP compares it.
  std::string fingerprint;
  // Its limits: worker_config.limits over the server's defaults (worker_limits.h).
};

// `env` as JSON: string vars stay strings, JSON vars are embedded, secrets are strings.
std::string buildEnvJson(const config::LoadedConfig& loaded);

// The bindings as a JSON array of descriptors {type, name, …} that runtime-js turns into objects
// (internals.bindingFactories).
std::string buildBindingsJson(const config::LoadedConfig& loaded);

// What the runtime's setEnv receives: {"vars": <env_json>, "bindings": <bindings_json>}.
std::string envSpecJson(const WorkerVersion& version);

}  // namespace edged::server
