#pragma once
// A transaction scope: rolled back by the destructor unless commit() succeeded.
//
//   auto tx = Transaction::begin(db);
//   if (!tx) return tx.error();
//   ... statements ...
//   return tx->commit();
//
// Writers should begin kImmediate: it takes the write lock up front (waiting up to the busy
// timeout), where a deferred transaction that reads first and writes later can fail with
// SQLITE_BUSY when another connection wrote in between, with no way to wait it out.

#include "edged/storage/database.h"
#include "edged/util/result.h"

namespace edged::storage {

class Transaction {
 public:
  enum class Mode { kDeferred, kImmediate };

  static Result<Transaction> begin(Database& db, Mode mode = Mode::kImmediate);

  Transaction(Transaction&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();

  Status commit();
  // Ends the transaction, discarding its changes (what the destructor does).
  void rollback();

 private:
  explicit Transaction(Database& db) : db_(&db) {}
  Database* db_;  // null once committed or rolled back
};

}  // namespace edged::storage
