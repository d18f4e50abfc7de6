#include "edged/net/loop_thread.h"

#include <exception>
#include <future>

#include "edged/util/assert.h"
#include "edged/util/log.h"

namespace edged::net {

LoopThread::LoopThread() {
  EDGED_ASSERT(uv_loop_init(&loop_) == 0);
  int rc = wakeup_.init([this](uv_async_t* h) { return uv_async_init(&loop_, h, onAsync); }, this);
  EDGED_ASSERT(rc == 0);
}

LoopThread::~LoopThread() {
  stop();
  EDGED_ASSERT(!thread_.joinable() && "a LoopThread destroyed from its own thread");
  if (!ran_) run();  // never started: run the queued tasks and the close callbacks
  closeLoop();
}

void LoopThread::start() {
  EDGED_ASSERT(!ran_ && !thread_.joinable());
  thread_ = std::thread([this] { run(); });
}

void LoopThread::runOnCurrentThread() {
  EDGED_ASSERT(!ran_ && !thread_.joinable());
  run();
}

void LoopThread::run() {
  ran_ = true;
  loop_thread_id_ = std::this_thread::get_id();
  uv_run(&loop_, UV_RUN_DEFAULT);
  loop_thread_id_ = std::thread::id();
}

bool LoopThread::post(std::function<void()> task) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (stopping_) return false;
  tasks_.push_back(std::move(task));
  // The wakeup handle is closed only after stopping_ was set, under this same mutex.
  uv_async_send(wakeup_.get());
  return true;
}

bool LoopThread::runSync(const std::function<void()>& fn) {
  EDGED_ASSERT(!onLoopThread());
  std::promise<void> done;
  bool posted = post([&fn, &done] {
    try {
      fn();
      done.set_value();
    } catch (...) {
      done.set_exception(std::current_exception());
    }
  });
  if (!posted) return false;
  done.get_future().get();
  return true;
}

void LoopThread::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!stopping_) {
      stopping_ = true;
      uv_async_send(wakeup_.get());
    }
  }
  if (thread_.joinable() && std::this_thread::get_id() != thread_.get_id()) thread_.join();
}

void LoopThread::onAsync(uv_async_t* async) { static_cast<LoopThread*>(async->data)->runTasks(); }

void LoopThread::runTasks() {
  std::vector<std::function<void()>> batch;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    batch.swap(tasks_);
  }
  for (std::function<void()>& task : batch) {
    try {  // never unwind through libuv (STYLE.md)
      task();
    } catch (const std::exception& e) {
      spdlog::error("loop: task threw: {}", e.what());
    } catch (...) {
      spdlog::error("loop: task threw a non-standard exception");
    }
  }
  bool finished = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    finished = stopping_ && tasks_.empty();  // no task can be added once stopping_ is set
  }
  if (finished) wakeup_.close();
}

void LoopThread::closeLoop() {
  if (uv_loop_close(&loop_) == 0) return;
  // A handle is still open: its owner forgot to close it before stop(). Close what is left so
  // the loop's memory can go, and say which kind of handle it was.
  uv_walk(
      &loop_,
      [](uv_handle_t* handle, void*) {
        spdlog::error("loop: handle of type {} still open at shutdown",
                      uv_handle_type_name(uv_handle_get_type(handle)));
        if (!uv_is_closing(handle)) uv_close(handle, nullptr);
      },
      nullptr);
  uv_run(&loop_, UV_RUN_DEFAULT);
  EDGED_ASSERT(uv_loop_close(&loop_) == 0);
}

}  // namespace edged::net
