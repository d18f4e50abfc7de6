#include "edged/bindings/durable_objects/alarm_index.h"

#include <fmt/format.h>

#include <system_error>

#include "edged/storage/migrations.h"

namespace edged::bindings::durable_objects {
namespace {

constexpr storage::Migration kSchema[] = {
    {1,
     "CREATE TABLE alarms (object_id TEXT PRIMARY KEY, scheduled_ms INTEGER NOT NULL);"
     "CREATE INDEX alarms_by_time ON alarms (scheduled_ms);"},
};

}  // namespace

Result<AlarmIndex> AlarmIndex::open(const std::filesystem::path& path) {
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  if (ec) {
    return makeError(fmt::format("cannot create {}: {}", path.parent_path().string(), ec.message()));
  }
  Result<storage::Database> db = storage::Database::open(path);
  if (!db.ok()) return db.error();
  Status migrated = storage::migrate(db.value(), kSchema);
  if (!migrated.ok()) return migrated.error();
  return AlarmIndex(std::move(db).value());
}

Status AlarmIndex::set(std::string_view object_id, int64_t scheduled_ms) {
  Result<storage::Statement> stmt =
      db_.prepare("INSERT OR REPLACE INTO alarms (object_id, scheduled_ms) VALUES (?, ?)");
  if (!stmt.ok()) return stmt.error();
  return stmt->bind(1, object_id).bind(2, scheduled_ms).run();
}

Status AlarmIndex::clear(std::string_view object_id, std::optional<int64_t> expected_ms) {
  Result<storage::Statement> stmt =
      db_.prepare(expected_ms ? "DELETE FROM alarms WHERE object_id = ? AND scheduled_ms = ?"
                              : "DELETE FROM alarms WHERE object_id = ?");
  if (!stmt.ok()) return stmt.error();
  stmt->bind(1, object_id);
  if (expected_ms) stmt->bind(2, *expected_ms);
  return stmt->run();
}

Result<std::vector<PendingAlarm>> AlarmIndex::select(std::string_view sql,
                                                     std::optional<int64_t> bound) {
  Result<storage::Statement> stmt = db_.prepare(sql);
  if (!stmt.ok()) return stmt.error();
  if (bound) stmt->bind(1, *bound);
  std::vector<PendingAlarm> alarms;
  for (;;) {
    Result<bool> row = stmt->step();
    if (!row.ok()) return row.error();
    if (!row.value()) return alarms;
    alarms.push_back({std::string(stmt->columnText(0)), stmt->columnInt(1)});
  }
}

Result<std::vector<PendingAlarm>> AlarmIndex::all() {
  return select("SELECT object_id, scheduled_ms FROM alarms ORDER BY scheduled_ms, object_id",
                std::nullopt);
}

Result<std::optional<PendingAlarm>> AlarmIndex::next() {
  Result<std::vector<PendingAlarm>> first = select(
      "SELECT object_id, scheduled_ms FROM alarms ORDER BY scheduled_ms, object_id LIMIT 1",
      std::nullopt);
  if (!first.ok()) return first.error();
  if (first->empty()) return std::optional<PendingAlarm>();
  return std::optional<PendingAlarm>(std::move(first->front()));
}

Result<std::vector<PendingAlarm>> AlarmIndex::dueBy(int64_t now_ms) {
  return select(
      "SELECT object_id, scheduled_ms FROM alarms WHERE scheduled_ms <= ? "
      "ORDER BY scheduled_ms, object_id",
      now_ms);
}

}  // namespace edged::bindings::durable_objects
