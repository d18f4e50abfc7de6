// The key-value API of ObjectStorage over the `_cf_KV` table: get, put, delete (one key or up
// to 128) and list() with Cloudflare's range options.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "edged/bindings/durable_objects/object_storage.h"
#include "list_range.h"

namespace edged::bindings::durable_objects {
namespace {

std::span<const uint8_t> bytesOf(std::string_view value) {
  return {reinterpret_cast<const uint8_t*>(value.data()), value.size()};
}

std::string stringOf(std::span<const uint8_t> bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

}  // namespace

StorageResult<std::optional<std::string>> ObjectStorage::get(std::string_view key) {
  StorageStatus key_ok = checkKey(key);
  if (!key_ok.ok()) return key_ok.error();
  Result<storage::Statement> stmt = db_.prepare("SELECT value FROM _cf_KV WHERE key = ?");
  if (!stmt.ok()) return failure("cannot read a key");
  stmt->bind(1, key);
  Result<bool> row = stmt->step();
  if (!row.ok()) return failure("cannot read a key");
  if (!row.value()) return std::optional<std::string>();
  std::string value = stringOf(stmt->columnBlob(0));
  stmt->reset();
  return std::optional<std::string>(std::move(value));
}

StorageResult<std::vector<KeyValue>> ObjectStorage::getMany(std::span<const std::string> keys) {
  StorageStatus count_ok = checkKeyCount(keys.size());
  if (!count_ok.ok()) return count_ok.error();
  std::set<std::string_view> sorted(keys.begin(), keys.end());
  std::vector<KeyValue> found;
  for (std::string_view key : sorted) {
    StorageResult<std::optional<std::string>> value = get(key);
    if (!value.ok()) return value.error();
    if (value.value()) found.push_back({std::string(key), std::move(*value.value())});
  }
  return found;
}

StorageStatus ObjectStorage::put(std::string_view key, std::string_view value) {
  StorageStatus entry_ok = checkEntry(key, value);
  if (!entry_ok.ok()) return entry_ok;
  StorageStatus begun = beginWrite();
  if (!begun.ok()) return begun;
  Result<storage::Statement> stmt =
      db_.prepare("INSERT OR REPLACE INTO _cf_KV (key, value) VALUES (?, ?)");
  if (!stmt.ok() || !stmt->bind(1, key).bindBlob(2, bytesOf(value)).run().ok()) {
    return failure("cannot write a key");
  }
  return Done{};
}

StorageStatus ObjectStorage::putMany(std::span<const KeyValue> entries) {
  StorageStatus count_ok = checkKeyCount(entries.size());
  if (!count_ok.ok()) return count_ok;
  // Every entry is checked before any is written: all of them or none.
  for (const KeyValue& entry : entries) {
    StorageStatus entry_ok = checkEntry(entry.key, entry.value);
    if (!entry_ok.ok()) return entry_ok;
  }
  StorageResult<int> saved = beginSavepoint();
  if (!saved.ok()) return saved.error();
  for (const KeyValue& entry : entries) {
    StorageStatus written = put(entry.key, entry.value);
    if (!written.ok()) {
      if (!broken_) (void)rollbackSavepoint();
      return written;
    }
  }
  return releaseSavepoint();
}

StorageResult<bool> ObjectStorage::remove(std::string_view key) {
  StorageStatus key_ok = checkKey(key);
  if (!key_ok.ok()) return key_ok.error();
  StorageStatus begun = beginWrite();
  if (!begun.ok()) return begun.error();
  Result<storage::Statement> stmt = db_.prepare("DELETE FROM _cf_KV WHERE key = ?");
  if (!stmt.ok() || !stmt->bind(1, key).run().ok()) return failure("cannot delete a key");
  return db_.changes() > 0;
}

StorageResult<int64_t> ObjectStorage::removeMany(std::span<const std::string> keys) {
  StorageStatus count_ok = checkKeyCount(keys.size());
  if (!count_ok.ok()) return count_ok.error();
  for (const std::string& key : keys) {
    StorageStatus key_ok = checkKey(key);
    if (!key_ok.ok()) return key_ok.error();
  }
  // A key listed twice exists once.
  std::set<std::string_view> distinct(keys.begin(), keys.end());
  int64_t deleted = 0;
  for (std::string_view key : distinct) {
    StorageResult<bool> existed = remove(key);
    if (!existed.ok()) return existed.error();
    deleted += existed.value() ? 1 : 0;
  }
  return deleted;
}

StorageResult<std::vector<KeyValue>> ObjectStorage::list(const ListOptions& options) {
  StorageResult<std::optional<KeyRange>> range = listRange(options);
  if (!range.ok()) return range.error();
  std::vector<KeyValue> entries;
  if (!range.value()) return entries;  // no key can match
  const KeyRange& keys = *range.value();
  std::string sql = fmt::format("SELECT key, value FROM _cf_KV WHERE key >= ?1{} ORDER BY key{}{}",
                                keys.end ? " AND key < ?2" : "", options.reverse ? " DESC" : "",
                                options.limit ? " LIMIT ?3" : "");
  Result<storage::Statement> stmt = db_.prepare(sql);
  if (!stmt.ok()) return failure("cannot list keys");
  stmt->bind(1, keys.start);
  if (keys.end) stmt->bind(2, *keys.end);
  if (options.limit) stmt->bind(3, *options.limit);
  for (;;) {
    Result<bool> row = stmt->step();
    if (!row.ok()) return failure("cannot list keys");
    if (!row.value()) break;
    entries.push_back({std::string(stmt->columnText(0)), stringOf(stmt->columnBlob(1))});
  }
  return entries;
}

}  // namespace edged::bindings::durable_objects
