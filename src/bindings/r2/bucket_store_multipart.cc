// BucketStore's multipart uploads. Parts are blob files of their own until the upload is
// completed; completion copies them, in order, into one new blob (so an object is always one
// file, read and replaced like any other) and then drops them.
#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <map>

#include "bucket_rows.h"
#include "edged/bindings/r2/blob_upload.h"
#include "edged/storage/blob_file.h"
#include "edged/storage/transaction.h"

namespace edged::bindings::r2 {
namespace {

enum UploadState { kInProgress = 0, kCompleted = 1, kAborted = 2 };

struct UploadRow {
  int state = 0;
  std::string http_metadata;
  std::string custom_metadata;
  std::string storage_class;
};

Result<std::optional<UploadRow>> findUpload(storage::Database& db, std::string_view key,
                                            std::string_view upload_id) {
  Result<storage::Statement> stmt = db.prepare(
      "SELECT state, http_metadata, custom_metadata, storage_class FROM uploads"
      " WHERE upload_id = ? AND key = ?");
  if (!stmt.ok()) return stmt.error();
  stmt->bind(1, upload_id).bind(2, key);
  Result<bool> row = stmt->step();
  if (!row.ok()) return row.error();
  if (!row.value()) return std::optional<UploadRow>();
  UploadRow upload{static_cast<int>(stmt->columnInt(0)), std::string(stmt->columnText(1)),
                   std::string(stmt->columnText(2)), std::string(stmt->columnText(3))};
  stmt->reset();
  return std::optional<UploadRow>(std::move(upload));
}

struct PartRow {
  std::string blob;
  uint64_t size = 0;
  std::string etag;
  std::string md5;
};

Result<std::map<int, PartRow>> partsOf(storage::Database& db, std::string_view upload_id) {
  Result<storage::Statement> stmt = db.prepare(
      "SELECT part_number, blob, size, etag, md5 FROM parts WHERE upload_id = ?");
  if (!stmt.ok()) return stmt.error();
  stmt->bind(1, upload_id);
  std::map<int, PartRow> parts;
  for (;;) {
    Result<bool> row = stmt->step();
    if (!row.ok()) return row.error();
    if (!row.value()) break;
    parts[static_cast<int>(stmt->columnInt(0))] =
        PartRow{std::string(stmt->columnText(1)), static_cast<uint64_t>(stmt->columnInt(2)),
                std::string(stmt->columnText(3)), std::string(stmt->columnText(4))};
  }
  return parts;
}

Status setUploadState(storage::Database& db, std::string_view upload_id, int state) {
  Result<storage::Statement> stmt = db.prepare("UPDATE uploads SET state = ? WHERE upload_id = ?");
  if (!stmt.ok()) return stmt.error();
  stmt->bind(1, state).bind(2, upload_id);
  return stmt->run();
}

// Deletes the upload's part rows; returns their blobs.
Result<std::vector<std::string>> dropParts(storage::Database& db, std::string_view upload_id) {
  Result<storage::Statement> stmt =
      db.prepare("DELETE FROM parts WHERE upload_id = ? RETURNING blob");
  if (!stmt.ok()) return stmt.error();
  stmt->bind(1, upload_id);
  std::vector<std::string> blobs;
  for (;;) {
    Result<bool> row = stmt->step();
    if (!row.ok()) return row.error();
    if (!row.value()) break;
    blobs.emplace_back(stmt->columnText(0));
  }
  return blobs;
}

// R2's multipart etag: the MD5 of the parts' MD5s (as bytes), then "-<number of parts>".
std::string multipartEtag(const std::vector<std::string>& md5_hexes) {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex(ctx, EVP_md5(), nullptr);
  for (const std::string& hex : md5_hexes) {
    std::array<uint8_t, 16> bytes{};
    for (size_t i = 0; i < bytes.size() && 2 * i + 1 < hex.size(); ++i) {
      bytes[i] = static_cast<uint8_t>(std::stoi(hex.substr(2 * i, 2), nullptr, 16));
    }
    EVP_DigestUpdate(ctx, bytes.data(), bytes.size());
  }
  std::array<uint8_t, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  EVP_DigestFinal_ex(ctx, digest.data(), &length);
  EVP_MD_CTX_free(ctx);
  return toHex(std::span<const uint8_t>(digest.data(), length)) + "-" +
         std::to_string(md5_hexes.size());
}

}  // namespace

Result<std::string> BucketStore::createUpload(std::string_view key, std::string_view http_metadata,
                                              std::string_view custom_metadata,
                                              std::string_view storage_class) {
  std::string upload_id = newVersion() + newVersion();
  Result<storage::Statement> stmt = db_.prepare(
      "INSERT INTO uploads (upload_id, key, state, http_metadata, custom_metadata, storage_class,"
      " created) VALUES (?, ?, 0, ?, ?, ?, ?)");
  if (!stmt.ok()) return stmt.error();
  stmt->bind(1, upload_id).bind(2, key).bind(3, http_metadata).bind(4, custom_metadata);
  stmt->bind(5, storage_class).bind(6, nowMs());
  if (Status done = stmt->run(); !done.ok()) return done.error();
  return upload_id;
}

Result<std::pair<R2Error, std::string>> BucketStore::commitPart(
    std::string_view key, std::string_view upload_id, int part_number, std::string_view blob,
    uint64_t size, std::string_view md5_hex) {
  std::string replaced;
  std::string etag = newVersion() + newVersion();
  {
    Result<storage::Transaction> tx = storage::Transaction::begin(db_);
    if (!tx.ok()) return tx.error();
    Result<std::optional<UploadRow>> upload = findUpload(db_, key, upload_id);
    if (!upload.ok()) return upload.error();
    if (!upload.value() || upload.value()->state != kInProgress) {
      return std::pair(R2Error{R2ErrorCode::kNoSuchUpload, {}}, std::string());
    }
    Result<storage::Statement> old =
        db_.prepare("SELECT blob FROM parts WHERE upload_id = ? AND part_number = ?");
    if (!old.ok()) return old.error();
    old->bind(1, upload_id).bind(2, part_number);
    Result<bool> found = old->step();
    if (!found.ok()) return found.error();
    if (found.value()) replaced = std::string(old->columnText(0));
    old->reset();
    Result<storage::Statement> put = db_.prepare(
        "INSERT OR REPLACE INTO parts (upload_id, part_number, blob, size, etag, md5)"
        " VALUES (?, ?, ?, ?, ?, ?)");
    if (!put.ok()) return put.error();
    put->bind(1, upload_id).bind(2, part_number).bind(3, blob).bind(4, static_cast<int64_t>(size));
    put->bind(5, etag).bind(6, md5_hex);
    if (Status done = put->run(); !done.ok()) return done.error();
    if (Status committed = tx->commit(); !committed.ok()) return committed.error();
  }
  if (!replaced.empty()) unlinkBlobs({replaced});
  return std::pair(R2Error{}, etag);
}

Result<CompletionPlan> BucketStore::planCompletion(
    std::string_view key, std::string_view upload_id,
    const std::vector<std::pair<int, std::string>>& selected) {
  CompletionPlan plan;
  Result<storage::Transaction> tx = storage::Transaction::begin(db_, storage::Transaction::Mode::kDeferred);
  if (!tx.ok()) return tx.error();
  Result<std::optional<UploadRow>> upload = findUpload(db_, key, upload_id);
  if (!upload.ok()) return upload.error();
  if (!upload.value() || upload.value()->state != kInProgress) {
    plan.error.code = R2ErrorCode::kNoSuchUpload;
    return plan;
  }
  Result<std::map<int, PartRow>> uploaded = partsOf(db_, upload_id);
  if (!uploaded.ok()) return uploaded.error();
  std::vector<std::pair<int, const PartRow*>> parts;
  for (const auto& [number, etag] : selected) {
    auto found = uploaded->find(number);
    bool repeated = std::any_of(parts.begin(), parts.end(),
                                [&](const auto& p) { return p.first == number; });
    if (repeated) {
      plan.error.code = R2ErrorCode::kInternal;
      return plan;
    }
    if (found == uploaded->end() || found->second.etag != etag) {
      plan.error.code = R2ErrorCode::kInvalidPart;
      return plan;
    }
    parts.emplace_back(number, &found->second);
  }
  // Every part but the last at least 5 MiB (in the Worker's order, R2's friendly error), then,
  // in part order, all but the last the same size and the last no larger (R2's BadUpload).
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    if (parts[i].second->size < kMinPartBytes) {
      plan.error.code = R2ErrorCode::kEntityTooSmall;
      return plan;
    }
  }
  std::sort(parts.begin(), parts.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    if (parts[i].second->size < kMinPartBytes || parts[i].second->size != parts[0].second->size) {
      plan.error.code = R2ErrorCode::kBadUpload;
      return plan;
    }
  }
  if (parts.size() > 1 && parts.back().second->size > parts[0].second->size) {
    plan.error.code = R2ErrorCode::kBadUpload;
    return plan;
  }
  std::vector<std::string> md5s;
  uint64_t total = 0;
  for (const auto& [number, part] : parts) {
    plan.parts.push_back({blobPath(part->blob), part->size});
    plan.selected.emplace_back(number, part->etag);
    md5s.push_back(part->md5);
    total += part->size;
  }
  plan.object.key = std::string(key);
  plan.object.size = total;
  plan.object.etag = multipartEtag(md5s);
  plan.object.http_metadata = upload.value()->http_metadata;
  plan.object.custom_metadata = upload.value()->custom_metadata;
  plan.object.storage_class = upload.value()->storage_class;
  plan.object.checksums = "{}";
  return plan;
}

Result<std::string> BucketStore::concatenate(const std::filesystem::path& blobs_dir,
                                             const std::vector<PlannedPart>& parts) {
  std::string name = newBlobName();
  Result<storage::AtomicFileWriter> out = storage::AtomicFileWriter::create(blobs_dir / name);
  if (!out.ok()) return out.error();
  std::vector<uint8_t> buffer(size_t{1} << 20);
  for (const PlannedPart& part : parts) {
    Result<storage::FileReader> in = storage::FileReader::open(part.path);
    if (!in.ok()) return in.error();
    uint64_t offset = 0;
    while (offset < part.size) {
      size_t want = static_cast<size_t>(std::min<uint64_t>(buffer.size(), part.size - offset));
      Result<size_t> read = in->readAt(offset, std::span<uint8_t>(buffer.data(), want));
      if (!read.ok()) return read.error();
      if (read.value() == 0) return makeError("part file is shorter than recorded: " + part.path.string());
      Status written = out->append(std::span<const uint8_t>(buffer.data(), read.value()));
      if (!written.ok()) return written.error();
      offset += read.value();
    }
  }
  if (Status committed = out->commit(); !committed.ok()) return committed.error();
  return name;
}

Result<WriteOutcome> BucketStore::finishCompletion(const CompletionPlan& plan,
                                                   std::string_view upload_id, std::string blob) {
  WriteOutcome outcome;
  std::vector<std::string> unused;
  {
    Result<storage::Transaction> tx = storage::Transaction::begin(db_);
    if (!tx.ok()) return tx.error();
    Result<std::optional<UploadRow>> upload = findUpload(db_, plan.object.key, upload_id);
    if (!upload.ok()) return upload.error();
    Result<std::map<int, PartRow>> current = partsOf(db_, upload_id);
    if (!current.ok()) return current.error();
    bool same = upload.value() && upload.value()->state == kInProgress;
    for (const auto& [number, etag] : plan.selected) {
      auto found = current->find(number);
      same = same && found != current->end() && found->second.etag == etag;
    }
    if (!same) {  // aborted, completed or a part replaced while the parts were copied
      unlinkBlobs({blob});
      outcome.error.code = upload.value() && upload.value()->state == kInProgress
                               ? R2ErrorCode::kInvalidPart
                               : R2ErrorCode::kNoSuchUpload;
      return outcome;
    }
    Result<std::optional<ObjectMeta>> replaced = currentObject(db_, plan.object.key);
    if (!replaced.ok()) return replaced.error();
    outcome.object = plan.object;
    outcome.object.blob = blob;
    outcome.object.version = newVersion();
    outcome.object.uploaded_ms = nowMs();
    if (Status written = writeObjectRow(db_, outcome.object); !written.ok()) return written.error();
    Result<std::vector<std::string>> parts = dropParts(db_, upload_id);
    if (!parts.ok()) return parts.error();
    if (Status state = setUploadState(db_, upload_id, kCompleted); !state.ok()) return state.error();
    if (Status committed = tx->commit(); !committed.ok()) return committed.error();
    unused = std::move(parts).value();
    if (replaced.value()) unused.push_back(replaced.value()->blob);
  }
  unlinkBlobs(unused);
  return outcome;
}

Result<R2Error> BucketStore::abortUpload(std::string_view key, std::string_view upload_id) {
  std::vector<std::string> blobs;
  {
    Result<storage::Transaction> tx = storage::Transaction::begin(db_);
    if (!tx.ok()) return tx.error();
    Result<std::optional<UploadRow>> upload = findUpload(db_, key, upload_id);
    if (!upload.ok()) return upload.error();
    if (!upload.value()) return R2Error{R2ErrorCode::kNoSuchUpload, {}};
    if (upload.value()->state != kInProgress) return R2Error{};
    Result<std::vector<std::string>> parts = dropParts(db_, upload_id);
    if (!parts.ok()) return parts.error();
    if (Status state = setUploadState(db_, upload_id, kAborted); !state.ok()) return state.error();
    if (Status committed = tx->commit(); !committed.ok()) return committed.error();
    blobs = std::move(parts).value();
  }
  unlinkBlobs(blobs);
  return R2Error{};
}

}  // namespace edged::bindings::r2
