#pragma once
// The live log stream (Cloudflare's tails, `wrangler tail`): which tails exist, for which
// Worker, and the clients connected to them. One per process (serve.cc owns it); thread-safe.
// Serving threads publish each finished event of a tailed Worker; the admin listener creates,
// lists and deletes tails and connects their WebSocket clients (admin_tail.cc).
//
// A Worker nobody tails costs one atomic load per request (tailed()). A tail's id is its
// capability: 128 random bits, valid until it expires or is deleted, since wrangler connects to
// the tail's URL without the API token.

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "edged/server/tail_filters.h"
#include "edged/util/result.h"

namespace edged::server {

// One connected client. Called from any thread (end() with the hub's lock held): must not
// block and must not call back into the hub. deliver() may still come after end().
class TailSink {
 public:
  virtual ~TailSink() = default;
  // One event, a JSON text (tail_event.h).
  virtual void deliver(std::shared_ptr<const std::string> event_json) = 0;
  // The tail was deleted or expired: close the connection.
  virtual void end() = 0;
};

struct TailRecord {
  std::string id;
  std::string worker;
  TailFilters filters;
  int64_t expires_at_ms = 0;  // Unix time
  bool connected = false;
};

class TailHub {
 public:
  // How long a tail lives (Cloudflare's tails expire after a few hours too).
  static constexpr int64_t kLifetimeMs = 6 * 3600 * 1000;
  // How long a new tail waits for its client before it is dropped.
  static constexpr int64_t kConnectWithinMs = 60 * 1000;
  // Tails one Worker may have at once.
  static constexpr size_t kMaxTailsPerWorker = 10;

  // `now_ms`: Unix time in ms (tests pass their own clock).
  explicit TailHub(std::function<int64_t()> now_ms = nullptr);
  TailHub(const TailHub&) = delete;
  TailHub& operator=(const TailHub&) = delete;

  // A new tail of `worker`, or an error when the Worker has kMaxTailsPerWorker already.
  Result<TailRecord> create(const std::string& worker, TailFilters filters);
  // Deletes tail `id` of `worker` and ends its client; false when there is no such tail.
  bool remove(const std::string& worker, const std::string& id);
  // The live tails of `worker`.
  std::vector<TailRecord> list(const std::string& worker);
  // Connects `sink` to tail `id`: an error when the id is unknown, expired, or already has a
  // client. Returns the tail.
  Result<TailRecord> attach(const std::string& id, std::shared_ptr<TailSink> sink);
  // Undoes attach() (the connection could not be set up); the tail waits for another client.
  void detach(const std::string& id, const TailSink* sink);
  // Ends every client and forgets every tail (shutdown).
  void endAll();

  // Whether a client is connected to some tail of `worker`; one atomic load when none is.
  bool tailed(std::string_view worker) const;
  // Hands an event of `worker` to each connected tail whose filters it passes. `build` makes the
  // JSON, once, and only when some tail wants it.
  void publish(std::string_view worker, const TailEventFacts& facts,
               const std::function<std::string()>& build);

 private:
  struct Tail {
    TailRecord record;
    std::shared_ptr<TailSink> sink;  // null until a client connects
    int64_t connect_by_ms = 0;       // dropped if no client came by then
  };
  int64_t now() const;
  void dropExpiredLocked();  // expired, or never connected in time; ends their clients
  void recountLocked();

  std::function<int64_t()> now_ms_;
  mutable std::mutex mutex_;
  std::map<std::string, Tail> tails_;  // by id; guarded by mutex_
  std::atomic<size_t> connected_{0};   // tails with a client (the fast path of tailed())
};

// A tail id: 32 lowercase hex digits from 128 random bits (OpenSSL's RAND_bytes).
std::string newTailId();

}  // namespace edged::server
