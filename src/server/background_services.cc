#include "edged/server/background_services.h"

namespace edged::server {

std::vector<std::unique_ptr<BackgroundService>> startBackgroundServices(const BackgroundContext& context) {
  std::vector<std::unique_ptr<BackgroundService>> services;
  (void)context;
  return services;
}

}  // namespace edged::server
