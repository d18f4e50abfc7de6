#include "edged/runtime/subrequest_limits.h"

#include <algorithm>

namespace edged::runtime {

SubrequestCounter::Verdict SubrequestCounter::tryCount(const std::string& request_id) {
  uint32_t& n = counts_[request_id];
  if (n < limit_) {
    ++n;
    return Verdict::kAllowed;
  }
  if (n == limit_) {
    ++n;
    return Verdict::kFirstRefused;
  }
  return Verdict::kRefused;
}

uint32_t SubrequestCounter::count(const std::string& request_id) const {
  auto it = counts_.find(request_id);
  return it == counts_.end() ? 0 : std::min(it->second, limit_);
}

ConnectionGate::Ticket ConnectionGate::acquire(const std::string& request_id,
                                               std::function<void()> start) {
  Ticket ticket = next_++;
  PerRequest& request = requests_[request_id];
  if (request.open.size() < slots_) {
    request.open.insert(ticket);
    start();
  } else {
    request.line.push_back({ticket, std::move(start)});
  }
  return ticket;
}

void ConnectionGate::release(const std::string& request_id, Ticket ticket) {
  auto it = requests_.find(request_id);
  if (it == requests_.end()) return;
  PerRequest& request = it->second;
  if (request.open.erase(ticket) == 0) {
    std::erase_if(request.line, [ticket](const Waiting& w) { return w.ticket == ticket; });
    return;
  }
  if (request.line.empty()) {
    if (request.open.empty()) requests_.erase(it);
    return;
  }
  Waiting next = std::move(request.line.front());
  request.line.pop_front();
  request.open.insert(next.ticket);
  // `start` may acquire or release again (a synchronous failure): nothing here is used after.
  next.start();
}

uint32_t ConnectionGate::open(const std::string& request_id) const {
  auto it = requests_.find(request_id);
  return it == requests_.end() ? 0 : static_cast<uint32_t>(it->second.open.size());
}

size_t ConnectionGate::queued(const std::string& request_id) const {
  auto it = requests_.find(request_id);
  return it == requests_.end() ? 0 : it->second.line.size();
}

}  // namespace edged::runtime
