#pragma once
// The background service of Cloudflare Workflows: the engine (bindings/workflows) running the
// instances of every Workflow the Workers define.

#include <memory>

#include "edged/server/background_services.h"

namespace edged::server {

// Null when no Worker defines a Workflow.
std::unique_ptr<BackgroundService> startWorkflowService(const BackgroundContext& context);

}  // namespace edged::server
