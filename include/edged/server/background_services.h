#pragma once
// What Workers do without a request: cron triggers, queue consumers, Workflow instances. Each is
// a service started once every serving thread is up and stopped when the server drains; each
// reads its own part of the Workers' configuration.

#include <filesystem>
#include <memory>
#include <vector>

#include "edged/api/worker_events.h"
#include "edged/server/worker_version.h"

namespace edged::server {

struct BackgroundContext {
  // The Workers this server runs (their current versions).
  std::vector<std::shared_ptr<const WorkerVersion>> workers;
  std::filesystem::path data_dir;
  api::WorkerEventRouter* events = nullptr;
};

class BackgroundService {
 public:
  virtual ~BackgroundService() = default;
  // Called when the server starts draining: start no new work from now on. Events already
  // delivered keep running and their outcomes still arrive (the serving threads finish them
  // before the service is destroyed), so acknowledge them as usual.
  virtual void stop() = 0;
  // The destructor runs once every serving thread is idle: release everything; what was not
  // acknowledged is redone after a restart.
};

// Starts every background service the Workers' configuration asks for.
std::vector<std::unique_ptr<BackgroundService>> startBackgroundServices(const BackgroundContext& context);

}  // namespace edged::server
