#pragma once
// The background service of Cloudflare Queues: the consumers every Worker declares
// (queues.consumers), served by one bindings::queues::QueueBroker.

#include <memory>

#include "edged/server/background_services.h"

namespace edged::server {

// Null when no Worker consumes a queue (producers still commit their messages to disk; they
// are delivered once a consumer runs).
std::unique_ptr<BackgroundService> startQueueService(const BackgroundContext& context);

}  // namespace edged::server
