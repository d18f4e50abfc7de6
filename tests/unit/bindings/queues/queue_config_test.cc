// Consumer settings with Cloudflare's defaults and bounds, and the producers' env descriptors.
#include "edged/bindings/queues/queue_config.h"

#include <gtest/gtest.h>

namespace edged::bindings::queues {
namespace {

TEST(QueueConfig, Defaults) {
  config::QueueConsumer consumer;
  consumer.queue = "jobs";
  std::vector<std::string> warnings;
  ConsumerSettings s = consumerSettings(consumer, "worker", warnings);
  EXPECT_EQ(s.queue, "jobs");
  EXPECT_EQ(s.worker, "worker");
  EXPECT_EQ(s.max_batch_size, 10);
  EXPECT_EQ(s.max_batch_timeout_ms, 5000);
  EXPECT_EQ(s.max_retries, 3);
  EXPECT_EQ(s.retry_delay_s, 0);
  EXPECT_FALSE(s.dead_letter_queue);
  EXPECT_TRUE(warnings.empty());
}

TEST(QueueConfig, ValuesPastTheBoundsAreClampedWithAWarning) {
  config::QueueConsumer consumer;
  consumer.queue = "jobs";
  consumer.max_batch_size = 500;
  consumer.max_batch_timeout = 0.25;
  consumer.max_concurrency = 0;
  consumer.dead_letter_queue = "jobs";
  std::vector<std::string> warnings;
  ConsumerSettings s = consumerSettings(consumer, "worker", warnings);
  EXPECT_EQ(s.max_batch_size, 100);
  EXPECT_EQ(s.max_batch_timeout_ms, 250);
  EXPECT_EQ(s.max_concurrency, 1);
  EXPECT_FALSE(s.dead_letter_queue);
  ASSERT_EQ(warnings.size(), 3u);
  EXPECT_EQ(warnings[0], "queue \"jobs\": max_batch_size 500 is outside 1..100; using 100");
}

TEST(QueueConfig, ProducerSpecs) {
  config::WorkerConfig worker;
  worker.queues.producers.push_back({"Q", "jobs", std::nullopt});
  worker.queues.producers.push_back({"LATE", "later", 30});
  auto specs = bindingSpecs(worker);
  ASSERT_EQ(specs.size(), 2u);
  EXPECT_EQ(specs[0], R"({"type":"queue","name":"Q","queue":"jobs","deliveryDelay":null})");
  EXPECT_EQ(specs[1], R"({"type":"queue","name":"LATE","queue":"later","deliveryDelay":30})");
}

}  // namespace
}  // namespace edged::bindings::queues
