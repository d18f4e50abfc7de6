#include "edged/runtime/cpu_watchdog.h"

#include <pthread.h>
#include <v8-isolate.h>

#include <chrono>

namespace edged::runtime {
namespace {

// How often armed threads are sampled. A Worker may overrun its budget by up to this much.
constexpr auto kSampleInterval = std::chrono::milliseconds(2);

uint64_t clockNs(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1000000000ull + static_cast<uint64_t>(ts.tv_nsec);
}

}  // namespace

CpuWatchdog::CpuWatchdog() : thread_([this] { run(); }) {}

CpuWatchdog::~CpuWatchdog() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

uint64_t CpuWatchdog::threadCpuNs() { return clockNs(CLOCK_THREAD_CPUTIME_ID); }

void CpuWatchdog::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (armed_.empty()) {
      idle_ = true;
      wake_.wait(lock);
      idle_ = false;
      continue;
    }
    wake_.wait_for(lock, kSampleInterval);
    for (Entry& e : armed_) {
      if (!e.fired && clockNs(e.clock) - e.start_ns > e.budget_ns) {
        e.fired = true;
        e.isolate->TerminateExecution();
      }
    }
  }
}

CpuWatchdog::Armed::Armed(CpuWatchdog& dog, v8::Isolate* isolate, uint64_t budget_ns)
    : dog_(dog) {
  clockid_t clock{};
  pthread_getcpuclockid(pthread_self(), &clock);
  {
    std::lock_guard lock(dog_.mutex_);
    entry_ = dog_.armed_.insert(dog_.armed_.end(),
                                Entry{isolate, clock, clockNs(clock), budget_ns});
    // Under load the watchdog is already sampling; wake it only from its idle wait, so
    // arming costs a lock, not a context switch.
    if (!dog_.idle_) return;
  }
  dog_.wake_.notify_all();
}

CpuWatchdog::Armed::~Armed() {
  std::lock_guard lock(dog_.mutex_);
  dog_.armed_.erase(entry_);
}

uint64_t CpuWatchdog::Armed::usedNs() const {
  std::lock_guard lock(dog_.mutex_);
  return clockNs(entry_->clock) - entry_->start_ns;
}

bool CpuWatchdog::Armed::fired() const {
  std::lock_guard lock(dog_.mutex_);
  return entry_->fired;
}

}  // namespace edged::runtime
