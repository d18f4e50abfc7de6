#include "edged/server/tail_hub.h"

#include <fmt/format.h>
#include <openssl/rand.h>

#include "edged/util/assert.h"
#include "edged/util/clock.h"

namespace edged::server {

std::string newTailId() {
  unsigned char bytes[16];
  // Without randomness there is no capability to hand out: better to stop than to guess.
  EDGED_ASSERT(RAND_bytes(bytes, sizeof bytes) == 1);
  std::string id;
  for (unsigned char b : bytes) id += fmt::format("{:02x}", b);
  return id;
}

TailHub::TailHub(std::function<int64_t()> now_ms) : now_ms_(std::move(now_ms)) {}

int64_t TailHub::now() const { return now_ms_ ? now_ms_() : static_cast<int64_t>(clock::nowMs()); }

Result<TailRecord> TailHub::create(const std::string& worker, TailFilters filters) {
  std::lock_guard lock(mutex_);
  dropExpiredLocked();
  size_t of_worker = 0;
  for (const auto& [id, tail] : tails_) of_worker += tail.record.worker == worker ? 1 : 0;
  if (of_worker >= kMaxTailsPerWorker) {
    return makeError("Worker \"" + worker + "\" already has " + std::to_string(kMaxTailsPerWorker) +
                     " tails; delete one first");
  }
  Tail tail;
  tail.record = {newTailId(), worker, std::move(filters), now() + kLifetimeMs, false};
  tail.connect_by_ms = now() + kConnectWithinMs;
  TailRecord record = tail.record;
  tails_.emplace(record.id, std::move(tail));
  return record;
}

bool TailHub::remove(const std::string& worker, const std::string& id) {
  std::shared_ptr<TailSink> sink;
  {
    std::lock_guard lock(mutex_);
    auto it = tails_.find(id);
    if (it == tails_.end() || it->second.record.worker != worker) return false;
    sink = std::move(it->second.sink);
    tails_.erase(it);
    recountLocked();
  }
  if (sink) sink->end();
  return true;
}

std::vector<TailRecord> TailHub::list(const std::string& worker) {
  std::lock_guard lock(mutex_);
  dropExpiredLocked();
  std::vector<TailRecord> out;
  for (const auto& [id, tail] : tails_) {
    if (tail.record.worker == worker) out.push_back(tail.record);
  }
  return out;
}

Result<TailRecord> TailHub::attach(const std::string& id, std::shared_ptr<TailSink> sink) {
  std::lock_guard lock(mutex_);
  dropExpiredLocked();
  auto it = tails_.find(id);
  if (it == tails_.end()) return makeError("no such tail (it may have expired or been deleted)");
  if (it->second.sink) return makeError("this tail already has a client");
  it->second.sink = std::move(sink);
  it->second.record.connected = true;
  it->second.connect_by_ms = it->second.record.expires_at_ms;
  recountLocked();
  return it->second.record;
}

void TailHub::detach(const std::string& id, const TailSink* sink) {
  std::lock_guard lock(mutex_);
  auto it = tails_.find(id);
  if (it == tails_.end() || it->second.sink.get() != sink) return;
  it->second.sink.reset();
  it->second.record.connected = false;
  it->second.connect_by_ms = now() + kConnectWithinMs;
  recountLocked();
}

void TailHub::endAll() {
  std::map<std::string, Tail> all;
  {
    std::lock_guard lock(mutex_);
    all.swap(tails_);
    recountLocked();
  }
  for (auto& [id, tail] : all) {
    if (tail.sink) tail.sink->end();
  }
}

bool TailHub::tailed(std::string_view worker) const {
  if (connected_.load(std::memory_order_relaxed) == 0) return false;
  std::lock_guard lock(mutex_);
  for (const auto& [id, tail] : tails_) {
    if (tail.sink && tail.record.worker == worker) return true;
  }
  return false;
}

void TailHub::publish(std::string_view worker, const TailEventFacts& facts,
                      const std::function<std::string()>& build) {
  // The event is built and handed over outside the lock: other serving threads publish too.
  std::vector<std::shared_ptr<TailSink>> wanting;
  {
    std::lock_guard lock(mutex_);
    for (auto& [id, tail] : tails_) {
      if (tail.sink && tail.record.worker == worker && tail.record.filters.matches(facts)) {
        wanting.push_back(tail.sink);
      }
    }
  }
  if (wanting.empty()) return;
  auto json = std::make_shared<const std::string>(build());
  for (const auto& sink : wanting) sink->deliver(json);
}

void TailHub::dropExpiredLocked() {
  int64_t now_ms = now();
  for (auto it = tails_.begin(); it != tails_.end();) {
    const Tail& tail = it->second;
    bool waited_too_long = !tail.record.connected && tail.connect_by_ms <= now_ms;
    if (tail.record.expires_at_ms > now_ms && !waited_too_long) {
      ++it;
      continue;
    }
    // end() only posts to the client's loop: safe under the lock.
    if (it->second.sink) it->second.sink->end();
    it = tails_.erase(it);
  }
  recountLocked();
}

void TailHub::recountLocked() {
  size_t n = 0;
  for (const auto& [id, tail] : tails_) n += tail.sink ? 1 : 0;
  connected_.store(n, std::memory_order_relaxed);
}

}  // namespace edged::server
