#include "edged/server/background_services.h"

#include "edged/server/cron_service.h"
#include "edged/server/queue_service.h"
#include "edged/server/workflow_service.h"

namespace edged::server {

void BackgroundServices::update(const WorkerVersions& workers) {
  std::lock_guard lock(mutex_);
  if (stopped_) return;
  BackgroundContext context{workers, data_dir_, events_};
  auto keep = [&](std::unique_ptr<BackgroundService>& service, auto start) {
    if (service) service->update(workers);
    else service = start(context);
  };
  keep(queues_, startQueueService);
  keep(cron_, startCronService);
  keep(workflows_, startWorkflowService);
}

void BackgroundServices::stop() {
  std::lock_guard lock(mutex_);
  stopped_ = true;
  for (auto* service : {&queues_, &cron_, &workflows_}) {
    if (*service) (*service)->stop();
  }
}

}  // namespace edged::server
