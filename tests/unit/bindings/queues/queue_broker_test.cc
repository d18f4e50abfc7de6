// The broker thread against a fake event router (no V8): batches fill by size and by
// max_batch_timeout, max_concurrency bounds the batches in flight, outcomes settle back into
// the file (acks, retries), leases of a crashed process are delivered again, and stop() does
// not wait forever for a batch that never settles.
#include "edged/bindings/queues/queue_broker.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

#include "edged/util/clock.h"

namespace edged::bindings::queues {
namespace {

using namespace std::chrono_literals;

// Records each batch; the test settles it by calling its `done`.
class FakeRouter : public api::WorkerEventRouter {
 public:
  struct Delivery {
    std::string worker;
    std::string payload;
    api::WorkerEventDone done;
    int64_t at_ms;
  };

  void deliver(const std::string& worker, const std::string& kind, std::string payload_json,
               api::WorkerEventDone done) override {
    EXPECT_EQ(kind, "queue");
    std::lock_guard lock(mutex_);
    deliveries_.push_back(
        {worker, std::move(payload_json), std::move(done), static_cast<int64_t>(clock::nowMs())});
    changed_.notify_all();
  }

  // Waits until `count` batches arrived (false after `timeout`).
  bool waitFor(size_t count, std::chrono::milliseconds timeout = 5s) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] { return deliveries_.size() >= count; });
  }
  size_t size() {
    std::lock_guard lock(mutex_);
    return deliveries_.size();
  }
  Delivery& at(size_t i) {
    std::lock_guard lock(mutex_);
    return deliveries_.at(i);
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<Delivery> deliveries_;
};

size_t messagesIn(const std::string& payload) {
  size_t count = 0;
  for (size_t at = payload.find("\"id\":"); at != std::string::npos;
       at = payload.find("\"id\":", at + 1)) {
    ++count;
  }
  return count;
}

class QueueBrokerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("edged-broker-test-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    producer_ = std::move(QueueStore::open(queuesFile(dir_))).value();
  }
  void TearDown() override {
    if (broker_) broker_->stop(0ms);
    broker_.reset();
    std::filesystem::remove_all(dir_);
  }
  void start(ConsumerSettings settings) {
    settings.queue = "q";
    settings.worker = "consumer";
    auto started = QueueBroker::start(dir_, {settings}, router_);
    ASSERT_TRUE(started.ok()) << started.error().message;
    broker_ = std::move(started).value();
  }
  void send(int count) {
    std::vector<NewMessage> messages;
    for (int i = 0; i < count; ++i) messages.push_back({"id" + std::to_string(i), "text", "m", 0});
    ASSERT_TRUE(producer_->enqueue("q", messages, static_cast<int64_t>(clock::nowMs())).ok());
    QueueBroker::notifyRunning("q");
  }
  static api::WorkerEventOutcome acked() { return {true, R"({"error":null})", ""}; }

  std::filesystem::path dir_;
  std::unique_ptr<QueueStore> producer_;
  FakeRouter router_;
  std::shared_ptr<QueueBroker> broker_;
};

TEST_F(QueueBrokerTest, FullBatchesGoOutAtOnceAndTheRestWaitsForTheTimeout) {
  ConsumerSettings settings;
  settings.max_batch_size = 3;
  settings.max_batch_timeout_ms = 60'000;
  start(settings);
  send(7);
  ASSERT_TRUE(router_.waitFor(2));
  EXPECT_EQ(router_.at(0).worker, "consumer");
  EXPECT_EQ(messagesIn(router_.at(0).payload), 3u);
  EXPECT_EQ(messagesIn(router_.at(1).payload), 3u);
  EXPECT_FALSE(router_.waitFor(3, 300ms));  // one message, waiting for 60 s
}

TEST_F(QueueBrokerTest, APartialBatchGoesOutAfterMaxBatchTimeout) {
  ConsumerSettings settings;
  settings.max_batch_timeout_ms = 300;
  start(settings);
  auto sent = static_cast<int64_t>(clock::nowMs());
  send(2);
  ASSERT_TRUE(router_.waitFor(1));
  EXPECT_GE(router_.at(0).at_ms - sent, 290);
  EXPECT_EQ(messagesIn(router_.at(0).payload), 2u);
}

TEST_F(QueueBrokerTest, MaxConcurrencyBoundsBatchesInFlight) {
  ConsumerSettings settings;
  settings.max_batch_size = 1;
  settings.max_batch_timeout_ms = 0;
  settings.max_concurrency = 1;
  start(settings);
  send(2);
  ASSERT_TRUE(router_.waitFor(1));
  EXPECT_FALSE(router_.waitFor(2, 200ms));
  router_.at(0).done(acked());
  ASSERT_TRUE(router_.waitFor(2));
  router_.at(1).done(acked());
  for (int i = 0; i < 100 && producer_->count("q").value() != 0; ++i)
    std::this_thread::sleep_for(10ms);
  EXPECT_EQ(producer_->count("q").value(), 0);
}

TEST_F(QueueBrokerTest, AFailedBatchIsRetriedWithTheAttemptCounted) {
  ConsumerSettings settings;
  settings.max_batch_timeout_ms = 0;
  start(settings);
  send(1);
  ASSERT_TRUE(router_.waitFor(1));
  router_.at(0).done({false, "", "Worker exceeded CPU time limit."});
  ASSERT_TRUE(router_.waitFor(2));
  EXPECT_NE(router_.at(1).payload.find("\"attempts\":2"), std::string::npos);
}

TEST_F(QueueBrokerTest, ABatchLeasedByACrashedProcessIsDeliveredAgain) {
  send(1);
  ASSERT_EQ(producer_->lease("q", static_cast<int64_t>(clock::nowMs()), 10)->size(), 1u);
  ConsumerSettings settings;
  settings.max_batch_timeout_ms = 0;
  start(settings);
  ASSERT_TRUE(router_.waitFor(1));
  EXPECT_NE(router_.at(0).payload.find("\"attempts\":2"), std::string::npos);
}

TEST_F(QueueBrokerTest, StopDoesNotWaitForeverAndALateOutcomeIsHarmless) {
  ConsumerSettings settings;
  settings.max_batch_timeout_ms = 0;
  start(settings);
  send(1);
  ASSERT_TRUE(router_.waitFor(1));
  broker_->stop(50ms);
  router_.at(0).done(acked());  // after the stop: the message stays for the next start
  broker_.reset();
  EXPECT_EQ(producer_->count("q").value(), 1);
}

}  // namespace
}  // namespace edged::bindings::queues
