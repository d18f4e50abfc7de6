#include "edged/bindings/queues/queue_config.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "edged/bindings/queues/queue_limits.h"
#include "edged/util/json_escape.h"

namespace edged::bindings::queues {
namespace {

// Cloudflare's bounds on the consumer settings.
constexpr int64_t kMaxBatchSize = 100;
constexpr int64_t kMaxBatchTimeoutMs = 60'000;
constexpr int64_t kMaxRetries = 100;
constexpr int64_t kMaxConcurrency = 250;

int64_t clamped(const std::string& queue, const char* field, int64_t value, int64_t low,
                int64_t high, std::vector<std::string>& warnings) {
  int64_t out = std::clamp(value, low, high);
  if (out != value) {
    warnings.push_back(fmt::format("queue \"{}\": {} {} is outside {}..{}; using {}", queue, field,
                                   value, low, high, out));
  }
  return out;
}

}  // namespace

std::vector<std::string> bindingSpecs(const config::WorkerConfig& worker) {
  std::vector<std::string> specs;
  for (const config::QueueProducer& producer : worker.queues.producers) {
    std::string delay = producer.delivery_delay ? std::to_string(*producer.delivery_delay) : "null";
    specs.push_back(R"({"type":"queue","name":)" + jsonQuote(producer.binding) + R"(,"queue":)" +
                    jsonQuote(producer.queue) + R"(,"deliveryDelay":)" + delay + "}");
  }
  return specs;
}

ConsumerSettings consumerSettings(const config::QueueConsumer& consumer, const std::string& worker,
                                  std::vector<std::string>& warnings) {
  ConsumerSettings out;
  out.queue = consumer.queue;
  out.worker = worker;
  const std::string& q = consumer.queue;
  if (consumer.max_batch_size) {
    out.max_batch_size =
        clamped(q, "max_batch_size", *consumer.max_batch_size, 1, kMaxBatchSize, warnings);
  }
  if (consumer.max_batch_timeout) {
    auto ms = static_cast<int64_t>(std::llround(*consumer.max_batch_timeout * 1000));
    out.max_batch_timeout_ms =
        clamped(q, "max_batch_timeout (ms)", ms, 0, kMaxBatchTimeoutMs, warnings);
  }
  if (consumer.max_retries) {
    out.max_retries = clamped(q, "max_retries", *consumer.max_retries, 0, kMaxRetries, warnings);
  }
  if (consumer.max_concurrency) {
    out.max_concurrency =
        clamped(q, "max_concurrency", *consumer.max_concurrency, 1, kMaxConcurrency, warnings);
  }
  if (consumer.retry_delay) {
    out.retry_delay_s =
        clamped(q, "retry_delay", *consumer.retry_delay, 0, kMaxDelaySeconds, warnings);
  }
  if (consumer.dead_letter_queue && !consumer.dead_letter_queue->empty()) {
    if (*consumer.dead_letter_queue == consumer.queue) {
      warnings.push_back(fmt::format(
          "queue \"{}\": dead_letter_queue names the queue itself; failed messages are dropped",
          q));
    } else {
      out.dead_letter_queue = consumer.dead_letter_queue;
    }
  }
  if (consumer.visibility_timeout_ms) {
    warnings.push_back(fmt::format(
        "queue \"{}\": visibility_timeout_ms applies to pull consumers only; ignored", q));
  }
  return out;
}

}  // namespace edged::bindings::queues
