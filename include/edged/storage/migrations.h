#pragma once
// Versioned schemas. A database's schema version is `PRAGMA user_version`; each Migration
// brings it from `version - 1` to `version`. migrate() applies the missing ones in order, each
// in its own write transaction together with the version bump, so a crash leaves the schema at
// some whole version. Connections from several threads or processes may call it at once: the
// version is re-read under the write lock, so each migration runs exactly once.
//
//   constexpr Migration kSchema[] = {
//       {1, "CREATE TABLE kv (key TEXT PRIMARY KEY, value BLOB)"},
//       {2, "ALTER TABLE kv ADD COLUMN expires_at INTEGER"},
//   };
//   if (Status s = migrate(db, kSchema); !s.ok()) ...

#include <span>
#include <string_view>

#include "edged/storage/database.h"
#include "edged/util/result.h"

namespace edged::storage {

struct Migration {
  int version;           // 1, 2, 3 … with no gaps
  std::string_view sql;  // one or more statements
};

// Fails when the database was written by a newer edged (its version is past the last one
// known here), instead of running with a schema this code does not understand.
Status migrate(Database& db, std::span<const Migration> migrations);

// The database's current schema version (0 for a new database).
Result<int> schemaVersion(Database& db);

}  // namespace edged::storage
