#pragma once
// The env descriptors of a Worker's r2_buckets (src/server/worker_version.cc buildBindingsJson):
// {"type":"r2_bucket","name":<binding>,"bucket":<bucket name>}.

#include <string>
#include <vector>

#include "edged/config/worker_config.h"

namespace edged::bindings::r2 {

std::vector<std::string> bindingSpecs(const config::WorkerConfig& worker);

}  // namespace edged::bindings::r2
