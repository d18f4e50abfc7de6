#include "edged/storage/statement.h"

#include <utility>

#include "edged/storage/database.h"

namespace edged::storage {

Statement::Statement(Statement&& other) noexcept
    : stmt_(std::exchange(other.stmt_, nullptr)),
      stepped_(other.stepped_),
      bind_error_(other.bind_error_) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    stmt_ = std::exchange(other.stmt_, nullptr);
    stepped_ = other.stepped_;
    bind_error_ = other.bind_error_;
  }
  return *this;
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

// A statement that was stepped must be reset before new values can be bound.
void Statement::prepareToBind() {
  if (stepped_) reset();
}

void Statement::keepBindError(int rc) {
  if (rc != SQLITE_OK && bind_error_ == SQLITE_OK) bind_error_ = rc;
}

Statement& Statement::bind(int index, int64_t value) {
  prepareToBind();
  keepBindError(sqlite3_bind_int64(stmt_, index, value));
  return *this;
}

Statement& Statement::bind(int index, double value) {
  prepareToBind();
  keepBindError(sqlite3_bind_double(stmt_, index, value));
  return *this;
}

// SQLITE_TRANSIENT: SQLite copies the bytes, so callers may pass temporaries.
Statement& Statement::bind(int index, std::string_view text) {
  prepareToBind();
  keepBindError(
      sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
  return *this;
}

Statement& Statement::bindBlob(int index, std::span<const uint8_t> bytes) {
  prepareToBind();
  // A non-null pointer for empty blobs: SQLite binds NULL for a null pointer.
  static constexpr uint8_t kEmpty = 0;
  keepBindError(sqlite3_bind_blob64(stmt_, index, bytes.empty() ? &kEmpty : bytes.data(),
                                    bytes.size(), SQLITE_TRANSIENT));
  return *this;
}

Statement& Statement::bindNull(int index) {
  prepareToBind();
  keepBindError(sqlite3_bind_null(stmt_, index));
  return *this;
}

Result<bool> Statement::step() {
  sqlite3* db = sqlite3_db_handle(stmt_);
  if (bind_error_ != SQLITE_OK) {
    int rc = bind_error_;
    reset();
    return makeError(std::string("cannot bind a parameter of \"") + sqlite3_sql(stmt_) +
                     "\": " + sqlite3_errstr(rc));
  }
  stepped_ = true;
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) {
    reset();
    return false;
  }
  Error error = sqliteError(db, std::string("cannot run \"") + sqlite3_sql(stmt_) + "\"");
  reset();
  return error;
}

Status Statement::run() {
  for (;;) {
    Result<bool> row = step();
    if (!row.ok()) return row.error();
    if (!row.value()) return Ok{};
  }
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  stepped_ = false;
  bind_error_ = SQLITE_OK;
}

int Statement::columnCount() const { return sqlite3_column_count(stmt_); }

bool Statement::columnIsNull(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

int64_t Statement::columnInt(int column) const { return sqlite3_column_int64(stmt_, column); }

double Statement::columnDouble(int column) const { return sqlite3_column_double(stmt_, column); }

// The text pointer must be fetched before the length (sqlite3_column_bytes after the value).
std::string_view Statement::columnText(int column) const {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  if (text == nullptr) return {};
  return {text, static_cast<size_t>(sqlite3_column_bytes(stmt_, column))};
}

std::span<const uint8_t> Statement::columnBlob(int column) const {
  const auto* bytes = static_cast<const uint8_t*>(sqlite3_column_blob(stmt_, column));
  if (bytes == nullptr) return {};
  return {bytes, static_cast<size_t>(sqlite3_column_bytes(stmt_, column))};
}

std::string_view Statement::sql() const { return sqlite3_sql(stmt_); }

}  // namespace edged::storage
