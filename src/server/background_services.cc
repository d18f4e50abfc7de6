#include "edged/server/background_services.h"

#include "edged/server/cron_service.h"
#include "edged/server/queue_service.h"
#include "edged/server/workflow_service.h"

namespace edged::server {

std::vector<std::unique_ptr<BackgroundService>> startBackgroundServices(const BackgroundContext& context) {
  std::vector<std::unique_ptr<BackgroundService>> services;
  if (auto queues = startQueueService(context)) services.push_back(std::move(queues));
  if (auto cron = startCronService(context)) services.push_back(std::move(cron));
  if (auto workflows = startWorkflowService(context)) services.push_back(std::move(workflows));
  return services;
}

}  // namespace edged::server
