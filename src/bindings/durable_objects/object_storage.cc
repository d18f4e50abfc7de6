// ObjectStorage: opening the file, the implicit per-event transaction, savepoints, the alarm
// and deleteAll(). The key-value calls are in object_storage_kv.cc, SQL in
// object_storage_sql.cc.
#include "edged/bindings/durable_objects/object_storage.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <system_error>
#include <utility>

#include "edged/storage/migrations.h"
#include "sql_errors.h"
#include "storage_limits.h"

namespace edged::bindings::durable_objects {
namespace {

// The reserved tables. WITHOUT ROWID: the key is the table's only index (as workerd's _cf_KV).
constexpr storage::Migration kSchema[] = {
    {1,
     "CREATE TABLE IF NOT EXISTS _cf_KV (key TEXT PRIMARY KEY, value BLOB) WITHOUT ROWID;"
     "CREATE TABLE IF NOT EXISTS _cf_METADATA (key INTEGER PRIMARY KEY, value);"},
};

// The row of _cf_METADATA that holds the alarm time.
constexpr int kAlarmRow = 1;

std::string savepointName(int depth) { return fmt::format("_cf_savepoint_{}", depth); }

}  // namespace

ObjectStorage::ObjectStorage(storage::Database db, ObjectStorageOptions options)
    : db_(std::move(db)), options_(options) {}

// An open implicit transaction is rolled back by SQLite when the connection closes: writes the
// owner never flushed were never acknowledged either.
ObjectStorage::~ObjectStorage() { sqlite3_set_authorizer(db_.handle(), nullptr, nullptr); }

StorageResult<std::unique_ptr<ObjectStorage>> ObjectStorage::open(
    const std::filesystem::path& path, ObjectStorageOptions options) {
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  if (ec) {
    return internalError(
        fmt::format("cannot create {}: {}", path.parent_path().string(), ec.message()));
  }
  storage::DatabaseOptions db_options;
  db_options.durability = options.durability;
  Result<storage::Database> db = storage::Database::open(path, db_options);
  if (!db.ok()) return internalError(db.error().message);
  std::unique_ptr<ObjectStorage> object(new ObjectStorage(std::move(db).value(), options));
  StorageStatus initialized = object->initialize();
  if (!initialized.ok()) return initialized.error();
  return object;
}

StorageStatus ObjectStorage::initialize() {
  sqlite3* db = db_.handle();
  // https://www.sqlite.org/security.html: defensive mode (no writes to the schema table or
  // shadow tables) and Cloudflare's documented SQL limits, so a query that fails there fails
  // here too.
  sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
  sqlite3_limit(db, SQLITE_LIMIT_LENGTH, static_cast<int>(kMaxSqlValueBytes));
  sqlite3_limit(db, SQLITE_LIMIT_SQL_LENGTH, kMaxSqlStatementBytes);
  sqlite3_limit(db, SQLITE_LIMIT_COLUMN, kMaxColumns);
  sqlite3_limit(db, SQLITE_LIMIT_VARIABLE_NUMBER, kMaxBoundParameters);
  sqlite3_limit(db, SQLITE_LIMIT_FUNCTION_ARG, kMaxFunctionArguments);
  sqlite3_limit(db, SQLITE_LIMIT_LIKE_PATTERN_LENGTH, kMaxLikePatternBytes);
  sqlite3_limit(db, SQLITE_LIMIT_ATTACHED, 0);
  sqlite3_limit(db, SQLITE_LIMIT_TRIGGER_DEPTH, kMaxTriggerDepth);
  Status migrated = storage::migrate(db_, kSchema);
  if (!migrated.ok()) return internalError(migrated.error().message);
  sqlite3_set_authorizer(db, &ObjectStorage::authorize, this);
  return Done{};
}

StorageError ObjectStorage::failure(std::string_view what) {
  sqlite3* db = db_.handle();
  std::string message = fmt::format("{}: {} ({})", what, sqlite3_errmsg(db), db_.path().string());
  // SQLite rolls a whole transaction back on its own after some errors (disk full, I/O, out of
  // memory): the event's earlier writes are gone, so the object can no longer promise them.
  if (transaction_open_ && sqlite3_get_autocommit(db) != 0) {
    broken_ = true;
    transaction_open_ = false;
    savepoint_depth_ = 0;
  }
  return internalError(std::move(message));
}

StorageStatus ObjectStorage::run(std::string_view sql) {
  Status done = db_.exec(sql);
  if (!done.ok()) return failure(sql);
  return Done{};
}

StorageStatus ObjectStorage::beginWrite() {
  if (broken_) {
    return internalError("the storage of this Durable Object failed and it must be reset: " +
                         db_.path().string());
  }
  if (transaction_open_) {
    if (sqlite3_get_autocommit(db_.handle()) == 0) return Done{};
    // Something ended the transaction behind our back: its writes are gone.
    broken_ = true;
    transaction_open_ = false;
    return internalError("uncommitted writes were rolled back by SQLite: " + db_.path().string());
  }
  // IMMEDIATE: take the write lock now rather than fail with SQLITE_BUSY halfway through.
  StorageStatus begun = run("BEGIN IMMEDIATE");
  if (!begun.ok()) return begun;
  transaction_open_ = true;
  return Done{};
}

StorageStatus ObjectStorage::flush() {
  if (broken_) {
    return internalError("the storage of this Durable Object failed and it must be reset: " +
                         db_.path().string());
  }
  if (!transaction_open_ || savepoint_depth_ > 0) return Done{};
  Status committed = db_.exec("COMMIT");
  transaction_open_ = false;
  if (!committed.ok()) {
    // A failed COMMIT may leave the transaction open; nothing of it was acknowledged.
    if (sqlite3_get_autocommit(db_.handle()) == 0) (void)db_.exec("ROLLBACK");
    broken_ = true;
    return internalError(committed.error().message);
  }
  return Done{};
}

StorageResult<int> ObjectStorage::beginSavepoint() {
  StorageStatus begun = beginWrite();
  if (!begun.ok()) return begun.error();
  StorageStatus saved = run("SAVEPOINT " + savepointName(savepoint_depth_));
  if (!saved.ok()) return saved.error();
  return ++savepoint_depth_;
}

StorageStatus ObjectStorage::releaseSavepoint() {
  if (savepoint_depth_ == 0) return internalError("no transaction to commit");
  StorageStatus released = run("RELEASE " + savepointName(savepoint_depth_ - 1));
  if (!released.ok()) return released;
  --savepoint_depth_;
  return Done{};
}

StorageStatus ObjectStorage::rollbackSavepoint() {
  if (savepoint_depth_ == 0) return internalError("no transaction to roll back");
  std::string name = savepointName(savepoint_depth_ - 1);
  StorageStatus rolled = run("ROLLBACK TO " + name);
  if (!rolled.ok()) return rolled;
  StorageStatus released = run("RELEASE " + name);
  if (!released.ok()) return released;
  --savepoint_depth_;
  return Done{};
}

StorageResult<std::optional<int64_t>> ObjectStorage::getAlarm() {
  Result<storage::Statement> stmt = db_.prepare("SELECT value FROM _cf_METADATA WHERE key = ?");
  if (!stmt.ok()) return failure("cannot read the alarm");
  stmt->bind(1, kAlarmRow);
  Result<bool> row = stmt->step();
  if (!row.ok()) return failure("cannot read the alarm");
  if (!row.value() || stmt->columnIsNull(0)) return std::optional<int64_t>();
  int64_t scheduled = stmt->columnInt(0);
  stmt->reset();
  return std::optional<int64_t>(scheduled);
}

StorageStatus ObjectStorage::setAlarm(int64_t scheduled_ms) {
  StorageStatus begun = beginWrite();
  if (!begun.ok()) return begun;
  Result<storage::Statement> stmt =
      db_.prepare("INSERT OR REPLACE INTO _cf_METADATA (key, value) VALUES (?, ?)");
  if (!stmt.ok() || !stmt->bind(1, kAlarmRow).bind(2, scheduled_ms).run().ok()) {
    return failure("cannot set the alarm");
  }
  return Done{};
}

StorageStatus ObjectStorage::deleteAlarm() {
  StorageStatus begun = beginWrite();
  if (!begun.ok()) return begun;
  Result<storage::Statement> stmt = db_.prepare("DELETE FROM _cf_METADATA WHERE key = ?");
  if (!stmt.ok() || !stmt->bind(1, kAlarmRow).run().ok()) {
    return failure("cannot delete the alarm");
  }
  return Done{};
}

StorageResult<int64_t> ObjectStorage::keyCount() {
  Result<storage::Statement> stmt = db_.prepare("SELECT count(*) FROM _cf_KV");
  if (!stmt.ok()) return failure("cannot count keys");
  Result<bool> row = stmt->step();
  if (!row.ok() || !row.value()) return failure("cannot count keys");
  int64_t count = stmt->columnInt(0);
  stmt->reset();
  return count;
}

StorageResult<int64_t> ObjectStorage::deleteAll() {
  StorageStatus begun = beginWrite();
  if (!begun.ok()) return begun.error();
  StorageResult<int64_t> count = keyCount();
  if (!count.ok()) return count;
  StorageStatus cleared = run("DELETE FROM _cf_KV");
  if (!cleared.ok()) return cleared.error();
  StorageStatus dropped = dropUserSchema();
  if (!dropped.ok()) return dropped.error();
  return count;
}

// Drops what user SQL created, leaving the reserved `_cf_` tables (so the alarm stays, as on
// Cloudflare). Foreign keys are checked at commit, when every table is gone: dropping a parent
// before its child must not fail on the way.
StorageStatus ObjectStorage::dropUserSchema() {
  StorageStatus deferred = run("PRAGMA defer_foreign_keys = ON");
  if (!deferred.ok()) return deferred;
  // Views and triggers first (they name tables), then virtual tables (which drop their own
  // shadow tables), then whatever tables remain.
  constexpr std::string_view kPasses[] = {
      "type = 'view'",
      "type = 'trigger'",
      "type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'",
      "type = 'table'",
  };
  for (std::string_view pass : kPasses) {
    std::vector<std::pair<std::string, std::string>> objects;
    Result<storage::Statement> stmt = db_.prepare(fmt::format(
        "SELECT type, name FROM sqlite_schema WHERE {} AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
        " AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\'",
        pass));
    if (!stmt.ok()) return failure("cannot list the tables");
    for (;;) {
      Result<bool> row = stmt->step();
      if (!row.ok()) return failure("cannot list the tables");
      if (!row.value()) break;
      objects.emplace_back(std::string(stmt->columnText(0)), std::string(stmt->columnText(1)));
    }
    for (const auto& [type, name] : objects) {
      std::string quoted = quoteIdentifier(name);
      std::string kind = type == "view" ? "VIEW" : type == "trigger" ? "TRIGGER" : "TABLE";
      StorageStatus dropped = run(fmt::format("DROP {} IF EXISTS {}", kind, quoted));
      if (!dropped.ok()) return dropped;
    }
  }
  return Done{};
}

StorageStatus ObjectStorage::checkKey(std::string_view key) const {
  if (options_.backend == StorageBackend::kKeyValue && key.size() > kMaxKeyBytes) {
    return workerError(StorageError::Kind::kRangeError,
                       fmt::format("Keys cannot be larger than {} bytes. A key of size {} was "
                                   "provided.",
                                   kMaxKeyBytes, key.size()));
  }
  return Done{};
}

StorageStatus ObjectStorage::checkEntry(std::string_view key, std::string_view value) const {
  StorageStatus key_ok = checkKey(key);
  if (!key_ok.ok()) return key_ok;
  if (options_.backend == StorageBackend::kKeyValue && value.size() > kEnforcedMaxValueBytes) {
    return workerError(StorageError::Kind::kRangeError,
                       fmt::format("Values cannot be larger than {} bytes. A value of size {} "
                                   "was provided.",
                                   kAdvertisedMaxValueBytes, value.size()));
  }
  if (options_.backend == StorageBackend::kSqlite &&
      key.size() + value.size() > kMaxSqlValueBytes) {
    return workerError(StorageError::Kind::kError, "string or blob too big: SQLITE_TOOBIG");
  }
  return Done{};
}

StorageStatus ObjectStorage::checkKeyCount(size_t count) const {
  if (count > kMaxKeysPerCall) {
    return workerError(StorageError::Kind::kRangeError,
                       fmt::format("Maximum number of key value pairs is {}. {} pairs were "
                                   "provided.",
                                   kMaxKeysPerCall, count));
  }
  return Done{};
}

}  // namespace edged::bindings::durable_objects
