#pragma once
// A prepared SQLite statement (RAII over sqlite3_stmt) with typed bind/step/column.
//
//   auto stmt = db.prepare("SELECT body FROM entries WHERE url = ?");
//   stmt->bind(1, url);
//   while (auto row = stmt->step(); row.ok() && row.value()) use(stmt->columnBlob(0));
//
// Binding errors (a value too big, out of memory) are kept and reported by the next step(), so
// binds chain without a check each. Binding again after stepping resets the statement first, so
// a prepared statement is simply re-bound to be reused. step() resets the statement once it
// returns "no more rows"; a caller that stops early calls reset(), which also ends the read
// transaction the statement holds (an open reader keeps WAL checkpoints from completing).
// Column values are valid until the next step() or reset().

#include <sqlite3.h>

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "edged/util/result.h"

namespace edged::storage {

class Statement {
 public:
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Parameters are numbered from 1, as in SQLite.
  Statement& bind(int index, int64_t value);
  Statement& bind(int index, int value) { return bind(index, static_cast<int64_t>(value)); }
  Statement& bind(int index, double value);
  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
  Statement& bindBlob(int index, std::span<const uint8_t> bytes);
  Statement& bindNull(int index);

  // Advances to the next row: true when a row is available, false when done.
  Result<bool> step();
  // Steps to completion; for statements that return no rows.
  Status run();
  // Back to the start, bindings cleared.
  void reset();

  int columnCount() const;
  bool columnIsNull(int column) const;
  int64_t columnInt(int column) const;
  double columnDouble(int column) const;
  std::string_view columnText(int column) const;
  std::span<const uint8_t> columnBlob(int column) const;

  std::string_view sql() const;

 private:
  friend class Database;
  explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}
  void prepareToBind();
  void keepBindError(int rc);

  sqlite3_stmt* stmt_ = nullptr;
  bool stepped_ = false;
  int bind_error_ = SQLITE_OK;
};

}  // namespace edged::storage
