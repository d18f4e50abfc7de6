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

std::atomic<uint64_t> next_watchdog_id{1};

// The slot of the arming the calling thread is under, if any.
thread_local CpuWatchdog::Slot* armed_slot = nullptr;

}  // namespace

CpuWatchdog::CpuWatchdog() : id_(next_watchdog_id++), thread_([this] { run(); }) {}

CpuWatchdog::~CpuWatchdog() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

uint64_t CpuWatchdog::threadCpuNs() { return clockNs(CLOCK_THREAD_CPUTIME_ID); }

bool CpuWatchdog::budgetSpentOnThisThread() {
  if (armed_slot == nullptr) return false;
  std::lock_guard lock(armed_slot->mutex);
  return armed_slot->fired;
}

CpuWatchdog::Slot& CpuWatchdog::slotForThisThread() {
  // Each thread registers one slot per watchdog, on first use, and caches it. Slots are never
  // looked up by thread id: ids (and pthread_t values) are reused after a thread exits.
  thread_local uint64_t cached_id = 0;
  thread_local Slot* cached_slot = nullptr;
  if (cached_id == id_) return *cached_slot;
  std::lock_guard lock(mutex_);
  Slot* slot = &slots_.emplace_back();
  pthread_getcpuclockid(pthread_self(), &slot->clock);
  cached_id = id_;
  cached_slot = slot;
  return *slot;
}

void CpuWatchdog::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    bool any_armed = false;
    for (Slot& slot : slots_) {
      std::lock_guard slot_lock(slot.mutex);
      if (!slot.armed) continue;
      any_armed = true;
      if (!slot.fired && clockNs(slot.clock) - slot.start_ns > slot.budget_ns) {
        slot.fired = true;
        slot.isolate->TerminateExecution();
      }
    }
    if (any_armed) {
      wake_.wait_for(lock, kSampleInterval);
    } else {
      // Nothing runs JavaScript: sleep until an arming finds us idle and wakes us.
      idle_ = true;
      wake_.wait_for(lock, std::chrono::milliseconds(100));
      idle_ = false;
    }
  }
}

CpuWatchdog::Armed::Armed(CpuWatchdog& dog, v8::Isolate* isolate, uint64_t budget_ns,
                          uint64_t start_ns)
    : slot_(dog.slotForThisThread()) {
  {
    std::lock_guard lock(slot_.mutex);
    slot_.isolate = isolate;
    slot_.start_ns = start_ns;
    slot_.budget_ns = budget_ns;
    slot_.fired = false;
    slot_.armed = true;
  }
  armed_slot = &slot_;
  // Under load the watchdog is already sampling; only an idle one needs waking, and a missed
  // wake-up costs at most its 100 ms idle wait.
  if (dog.idle_) dog.wake_.notify_one();
}

CpuWatchdog::Armed::~Armed() {
  if (armed_) disarm();
}

bool CpuWatchdog::Armed::fired() const {
  std::lock_guard lock(slot_.mutex);
  return slot_.fired;
}

bool CpuWatchdog::Armed::disarm() {
  if (armed_slot == &slot_) armed_slot = nullptr;
  std::lock_guard lock(slot_.mutex);
  armed_ = false;
  slot_.armed = false;
  return slot_.fired;
}

}  // namespace edged::runtime
