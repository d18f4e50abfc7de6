// A batch's outcome as Cloudflare applies it: explicit acks win over retryAll and a thrown
// handler, retries wait their delay (or retry_delay), max_retries + 1 failed deliveries go to the
// dead-letter queue or are dropped; the report JSON and the payload JSON.
#include "edged/bindings/queues/batch_delivery.h"

#include <gtest/gtest.h>

namespace edged::bindings::queues {
namespace {

std::vector<LeasedMessage> batchOf(std::vector<std::pair<std::string, int64_t>> id_attempts) {
  std::vector<LeasedMessage> out;
  int64_t seq = 1;
  for (auto& [id, attempts] : id_attempts) {
    LeasedMessage m;
    m.seq = seq++;
    m.id = id;
    m.attempts = attempts;
    out.push_back(m);
  }
  return out;
}

// "ack,retry@<ms>,move,…" per message.
std::string fates(const BatchDecision& decision) {
  std::string out;
  for (const Settlement& s : decision.settlements) {
    if (!out.empty()) out += ",";
    switch (s.action) {
      case Settlement::Action::kAck:
        out += "ack";
        break;
      case Settlement::Action::kRetry:
        out += "retry@" + std::to_string(s.available_at_ms);
        break;
      case Settlement::Action::kMove:
        out += "move:" + s.to_queue;
        break;
    }
  }
  return out;
}

BatchReport report(std::string_view json) {
  auto parsed = parseBatchReport(json);
  EXPECT_TRUE(parsed.ok()) << (parsed.ok() ? "" : parsed.error().message);
  return parsed.ok() ? parsed.value() : BatchReport{};
}

TEST(BatchDelivery, ASuccessfulHandlerAcksAllButExplicitRetries) {
  ConsumerSettings settings;
  settings.retry_delay_s = 2;
  auto batch = batchOf({{"a", 1}, {"b", 1}, {"c", 1}});
  auto decision = decideBatch(
      settings, batch, report(R"({"error":null,"acks":[],"retries":[["b",null],["c",5]]})"), 1000);
  EXPECT_EQ(fates(decision), "ack,retry@3000,retry@6000");
}

TEST(BatchDelivery, AThrownHandlerRetriesEverythingNotAcked) {
  ConsumerSettings settings;
  auto batch = batchOf({{"a", 1}, {"b", 1}});
  auto decision =
      decideBatch(settings, batch, report(R"({"error":"Error: boom","acks":["a"]})"), 0);
  EXPECT_EQ(fates(decision), "ack,retry@0");
}

TEST(BatchDelivery, RetryAllTakesItsDelayAndAckAllWinsOverAThrow) {
  ConsumerSettings settings;
  auto batch = batchOf({{"a", 1}, {"b", 1}});
  EXPECT_EQ(fates(decideBatch(settings, batch,
                              report(R"({"retryAll":true,"retryAllDelay":7,"acks":["b"]})"), 0)),
            "retry@7000,ack");
  EXPECT_EQ(fates(decideBatch(settings, batch, report(R"({"error":"x","ackAll":true})"), 0)),
            "ack,ack");
}

TEST(BatchDelivery, AfterMaxRetriesMessagesAreDeadLetteredOrDropped) {
  ConsumerSettings settings;
  settings.max_retries = 2;
  auto batch = batchOf({{"young", 2}, {"old", 3}});
  BatchReport failed;
  failed.error = "Error: boom";
  auto dropped = decideBatch(settings, batch, failed, 0);
  EXPECT_EQ(fates(dropped), "retry@0,ack");
  EXPECT_EQ(dropped.dropped, std::vector<std::string>{"old"});
  settings.dead_letter_queue = "dlq";
  auto moved = decideBatch(settings, batch, failed, 0);
  EXPECT_EQ(fates(moved), "retry@0,move:dlq");
  EXPECT_EQ(moved.dead_lettered, std::vector<std::string>{"old"});
}

TEST(BatchDelivery, RetryDelaysAreClampedToCloudflaresMaximum) {
  ConsumerSettings settings;
  auto batch = batchOf({{"a", 1}});
  EXPECT_EQ(fates(decideBatch(settings, batch, report(R"({"retries":[["a",1e9]]})"), 0)),
            "retry@43200000");
}

TEST(BatchDelivery, MalformedReportsAreErrors) {
  EXPECT_FALSE(parseBatchReport("nope").ok());
  EXPECT_FALSE(parseBatchReport("[]").ok());
  EXPECT_FALSE(parseBatchReport(R"({"acks":[1]})").ok());
  EXPECT_FALSE(parseBatchReport(R"({"retries":[["a"]]})").ok());
}

TEST(BatchDelivery, PayloadCarriesTextAsStringsAndBytesAsBase64) {
  std::vector<LeasedMessage> batch(2);
  batch[0] = {1, "id1", "json", R"({"a":"é"})", 1700000000000, 1};
  batch[1] = {2, "id2", "v8", std::string("\xff\x0f", 2), 5, 3};
  EXPECT_EQ(
      batchPayload("q\"", batch),
      R"({"queue":"q\"","messages":[)"
      R"({"id":"id1","timestamp":1700000000000,"attempts":1,"contentType":"json","text":"{\"a\":\"é\"}"},)"
      R"({"id":"id2","timestamp":5,"attempts":3,"contentType":"v8","base64":"/w8="}]})");
}

}  // namespace
}  // namespace edged::bindings::queues
