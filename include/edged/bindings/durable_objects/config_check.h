#pragma once
// What wrangler.jsonc must say for its Durable Object bindings to be served: every bound class
// created by a migration (and not deleted by a later one), and only classes of this Worker.

#include <string>
#include <vector>

#include "edged/bindings/durable_objects/object_host.h"
#include "edged/config/worker_config.h"
#include "edged/util/result.h"

namespace edged::bindings::durable_objects {

// Ok, or "<config file>: durable_objects.bindings[i]…: <what is wrong and what to write>".
Status checkDurableObjectConfig(const config::WorkerConfig& worker);

// The env descriptors of the Durable Object namespace bindings (JSON objects, see
// runtime-js/api/51_durable_objects.js), one per binding.
std::vector<std::string> bindingSpecs(const config::WorkerConfig& worker);

// The classes this Worker binds, each with the backend its migration chose.
std::vector<ObjectClass> boundObjectClasses(const config::WorkerConfig& worker);

}  // namespace edged::bindings::durable_objects
