#include "edged/storage/database.h"

#include <fmt/format.h>

#include <chrono>
#include <thread>
#include <utility>

namespace edged::storage {

Error sqliteError(sqlite3* db, std::string_view what) {
  const char* file = db != nullptr ? sqlite3_db_filename(db, "main") : nullptr;
  return makeError(fmt::format("{}: {} ({})", what, db != nullptr ? sqlite3_errmsg(db) : "?",
                               file != nullptr && *file != '\0' ? file : "memory"));
}

Result<Database> Database::open(const std::filesystem::path& path, const DatabaseOptions& options) {
  sqlite3* raw = nullptr;
  // NOMUTEX: a connection is used by one thread only (each thread opens its own).
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  if (rc != SQLITE_OK) {
    Error error = sqliteError(raw, "cannot open database " + path.string());
    sqlite3_close_v2(raw);
    return error;
  }
  Database db(raw, path);
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, static_cast<int>(options.busy_timeout.count()));
  // journal_mode=WAL is persistent in the file; setting it on every open is cheap and makes a
  // database created by a tool in another mode right again. While another thread or process
  // opens the same new file, the switch can fail with SQLITE_BUSY at once (SQLite does not run
  // the busy handler for it), so it is retried for up to the busy timeout.
  auto deadline = std::chrono::steady_clock::now() + options.busy_timeout;
  for (;;) {
    Status wal = db.exec("PRAGMA journal_mode=WAL;");
    if (wal.ok()) break;
    int code = sqlite3_errcode(raw) & 0xff;
    if ((code != SQLITE_BUSY && code != SQLITE_LOCKED) || std::chrono::steady_clock::now() >= deadline) {
      return wal.error();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  const char* synchronous = options.durability == Durability::kPowerLoss ? "FULL" : "NORMAL";
  Status configured =
      db.exec(fmt::format("PRAGMA synchronous={}; PRAGMA foreign_keys=ON;", synchronous));
  if (!configured.ok()) return configured.error();
  return db;
}

Database::Database(Database&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), path_(std::move(other.path_)) {}

Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    if (db_ != nullptr) sqlite3_close_v2(db_);
    db_ = std::exchange(other.db_, nullptr);
    path_ = std::move(other.path_);
  }
  return *this;
}

// close_v2 defers the close until every Statement is finalized, so destruction order between a
// Database and statements prepared on it does not matter.
Database::~Database() {
  if (db_ != nullptr) sqlite3_close_v2(db_);
}

Status Database::exec(std::string_view sql) {
  std::string text(sql);
  char* message = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    std::string detail = message != nullptr ? message : sqlite3_errstr(rc);
    sqlite3_free(message);
    return makeError(fmt::format("{}: {} ({})", text.substr(0, 60), detail, path_.string()));
  }
  return Ok{};
}

Result<Statement> Database::prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) return sqliteError(db_, fmt::format("cannot prepare \"{}\"", sql));
  return Statement(stmt);
}

int64_t Database::lastInsertRowId() const { return sqlite3_last_insert_rowid(db_); }

int64_t Database::changes() const { return sqlite3_changes64(db_); }

}  // namespace edged::storage
