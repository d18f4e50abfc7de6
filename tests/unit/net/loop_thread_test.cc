// LoopThread: tasks from any thread run on the loop, in order; stop() finishes the loop.
#include "edged/net/loop_thread.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

namespace edged::net {
namespace {

TEST(LoopThread, RunsPostedTasksInOrderOnTheLoopThread) {
  LoopThread loop;
  loop.start();
  std::vector<int> seen;  // only touched on the loop thread
  for (int i = 0; i < 100; ++i) {
    EXPECT_TRUE(loop.post([&seen, &loop, i] {
      EXPECT_TRUE(loop.onLoopThread());
      seen.push_back(i);
    }));
  }
  std::vector<int> copy;
  ASSERT_TRUE(loop.runSync([&] { copy = seen; }));
  ASSERT_EQ(copy.size(), 100u);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(copy[i], i);
  EXPECT_FALSE(loop.onLoopThread());
  loop.stop();
}

TEST(LoopThread, TasksPostedBeforeStopStillRunAndLaterOnesAreRefused) {
  int ran = 0;
  {
    LoopThread loop;
    loop.start();
    for (int i = 0; i < 10; ++i) loop.post([&ran] { ++ran; });
    loop.stop();
    EXPECT_FALSE(loop.post([&ran] { ++ran; }));
  }
  EXPECT_EQ(ran, 10);
}

TEST(LoopThread, RunsOnTheCallingThreadUntilATaskStopsIt) {
  LoopThread loop;
  uv_timer_t timer;
  bool fired = false;
  loop.post([&] {
    uv_timer_init(loop.loop(), &timer);
    timer.data = &fired;
    uv_timer_start(
        &timer,
        [](uv_timer_t* t) {
          *static_cast<bool*>(t->data) = true;
          uv_close(reinterpret_cast<uv_handle_t*>(t), nullptr);
        },
        1, 0);
    loop.stop();  // the loop still waits for the timer, which closes itself
  });
  loop.runOnCurrentThread();
  EXPECT_TRUE(fired);
}

TEST(LoopThread, ATaskThatThrowsDoesNotStopTheLoop) {
  LoopThread loop;
  loop.start();
  loop.post([] { throw std::runtime_error("boom"); });
  EXPECT_THROW(loop.runSync([] { throw std::runtime_error("to caller"); }), std::runtime_error);
  bool ran = false;
  EXPECT_TRUE(loop.runSync([&] { ran = true; }));
  EXPECT_TRUE(ran);
}

TEST(LoopThread, NeverStartedLoopIsCleanedUp) {
  int ran = 0;
  {
    LoopThread loop;
    loop.post([&ran] { ++ran; });
  }
  EXPECT_EQ(ran, 1);
}

}  // namespace
}  // namespace edged::net
