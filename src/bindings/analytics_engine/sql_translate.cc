#include "edged/bindings/analytics_engine/sql_translate.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <ctime>
#include <strings.h>

#include "edged/bindings/analytics_engine/data_point.h"
#include "sql_lexer.h"
#include "sql_parser.h"
#include "sql_render.h"
#include "sql_translator.h"

namespace edged::bindings::analytics_engine {

std::string_view columnTypeName(ColumnType type) {
  switch (type) {
    case ColumnType::kString: return "String";
    case ColumnType::kFloat64: return "Float64";
    case ColumnType::kUInt8: return "UInt8";
    case ColumnType::kUInt16: return "UInt16";
    case ColumnType::kUInt32: return "UInt32";
    case ColumnType::kUInt64: return "UInt64";
    case ColumnType::kInt64: return "Int64";
    case ColumnType::kDateTime: return "DateTime";
    case ColumnType::kNull: return "Nullable(Nothing)";
  }
  return "String";
}

std::string formatDateTime(int64_t seconds) {
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  if (gmtime_r(&t, &tm) == nullptr) return "1970-01-01 00:00:00";
  return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02}", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

std::optional<int64_t> parseDateTime(std::string_view text) {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  auto digits = [&](size_t at, size_t count, int& out) {
    if (at + count > text.size()) return false;
    auto [end, ec] = std::from_chars(text.data() + at, text.data() + at + count, out);
    return ec == std::errc() && end == text.data() + at + count;
  };
  if (!digits(0, 4, year) || text.size() < 10 || text[4] != '-' || !digits(5, 2, month) ||
      text[7] != '-' || !digits(8, 2, day)) {
    return std::nullopt;
  }
  size_t end = 10;
  if (text.size() > 10) {
    if ((text[10] != ' ' && text[10] != 'T') || !digits(11, 2, hour) || text.size() < 19 ||
        text[13] != ':' || !digits(14, 2, minute) || text[16] != ':' || !digits(17, 2, second)) {
      return std::nullopt;
    }
    end = 19;
    if (end < text.size() && text[end] == '.') {  // fractions of a second: DateTime drops them
      ++end;
      while (end < text.size() && text[end] >= '0' && text[end] <= '9') ++end;
    }
    if (end < text.size() && text[end] == 'Z') ++end;
  }
  if (end != text.size() || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 ||
      minute > 59 || second > 60) {
    return std::nullopt;
  }
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  return static_cast<int64_t>(timegm(&tm));
}

namespace sql {

bool isInteger(ColumnType type) {
  switch (type) {
    case ColumnType::kUInt8:
    case ColumnType::kUInt16:
    case ColumnType::kUInt32:
    case ColumnType::kUInt64:
    case ColumnType::kInt64: return true;
    default: return false;
  }
}

bool isNumeric(ColumnType type) { return isInteger(type) || type == ColumnType::kFloat64; }

std::string quoteIdentifier(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

namespace {

// The dataset's columns, in Cloudflare's order (what SELECT * returns).
std::vector<ScopeColumn> datasetColumns() {
  std::vector<ScopeColumn> columns = {
      {"dataset", "\"dataset\"", ColumnType::kString},
      {"timestamp", "\"timestamp\"", ColumnType::kDateTime},
      {"_sample_interval", "\"_sample_interval\"", ColumnType::kUInt32},
      {"index1", "\"index1\"", ColumnType::kString},
  };
  for (size_t i = 1; i <= kMaxBlobs; ++i) {
    std::string name = fmt::format("blob{}", i);
    columns.push_back({name, quoteIdentifier(name), ColumnType::kString});
  }
  for (size_t i = 1; i <= kMaxDoubles; ++i) {
    std::string name = fmt::format("double{}", i);
    columns.push_back({name, quoteIdentifier(name), ColumnType::kFloat64});
  }
  return columns;
}

// The unit's length in seconds, or 0 for calendar units (months).
int64_t unitSeconds(const std::string& unit) {
  if (unit == "SECOND") return 1;
  if (unit == "MINUTE") return 60;
  if (unit == "HOUR") return 3600;
  if (unit == "DAY") return 86400;
  if (unit == "WEEK") return 7 * 86400;
  return 0;
}

int64_t unitMonths(const std::string& unit) {
  if (unit == "MONTH") return 1;
  if (unit == "QUARTER") return 3;
  return 12;  // YEAR
}

std::optional<OutputFormat> outputFormat(const std::string& name) {
  if (strcasecmp(name.c_str(), "JSON") == 0) return OutputFormat::kJson;
  if (strcasecmp(name.c_str(), "JSONEachRow") == 0) return OutputFormat::kJsonEachRow;
  if (strcasecmp(name.c_str(), "TabSeparated") == 0 || strcasecmp(name.c_str(), "TSV") == 0) {
    return OutputFormat::kTabSeparated;
  }
  return std::nullopt;
}

}  // namespace

Typed Translator::fail(const Expr* at, std::string message) {
  if (!error_) {
    error_ = at ? makeError(fmt::format("{} (at {})", message, describePosition(query_, at->offset)))
                : makeError(std::move(message));
  }
  return {};
}

std::string Translator::param(const Expr& at, SqlParameter value, int slot) {
  auto [it, inserted] = param_index_.try_emplace({&at, slot}, static_cast<int>(params_.size()) + 1);
  if (inserted) params_.push_back(std::move(value));
  return fmt::format("?{}", it->second);
}

std::string Translator::freshParam(SqlParameter value) {
  params_.push_back(std::move(value));
  return fmt::format("?{}", params_.size());
}

Typed Translator::finish(Typed t) {
  if (t.loose && !t.aggregate && context_ && context_->group_keys.contains(t.sql)) t.loose = false;
  return t;
}

Typed Translator::combine(std::string sql, ColumnType type, std::initializer_list<const Typed*> parts) {
  Typed t;
  t.sql = std::move(sql);
  t.type = type;
  t.constant = true;
  for (const Typed* part : parts) {
    t.aggregate = t.aggregate || part->aggregate;
    t.constant = t.constant && part->constant;
    if (part->loose && !t.loose) {
      t.loose = true;
      t.loose_column = part->loose_column;
    }
  }
  return finish(std::move(t));
}

Typed Translator::expr(const Expr& e) {
  if (failed()) return {};
  switch (e.kind) {
    case Expr::Kind::kNumber: return number(e);
    case Expr::Kind::kString: {
      Typed t;
      t.sql = param(e, e.text);
      t.type = ColumnType::kString;
      t.constant = true;
      t.literal = &e;
      return t;
    }
    case Expr::Kind::kNull: {
      Typed t;
      t.sql = "NULL";
      t.constant = true;
      return t;
    }
    case Expr::Kind::kBool: {
      Typed t;
      t.sql = e.text == "true" ? "1" : "0";
      t.type = ColumnType::kUInt8;
      t.constant = true;
      return t;
    }
    case Expr::Kind::kColumn: return column(e);
    case Expr::Kind::kStar: return fail(&e, "'*' is only allowed alone or in count(*)");
    case Expr::Kind::kUnary: return unary(e);
    case Expr::Kind::kBinary: return binary(e);
    case Expr::Kind::kInterval: return interval(e);
    case Expr::Kind::kFunction: return function(e);
    case Expr::Kind::kIn: {
      Typed value = expr(*e.args[0]);
      std::string sql = "(" + value.sql + (e.negated ? " NOT IN (" : " IN (");
      Typed t = value;
      for (size_t i = 1; i < e.args.size(); ++i) {
        Typed item = expr(*e.args[i]);
        if (value.type == ColumnType::kDateTime) item = asDateTime(item, *e.args[i]);
        sql += (i > 1 ? ", " : "") + item.sql;
        t = combine(t.sql, t.type, {&t, &item});
      }
      return combine(sql + "))", ColumnType::kUInt8, {&t});
    }
    case Expr::Kind::kBetween: {
      Typed value = expr(*e.args[0]);
      Typed low = expr(*e.args[1]);
      Typed high = expr(*e.args[2]);
      if (value.type == ColumnType::kDateTime) {
        low = asDateTime(low, *e.args[1]);
        high = asDateTime(high, *e.args[2]);
      }
      return combine(fmt::format("({}{} BETWEEN {} AND {})", value.sql, e.negated ? " NOT" : "",
                                 low.sql, high.sql),
                     ColumnType::kUInt8, {&value, &low, &high});
    }
    case Expr::Kind::kLike: {
      Typed value = expr(*e.args[0]);
      Typed pattern = expr(*e.args[1]);
      if (failed()) return {};
      if (value.type != ColumnType::kString || pattern.type != ColumnType::kString) {
        return fail(&e, fmt::format("{} needs String operands", e.text));
      }
      // ClickHouse's LIKE is case-sensitive (the query connection sets case_sensitive_like)
      // and escapes % and _ with a backslash.
      std::string sql = e.text == "ILIKE"
                            ? fmt::format("(LOWER({}){} LIKE LOWER({}) ESCAPE '\\')", value.sql,
                                          e.negated ? " NOT" : "", pattern.sql)
                            : fmt::format("({}{} LIKE {} ESCAPE '\\')", value.sql,
                                          e.negated ? " NOT" : "", pattern.sql);
      return combine(sql, ColumnType::kUInt8, {&value, &pattern});
    }
    case Expr::Kind::kIsNull: {
      Typed value = expr(*e.args[0]);
      return combine("(" + value.sql + (e.negated ? " IS NOT NULL)" : " IS NULL)"),
                     ColumnType::kUInt8, {&value});
    }
  }
  return fail(&e, "unsupported expression");
}

Typed Translator::number(const Expr& e) {
  Typed t;
  t.constant = true;
  const std::string& text = e.text;
  bool is_float = text.find_first_of(".eE") != std::string::npos;
  uint64_t whole = 0;
  if (!is_float) {
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), whole);
    is_float = ec != std::errc() || end != text.data() + text.size() ||
               whole > static_cast<uint64_t>(INT64_MAX);
  }
  if (is_float) {
    double value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || !std::isfinite(value)) return fail(&e, "malformed number " + text);
    t.sql = param(e, value);
    t.type = ColumnType::kFloat64;
    return t;
  }
  t.sql = param(e, static_cast<int64_t>(whole));
  t.type = whole <= 0xff ? ColumnType::kUInt8 : whole <= 0xffff ? ColumnType::kUInt16
         : whole <= 0xffffffffu ? ColumnType::kUInt32 : ColumnType::kUInt64;
  return t;
}

Typed Translator::column(const Expr& e) {
  if (context_ == nullptr) return fail(&e, fmt::format("unknown column '{}'", e.text));
  // ClickHouse lets every clause name the SELECT list's aliases, and an alias hides a column
  // of the same name.
  for (const auto& [alias, aliased] : context_->aliases) {
    if (alias != e.text || context_->resolving.contains(alias)) continue;
    context_->resolving.insert(alias);
    Typed t = expr(*aliased);
    context_->resolving.erase(alias);
    // Every translated expression is self-delimiting (a name, a parameter, a call or a
    // parenthesized operation), so it is inlined as it is and GROUP BY keys compare equal.
    t.literal = nullptr;
    return finish(std::move(t));
  }
  for (const ScopeColumn& c : context_->columns) {
    if (c.name != e.text) continue;
    Typed t;
    t.sql = c.sql;
    t.type = c.type;
    if (in_aggregate_ == 0) {
      t.loose = true;
      t.loose_column = c.name;
    }
    return finish(std::move(t));
  }
  return fail(&e, fmt::format("unknown column '{}'", e.text));
}

Typed Translator::unary(const Expr& e) {
  Typed operand = expr(*e.args[0]);
  if (failed()) return {};
  if (e.text == "NOT") return combine("(NOT " + operand.sql + ")", ColumnType::kUInt8, {&operand});
  if (!isNumeric(operand.type)) return fail(&e, "unary minus needs a number");
  return combine("(-" + operand.sql + ")",
                 operand.type == ColumnType::kFloat64 ? ColumnType::kFloat64 : ColumnType::kInt64,
                 {&operand});
}

Typed Translator::asDateTime(const Typed& value, const Expr& at) {
  if (failed() || value.type == ColumnType::kDateTime) return value;
  Typed t = value;
  t.type = ColumnType::kDateTime;
  t.literal = nullptr;
  if (value.literal != nullptr) {
    std::optional<int64_t> seconds = parseDateTime(value.literal->text);
    if (!seconds) return fail(&at, fmt::format("cannot parse DateTime from '{}'", value.literal->text));
    // The literal's own parameter now carries the moment, so no parameter goes unused.
    t.sql = param(*value.literal, *seconds);
    params_[param_index_[{value.literal, 0}] - 1] = *seconds;
    return t;
  }
  if (value.type == ColumnType::kString) {
    t.sql = "CAST(strftime('%s', " + value.sql + ") AS INTEGER)";
  } else if (isNumeric(value.type)) {
    t.sql = "CAST(" + value.sql + " AS INTEGER)";
  } else if (value.type != ColumnType::kNull) {
    return fail(&at, "cannot convert to DateTime");
  }
  return finish(std::move(t));
}

Typed Translator::shiftDateTime(const Typed& moment, const Typed& iv, int sign, const Expr& at) {
  int64_t seconds = unitSeconds(iv.unit);
  std::string sql;
  if (seconds != 0) {
    sql = fmt::format("({} + {})", moment.sql, param(at, sign * iv.amount * seconds, 2));
  } else {
    std::string modifier = fmt::format("{:+} months", sign * iv.amount * unitMonths(iv.unit));
    sql = fmt::format("CAST(strftime('%s', {}, 'unixepoch', {}) AS INTEGER)", moment.sql,
                      param(at, modifier, 2));
  }
  return combine(sql, ColumnType::kDateTime, {&moment, &iv});
}

Typed Translator::interval(const Expr& e) {
  const std::string& amount = e.args[0]->text;
  int64_t value = 0;
  auto [end, ec] = std::from_chars(amount.data(), amount.data() + amount.size(), value);
  if (ec != std::errc() || end != amount.data() + amount.size()) {
    return fail(&e, fmt::format("INTERVAL needs a whole number, got '{}'", amount));
  }
  if (value < 0 || value > 1'000'000'000) return fail(&e, "INTERVAL is out of range");
  Typed t;
  t.interval = true;
  t.constant = true;
  t.amount = value;
  t.unit = e.text;
  return t;
}

Typed Translator::comparison(const Expr& e, const std::string& op, Typed left, Typed right) {
  if (left.type == ColumnType::kDateTime && right.type != ColumnType::kDateTime) {
    right = asDateTime(right, *e.args[1]);
  } else if (right.type == ColumnType::kDateTime && left.type != ColumnType::kDateTime) {
    left = asDateTime(left, *e.args[0]);
  } else if (left.type != ColumnType::kNull && right.type != ColumnType::kNull &&
             (left.type == ColumnType::kString) != (right.type == ColumnType::kString)) {
    return fail(&e, fmt::format("cannot compare {} with {}", columnTypeName(left.type),
                                columnTypeName(right.type)));
  }
  if (failed()) return {};
  return combine(fmt::format("({} {} {})", left.sql, op, right.sql), ColumnType::kUInt8,
                 {&left, &right});
}

Typed Translator::binary(const Expr& e) {
  const std::string& op = e.text;
  Typed left = expr(*e.args[0]);
  Typed right = expr(*e.args[1]);
  if (failed()) return {};
  if (left.interval || right.interval) {
    if ((op == "+" || op == "-") && left.type == ColumnType::kDateTime && right.interval) {
      return shiftDateTime(left, right, op == "+" ? 1 : -1, e);
    }
    if (op == "+" && right.type == ColumnType::kDateTime && left.interval) {
      return shiftDateTime(right, left, 1, e);
    }
    return fail(&e, "an INTERVAL can only be added to or subtracted from a DateTime");
  }
  if (op == "AND" || op == "OR") {
    return combine(fmt::format("({} {} {})", left.sql, op, right.sql), ColumnType::kUInt8,
                   {&left, &right});
  }
  if (op == "=" || op == "!=" || op == "<" || op == "<=" || op == ">" || op == ">=") {
    return comparison(e, op, std::move(left), std::move(right));
  }
  if (op == "||") {
    return combine(fmt::format("({} || {})", left.sql, right.sql), ColumnType::kString,
                   {&left, &right});
  }
  if (left.type == ColumnType::kDateTime && right.type == ColumnType::kDateTime && op == "-") {
    return combine(fmt::format("({} - {})", left.sql, right.sql), ColumnType::kInt64, {&left, &right});
  }
  if (left.type == ColumnType::kDateTime && isInteger(right.type) && (op == "+" || op == "-")) {
    return combine(fmt::format("({} {} {})", left.sql, op, right.sql), ColumnType::kDateTime,
                   {&left, &right});
  }
  bool numbers = (isNumeric(left.type) || left.type == ColumnType::kNull) &&
                 (isNumeric(right.type) || right.type == ColumnType::kNull);
  if (!numbers) {
    return fail(&e, fmt::format("cannot apply '{}' to {} and {}", op, columnTypeName(left.type),
                                columnTypeName(right.type)));
  }
  if (op == "/") {
    return combine(fmt::format("(CAST({} AS REAL) / {})", left.sql, right.sql), ColumnType::kFloat64,
                   {&left, &right});
  }
  ColumnType type = left.type == ColumnType::kFloat64 || right.type == ColumnType::kFloat64
                        ? ColumnType::kFloat64 : ColumnType::kInt64;
  return combine(fmt::format("({} {} {})", left.sql, op, right.sql), type, {&left, &right});
}

std::vector<Typed> Translator::arguments(const std::vector<ExprPtr>& args) {
  std::vector<Typed> out;
  for (const ExprPtr& arg : args) out.push_back(expr(*arg));
  return out;
}

std::optional<SelectSql> Translator::select(const Select& s) {
  SelectContext context;
  std::string from;
  std::string dataset_filter;
  if (s.subquery) {
    std::optional<SelectSql> inner = select(*s.subquery);
    if (!inner) return std::nullopt;
    std::string alias = quoteIdentifier(fmt::format("subquery{}", ++subqueries_));
    from = " FROM (" + inner->sql + ") AS " + alias;
    for (size_t i = 0; i < inner->names.size(); ++i) {
      context.columns.push_back({inner->names[i], alias + "." + quoteIdentifier(inner->names[i]),
                                 inner->types[i]});
    }
  } else if (s.table) {
    if (!options_.dataset_exists || !options_.dataset_exists(*s.table)) {
      error_ = makeError(fmt::format("unknown table '{}' (at {}): no data point has been written "
                                     "to a dataset of that name",
                                     *s.table, describePosition(query_, s.table_offset)));
      return std::nullopt;
    }
    from = " FROM points";
    dataset_filter = "\"dataset\" = " + freshParam(*s.table);
    context.columns = datasetColumns();
  }
  for (const SelectItem& item : s.items) {
    if (item.alias && item.expr) context.aliases.emplace_back(*item.alias, item.expr.get());
  }
  SelectContext* outer = context_;
  context_ = &context;
  struct Restore {
    Translator* t;
    SelectContext* outer;
    ~Restore() { t->context_ = outer; }
  } restore{this, outer};

  // GROUP BY first: its keys decide which columns the SELECT list may name bare.
  aggregates_forbidden_in_ = "GROUP BY";
  std::vector<std::string> keys;
  for (const ExprPtr& key : s.group_by) {
    keys.push_back(expr(*key).sql);
    context.group_keys.insert(keys.back());
  }
  aggregates_forbidden_in_ = nullptr;

  SelectSql out;
  std::vector<Typed> items;
  bool aggregating = !s.group_by.empty() || s.having;
  std::string list;
  for (const SelectItem& item : s.items) {
    if (!item.expr) {  // *
      for (const ScopeColumn& c : context.columns) {
        Typed t;
        t.sql = c.sql;
        t.type = c.type;
        t.loose = true;
        t.loose_column = c.name;
        items.push_back(finish(std::move(t)));
        out.names.push_back(c.name);
      }
      if (context.columns.empty()) error_ = makeError("SELECT * needs a FROM clause");
      continue;
    }
    items.push_back(expr(*item.expr));
    out.names.push_back(item.alias ? *item.alias : renderColumnName(*item.expr));
    if (items.back().interval) fail(item.expr.get(), "an INTERVAL is not a value");
  }
  if (failed()) return std::nullopt;
  for (size_t i = 0; i < items.size(); ++i) {
    aggregating = aggregating || items[i].aggregate;
    list += (i ? ", " : "") + items[i].sql + " AS " + quoteIdentifier(out.names[i]);
    out.types.push_back(items[i].type);
  }
  if (aggregating) {
    for (const Typed& t : items) {
      if (t.loose) {
        error_ = makeError(fmt::format("column '{}' is neither inside an aggregate function nor "
                                       "in GROUP BY",
                                       t.loose_column));
        return std::nullopt;
      }
    }
  }
  out.sql = (s.distinct ? "SELECT DISTINCT " : "SELECT ") + list + from;

  std::string where = dataset_filter;
  if (s.where) {
    aggregates_forbidden_in_ = "WHERE";
    Typed condition = expr(*s.where);
    aggregates_forbidden_in_ = nullptr;
    where += (where.empty() ? "" : " AND ") + condition.sql;
  }
  if (!where.empty()) out.sql += " WHERE " + where;
  if (!s.group_by.empty()) {
    std::string list_of_keys;
    for (const std::string& key : keys) list_of_keys += (list_of_keys.empty() ? "" : ", ") + key;
    out.sql += " GROUP BY " + list_of_keys;
  }
  if (s.having) out.sql += " HAVING " + expr(*s.having).sql;
  if (!s.order_by.empty()) {
    std::string order;
    for (const OrderItem& item : s.order_by) {
      Typed t = expr(*item.expr);
      order += (order.empty() ? "" : ", ") + t.sql + (item.descending ? " DESC" : " ASC");
    }
    out.sql += " ORDER BY " + order;
  }
  if (s.limit) {
    // Whole numbers the parser checked, not text of the query.
    out.sql += fmt::format(" LIMIT {}", *s.limit);
    if (s.offset) out.sql += fmt::format(" OFFSET {}", *s.offset);
  }
  if (failed()) return std::nullopt;
  return out;
}

}  // namespace sql

Result<TranslatedQuery> translateQuery(std::string_view query, const TranslateOptions& options) {
  Result<sql::Statement> parsed = sql::parseStatement(query);
  if (!parsed.ok()) return parsed.error();
  sql::Statement& statement = parsed.value();
  TranslatedQuery out;
  if (statement.format) {
    std::optional<OutputFormat> format = sql::outputFormat(*statement.format);
    if (!format) {
      return makeError(fmt::format("unknown format '{}' (JSON, JSONEachRow or TabSeparated)",
                                   *statement.format));
    }
    out.format = *format;
  }
  switch (statement.kind) {
    case sql::Statement::Kind::kShowTables: out.kind = TranslatedQuery::Kind::kShowTables; return out;
    case sql::Statement::Kind::kShowTimezone: out.kind = TranslatedQuery::Kind::kShowTimezone; return out;
    case sql::Statement::Kind::kShowTimezones: out.kind = TranslatedQuery::Kind::kShowTimezones; return out;
    case sql::Statement::Kind::kSelect: break;
  }
  sql::Translator translator(options, query);
  std::optional<sql::SelectSql> select = translator.select(*statement.select);
  if (!select) {
    if (translator.error()) return *translator.error();
    return makeError("the query could not be translated");
  }
  out.sql = std::move(select->sql);
  out.params = translator.takeParams();
  out.column_names = std::move(select->names);
  out.column_types = std::move(select->types);
  return out;
}

}  // namespace edged::bindings::analytics_engine
