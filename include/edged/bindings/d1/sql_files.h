#pragma once
// SQL files as `wrangler d1 execute --file` and `wrangler d1 migrations apply` treat them: split
// into statements, and a migrations directory applied in name order, each migration in one
// transaction with its row in the migrations table (wrangler's d1_migrations schema).

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "edged/bindings/d1/local_database.h"
#include "edged/util/result.h"

namespace edged::bindings::d1 {

// The statements of `sql`, each ending with its `;` (SQLite decides where a statement is
// complete, so semicolons inside strings, comments and CREATE TRIGGER bodies stay put).
// Blank and comment-only pieces are dropped.
std::vector<std::string> splitStatements(std::string_view sql);

struct MigrationFile {
  std::string name;  // the file name, as recorded in the migrations table
  std::filesystem::path path;
};

// The *.sql files of `dir`, sorted by name; none when the directory does not exist.
Result<std::vector<MigrationFile>> listMigrations(const std::filesystem::path& dir);

// Creates the migrations table if needed; the names it records, in the order applied.
Result<std::vector<std::string>> appliedMigrations(LocalDatabase& db, std::string_view table);

// Runs `migration` and records it, atomically. Error: D1's message for the failing statement.
Status applyMigration(LocalDatabase& db, std::string_view table, const MigrationFile& migration);

}  // namespace edged::bindings::d1
