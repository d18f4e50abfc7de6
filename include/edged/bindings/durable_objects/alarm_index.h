#pragma once
// The pending alarms of one Durable Object class: a small SQLite file (do/<class>/alarms.sqlite)
// of (object id → scheduled time in ms since the epoch), so that at start-up the server learns
// every alarm it must fire without opening each object's file.
//
// The object's own file is the truth; this index only says where to look. The crash-order rule
// that keeps "fire late rather than never":
// - setAlarm(): write the index entry (set()) BEFORE the object's write commits (its flush()).
//   A crash in between leaves an entry for an alarm that never committed: when it comes due,
//   the scheduler opens the object, finds no alarm (or another time) and drops or moves the
//   entry. Never the reverse: a committed alarm without an entry would never fire.
// - deleteAlarm() and a fired alarm: clear the entry AFTER the object's write commits, and only
//   if it still holds the time that was handled (clear(id, expected)), so an alarm set again
//   meanwhile keeps its entry.
// - When an entry comes due, read the object's alarm (ObjectStorage::getAlarm) and act on that.
//
// Each owner thread opens its own AlarmIndex on the same file (WAL; writers wait on each other
// through the busy timeout). Calls block for a short SQLite transaction.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "edged/storage/database.h"
#include "edged/util/result.h"

namespace edged::bindings::durable_objects {

struct PendingAlarm {
  std::string object_id;
  int64_t scheduled_ms = 0;
};

class AlarmIndex {
 public:
  // Opens (creating it and its directory) the index at `path`.
  static Result<AlarmIndex> open(const std::filesystem::path& path);

  // Records that `object_id` has an alarm at `scheduled_ms` (replacing any earlier entry).
  Status set(std::string_view object_id, int64_t scheduled_ms);
  // Removes the entry of `object_id`; with `expected_ms`, only if it still holds that time.
  Status clear(std::string_view object_id, std::optional<int64_t> expected_ms = std::nullopt);
  // Every entry, earliest first.
  Result<std::vector<PendingAlarm>> all();
  // The earliest entry, if any.
  Result<std::optional<PendingAlarm>> next();
  // The entries due at `now_ms` (scheduled at or before it), earliest first.
  Result<std::vector<PendingAlarm>> dueBy(int64_t now_ms);

 private:
  explicit AlarmIndex(storage::Database db) : db_(std::move(db)) {}
  Result<std::vector<PendingAlarm>> select(std::string_view sql, std::optional<int64_t> bound);

  storage::Database db_;
};

}  // namespace edged::bindings::durable_objects
