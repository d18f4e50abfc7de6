#include "edged/bindings/kv/kv_store.h"

#include <fmt/format.h>

#include <array>
#include <system_error>

#include "edged/storage/migrations.h"

namespace edged::bindings::kv {
namespace {

// A rowid table (not WITHOUT ROWID): values reach 25 MiB and belong in overflow pages, not in
// the key's b-tree. TEXT with SQLite's BINARY collation orders keys by their UTF-8 bytes, the
// order list() promises. The partial index finds expired entries without scanning the rest.
constexpr storage::Migration kSchema[] = {
    {1,
     "CREATE TABLE entries (key TEXT PRIMARY KEY NOT NULL, value BLOB NOT NULL,"
     " expiration INTEGER, metadata TEXT);"
     "CREATE INDEX entries_by_expiration ON entries (expiration) WHERE expiration IS NOT NULL;"},
};

constexpr std::string_view kLive = "(expiration IS NULL OR expiration > ?2)";

// The smallest string greater than every string starting with `prefix` (nullopt: none is).
std::optional<std::string> prefixEnd(std::string_view prefix) {
  std::string end(prefix);
  while (!end.empty() && static_cast<unsigned char>(end.back()) == 0xff) end.pop_back();
  if (end.empty()) return std::nullopt;
  end.back() = static_cast<char>(static_cast<unsigned char>(end.back()) + 1);
  return end;
}

constexpr std::string_view kBase64Url =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

}  // namespace

std::string encodeCursor(std::string_view last_key) {
  std::string out;
  uint32_t bits = 0;
  int count = 0;
  for (unsigned char byte : last_key) {
    bits = (bits << 8) | byte;
    count += 8;
    while (count >= 6) {
      count -= 6;
      out += kBase64Url[(bits >> count) & 0x3f];
    }
  }
  if (count > 0) out += kBase64Url[(bits << (6 - count)) & 0x3f];
  return out;
}

std::string decodeCursor(std::string_view cursor) {
  std::string out;
  uint32_t bits = 0;
  int count = 0;
  for (char c : cursor) {
    size_t value = kBase64Url.find(c);
    if (value == std::string_view::npos) return {};
    bits = (bits << 6) | static_cast<uint32_t>(value);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out += static_cast<char>((bits >> count) & 0xff);
    }
  }
  return out;
}

Result<std::unique_ptr<KvStore>> KvStore::open(const std::filesystem::path& path) {
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  if (ec) {
    return makeError(fmt::format("cannot create {}: {}", path.parent_path().string(), ec.message()));
  }
  Result<storage::Database> db = storage::Database::open(path);
  if (!db.ok()) return db.error();
  Status migrated = storage::migrate(db.value(), kSchema);
  if (!migrated.ok()) return migrated.error();
  return std::unique_ptr<KvStore>(new KvStore(std::move(db).value()));
}

Error KvStore::failure(std::string_view what) const { return storage::sqliteError(db_.handle(), what); }

Result<std::optional<KvEntry>> KvStore::get(std::string_view key, int64_t now) {
  Result<storage::Statement> stmt = db_.prepare(
      fmt::format("SELECT value, expiration, metadata FROM entries WHERE key = ?1 AND {}", kLive));
  if (!stmt.ok()) return stmt.error();
  stmt->bind(1, key).bind(2, now);
  Result<bool> row = stmt->step();
  if (!row.ok()) return failure("cannot read a KV value");
  if (!row.value()) return std::optional<KvEntry>();
  KvEntry entry;
  std::span<const uint8_t> value = stmt->columnBlob(0);
  entry.value.assign(reinterpret_cast<const char*>(value.data()), value.size());
  if (!stmt->columnIsNull(1)) entry.expiration = stmt->columnInt(1);
  if (!stmt->columnIsNull(2)) entry.metadata = std::string(stmt->columnText(2));
  stmt->reset();
  return std::optional<KvEntry>(std::move(entry));
}

Result<std::optional<uint64_t>> KvStore::valueSize(std::string_view key, int64_t now) {
  // length() of a BLOB comes from the record header: the value itself is not read.
  Result<storage::Statement> stmt = db_.prepare(
      fmt::format("SELECT length(value) FROM entries WHERE key = ?1 AND {}", kLive));
  if (!stmt.ok()) return stmt.error();
  stmt->bind(1, key).bind(2, now);
  Result<bool> row = stmt->step();
  if (!row.ok()) return failure("cannot read a KV value");
  if (!row.value()) return std::optional<uint64_t>();
  auto size = static_cast<uint64_t>(stmt->columnInt(0));
  stmt->reset();
  return std::optional<uint64_t>(size);
}

Status KvStore::put(std::string_view key, std::span<const uint8_t> value,
                    std::optional<int64_t> expiration, std::optional<std::string_view> metadata) {
  Result<storage::Statement> stmt = db_.prepare(
      "INSERT INTO entries (key, value, expiration, metadata) VALUES (?1, ?2, ?3, ?4)"
      " ON CONFLICT (key) DO UPDATE SET value = excluded.value,"
      " expiration = excluded.expiration, metadata = excluded.metadata");
  if (!stmt.ok()) return stmt.error();
  stmt->bind(1, key).bindBlob(2, value);
  if (expiration) stmt->bind(3, *expiration); else stmt->bindNull(3);
  if (metadata) stmt->bind(4, *metadata); else stmt->bindNull(4);
  if (!stmt->run().ok()) return failure("cannot write a KV value");
  return Ok{};
}

Status KvStore::remove(std::string_view key) {
  Result<storage::Statement> stmt = db_.prepare("DELETE FROM entries WHERE key = ?1");
  if (!stmt.ok()) return stmt.error();
  if (!stmt->bind(1, key).run().ok()) return failure("cannot delete a KV value");
  return Ok{};
}

Result<KvListPage> KvStore::list(const KvListOptions& options, int64_t now) {
  // The page starts after the cursor's key, or at the prefix: whichever is later.
  std::string after = decodeCursor(options.cursor);
  std::optional<std::string> end = prefixEnd(options.prefix);
  Result<storage::Statement> stmt = db_.prepare(fmt::format(
      "SELECT key, expiration, metadata FROM entries"
      " WHERE key > ?1 AND key >= ?3 AND (?4 IS NULL OR key < ?4) AND {}"
      " ORDER BY key LIMIT ?5",
      kLive));
  if (!stmt.ok()) return stmt.error();
  stmt->bind(1, after).bind(2, now).bind(3, options.prefix);
  if (end) stmt->bind(4, *end); else stmt->bindNull(4);
  stmt->bind(5, options.limit + 1);  // one more than asked: is there another page?
  KvListPage page;
  for (;;) {
    Result<bool> row = stmt->step();
    if (!row.ok()) return failure("cannot list KV keys");
    if (!row.value()) break;
    if (static_cast<int64_t>(page.keys.size()) == options.limit) {
      page.cursor = encodeCursor(page.keys.back().name);
      stmt->reset();
      break;
    }
    KvListKey key;
    key.name = std::string(stmt->columnText(0));
    if (!stmt->columnIsNull(1)) key.expiration = stmt->columnInt(1);
    if (!stmt->columnIsNull(2)) key.metadata = std::string(stmt->columnText(2));
    page.keys.push_back(std::move(key));
  }
  return page;
}

Result<int64_t> KvStore::purgeExpired(int64_t now, int64_t max_rows) {
  Result<storage::Statement> stmt = db_.prepare(
      "DELETE FROM entries WHERE rowid IN (SELECT rowid FROM entries"
      " WHERE expiration IS NOT NULL AND expiration <= ?1 LIMIT ?2)");
  if (!stmt.ok()) return stmt.error();
  if (!stmt->bind(1, now).bind(2, max_rows).run().ok()) return failure("cannot purge expired keys");
  return db_.changes();
}

}  // namespace edged::bindings::kv
