#pragma once
// Every queue's messages in one SQLite file (<data-dir>/queues/queues.sqlite): what producers
// committed, what the broker leased to a consumer, and each message's delivery count. No V8:
// the producer ops, the broker and the unit tests all drive it directly.
//
// Delivery is at least once. lease() counts the delivery (attempts + 1) in the same transaction
// that hands the messages out, so a consumer killed mid-batch (kill -9) sees the message again
// after a restart with that attempt counted; releaseLeases() at broker start makes every leased
// message deliverable again. A message leaves the file only when settle() acknowledges it.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "edged/storage/database.h"
#include "edged/util/result.h"

namespace edged::bindings::queues {

// One message a producer sends.
struct NewMessage {
  std::string id;            // 32 hex digits, as Cloudflare's message ids
  std::string content_type;  // "v8", "json", "text" or "bytes"
  std::string body;          // the serialized body
  int64_t delay_ms = 0;      // not deliverable before now + delay_ms
};

// One message as the broker hands it to a consumer.
struct LeasedMessage {
  int64_t seq = 0;  // the row, for settle()
  std::string id;
  std::string content_type;
  std::string body;
  int64_t timestamp_ms = 0;  // when it was first sent
  int64_t attempts = 0;      // deliveries so far, this one included
};

// What a batch's outcome does to one leased message.
struct Settlement {
  enum class Action { kAck, kRetry, kMove };
  int64_t seq = 0;
  Action action = Action::kAck;
  int64_t available_at_ms = 0;  // kRetry, kMove: when it is deliverable again
  std::string to_queue;         // kMove: the dead-letter queue (attempts start again at 0)
};

// How many messages of a queue are deliverable now (up to a limit), and when more will be.
struct Readiness {
  int64_t ready = 0;                         // not leased, available_at <= now (capped)
  std::optional<int64_t> oldest_ready_ms;    // the smallest available_at among those
  std::optional<int64_t> next_available_ms;  // the smallest available_at still in the future
};

class QueueStore {
 public:
  // Opens (creating it and its directory if needed) the file at `path`.
  static Result<std::unique_ptr<QueueStore>> open(const std::filesystem::path& path);

  // Commits `messages` to `queue` in one transaction, all or none, stamped `now_ms`.
  Status enqueue(std::string_view queue, std::span<const NewMessage> messages, int64_t now_ms);

  // Makes every leased message deliverable again (the broker starting: nothing is in flight).
  Status releaseLeases();
  Result<Readiness> readiness(std::string_view queue, int64_t now_ms, int64_t limit);
  // Leases up to `limit` deliverable messages (oldest first) and counts their delivery.
  Result<std::vector<LeasedMessage>> lease(std::string_view queue, int64_t now_ms, int64_t limit);
  // Applies a batch's outcome in one transaction.
  Status settle(std::span<const Settlement> settlements);

  // Messages of `queue`, leased or not.
  Result<int64_t> count(std::string_view queue);
  // Messages of every queue that has any (leased or not), by queue name: /metrics' depth.
  Result<std::vector<std::pair<std::string, int64_t>>> depths();

  const std::filesystem::path& path() const { return db_.path(); }

 private:
  explicit QueueStore(storage::Database db) : db_(std::move(db)) {}
  storage::Database db_;
};

// <data-dir>/queues/queues.sqlite
std::filesystem::path queuesFile(const std::filesystem::path& data_dir);

}  // namespace edged::bindings::queues
