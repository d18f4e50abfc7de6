#pragma once
// One KV namespace on disk: a SQLite file (<data-dir>/kv/<namespace>.sqlite) holding each
// key's value inline, its expiration and its metadata. No V8: the binding's ops, `edged kv`
// and the unit tests drive it directly. Arguments are assumed checked (kv_limits.h).
//
// A KvStore is one connection and belongs to one thread; every serving thread opens its own
// on the same file (WAL: readers never wait for the writer; writers wait for each other up to
// the busy timeout). A put or delete is committed when the call returns and survives kill -9.
//
// Time is passed in (seconds since the epoch), so tests can move it: an entry whose
// expiration is at or before `now` is never returned, and purgeExpired() removes it for good.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "edged/storage/database.h"
#include "edged/util/result.h"

namespace edged::bindings::kv {

struct KvEntry {
  std::string value;
  std::optional<int64_t> expiration;     // seconds since the epoch
  std::optional<std::string> metadata;   // serialized JSON
};

struct KvListOptions {
  std::string prefix;
  int64_t limit = 1000;
  std::string cursor;  // from a previous page; empty: from the first key
};

struct KvListKey {
  std::string name;
  std::optional<int64_t> expiration;
  std::optional<std::string> metadata;
};

struct KvListPage {
  std::vector<KvListKey> keys;          // in UTF-8 byte order
  std::optional<std::string> cursor;    // set when more keys follow
};

class KvStore {
 public:
  // Opens (creating if needed) the namespace file and its directory.
  static Result<std::unique_ptr<KvStore>> open(const std::filesystem::path& path);

  Result<std::optional<KvEntry>> get(std::string_view key, int64_t now);
  // The size of the live value under `key` (nullopt when absent), without reading it.
  Result<std::optional<uint64_t>> valueSize(std::string_view key, int64_t now);
  Status put(std::string_view key, std::span<const uint8_t> value,
             std::optional<int64_t> expiration, std::optional<std::string_view> metadata);
  Status remove(std::string_view key);
  Result<KvListPage> list(const KvListOptions& options, int64_t now);
  // Deletes up to `max_rows` expired entries; returns how many went.
  Result<int64_t> purgeExpired(int64_t now, int64_t max_rows);

  const std::filesystem::path& path() const { return db_.path(); }

 private:
  explicit KvStore(storage::Database db) : db_(std::move(db)) {}
  Error failure(std::string_view what) const;

  storage::Database db_;
};

// The cursor of a page that ended at `last_key`, and back (an unreadable cursor gives "",
// listing from the first key, as the service does with a cursor it cannot decode).
std::string encodeCursor(std::string_view last_key);
std::string decodeCursor(std::string_view cursor);

}  // namespace edged::bindings::kv
