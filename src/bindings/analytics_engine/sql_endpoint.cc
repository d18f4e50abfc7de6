#include "edged/bindings/analytics_engine/sql_endpoint.h"

#include <fmt/format.h>

#include <chrono>
#include <cmath>

#include "edged/bindings/analytics_engine/sql_translate.h"
#include "edged/util/json_escape.h"
#include "sql_functions.h"

namespace edged::bindings::analytics_engine {
namespace {

SqlAnswer refuse(const std::string& message) {
  return {422, "text/plain; charset=utf-8", "Input was invalid: " + message + "\n"};
}

SqlAnswer internalFailure(const std::string& message) {
  return {500, "text/plain; charset=utf-8", "Internal error: " + message + "\n"};
}

// Stored blobs are whatever bytes a Worker wrote; JSON needs UTF-8, so a byte that does not
// start a valid sequence becomes U+FFFD (as ClickHouse's JSON output does).
std::string validUtf8(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  size_t i = 0;
  while (i < in.size()) {
    auto c = static_cast<unsigned char>(in[i]);
    size_t length = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
    bool valid = length > 0 && i + length <= in.size();
    for (size_t k = 1; valid && k < length; ++k) valid = (static_cast<unsigned char>(in[i + k]) >> 6) == 0x2;
    if (valid && length > 1) {
      uint32_t code = c & (0xff >> (length + 1));
      for (size_t k = 1; k < length; ++k) code = (code << 6) | (static_cast<unsigned char>(in[i + k]) & 0x3f);
      static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
      valid = code >= kMin[length] && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff);
    }
    if (valid) {
      out.append(in.substr(i, length));
      i += length;
    } else {
      out += "\xef\xbf\xbd";
      ++i;
    }
  }
  return out;
}

std::string formatDouble(double value) {
  if (std::isnan(value) || std::isinf(value)) return "null";
  return fmt::format("{}", value);
}

// One value as JSON (`json`) or as TabSeparated text.
std::string cell(storage::Statement& row, int column, ColumnType type, bool json) {
  if (row.columnIsNull(column)) return json ? "null" : "\\N";
  std::string text;
  bool quote = false;
  switch (type) {
    case ColumnType::kDateTime:
      text = formatDateTime(row.columnInt(column));
      quote = true;
      break;
    case ColumnType::kFloat64: text = formatDouble(row.columnDouble(column)); break;
    case ColumnType::kUInt8:
    case ColumnType::kUInt16:
    case ColumnType::kUInt32: text = fmt::format("{}", row.columnInt(column)); break;
    // ClickHouse quotes 64-bit integers in JSON (JavaScript numbers cannot hold them all).
    case ColumnType::kUInt64:
    case ColumnType::kInt64:
      text = fmt::format("{}", row.columnInt(column));
      quote = true;
      break;
    case ColumnType::kString:
    case ColumnType::kNull:
      text = validUtf8(row.columnText(column));
      quote = true;
      break;
  }
  if (json) return quote ? jsonQuote(text) : text;
  std::string escaped;
  for (char c : text) {
    switch (c) {
      case '\t': escaped += "\\t"; break;
      case '\n': escaped += "\\n"; break;
      case '\\': escaped += "\\\\"; break;
      default: escaped += c;
    }
  }
  return escaped;
}

struct Table {
  std::vector<std::string> names;
  std::vector<ColumnType> types;
  std::vector<std::vector<std::string>> json_rows;  // cells already rendered
  std::vector<std::string> tsv_rows;
};

SqlAnswer render(const Table& table, OutputFormat format) {
  if (format == OutputFormat::kTabSeparated) {
    std::string body;
    for (const std::string& row : table.tsv_rows) body += row + "\n";
    return {200, "text/tab-separated-values; charset=utf-8", std::move(body)};
  }
  auto object = [&](const std::vector<std::string>& cells) {
    std::string out = "{";
    for (size_t i = 0; i < cells.size(); ++i) {
      out += (i ? "," : "") + jsonQuote(validUtf8(table.names[i])) + ":" + cells[i];
    }
    return out + "}";
  };
  if (format == OutputFormat::kJsonEachRow) {
    std::string body;
    for (const auto& cells : table.json_rows) body += object(cells) + "\n";
    return {200, "application/x-ndjson; charset=utf-8", std::move(body)};
  }
  std::string meta;
  for (size_t i = 0; i < table.names.size(); ++i) {
    meta += fmt::format("{}{{\"name\":{},\"type\":\"{}\"}}", i ? "," : "",
                        jsonQuote(validUtf8(table.names[i])), columnTypeName(table.types[i]));
  }
  std::string data;
  for (size_t i = 0; i < table.json_rows.size(); ++i) data += (i ? "," : "") + object(table.json_rows[i]);
  size_t rows = table.json_rows.size();
  return {200, "application/json; charset=utf-8",
          fmt::format("{{\"meta\":[{}],\"data\":[{}],\"rows\":{},\"rows_before_limit_at_least\":{}}}\n",
                      meta, data, rows, rows)};
}

void addRow(Table& table, std::vector<std::string> json_cells, std::vector<std::string> tsv_cells) {
  std::string tsv;
  for (size_t i = 0; i < tsv_cells.size(); ++i) tsv += (i ? "\t" : "") + tsv_cells[i];
  table.json_rows.push_back(std::move(json_cells));
  table.tsv_rows.push_back(std::move(tsv));
}

// Stops a query past its time limit (SQLite calls this every few thousand instructions).
int onProgress(void* deadline) {
  auto* until = static_cast<std::chrono::steady_clock::time_point*>(deadline);
  return std::chrono::steady_clock::now() > *until ? 1 : 0;
}

SqlAnswer runSelect(storage::Database& db, const TranslatedQuery& query) {
  if (Status s = registerSqlFunctions(db.handle()); !s.ok()) return internalFailure(s.error().message);
  // ClickHouse's LIKE is case-sensitive; SQLite's is not unless told.
  if (Status s = db.exec("PRAGMA case_sensitive_like = ON"); !s.ok()) return internalFailure(s.error().message);
  Result<storage::Statement> prepared = db.prepare(query.sql);
  if (!prepared.ok()) return refuse(sqlite3_errmsg(db.handle()));
  storage::Statement& statement = prepared.value();
  for (size_t i = 0; i < query.params.size(); ++i) {
    int index = static_cast<int>(i) + 1;
    std::visit([&](const auto& value) { statement.bind(index, value); }, query.params[i]);
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kQueryTimeLimitMs);
  sqlite3_progress_handler(db.handle(), 10000, &onProgress, &deadline);
  Table table{query.column_names, query.column_types, {}, {}};
  std::optional<SqlAnswer> failure;
  while (true) {
    Result<bool> row = statement.step();
    if (!row.ok()) {
      failure = sqlite3_errcode(db.handle()) == SQLITE_INTERRUPT
                    ? refuse(fmt::format("the query ran longer than {} s", kQueryTimeLimitMs / 1000))
                    : internalFailure(row.error().message);
      break;
    }
    if (!row.value()) break;
    std::vector<std::string> json_cells;
    std::vector<std::string> tsv_cells;
    for (size_t c = 0; c < query.column_types.size(); ++c) {
      json_cells.push_back(cell(statement, static_cast<int>(c), query.column_types[c], true));
      tsv_cells.push_back(cell(statement, static_cast<int>(c), query.column_types[c], false));
    }
    addRow(table, std::move(json_cells), std::move(tsv_cells));
  }
  statement.reset();
  sqlite3_progress_handler(db.handle(), 0, nullptr, nullptr);
  if (failure) return *failure;
  return render(table, query.format);
}

}  // namespace

SqlAnswer answerSqlQuery(PointStore& store, std::string_view query, int64_t now_seconds) {
  TranslateOptions options;
  options.now_seconds = now_seconds;
  options.dataset_exists = [&store](const std::string& name) { return store.hasDataset(name); };
  Result<TranslatedQuery> translated = translateQuery(query, options);
  if (!translated.ok()) return refuse(translated.error().message);
  const TranslatedQuery& q = translated.value();
  Table table;
  switch (q.kind) {
    case TranslatedQuery::Kind::kSelect: return runSelect(store.database(), q);
    case TranslatedQuery::Kind::kShowTables: {
      Result<std::vector<std::string>> names = store.datasets();
      if (!names.ok()) return internalFailure(names.error().message);
      table.names = {"dataset"};
      table.types = {ColumnType::kString};
      for (const std::string& name : names.value()) {
        std::string text = validUtf8(name);
        addRow(table, {jsonQuote(text)}, {text});
      }
      break;
    }
    case TranslatedQuery::Kind::kShowTimezone:
    case TranslatedQuery::Kind::kShowTimezones:
      // Every DateTime here is UTC, as Cloudflare's default timezone is.
      table.names = {q.kind == TranslatedQuery::Kind::kShowTimezone ? "timezone" : "name"};
      table.types = {ColumnType::kString};
      addRow(table, {jsonQuote("Etc/UTC")}, {"Etc/UTC"});
      break;
  }
  return render(table, q.format);
}

}  // namespace edged::bindings::analytics_engine
