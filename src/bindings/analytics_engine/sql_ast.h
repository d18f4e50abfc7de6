#pragma once
// The parsed form of one Analytics Engine SQL statement (sql_parser.h builds it, sql_translate
// turns it into SQLite SQL). Names are kept as written; nothing here is resolved yet.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace edged::bindings::analytics_engine::sql {

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

struct Expr {
  enum class Kind {
    kNumber,    // text: as written
    kString,    // text: the value
    kNull,
    kBool,      // text: "true" or "false"
    kColumn,    // text: the name
    kStar,      // count(*)
    kFunction,  // text: the name; args; params for parametric calls: quantileWeighted(0.5)(x, w)
    kUnary,     // text: "-" or "NOT"; args[0]
    kBinary,    // text: the operator ("+", "=", "AND", …); args[0], args[1]
    kIn,        // args[0] IN (args[1..]); negated: NOT IN
    kBetween,   // args[0] BETWEEN args[1] AND args[2]; negated
    kLike,      // args[0] LIKE args[1]; negated; text: "LIKE" or "ILIKE"
    kIsNull,    // args[0] IS NULL; negated: IS NOT NULL
    kInterval,  // INTERVAL args[0] <text: unit, upper case, singular>
  };
  Kind kind;
  std::string text;
  std::vector<ExprPtr> args;
  std::vector<ExprPtr> params;
  bool has_params = false;
  bool negated = false;
  bool distinct = false;  // count(DISTINCT x)
  size_t offset = 0;      // where it starts in the query
};

struct SelectItem {
  ExprPtr expr;  // null for `*`
  std::optional<std::string> alias;
};

struct OrderItem {
  ExprPtr expr;
  bool descending = false;
};

struct Select {
  bool distinct = false;
  std::vector<SelectItem> items;
  std::optional<std::string> table;  // FROM <table>
  size_t table_offset = 0;
  std::unique_ptr<Select> subquery;  // FROM (<select>)
  ExprPtr where;
  std::vector<ExprPtr> group_by;
  ExprPtr having;
  std::vector<OrderItem> order_by;
  std::optional<int64_t> limit;
  std::optional<int64_t> offset;
};

struct Statement {
  enum class Kind { kSelect, kShowTables, kShowTimezone, kShowTimezones };
  Kind kind = Kind::kSelect;
  std::unique_ptr<Select> select;
  std::optional<std::string> format;  // FORMAT <name> as written
};

}  // namespace edged::bindings::analytics_engine::sql
