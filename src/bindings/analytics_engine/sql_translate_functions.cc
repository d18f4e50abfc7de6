// Function calls of the Analytics Engine SQL dialect (Cloudflare's SQL reference: aggregate,
// date-time, conditional, string and type-conversion functions), each translated to SQLite.
// Names are matched without regard to case.

#include <fmt/format.h>

#include <strings.h>

#include "sql_translator.h"

namespace edged::bindings::analytics_engine::sql {
namespace {

bool is(const std::string& name, const char* candidate) { return strcasecmp(name.c_str(), candidate) == 0; }

template <typename... Names>
bool isAny(const std::string& name, Names... candidates) {
  return (is(name, candidates) || ...);
}

bool isAggregateName(const std::string& name) {
  return isAny(name, "count", "countIf", "uniq", "uniqExact", "sum", "sumIf", "avg", "avgIf", "min",
               "max", "minIf", "maxIf", "quantile", "quantileExact", "median", "quantileWeighted",
               "quantileExactWeighted");
}

// The result type of sum(): Float64 stays, integers widen to 64 bits.
ColumnType sumType(ColumnType type) {
  if (type == ColumnType::kFloat64 || type == ColumnType::kNull) return ColumnType::kFloat64;
  return type == ColumnType::kInt64 ? ColumnType::kInt64 : ColumnType::kUInt64;
}

}  // namespace

Typed Translator::function(const Expr& e) {
  if (isAggregateName(e.text)) return aggregate(e, e.text);
  if (e.has_params) return fail(&e, fmt::format("{}() takes no parameters", e.text));
  if (e.distinct) return fail(&e, fmt::format("DISTINCT is only allowed in count()"));
  return scalar(e, e.text);
}

Typed Translator::aggregate(const Expr& e, const std::string& name) {
  if (aggregates_forbidden_in_ != nullptr) {
    return fail(&e, fmt::format("aggregate function {}() is not allowed in {}", name,
                                aggregates_forbidden_in_));
  }
  if (in_aggregate_ > 0) return fail(&e, "aggregate function calls cannot be nested");
  auto arity = [&](size_t n) {
    if (e.args.size() == n) return true;
    fail(&e, fmt::format("{}() takes {} argument{}", name, n, n == 1 ? "" : "s"));
    return false;
  };
  ++in_aggregate_;
  struct Leave {
    int& depth;
    ~Leave() { --depth; }
  } leave{in_aggregate_};

  Typed t;
  t.aggregate = true;
  if (is(name, "count")) {
    if (e.args.empty() || (e.args.size() == 1 && e.args[0]->kind == Expr::Kind::kStar)) {
      t.sql = "COUNT(*)";
    } else if (arity(1)) {
      Typed value = expr(*e.args[0]);
      t.sql = (e.distinct ? "COUNT(DISTINCT " : "COUNT(") + value.sql + ")";
    }
    t.type = ColumnType::kUInt64;
    return t;
  }
  if (e.distinct) return fail(&e, "DISTINCT is only allowed in count()");
  if (isAny(name, "uniq", "uniqExact")) {
    if (arity(1)) t.sql = "COUNT(DISTINCT " + expr(*e.args[0]).sql + ")";
    t.type = ColumnType::kUInt64;
    return t;
  }
  if (is(name, "countIf")) {
    if (arity(1)) t.sql = "COUNT(CASE WHEN " + expr(*e.args[0]).sql + " THEN 1 END)";
    t.type = ColumnType::kUInt64;
    return t;
  }
  bool conditional = isAny(name, "sumIf", "avgIf", "minIf", "maxIf");
  if (isAny(name, "sum", "avg", "min", "max") || conditional) {
    if (!arity(conditional ? 2 : 1)) return t;
    Typed value = expr(*e.args[0]);
    if (failed()) return {};
    std::string operand = value.sql;
    if (conditional) operand = "CASE WHEN " + expr(*e.args[1]).sql + " THEN " + value.sql + " END";
    bool numeric = isNumeric(value.type) || value.type == ColumnType::kNull;
    if (isAny(name, "sum", "sumIf")) {
      if (!numeric) return fail(&e, fmt::format("{}() needs a number, got {}", name, columnTypeName(value.type)));
      t.sql = "COALESCE(SUM(" + operand + "), 0)";
      t.type = sumType(value.type);
    } else if (isAny(name, "avg", "avgIf")) {
      if (!numeric) return fail(&e, fmt::format("{}() needs a number, got {}", name, columnTypeName(value.type)));
      t.sql = "AVG(" + operand + ")";
      t.type = ColumnType::kFloat64;
    } else {
      t.sql = (isAny(name, "min", "minIf") ? "MIN(" : "MAX(") + operand + ")";
      t.type = value.type;
    }
    return t;
  }
  // quantileWeighted(level)(value, weight) as ClickHouse writes it, or quantileWeighted(level,
  // value, weight) as Cloudflare's reference does; quantile(level)(value) and median(value)
  // weigh every row 1.
  bool weighted = isAny(name, "quantileWeighted", "quantileExactWeighted");
  std::vector<const Expr*> args;
  for (const ExprPtr& p : e.params) args.push_back(p.get());
  for (const ExprPtr& a : e.args) args.push_back(a.get());
  const Expr* level = nullptr;
  if (is(name, "median")) {
    if (e.has_params || args.size() != 1) return fail(&e, "median() takes 1 argument");
  } else {
    size_t expected = weighted ? 3 : 2;
    if (args.size() != expected) {
      return fail(&e, fmt::format("{}() takes a level and {}", name,
                                  weighted ? "a value and a weight" : "a value"));
    }
    level = args.front();
    args.erase(args.begin());
  }
  std::string level_sql = "0.5";
  if (level != nullptr) {
    --in_aggregate_;
    Typed l = expr(*level);
    ++in_aggregate_;
    if (!failed() && (!l.constant || !isNumeric(l.type))) {
      return fail(level, fmt::format("the level of {}() must be a number from 0 to 1", name));
    }
    level_sql = l.sql;
  }
  Typed value = expr(*args[0]);
  if (!failed() && !isNumeric(value.type)) return fail(&e, fmt::format("{}() needs a number", name));
  std::string weight = "1";
  if (weighted) weight = expr(*args[1]).sql;
  t.sql = fmt::format("edged_quantile_weighted({}, {}, {})", level_sql, value.sql, weight);
  t.type = ColumnType::kFloat64;
  return t;
}

Typed Translator::scalar(const Expr& e, const std::string& name) {
  auto arity = [&](size_t low, size_t high) {
    if (e.args.size() >= low && e.args.size() <= high) return true;
    fail(&e, low == high ? fmt::format("{}() takes {} argument{}", name, low, low == 1 ? "" : "s")
                         : fmt::format("{}() takes {} to {} arguments", name, low, high));
    return false;
  };
  if (is(name, "now")) {
    if (!arity(0, 0)) return {};
    Typed t;
    t.sql = param(e, options_now());
    t.type = ColumnType::kDateTime;
    t.constant = true;
    return t;
  }
  if (!arity(1, 64)) return {};
  std::vector<Typed> a = arguments(e.args);
  if (failed()) return {};
  if (is(name, "if")) {
    if (!arity(3, 3)) return {};
    ColumnType type = a[1].type == ColumnType::kNull ? a[2].type : a[1].type;
    return combine(fmt::format("(CASE WHEN {} THEN {} ELSE {} END)", a[0].sql, a[1].sql, a[2].sql),
                   type, {&a[0], &a[1], &a[2]});
  }
  if (is(name, "toDateTime")) {
    if (!arity(1, 1)) return {};
    return asDateTime(a[0], *e.args[0]);
  }
  if (is(name, "toUnixTimestamp")) {
    if (!arity(1, 1)) return {};
    Typed t = asDateTime(a[0], *e.args[0]);
    t.type = ColumnType::kUInt32;
    return t;
  }
  // toStartOf…(): the start of the interval a moment falls in, intervals counted from the
  // epoch (weeks from a Monday, as ClickHouse's toMonday).
  int64_t width = 0;
  if (is(name, "toStartOfMinute")) width = 60;
  else if (is(name, "toStartOfFiveMinutes") || is(name, "toStartOfFiveMinute")) width = 300;
  else if (is(name, "toStartOfTenMinutes")) width = 600;
  else if (is(name, "toStartOfFifteenMinutes")) width = 900;
  else if (is(name, "toStartOfHour")) width = 3600;
  else if (is(name, "toStartOfDay")) width = 86400;
  if (width != 0 || is(name, "toStartOfInterval") || is(name, "toStartOfMonth") ||
      is(name, "toStartOfYear") || is(name, "toMonday")) {
    if (!arity(is(name, "toStartOfInterval") ? 2 : 1, is(name, "toStartOfInterval") ? 2 : 1)) return {};
    Typed moment = asDateTime(a[0], *e.args[0]);
    std::string calendar;
    if (is(name, "toMonday")) width = 7 * 86400;
    if (is(name, "toStartOfMonth")) calendar = "start of month";
    if (is(name, "toStartOfYear")) calendar = "start of year";
    if (is(name, "toStartOfInterval")) {
      const Typed& iv = a[1];
      if (!iv.interval || iv.amount <= 0) return fail(&e, "toStartOfInterval() needs a positive INTERVAL");
      if (iv.unit == "SECOND") width = iv.amount;
      else if (iv.unit == "MINUTE") width = iv.amount * 60;
      else if (iv.unit == "HOUR") width = iv.amount * 3600;
      else if (iv.unit == "DAY") width = iv.amount * 86400;
      else if (iv.unit == "WEEK") width = iv.amount * 7 * 86400;
      else if (iv.unit == "MONTH" && iv.amount == 1) calendar = "start of month";
      else if (iv.unit == "YEAR" && iv.amount == 1) calendar = "start of year";
      else return fail(&e, "toStartOfInterval() supports MONTH and YEAR intervals of 1 only");
    }
    if (!calendar.empty()) {
      return combine(fmt::format("CAST(strftime('%s', {}, 'unixepoch', '{}') AS INTEGER)",
                                 moment.sql, calendar),
                     ColumnType::kDateTime, {&moment});
    }
    // 1970-01-05 was a Monday: week-long buckets start there.
    int64_t origin = width % (7 * 86400) == 0 ? 4 * 86400 : 0;
    std::string w = param(e, width, 3);
    std::string o = param(e, origin, 4);
    return combine(fmt::format("((({} - {}) / {}) * {} + {})", moment.sql, o, w, w, o),
                   ColumnType::kDateTime, {&moment});
  }
  if (is(name, "toString")) {
    if (!arity(1, 1)) return {};
    std::string sql = a[0].type == ColumnType::kDateTime
                          ? "strftime('%Y-%m-%d %H:%M:%S', " + a[0].sql + ", 'unixepoch')"
                          : "CAST(" + a[0].sql + " AS TEXT)";
    return combine(sql, ColumnType::kString, {&a[0]});
  }
  if (isAny(name, "toFloat64", "toFloat32")) {
    if (!arity(1, 1)) return {};
    return combine("CAST(" + a[0].sql + " AS REAL)", ColumnType::kFloat64, {&a[0]});
  }
  if (isAny(name, "toInt64", "toInt32", "toUInt64", "toUInt32", "toUInt8")) {
    if (!arity(1, 1)) return {};
    ColumnType type = is(name, "toUInt32") ? ColumnType::kUInt32
                    : is(name, "toUInt8") ? ColumnType::kUInt8
                    : is(name, "toUInt64") ? ColumnType::kUInt64 : ColumnType::kInt64;
    return combine("CAST(" + a[0].sql + " AS INTEGER)", type, {&a[0]});
  }
  bool numeric_args = true;
  for (const Typed& t : a) numeric_args = numeric_args && isNumeric(t.type);
  if (isAny(name, "intDiv", "round", "abs")) {
    if (!numeric_args) return fail(&e, fmt::format("{}() needs numbers", name));
    if (is(name, "intDiv")) {
      if (!arity(2, 2)) return {};
      return combine(fmt::format("CAST({} / {} AS INTEGER)", a[0].sql, a[1].sql), ColumnType::kInt64,
                     {&a[0], &a[1]});
    }
    if (is(name, "abs")) {
      if (!arity(1, 1)) return {};
      return combine("ABS(" + a[0].sql + ")", a[0].type, {&a[0]});
    }
    if (!arity(1, 2)) return {};
    std::string digits = a.size() == 2 ? a[1].sql : "0";
    Typed t = a.size() == 2 ? combine({}, ColumnType::kFloat64, {&a[0], &a[1]})
                            : combine({}, ColumnType::kFloat64, {&a[0]});
    return combine(fmt::format("ROUND({}, {})", a[0].sql, digits), a[0].type, {&t});
  }
  bool string_args = true;
  for (const Typed& t : a) string_args = string_args && t.type == ColumnType::kString;
  if (isAny(name, "lower", "upper", "lowerUTF8", "upperUTF8", "length")) {
    if (!arity(1, 1)) return {};
    if (!string_args) return fail(&e, fmt::format("{}() needs a String", name));
    if (is(name, "length")) {
      return combine("LENGTH(CAST(" + a[0].sql + " AS BLOB))", ColumnType::kUInt64, {&a[0]});
    }
    return combine((isAny(name, "lower", "lowerUTF8") ? "LOWER(" : "UPPER(") + a[0].sql + ")",
                   ColumnType::kString, {&a[0]});
  }
  if (is(name, "concat")) {
    std::string sql;
    Typed all = combine({}, ColumnType::kString, {});
    for (const Typed& t : a) {
      std::string part = t.type == ColumnType::kDateTime
                             ? "strftime('%Y-%m-%d %H:%M:%S', " + t.sql + ", 'unixepoch')"
                             : "CAST(" + t.sql + " AS TEXT)";
      sql += (sql.empty() ? "" : " || ") + part;
      all = combine({}, ColumnType::kString, {&all, &t});
    }
    return combine("(" + sql + ")", ColumnType::kString, {&all});
  }
  if (isAny(name, "substring", "substr", "startsWith", "endsWith", "position")) {
    if (a[0].type != ColumnType::kString) return fail(&e, fmt::format("{}() needs a String", name));
    if (isAny(name, "substring", "substr")) {
      if (!arity(2, 3)) return {};
      std::string sql = a.size() == 3 ? fmt::format("SUBSTR({}, {}, {})", a[0].sql, a[1].sql, a[2].sql)
                                      : fmt::format("SUBSTR({}, {})", a[0].sql, a[1].sql);
      Typed rest = a.size() == 3 ? combine({}, ColumnType::kString, {&a[1], &a[2]})
                                 : combine({}, ColumnType::kString, {&a[1]});
      return combine(sql, ColumnType::kString, {&a[0], &rest});
    }
    if (!arity(2, 2)) return {};
    if (a[1].type != ColumnType::kString) return fail(&e, fmt::format("{}() needs Strings", name));
    std::string sql;
    ColumnType type = ColumnType::kUInt8;
    if (is(name, "startsWith")) sql = fmt::format("(SUBSTR({0}, 1, LENGTH({1})) = {1})", a[0].sql, a[1].sql);
    else if (is(name, "endsWith")) sql = fmt::format("(LENGTH({1}) = 0 OR SUBSTR({0}, -LENGTH({1})) = {1})", a[0].sql, a[1].sql);
    else {
      sql = fmt::format("INSTR({}, {})", a[0].sql, a[1].sql);
      type = ColumnType::kUInt64;
    }
    return combine(sql, type, {&a[0], &a[1]});
  }
  return fail(&e, fmt::format("unknown function '{}'", name));
}

}  // namespace edged::bindings::analytics_engine::sql
