#include "edged/bindings/browser/session_registry.h"

#include <gtest/gtest.h>

namespace edged::bindings::browser {
namespace {

std::string reserveReady(SessionRegistry& registry, int64_t now, uint32_t keep_alive = 0) {
  auto reserved = registry.reserve(now, keep_alive);
  EXPECT_TRUE(std::holds_alternative<SessionRegistry::Reserved>(reserved));
  std::string id = std::get<SessionRegistry::Reserved>(reserved).id;
  registry.markReady(id, now);
  return id;
}

TEST(SessionRegistry, IdsAreVersion4Uuids) {
  SessionRegistry registry(2);
  std::string id = reserveReady(registry, 1000);
  ASSERT_EQ(id.size(), 36u);
  EXPECT_EQ(id[14], '4');
  EXPECT_NE(id, reserveReady(registry, 1000));
}

TEST(SessionRegistry, TheBoundCountsLaunchingSessionsAndRefusesWith429) {
  SessionRegistry registry(2);
  auto first = registry.reserve(0, 0);
  auto second = registry.reserve(0, 0);
  auto third = registry.reserve(0, 0);
  ASSERT_TRUE(std::holds_alternative<SessionError>(third));
  EXPECT_EQ(std::get<SessionError>(third).status, 429);
  registry.close(std::get<SessionRegistry::Reserved>(first).id, 5, CloseReason::kLaunchFailed);
  EXPECT_TRUE(std::holds_alternative<SessionRegistry::Reserved>(registry.reserve(6, 0)));
  EXPECT_EQ(registry.limitsJson().find(R"("allowedBrowserAcquisitions":0)") != std::string::npos, true);
  (void)second;
}

TEST(SessionRegistry, KeepAliveDefaultsTo60sAndIsCappedAt10Minutes) {
  SessionRegistry registry(3);
  auto defaulted = std::get<SessionRegistry::Reserved>(registry.reserve(0, 0));
  auto capped = std::get<SessionRegistry::Reserved>(registry.reserve(0, 3'600'000));
  auto kept = std::get<SessionRegistry::Reserved>(registry.reserve(0, 1500));
  EXPECT_EQ(defaulted.keep_alive_ms, 60'000u);
  EXPECT_EQ(capped.keep_alive_ms, 600'000u);
  EXPECT_EQ(kept.keep_alive_ms, 1500u);
}

TEST(SessionRegistry, OneClientAtATimeAndOnlyOnceReady) {
  SessionRegistry registry(2);
  auto launching = std::get<SessionRegistry::Reserved>(registry.reserve(0, 0)).id;
  auto starting = registry.connect(launching, 1);
  ASSERT_TRUE(std::holds_alternative<SessionError>(starting));
  EXPECT_EQ(std::get<SessionError>(starting).status, 409);

  std::string id = reserveReady(registry, 0);
  auto connected = registry.connect(id, 10);
  ASSERT_TRUE(std::holds_alternative<std::string>(connected));
  auto again = registry.connect(id, 11);
  ASSERT_TRUE(std::holds_alternative<SessionError>(again));
  EXPECT_EQ(std::get<SessionError>(again).status, 409);
  EXPECT_NE(registry.sessionsJson().find(R"("connectionId":)"), std::string::npos);

  registry.disconnect(id, std::get<std::string>(connected), 20);
  EXPECT_TRUE(std::holds_alternative<std::string>(registry.connect(id, 21)));

  auto missing = registry.connect("no-such-session", 1);
  ASSERT_TRUE(std::holds_alternative<SessionError>(missing));
  EXPECT_EQ(std::get<SessionError>(missing).status, 404);
}

TEST(SessionRegistry, AnIdleSessionExpiresAfterItsKeepAliveAndAConnectedOneNever) {
  SessionRegistry registry(3);
  std::string idle = reserveReady(registry, 1000, 2000);
  std::string busy = reserveReady(registry, 1000, 2000);
  std::string connection = std::get<std::string>(registry.connect(busy, 1000));
  EXPECT_EQ(registry.nextIdleDeadline(), 3000);
  EXPECT_TRUE(registry.idleExpired(2999).empty());
  EXPECT_EQ(registry.idleExpired(3000), std::vector<std::string>{idle});

  // Disconnecting restarts the idle clock from then.
  registry.disconnect(busy, connection, 5000);
  registry.close(idle, 3000, CloseReason::kIdle);
  EXPECT_EQ(registry.nextIdleDeadline(), 7000);
  EXPECT_EQ(registry.idleExpired(7000), std::vector<std::string>{busy});
}

TEST(SessionRegistry, ClosedSessionsMoveToTheHistoryNewestFirst) {
  SessionRegistry registry(3);
  std::string a = reserveReady(registry, 100);
  std::string b = reserveReady(registry, 200);
  registry.close(a, 300, CloseReason::kClientClosed);
  registry.close(b, 400, CloseReason::kIdle);
  registry.close(b, 500, CloseReason::kBrowserExited);  // already closed: no second entry
  EXPECT_FALSE(registry.isOpen(a));
  EXPECT_EQ(registry.sessionsJson(), R"({"sessions":[]})");
  std::string history = registry.historyJson();
  EXPECT_LT(history.find(b), history.find(a));
  EXPECT_NE(history.find(R"("endTime":400,"closeReason":2,"closeReasonText":"BrowserIdle")"), std::string::npos);
  EXPECT_NE(history.find(R"("endTime":300,"closeReason":1,"closeReasonText":"NormalClosure")"), std::string::npos);
  EXPECT_EQ(history.find("BrowserExited"), std::string::npos);
}

}  // namespace
}  // namespace edged::bindings::browser
