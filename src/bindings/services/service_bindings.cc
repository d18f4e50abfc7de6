#include "edged/bindings/services/service_bindings.h"

#include <algorithm>

#include "edged/util/json_escape.h"

namespace edged::bindings::services {

std::vector<std::string> bindingSpecs(const config::WorkerConfig& worker) {
  std::vector<std::string> specs;
  for (const config::ServiceBinding& service : worker.services) {
    specs.push_back(R"({"type":"service","name":)" + jsonQuote(service.binding) + R"(,"service":)" +
                    jsonQuote(service.service) + R"(,"entrypoint":)" +
                    (service.entrypoint ? jsonQuote(*service.entrypoint) : "null") + "}");
  }
  return specs;
}

std::vector<std::string> unresolvedServiceWarnings(const config::WorkerConfig& worker,
                                                   const std::vector<std::string>& served) {
  std::vector<std::string> warnings;
  for (const config::ServiceBinding& service : worker.services) {
    if (std::find(served.begin(), served.end(), service.service) != served.end()) continue;
    warnings.push_back("Worker \"" + worker.name + "\"'s binding \"" + service.binding +
                       "\" refers to a service \"" + service.service +
                       "\", which this server does not run: its calls fail until a Worker by "
                       "that name is deployed.");
  }
  return warnings;
}

}  // namespace edged::bindings::services
