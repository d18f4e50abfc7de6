#include "edged/bindings/queues/queue_store.h"

#include <fmt/format.h>

#include <system_error>

#include "edged/storage/migrations.h"
#include "edged/storage/transaction.h"

namespace edged::bindings::queues {
namespace {

// `seq` keeps sending order among messages that become deliverable at the same millisecond.
// The index serves the broker's one question: the oldest deliverable, unleased messages of a
// queue.
constexpr storage::Migration kSchema[] = {
    {1,
     "CREATE TABLE messages (seq INTEGER PRIMARY KEY, queue TEXT NOT NULL, id TEXT NOT NULL,"
     " content_type TEXT NOT NULL, body BLOB NOT NULL, timestamp_ms INTEGER NOT NULL,"
     " available_at_ms INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,"
     " leased INTEGER NOT NULL DEFAULT 0);"
     "CREATE INDEX messages_ready ON messages (queue, leased, available_at_ms, seq);"},
};

std::span<const uint8_t> bytesOf(std::string_view text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

}  // namespace

std::filesystem::path queuesFile(const std::filesystem::path& data_dir) {
  return data_dir / "queues" / "queues.sqlite";
}

Result<std::unique_ptr<QueueStore>> QueueStore::open(const std::filesystem::path& path) {
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  if (ec) {
    return makeError(
        fmt::format("cannot create {}: {}", path.parent_path().string(), ec.message()));
  }
  Result<storage::Database> db = storage::Database::open(path);
  if (!db.ok()) return db.error();
  if (Status migrated = storage::migrate(db.value(), kSchema); !migrated.ok()) {
    return migrated.error();
  }
  return std::unique_ptr<QueueStore>(new QueueStore(std::move(db).value()));
}

Status QueueStore::enqueue(std::string_view queue, std::span<const NewMessage> messages,
                           int64_t now_ms) {
  auto tx = storage::Transaction::begin(db_);
  if (!tx.ok()) return tx.error();
  auto insert = db_.prepare(
      "INSERT INTO messages (queue, id, content_type, body, timestamp_ms, available_at_ms)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  if (!insert.ok()) return insert.error();
  for (const NewMessage& message : messages) {
    insert->bind(1, queue)
        .bind(2, message.id)
        .bind(3, message.content_type)
        .bindBlob(4, bytesOf(message.body))
        .bind(5, now_ms)
        .bind(6, now_ms + message.delay_ms);
    if (Status ran = insert->run(); !ran.ok()) return ran;
  }
  return tx->commit();
}

Status QueueStore::releaseLeases() {
  return db_.exec("UPDATE messages SET leased = 0 WHERE leased");
}

Result<Readiness> QueueStore::readiness(std::string_view queue, int64_t now_ms, int64_t limit) {
  Readiness out;
  auto ready = db_.prepare(
      "SELECT COUNT(*), MIN(available_at_ms) FROM (SELECT available_at_ms FROM messages"
      " WHERE queue = ?1 AND leased = 0 AND available_at_ms <= ?2"
      " ORDER BY available_at_ms, seq LIMIT ?3)");
  if (!ready.ok()) return ready.error();
  ready->bind(1, queue).bind(2, now_ms).bind(3, limit);
  Result<bool> row = ready->step();
  if (!row.ok()) return row.error();
  out.ready = ready->columnInt(0);
  if (!ready->columnIsNull(1)) out.oldest_ready_ms = ready->columnInt(1);
  ready->reset();

  auto next = db_.prepare(
      "SELECT MIN(available_at_ms) FROM messages"
      " WHERE queue = ?1 AND leased = 0 AND available_at_ms > ?2");
  if (!next.ok()) return next.error();
  next->bind(1, queue).bind(2, now_ms);
  row = next->step();
  if (!row.ok()) return row.error();
  if (!next->columnIsNull(0)) out.next_available_ms = next->columnInt(0);
  next->reset();
  return out;
}

Result<std::vector<LeasedMessage>> QueueStore::lease(std::string_view queue, int64_t now_ms,
                                                     int64_t limit) {
  auto tx = storage::Transaction::begin(db_);
  if (!tx.ok()) return tx.error();
  auto select = db_.prepare(
      "SELECT seq, id, content_type, body, timestamp_ms, attempts FROM messages"
      " WHERE queue = ?1 AND leased = 0 AND available_at_ms <= ?2"
      " ORDER BY available_at_ms, seq LIMIT ?3");
  if (!select.ok()) return select.error();
  select->bind(1, queue).bind(2, now_ms).bind(3, limit);
  std::vector<LeasedMessage> leased;
  while (true) {
    Result<bool> row = select->step();
    if (!row.ok()) return row.error();
    if (!row.value()) break;
    LeasedMessage message;
    message.seq = select->columnInt(0);
    message.id = std::string(select->columnText(1));
    message.content_type = std::string(select->columnText(2));
    std::span<const uint8_t> body = select->columnBlob(3);
    message.body.assign(reinterpret_cast<const char*>(body.data()), body.size());
    message.timestamp_ms = select->columnInt(4);
    message.attempts = select->columnInt(5) + 1;
    leased.push_back(std::move(message));
  }
  auto mark = db_.prepare("UPDATE messages SET leased = 1, attempts = attempts + 1 WHERE seq = ?1");
  if (!mark.ok()) return mark.error();
  for (const LeasedMessage& message : leased) {
    if (Status ran = mark->bind(1, message.seq).run(); !ran.ok()) return ran.error();
  }
  if (Status committed = tx->commit(); !committed.ok()) return committed.error();
  return leased;
}

Status QueueStore::settle(std::span<const Settlement> settlements) {
  auto tx = storage::Transaction::begin(db_);
  if (!tx.ok()) return tx.error();
  auto ack = db_.prepare("DELETE FROM messages WHERE seq = ?1");
  auto retry = db_.prepare("UPDATE messages SET leased = 0, available_at_ms = ?2 WHERE seq = ?1");
  auto move = db_.prepare(
      "UPDATE messages SET leased = 0, attempts = 0, available_at_ms = ?2, queue = ?3"
      " WHERE seq = ?1");
  if (!ack.ok()) return ack.error();
  if (!retry.ok()) return retry.error();
  if (!move.ok()) return move.error();
  for (const Settlement& s : settlements) {
    Status ran = Ok{};
    switch (s.action) {
      case Settlement::Action::kAck:
        ran = ack->bind(1, s.seq).run();
        break;
      case Settlement::Action::kRetry:
        ran = retry->bind(1, s.seq).bind(2, s.available_at_ms).run();
        break;
      case Settlement::Action::kMove:
        ran = move->bind(1, s.seq).bind(2, s.available_at_ms).bind(3, s.to_queue).run();
        break;
    }
    if (!ran.ok()) return ran;
  }
  return tx->commit();
}

Result<int64_t> QueueStore::count(std::string_view queue) {
  auto select = db_.prepare("SELECT COUNT(*) FROM messages WHERE queue = ?1");
  if (!select.ok()) return select.error();
  select->bind(1, queue);
  Result<bool> row = select->step();
  if (!row.ok()) return row.error();
  int64_t n = select->columnInt(0);
  select->reset();
  return n;
}

Result<std::vector<std::pair<std::string, int64_t>>> QueueStore::depths() {
  auto select = db_.prepare("SELECT queue, COUNT(*) FROM messages GROUP BY queue ORDER BY queue");
  if (!select.ok()) return select.error();
  std::vector<std::pair<std::string, int64_t>> out;
  for (;;) {
    Result<bool> row = select->step();
    if (!row.ok()) return row.error();
    if (!*row) break;
    out.emplace_back(std::string(select->columnText(0)), select->columnInt(1));
  }
  return out;
}

}  // namespace edged::bindings::queues
