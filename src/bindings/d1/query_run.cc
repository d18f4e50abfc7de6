#include "query_run.h"

#include <algorithm>
#include <cctype>

// D1 runs on the SQLite engine of Durable Objects: the same authorizer and error texts.
#include "../durable_objects/sql_authorizer.h"
#include "../durable_objects/sql_errors.h"

namespace edged::bindings::d1 {
namespace {

bool isBlank(const char* begin, const char* end) {
  return std::all_of(begin, end, [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
}

}  // namespace

QueryRun::QueryRun(LocalDatabase& database) : database_(database), db_(database.db_.handle()) {
  database_.user_sql_ = true;
  database_.refused_transaction_ = false;
}

QueryRun::~QueryRun() {
  sqlite3_finalize(stmt_);
  database_.user_sql_ = false;
}

Error QueryRun::error(int code) const {
  if (database_.refused_transaction_) {
    return makeError(durable_objects::kTransactionStatementMessage);
  }
  return makeError(durable_objects::sqlErrorMessage(db_, code));
}

int QueryRun::bind(int index, const Value& value) {
  if (const auto* number = std::get_if<int64_t>(&value)) {
    return sqlite3_bind_int64(stmt_, index, *number);
  }
  if (const auto* number = std::get_if<double>(&value)) {
    return sqlite3_bind_double(stmt_, index, *number);
  }
  if (const auto* text = std::get_if<std::string>(&value)) {
    return sqlite3_bind_text64(stmt_, index, text->data(), text->size(), SQLITE_TRANSIENT,
                               SQLITE_UTF8);
  }
  if (const auto* blob = std::get_if<Blob>(&value)) {
    // A non-null pointer for an empty blob: SQLite binds NULL for a null pointer.
    static constexpr uint8_t kEmpty = 0;
    return sqlite3_bind_blob64(stmt_, index, blob->bytes.empty() ? &kEmpty : blob->bytes.data(),
                               blob->bytes.size(), SQLITE_TRANSIENT);
  }
  return sqlite3_bind_null(stmt_, index);
}

Value QueryRun::column(int index) const {
  switch (sqlite3_column_type(stmt_, index)) {
    case SQLITE_INTEGER: return sqlite3_column_int64(stmt_, index);
    case SQLITE_FLOAT: return sqlite3_column_double(stmt_, index);
    case SQLITE_TEXT: {
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, index));
      return std::string(text, static_cast<size_t>(sqlite3_column_bytes(stmt_, index)));
    }
    case SQLITE_BLOB: {
      const auto* bytes = static_cast<const uint8_t*>(sqlite3_column_blob(stmt_, index));
      size_t size = static_cast<size_t>(sqlite3_column_bytes(stmt_, index));
      return Blob{bytes == nullptr ? std::vector<uint8_t>() : std::vector<uint8_t>(bytes, bytes + size)};
    }
    default: return std::monostate{};
  }
}

Result<QueryResult> QueryRun::run(const Query& query) {
  QueryResult result;
  int64_t changes_before = sqlite3_total_changes64(db_);
  int64_t rows_read = 0;
  const char* next = query.sql.data();
  const char* end = next + query.sql.size();
  for (;;) {
    const char* tail = nullptr;
    int rc = sqlite3_prepare_v3(db_, next, static_cast<int>(end - next), 0, &stmt_, &tail);
    if (rc != SQLITE_OK) return error(rc);
    if (stmt_ == nullptr) {
      // Only blanks or comments left: the previous statement was the last.
      if (next == query.sql.data()) return makeError("No SQL statements detected.");
      break;
    }
    bool last = tail == end || isBlank(tail, end);
    if (!last) {
      // Not the last statement: it runs now, without parameters, its rows discarded. A tail
      // of comments only does not count as a statement.
      sqlite3_stmt* probe = nullptr;
      int probe_rc = sqlite3_prepare_v3(db_, tail, static_cast<int>(end - tail), 0, &probe, nullptr);
      sqlite3_finalize(probe);
      last = probe_rc == SQLITE_OK && probe == nullptr;
    }
    if (last) {
      if (static_cast<size_t>(sqlite3_bind_parameter_count(stmt_)) != query.params.size()) {
        return makeError("Wrong number of parameter bindings for SQL query.");
      }
      for (size_t i = 0; i < query.params.size(); ++i) {
        rc = bind(static_cast<int>(i) + 1, query.params[i]);
        if (rc != SQLITE_OK) return error(rc);
      }
      int columns = sqlite3_column_count(stmt_);
      for (int i = 0; i < columns; ++i) result.columns.emplace_back(sqlite3_column_name(stmt_, i));
      while ((rc = sqlite3_step(stmt_)) == SQLITE_ROW) {
        std::vector<Value>& row = result.rows.emplace_back();
        row.reserve(static_cast<size_t>(columns));
        for (int i = 0; i < columns; ++i) row.push_back(column(i));
      }
      if (rc != SQLITE_DONE) return error(rc);
    } else {
      if (sqlite3_bind_parameter_count(stmt_) != 0) {
        return makeError(
            "When executing multiple SQL statements in a single call, only the last statement "
            "can have parameters.");
      }
      while ((rc = sqlite3_step(stmt_)) == SQLITE_ROW) {
      }
      if (rc != SQLITE_DONE) return error(rc);
    }
    // SQLite counts rows stepped over by full scans; rows returned are read at least once.
    rows_read += sqlite3_stmt_status(stmt_, SQLITE_STMTSTATUS_FULLSCAN_STEP, 0);
    sqlite3_finalize(stmt_);
    stmt_ = nullptr;
    if (last) break;
    next = tail;
  }
  result.meta.changes = sqlite3_total_changes64(db_) - changes_before;
  result.meta.rows_written = result.meta.changes;
  result.meta.rows_read = std::max<int64_t>(rows_read, static_cast<int64_t>(result.rows.size()));
  result.meta.last_row_id = sqlite3_last_insert_rowid(db_);
  return result;
}

}  // namespace edged::bindings::d1
