#pragma once
// What a Worker's `hyperdrive` entries become: a check that each has an origin to pool
// (localConnectionString or wrangler's environment variable), and env descriptors carrying the
// pooling endpoint's credentials, never the origin's.

#include <string>
#include <vector>

#include "edged/config/worker_config.h"
#include "edged/util/result.h"

namespace edged::bindings::hyperdrive {

// "<config>: field "hyperdrive[0].localConnectionString" is not set ..." for a binding without
// a connection string, or one that is not a PostgreSQL URL.
Status checkHyperdriveConfig(const config::WorkerConfig& worker);

// One `{"type":"hyperdrive",...}` per binding, registered with the endpoint `edged serve`
// published (port 0 and empty credentials when none is: `edged check`).
std::vector<std::string> bindingSpecs(const config::WorkerConfig& worker);

}  // namespace edged::bindings::hyperdrive
