// BucketStore: opening the bucket, reading and replacing objects, deleting, sweeping leftovers.
// Listing is in bucket_store_list.cc, multipart uploads in bucket_store_multipart.cc.
#include "edged/bindings/r2/bucket_store.h"

#include <openssl/rand.h>

#include <array>
#include <chrono>
#include <set>
#include <system_error>

#include "bucket_rows.h"
#include "edged/bindings/r2/blob_upload.h"
#include "edged/storage/blob_file.h"
#include "edged/storage/migrations.h"
#include "edged/storage/transaction.h"
#include "edged/util/log.h"

namespace edged::bindings::r2 {
namespace {

// objects: one row per key. uploads: every multipart upload ever created (state 0 in progress,
// 1 completed, 2 aborted), so abort after complete can be told from an unknown upload. parts:
// the parts of uploads in progress. Keys compare as bytes (BINARY collation), R2's list order.
constexpr storage::Migration kSchema[] = {
    {1,
     "CREATE TABLE objects (key TEXT PRIMARY KEY, blob TEXT NOT NULL, version TEXT NOT NULL,"
     " size INTEGER NOT NULL, etag TEXT NOT NULL, uploaded INTEGER NOT NULL,"
     " checksums TEXT NOT NULL, http_metadata TEXT NOT NULL, custom_metadata TEXT NOT NULL,"
     " storage_class TEXT NOT NULL) WITHOUT ROWID;"
     "CREATE TABLE uploads (upload_id TEXT PRIMARY KEY, key TEXT NOT NULL, state INTEGER NOT NULL,"
     " http_metadata TEXT NOT NULL, custom_metadata TEXT NOT NULL, storage_class TEXT NOT NULL,"
     " created INTEGER NOT NULL) WITHOUT ROWID;"
     "CREATE TABLE parts (upload_id TEXT NOT NULL, part_number INTEGER NOT NULL,"
     " blob TEXT NOT NULL, size INTEGER NOT NULL, etag TEXT NOT NULL, md5 TEXT NOT NULL,"
     " PRIMARY KEY (upload_id, part_number)) WITHOUT ROWID;"},
};

// A blob file this old that no row names was left by a crashed writer (live writers touch
// their files continuously and name them in the index right after committing them).
constexpr auto kLeftoverAge = std::chrono::hours(1);

std::string randomHex(size_t bytes) {
  std::array<uint8_t, 64> buffer{};
  RAND_bytes(buffer.data(), static_cast<int>(bytes));
  return toHex(std::span<const uint8_t>(buffer.data(), bytes));
}

}  // namespace

int64_t nowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

ObjectMeta readObjectRow(const storage::Statement& row) {
  ObjectMeta meta;
  meta.key = std::string(row.columnText(0));
  meta.blob = std::string(row.columnText(1));
  meta.version = std::string(row.columnText(2));
  meta.size = static_cast<uint64_t>(row.columnInt(3));
  meta.etag = std::string(row.columnText(4));
  meta.uploaded_ms = row.columnInt(5);
  meta.checksums = std::string(row.columnText(6));
  meta.http_metadata = std::string(row.columnText(7));
  meta.custom_metadata = std::string(row.columnText(8));
  meta.storage_class = std::string(row.columnText(9));
  return meta;
}

Result<BucketStore> BucketStore::open(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir / "blobs", ec);
  if (ec) return makeError("cannot create " + (dir / "blobs").string() + ": " + ec.message());
  Result<storage::Database> db = storage::Database::open(dir / "index.sqlite");
  if (!db.ok()) return db.error();
  if (Status migrated = storage::migrate(db.value(), kSchema); !migrated.ok()) {
    return migrated.error();
  }
  BucketStore store(std::move(db).value(), dir);
  store.sweepLeftovers();
  return store;
}

std::string BucketStore::newBlobName() { return randomHex(16); }
std::string BucketStore::newVersion() { return randomHex(16); }

void BucketStore::sweepLeftovers() {
  std::error_code ec;
  auto cutoff = std::filesystem::file_time_type::clock::now() - kLeftoverAge;
  std::vector<std::filesystem::path> old;
  for (const auto& entry : std::filesystem::directory_iterator(dir_ / "blobs", ec)) {
    std::error_code time_ec;
    auto mtime = entry.last_write_time(time_ec);
    if (!time_ec && mtime < cutoff) old.push_back(entry.path());
  }
  if (old.empty()) return;
  std::set<std::string, std::less<>> referenced;
  for (const char* sql : {"SELECT blob FROM objects", "SELECT blob FROM parts"}) {
    Result<storage::Statement> stmt = db_.prepare(sql);
    if (!stmt.ok()) return;
    for (;;) {
      Result<bool> row = stmt->step();
      if (!row.ok()) return;  // unsure what is referenced: keep everything
      if (!row.value()) break;
      referenced.emplace(stmt->columnText(0));
    }
  }
  for (const auto& path : old) {
    std::string name = path.filename().string();
    if (storage::isTemporaryFileName(name) || !referenced.contains(name)) {
      std::filesystem::remove(path, ec);
      if (!ec) log::info("r2: removed the leftover blob file " + path.string());
    }
  }
}

Result<std::optional<ObjectMeta>> BucketStore::head(std::string_view key) {
  return currentObject(db_, key);
}

Result<std::optional<ObjectMeta>> currentObject(storage::Database& db, std::string_view key) {
  Result<storage::Statement> stmt = db.prepare(
      "SELECT key, blob, version, size, etag, uploaded, checksums, http_metadata,"
      " custom_metadata, storage_class FROM objects WHERE key = ?");
  if (!stmt.ok()) return stmt.error();
  stmt->bind(1, key);
  Result<bool> row = stmt->step();
  if (!row.ok()) return row.error();
  if (!row.value()) return std::optional<ObjectMeta>();
  ObjectMeta meta = readObjectRow(stmt.value());
  stmt->reset();
  return std::optional<ObjectMeta>(std::move(meta));
}

Status writeObjectRow(storage::Database& db, const ObjectMeta& o) {
  Result<storage::Statement> stmt = db.prepare(
      "INSERT OR REPLACE INTO objects (key, blob, version, size, etag, uploaded, checksums,"
      " http_metadata, custom_metadata, storage_class) VALUES (?,?,?,?,?,?,?,?,?,?)");
  if (!stmt.ok()) return stmt.error();
  stmt->bind(1, o.key).bind(2, o.blob).bind(3, o.version).bind(4, static_cast<int64_t>(o.size));
  stmt->bind(5, o.etag).bind(6, o.uploaded_ms).bind(7, o.checksums).bind(8, o.http_metadata);
  stmt->bind(9, o.custom_metadata).bind(10, o.storage_class);
  return stmt->run();
}

Result<WriteOutcome> BucketStore::commitObject(ObjectMeta object, const Conditional* only_if) {
  WriteOutcome outcome;
  std::string replaced;
  {
    Result<storage::Transaction> tx = storage::Transaction::begin(db_);
    if (!tx.ok()) return tx.error();
    Result<std::optional<ObjectMeta>> current = currentObject(db_, object.key);
    if (!current.ok()) return current.error();
    if (only_if != nullptr) {
      const std::optional<ObjectMeta>& c = current.value();
      if (!conditionHolds(*only_if, c ? &c->etag : nullptr, c ? c->uploaded_ms : 0)) {
        outcome.error.code = R2ErrorCode::kPreconditionFailed;
        return outcome;
      }
    }
    object.version = newVersion();
    object.uploaded_ms = nowMs();
    if (Status written = writeObjectRow(db_, object); !written.ok()) return written.error();
    if (Status committed = tx->commit(); !committed.ok()) return committed.error();
    if (current.value()) replaced = current.value()->blob;
  }
  if (!replaced.empty() && replaced != object.blob) unlinkBlobs({replaced});
  outcome.object = std::move(object);
  return outcome;
}

Status BucketStore::remove(const std::vector<std::string>& keys) {
  std::vector<std::string> removed;
  {
    Result<storage::Transaction> tx = storage::Transaction::begin(db_);
    if (!tx.ok()) return tx.error();
    Result<storage::Statement> stmt = db_.prepare("DELETE FROM objects WHERE key = ? RETURNING blob");
    if (!stmt.ok()) return stmt.error();
    for (const std::string& key : keys) {
      stmt->bind(1, key);
      for (;;) {
        Result<bool> row = stmt->step();
        if (!row.ok()) return row.error();
        if (!row.value()) break;
        removed.emplace_back(stmt->columnText(0));
      }
    }
    if (Status committed = tx->commit(); !committed.ok()) return committed.error();
  }
  unlinkBlobs(removed);
  return Ok{};
}

void BucketStore::unlinkBlobs(const std::vector<std::string>& blobs) const {
  for (const std::string& blob : blobs) {
    std::error_code ignored;
    std::filesystem::remove(blobPath(blob), ignored);
  }
}

}  // namespace edged::bindings::r2
