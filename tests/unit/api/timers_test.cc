// Timers' native half: one libuv timer per JS timer id, firing internals.onTimer(id) inside the
// realm, owned by the realm and closed with it.
#include "edged/api/timers.h"

#include <gtest/gtest.h>

#include "api_ops_fixture.h"

namespace edged::api {
namespace {

using Timers = testing::ApiOpsTest;
using Lines = std::vector<std::string>;

TEST_F(Timers, ATimerFiresOnTheLoopNotBefore) {
  js("ops.timerStart(1, 5)");
  EXPECT_TRUE(records().empty());
  loop_.run();
  EXPECT_EQ(records(), Lines{"timer 1"});
}

TEST_F(Timers, TimersFireInOrderOfTheirDelay) {
  js("ops.timerStart(1, 30); ops.timerStart(2, 1); ops.timerStart(3, 10);");
  loop_.run();
  EXPECT_EQ(records(), (Lines{"timer 2", "timer 3", "timer 1"}));
}

TEST_F(Timers, ACancelledTimerNeverFiresAndLeavesNothingOnTheLoop) {
  js("ops.timerStart(4, 1); ops.timerStart(5, 2); ops.timerCancel(4); ops.timerCancel(999);");
  loop_.run();
  EXPECT_EQ(records(), Lines{"timer 5"});
  EXPECT_EQ(uv_loop_alive(loop_.get()), 0);
}

TEST_F(Timers, StartingAnIdAgainReplacesItsTimer) {
  js("ops.timerStart(6, 60000); ops.timerStart(6, 1);");
  uint64_t start = uv_hrtime();
  loop_.run();
  EXPECT_EQ(records(), Lines{"timer 6"});
  EXPECT_LT(uv_hrtime() - start, 1'000'000'000u) << "the 60 s timer was not replaced";
}

TEST_F(Timers, NegativeOrMissingDelaysFireAtOnce) {
  js("ops.timerStart(7, -5); ops.timerStart(8, NaN); ops.timerStart(9);");
  loop_.run();
  EXPECT_EQ(records().size(), 3u);
}

TEST_F(Timers, TheCallbackRunsInsideTheRealmWithMicrotasksAfterIt) {
  js("globalThis.afterTimer = (id) => Promise.resolve().then(() => ops.record('microtask ' + id));"
     "ops.timerStart(1, 1);");
  loop_.run();
  EXPECT_EQ(records(), (Lines{"timer 1", "microtask 1"}));
}

TEST_F(Timers, ATimerMayRestartItsOwnIdFromItsCallback) {
  js("globalThis.fires = 0;"
     "globalThis.afterTimer = (id) => { if (++fires < 3) ops.timerStart(id, 1); };"
     "ops.timerStart(10, 1);");
  loop_.run();
  EXPECT_EQ(records(), (Lines{"timer 10", "timer 10", "timer 10"}));
  EXPECT_EQ(uv_loop_alive(loop_.get()), 0);
}

TEST_F(Timers, AThrowingCallbackIsLoggedAndOtherTimersStillFire) {
  edged::testing::LogCapture log;
  js("globalThis.afterTimer = (id) => { if (id === 1) throw new Error('timer ' + id + ' failed'); "
     "};"
     "ops.timerStart(1, 1); ops.timerStart(2, 5);");
  loop_.run();
  EXPECT_EQ(records(), (Lines{"timer 1", "timer 2"}));
  EXPECT_TRUE(log.contains("error [w] Uncaught Error: timer 1 failed")) << log.text();
}

TEST_F(Timers, DestroyingTheIsolateClosesItsPendingTimers) {
  js("ops.timerStart(1, 1); ops.timerStart(2, 60000);");
  worker_.reset();
  uint64_t start = uv_hrtime();
  loop_.run();  // must neither call into the destroyed realm nor wait for the 60 s timer
  EXPECT_LT(uv_hrtime() - start, 1'000'000'000u);
  EXPECT_EQ(uv_loop_alive(loop_.get()), 0);
}

TEST_F(Timers, TimersOfABrokenRealmDoNotRun) {
  js("ops.timerStart(1, 1);");
  // Break the realm the way the heap limit does.
  worker_->realm().markHeapLimitBroken();
  loop_.run();
  EXPECT_TRUE(records().empty());
}

TEST_F(Timers, AnEndlessTimerCallbackBreaksTheRealmUnderTheCpuLimit) {
  edged::testing::LogCapture log;
  int broken_calls = 0;
  runtime::WorkerIsolateOptions options;
  options.realm.worker_name = "spinner";
  options.realm.watchdog = &edged::testing::sharedWatchdog();
  options.realm.cpu_limit_ns = 20'000'000;
  options.realm.on_broken = [&] { ++broken_calls; };
  auto spinner = edged::testing::startWorker(
      *snapshot_, edged::testing::bundleOf({edged::testing::esModule("index.js", "")}), loop_.get(),
      options);
  ASSERT_TRUE(spinner);
  edged::testing::evalJs(spinner->realm(),
                         "globalThis.afterTimer = () => { for (;;) {} }; ops.timerStart(1, 1);");
  loop_.run();
  EXPECT_EQ(spinner->realm().broken(), runtime::Realm::Broken::kCpuLimit);
  EXPECT_EQ(broken_calls, 1);
  EXPECT_TRUE(log.contains("error [spinner] Worker exceeded CPU time limit.")) << log.text();
}

}  // namespace
}  // namespace edged::api
