#pragma once
// What wrangler.jsonc's `queues` section means to edged: the env descriptor of each producer
// binding (their JS half: runtime-js/api/56_queues.js) and each consumer's settings with
// Cloudflare's defaults and bounds (https://developers.cloudflare.com/queues/configuration/
// configure-queues/). A queue is named by its `queue` field; every Worker naming it shares it.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "edged/config/worker_config.h"

namespace edged::bindings::queues {

// {"type":"queue","name":<binding>,"queue":<queue>,"deliveryDelay":<seconds or null>} per producer.
std::vector<std::string> bindingSpecs(const config::WorkerConfig& worker);

struct ConsumerSettings {
  std::string queue;
  std::string worker;  // the Worker whose queue() handler consumes it
  int64_t max_batch_size = 10;
  int64_t max_batch_timeout_ms = 5'000;
  int64_t max_retries = 3;
  std::optional<std::string> dead_letter_queue;
  // Batches of this queue in flight at once. Cloudflare scales consumers up to 250 by backlog;
  // edged runs up to this many at once (max_concurrency, when set, lowers it).
  int64_t max_concurrency = 10;
  int64_t retry_delay_s = 0;
};

// `consumer` of Worker `worker` with defaults filled in and values past Cloudflare's bounds
// clamped; each clamp adds a line to `warnings`.
ConsumerSettings consumerSettings(const config::QueueConsumer& consumer, const std::string& worker,
                                  std::vector<std::string>& warnings);

}  // namespace edged::bindings::queues
