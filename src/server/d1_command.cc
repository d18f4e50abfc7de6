// `edged d1 …` acts on the same files a served Worker's D1 bindings use, through the same engine
// and the same SQL rules (bindings/d1), so what one writes the other reads. Safe while
// `edged serve` runs: SQLite's locking lets both write the file.
#include "edged/server/d1_command.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "edged/bindings/d1/binding_specs.h"
#include "edged/bindings/d1/local_database.h"
#include "edged/bindings/d1/sql_files.h"
#include "edged/server/command_options.h"
#include "edged/server/project.h"
#include "edged/util/json_escape.h"

namespace edged::server {

const char* const kD1Usage = R"(  d1 execute <database>    run SQL on a D1 database of the project's local data; prints
                           each statement's result as JSON, as `wrangler d1 execute --json`
      --command <sql>      the SQL to run (statements separated by ;)
      --file <file.sql>    the SQL to run, from a file
  d1 migrations apply <database>
                           apply the migrations_dir's *.sql files not yet recorded in the
                           migrations_table (default d1_migrations), in name order
    <database> is a binding or database_name of d1_databases; each takes --config
    <wrangler.jsonc>, --env <name>, --data-dir <dir> as serve does; --local is accepted
)";

namespace {

struct D1Args {
  std::vector<std::string> positional;
  std::optional<std::string> command, file, config, environment, data_dir;
};

int usageError(const std::string& message) {
  std::fprintf(stderr, "edged d1: %s\n\nusage:\n%s", message.c_str(), kD1Usage);
  return 2;
}

int failure(const std::string& message) {
  std::fprintf(stderr, "edged d1: %s\n", message.c_str());
  return 1;
}

std::optional<std::string> parseArgs(int argc, char** argv, D1Args& args) {
  static constexpr ValueOption<D1Args> kOptions[] = {
      {"--command", &D1Args::command}, {"--file", &D1Args::file},
      {"--config", &D1Args::config},   {"-c", &D1Args::config},
      {"--env", &D1Args::environment}, {"-e", &D1Args::environment},
      {"--data-dir", &D1Args::data_dir},
  };
  static constexpr std::string_view kIgnored[] = {"--local", "--json", "--yes", "-y"};
  return parseCommandOptions<D1Args>(argc, argv, 2, args, kOptions, kIgnored, args.positional);
}

std::string valueJson(const bindings::d1::Value& value) {
  using bindings::d1::Blob;
  if (const auto* number = std::get_if<int64_t>(&value)) return std::to_string(*number);
  if (const auto* number = std::get_if<double>(&value)) return fmt::format("{}", *number);
  if (const auto* text = std::get_if<std::string>(&value)) return jsonQuote(*text);
  if (const auto* blob = std::get_if<Blob>(&value)) {
    std::string out = "[";
    for (size_t i = 0; i < blob->bytes.size(); ++i) {
      if (i > 0) out += ",";
      out += std::to_string(blob->bytes[i]);
    }
    return out + "]";
  }
  return "null";
}

// One statement's D1Result, as `wrangler d1 execute --json` prints it.
std::string resultJson(const bindings::d1::QueryResult& result) {
  std::string out = "  {\n    \"results\": [";
  for (size_t r = 0; r < result.rows.size(); ++r) {
    out += r == 0 ? "\n      {" : ",\n      {";
    for (size_t c = 0; c < result.columns.size(); ++c) {
      if (c > 0) out += ", ";
      out += jsonQuote(result.columns[c]) + ": " + valueJson(result.rows[r][c]);
    }
    out += "}";
  }
  out += result.rows.empty() ? "],\n" : "\n    ],\n";
  const bindings::d1::QueryMeta& meta = result.meta;
  out += fmt::format(
      "    \"success\": true,\n    \"meta\": {{\"duration\": {}, \"changes\": {}, "
      "\"last_row_id\": {}, \"changed_db\": {}, \"size_after\": {}, \"rows_read\": {}, "
      "\"rows_written\": {}}}\n  }}",
      meta.duration_ms, meta.changes, meta.last_row_id, meta.changed_db, meta.size_after,
      meta.rows_read, meta.rows_written);
  return out;
}

int execute(bindings::d1::LocalDatabase& db, const D1Args& args) {
  if (args.command.has_value() == args.file.has_value()) {
    return usageError("give exactly one of --command and --file");
  }
  std::string sql;
  if (args.file) {
    std::ifstream in(*args.file, std::ios::binary);
    if (!in) return failure("cannot read " + *args.file);
    sql.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  } else {
    sql = *args.command;
  }
  std::vector<bindings::d1::Query> queries;
  for (std::string& statement : bindings::d1::splitStatements(sql)) {
    queries.push_back({std::move(statement), {}});
  }
  if (queries.empty()) return failure("No SQL statements detected.");
  auto result = db.batch(queries);
  if (!result.ok()) return failure(result.error().message);
  std::string out = "[\n";
  for (size_t i = 0; i < result->results.size(); ++i) {
    if (i > 0) out += ",\n";
    out += resultJson(result->results[i]);
  }
  out += "\n]\n";
  std::fputs(out.c_str(), stdout);
  return 0;
}

int applyMigrations(bindings::d1::LocalDatabase& db, const config::D1Database& database) {
  auto files = bindings::d1::listMigrations(database.migrations_dir);
  if (!files.ok()) return failure(files.error().message);
  auto applied = bindings::d1::appliedMigrations(db, database.migrations_table);
  if (!applied.ok()) return failure(applied.error().message);
  int count = 0;
  for (const bindings::d1::MigrationFile& file : files.value()) {
    if (std::find(applied->begin(), applied->end(), file.name) != applied->end()) continue;
    Status done = bindings::d1::applyMigration(db, database.migrations_table, file);
    if (!done.ok()) {
      return failure("migration " + file.name + " failed: " + done.error().message);
    }
    std::printf("%s ✅\n", file.name.c_str());
    ++count;
  }
  if (count == 0) std::printf("✅ No migrations to apply!\n");
  return 0;
}

}  // namespace

int runD1Command(int argc, char** argv) {
  D1Args args;
  if (auto error = parseArgs(argc, argv, args)) return usageError(*error);
  std::vector<std::string>& words = args.positional;
  bool migrate = !words.empty() && words[0] == "migrations";
  if (migrate && (words.size() != 3 || words[1] != "apply")) {
    return usageError("expected `edged d1 migrations apply <database>`");
  }
  if (!migrate && (words.size() != 2 || words[0] != "execute")) {
    return usageError("expected `edged d1 execute <database> --command <sql>|--file <file>`");
  }
  const std::string& name = words.back();
  std::filesystem::path config = std::filesystem::absolute(args.config.value_or("wrangler.jsonc"));
  auto loaded = loadProjectConfig(config, args.environment);
  if (!loaded.ok()) return failure(loaded.error().message);
  auto database = bindings::d1::findDatabase(loaded->worker, name);
  if (!database) {
    return failure("no d1_databases binding or database_name \"" + name + "\" in " + config.string());
  }
  std::filesystem::path data_dir =
      args.data_dir ? std::filesystem::path(*args.data_dir) : config.parent_path() / ".edged";
  auto db = bindings::d1::LocalDatabase::open(
      bindings::d1::databasePath(data_dir, bindings::d1::databaseFileName(*database)));
  if (!db.ok()) return failure(db.error().message);
  return migrate ? applyMigrations(*db.value(), *database) : execute(*db.value(), args);
}

}  // namespace edged::server
