#include "sql_authorizer.h"

#include <sqlite3.h>
#include <strings.h>

#include <algorithm>
#include <iterator>
#include <string_view>

namespace edged::bindings::durable_objects {
namespace {

// workerd's ALLOWED_SQLITE_FUNCTIONS: core, date, aggregate, window, math, JSON, FTS5 and the
// functions ALTER TABLE runs internally. Functions that reveal build details are left out.
constexpr std::string_view kAllowedFunctions[] = {
    "abs", "changes", "char", "coalesce", "concat", "concat_ws", "format", "glob", "hex",
    "ifnull", "iif", "instr", "last_insert_rowid", "length", "like", "likelihood", "likely",
    "lower", "ltrim", "max", "min", "nullif", "octet_length", "printf", "quote", "random",
    "randomblob", "replace", "round", "rtrim", "sign", "soundex", "substr", "substring",
    "total_changes", "trim", "typeof", "unhex", "unicode", "unlikely", "upper", "zeroblob",
    // dates
    "date", "time", "datetime", "julianday", "unixepoch", "strftime", "current_date",
    "current_time", "current_timestamp",
    // aggregates and window functions
    "avg", "count", "group_concat", "string_agg", "sum", "total", "row_number", "rank",
    "dense_rank", "percent_rank", "cume_dist", "ntile", "lag", "lead", "first_value",
    "last_value", "nth_value",
    // math
    "acos", "acosh", "asin", "asinh", "atan", "atan2", "atanh", "ceil", "ceiling", "cos", "cosh",
    "degrees", "exp", "floor", "ln", "log", "log10", "log2", "mod", "pi", "pow", "power",
    "radians", "sin", "sinh", "sqrt", "tan", "tanh", "trunc",
    // JSON
    "json", "json_array", "json_array_length", "json_extract", "->", "->>", "json_insert",
    "json_object", "json_patch", "json_remove", "json_replace", "json_set", "json_type",
    "json_valid", "json_quote", "json_group_array", "json_group_object", "json_each",
    "json_tree",
    // full-text search, R*Tree
    "match", "highlight", "bm25", "snippet", "rtreecheck",
    // run by ALTER TABLE itself
    "sqlite_rename_column", "sqlite_rename_table", "sqlite_rename_test", "sqlite_drop_column",
    "sqlite_rename_quotefix",
};

enum class PragmaArgument { kNone, kBoolean, kObjectName };

struct AllowedPragma {
  std::string_view name;
  PragmaArgument argument;
};

constexpr AllowedPragma kAllowedPragmas[] = {
    {"data_version", PragmaArgument::kNone},
    {"case_sensitive_like", PragmaArgument::kBoolean},
    {"foreign_keys", PragmaArgument::kBoolean},
    {"defer_foreign_keys", PragmaArgument::kBoolean},
    {"ignore_check_constraints", PragmaArgument::kBoolean},
    {"recursive_triggers", PragmaArgument::kBoolean},
    {"reverse_unordered_selects", PragmaArgument::kBoolean},
    {"foreign_key_check", PragmaArgument::kObjectName},
    {"foreign_key_list", PragmaArgument::kObjectName},
    {"index_info", PragmaArgument::kObjectName},
    {"index_list", PragmaArgument::kObjectName},
    {"index_xinfo", PragmaArgument::kObjectName},
    {"table_info", PragmaArgument::kObjectName},
    {"table_xinfo", PragmaArgument::kObjectName},
};

bool isAllowedName(const char* name) {
  return name == nullptr || std::string_view(name).substr(0, 4) != "_cf_";
}

bool equalsIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

bool isBooleanArgument(std::string_view value) {
  if (value.size() >= 2 && (value.front() == '\'' || value.front() == '"') &&
      value.back() == value.front()) {
    value = value.substr(1, value.size() - 2);
  }
  for (std::string_view word : {"true", "false", "yes", "no", "on", "off", "1", "0"}) {
    if (equalsIgnoringCase(value, word)) return true;
  }
  return false;
}

bool isAllowedPragma(const char* name, const char* argument) {
  if (name == nullptr) return false;
  if (equalsIgnoringCase(name, "table_list")) return true;
  for (const AllowedPragma& pragma : kAllowedPragmas) {
    if (!equalsIgnoringCase(name, pragma.name)) continue;
    switch (pragma.argument) {
      case PragmaArgument::kNone: return argument == nullptr;
      case PragmaArgument::kBoolean: return argument == nullptr || isBooleanArgument(argument);
      case PragmaArgument::kObjectName: return argument != nullptr && isAllowedName(argument);
    }
  }
  return false;
}

bool isAllowedFunction(const char* name) {
  if (name == nullptr) return false;
  return std::any_of(std::begin(kAllowedFunctions), std::end(kAllowedFunctions),
                     [&](std::string_view allowed) { return equalsIgnoringCase(name, allowed); });
}

SqlVerdict verdict(bool allowed) { return allowed ? SqlVerdict::kAllowed : SqlVerdict::kDenied; }

}  // namespace

SqlVerdict authorizeUserSql(int action, const char* first, const char* second,
                            const char* database) {
  if (database != nullptr && std::string_view(database) == "temp") {
    // The temporary database is only read (by SQLite itself, e.g. for sqlite_temp_schema).
    return verdict((action == SQLITE_READ || action == SQLITE_UPDATE) && isAllowedName(first));
  }
  if (database != nullptr && std::string_view(database) != "main") return SqlVerdict::kDenied;
  switch (action) {
    case SQLITE_SELECT:
    case SQLITE_RECURSIVE:
      return SqlVerdict::kAllowed;
    case SQLITE_CREATE_TABLE:
    case SQLITE_DELETE:
    case SQLITE_DROP_TABLE:
    case SQLITE_INSERT:
    case SQLITE_ANALYZE:
    case SQLITE_CREATE_VIEW:
    case SQLITE_DROP_VIEW:
    case SQLITE_REINDEX:
    case SQLITE_READ:
    case SQLITE_UPDATE:
      return verdict(isAllowedName(first));
    case SQLITE_ALTER_TABLE:
      return verdict(isAllowedName(second));
    case SQLITE_CREATE_INDEX:
    case SQLITE_DROP_INDEX:
    case SQLITE_CREATE_TRIGGER:
    case SQLITE_DROP_TRIGGER:
      return verdict(isAllowedName(first) && isAllowedName(second));
    case SQLITE_TRANSACTION:
    case SQLITE_SAVEPOINT:
      return SqlVerdict::kDeniedTransaction;
    case SQLITE_PRAGMA:
      return verdict(isAllowedPragma(first, second));
    case SQLITE_FUNCTION:
      return verdict(isAllowedFunction(second));
    case SQLITE_CREATE_VTABLE:
    case SQLITE_DROP_VTABLE:
      return verdict(isAllowedName(first) && second != nullptr &&
                     (std::string_view(second) == "fts5" || std::string_view(second) == "rtree"));
    default:
      // ATTACH, DETACH, temporary tables, indexes, triggers and views, and anything newer.
      return SqlVerdict::kDenied;
  }
}

}  // namespace edged::bindings::durable_objects
