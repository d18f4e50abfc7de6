#include "cache_store.h"

#include <fmt/format.h>

#include <system_error>

#include "edged/storage/blob_file.h"
#include "edged/storage/migrations.h"
#include "edged/storage/transaction.h"

namespace edged::api::cache {
namespace {

// `bytes` is what an entry costs against the size bound: body, headers, URL and vary key.
constexpr storage::Migration kSchema[] = {
    {1, R"sql(
      CREATE TABLE entries (
        id INTEGER PRIMARY KEY,
        worker TEXT NOT NULL,
        cache TEXT NOT NULL,          -- '' for caches.default, ':' || name for caches.open(name)
        url TEXT NOT NULL,
        vary TEXT NOT NULL,           -- varyKey() of the request that was put
        status INTEGER NOT NULL,
        status_text TEXT NOT NULL,
        headers BLOB NOT NULL,        -- encodeHeaders()
        body BLOB,                    -- the body when small, else NULL
        blob TEXT,                    -- else the file under blobs/ holding it
        size INTEGER NOT NULL,        -- body bytes
        bytes INTEGER NOT NULL,       -- accounted against the size bound
        expires_at INTEGER NOT NULL,  -- ms since the epoch
        last_access INTEGER NOT NULL  -- ms since the epoch, kTouchIntervalMs granularity
      );
      CREATE INDEX entries_by_url ON entries(worker, cache, url);
      CREATE INDEX entries_by_access ON entries(last_access);
      CREATE INDEX entries_by_expiry ON entries(expires_at);
      CREATE INDEX entries_by_blob ON entries(blob) WHERE blob IS NOT NULL;
      CREATE TABLE usage (id INTEGER PRIMARY KEY CHECK (id = 1), bytes INTEGER NOT NULL);
      INSERT INTO usage VALUES (1, 0);
      CREATE TRIGGER entries_added AFTER INSERT ON entries
        BEGIN UPDATE usage SET bytes = bytes + NEW.bytes WHERE id = 1; END;
      CREATE TRIGGER entries_removed AFTER DELETE ON entries
        BEGIN UPDATE usage SET bytes = bytes - OLD.bytes WHERE id = 1; END;
      CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
      INSERT INTO meta VALUES ('last_sweep_ms', 0);
    )sql"},
};

// Rows evicted per query while over the bound.
constexpr int kEvictBatch = 64;

struct Victim {
  int64_t id;
  std::string blob;
  int64_t bytes;
};

}  // namespace

struct CacheStore::Statements {
  storage::Statement by_url;
  storage::Statement touch;
  storage::Statement remove;
  storage::Statement insert;
  storage::Statement usage;
  storage::Statement expired;
  storage::Statement least_recent;
  storage::Statement blob_referenced;
  storage::Statement claim_sweep;
};

std::string encodeHeaders(const Headers& headers) {
  std::string out;
  for (const net::HttpHeader& h : headers) {
    out += h.name;
    out += '\0';
    out += h.value;
    out += '\0';
  }
  return out;
}

Headers decodeHeaders(std::string_view encoded) {
  Headers headers;
  while (!encoded.empty()) {
    size_t name_end = encoded.find('\0');
    if (name_end == std::string_view::npos) break;
    size_t value_end = encoded.find('\0', name_end + 1);
    if (value_end == std::string_view::npos) break;
    headers.push_back({std::string(encoded.substr(0, name_end)),
                       std::string(encoded.substr(name_end + 1, value_end - name_end - 1))});
    encoded.remove_prefix(value_end + 1);
  }
  return headers;
}

Result<std::unique_ptr<CacheStore>> CacheStore::open(const std::filesystem::path& dir,
                                                     const CacheLimits& limits) {
  std::error_code ec;
  std::filesystem::create_directories(dir / "blobs", ec);
  if (ec)
    return makeError(fmt::format("cannot create {}: {}", (dir / "blobs").string(), ec.message()));
  // A cache may lose its newest writes on power loss (never on a crash): kProcessCrash.
  Result<storage::Database> db = storage::Database::open(dir / "index.sqlite");
  if (!db.ok()) return db.error();
  if (Status migrated = storage::migrate(db.value(), kSchema); !migrated.ok()) {
    return migrated.error();
  }
  std::unique_ptr<CacheStore> store(new CacheStore(dir, std::move(db).value(), limits));
  storage::Database& d = store->db_;
  const char* sql[] = {
      "SELECT id, vary, status, status_text, headers, body, blob, size, expires_at, last_access "
      "FROM entries WHERE worker = ?1 AND cache = ?2 AND url = ?3",
      "UPDATE entries SET last_access = ?2 WHERE id = ?1",
      "DELETE FROM entries WHERE id = ?1",
      "INSERT INTO entries (worker, cache, url, vary, status, status_text, headers, body, blob, "
      "size, bytes, expires_at, last_access) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
      "?11, ?12, ?13)",
      "SELECT bytes FROM usage WHERE id = 1",
      "SELECT id, blob, bytes FROM entries WHERE expires_at <= ?1 LIMIT 256",
      "SELECT id, blob, bytes FROM entries WHERE id != ?1 ORDER BY last_access LIMIT 64",
      "SELECT 1 FROM entries WHERE blob = ?1",
      "UPDATE meta SET value = ?1 WHERE key = 'last_sweep_ms' AND value <= ?2",
  };
  std::vector<storage::Statement> prepared;
  for (const char* text : sql) {
    Result<storage::Statement> stmt = d.prepare(text);
    if (!stmt.ok()) return stmt.error();
    prepared.push_back(std::move(stmt).value());
  }
  store->statements_.reset(
      new Statements{std::move(prepared[0]), std::move(prepared[1]), std::move(prepared[2]),
                     std::move(prepared[3]), std::move(prepared[4]), std::move(prepared[5]),
                     std::move(prepared[6]), std::move(prepared[7]), std::move(prepared[8])});
  return store;
}

CacheStore::CacheStore(std::filesystem::path dir, storage::Database db, const CacheLimits& limits)
    : dir_(std::move(dir)), db_(std::move(db)), limits_(limits), random_(std::random_device{}()) {}

CacheStore::~CacheStore() = default;

std::filesystem::path CacheStore::blobPath(std::string_view blob) const {
  return dir_ / "blobs" / std::string(blob.substr(0, 2)) / std::string(blob);
}

Result<std::string> CacheStore::newBlobName() {
  std::string name = fmt::format("{:016x}{:016x}", random_(), random_());
  std::error_code ec;
  std::filesystem::create_directories(blobPath(name).parent_path(), ec);
  if (ec) return makeError(fmt::format("cannot create a blob directory: {}", ec.message()));
  return name;
}

void CacheStore::unlinkBlobs(const std::vector<std::string>& blobs) {
  std::error_code ignored;  // a blob already gone (removed by another thread) is fine
  for (const std::string& blob : blobs) std::filesystem::remove(blobPath(blob), ignored);
}

Result<std::optional<FoundEntry>> CacheStore::find(const CacheId& id, std::string_view url,
                                                   const Headers& request_headers, int64_t now_ms,
                                                   bool* expired_found) {
  storage::Statement& q = statements_->by_url;
  q.bind(1, id.worker).bind(2, id.cache).bind(3, url);
  std::optional<FoundEntry> found;
  int64_t touch_id = -1;
  std::vector<Victim> expired;
  for (;;) {
    Result<bool> row = q.step();
    if (!row.ok()) return row.error();
    if (!row.value()) break;
    std::span<const uint8_t> encoded = q.columnBlob(4);
    Headers headers =
        decodeHeaders({reinterpret_cast<const char*>(encoded.data()), encoded.size()});
    if (found || varyKey(headers, request_headers) != q.columnText(1)) continue;
    if (q.columnInt(8) <= now_ms) {
      expired.push_back({q.columnInt(0), std::string(q.columnText(6)), 0});
      continue;
    }
    FoundEntry entry;
    entry.response.status = static_cast<int>(q.columnInt(2));
    entry.response.status_text = std::string(q.columnText(3));
    entry.response.headers = std::move(headers);
    entry.response.size = static_cast<uint64_t>(q.columnInt(7));
    std::span<const uint8_t> body = q.columnBlob(5);
    entry.body.assign(body.begin(), body.end());
    entry.blob = std::string(q.columnText(6));
    if (now_ms - q.columnInt(9) >= kTouchIntervalMs) touch_id = q.columnInt(0);
    found = std::move(entry);
  }
  if (touch_id >= 0) {
    if (Status touched = statements_->touch.bind(1, touch_id).bind(2, now_ms).run();
        !touched.ok()) {
      return touched.error();
    }
  }
  std::vector<std::string> blobs;
  for (const Victim& v : expired) {
    if (Status removed = statements_->remove.bind(1, v.id).run(); !removed.ok()) {
      return removed.error();
    }
    if (!v.blob.empty()) blobs.push_back(v.blob);
  }
  unlinkBlobs(blobs);
  if (expired_found != nullptr) *expired_found = !expired.empty();
  return found;
}

Status CacheStore::insert(const CacheId& id, const NewEntry& entry, int64_t now_ms) {
  std::vector<std::string> dropped;
  auto fail = [&](const Error& error) -> Status {
    if (!entry.blob.empty()) unlinkBlobs({entry.blob});
    return error;
  };
  std::string headers = encodeHeaders(entry.response.headers);
  std::string vary = varyKey(entry.response.headers, entry.request_headers);
  int64_t bytes =
      static_cast<int64_t>(entry.response.size + headers.size() + entry.url.size() + vary.size());
  // Bigger than the whole bound: not stored, as Workers drops objects over its size limit.
  if (static_cast<uint64_t>(bytes) > limits_.max_total_bytes) {
    if (!entry.blob.empty()) unlinkBlobs({entry.blob});
    return Ok{};
  }

  Result<storage::Transaction> tx = storage::Transaction::begin(db_);
  if (!tx.ok()) return fail(tx.error());
  // The entry the same request would match is replaced (other variants stay).
  storage::Statement& q = statements_->by_url;
  q.bind(1, id.worker).bind(2, id.cache).bind(3, entry.url);
  std::vector<Victim> replaced;
  for (;;) {
    Result<bool> row = q.step();
    if (!row.ok()) return fail(row.error());
    if (!row.value()) break;
    std::span<const uint8_t> encoded = q.columnBlob(4);
    Headers stored = decodeHeaders({reinterpret_cast<const char*>(encoded.data()), encoded.size()});
    if (varyKey(stored, entry.request_headers) == q.columnText(1)) {
      replaced.push_back({q.columnInt(0), std::string(q.columnText(6)), 0});
    }
  }
  for (const Victim& v : replaced) {
    if (Status removed = statements_->remove.bind(1, v.id).run(); !removed.ok()) {
      return fail(removed.error());
    }
    if (!v.blob.empty()) dropped.push_back(v.blob);
  }

  storage::Statement& insert = statements_->insert;
  insert.bind(1, id.worker).bind(2, id.cache).bind(3, entry.url).bind(4, vary);
  insert.bind(5, entry.response.status).bind(6, entry.response.status_text);
  insert.bindBlob(7, {reinterpret_cast<const uint8_t*>(headers.data()), headers.size()});
  if (entry.blob.empty()) {
    insert.bindBlob(8, entry.body).bindNull(9);
  } else {
    insert.bindNull(8).bind(9, entry.blob);
  }
  insert.bind(10, static_cast<int64_t>(entry.response.size)).bind(11, bytes);
  insert.bind(12, entry.expires_at_ms).bind(13, now_ms);
  if (Status inserted = insert.run(); !inserted.ok()) return fail(inserted.error());
  if (Status evicted = evict(now_ms, dropped); !evicted.ok()) return fail(evicted.error());
  if (Status committed = tx->commit(); !committed.ok()) return fail(committed.error());
  unlinkBlobs(dropped);
  return Ok{};
}

// Inside the insert's transaction: expired entries go first, then the least recently used,
// until the total fits. The entry just inserted (the newest row) is never its own victim.
Status CacheStore::evict(int64_t now_ms, std::vector<std::string>& dropped_blobs) {
  Result<uint64_t> total = totalBytes();
  if (!total.ok()) return total.error();
  int64_t over =
      static_cast<int64_t>(total.value()) - static_cast<int64_t>(limits_.max_total_bytes);
  if (over <= 0) return Ok{};
  int64_t newest = db_.lastInsertRowId();
  for (int round = 0; over > 0; ++round) {
    storage::Statement& q = round == 0 ? statements_->expired : statements_->least_recent;
    q.bind(1, round == 0 ? now_ms : newest);
    std::vector<Victim> victims;
    for (;;) {
      Result<bool> row = q.step();
      if (!row.ok()) return row.error();
      if (!row.value()) break;
      victims.push_back({q.columnInt(0), std::string(q.columnText(1)), q.columnInt(2)});
    }
    if (round > 0 && victims.empty()) break;  // nothing left but the new entry
    for (const Victim& v : victims) {
      if (round > 0 && over <= 0) break;
      if (Status removed = statements_->remove.bind(1, v.id).run(); !removed.ok()) return removed;
      if (!v.blob.empty()) dropped_blobs.push_back(v.blob);
      over -= v.bytes;
    }
    if (round > 0 && static_cast<int>(victims.size()) < kEvictBatch) break;
  }
  return Ok{};
}

Result<bool> CacheStore::remove(const CacheId& id, std::string_view url, int64_t now_ms) {
  Result<storage::Transaction> tx = storage::Transaction::begin(db_);
  if (!tx.ok()) return tx.error();
  storage::Statement& q = statements_->by_url;
  q.bind(1, id.worker).bind(2, id.cache).bind(3, url);
  std::vector<Victim> victims;
  bool fresh = false;
  for (;;) {
    Result<bool> row = q.step();
    if (!row.ok()) return row.error();
    if (!row.value()) break;
    victims.push_back({q.columnInt(0), std::string(q.columnText(6)), 0});
    if (q.columnInt(8) > now_ms) fresh = true;
  }
  std::vector<std::string> blobs;
  for (const Victim& v : victims) {
    if (Status removed = statements_->remove.bind(1, v.id).run(); !removed.ok()) {
      return removed.error();
    }
    if (!v.blob.empty()) blobs.push_back(v.blob);
  }
  if (Status committed = tx->commit(); !committed.ok()) return committed.error();
  unlinkBlobs(blobs);
  return fresh;
}

Result<uint64_t> CacheStore::totalBytes() {
  storage::Statement& q = statements_->usage;
  Result<bool> row = q.step();
  if (!row.ok()) return row.error();
  uint64_t bytes = row.value() ? static_cast<uint64_t>(q.columnInt(0)) : 0;
  q.reset();
  return bytes;
}

Result<bool> CacheStore::claimSweep(int64_t now_ms, int64_t interval_ms) {
  storage::Statement& q = statements_->claim_sweep;
  if (Status s = q.bind(1, now_ms).bind(2, now_ms - interval_ms).run(); !s.ok()) return s.error();
  return db_.changes() == 1;
}

Result<int> CacheStore::sweepOrphans(std::chrono::seconds min_age) {
  int removed = 0;
  std::error_code ec;
  auto cutoff = std::filesystem::file_time_type::clock::now() - min_age;
  for (std::filesystem::recursive_directory_iterator it(dir_ / "blobs", ec), end; !ec && it != end;
       it.increment(ec)) {
    std::error_code stat_error;  // a file removed meanwhile: skip it
    if (!it->is_regular_file(stat_error) || stat_error ||
        it->last_write_time(stat_error) > cutoff || stat_error) {
      continue;
    }
    std::string name = it->path().filename().string();
    bool orphan = storage::isTemporaryFileName(name);
    if (!orphan) {
      storage::Statement& q = statements_->blob_referenced;
      Result<bool> row = q.bind(1, name).step();
      if (!row.ok()) return row.error();
      orphan = !row.value();
      q.reset();
    }
    std::error_code remove_error;
    if (orphan && std::filesystem::remove(it->path(), remove_error)) ++removed;
  }
  return removed;
}

}  // namespace edged::api::cache
