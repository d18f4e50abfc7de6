#pragma once
// One libuv event loop and the thread that runs it (DESIGN.md "Threads": one loop per thread).
// Other threads talk to the loop only through post(); everything else belongs to the loop thread.

#include <uv.h>

#include <atomic>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "edged/net/uv_handle.h"

namespace edged::net {

class LoopThread {
 public:
  // Creates the loop; nothing runs until start() or runOnCurrentThread().
  LoopThread();
  // stop(), then closes the loop. Must not run on the loop thread of a start()ed loop.
  ~LoopThread();
  LoopThread(const LoopThread&) = delete;
  LoopThread& operator=(const LoopThread&) = delete;

  // Runs the loop on a new thread.
  void start();
  // Runs the loop on the calling thread until stop() (e.g. from a task) lets it finish.
  void runOnCurrentThread();

  // Queues `task` to run on the loop thread, in posting order. Thread-safe. Returns false (and
  // drops the task) once stop() was called. A task that throws is logged and skipped.
  bool post(std::function<void()> task);
  // Runs `fn` on the loop thread and waits for it; rethrows what it threw. Not from the loop
  // thread itself. Returns false if the loop is stopping.
  bool runSync(const std::function<void()>& fn);

  // Asks the loop to finish: tasks already posted still run, then the loop's wake-up handle is
  // closed and the loop returns once every other handle has been closed by its owner (close
  // servers first, e.g. from a posted task). Joins a start()ed thread unless called on it.
  // Thread-safe, idempotent.
  void stop();

  // The loop, for creating handles on the loop thread.
  uv_loop_t* loop() { return &loop_; }
  bool onLoopThread() const { return loop_thread_id_.load() == std::this_thread::get_id(); }

 private:
  static void onAsync(uv_async_t* async);
  void run();
  void runTasks();
  void closeLoop();

  uv_loop_t loop_;
  UvHandle<uv_async_t> wakeup_;
  std::mutex mutex_;
  std::vector<std::function<void()>> tasks_;  // guarded by mutex_
  bool stopping_ = false;                     // guarded by mutex_
  bool ran_ = false;
  std::atomic<std::thread::id> loop_thread_id_{};
  std::thread thread_;
};

}  // namespace edged::net
