#include "edged/storage/transaction.h"

namespace edged::storage {

Result<Transaction> Transaction::begin(Database& db, Mode mode) {
  Status begun = db.exec(mode == Mode::kImmediate ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED");
  if (!begun.ok()) return begun.error();
  return Transaction(db);
}

Transaction::~Transaction() { rollback(); }

Status Transaction::commit() {
  if (db_ == nullptr) return makeError("the transaction already ended");
  Status committed = db_->exec("COMMIT");
  // A failed COMMIT (SQLITE_BUSY, disk full) may leave the transaction open: roll it back so
  // the connection is usable again.
  if (!committed.ok()) {
    rollback();
    return committed;
  }
  db_ = nullptr;
  return committed;
}

void Transaction::rollback() {
  if (db_ == nullptr) return;
  // ROLLBACK fails only when SQLite already rolled back on its own (after an I/O error or out
  // of memory); either way the transaction is over.
  if (!sqlite3_get_autocommit(db_->handle())) (void)db_->exec("ROLLBACK");
  db_ = nullptr;
}

}  // namespace edged::storage
