#pragma once
// One SQLite connection (DESIGN.md "Storage"). Every binding's local backend opens its
// databases through this: WAL journal, a busy timeout so concurrent writers from other threads
// wait instead of failing, and a durability level chosen per database.
//
// A Database belongs to one thread (each event-loop thread opens its own connection to the same
// file; WAL lets their readers run concurrently with one writer). It knows nothing of V8.

#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <string_view>

#include "edged/storage/statement.h"
#include "edged/util/result.h"

namespace edged::storage {

// What a committed transaction survives.
//
// kProcessCrash (the default, `synchronous=NORMAL`): in WAL mode a commit is a write() of its
// pages to the WAL file, which the kernel keeps once the call returns, so a transaction a
// Worker was told succeeded survives the process being killed (kill -9, a crash, an OOM kill).
// It may roll back after a power loss or kernel crash. This meets DESIGN.md's rule without an
// fsync per commit (SQLite only syncs at checkpoints), which is what makes small writes cheap.
//
// kPowerLoss (`synchronous=FULL`): the WAL is fsynced at every commit; costs one fsync per
// transaction. For data whose loss on power failure would be visible to users.
enum class Durability { kProcessCrash, kPowerLoss };

struct DatabaseOptions {
  Durability durability = Durability::kProcessCrash;
  // How long a writer waits for another connection's write transaction before SQLITE_BUSY.
  std::chrono::milliseconds busy_timeout{5000};
};

class Database {
 public:
  // Opens (creating if needed) the database at `path`; its directory must exist.
  static Result<Database> open(const std::filesystem::path& path,
                               const DatabaseOptions& options = {});

  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  // Runs one or more SQL statements that return no rows (schema changes, PRAGMAs).
  Status exec(std::string_view sql);
  Result<Statement> prepare(std::string_view sql);

  int64_t lastInsertRowId() const;
  // Rows changed by the most recent INSERT, UPDATE or DELETE.
  int64_t changes() const;
  const std::filesystem::path& path() const { return path_; }
  sqlite3* handle() const { return db_; }

 private:
  Database(sqlite3* db, std::filesystem::path path) : db_(db), path_(std::move(path)) {}

  sqlite3* db_ = nullptr;
  std::filesystem::path path_;
};

// "<what>: <sqlite message> (<path>)" — the error text of a failed call on `db`.
Error sqliteError(sqlite3* db, std::string_view what);

}  // namespace edged::storage
