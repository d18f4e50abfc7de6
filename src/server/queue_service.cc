#include "edged/server/queue_service.h"

#include <chrono>

#include "edged/bindings/queues/queue_broker.h"
#include "edged/util/log.h"

namespace edged::server {
namespace {

// How long the drain waits for batches in flight to settle; the rest are redelivered after a
// restart, as at-least-once delivery allows.
constexpr std::chrono::milliseconds kStopGrace{5000};

// Every consumer the Workers declare, with their settings' warnings logged.
std::vector<bindings::queues::ConsumerSettings> consumersOf(const WorkerVersions& workers) {
  std::vector<bindings::queues::ConsumerSettings> consumers;
  std::vector<std::string> warnings;
  for (const auto& version : workers) {
    for (const config::QueueConsumer& consumer : version->worker_config.queues.consumers) {
      consumers.push_back(
          bindings::queues::consumerSettings(consumer, version->worker_name, warnings));
    }
  }
  for (const std::string& warning : warnings) log::warn(warning);
  return consumers;
}

class QueueService : public BackgroundService {
 public:
  explicit QueueService(std::shared_ptr<bindings::queues::QueueBroker> broker)
      : broker_(std::move(broker)) {}
  ~QueueService() override { stop(); }
  void update(const WorkerVersions& workers) override { broker_->setConsumers(consumersOf(workers)); }
  void stop() override { broker_->stop(kStopGrace); }

 private:
  std::shared_ptr<bindings::queues::QueueBroker> broker_;
};

}  // namespace

std::unique_ptr<BackgroundService> startQueueService(const BackgroundContext& context) {
  std::vector<bindings::queues::ConsumerSettings> consumers = consumersOf(context.workers);
  if (consumers.empty() || context.events == nullptr) return nullptr;
  auto broker =
      bindings::queues::QueueBroker::start(context.data_dir, std::move(consumers), *context.events);
  if (!broker.ok()) {
    log::error("queues: the consumers cannot start: " + broker.error().message);
    return nullptr;
  }
  return std::make_unique<QueueService>(std::move(broker).value());
}

}  // namespace edged::server
