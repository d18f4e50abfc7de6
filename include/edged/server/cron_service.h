#pragma once
// Cron triggers (`triggers.crons`): a background service that fires each Worker's `scheduled`
// handler at the minutes its schedules name (UTC), as Cloudflare's scheduler does, and retries a
// failed run unless the handler called controller.noRetry(). Runs on a loop thread of its own;
// the events run on the serving threads through the WorkerEventRouter.

#include <cstdint>
#include <memory>

#include "edged/server/background_services.h"

namespace edged::server {

// nullptr when no Worker has a cron trigger that ever fires.
std::unique_ptr<BackgroundService> startCronService(const BackgroundContext& context);

// Retries of a failed run, as delays after the failure (edged's policy: Cloudflare retries failed
// scheduled events but does not document how; see docs/bindings/cron.md). A retry that would
// come after the schedule's next run is dropped: the next run supersedes it.
inline constexpr int64_t kCronRetryDelaysMs[] = {5'000, 15'000, 30'000};

}  // namespace edged::server
