#include "edged/server/tail_hub.h"

#include <gtest/gtest.h>

#include <mutex>
#include <thread>

#include "edged/server/tail_event.h"

namespace edged::server {
namespace {

// Records what the hub hands it.
class RecordingSink : public TailSink {
 public:
  void deliver(std::shared_ptr<const std::string> event_json) override {
    std::lock_guard lock(mutex);
    events.push_back(*event_json);
  }
  void end() override { ended = true; }

  std::mutex mutex;
  std::vector<std::string> events;
  bool ended = false;
};

TailFilters filtersFrom(std::string_view body, std::string_view self_ip = "10.0.0.9") {
  Result<TailFilters> parsed = parseTailFilters(body, self_ip);
  EXPECT_TRUE(parsed.ok()) << body << ": " << (parsed.ok() ? "" : parsed.error().message);
  return parsed.ok() ? parsed.value() : TailFilters{};
}

std::string filterError(std::string_view body) {
  Result<TailFilters> parsed = parseTailFilters(body, "");
  return parsed.ok() ? "ok" : parsed.error().message;
}

TEST(TailHubTest, NobodyTailingCostsNothingAndBuildsNothing) {
  TailHub hub;
  ASSERT_TRUE(hub.create("w", {}).ok());  // created, but no client yet
  EXPECT_FALSE(hub.tailed("w"));
  bool built = false;
  hub.publish("w", {}, [&] {
    built = true;
    return std::string("{}");
  });
  EXPECT_FALSE(built);
}

TEST(TailHubTest, ConnectedTailsGetTheirWorkersEventsBuiltOnce) {
  TailHub hub;
  TailRecord a = hub.create("w", {}).value();
  TailRecord b = hub.create("w", {}).value();
  TailRecord other = hub.create("x", {}).value();
  EXPECT_EQ(a.id.size(), 32u);
  EXPECT_NE(a.id, b.id);
  auto sa = std::make_shared<RecordingSink>();
  auto sb = std::make_shared<RecordingSink>();
  auto sx = std::make_shared<RecordingSink>();
  ASSERT_TRUE(hub.attach(a.id, sa).ok());
  ASSERT_TRUE(hub.attach(b.id, sb).ok());
  ASSERT_TRUE(hub.attach(other.id, sx).ok());
  EXPECT_TRUE(hub.tailed("w"));
  int builds = 0;
  hub.publish("w", {.outcome = "ok"}, [&] {
    ++builds;
    return std::string("{\"n\":1}");
  });
  EXPECT_EQ(builds, 1);
  EXPECT_EQ(sa->events, std::vector<std::string>{"{\"n\":1}"});
  EXPECT_EQ(sb->events, std::vector<std::string>{"{\"n\":1}"});
  EXPECT_TRUE(sx->events.empty());
}

TEST(TailHubTest, TheIdIsTheCapabilityForOneClientAtATime) {
  TailHub hub;
  TailRecord tail = hub.create("w", {}).value();
  auto first = std::make_shared<RecordingSink>();
  EXPECT_FALSE(hub.attach("0123456789abcdef0123456789abcdef", first).ok());
  ASSERT_TRUE(hub.attach(tail.id, first).ok());
  EXPECT_FALSE(hub.attach(tail.id, std::make_shared<RecordingSink>()).ok());
  hub.detach(tail.id, first.get());
  EXPECT_FALSE(hub.tailed("w"));
  EXPECT_TRUE(hub.attach(tail.id, std::make_shared<RecordingSink>()).ok());
}

TEST(TailHubTest, DeletingEndsTheClientAndOnlyTheNamedWorkersTail) {
  TailHub hub;
  TailRecord tail = hub.create("w", {}).value();
  auto sink = std::make_shared<RecordingSink>();
  ASSERT_TRUE(hub.attach(tail.id, sink).ok());
  EXPECT_FALSE(hub.remove("other", tail.id));
  EXPECT_TRUE(hub.remove("w", tail.id));
  EXPECT_TRUE(sink->ended);
  EXPECT_FALSE(hub.tailed("w"));
  EXPECT_FALSE(hub.remove("w", tail.id));
  EXPECT_TRUE(hub.list("w").empty());
}

TEST(TailHubTest, TailsExpireAndUnconnectedOnesDoNotWaitForever) {
  int64_t now = 1'000'000;
  TailHub hub([&] { return now; });
  TailRecord connected = hub.create("w", {}).value();
  TailRecord waiting = hub.create("w", {}).value();
  EXPECT_EQ(connected.expires_at_ms, now + TailHub::kLifetimeMs);
  auto sink = std::make_shared<RecordingSink>();
  ASSERT_TRUE(hub.attach(connected.id, sink).ok());
  now += TailHub::kConnectWithinMs;
  ASSERT_EQ(hub.list("w").size(), 1u);  // the unconnected one is gone
  EXPECT_EQ(hub.list("w")[0].id, connected.id);
  now = connected.expires_at_ms;
  EXPECT_TRUE(hub.list("w").empty());
  EXPECT_TRUE(sink->ended);
  EXPECT_FALSE(hub.attach(waiting.id, sink).ok());
}

TEST(TailHubTest, AWorkerHasAtMostTenTails) {
  TailHub hub;
  for (size_t i = 0; i < TailHub::kMaxTailsPerWorker; ++i) ASSERT_TRUE(hub.create("w", {}).ok());
  EXPECT_FALSE(hub.create("w", {}).ok());
  EXPECT_TRUE(hub.create("x", {}).ok());
}

TEST(TailHubTest, ServingThreadsPublishWhileClientsComeAndGo) {
  TailHub hub;
  std::atomic<bool> stop{false};
  std::vector<std::thread> publishers;
  for (int t = 0; t < 4; ++t) {
    publishers.emplace_back([&] {
      while (!stop) hub.publish("w", {}, [] { return std::string("{}"); });
    });
  }
  for (int i = 0; i < 200; ++i) {
    TailRecord tail = hub.create("w", {}).value();
    auto sink = std::make_shared<RecordingSink>();
    ASSERT_TRUE(hub.attach(tail.id, sink).ok());
    EXPECT_TRUE(hub.remove("w", tail.id));
  }
  stop = true;
  for (auto& t : publishers) t.join();
  EXPECT_FALSE(hub.tailed("w"));
}

TEST(TailFiltersTest, ParsesWhatWranglerSends) {
  TailFilters f = filtersFrom(
      R"({"filters":[{"sampling_rate":0.5},{"outcome":["exception","exceededCpu"]},)"
      R"({"method":["GET"]},{"header":{"key":"X-Debug","query":"1"}},)"
      R"({"client_ip":["self","1.2.3.4"]},{"query":"needle"},{"scriptVersion":"v1"}]})");
  EXPECT_EQ(f.sampling_rate, 0.5);
  EXPECT_EQ(f.outcomes, (std::vector<std::string>{"exception", "exceededCpu"}));
  EXPECT_EQ(f.methods, std::vector<std::string>{"GET"});
  EXPECT_EQ(f.header_key, "X-Debug");
  EXPECT_EQ(f.header_query, "1");
  EXPECT_EQ(f.client_ips, (std::vector<std::string>{"10.0.0.9", "1.2.3.4"}));
  EXPECT_EQ(f.query, "needle");
  EXPECT_EQ(f.version_id, "v1");
  EXPECT_EQ(filtersFrom("").outcomes.size(), 0u);
  EXPECT_EQ(filtersFrom("{}").outcomes.size(), 0u);
  EXPECT_EQ(filtersFrom(R"({"filters":[]})").outcomes.size(), 0u);
}

TEST(TailFiltersTest, RefusesMalformedFilters) {
  EXPECT_EQ(filterError("{"), "the tail's filters are not valid JSON");
  EXPECT_EQ(filterError(R"({"filters":{}})"), "\"filters\" must be a list");
  EXPECT_EQ(filterError(R"({"filters":[{"sampling_rate":0}]})"),
            "tail filter \"sampling_rate\" must be a number above 0 and at most 1");
  EXPECT_EQ(filterError(R"({"filters":[{"outcome":[1]}]})"),
            "tail filter \"outcome\" must be a list of strings");
  EXPECT_EQ(filterError(R"({"filters":[{"header":{}}]})"),
            "tail filter \"header\" needs a \"key\"");
  EXPECT_EQ(filterError(R"({"filters":[{"color":"red"}]})"), "unknown tail filter \"color\"");
}

TEST(TailFiltersTest, AnEventMustPassEveryFilterAndAnyEntryOfEach) {
  std::vector<net::HttpHeader> headers{{"x-debug", "1"}};
  runtime::RequestTrace trace;
  trace.logs.push_back({"log", R"(["the needle here"])", 0});
  TailEventFacts get{.outcome = "ok",
                     .method = "GET",
                     .headers = &headers,
                     .client_ip = "1.2.3.4",
                     .version_id = "v1",
                     .trace = &trace};
  EXPECT_TRUE(
      filtersFrom(R"({"filters":[{"method":["post","get"]},{"outcome":["ok"]}]})").matches(get));
  EXPECT_FALSE(
      filtersFrom(R"({"filters":[{"method":["get"]},{"outcome":["exception"]}]})").matches(get));
  EXPECT_TRUE(filtersFrom(R"({"filters":[{"header":{"key":"X-DEBUG"}}]})").matches(get));
  EXPECT_TRUE(
      filtersFrom(R"({"filters":[{"header":{"key":"x-debug","query":"1"}}]})").matches(get));
  EXPECT_FALSE(
      filtersFrom(R"({"filters":[{"header":{"key":"x-debug","query":"2"}}]})").matches(get));
  EXPECT_TRUE(filtersFrom(R"({"filters":[{"client_ip":["self","1.2.3.4"]}]})").matches(get));
  EXPECT_FALSE(filtersFrom(R"({"filters":[{"client_ip":["self"]}]})").matches(get));
  EXPECT_TRUE(filtersFrom(R"({"filters":[{"query":"needle"}]})").matches(get));
  EXPECT_FALSE(filtersFrom(R"({"filters":[{"query":"haystack"}]})").matches(get));
  EXPECT_FALSE(filtersFrom(R"({"filters":[{"scriptVersion":"v2"}]})").matches(get));
  // A cron event has no method or headers: filters on them never match it.
  TailEventFacts cron{.outcome = "ok", .version_id = "v1"};
  EXPECT_FALSE(filtersFrom(R"({"filters":[{"method":["GET"]}]})").matches(cron));
  EXPECT_FALSE(filtersFrom(R"({"filters":[{"header":{"key":"x"}}]})").matches(cron));
  EXPECT_TRUE(filtersFrom(R"({"filters":[{"sampling_rate":1}]})").matches(cron));
}

TEST(TailEventTest, FetchEventInCloudflaresShape) {
  runtime::RequestTrace trace;
  trace.logs.push_back({"log", R"(["hi",{"n":1}])", 1000});
  trace.exceptions.push_back({"TypeError", "bad \"x\"", "", 1001});
  TailEventCommon common{.script_name = "w",
                         .version_id = "v1",
                         .outcome = "exception",
                         .event_timestamp_ms = 999,
                         .wall_ms = 3,
                         .cpu_ms = 1,
                         .trace = &trace};
  net::HttpRequestHead head;
  head.method = "GET";
  head.headers = {
      {"Accept", "a"}, {"accept", "b"}, {"Authorization", "Bearer s"}, {"Cookie", "c=1"}};
  EXPECT_EQ(fetchTailEventJson(common, head, "http://h/p?q", 500),
            R"({"wallTime":3,"cpuTime":1,"truncated":false,"executionModel":"stateless",)"
            R"("outcome":"exception","scriptName":"w","scriptVersion":{"id":"v1"},)"
            R"("diagnosticsChannelEvents":[],)"
            R"("exceptions":[{"name":"TypeError","message":"bad \"x\"","timestamp":1001}],)"
            R"("logs":[{"message":["hi",{"n":1}],"level":"log","timestamp":1000}],)"
            R"("eventTimestamp":999,"event":{"request":{"url":"http://h/p?q","method":"GET",)"
            R"("headers":{"accept":"a, b","authorization":"REDACTED","cookie":"REDACTED"},)"
            R"("cf":{"colo":"LOCAL","httpProtocol":"HTTP/1.1"}},"response":{"status":500}}})");
  // No response sent: no `response`.
  EXPECT_EQ(fetchTailEventJson(common, head, "u", 0).find("response"), std::string::npos);
}

TEST(TailEventTest, ScheduledAndQueueEvents) {
  TailEventCommon common{.script_name = "w", .version_id = "v1", .outcome = "ok"};
  std::string cron =
      workerTailEventJson(common, "scheduled", R"({"cron":"* * * * *","scheduledTime":60000})");
  EXPECT_NE(cron.find(R"("event":{"cron":"* * * * *","scheduledTime":60000})"), std::string::npos)
      << cron;
  std::string queue =
      workerTailEventJson(common, "queue", R"({"queue":"jobs","messages":[{},{}]})");
  EXPECT_NE(queue.find(R"("event":{"queue":"jobs","batchSize":2})"), std::string::npos) << queue;
  EXPECT_EQ(workerTailEventJson(common, "workflow", "{}"), "");
  std::string overload = tailOverloadJson(3, 5);
  EXPECT_NE(overload.find(R"("event":{"type":"overload","message":"Tail dropped 3 events)"),
            std::string::npos)
      << overload;
}

}  // namespace
}  // namespace edged::server
