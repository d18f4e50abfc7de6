// The queues file: messages committed all or none, leased oldest first with their delivery
// counted, delays honoured, leases released after a crash (at least once), settlements acking,
// retrying and moving to a dead-letter queue, and two connections sharing the file.
#include "edged/bindings/queues/queue_store.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "../../server/temp_dir.h"

namespace edged::bindings::queues {
namespace {

class QueueStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { store_ = open(); }
  void TearDown() override { store_.reset(); }
  std::unique_ptr<QueueStore> open() {
    auto store = QueueStore::open(queuesFile(dir_.path()));
    EXPECT_TRUE(store.ok()) << (store.ok() ? "" : store.error().message);
    return std::move(store).value();
  }
  void send(std::string_view queue, std::vector<std::string> bodies, int64_t now,
            int64_t delay_ms = 0) {
    std::vector<NewMessage> messages;
    for (std::string& body : bodies) {
      messages.push_back({"id-" + body, "text", std::move(body), delay_ms});
    }
    ASSERT_TRUE(store_->enqueue(queue, messages, now).ok());
  }
  // "body:attempts,…" of what lease() hands out.
  std::string lease(std::string_view queue, int64_t now, int64_t limit,
                    std::vector<LeasedMessage>* out = nullptr) {
    auto leased = store_->lease(queue, now, limit);
    if (!leased.ok()) return "error: " + leased.error().message;
    std::string text;
    for (const LeasedMessage& m : *leased) {
      text += (text.empty() ? "" : ",") + m.body + ":" + std::to_string(m.attempts);
    }
    if (out != nullptr) *out = std::move(leased).value();
    return text;
  }
  int64_t count(std::string_view queue) { return store_->count(queue).value(); }

  server::testing::TempDir dir_;
  std::unique_ptr<QueueStore> store_;
};

TEST_F(QueueStoreTest, LeasesOldestFirstAndCountsTheDelivery) {
  send("q", {"a", "b", "c"}, 1000);
  send("other", {"x"}, 1000);
  EXPECT_EQ(lease("q", 1000, 2), "a:1,b:1");
  EXPECT_EQ(lease("q", 1000, 10), "c:1");
  EXPECT_EQ(lease("q", 1000, 10), "");  // all leased
  EXPECT_EQ(count("q"), 3);
  EXPECT_EQ(lease("other", 1000, 10), "x:1");
}

TEST_F(QueueStoreTest, KeepsIdsTypesAndTimestamps) {
  std::vector<NewMessage> messages = {{"0123", "bytes", std::string("\0\x01\xff", 3), 0}};
  ASSERT_TRUE(store_->enqueue("q", messages, 1234).ok());
  std::vector<LeasedMessage> leased;
  lease("q", 1234, 1, &leased);
  ASSERT_EQ(leased.size(), 1u);
  EXPECT_EQ(leased[0].id, "0123");
  EXPECT_EQ(leased[0].content_type, "bytes");
  EXPECT_EQ(leased[0].body, std::string("\0\x01\xff", 3));
  EXPECT_EQ(leased[0].timestamp_ms, 1234);
}

TEST_F(QueueStoreTest, DelayedMessagesWaitAndReadinessSaysUntilWhen) {
  send("q", {"late"}, 1000, 5000);
  send("q", {"now"}, 1000);
  auto state = store_->readiness("q", 1000, 10);
  ASSERT_TRUE(state.ok());
  EXPECT_EQ(state->ready, 1);
  EXPECT_EQ(state->oldest_ready_ms, 1000);
  EXPECT_EQ(state->next_available_ms, 6000);
  EXPECT_EQ(lease("q", 1000, 10), "now:1");
  EXPECT_EQ(lease("q", 5999, 10), "");
  EXPECT_EQ(lease("q", 6000, 10), "late:1");
}

TEST_F(QueueStoreTest, ReadinessIsCappedAtTheLimit) {
  send("q", {"1", "2", "3", "4"}, 1000);
  EXPECT_EQ(store_->readiness("q", 1000, 3)->ready, 3);
  EXPECT_EQ(store_->readiness("q", 1000, 10)->ready, 4);
  EXPECT_EQ(store_->readiness("empty", 1000, 10)->ready, 0);
  EXPECT_FALSE(store_->readiness("empty", 1000, 10)->oldest_ready_ms);
}

TEST_F(QueueStoreTest, SettleAcksRetriesAndMoves) {
  send("q", {"ack", "retry", "dead"}, 1000);
  std::vector<LeasedMessage> leased;
  lease("q", 1000, 10, &leased);
  ASSERT_EQ(leased.size(), 3u);
  std::vector<Settlement> outcome = {
      {leased[0].seq, Settlement::Action::kAck, 0, ""},
      {leased[1].seq, Settlement::Action::kRetry, 3000, ""},
      {leased[2].seq, Settlement::Action::kMove, 1000, "dlq"},
  };
  ASSERT_TRUE(store_->settle(outcome).ok());
  EXPECT_EQ(count("q"), 1);
  EXPECT_EQ(lease("q", 2999, 10), "");
  EXPECT_EQ(lease("q", 3000, 10), "retry:2");
  // A dead-lettered message keeps its id and starts counting deliveries again.
  std::vector<LeasedMessage> dead;
  EXPECT_EQ(lease("dlq", 1000, 10, &dead), "dead:1");
  EXPECT_EQ(dead[0].id, "id-dead");
}

TEST_F(QueueStoreTest, LeasesOfACrashedProcessAreDeliveredAgainWithTheAttemptCounted) {
  send("q", {"a"}, 1000);
  EXPECT_EQ(lease("q", 1000, 10), "a:1");
  store_.reset();  // the process dies with the batch in flight
  store_ = open();
  EXPECT_EQ(lease("q", 1000, 10), "");  // still leased until the broker starts
  ASSERT_TRUE(store_->releaseLeases().ok());
  EXPECT_EQ(lease("q", 1000, 10), "a:2");
}

TEST_F(QueueStoreTest, TwoConnectionsShareTheFile) {
  auto producer = open();
  std::vector<NewMessage> messages = {{"p1", "json", "{}", 0}};
  ASSERT_TRUE(producer->enqueue("q", messages, 1000).ok());
  EXPECT_EQ(lease("q", 1000, 10), "{}:1");
}

}  // namespace
}  // namespace edged::bindings::queues
