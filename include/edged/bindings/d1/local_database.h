#pragma once
// One D1 database on local disk (<data-dir>/d1/<id>.sqlite), as a Worker's D1 binding and
// `edged d1 execute` see it. No V8 here: the ops (d1_ops.cc) convert values and run these calls
// on the libuv thread pool; unit tests drive it directly.
//
// Queries behave as Cloudflare's D1 (and Miniflare, which runs D1 on workerd's SQLite): each
// batch runs in one transaction (all of it or none of it), a query may hold several statements
// of which only the last may have parameters and only the last's rows come back, and Worker SQL
// is authorized by the Durable Object SQL rules D1 runs under (no BEGIN/SAVEPOINT, no ATTACH, a
// PRAGMA allowlist, nothing named `_cf_*`). Errors carry D1's text without the "D1_ERROR: "
// prefix, which the JS half adds.
//
// A LocalDatabase belongs to one thread at a time; several threads and processes may each open
// their own on the same file (WAL, busy timeout, write transactions begun IMMEDIATE).

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <string>
#include <variant>
#include <vector>

#include "edged/storage/database.h"
#include "edged/util/result.h"

namespace edged::bindings::d1 {

// Errors of edged's own (disk, a lock held past the busy timeout) start with this; the rest are
// the Worker's SQL errors, shown to it as they are.
inline constexpr std::string_view kInternalErrorPrefix = "edged internal: ";

struct Blob {
  bool operator==(const Blob&) const = default;
  std::vector<uint8_t> bytes;
};
// NULL, INTEGER, REAL, TEXT, BLOB.
using Value = std::variant<std::monostate, int64_t, double, std::string, Blob>;

struct Query {
  std::string sql;
  std::vector<Value> params;
};

// D1Result.meta (workers-types D1Meta), for one query.
struct QueryMeta {
  double duration_ms = 0;
  int64_t changes = 0;
  int64_t last_row_id = 0;
  bool changed_db = false;
  int64_t size_after = 0;
  int64_t rows_read = 0;
  int64_t rows_written = 0;
};

struct QueryResult {
  std::vector<std::string> columns;
  std::vector<std::vector<Value>> rows;
  QueryMeta meta;
};

struct BatchResult {
  std::vector<QueryResult> results;
  // The database's commit position after the batch (D1 sessions' bookmark).
  std::string bookmark;
};

// db.exec(): statements counted, total time.
struct ExecResult {
  int64_t count = 0;
  double duration_ms = 0;
};

class LocalDatabase {
 public:
  // Opens (creating) the file and its directory.
  static Result<std::unique_ptr<LocalDatabase>> open(const std::filesystem::path& path);
  ~LocalDatabase();
  LocalDatabase(const LocalDatabase&) = delete;
  LocalDatabase& operator=(const LocalDatabase&) = delete;

  // db.batch() and every prepared statement's first/all/run/raw (a batch of one): all queries
  // in one transaction. Error: D1's message for the first failing query; nothing was written.
  Result<BatchResult> batch(std::span<const Query> queries);

  // db.exec(): every line of `sql` is a query (without parameters), all in one transaction.
  // Error: "Error in line <n>: <line>: <message>", the text after "D1_EXEC_ERROR: ".
  Result<ExecResult> exec(std::string_view sql);

  // db.dump(): the database file's bytes (a consistent snapshot).
  Result<std::vector<uint8_t>> dump();

  // The current bookmark (see BatchResult::bookmark).
  Result<std::string> bookmark();

  const std::filesystem::path& path() const { return db_.path(); }

 private:
  explicit LocalDatabase(storage::Database db) : db_(std::move(db)) {}
  Status initialize();
  static int authorize(void* self, int action, const char* first, const char* second,
                       const char* database, const char* trigger);
  Result<QueryResult> runQuery(const Query& query);
  Result<storage::Statement*> cached(std::optional<storage::Statement>& slot, std::string_view sql);
  Result<int64_t> readInteger(std::optional<storage::Statement>& slot, std::string_view sql);
  Result<int64_t> databaseSize();
  Result<int64_t> commitSequence();
  Status bumpCommitSequence();
  bool isReadOnly(std::span<const Query> queries);

  friend class QueryRun;
  storage::Database db_;
  // edged's own statements, compiled once (declared after db_: finalized before it closes).
  std::optional<storage::Statement> size_stmt_;
  std::optional<storage::Statement> sequence_stmt_;
  std::optional<storage::Statement> bump_stmt_;
  bool user_sql_ = false;              // the authorizer checks Worker SQL only
  bool refused_transaction_ = false;   // the authorizer refused BEGIN/SAVEPOINT
};

}  // namespace edged::bindings::d1
