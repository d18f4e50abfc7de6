#include "edged/bindings/d1/sql_files.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>
#include <system_error>

#include "../durable_objects/sql_errors.h"

namespace edged::bindings::d1 {
namespace {

// Whether `text` holds a statement, not only blanks, comments and semicolons.
bool hasStatement(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (std::isspace(static_cast<unsigned char>(c)) || c == ';') {
      ++i;
    } else if (text.substr(i, 2) == "--") {
      size_t end = text.find('\n', i);
      i = end == std::string_view::npos ? text.size() : end + 1;
    } else if (text.substr(i, 2) == "/*") {
      size_t end = text.find("*/", i + 2);
      i = end == std::string_view::npos ? text.size() : end + 2;
    } else {
      return true;
    }
  }
  return false;
}

std::string trimmed(std::string_view text) {
  size_t first = 0;
  while (first < text.size() && std::isspace(static_cast<unsigned char>(text[first]))) ++first;
  size_t last = text.size();
  while (last > first && std::isspace(static_cast<unsigned char>(text[last - 1]))) --last;
  return std::string(text.substr(first, last - first));
}

Result<std::string> readFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return makeError(fmt::format("cannot read {}", path.string()));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

std::vector<std::string> splitStatements(std::string_view sql) {
  std::vector<std::string> statements;
  size_t start = 0;
  for (size_t i = 0; i < sql.size(); ++i) {
    if (sql[i] != ';') continue;
    std::string candidate(sql.substr(start, i + 1 - start));
    if (sqlite3_complete(candidate.c_str()) == 0) continue;
    if (hasStatement(candidate)) statements.push_back(trimmed(candidate));
    start = i + 1;
  }
  std::string_view rest = sql.substr(start);
  if (hasStatement(rest)) statements.push_back(trimmed(rest));
  return statements;
}

Result<std::vector<MigrationFile>> listMigrations(const std::filesystem::path& dir) {
  std::vector<MigrationFile> files;
  std::error_code ec;
  if (!std::filesystem::exists(dir, ec)) return files;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file() || it->path().extension() != ".sql") continue;
    files.push_back({it->path().filename().string(), it->path()});
  }
  if (ec) return makeError(fmt::format("cannot list {}: {}", dir.string(), ec.message()));
  std::sort(files.begin(), files.end(),
            [](const MigrationFile& a, const MigrationFile& b) { return a.name < b.name; });
  return files;
}

Result<std::vector<std::string>> appliedMigrations(LocalDatabase& db, std::string_view table) {
  std::string quoted = durable_objects::quoteIdentifier(table);
  std::vector<Query> queries = {
      {fmt::format("CREATE TABLE IF NOT EXISTS {} (\n"
                   "    id         INTEGER PRIMARY KEY AUTOINCREMENT,\n"
                   "    name       TEXT UNIQUE,\n"
                   "    applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL\n"
                   ");",
                   quoted),
       {}},
      {fmt::format("SELECT name FROM {} ORDER BY id", quoted), {}},
  };
  Result<BatchResult> result = db.batch(queries);
  if (!result.ok()) return result.error();
  std::vector<std::string> names;
  for (const std::vector<Value>& row : result->results[1].rows) {
    if (const auto* name = std::get_if<std::string>(&row[0])) names.push_back(*name);
  }
  return names;
}

Status applyMigration(LocalDatabase& db, std::string_view table, const MigrationFile& migration) {
  Result<std::string> sql = readFile(migration.path);
  if (!sql.ok()) return sql.error();
  std::vector<Query> queries;
  for (std::string& statement : splitStatements(sql.value())) {
    queries.push_back({std::move(statement), {}});
  }
  queries.push_back({fmt::format("INSERT INTO {} (name) VALUES (?)",
                                 durable_objects::quoteIdentifier(table)),
                     {migration.name}});
  Result<BatchResult> result = db.batch(queries);
  if (!result.ok()) return result.error();
  return Ok{};
}

}  // namespace edged::bindings::d1
