// Cloudflare's producer limits and the messages a Worker gets for them.
#include "edged/bindings/queues/queue_limits.h"

#include <gtest/gtest.h>

#include <vector>

namespace edged::bindings::queues {
namespace {

std::string check(std::vector<OutgoingSize> messages, bool batch) {
  return checkSend(messages, batch).value_or("ok");
}

TEST(QueueLimits, MessageSize) {
  EXPECT_EQ(check({{128000, 0}}, false), "ok");
  EXPECT_EQ(check({{128001, 0}}, false),
            "Queue send failed: message length of 128001 bytes exceeds limit of 128000");
  EXPECT_EQ(check({{10, 0}, {128001, 0}}, true),
            "Queue sendBatch failed: message in batch has length 128001 bytes which exceeds "
            "single message size limit of 128000");
}

TEST(QueueLimits, BatchCountAndSize) {
  EXPECT_EQ(check(std::vector<OutgoingSize>(100, {10, 0}), true), "ok");
  EXPECT_EQ(check(std::vector<OutgoingSize>(101, {10, 0}), true),
            "Queue sendBatch failed: batch message count of 101 exceeds limit of 100");
  EXPECT_EQ(check({{100000, 0}, {100000, 0}, {56000, 0}}, true), "ok");
  EXPECT_EQ(check({{100000, 0}, {100000, 0}, {56001, 0}}, true),
            "Queue sendBatch failed: batch size of 256001 bytes exceeds limit of 256000");
}

TEST(QueueLimits, Delays) {
  EXPECT_EQ(check({{1, 43200}}, false), "ok");
  EXPECT_EQ(
      check({{1, 43201}}, false),
      "Queue send failed: delaySeconds must be a number of seconds from 0 to 43200, got 43201");
  EXPECT_NE(check({{1, -1}}, true), "ok");
}

}  // namespace
}  // namespace edged::bindings::queues
