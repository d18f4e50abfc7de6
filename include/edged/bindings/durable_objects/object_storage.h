#pragma once
// The storage of one Durable Object: one SQLite file (do/<class>/<object-id>.sqlite) holding
// the key-value API's table `_cf_KV`, the alarm in `_cf_METADATA`, and the object's own SQL
// tables. Owned by the object's owner thread; knows nothing of V8 (values are opaque bytes, the
// ops serialize them).
//
// Batching (Cloudflare's output gate): every write first opens an implicit transaction that
// stays open until the owner calls flush() at the end of the event, so the writes of one event
// are committed together — or not at all. A failed flush() (or a write that SQLite had to roll
// back on its own) leaves the object broken(): the owner must then discard it, as Cloudflare
// resets an object whose storage failed, and reopen the file. Nested transactions for
// `transaction()` / `transactionSync()` are SQLite savepoints inside the implicit one.
//
// Durability: a committed flush survives kill -9 (storage::Durability::kProcessCrash, WAL with
// synchronous=NORMAL); see include/edged/storage/database.h.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "edged/bindings/durable_objects/storage_result.h"
#include "edged/storage/database.h"

namespace edged::bindings::durable_objects {

// Which Cloudflare storage backend the class was declared with in wrangler's migrations. Both
// live in SQLite here; they differ in limits and in whether the SQL API is offered.
enum class StorageBackend {
  kSqlite,    // new_sqlite_classes: key + value up to 2 MB, SQL API
  kKeyValue,  // new_classes: keys up to 2 KiB, values up to 128 KiB, no SQL API
};

struct ObjectStorageOptions {
  StorageBackend backend = StorageBackend::kSqlite;
  storage::Durability durability = storage::Durability::kProcessCrash;
};

struct KeyValue {
  std::string key;
  std::string value;
};

// list()'s options as Cloudflare defines them (DurableObjectListOptions): `start` inclusive,
// `startAfter` exclusive (not both), `end` exclusive, only keys beginning with `prefix`,
// descending order when `reverse`, at most `limit` entries (positive).
struct ListOptions {
  std::optional<std::string> start;
  std::optional<std::string> start_after;
  std::optional<std::string> end;
  std::optional<std::string> prefix;
  bool reverse = false;
  std::optional<int64_t> limit;
};

// One value of the SQL API: NULL, INTEGER, REAL, TEXT or BLOB.
struct SqlBlob {
  std::string bytes;
};
using SqlValue = std::variant<std::monostate, int64_t, double, std::string, SqlBlob>;

// What sql.exec() returns: the last statement's column names and rows, and the counts Cloudflare
// bills (rowsRead is approximated: see object_storage_sql.cc).
struct SqlCursorData {
  std::vector<std::string> column_names;
  std::vector<std::vector<SqlValue>> rows;
  int64_t rows_read = 0;
  int64_t rows_written = 0;
};

class ObjectStorage {
 public:
  // Opens (creating it, and its directory, on first use) the object's file at `path`.
  static StorageResult<std::unique_ptr<ObjectStorage>> open(const std::filesystem::path& path,
                                                            ObjectStorageOptions options = {});
  ~ObjectStorage();
  ObjectStorage(const ObjectStorage&) = delete;
  ObjectStorage& operator=(const ObjectStorage&) = delete;

  // Key-value API (object_storage_kv.cc). Keys are UTF-8 strings compared bytewise.
  StorageResult<std::optional<std::string>> get(std::string_view key);
  // The entries that exist among `keys` (at most 128), in key order.
  StorageResult<std::vector<KeyValue>> getMany(std::span<const std::string> keys);
  StorageStatus put(std::string_view key, std::string_view value);
  // All of them or none (at most 128).
  StorageStatus putMany(std::span<const KeyValue> entries);
  // Whether the key existed.
  StorageResult<bool> remove(std::string_view key);
  // How many of the (at most 128) keys existed.
  StorageResult<int64_t> removeMany(std::span<const std::string> keys);
  StorageResult<std::vector<KeyValue>> list(const ListOptions& options);
  // Deletes every key and, for SQLite-backed objects, every SQL table, view, index and trigger
  // (Cloudflare's deleteAll()); the alarm stays. Returns how many keys were deleted.
  StorageResult<int64_t> deleteAll();

  // SQL API (object_storage_sql.cc): one or more statements; only the last may have parameters,
  // and only its rows are returned. Tables named `_cf_*` are reserved.
  StorageResult<SqlCursorData> exec(std::string_view sql, std::span<const SqlValue> bindings);
  // Bytes the database uses (pages in use × page size), as ctx.storage.sql.databaseSize.
  StorageResult<int64_t> databaseSize();

  // The alarm: at most one scheduled time, in milliseconds since the epoch.
  StorageResult<std::optional<int64_t>> getAlarm();
  StorageStatus setAlarm(int64_t scheduled_ms);
  StorageStatus deleteAlarm();

  // Nested transactions. begin returns the new depth (1 for the outermost); release keeps the
  // innermost savepoint's writes in the enclosing transaction, rollback discards them. Both end
  // the innermost savepoint.
  StorageResult<int> beginSavepoint();
  StorageStatus releaseSavepoint();
  StorageStatus rollbackSavepoint();
  int savepointDepth() const { return savepoint_depth_; }

  // Commits the writes made since the last flush. While a savepoint is open nothing is
  // committed yet (a transaction() closure is still running); the next flush commits.
  StorageStatus flush();
  // Writes made but not committed yet.
  bool hasUncommittedWrites() const { return transaction_open_; }
  // A commit failed or SQLite rolled back uncommitted writes: the object must be discarded.
  bool broken() const { return broken_; }

  StorageBackend backend() const { return options_.backend; }
  const std::filesystem::path& path() const { return db_.path(); }

 private:
  friend class SqlRun;
  ObjectStorage(storage::Database db, ObjectStorageOptions options);

  StorageStatus initialize();
  // Opens the implicit transaction before a write.
  StorageStatus beginWrite();
  // Runs trusted (edged's own) SQL that returns no rows.
  StorageStatus run(std::string_view sql);
  // The error for a failed SQLite call `what`; marks the object broken when SQLite rolled back
  // the implicit transaction on its own.
  StorageError failure(std::string_view what);
  StorageStatus checkKeyCount(size_t count) const;
  StorageStatus checkEntry(std::string_view key, std::string_view value) const;
  StorageStatus checkKey(std::string_view key) const;
  StorageResult<int64_t> keyCount();
  StorageStatus dropUserSchema();

  static int authorize(void* self, int action, const char* first, const char* second,
                       const char* database, const char* trigger);

  storage::Database db_;
  ObjectStorageOptions options_;
  bool transaction_open_ = false;
  bool broken_ = false;
  int savepoint_depth_ = 0;
  // True while user SQL is prepared or stepped: the authorizer then applies Cloudflare's rules.
  bool user_sql_ = false;
  // Set by the authorizer when it refused a transaction statement, whose error workerd words
  // itself instead of SQLite's "not authorized".
  bool refused_transaction_ = false;
};

}  // namespace edged::bindings::durable_objects
