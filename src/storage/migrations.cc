#include "edged/storage/migrations.h"

#include <fmt/format.h>

#include "edged/storage/transaction.h"

namespace edged::storage {

Result<int> schemaVersion(Database& db) {
  Result<Statement> stmt = db.prepare("PRAGMA user_version");
  if (!stmt.ok()) return stmt.error();
  Result<bool> row = stmt->step();
  if (!row.ok()) return row.error();
  int version = row.value() ? static_cast<int>(stmt->columnInt(0)) : 0;
  stmt->reset();
  return version;
}

Status migrate(Database& db, std::span<const Migration> migrations) {
  int latest = 0;
  for (const Migration& m : migrations) {
    if (m.version != latest + 1) {
      return makeError(fmt::format("{}: migration {} follows {} (versions must be 1, 2, 3 …)",
                                   db.path().string(), m.version, latest));
    }
    latest = m.version;
  }
  // Cheap check first: an up-to-date database needs no write lock.
  Result<int> current = schemaVersion(db);
  if (!current.ok()) return current.error();
  if (current.value() == latest) return Ok{};

  for (const Migration& m : migrations) {
    Result<Transaction> tx = Transaction::begin(db);
    if (!tx.ok()) return tx.error();
    // Re-read under the write lock: another connection may have migrated meanwhile.
    Result<int> version = schemaVersion(db);
    if (!version.ok()) return version.error();
    if (version.value() > latest) {
      return makeError(
          fmt::format("{} has schema version {}, newer than this edged knows ({}); upgrade edged",
                      db.path().string(), version.value(), latest));
    }
    if (version.value() >= m.version) continue;
    if (Status applied = db.exec(m.sql); !applied.ok()) {
      return makeError(fmt::format("migration {} failed: {}", m.version, applied.error().message));
    }
    if (Status bumped = db.exec(fmt::format("PRAGMA user_version = {}", m.version)); !bumped.ok()) {
      return bumped;
    }
    if (Status committed = tx->commit(); !committed.ok()) return committed;
  }
  return Ok{};
}

}  // namespace edged::storage
