#include "edged/server/background_services.h"

#include "edged/server/cron_service.h"

namespace edged::server {

std::vector<std::unique_ptr<BackgroundService>> startBackgroundServices(const BackgroundContext& context) {
  std::vector<std::unique_ptr<BackgroundService>> services;
  if (auto cron = startCronService(context)) services.push_back(std::move(cron));
  return services;
}

}  // namespace edged::server
