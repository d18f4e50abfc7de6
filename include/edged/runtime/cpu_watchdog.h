#pragma once
// Enforces the per-request CPU limit. A thread about to run JavaScript arms the watchdog with
// its CPU-time budget; one watchdog thread samples each armed thread's CPU clock and calls
// v8::Isolate::TerminateExecution when the budget is spent (DESIGN.md: limits). CPU time, not
// wall time: a Worker waiting on I/O is not charged, as on Cloudflare.

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

  struct Entry;
  // Arms the watchdog for the calling thread. Must be disarmed on the same thread.
  class Armed {
   public:
    Armed(CpuWatchdog& dog, v8::Isolate* isolate, uint64_t budget_ns);
    ~Armed();
    Armed(const Armed&) = delete;
    Armed& operator=(const Armed&) = delete;
    // CPU nanoseconds this thread used since arming.
    uint64_t usedNs() const;
    // True when the watchdog terminated the JavaScript running under this arming.
    bool fired() const;

   private:
    CpuWatchdog& dog_;
    std::list<Entry>::iterator entry_;
  };

  // CPU time the calling thread has used, in nanoseconds.
  static uint64_t threadCpuNs();

 private:
  void run();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::list<Entry> armed_;
  bool stopping_ = false;
  bool idle_ = false;
  std::thread thread_;
};

struct CpuWatchdog::Entry {
  v8::Isolate* isolate;
  clockid_t clock;
  uint64_t start_ns;
  uint64_t budget_ns;
  bool fired = false;
};

}  // namespace edged::runtime
