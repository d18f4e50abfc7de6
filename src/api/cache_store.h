#pragma once
// The Cache API's persistent store: `<data_dir>/cache/index.sqlite` (one row per cached
// response) and `<data_dir>/cache/blobs/` (bodies too big to keep in the index). Shared by all
// event-loop threads: each opens its own CacheStore, i.e. its own SQLite connection; WAL lets
// their reads run beside one writer. No V8 here.
//
// Bodies up to `inline_body_bytes` (64 KiB) are stored in the row itself: SQLite reads blobs
// that small faster than a separate file (sqlite.org "Internal Versus External BLOBs"), and a
// hit then costs one indexed read. Larger bodies are files, committed (fsynced) before the row
// that names them, so a crash can leave an unreferenced file (removed by sweepOrphans) but never
// a row pointing at a missing or partial body.
//
// Size bound: the bytes of every entry (body, headers, URL) are summed by triggers into the
// `usage` row; an insert that takes the total past `max_total_bytes` first drops expired
// entries, then the least recently used ones. "Used" is the last match, recorded with a
// granularity of kTouchIntervalMs so a hot entry is not rewritten on every hit.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "cache_match.h"
#include "edged/storage/database.h"
#include "edged/util/result.h"

namespace edged::api::cache {

struct CacheLimits {
  uint64_t max_total_bytes = 512ull << 20;  // EDGED_CACHE_MAX_BYTES
  uint64_t max_entry_bytes = 512ull << 20;  // a body larger than this is not stored
  uint64_t inline_body_bytes = 64 << 10;    // bodies up to this size live in the index
};

// Last-access times closer together than this are not written again.
constexpr int64_t kTouchIntervalMs = 1000;

// One namespace of cached responses: a Worker's caches.default (cache ""), caches.open(name)
// (cache ":" + name) or the cache its fetch() subrequests pass through (cache "fetch", which no
// name given to caches.open() can reach), so Workers on one server never see each other's.
struct CacheId {
  std::string worker;
  std::string cache;
};

struct FoundEntry {
  StoredResponse response;
  std::vector<uint8_t> body;  // the body when it is inline
  std::string blob;           // else the name of its file (blobPath())
};

struct NewEntry {
  std::string url;
  Headers request_headers;    // of the put's request: for Vary
  StoredResponse response;    // headers as decided by decideStorage()
  std::vector<uint8_t> body;  // inline body, or
  std::string blob;           // the committed file holding it
  int64_t expires_at_ms = 0;
};

class CacheStore {
 public:
  // Opens `dir`/index.sqlite (creating the directory tree and schema as needed).
  static Result<std::unique_ptr<CacheStore>> open(const std::filesystem::path& dir,
                                                  const CacheLimits& limits);
  ~CacheStore();

  // The fresh entry for `url` whose Vary'd request headers match `request_headers`. An expired
  // match is deleted on the way, and `*expired_found` (when given) says whether there was one.
  Result<std::optional<FoundEntry>> find(const CacheId& id, std::string_view url,
                                         const Headers& request_headers, int64_t now_ms,
                                         bool* expired_found = nullptr);
  // Stores an entry, replacing the one the same request would match, then evicts down to the
  // size bound. On failure the entry's blob file (if any) is removed.
  Status insert(const CacheId& id, const NewEntry& entry, int64_t now_ms);
  // Deletes every variant stored for `url`; true when a fresh one was among them.
  Result<bool> remove(const CacheId& id, std::string_view url, int64_t now_ms);

  // A fresh, unique blob file name; its directory exists once this returns.
  Result<std::string> newBlobName();
  std::filesystem::path blobPath(std::string_view blob) const;
  // Sum of the stored entries' sizes as accounted for the bound.
  Result<uint64_t> totalBytes();
  const CacheLimits& limits() const { return limits_; }

  // True for exactly one caller per `interval` across all connections: that caller should run
  // sweepOrphans() (in the background: it lists every blob file).
  Result<bool> claimSweep(int64_t now_ms, int64_t interval_ms);
  // Removes temporary files of crashed writers and blob files no entry names, when older than
  // `min_age` (younger ones may belong to a put still in flight). Returns the files removed.
  Result<int> sweepOrphans(std::chrono::seconds min_age);

 private:
  struct Statements;
  CacheStore(std::filesystem::path dir, storage::Database db, const CacheLimits& limits);
  Status evict(int64_t now_ms, std::vector<std::string>& dropped_blobs);
  void unlinkBlobs(const std::vector<std::string>& blobs);

  std::filesystem::path dir_;
  storage::Database db_;
  CacheLimits limits_;
  std::unique_ptr<Statements> statements_;
  std::mt19937_64 random_;
};

// Header lists as stored in the index ("name\0value\0…"; field values never hold NUL).
std::string encodeHeaders(const Headers& headers);
Headers decodeHeaders(std::string_view encoded);

}  // namespace edged::api::cache
