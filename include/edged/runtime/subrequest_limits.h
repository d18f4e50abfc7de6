#pragma once
// Workers' two limits on what one invocation sends out (developers.cloudflare.com/workers/
// platform/limits/): how many subrequests it may make in all (`limits.subrequests`, 10,000 by
// default on the paid plan) and how many outgoing connections may wait for their response
// headers at once (6; a seventh waits in line until one of them has its headers). Plain
// bookkeeping per incoming request id, no V8 and no I/O: api/subrequests.h applies it to a realm.

#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <unordered_map>
#include <unordered_set>

namespace edged::runtime {

// Cloudflare's default subrequest limit on paid plans; wrangler's `limits.subrequests` (or the
// server's `limits.subrequests`) replaces it.
inline constexpr uint32_t kDefaultSubrequestLimit = 10'000;
// wrangler accepts up to 10 million.
inline constexpr int64_t kMaxSubrequestLimit = 10'000'000;
// Simultaneous open outgoing connections per invocation.
inline constexpr uint32_t kSimultaneousConnections = 6;

// Subrequests each incoming request made so far.
class SubrequestCounter {
 public:
  explicit SubrequestCounter(uint32_t limit = kDefaultSubrequestLimit) : limit_(limit) {}
  void setLimit(uint32_t limit) { limit_ = limit; }
  uint32_t limit() const { return limit_; }

  // Counts one subrequest of `request_id`. Past the limit the subrequest must not be made:
  // kFirstRefused the first time (the request broke the limit: count it once), kRefused after.
  // Work outside any request (an empty id: module evaluation) is counted together.
  enum class Verdict { kAllowed, kFirstRefused, kRefused };
  Verdict tryCount(const std::string& request_id);
  // Subrequests made (never more than the limit).
  uint32_t count(const std::string& request_id) const;
  // The request ended: its count goes.
  void forget(const std::string& request_id) { counts_.erase(request_id); }

 private:
  uint32_t limit_;
  std::unordered_map<std::string, uint32_t> counts_;  // limit + 1: refused once already
};

// The connections each incoming request has waiting for response headers, and the ones queued
// behind them. A slot is a ticket: acquire() runs `start` now or once a slot frees; release()
// frees one and starts the oldest waiter of the same request.
class ConnectionGate {
 public:
  using Ticket = uint64_t;
  explicit ConnectionGate(uint32_t slots = kSimultaneousConnections) : slots_(slots) {}

  // Runs `start` (now, or later from release()) when `request_id` has a free slot. The ticket
  // names the slot (or the place in line) for release().
  Ticket acquire(const std::string& request_id, std::function<void()> start);
  // The connection with `ticket` has its headers or ended: a queued one of its request starts.
  // A ticket still in line is just removed. Unknown tickets are ignored.
  void release(const std::string& request_id, Ticket ticket);
  // The request ended: its slots and its line go, without starting anything.
  void forget(const std::string& request_id) { requests_.erase(request_id); }

  uint32_t open(const std::string& request_id) const;
  size_t queued(const std::string& request_id) const;

 private:
  struct Waiting {
    Ticket ticket;
    std::function<void()> start;
  };
  struct PerRequest {
    std::unordered_set<Ticket> open;  // tickets holding a slot
    std::deque<Waiting> line;
  };
  uint32_t slots_;
  Ticket next_ = 1;
  std::unordered_map<std::string, PerRequest> requests_;
};

}  // namespace edged::runtime
