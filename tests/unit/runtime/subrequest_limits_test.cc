#include "edged/runtime/subrequest_limits.h"

#include <gtest/gtest.h>

#include <vector>

namespace edged::runtime {
namespace {

using Verdict = SubrequestCounter::Verdict;

TEST(SubrequestCounter, AllowsUpToTheLimitPerRequestThenRefusesOnceFirst) {
  SubrequestCounter counter(3);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(counter.tryCount("a"), Verdict::kAllowed);
  EXPECT_EQ(counter.tryCount("a"), Verdict::kFirstRefused);
  EXPECT_EQ(counter.tryCount("a"), Verdict::kRefused);
  EXPECT_EQ(counter.count("a"), 3u);
  // Another request has its own budget.
  EXPECT_EQ(counter.tryCount("b"), Verdict::kAllowed);
  EXPECT_EQ(counter.count("b"), 1u);
}

TEST(SubrequestCounter, ForgettingARequestResetsItsCount) {
  SubrequestCounter counter(1);
  EXPECT_EQ(counter.tryCount("a"), Verdict::kAllowed);
  EXPECT_EQ(counter.tryCount("a"), Verdict::kFirstRefused);
  counter.forget("a");
  EXPECT_EQ(counter.count("a"), 0u);
  EXPECT_EQ(counter.tryCount("a"), Verdict::kAllowed);
}

TEST(SubrequestCounter, DefaultsToCloudflaresPaidLimit) {
  SubrequestCounter counter;
  EXPECT_EQ(counter.limit(), 10'000u);
}

TEST(ConnectionGate, SixStartAtOnceTheSeventhWaitsForAHead) {
  ConnectionGate gate;
  std::vector<int> started;
  std::vector<ConnectionGate::Ticket> tickets;
  for (int i = 0; i < 7; ++i) {
    tickets.push_back(gate.acquire("r", [&started, i] { started.push_back(i); }));
  }
  EXPECT_EQ(started, (std::vector<int>{0, 1, 2, 3, 4, 5}));
  EXPECT_EQ(gate.open("r"), 6u);
  EXPECT_EQ(gate.queued("r"), 1u);
  gate.release("r", tickets[2]);
  EXPECT_EQ(started.back(), 6);
  EXPECT_EQ(gate.open("r"), 6u);
  EXPECT_EQ(gate.queued("r"), 0u);
}

TEST(ConnectionGate, RequestsDoNotShareSlots) {
  ConnectionGate gate(1);
  int started = 0;
  gate.acquire("a", [&] { ++started; });
  gate.acquire("b", [&] { ++started; });
  gate.acquire("a", [&] { ++started; });
  EXPECT_EQ(started, 2);
  EXPECT_EQ(gate.queued("a"), 1u);
  EXPECT_EQ(gate.queued("b"), 0u);
}

TEST(ConnectionGate, ACancelledWaiterNeverStarts) {
  ConnectionGate gate(1);
  int started = 0;
  auto first = gate.acquire("r", [&] { ++started; });
  auto second = gate.acquire("r", [&] { started += 10; });
  gate.release("r", second);  // aborted while in line
  EXPECT_EQ(gate.queued("r"), 0u);
  gate.release("r", first);
  EXPECT_EQ(started, 1);
  EXPECT_EQ(gate.open("r"), 0u);
}

TEST(ConnectionGate, ReleasingTwiceFreesOneSlot) {
  ConnectionGate gate(1);
  int started = 0;
  auto first = gate.acquire("r", [&] { ++started; });
  gate.acquire("r", [&] { ++started; });
  gate.acquire("r", [&] { ++started; });
  gate.release("r", first);
  gate.release("r", first);  // the head arrived, then the connection ended: one slot
  EXPECT_EQ(started, 2);
  EXPECT_EQ(gate.queued("r"), 1u);
}

TEST(ConnectionGate, ForgetDropsTheLineWithoutStartingIt) {
  ConnectionGate gate(1);
  int started = 0;
  auto first = gate.acquire("r", [&] { ++started; });
  gate.acquire("r", [&] { ++started; });
  gate.forget("r");
  gate.release("r", first);
  EXPECT_EQ(started, 1);
  EXPECT_EQ(gate.open("r"), 0u);
}

}  // namespace
}  // namespace edged::runtime
