#pragma once
// The Workers a running server serves, replaced as a whole when one is deployed, rolled back or
// deleted: each request reads one snapshot, so a swap never mixes two states and requests
// already running finish on the version they started with.

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "edged/server/served_workers.h"

namespace edged::server {

class WorkerRegistry {
 public:
  // Starts a version on every serving thread (its isolates created); the error if it cannot.
  using WarmEverywhere = std::function<Status(const std::shared_ptr<const WorkerVersion>&)>;

  WorkerRegistry(ServedWorkers initial, WarmEverywhere warm)
      : current_(std::make_shared<const ServedWorkers>(std::move(initial))), warm_(std::move(warm)) {}

  std::shared_ptr<const ServedWorkers> snapshot() const { return current_.load(); }

  // Starts `version` everywhere, then serves it in place of its Worker's current version (or as
  // a new Worker). Nothing changes when it fails to start or its routes are invalid.
  Status activate(std::shared_ptr<const WorkerVersion> version);
  // Stops routing requests to Worker `name`; false when it is not served.
  bool remove(const std::string& name);

  // `listener` sees every change once it is made, in order (under the change lock: it must not
  // change the registry itself). Set before anything changes the registry.
  void onChange(std::function<void(const ServedWorkers&)> listener) { listener_ = std::move(listener); }

 private:
  void publish(std::shared_ptr<const ServedWorkers> next);

  std::mutex changing_;  // one change at a time
  std::atomic<std::shared_ptr<const ServedWorkers>> current_;
  WarmEverywhere warm_;
  std::function<void(const ServedWorkers&)> listener_;
};

}  // namespace edged::server
