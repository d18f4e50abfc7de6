#pragma once
// One R2 bucket on local disk (DESIGN.md "Storage": `r2/<bucket>/`): an index database
// (`index.sqlite`: objects, multipart uploads and their parts) beside the objects' bytes, one
// file per object or uploaded part under `blobs/`.
//
// A write is atomic and durable: the bytes go to a new blob file that is fsynced and renamed into
// place (BlobUpload), and only then does one SQLite transaction point the key at it (checking
// `onlyIf` under the write lock). Readers see the old or the new object, never a torn one; a
// crash leaves at worst an unreferenced blob file, which open() sweeps away later. The blob of a
// replaced object is unlinked after the commit: a reader that already opened it keeps reading
// it, one that had only read the index row finds it gone and looks the key up again.
//
// One BucketStore per thread (its own SQLite connection, WAL, busy timeout): writers on several
// threads and processes are serialized by SQLite. No V8, no event loop; all calls block briefly
// except the blob copy of completeUpload's concatenate(), which callers run off the loop.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "edged/bindings/r2/conditional.h"
#include "edged/bindings/r2/r2_errors.h"
#include "edged/storage/database.h"
#include "edged/util/result.h"

namespace edged::bindings::r2 {

// R2's limits (developers.cloudflare.com/r2/platform/limits).
inline constexpr uint64_t kMaxKeyBytes = 1024;
inline constexpr uint64_t kMaxPutBytes = 5'368'709'120ULL - 5'242'880ULL;  // 5 GiB - 5 MiB
inline constexpr uint64_t kMaxCustomMetadataBytes = 2048;
inline constexpr int kMaxListLimit = 1000;
inline constexpr uint64_t kMinPartBytes = 5 * 1024 * 1024;
inline constexpr int kMaxPartNumber = 10000;

struct ObjectMeta {
  std::string key;
  std::string version;  // 32 hex digits, new on every write
  uint64_t size = 0;
  std::string etag;  // MD5 hex, or "<md5 of the parts' md5s>-<parts>" for multipart objects
  int64_t uploaded_ms = 0;
  // JSON objects as the binding's JavaScript wrote them (kept verbatim).
  std::string http_metadata = "{}";
  std::string custom_metadata = "{}";
  std::string checksums = "{}";
  std::string storage_class = "Standard";
  std::string blob;  // file name under blobs/
};

struct ListOptions {
  std::string prefix;
  std::string start_after;  // exclusive; from startAfter or the cursor, whichever is later
  std::string delimiter;    // empty: none
  int limit = kMaxListLimit;
};

struct ListPage {
  std::vector<ObjectMeta> objects;
  std::vector<std::string> delimited_prefixes;
  // The last key this page covered (for the cursor) when more follow.
  std::optional<std::string> next_start_after;
};

// The outcome of a write: the stored object, or an R2 error (nothing stored).
struct WriteOutcome {
  R2Error error;
  ObjectMeta object;
};

// A part as completeUpload() must copy it into the object.
struct PlannedPart {
  std::filesystem::path path;
  uint64_t size = 0;
};

struct CompletionPlan {
  R2Error error;
  std::vector<PlannedPart> parts;
  ObjectMeta object;  // everything but the blob
  std::vector<std::pair<int, std::string>> selected;  // (part number, etag) as checked
};

class BucketStore {
 public:
  // Opens (creating) the bucket in `dir`, migrates the index and sweeps leftovers of crashed
  // writers (temporary and unreferenced blob files older than an hour).
  static Result<BucketStore> open(const std::filesystem::path& dir);

  BucketStore(BucketStore&&) noexcept = default;
  BucketStore& operator=(BucketStore&&) noexcept = default;

  const std::filesystem::path& dir() const { return dir_; }
  std::filesystem::path blobPath(std::string_view blob) const { return dir_ / "blobs" / blob; }
  // A fresh random blob file name.
  static std::string newBlobName();
  static std::string newVersion();

  Result<std::optional<ObjectMeta>> head(std::string_view key);
  // Points `object.key` at its committed blob if `only_if` holds (kPreconditionFailed
  // otherwise); fills version and uploaded. Unlinks the blob of the object replaced.
  Result<WriteOutcome> commitObject(ObjectMeta object, const Conditional* only_if);
  // Deletes the keys (missing ones are ignored) and unlinks their blobs.
  Status remove(const std::vector<std::string>& keys);
  Result<ListPage> list(const ListOptions& options, bool with_http, bool with_custom);

  // Multipart uploads (R2 semantics as Miniflare documents them: a completed or aborted upload
  // stays known, so abort() after complete() is a no-op and uploadPart() after either fails).
  Result<std::string> createUpload(std::string_view key, std::string_view http_metadata,
                                   std::string_view custom_metadata,
                                   std::string_view storage_class);
  // Records part `part_number` (replacing an earlier one); returns its etag, or kNoSuchUpload.
  Result<std::pair<R2Error, std::string>> commitPart(std::string_view key,
                                                     std::string_view upload_id, int part_number,
                                                     std::string_view blob, uint64_t size,
                                                     std::string_view md5_hex);
  // Checks the parts a Worker listed (R2's part size rules) and says which files make the object.
  Result<CompletionPlan> planCompletion(std::string_view key, std::string_view upload_id,
                                        const std::vector<std::pair<int, std::string>>& parts);
  // Copies the planned parts into one new blob (durably); blocking, run off the loop.
  static Result<std::string> concatenate(const std::filesystem::path& blobs_dir,
                                         const std::vector<PlannedPart>& parts);
  // Commits a concatenated upload as the key's object, if the upload is still in progress with
  // the same parts; unlinks the parts' blobs and the replaced object's.
  Result<WriteOutcome> finishCompletion(const CompletionPlan& plan, std::string_view upload_id,
                                        std::string blob);
  // Drops an in-progress upload's parts (no-op once completed or aborted); kNoSuchUpload for
  // an upload never created.
  Result<R2Error> abortUpload(std::string_view key, std::string_view upload_id);

  // Unlinks blob files (errors ignored: a leftover file is swept later).
  void unlinkBlobs(const std::vector<std::string>& blobs) const;

 private:
  BucketStore(storage::Database db, std::filesystem::path dir)
      : db_(std::move(db)), dir_(std::move(dir)) {}
  void sweepLeftovers();

  storage::Database db_;
  std::filesystem::path dir_;
};

}  // namespace edged::bindings::r2
