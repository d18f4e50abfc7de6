#include "edged/server/config_reload.h"

#include <fmt/format.h>

#include "edged/server/served_workers.h"
#include "edged/util/log.h"

namespace edged::server {

ConfigReload::ConfigReload(ServeOptions running, std::filesystem::path data_dir,
                           std::set<std::string> configured, WorkerRegistry& registry, SetTls set_tls)
    : running_(std::move(running)),
      data_dir_(std::move(data_dir)),
      configured_(std::move(configured)),
      registry_(registry),
      set_tls_(std::move(set_tls)) {}

void ConfigReload::run() {
  ServeOptions next = running_;
  if (running_.reread) {
    Result<ServeOptions> reread = running_.reread();
    if (!reread.ok()) {
      log::error("SIGHUP: " + reread.error().message + "; nothing was reloaded");
      return;
    }
    next = std::move(reread).value();
  }
  warnRestartOnly(next);
  reloadTls(next);
  reloadWorkers(next);
}

void ConfigReload::warnRestartOnly(const ServeOptions& next) const {
  auto restart = [](std::string_view setting) {
    log::warn(fmt::format("SIGHUP: {} changed; it takes effect at the next restart", setting));
  };
  if (next.host != running_.host || next.port != running_.port) restart("the listening address");
  if (next.threads != running_.threads) restart("threads");
  if (next.data_dir != running_.data_dir) restart("the data directory");
  if (next.admin_address != running_.admin_address || next.admin_token_file != running_.admin_token_file) {
    restart("the admin listener");
  }
  if (next.http_limits.max_body_bytes != running_.http_limits.max_body_bytes) restart("max_body_mb");
  if (next.tls.empty() != running_.tls.empty()) restart("TLS on the listener (on or off)");
}

void ConfigReload::reloadTls(const ServeOptions& next) {
  if (running_.tls.empty() || next.tls.empty()) return;
  auto created = net::TlsServerContext::create(next.tls);
  if (!created.ok()) {
    log::error("SIGHUP: " + created.error().message + "; the certificates loaded before stay in use");
    return;
  }
  set_tls_(std::move(created).value());
  log::info(fmt::format("SIGHUP: reloaded {} TLS certificate{}", next.tls.size(), next.tls.size() == 1 ? "" : "s"));
}

void ConfigReload::reloadWorkers(const ServeOptions& next) {
  auto loaded = loadConfiguredWorkers(next.configs, next.environment, data_dir_);
  if (!loaded.ok()) {
    log::error("SIGHUP: " + loaded.error().message + "; the Workers keep their current versions");
    return;
  }
  std::set<std::string> configured;
  size_t changed = 0;
  for (const auto& version : loaded.value()) {
    configured.insert(version->worker_name);
    std::shared_ptr<const WorkerVersion> serving = registry_.snapshot()->find(version->worker_name);
    if (serving && serving->fingerprint == version->fingerprint) continue;
    if (Status activated = registry_.activate(version); !activated.ok()) {
      log::error(fmt::format("SIGHUP: {}: the Worker failed to start: {}; the version before keeps serving",
                             version->worker_config.config_path.string(), activated.error().message));
      continue;
    }
    ++changed;
    log::info(fmt::format("SIGHUP: Worker \"{}\" {} (version {})", version->worker_name,
                          serving ? "reloaded" : "started", version->version_id));
  }
  for (const std::string& name : configured_) {
    if (configured.contains(name) || !registry_.remove(name)) continue;
    ++changed;
    log::info(fmt::format("SIGHUP: Worker \"{}\" is no longer configured and stopped serving", name));
  }
  configured_ = std::move(configured);
  if (changed == 0) log::info("SIGHUP: no Worker changed");
}

}  // namespace edged::server
