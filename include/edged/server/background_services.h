#pragma once
// What Workers do without a request: cron triggers, queue consumers, Workflow instances. Each is
// a service started once every serving thread is up (or once a deploy first asks for it), handed
// the Workers' new configuration whenever a Worker is deployed, rolled back, deleted or reloaded,
// and stopped when the server drains; each reads its own part of the Workers' configuration.

#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

#include "edged/api/worker_events.h"
#include "edged/server/worker_version.h"

namespace edged::server {

using WorkerVersions = std::vector<std::shared_ptr<const WorkerVersion>>;

struct BackgroundContext {
  // The Workers this server runs (their current versions).
  WorkerVersions workers;
  std::filesystem::path data_dir;
  api::WorkerEventRouter* events = nullptr;
};

class BackgroundService {
 public:
  virtual ~BackgroundService() = default;
  // The Workers changed: serve their new configuration from now on. Events already delivered
  // finish as they are.
  virtual void update(const WorkerVersions& workers) = 0;
  // Called when the server starts draining: start no new work from now on. Events already
  // delivered keep running and their outcomes still arrive (the serving threads finish them
  // before the service is destroyed), so acknowledge them as usual.
  virtual void stop() = 0;
  // The destructor runs once every serving thread is idle: release everything; what was not
  // acknowledged is redone after a restart.
};

// Every background service the Workers' configuration asks for, kept in line with the Workers.
// Thread-safe: deploys arrive on the admin thread, reloads on the main thread.
class BackgroundServices {
 public:
  BackgroundServices(std::filesystem::path data_dir, api::WorkerEventRouter* events)
      : data_dir_(std::move(data_dir)), events_(events) {}

  // Starts the services `workers` ask for that do not run yet and hands the running ones
  // `workers`. Does nothing once stopped.
  void update(const WorkerVersions& workers);
  // Stops every service (the drain); later updates start nothing.
  void stop();

 private:
  std::mutex mutex_;
  std::filesystem::path data_dir_;
  api::WorkerEventRouter* events_;
  std::unique_ptr<BackgroundService> queues_, cron_, workflows_;
  bool stopped_ = false;
};

}  // namespace edged::server
