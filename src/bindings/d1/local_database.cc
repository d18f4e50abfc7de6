// LocalDatabase: opening the file with D1's limits, transactions around batches, exec(),
// dump(), and the commit sequence behind session bookmarks. Running one query is query_run.cc.
#include "edged/bindings/d1/local_database.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <system_error>

#include "../durable_objects/sql_authorizer.h"
#include "edged/storage/migrations.h"
#include "edged/storage/transaction.h"
#include "query_run.h"

namespace edged::bindings::d1 {
namespace {

// edged's own table, out of Worker SQL's reach (the authorizer refuses `_cf_*`): the commit
// sequence that session bookmarks are made of.
constexpr storage::Migration kSchema[] = {
    {1,
     "CREATE TABLE IF NOT EXISTS _cf_D1 (key TEXT PRIMARY KEY, value INTEGER) WITHOUT ROWID;"
     "INSERT OR IGNORE INTO _cf_D1 VALUES ('commit_sequence', 0);"},
};

// Cloudflare's D1 limits (developers.cloudflare.com/d1/platform/limits/).
constexpr int kMaxSqlStatementBytes = 100'000;
constexpr int kMaxBoundParameters = 100;
constexpr int kMaxValueBytes = 2'000'000;
constexpr int kMaxColumns = 100;

using Clock = std::chrono::steady_clock;

// Cloudflare's bookmark shape: fixed-width hex groups, so later bookmarks sort after earlier ones.
std::string formatBookmark(int64_t sequence) {
  return fmt::format("{:08x}-{:08x}-00000000-{:032x}", static_cast<uint64_t>(sequence) >> 32,
                     static_cast<uint64_t>(sequence) & 0xffffffff, 0);
}

// A failure of edged's own (disk, lock timeout) rather than of the Worker's SQL.
Error internal(const Error& error) { return makeError(std::string(kInternalErrorPrefix) + error.message); }

double millisecondsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

bool isBlank(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
}

}  // namespace

Result<std::unique_ptr<LocalDatabase>> LocalDatabase::open(const std::filesystem::path& path) {
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  if (ec) return makeError(fmt::format("cannot create {}: {}", path.parent_path().string(), ec.message()));
  Result<storage::Database> db = storage::Database::open(path);
  if (!db.ok()) return db.error();
  std::unique_ptr<LocalDatabase> database(new LocalDatabase(std::move(db).value()));
  Status initialized = database->initialize();
  if (!initialized.ok()) return initialized.error();
  return database;
}

LocalDatabase::~LocalDatabase() { sqlite3_set_authorizer(db_.handle(), nullptr, nullptr); }

Status LocalDatabase::initialize() {
  sqlite3* db = db_.handle();
  // Defensive mode (no writes to the schema table) and D1's limits, so a query that fails on
  // Cloudflare fails here too. D1 leaves foreign keys enforced, as storage::Database does.
  sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
  sqlite3_limit(db, SQLITE_LIMIT_LENGTH, kMaxValueBytes);
  sqlite3_limit(db, SQLITE_LIMIT_SQL_LENGTH, kMaxSqlStatementBytes);
  sqlite3_limit(db, SQLITE_LIMIT_COLUMN, kMaxColumns);
  sqlite3_limit(db, SQLITE_LIMIT_VARIABLE_NUMBER, kMaxBoundParameters);
  sqlite3_limit(db, SQLITE_LIMIT_ATTACHED, 0);
  Status migrated = storage::migrate(db_, kSchema);
  if (!migrated.ok()) return migrated;
  sqlite3_set_authorizer(db, &LocalDatabase::authorize, this);
  return Ok{};
}

int LocalDatabase::authorize(void* self, int action, const char* first, const char* second,
                             const char* database, const char* /*trigger*/) {
  auto* local = static_cast<LocalDatabase*>(self);
  if (!local->user_sql_) return SQLITE_OK;  // edged's own statements
  switch (durable_objects::authorizeUserSql(action, first, second, database)) {
    case durable_objects::SqlVerdict::kAllowed: return SQLITE_OK;
    case durable_objects::SqlVerdict::kDenied: return SQLITE_DENY;
    case durable_objects::SqlVerdict::kDeniedTransaction:
      local->refused_transaction_ = true;
      return SQLITE_DENY;
  }
  return SQLITE_DENY;
}

// Whether every statement of `queries` only reads: such a batch needs no write lock, so
// readers on all threads run side by side. Anything that fails to compile here (a table an
// earlier statement creates, a refused statement) counts as a write and is judged again when
// it runs.
bool LocalDatabase::isReadOnly(std::span<const Query> queries) {
  user_sql_ = true;
  bool read_only = true;
  for (const Query& query : queries) {
    const char* next = query.sql.data();
    const char* end = next + query.sql.size();
    while (read_only && next < end) {
      sqlite3_stmt* stmt = nullptr;
      const char* tail = nullptr;
      int rc = sqlite3_prepare_v3(db_.handle(), next, static_cast<int>(end - next), 0, &stmt, &tail);
      if (rc != SQLITE_OK) read_only = false;
      if (stmt == nullptr) break;
      if (sqlite3_stmt_readonly(stmt) == 0) read_only = false;
      sqlite3_finalize(stmt);
      next = tail;
    }
    if (!read_only) break;
  }
  user_sql_ = false;
  return read_only;
}

Result<BatchResult> LocalDatabase::batch(std::span<const Query> queries) {
  if (std::all_of(queries.begin(), queries.end(), [](const Query& q) { return isBlank(q.sql); })) {
    return makeError("No SQL statements detected.");
  }
  auto mode = isReadOnly(queries) ? storage::Transaction::Mode::kDeferred
                                  : storage::Transaction::Mode::kImmediate;
  auto tx = storage::Transaction::begin(db_, mode);
  if (!tx.ok()) return internal(tx.error());
  BatchResult batch;
  int64_t changes_before = sqlite3_total_changes64(db_.handle());
  for (const Query& query : queries) {
    Clock::time_point start = Clock::now();
    Result<int64_t> size_before = databaseSize();
    if (!size_before.ok()) return internal(size_before.error());
    int64_t last_row_before = sqlite3_last_insert_rowid(db_.handle());
    Result<QueryResult> result = QueryRun(*this).run(query);
    if (!result.ok()) return result.error();  // the transaction rolls back
    Result<int64_t> size_after = databaseSize();
    if (!size_after.ok()) return internal(size_after.error());
    QueryMeta& meta = result->meta;
    meta.size_after = size_after.value();
    meta.changed_db = meta.changes != 0 || meta.last_row_id != last_row_before ||
                      size_after.value() != size_before.value();
    meta.duration_ms = millisecondsSince(start);
    batch.results.push_back(std::move(result).value());
  }
  if (sqlite3_total_changes64(db_.handle()) != changes_before) {
    Status bumped = bumpCommitSequence();
    if (!bumped.ok()) return internal(bumped.error());
  }
  Result<int64_t> sequence = commitSequence();
  if (!sequence.ok()) return internal(sequence.error());
  Status committed = tx->commit();
  if (!committed.ok()) return internal(committed.error());
  batch.bookmark = formatBookmark(sequence.value());
  return batch;
}

Result<ExecResult> LocalDatabase::exec(std::string_view sql) {
  // As workerd's D1Database.exec(): the trimmed text, one query per line.
  size_t first = 0;
  while (first < sql.size() && std::isspace(static_cast<unsigned char>(sql[first]))) ++first;
  size_t last = sql.size();
  while (last > first && std::isspace(static_cast<unsigned char>(sql[last - 1]))) --last;
  std::vector<std::string_view> lines;
  std::string_view rest = sql.substr(first, last - first);
  for (size_t pos; (pos = rest.find('\n')) != std::string_view::npos; rest.remove_prefix(pos + 1)) {
    lines.push_back(rest.substr(0, pos));
  }
  lines.push_back(rest);

  std::vector<Query> queries;
  std::vector<size_t> line_of;  // the line number of each query
  for (size_t i = 0; i < lines.size(); ++i) {
    if (isBlank(lines[i])) continue;
    queries.push_back({std::string(lines[i]), {}});
    line_of.push_back(i);
  }
  if (queries.empty()) return makeError("Error in line 1: : No SQL statements detected.");
  auto tx = storage::Transaction::begin(db_, storage::Transaction::Mode::kImmediate);
  if (!tx.ok()) return internal(tx.error());
  int64_t changes_before = sqlite3_total_changes64(db_.handle());
  ExecResult exec;
  for (size_t i = 0; i < queries.size(); ++i) {
    Clock::time_point start = Clock::now();
    Result<QueryResult> result = QueryRun(*this).run(queries[i]);
    if (!result.ok()) {
      return makeError(fmt::format("Error in line {}: {}: {}", line_of[i] + 1, queries[i].sql,
                                   result.error().message));
    }
    exec.duration_ms += millisecondsSince(start);
    ++exec.count;
  }
  if (sqlite3_total_changes64(db_.handle()) != changes_before) {
    Status bumped = bumpCommitSequence();
    if (!bumped.ok()) return internal(bumped.error());
  }
  Status committed = tx->commit();
  if (!committed.ok()) return internal(committed.error());
  return exec;
}

Result<std::vector<uint8_t>> LocalDatabase::dump() {
  // One read transaction around the copy: a consistent snapshot while other connections write.
  auto tx = storage::Transaction::begin(db_, storage::Transaction::Mode::kDeferred);
  if (!tx.ok()) return internal(tx.error());
  sqlite3_int64 size = 0;
  unsigned char* bytes = sqlite3_serialize(db_.handle(), "main", &size, 0);
  if (bytes == nullptr) return internal(storage::sqliteError(db_.handle(), "cannot dump the database"));
  std::vector<uint8_t> out(bytes, bytes + size);
  sqlite3_free(bytes);
  return out;
}

Result<std::string> LocalDatabase::bookmark() {
  Result<int64_t> sequence = commitSequence();
  if (!sequence.ok()) return internal(sequence.error());
  return formatBookmark(sequence.value());
}

Result<storage::Statement*> LocalDatabase::cached(std::optional<storage::Statement>& slot,
                                                  std::string_view sql) {
  if (!slot) {
    Result<storage::Statement> stmt = db_.prepare(sql);
    if (!stmt.ok()) return stmt.error();
    slot.emplace(std::move(stmt).value());
  }
  return &*slot;
}

Result<int64_t> LocalDatabase::readInteger(std::optional<storage::Statement>& slot,
                                           std::string_view sql) {
  Result<storage::Statement*> stmt = cached(slot, sql);
  if (!stmt.ok()) return stmt.error();
  Result<bool> row = stmt.value()->step();
  if (!row.ok()) return row.error();
  int64_t value = row.value() ? stmt.value()->columnInt(0) : 0;
  stmt.value()->reset();
  return value;
}

Result<int64_t> LocalDatabase::databaseSize() {
  return readInteger(size_stmt_,
                     "SELECT (SELECT page_count FROM pragma_page_count) * "
                     "(SELECT page_size FROM pragma_page_size)");
}

Result<int64_t> LocalDatabase::commitSequence() {
  return readInteger(sequence_stmt_, "SELECT value FROM _cf_D1 WHERE key = 'commit_sequence'");
}

Status LocalDatabase::bumpCommitSequence() {
  Result<storage::Statement*> stmt =
      cached(bump_stmt_, "UPDATE _cf_D1 SET value = value + 1 WHERE key = 'commit_sequence'");
  if (!stmt.ok()) return stmt.error();
  return stmt.value()->run();
}

}  // namespace edged::bindings::d1
