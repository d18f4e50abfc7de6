#pragma once
// The translator behind translateQuery() (sql_translate.h), shared by sql_translate.cc (clauses,
// operators, names) and sql_translate_functions.cc (function calls).

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "edged/bindings/analytics_engine/sql_translate.h"
#include "sql_ast.h"

namespace edged::bindings::analytics_engine::sql {

// One translated expression.
struct Typed {
  std::string sql;
  ColumnType type = ColumnType::kNull;
  bool aggregate = false;  // contains an aggregate function
  // Refers to a column outside any aggregate and outside every GROUP BY key: an error in an
  // aggregating query, as in ClickHouse.
  bool loose = false;
  std::string loose_column;
  bool constant = false;          // a literal, now(), or built only from those
  const Expr* literal = nullptr;  // the string literal itself, for DateTime coercion
  // INTERVAL n UNIT: only meaningful next to a DateTime.
  bool interval = false;
  int64_t amount = 0;
  std::string unit;
};

// A name the query may use: a dataset column, or a subquery's result column.
struct ScopeColumn {
  std::string name;
  std::string sql;
  ColumnType type;
};

// What names mean while one SELECT is translated.
struct SelectContext {
  std::vector<ScopeColumn> columns;
  std::vector<std::pair<std::string, const Expr*>> aliases;
  std::set<std::string> group_keys;  // SQL of the GROUP BY expressions
  std::set<std::string> resolving;   // aliases being expanded (a cycle is an error)
};

struct SelectSql {
  std::string sql;
  std::vector<std::string> names;
  std::vector<ColumnType> types;
};

class Translator {
 public:
  explicit Translator(const TranslateOptions& options, std::string_view query)
      : options_(options), query_(query) {}

  std::optional<SelectSql> select(const Select& select);
  std::vector<SqlParameter> takeParams() { return std::move(params_); }
  const std::optional<Error>& error() const { return error_; }

  // sql_translate.cc
  Typed expr(const Expr& e);
  Typed fail(const Expr* at, std::string message);
  bool failed() const { return error_.has_value(); }
  // "?N" for the value bound for (node, slot): translating the same node twice (an alias used
  // in several clauses) reuses its parameter.
  std::string param(const Expr& at, SqlParameter value, int slot = 0);
  // A parameter of its own, for a value that comes from no node (the dataset's name).
  std::string freshParam(SqlParameter value);
  Typed finish(Typed t);
  Typed combine(std::string sql, ColumnType type, std::initializer_list<const Typed*> parts);
  Typed asDateTime(const Typed& value, const Expr& at);
  Typed shiftDateTime(const Typed& moment, const Typed& interval, int sign, const Expr& at);
  int64_t options_now() const { return options_.now_seconds; }

  // sql_translate_functions.cc
  Typed function(const Expr& e);

 private:
  Typed number(const Expr& e);
  Typed column(const Expr& e);
  Typed unary(const Expr& e);
  Typed binary(const Expr& e);
  Typed comparison(const Expr& e, const std::string& op, Typed left, Typed right);
  Typed interval(const Expr& e);
  Typed aggregate(const Expr& e, const std::string& name);
  Typed scalar(const Expr& e, const std::string& name);
  std::vector<Typed> arguments(const std::vector<ExprPtr>& args);

  const TranslateOptions& options_;
  std::string_view query_;
  std::map<std::pair<const Expr*, int>, int> param_index_;
  std::vector<SqlParameter> params_;
  std::optional<Error> error_;
  SelectContext* context_ = nullptr;
  int in_aggregate_ = 0;
  const char* aggregates_forbidden_in_ = nullptr;  // "WHERE", "GROUP BY", or null
  int subqueries_ = 0;
};

bool isNumeric(ColumnType type);
bool isInteger(ColumnType type);
// SQLite's quoting of an identifier: "name" with " doubled.
std::string quoteIdentifier(std::string_view name);

}  // namespace edged::bindings::analytics_engine::sql
