#pragma once
// What wrangler.jsonc's `services` section means to edged: the env descriptor of each binding
// (its JS half: runtime-js/api/59_services.js) and the targets a set of Workers leaves unserved.

#include <string>
#include <vector>

#include "edged/config/worker_config.h"

namespace edged::bindings::services {

// {"type":"service","name":<binding>,"service":<worker>,"entrypoint":<name or null>}. The props
// stay native (ServiceClient), sent with each call.
std::vector<std::string> bindingSpecs(const config::WorkerConfig& worker);

// One warning per binding of `worker` whose `service` is not in `served` (calls to it fail until
// a Worker by that name is deployed).
std::vector<std::string> unresolvedServiceWarnings(const config::WorkerConfig& worker,
                                                   const std::vector<std::string>& served);

}  // namespace edged::bindings::services
