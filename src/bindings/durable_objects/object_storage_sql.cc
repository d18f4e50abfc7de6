// The SQL API of ObjectStorage: ctx.storage.sql.exec() as workerd runs it
// (util/sqlite.c++ prepareSql, Query): the statements of the query run in order, each
// authorized by Cloudflare's rules; only the last may have parameters and only its rows come
// back. Rows are read eagerly: the op hands JavaScript the whole result at once.
#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <cctype>

#include "edged/bindings/durable_objects/object_storage.h"
#include "sql_authorizer.h"
#include "sql_errors.h"

namespace edged::bindings::durable_objects {

int ObjectStorage::authorize(void* self, int action, const char* first, const char* second,
                             const char* database, const char* /*trigger*/) {
  auto* storage = static_cast<ObjectStorage*>(self);
  if (!storage->user_sql_) return SQLITE_OK;  // edged's own statements
  switch (authorizeUserSql(action, first, second, database)) {
    case SqlVerdict::kAllowed: return SQLITE_OK;
    case SqlVerdict::kDenied: return SQLITE_DENY;
    case SqlVerdict::kDeniedTransaction:
      storage->refused_transaction_ = true;
      return SQLITE_DENY;
  }
  return SQLITE_DENY;
}

// One exec() call: the statements of a query, compiled and run one after the other, with the
// authorizer in user mode for as long as it lasts.
class SqlRun {
 public:
  explicit SqlRun(ObjectStorage& storage) : storage_(storage), db_(storage.db_.handle()) {
    storage_.user_sql_ = true;
    storage_.refused_transaction_ = false;
  }
  ~SqlRun() {
    sqlite3_finalize(stmt_);
    storage_.user_sql_ = false;
  }
  SqlRun(const SqlRun&) = delete;
  SqlRun& operator=(const SqlRun&) = delete;

  StorageResult<SqlCursorData> run(std::string_view sql, std::span<const SqlValue> bindings);

 private:
  // A Worker's SQL error: workerd's text. Marks the object broken if SQLite rolled back the
  // event's transaction (INSERT OR ROLLBACK, RAISE(ROLLBACK), disk full…).
  StorageError error(int code) {
    std::string message = storage_.refused_transaction_ ? kTransactionStatementMessage
                                                        : sqlErrorMessage(db_, code);
    if (storage_.transaction_open_ && sqlite3_get_autocommit(db_) != 0) {
      storage_.broken_ = true;
      storage_.transaction_open_ = false;
      storage_.savepoint_depth_ = 0;
    }
    return workerError(StorageError::Kind::kError, std::move(message));
  }
  static StorageError userError(std::string message) {
    return workerError(StorageError::Kind::kError, std::move(message));
  }
  int bind(int index, const SqlValue& value);
  // Whether [begin, end) holds a statement and not only comments (which workerd reports as
  // such before any complaint about parameters).
  bool containsStatement(const char* begin, const char* end) const {
    sqlite3_stmt* probe = nullptr;
    int rc = sqlite3_prepare_v3(db_, begin, static_cast<int>(end - begin), 0, &probe, nullptr);
    sqlite3_finalize(probe);
    return rc != SQLITE_OK || probe != nullptr;
  }
  SqlValue column(int index) const;

  ObjectStorage& storage_;
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

int SqlRun::bind(int index, const SqlValue& value) {
  if (std::holds_alternative<int64_t>(value)) {
    return sqlite3_bind_int64(stmt_, index, std::get<int64_t>(value));
  }
  if (std::holds_alternative<double>(value)) {
    return sqlite3_bind_double(stmt_, index, std::get<double>(value));
  }
  if (std::holds_alternative<std::string>(value)) {
    const std::string& text = std::get<std::string>(value);
    return sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT,
                               SQLITE_UTF8);
  }
  if (std::holds_alternative<SqlBlob>(value)) {
    // A non-null pointer for an empty blob: SQLite binds NULL for a null pointer.
    static constexpr char kEmpty = 0;
    const std::string& bytes = std::get<SqlBlob>(value).bytes;
    return sqlite3_bind_blob64(stmt_, index, bytes.empty() ? &kEmpty : bytes.data(), bytes.size(),
                               SQLITE_TRANSIENT);
  }
  return sqlite3_bind_null(stmt_, index);
}

SqlValue SqlRun::column(int index) const {
  switch (sqlite3_column_type(stmt_, index)) {
    case SQLITE_INTEGER: return sqlite3_column_int64(stmt_, index);
    case SQLITE_FLOAT: return sqlite3_column_double(stmt_, index);
    case SQLITE_TEXT: {
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, index));
      return std::string(text, static_cast<size_t>(sqlite3_column_bytes(stmt_, index)));
    }
    case SQLITE_BLOB: {
      const auto* bytes = static_cast<const char*>(sqlite3_column_blob(stmt_, index));
      size_t size = static_cast<size_t>(sqlite3_column_bytes(stmt_, index));
      return SqlBlob{bytes == nullptr ? std::string() : std::string(bytes, size)};
    }
    default: return std::monostate{};
  }
}

StorageResult<SqlCursorData> SqlRun::run(std::string_view sql,
                                         std::span<const SqlValue> bindings) {
  const char* next = sql.data();
  const char* end = sql.data() + sql.size();
  for (;;) {
    const char* tail = nullptr;
    int rc = sqlite3_prepare_v3(db_, next, static_cast<int>(end - next), 0, &stmt_, &tail);
    if (rc != SQLITE_OK) return error(rc);
    // Comments or blanks where a statement should be, as workerd reports them.
    if (stmt_ == nullptr) return userError("SQL code did not contain a statement.");
    while (tail != end && std::isspace(static_cast<unsigned char>(*tail))) ++tail;
    if (tail == end) break;
    // Not the last statement: it runs now, without parameters, its rows discarded.
    if (sqlite3_bind_parameter_count(stmt_) != 0) {
      if (!containsStatement(tail, end)) return userError("SQL code did not contain a statement.");
      return userError(
          "When executing multiple SQL statements in a single call, only the last statement "
          "can have parameters.");
    }
    while ((rc = sqlite3_step(stmt_)) == SQLITE_ROW) {
    }
    if (rc != SQLITE_DONE) return error(rc);
    sqlite3_finalize(stmt_);
    stmt_ = nullptr;
    next = tail;
  }

  if (static_cast<size_t>(sqlite3_bind_parameter_count(stmt_)) != bindings.size()) {
    return userError("Wrong number of parameter bindings for SQL query.");
  }
  for (size_t i = 0; i < bindings.size(); ++i) {
    int rc = bind(static_cast<int>(i) + 1, bindings[i]);
    if (rc != SQLITE_OK) return error(rc);
  }
  SqlCursorData cursor;
  int columns = sqlite3_column_count(stmt_);
  for (int i = 0; i < columns; ++i) cursor.column_names.emplace_back(sqlite3_column_name(stmt_, i));
  int64_t changes_before = sqlite3_total_changes64(db_);
  int rc;
  while ((rc = sqlite3_step(stmt_)) == SQLITE_ROW) {
    std::vector<SqlValue>& row = cursor.rows.emplace_back();
    row.reserve(static_cast<size_t>(columns));
    for (int i = 0; i < columns; ++i) row.push_back(column(i));
  }
  if (rc != SQLITE_DONE) return error(rc);
  cursor.rows_written = sqlite3_total_changes64(db_) - changes_before;
  // workerd's SQLite counts every row a statement reads; Debian's cannot. Rows stepped over by
  // full scans, or at least the rows returned, is the nearest measure it offers.
  int64_t scanned = sqlite3_stmt_status(stmt_, SQLITE_STMTSTATUS_FULLSCAN_STEP, 0);
  cursor.rows_read = std::max<int64_t>(scanned, static_cast<int64_t>(cursor.rows.size()));
  return cursor;
}

StorageResult<SqlCursorData> ObjectStorage::exec(std::string_view sql,
                                                 std::span<const SqlValue> bindings) {
  // Whether or not the query writes, it runs inside the event's transaction: one snapshot of
  // the data for the whole event, and its writes committed with the others.
  StorageStatus begun = beginWrite();
  if (!begun.ok()) return begun.error();
  SqlRun run(*this);
  return run.run(sql, bindings);
}

StorageResult<int64_t> ObjectStorage::databaseSize() {
  Result<storage::Statement> stmt = db_.prepare(
      "SELECT ((SELECT * FROM pragma_page_count) - (SELECT * FROM pragma_freelist_count)) * "
      "(SELECT * FROM pragma_page_size)");
  if (!stmt.ok()) return failure("cannot measure the database");
  Result<bool> row = stmt->step();
  if (!row.ok() || !row.value()) return failure("cannot measure the database");
  int64_t bytes = stmt->columnInt(0);
  stmt->reset();
  return bytes;
}

}  // namespace edged::bindings::durable_objects
