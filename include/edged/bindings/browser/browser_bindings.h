#pragma once
// The env descriptor of a Worker's `browser` binding (no V8; see worker_version.cc).

#include <string>
#include <vector>

#include "edged/config/worker_config.h"

namespace edged::bindings::browser {

// {"type":"browser","name":<binding>} when the Worker declares one.
std::vector<std::string> bindingSpecs(const config::WorkerConfig& worker);

}  // namespace edged::bindings::browser
