#include "edged/bindings/queues/queue_broker.h"

#include <fmt/format.h>

#include <algorithm>

#include "edged/bindings/queues/batch_delivery.h"
#include "edged/util/clock.h"
#include "edged/util/log.h"

namespace edged::bindings::queues {
namespace {

// The process-wide link from producers to the running broker (see the header for why).
std::mutex g_link_mutex;
std::weak_ptr<QueueBroker> g_link;

int64_t nowMs() { return static_cast<int64_t>(clock::nowMs()); }

}  // namespace

// One batch handed to a consumer: what settle() needs once the outcome comes back.
struct QueueBroker::InFlightBatch {
  std::string queue;
  std::vector<LeasedMessage> messages;
};

Result<std::shared_ptr<QueueBroker>> QueueBroker::start(const std::filesystem::path& data_dir,
                                                        std::vector<ConsumerSettings> consumers,
                                                        api::WorkerEventRouter& events) {
  Result<std::unique_ptr<QueueStore>> store = QueueStore::open(queuesFile(data_dir));
  if (!store.ok()) return store.error();
  if (Status released = store.value()->releaseLeases(); !released.ok()) return released.error();
  std::shared_ptr<QueueBroker> broker(
      new QueueBroker(std::move(store).value(), std::move(consumers), events));
  broker->loop_.start();
  QueueBroker* raw = broker.get();
  broker->loop_.runSync([raw] {
    raw->timer_.init([raw](uv_timer_t* t) { return uv_timer_init(raw->loop_.loop(), t); }, raw);
  });
  {
    std::lock_guard lock(g_link_mutex);
    g_link = broker;
  }
  // Messages left from before the restart (or sent before the broker started).
  for (const auto& [queue, consumer] : broker->consumers_) broker->notify(queue);
  return broker;
}

QueueBroker::QueueBroker(std::unique_ptr<QueueStore> store, std::vector<ConsumerSettings> consumers,
                         api::WorkerEventRouter& events)
    : store_(std::move(store)), events_(events) {
  for (auto& [queue, settings] : oneConsumerPerQueue(std::move(consumers))) {
    consumers_.emplace(queue, Consumer{std::move(settings)});
  }
}

std::map<std::string, ConsumerSettings, std::less<>> QueueBroker::oneConsumerPerQueue(
    std::vector<ConsumerSettings> consumers) {
  std::map<std::string, ConsumerSettings, std::less<>> by_queue;
  for (ConsumerSettings& settings : consumers) {
    if (by_queue.contains(settings.queue)) {
      log::warn(fmt::format("queue \"{}\": a queue has one consumer; Worker \"{}\" is not it",
                            settings.queue, settings.worker));
      continue;
    }
    std::string queue = settings.queue;
    by_queue.emplace(std::move(queue), std::move(settings));
  }
  return by_queue;
}

void QueueBroker::setConsumers(std::vector<ConsumerSettings> consumers) {
  // stop() joins the loop before the broker goes, so `this` outlives the task (or it never runs).
  loop_.post([this, consumers = std::move(consumers)]() mutable { replaceConsumers(std::move(consumers)); });
}

void QueueBroker::replaceConsumers(std::vector<ConsumerSettings> consumers) {
  std::map<std::string, ConsumerSettings, std::less<>> wanted = oneConsumerPerQueue(std::move(consumers));
  for (auto it = consumers_.begin(); it != consumers_.end();) {
    if (wanted.contains(it->first)) {
      ++it;
    } else if (it->second.in_flight == 0) {
      it = consumers_.erase(it);
    } else {
      it->second.removed = true;
      ++it;
    }
  }
  for (auto& [queue, settings] : wanted) {
    Consumer& consumer = consumers_[queue];
    consumer.settings = std::move(settings);
    consumer.removed = false;
  }
  // Messages that waited for a consumer (or for the new settings' batch size) go out now.
  int64_t now = nowMs();
  for (auto& [queue, consumer] : consumers_) pump(consumer, now);
}

QueueBroker::~QueueBroker() { stop(std::chrono::milliseconds(0)); }

void QueueBroker::notify(std::string_view queue) {
  // Whether the queue has a consumer is for the broker's thread to say (pumpDirty).
  std::lock_guard lock(mutex_);
  dirty_.emplace(queue);
  if (pump_posted_) return;
  pump_posted_ = loop_.post([this] { pumpDirty(); });
}

void QueueBroker::notifyRunning(std::string_view queue) {
  std::shared_ptr<QueueBroker> broker;
  {
    std::lock_guard lock(g_link_mutex);
    broker = g_link.lock();
  }
  if (broker) broker->notify(queue);
}

void QueueBroker::stop(std::chrono::milliseconds grace) {
  if (stopped_) return;
  stopped_ = true;
  stopping_ = true;
  {
    std::lock_guard lock(g_link_mutex);
    std::shared_ptr<QueueBroker> linked = g_link.lock();
    if (!linked || linked.get() == this) g_link.reset();
  }
  {
    std::unique_lock lock(mutex_);
    settled_.wait_for(lock, grace, [this] { return batches_in_flight_ == 0; });
  }
  loop_.post([this] { timer_.close(); });
  loop_.stop();
}

void QueueBroker::pumpDirty() {
  std::set<std::string, std::less<>> queues;
  {
    std::lock_guard lock(mutex_);
    queues.swap(dirty_);
    pump_posted_ = false;
  }
  int64_t now = nowMs();
  for (const std::string& queue : queues) {
    auto found = consumers_.find(queue);
    if (found != consumers_.end()) pump(found->second, now);
  }
}

void QueueBroker::pump(Consumer& consumer, int64_t now_ms) {
  const ConsumerSettings& settings = consumer.settings;
  while (!stopping_ && !consumer.removed) {
    Result<Readiness> state = store_->readiness(settings.queue, now_ms, settings.max_batch_size);
    if (!state.ok()) {
      log::error(fmt::format("queue \"{}\": {}", settings.queue, state.error().message));
      return;
    }
    if (state->next_available_ms) wakeAt(*state->next_available_ms, now_ms);
    if (state->ready == 0 || consumer.in_flight >= settings.max_concurrency) return;
    // A batch fills by size, or goes out once its oldest message waited max_batch_timeout.
    if (state->ready<settings.max_batch_size&& * state->oldest_ready_ms +
                     settings.max_batch_timeout_ms>
            now_ms) {
      wakeAt(*state->oldest_ready_ms + settings.max_batch_timeout_ms, now_ms);
      return;
    }
    Result<std::vector<LeasedMessage>> batch =
        store_->lease(settings.queue, now_ms, settings.max_batch_size);
    if (!batch.ok()) {
      log::error(fmt::format("queue \"{}\": {}", settings.queue, batch.error().message));
      return;
    }
    if (batch->empty()) return;
    deliver(consumer, std::move(batch).value());
  }
}

void QueueBroker::deliver(Consumer& consumer, std::vector<LeasedMessage> messages) {
  ++consumer.in_flight;
  {
    std::lock_guard lock(mutex_);
    ++batches_in_flight_;
  }
  auto batch = std::make_shared<InFlightBatch>();
  batch->queue = consumer.settings.queue;
  batch->messages = std::move(messages);
  std::string payload = batchPayload(batch->queue, batch->messages);
  std::weak_ptr<QueueBroker> weak = weak_from_this();
  // `done` runs on the serving thread that ran the batch (or here, if it could not start).
  events_.deliver(consumer.settings.worker, "queue", std::move(payload),
                  [weak, batch](api::WorkerEventOutcome outcome) {
                    std::shared_ptr<QueueBroker> self = weak.lock();
                    if (!self) return;
                    QueueBroker* raw = self.get();
                    bool posted =
                        raw->loop_.post([raw, batch, outcome = std::move(outcome)]() mutable {
                          raw->settle(batch, std::move(outcome));
                        });
                    // Stopped: the batch stays leased on disk and is redelivered after a restart.
                    if (!posted) raw->batchFinished();
                  });
}

void QueueBroker::settle(std::shared_ptr<InFlightBatch> batch, api::WorkerEventOutcome outcome) {
  auto found = consumers_.find(batch->queue);
  Consumer& consumer = found->second;
  const ConsumerSettings& settings = consumer.settings;
  BatchReport report;
  if (!outcome.ok) {
    report.error = outcome.error;
  } else if (Result<BatchReport> parsed = parseBatchReport(outcome.result_json); parsed.ok()) {
    report = std::move(parsed).value();
  } else {
    report.error = parsed.error().message;
  }
  int64_t now = nowMs();
  BatchDecision decision = decideBatch(settings, batch->messages, report, now);
  if (report.error) {
    log::workerLine(spdlog::level::err, settings.worker, {},
                    fmt::format("queue \"{}\": queue() failed for a batch of {}: {}",
                                settings.queue, batch->messages.size(), *report.error));
  }
  if (Status settled = store_->settle(decision.settlements); !settled.ok()) {
    // The messages stay leased: a restart delivers them again.
    log::error(fmt::format("queue \"{}\": {}", settings.queue, settled.error().message));
  }
  for (const std::string& id : decision.dropped) {
    log::workerLine(
        spdlog::level::warn, settings.worker, {},
        fmt::format("queue \"{}\": message {} dropped after {} failed deliveries "
                    "(max_retries {}, no dead_letter_queue)",
                    settings.queue, id, settings.max_retries + 1, settings.max_retries));
  }
  if (!decision.dead_lettered.empty()) {
    log::workerLine(
        spdlog::level::info, settings.worker, {},
        fmt::format("queue \"{}\": {} message(s) moved to dead-letter queue \"{}\"", settings.queue,
                    decision.dead_lettered.size(), *settings.dead_letter_queue));
    notify(*settings.dead_letter_queue);
  }
  --consumer.in_flight;
  batchFinished();
  if (consumer.removed) {
    if (consumer.in_flight == 0) consumers_.erase(found);
    return;
  }
  pump(consumer, now);
}

void QueueBroker::batchFinished() {
  {
    std::lock_guard lock(mutex_);
    --batches_in_flight_;
  }
  settled_.notify_all();
}

void QueueBroker::wakeAt(int64_t when_ms, int64_t now_ms) {
  if (!timer_ || stopping_) return;
  if (timer_due_ms_ >= 0 && timer_due_ms_ <= when_ms) return;
  timer_due_ms_ = when_ms;
  uv_timer_start(timer_.get(), &QueueBroker::onTimer,
                 static_cast<uint64_t>(std::max<int64_t>(0, when_ms - now_ms)), 0);
}

void QueueBroker::onTimer(uv_timer_t* timer) {
  auto* self = static_cast<QueueBroker*>(timer->data);
  if (self == nullptr) return;
  self->timer_due_ms_ = -1;
  int64_t now = nowMs();
  for (auto& [queue, consumer] : self->consumers_) self->pump(consumer, now);
}

}  // namespace edged::bindings::queues
