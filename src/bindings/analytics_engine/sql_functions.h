#pragma once
// SQLite functions the translated queries call where SQLite has no equivalent of a ClickHouse
// function: edged_quantile_weighted(level, value, weight), ClickHouse's quantileExactWeighted
// (the smallest value whose cumulative weight reaches level × total weight).

#include <sqlite3.h>

#include "edged/util/result.h"

namespace edged::bindings::analytics_engine {

Status registerSqlFunctions(sqlite3* db);

}  // namespace edged::bindings::analytics_engine
