#pragma once
// Cloudflare's Analytics Engine SQL dialect (a ClickHouse subset) translated to SQLite SQL over
// the local point table (point_store.h). The query is tokenized and parsed into a tree
// (src/.../sql_parser.h); every name is resolved against the dataset's columns or the query's
// aliases and every literal becomes a bound parameter, so no text of the query is ever pasted
// into the SQL that runs. What the dialect has and SQLite lacks (DateTime, INTERVAL, weighted
// quantiles, ClickHouse's result types) is translated here or provided by sql_functions.h.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "edged/util/result.h"

namespace edged::bindings::analytics_engine {

// ClickHouse's types, as the JSON format's "meta" names them. DateTime values are seconds since
// the epoch in SQLite and formatted "YYYY-MM-DD hh:mm:ss" (UTC) on output.
enum class ColumnType { kString, kFloat64, kUInt8, kUInt16, kUInt32, kUInt64, kInt64, kDateTime, kNull };
std::string_view columnTypeName(ColumnType type);

enum class OutputFormat { kJson, kJsonEachRow, kTabSeparated };

using SqlParameter = std::variant<int64_t, double, std::string>;

struct TranslatedQuery {
  enum class Kind { kSelect, kShowTables, kShowTimezone, kShowTimezones };
  Kind kind = Kind::kSelect;
  std::string sql;                    // kSelect: SQLite SQL with ?N parameters
  std::vector<SqlParameter> params;   // ?1, ?2, …
  std::vector<std::string> column_names;
  std::vector<ColumnType> column_types;
  OutputFormat format = OutputFormat::kJson;  // Cloudflare's default
};

struct TranslateOptions {
  int64_t now_seconds = 0;  // what now() returns
  // True when `name` is a dataset that has been written to (a table SHOW TABLES lists).
  std::function<bool(const std::string&)> dataset_exists;
};

// The query translated, or a message saying what is wrong and where (for the 422 answer).
Result<TranslatedQuery> translateQuery(std::string_view query, const TranslateOptions& options);

// "2024-01-02 03:04:05" (UTC) for `seconds`.
std::string formatDateTime(int64_t seconds);
// Seconds since the epoch for "YYYY-MM-DD[ hh:mm:ss]" or ISO 8601 with T and Z, UTC.
std::optional<int64_t> parseDateTime(std::string_view text);

}  // namespace edged::bindings::analytics_engine
