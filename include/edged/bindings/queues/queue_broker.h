#pragma once
// The consumer side of every queue in the process: one thread of its own that watches the
// queues file, fills batches by size or by max_batch_timeout, runs them in the consuming
// Worker's queue() handler (through api::WorkerEventRouter, on a serving thread) and applies
// their outcome: acks, retries with their delays, dead-lettering after max_retries.
//
// Producers commit messages from any serving thread (queue_ops) and then call notifyRunning(),
// which reaches the broker through one process-wide link: realms have no path to the server's
// services, and there is exactly one broker per process. Without a running broker (no consumer
// configured, or `edged serve` not running) messages wait on disk for the next one.

#include <uv.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "edged/api/worker_events.h"
#include "edged/bindings/queues/queue_config.h"
#include "edged/bindings/queues/queue_store.h"
#include "edged/net/loop_thread.h"
#include "edged/net/uv_handle.h"
#include "edged/util/result.h"

namespace edged::bindings::queues {

class QueueBroker : public std::enable_shared_from_this<QueueBroker> {
 public:
  // Opens <data_dir>/queues/queues.sqlite, makes messages leased by a previous process
  // deliverable again (at least once), starts the thread and publishes the process-wide link.
  // `events` must outlive the broker.
  static Result<std::shared_ptr<QueueBroker>> start(const std::filesystem::path& data_dir,
                                                    std::vector<ConsumerSettings> consumers,
                                                    api::WorkerEventRouter& events);
  ~QueueBroker();
  QueueBroker(const QueueBroker&) = delete;
  QueueBroker& operator=(const QueueBroker&) = delete;

  // Messages were committed to `queue`. Thread-safe; cheap when called in a burst.
  void notify(std::string_view queue);
  // notify() on the running broker, if any (what producers call).
  static void notifyRunning(std::string_view queue);

  // Serves `consumers` from now on (a deploy changed them): a queue that lost its consumer gets
  // no new batch, its batches in flight settle as usual. Thread-safe.
  void setConsumers(std::vector<ConsumerSettings> consumers);

  // Starts no new batch, waits up to `grace` for batches in flight to settle (the rest are
  // redelivered after a restart), withdraws the link and stops the thread. Idempotent; not
  // from the broker's own thread.
  void stop(std::chrono::milliseconds grace);

 private:
  struct Consumer {
    ConsumerSettings settings;
    int64_t in_flight = 0;
    bool removed = false;  // no longer configured: forgotten once in_flight reaches 0
  };
  struct InFlightBatch;

  QueueBroker(std::unique_ptr<QueueStore> store, std::vector<ConsumerSettings> consumers,
              api::WorkerEventRouter& events);

  // The first consumer of each queue (a queue has one; the others are logged and ignored).
  static std::map<std::string, ConsumerSettings, std::less<>> oneConsumerPerQueue(
      std::vector<ConsumerSettings> consumers);

  // On the broker's thread.
  void replaceConsumers(std::vector<ConsumerSettings> consumers);
  void pumpDirty();
  void pump(Consumer& consumer, int64_t now_ms);
  void deliver(Consumer& consumer, std::vector<LeasedMessage> batch);
  void settle(std::shared_ptr<InFlightBatch> batch, api::WorkerEventOutcome outcome);
  void wakeAt(int64_t when_ms, int64_t now_ms);
  static void onTimer(uv_timer_t* timer);
  void batchFinished();

  net::LoopThread loop_;
  std::unique_ptr<QueueStore> store_;  // the broker thread's connection
  std::map<std::string, Consumer, std::less<>> consumers_;  // the broker's thread only
  api::WorkerEventRouter& events_;
  net::UvHandle<uv_timer_t> timer_;
  int64_t timer_due_ms_ = -1;  // when the armed timer fires; -1: not armed

  std::mutex mutex_;
  std::set<std::string, std::less<>> dirty_;  // guarded by mutex_: queues to pump
  bool pump_posted_ = false;                  // guarded by mutex_
  int64_t batches_in_flight_ = 0;             // guarded by mutex_
  std::condition_variable settled_;           // batches_in_flight_ went down
  std::atomic<bool> stopping_{false};
  bool stopped_ = false;  // stop() finished (main thread only)
};

}  // namespace edged::bindings::queues
