#pragma once
// Enforces the per-request CPU limit. A thread about to run JavaScript arms the watchdog with
// its CPU-time budget; one watchdog thread samples each armed thread's CPU clock and calls
// v8::Isolate::TerminateExecution when the budget is spent (DESIGN.md: limits). CPU time, not
// wall time: a Worker waiting on I/O is not charged, as on Cloudflare.
//
// Arming is on every entry into JavaScript, so it costs no allocation and no shared lock: each
// thread owns one Slot, registered once, guarded by its own (uncontended) mutex.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <ctime>
#include <list>
#include <mutex>
#include <thread>

namespace v8 {
class Isolate;
}

namespace edged::runtime {

class CpuWatchdog {
 public:
  CpuWatchdog();
  ~CpuWatchdog();
  CpuWatchdog(const CpuWatchdog&) = delete;
  CpuWatchdog& operator=(const CpuWatchdog&) = delete;

  struct Slot;
  // Arms the watchdog for the calling thread until destroyed (on the same thread).
  class Armed {
   public:
    // `start_ns`: the thread's CPU clock now (threadCpuNs()), for a caller that read it already.
    Armed(CpuWatchdog& dog, v8::Isolate* isolate, uint64_t budget_ns,
          uint64_t start_ns = threadCpuNs());
    ~Armed();
    Armed(const Armed&) = delete;
    Armed& operator=(const Armed&) = delete;
    // Stops the watchdog for this thread; true when it terminated the JavaScript running
    // under this arming. Disarming first and then reading leaves no window in which a late
    // termination could go unnoticed and hit the next entry instead.
    bool disarm();
    // Whether the watchdog has fired for this arming so far.
    bool fired() const;

   private:
    Slot& slot_;
    bool armed_ = true;
  };

  // CPU time the calling thread has used, in nanoseconds.
  static uint64_t threadCpuNs();

  // Whether the JavaScript the calling thread runs has spent its budget. TerminateExecution
  // stops JavaScript only; a long native computation (a safe prime for DiffieHellman) polls
  // this to give up instead of holding the thread long after the request was cut off.
  static bool budgetSpentOnThisThread();

 private:
  Slot& slotForThisThread();
  void run();

  // Distinguishes watchdogs in the per-thread slot cache (an address can be reused).
  const uint64_t id_;
  std::mutex mutex_;  // guards slots_ and stopping_
  std::condition_variable wake_;
  std::list<Slot> slots_;
  bool stopping_ = false;
  std::atomic<bool> idle_{false};
  std::thread thread_;
};

struct CpuWatchdog::Slot {
  clockid_t clock{};
  std::mutex mutex;  // guards the fields below; taken by the owner and by the watchdog
  bool armed = false;
  bool fired = false;
  v8::Isolate* isolate = nullptr;
  uint64_t start_ns = 0;
  uint64_t budget_ns = 0;
};

}  // namespace edged::runtime
