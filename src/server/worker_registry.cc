#include "edged/server/worker_registry.h"

namespace edged::server {

Status WorkerRegistry::activate(std::shared_ptr<const WorkerVersion> version) {
  std::lock_guard lock(changing_);
  std::vector<std::shared_ptr<const WorkerVersion>> versions = current_.load()->versions;
  bool replaced = false;
  for (auto& existing : versions) {
    if (existing->worker_name == version->worker_name) {
      existing = version;
      replaced = true;
    }
  }
  if (!replaced) versions.push_back(version);
  Result<ServedWorkers> next = ServedWorkers::from(std::move(versions));
  if (!next.ok()) return next.error();
  if (Status warmed = warm_(version); !warmed.ok()) return warmed;
  publish(std::make_shared<const ServedWorkers>(std::move(next).value()));
  return Ok{};
}

bool WorkerRegistry::remove(const std::string& name) {
  std::lock_guard lock(changing_);
  std::vector<std::shared_ptr<const WorkerVersion>> versions = current_.load()->versions;
  auto it = std::find_if(versions.begin(), versions.end(),
                         [&](const auto& version) { return version->worker_name == name; });
  if (it == versions.end()) return false;
  versions.erase(it);
  // Removing a Worker cannot break the others' routes.
  publish(std::make_shared<const ServedWorkers>(ServedWorkers::from(std::move(versions)).value()));
  return true;
}

void WorkerRegistry::publish(std::shared_ptr<const ServedWorkers> next) {
  current_.store(next);
  if (listener_) listener_(*next);
}

}  // namespace edged::server
