#pragma once
// One D1 query run against SQLite: its statements compiled and stepped one after the other
// (workerd's SqlStorage::exec, which D1 runs on), only the last allowed parameters and only the
// last's rows kept, with D1's meta measured around it.
#include <sqlite3.h>

#include "edged/bindings/d1/local_database.h"

namespace edged::bindings::d1 {

class QueryRun {
 public:
  explicit QueryRun(LocalDatabase& database);
  ~QueryRun();
  QueryRun(const QueryRun&) = delete;
  QueryRun& operator=(const QueryRun&) = delete;

  // The rows and counts of `query`; size_after and duration are the caller's to fill.
  Result<QueryResult> run(const Query& query);

 private:
  Error error(int code) const;
  int bind(int index, const Value& value);
  Value column(int index) const;

  LocalDatabase& database_;
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

}  // namespace edged::bindings::d1
