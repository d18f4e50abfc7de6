#include "edged/bindings/workflows/workflow_store.h"

#include <fmt/format.h>

#include <system_error>

#include "edged/storage/migrations.h"
#include "edged/storage/transaction.h"

namespace edged::bindings::workflows {
namespace {

// instances: one row per instance; status by Cloudflare's name. steps: one row per step key
// that has an outcome or a deadline. events: sent events in order; `consumed_by` is the
// waitForEvent step key that took one.
constexpr storage::Migration kSchema[] = {
    {1,
     "CREATE TABLE instances (id TEXT PRIMARY KEY NOT NULL, status TEXT NOT NULL,"
     " generation INTEGER NOT NULL, params BLOB NOT NULL, created_at INTEGER NOT NULL,"
     " wake_at INTEGER, paused_at INTEGER, output BLOB, error_name TEXT, error_message TEXT);"
     "CREATE TABLE steps (instance_id TEXT NOT NULL, key TEXT NOT NULL, state TEXT NOT NULL,"
     " value BLOB, error_name TEXT, error_message TEXT, attempts INTEGER NOT NULL DEFAULT 0,"
     " wake_at INTEGER, event_type TEXT, event_timestamp INTEGER,"
     " PRIMARY KEY (instance_id, key)) WITHOUT ROWID;"
     "CREATE TABLE events (seq INTEGER PRIMARY KEY AUTOINCREMENT, instance_id TEXT NOT NULL,"
     " type TEXT NOT NULL, payload BLOB NOT NULL, timestamp INTEGER NOT NULL, consumed_by TEXT);"
     "CREATE INDEX events_waiting ON events (instance_id, type, seq) WHERE consumed_by IS NULL;"},
};

constexpr std::string_view kStatusNames[] = {"queued",   "running",  "paused",          "errored",
                                             "terminated", "complete", "waitingForPause", "waiting"};

std::span<const uint8_t> bytes(std::string_view text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

std::string blobText(const storage::Statement& stmt, int column) {
  std::span<const uint8_t> blob = stmt.columnBlob(column);
  return {reinterpret_cast<const char*>(blob.data()), blob.size()};
}

std::optional<int64_t> optionalInt(const storage::Statement& stmt, int column) {
  if (stmt.columnIsNull(column)) return std::nullopt;
  return stmt.columnInt(column);
}

std::string fileSafe(std::string_view name) {
  std::string file;
  for (char c : name) {
    bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                 c == '_' || c == '-';
    if (plain) file += c;
    else file += fmt::format("%{:02X}", static_cast<unsigned char>(c));
  }
  return file;
}

}  // namespace

std::string_view statusName(InstanceStatus status) {
  return kStatusNames[static_cast<size_t>(status)];
}

std::optional<InstanceStatus> parseStatus(std::string_view name) {
  for (size_t i = 0; i < std::size(kStatusNames); ++i) {
    if (kStatusNames[i] == name) return static_cast<InstanceStatus>(i);
  }
  return std::nullopt;
}

bool isFinished(InstanceStatus status) {
  return status == InstanceStatus::kComplete || status == InstanceStatus::kErrored ||
         status == InstanceStatus::kTerminated;
}

std::string_view gateName(Gate gate) {
  switch (gate) {
    case Gate::kProceed: return "proceed";
    case Gate::kPause: return "pause";
    case Gate::kAbandon: return "abandon";
  }
  return "abandon";
}

std::filesystem::path workflowFile(const std::filesystem::path& data_dir, std::string_view worker,
                                   std::string_view workflow) {
  return data_dir / "workflows" / fileSafe(worker) / (fileSafe(workflow) + ".sqlite");
}

Result<std::unique_ptr<WorkflowStore>> WorkflowStore::open(const std::filesystem::path& path) {
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  if (ec) {
    return makeError(fmt::format("cannot create {}: {}", path.parent_path().string(), ec.message()));
  }
  Result<storage::Database> db = storage::Database::open(path);
  if (!db.ok()) return db.error();
  Status migrated = storage::migrate(db.value(), kSchema);
  if (!migrated.ok()) return migrated.error();
  return std::unique_ptr<WorkflowStore>(new WorkflowStore(std::move(db).value()));
}

// ---- The binding ------------------------------------------------------------------------------

Result<bool> WorkflowStore::create(std::string_view id, std::string_view params, int64_t now) {
  auto stmt = db_.prepare(
      "INSERT INTO instances (id, status, generation, params, created_at) VALUES (?, 'queued', 1, ?, ?)"
      " ON CONFLICT (id) DO NOTHING");
  if (!stmt.ok()) return stmt.error();
  stmt->bind(1, id).bindBlob(2, bytes(params)).bind(3, now);
  if (Status run = stmt->run(); !run.ok()) return run.error();
  return db_.changes() == 1;
}

Result<std::optional<InstanceRecord>> WorkflowStore::instance(std::string_view id) {
  auto stmt = db_.prepare(
      "SELECT status, generation, params, created_at, wake_at, output, error_name, error_message"
      " FROM instances WHERE id = ?");
  if (!stmt.ok()) return stmt.error();
  stmt->bind(1, id);
  Result<bool> row = stmt->step();
  if (!row.ok()) return row.error();
  if (!row.value()) return std::optional<InstanceRecord>();
  InstanceRecord record;
  record.id = std::string(id);
  record.status = parseStatus(stmt->columnText(0)).value_or(InstanceStatus::kErrored);
  record.generation = stmt->columnInt(1);
  record.params = blobText(*stmt, 2);
  record.created_at = stmt->columnInt(3);
  record.wake_at = optionalInt(*stmt, 4);
  if (!stmt->columnIsNull(5)) record.output = blobText(*stmt, 5);
  if (!stmt->columnIsNull(6)) {
    record.error = StepError{std::string(stmt->columnText(6)), std::string(stmt->columnText(7))};
  }
  stmt->reset();
  return std::optional<InstanceRecord>(std::move(record));
}

Result<bool> WorkflowStore::setStatus(std::string_view id, InstanceStatus status) {
  auto stmt = db_.prepare("UPDATE instances SET status = ? WHERE id = ?");
  if (!stmt.ok()) return stmt.error();
  stmt->bind(1, statusName(status)).bind(2, id);
  if (Status run = stmt->run(); !run.ok()) return run.error();
  return db_.changes() == 1;
}

Result<ControlOutcome> WorkflowStore::pause(std::string_view id, int64_t now) {
  auto tx = storage::Transaction::begin(db_);
  if (!tx.ok()) return tx.error();
  Result<std::optional<InstanceRecord>> found = instance(id);
  if (!found.ok()) return found.error();
  if (!found.value()) return ControlOutcome::kNotFound;
  InstanceStatus status = found.value()->status;
  std::optional<InstanceStatus> next;
  // A running instance with a wake-up time has no run in flight (it waits for a retry delay).
  bool in_flight = status == InstanceStatus::kRunning && !found.value()->wake_at;
  if (in_flight) next = InstanceStatus::kWaitingForPause;
  if (status == InstanceStatus::kQueued || status == InstanceStatus::kWaiting ||
      (status == InstanceStatus::kRunning && !in_flight)) {
    next = InstanceStatus::kPaused;
  }
  if (next) {
    auto stmt = db_.prepare("UPDATE instances SET status = ?, paused_at = ? WHERE id = ?");
    if (!stmt.ok()) return stmt.error();
    stmt->bind(1, statusName(*next)).bind(2, now).bind(3, id);
    if (Status run = stmt->run(); !run.ok()) return run.error();
  }
  if (Status committed = tx->commit(); !committed.ok()) return committed.error();
  return ControlOutcome::kDone;
}

Result<ControlOutcome> WorkflowStore::resume(std::string_view id, int64_t now) {
  auto tx = storage::Transaction::begin(db_);
  if (!tx.ok()) return tx.error();
  Result<std::optional<InstanceRecord>> found = instance(id);
  if (!found.ok()) return found.error();
  if (!found.value()) return ControlOutcome::kNotFound;
  InstanceStatus status = found.value()->status;
  if (status == InstanceStatus::kWaitingForPause) {
    if (auto set = setStatus(id, InstanceStatus::kRunning); !set.ok()) return set.error();
  } else if (status == InstanceStatus::kPaused) {
    // Time spent paused does not count against sleeps and waits still pending, as on Cloudflare.
    auto shift = db_.prepare(
        "UPDATE steps SET wake_at = wake_at + (?1 - (SELECT paused_at FROM instances WHERE id = ?2))"
        " WHERE instance_id = ?2 AND state = 'pending' AND wake_at IS NOT NULL"
        " AND (SELECT paused_at FROM instances WHERE id = ?2) IS NOT NULL"
        " AND wake_at > (SELECT paused_at FROM instances WHERE id = ?2)");
    if (!shift.ok()) return shift.error();
    shift->bind(1, now).bind(2, id);
    if (Status run = shift->run(); !run.ok()) return run.error();
    auto stmt = db_.prepare(
        "UPDATE instances SET status = 'queued', wake_at = NULL, paused_at = NULL WHERE id = ?");
    if (!stmt.ok()) return stmt.error();
    stmt->bind(1, id);
    if (Status run = stmt->run(); !run.ok()) return run.error();
  }
  if (Status committed = tx->commit(); !committed.ok()) return committed.error();
  return ControlOutcome::kDone;
}

Result<ControlOutcome> WorkflowStore::terminate(std::string_view id) {
  auto tx = storage::Transaction::begin(db_);
  if (!tx.ok()) return tx.error();
  Result<std::optional<InstanceRecord>> found = instance(id);
  if (!found.ok()) return found.error();
  if (!found.value()) return ControlOutcome::kNotFound;
  if (isFinished(found.value()->status)) return ControlOutcome::kFinished;
  auto stmt = db_.prepare("UPDATE instances SET status = 'terminated', wake_at = NULL WHERE id = ?");
  if (!stmt.ok()) return stmt.error();
  stmt->bind(1, id);
  if (Status run = stmt->run(); !run.ok()) return run.error();
  if (Status committed = tx->commit(); !committed.ok()) return committed.error();
  return ControlOutcome::kDone;
}

Result<ControlOutcome> WorkflowStore::restart(std::string_view id, int64_t now) {
  auto tx = storage::Transaction::begin(db_);
  if (!tx.ok()) return tx.error();
  auto stmt = db_.prepare(
      "UPDATE instances SET status = 'queued', generation = generation + 1, created_at = ?,"
      " wake_at = NULL, paused_at = NULL, output = NULL, error_name = NULL, error_message = NULL"
      " WHERE id = ?");
  if (!stmt.ok()) return stmt.error();
  stmt->bind(1, now).bind(2, id);
  if (Status run = stmt->run(); !run.ok()) return run.error();
  if (db_.changes() == 0) return ControlOutcome::kNotFound;
  for (std::string_view sql : {"DELETE FROM steps WHERE instance_id = ?",
                               "DELETE FROM events WHERE instance_id = ?"}) {
    auto clear = db_.prepare(sql);
    if (!clear.ok()) return clear.error();
    clear->bind(1, id);
    if (Status run = clear->run(); !run.ok()) return run.error();
  }
  if (Status committed = tx->commit(); !committed.ok()) return committed.error();
  return ControlOutcome::kDone;
}

Result<ControlOutcome> WorkflowStore::addEvent(std::string_view id, std::string_view type,
                                               std::string_view payload, int64_t now) {
  auto tx = storage::Transaction::begin(db_);
  if (!tx.ok()) return tx.error();
  Result<std::optional<InstanceRecord>> found = instance(id);
  if (!found.ok()) return found.error();
  if (!found.value()) return ControlOutcome::kNotFound;
  if (isFinished(found.value()->status)) return ControlOutcome::kFinished;
  auto stmt = db_.prepare(
      "INSERT INTO events (instance_id, type, payload, timestamp) VALUES (?, ?, ?, ?)");
  if (!stmt.ok()) return stmt.error();
  stmt->bind(1, id).bind(2, type).bindBlob(3, bytes(payload)).bind(4, now);
  if (Status run = stmt->run(); !run.ok()) return run.error();
  if (Status committed = tx->commit(); !committed.ok()) return committed.error();
  return ControlOutcome::kDone;
}

Result<std::vector<Wakeup>> WorkflowStore::unfinishedInstances(int64_t now) {
  auto tx = storage::Transaction::begin(db_);
  if (!tx.ok()) return tx.error();
  auto pause = db_.prepare(
      "UPDATE instances SET status = 'paused', paused_at = ? WHERE status = 'waitingForPause'");
  if (!pause.ok()) return pause.error();
  pause->bind(1, now);
  if (Status run = pause->run(); !run.ok()) return run.error();
  auto stmt = db_.prepare(
      "SELECT id, wake_at FROM instances WHERE status IN ('queued', 'running', 'waiting')");
  if (!stmt.ok()) return stmt.error();
  std::vector<Wakeup> wakeups;
  while (true) {
    Result<bool> row = stmt->step();
    if (!row.ok()) return row.error();
    if (!row.value()) break;
    wakeups.push_back({std::string(stmt->columnText(0)), optionalInt(*stmt, 1)});
  }
  if (Status committed = tx->commit(); !committed.ok()) return committed.error();
  return wakeups;
}

// ---- A run ------------------------------------------------------------------------------------

Result<Gate> WorkflowStore::gate(std::string_view id, int64_t generation, int64_t now) {
  auto stmt = db_.prepare("SELECT status, generation FROM instances WHERE id = ?");
  if (!stmt.ok()) return stmt.error();
  stmt->bind(1, id);
  Result<bool> row = stmt->step();
  if (!row.ok()) return row.error();
  if (!row.value()) return Gate::kAbandon;
  std::optional<InstanceStatus> status = parseStatus(stmt->columnText(0));
  bool current = stmt->columnInt(1) == generation;
  stmt->reset();
  if (!current || !status || isFinished(*status)) return Gate::kAbandon;
  if (*status == InstanceStatus::kPaused) return Gate::kPause;
  if (*status == InstanceStatus::kWaitingForPause) {
    auto paused = db_.prepare("UPDATE instances SET status = 'paused', paused_at = ? WHERE id = ?");
    if (!paused.ok()) return paused.error();
    paused->bind(1, now).bind(2, id);
    if (Status run = paused->run(); !run.ok()) return run.error();
    return Gate::kPause;
  }
  return Gate::kProceed;
}

Status WorkflowStore::markRunning(std::string_view id) {
  auto stmt = db_.prepare("UPDATE instances SET status = 'running' WHERE id = ? AND status = 'waiting'");
  if (!stmt.ok()) return stmt.error();
  stmt->bind(1, id);
  return stmt->run();
}

Result<RunStart> WorkflowStore::beginRun(std::string_view id, int64_t generation, int64_t now) {
  auto tx = storage::Transaction::begin(db_);
  if (!tx.ok()) return tx.error();
  RunStart start;
  Result<Gate> gated = gate(id, generation, now);
  if (!gated.ok()) return gated.error();
  start.gate = gated.value();
  if (start.gate == Gate::kProceed) {
    auto stmt = db_.prepare(
        "UPDATE instances SET status = iif(status = 'waiting', 'waiting', 'running'), wake_at = NULL"
        " WHERE id = ? RETURNING params, created_at");
    if (!stmt.ok()) return stmt.error();
    stmt->bind(1, id);
    Result<bool> row = stmt->step();
    if (!row.ok()) return row.error();
    start.params = blobText(*stmt, 0);
    start.created_at = stmt->columnInt(1);
    stmt->reset();
  }
  if (Status committed = tx->commit(); !committed.ok()) return committed.error();
  return start;
}

Result<StepLookup> WorkflowStore::step(std::string_view id, int64_t generation,
                                       std::string_view key, int64_t now) {
  auto tx = storage::Transaction::begin(db_);
  if (!tx.ok()) return tx.error();
  StepLookup lookup;
  Result<Gate> gated = gate(id, generation, now);
  if (!gated.ok()) return gated.error();
  lookup.gate = gated.value();
  if (lookup.gate == Gate::kProceed) {
    auto stmt = db_.prepare(
        "SELECT state, value, error_name, error_message, attempts, wake_at, event_type,"
        " event_timestamp FROM steps WHERE instance_id = ? AND key = ?");
    if (!stmt.ok()) return stmt.error();
    stmt->bind(1, id).bind(2, key);
    Result<bool> row = stmt->step();
    if (!row.ok()) return row.error();
    if (row.value()) {
      StepRecord record;
      std::string_view state = stmt->columnText(0);
      record.state = state == "done"     ? StepRecord::State::kDone
                     : state == "failed" ? StepRecord::State::kFailed
                                         : StepRecord::State::kPending;
      if (!stmt->columnIsNull(1)) record.value = blobText(*stmt, 1);
      if (!stmt->columnIsNull(2)) {
        record.error = {std::string(stmt->columnText(2)), std::string(stmt->columnText(3))};
      }
      record.attempts = stmt->columnInt(4);
      record.wake_at = optionalInt(*stmt, 5);
      if (!stmt->columnIsNull(6)) record.event_type = std::string(stmt->columnText(6));
      record.event_timestamp = optionalInt(*stmt, 7).value_or(0);
      stmt->reset();
      lookup.step = std::move(record);
    }
  }
  if (Status committed = tx->commit(); !committed.ok()) return committed.error();
  return lookup;
}

namespace {
bool unlessAbandoned(Gate gate) { return gate != Gate::kAbandon; }
bool onlyProceeding(Gate gate) { return gate == Gate::kProceed; }
}  // namespace

Result<Gate> WorkflowStore::gatedWrite(std::string_view id, int64_t generation, int64_t now,
                                       bool (*applies)(Gate), const std::function<Status()>& write) {
  auto tx = storage::Transaction::begin(db_);
  if (!tx.ok()) return tx.error();
  Result<Gate> gated = gate(id, generation, now);
  if (!gated.ok()) return gated.error();
  if (applies(gated.value())) {
    if (Status written = write(); !written.ok()) return written.error();
  }
  if (Status committed = tx->commit(); !committed.ok()) return committed.error();
  return gated.value();
}

Result<Gate> WorkflowStore::completeStep(std::string_view id, int64_t generation,
                                         std::string_view key, std::string_view value, int64_t now) {
  // A result computed before a pause took effect is kept: the step did complete.
  return gatedWrite(id, generation, now, unlessAbandoned, [&]() -> Status {
    auto stmt = db_.prepare(
        "INSERT INTO steps (instance_id, key, state, value) VALUES (?1, ?2, 'done', ?3)"
        " ON CONFLICT (instance_id, key) DO UPDATE SET state = 'done', value = ?3, wake_at = NULL");
    if (!stmt.ok()) return stmt.error();
    stmt->bind(1, id).bind(2, key).bindBlob(3, bytes(value));
    if (Status run = stmt->run(); !run.ok()) return run;
    return markRunning(id);
  });
}

Result<Gate> WorkflowStore::failStep(std::string_view id, int64_t generation, std::string_view key,
                                     int64_t attempts, const StepError& error, int64_t now) {
  return gatedWrite(id, generation, now, unlessAbandoned, [&]() -> Status {
    auto stmt = db_.prepare(
        "INSERT INTO steps (instance_id, key, state, error_name, error_message, attempts)"
        " VALUES (?1, ?2, 'failed', ?3, ?4, ?5) ON CONFLICT (instance_id, key) DO UPDATE SET"
        " state = 'failed', error_name = ?3, error_message = ?4, attempts = ?5, wake_at = NULL");
    if (!stmt.ok()) return stmt.error();
    stmt->bind(1, id).bind(2, key).bind(3, error.name).bind(4, error.message).bind(5, attempts);
    if (Status run = stmt->run(); !run.ok()) return run;
    return markRunning(id);
  });
}

Result<Gate> WorkflowStore::deferStep(std::string_view id, int64_t generation, std::string_view key,
                                      int64_t attempts, int64_t next_at, int64_t now) {
  return gatedWrite(id, generation, now, unlessAbandoned, [&]() -> Status {
    auto stmt = db_.prepare(
        "INSERT INTO steps (instance_id, key, state, attempts, wake_at)"
        " VALUES (?1, ?2, 'pending', ?3, ?4) ON CONFLICT (instance_id, key) DO UPDATE SET"
        " state = 'pending', attempts = ?3, wake_at = ?4");
    if (!stmt.ok()) return stmt.error();
    stmt->bind(1, id).bind(2, key).bind(3, attempts).bind(4, next_at);
    return stmt->run();
  });
}

Result<StepLookup> WorkflowStore::takeEvent(std::string_view id, int64_t generation,
                                            std::string_view key, std::string_view type, int64_t now) {
  auto tx = storage::Transaction::begin(db_);
  if (!tx.ok()) return tx.error();
  StepLookup lookup;
  Result<Gate> gated = gate(id, generation, now);
  if (!gated.ok()) return gated.error();
  lookup.gate = gated.value();
  if (lookup.gate == Gate::kProceed) {
    auto take = db_.prepare(
        "UPDATE events SET consumed_by = ?3 WHERE seq = (SELECT seq FROM events WHERE"
        " instance_id = ?1 AND type = ?2 AND consumed_by IS NULL ORDER BY seq LIMIT 1)"
        " RETURNING payload, timestamp");
    if (!take.ok()) return take.error();
    take->bind(1, id).bind(2, type).bind(3, key);
    Result<bool> row = take->step();
    if (!row.ok()) return row.error();
    if (row.value()) {
      StepRecord record;
      record.state = StepRecord::State::kDone;
      record.value = blobText(*take, 0);
      record.event_type = std::string(type);
      record.event_timestamp = take->columnInt(1);
      take->reset();
      auto stmt = db_.prepare(
          "INSERT INTO steps (instance_id, key, state, value, event_type, event_timestamp)"
          " VALUES (?1, ?2, 'done', ?3, ?4, ?5) ON CONFLICT (instance_id, key) DO UPDATE SET"
          " state = 'done', value = ?3, event_type = ?4, event_timestamp = ?5, wake_at = NULL");
      if (!stmt.ok()) return stmt.error();
      stmt->bind(1, id).bind(2, key).bindBlob(3, bytes(record.value)).bind(4, type)
          .bind(5, record.event_timestamp);
      if (Status run = stmt->run(); !run.ok()) return run.error();
      if (Status running = markRunning(id); !running.ok()) return running.error();
      lookup.step = std::move(record);
    }
  }
  if (Status committed = tx->commit(); !committed.ok()) return committed.error();
  return lookup;
}

Result<Gate> WorkflowStore::suspend(std::string_view id, int64_t generation, int64_t wake_at,
                                    bool waiting, int64_t now) {
  return gatedWrite(id, generation, now, onlyProceeding, [&]() -> Status {
    auto stmt = db_.prepare("UPDATE instances SET status = ?, wake_at = ? WHERE id = ?");
    if (!stmt.ok()) return stmt.error();
    stmt->bind(1, waiting ? "waiting" : "running").bind(2, wake_at).bind(3, id);
    return stmt->run();
  });
}

Result<Gate> WorkflowStore::complete(std::string_view id, int64_t generation,
                                     std::string_view output, int64_t now) {
  // run() returned: the instance is complete even if a pause was asked for meanwhile.
  Result<Gate> gated = gatedWrite(id, generation, now, unlessAbandoned, [&]() -> Status {
    auto stmt = db_.prepare(
        "UPDATE instances SET status = 'complete', output = ?, wake_at = NULL WHERE id = ?");
    if (!stmt.ok()) return stmt.error();
    stmt->bindBlob(1, bytes(output)).bind(2, id);
    return stmt->run();
  });
  if (!gated.ok()) return gated.error();
  return gated.value() == Gate::kAbandon ? Gate::kAbandon : Gate::kProceed;
}

Result<Gate> WorkflowStore::fail(std::string_view id, int64_t generation, const StepError& error,
                                 int64_t now) {
  Result<Gate> gated = gatedWrite(id, generation, now, unlessAbandoned, [&]() -> Status {
    auto stmt = db_.prepare(
        "UPDATE instances SET status = 'errored', error_name = ?, error_message = ?, wake_at = NULL"
        " WHERE id = ?");
    if (!stmt.ok()) return stmt.error();
    stmt->bind(1, error.name).bind(2, error.message).bind(3, id);
    return stmt->run();
  });
  if (!gated.ok()) return gated.error();
  return gated.value() == Gate::kAbandon ? Gate::kAbandon : Gate::kProceed;
}

}  // namespace edged::bindings::workflows
