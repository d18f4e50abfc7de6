#include "edged/server/project.h"

#include <uv.h>

#include "edged/bindings/durable_objects/config_check.h"
#include "edged/bindings/hyperdrive/hyperdrive_bindings.h"
#include "edged/config/dev_vars.h"
#include "edged/runtime/compatibility_flags.h"
#include "edged/runtime/v8_process.h"
#include "edged/runtime/worker_isolate.h"
#include "edged/server/bundle_builder.h"
#include "edged/server/worker_limits.h"
#include "edged/server/version_fingerprint.h"
#include "edged/util/log.h"
#include "embedded_snapshot.h"
#include "native_ops.h"

namespace edged::server {

const std::set<std::string, std::less<>>& servedSections() {
  static const std::set<std::string, std::less<>> kServed = {"durable_objects", "migrations",
                                                              "d1_databases", "kv_namespaces",
                                                              "r2_buckets", "triggers",
                                                              "queues", "workflows",
                                                              "assets", "services",
                                                              "hyperdrive", "browser"};
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
                                                          const std::filesystem::path& data_dir) {
  Status durable_objects = bindings::durable_objects::checkDurableObjectConfig(loaded.worker);
  if (!durable_objects.ok()) return durable_objects.error();
  if (Status hyperdrive = bindings::hyperdrive::checkHyperdriveConfig(loaded.worker); !hyperdrive.ok()) {
    return hyperdrive.error();
  }
  BundleOptions options{data_dir / "build" / loaded.worker.name};
  auto bundle = buildBundle(loaded.worker, options);
  if (!bundle.ok()) return bundle.error();
  auto version = std::make_shared<WorkerVersion>();
  version->worker_name = loaded.worker.name;
  version->version_id = log::newReferenceId();
  version->bundle = std::move(bundle).value();
  version->env_json = buildEnvJson(loaded);
  version->bindings_json = buildBindingsJson(loaded);
  version->durable_object_classes = bindings::durable_objects::boundObjectClasses(loaded.worker);
  version->data_dir = data_dir;
  version->worker_config = loaded.worker;
  if (loaded.worker.assets) {
    auto compatibility = runtime::CompatibilityFlags::resolve(loaded.worker.compatibility_date,
                                                              loaded.worker.compatibility_flags);
    auto assets = bindings::assets::AssetServer::load(
        *loaded.worker.assets, !loaded.worker.main.empty(),
        compatibility.enabled(runtime::CompatFlag::kAssetsNavigationPrefersAssetServing));
    if (!assets.ok()) return assets.error();
    version->assets = std::move(assets).value();
  }
  version->fingerprint = versionFingerprint(loaded, *version);
  return std::shared_ptr<const WorkerVersion>(std::move(version));
}

Status checkWorkerStarts(const WorkerVersion& version) {
  runtime::V8Process v8;
  runtime::Snapshot snapshot(ops::embeddedSnapshot(), ops::nativeOps());
  uv_loop_t loop;
  uv_loop_init(&loop);
  Status status = Ok{};
  {
    runtime::WorkerIsolateOptions options;
    options.realm.worker_name = version.worker_name;
    options.realm.data_dir = version.data_dir;
    options.env_json = envSpecJson(version);
    options.heap_limit_bytes = workerLimits(version.worker_config.limits, {}).heap_limit_bytes;
    auto isolate = runtime::WorkerIsolate::create(snapshot, version.bundle, &loop, options);
    if (!isolate.ok()) status = isolate.error();
  }
  // Close whatever the Worker's start-up left on the loop (timers).
  uv_walk(&loop, [](uv_handle_t* handle, void*) {
    if (!uv_is_closing(handle)) uv_close(handle, nullptr);
  }, nullptr);
  uv_run(&loop, UV_RUN_DEFAULT);
  uv_loop_close(&loop);
  return status;
}

}  // namespace edged::server
