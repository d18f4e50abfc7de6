#pragma once
// An object's (or a part's) bytes on their way to disk: written to an AtomicFileWriter while
// their MD5 (the etag) and the checksum a Worker asked to verify are computed. Runs on the libuv
// thread pool; knows nothing of V8 or the loop.

#include <openssl/evp.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "edged/bindings/r2/r2_errors.h"
#include "edged/storage/blob_file.h"
#include "edged/util/result.h"

namespace edged::bindings::r2 {

// The checksum algorithms R2 verifies; `name` as R2's messages spell it, `field` as R2Checksums.
enum class HashAlgorithm { kMd5, kSha1, kSha256, kSha384, kSha512 };
std::string_view hashName(HashAlgorithm algorithm);   // "SHA-256"
std::string_view hashField(HashAlgorithm algorithm);  // "sha256"
std::optional<HashAlgorithm> hashFromField(std::string_view field);

// A checksum a Worker sent with a put, to be verified against the bytes received.
struct ExpectedChecksum {
  HashAlgorithm algorithm = HashAlgorithm::kMd5;
  std::string hex;  // lower case
};

struct FinishedBlob {
  uint64_t size = 0;
  std::string md5_hex;
  // {"md5":"…"} plus the verified checksum, as stored with the object.
  std::string checksums_json;
};

class BlobUpload {
 public:
  static Result<BlobUpload> create(const std::filesystem::path& path,
                                   std::optional<ExpectedChecksum> expected);
  BlobUpload(BlobUpload&&) noexcept = default;
  BlobUpload& operator=(BlobUpload&&) noexcept = default;
  ~BlobUpload() = default;

  Status append(std::span<const uint8_t> bytes);
  // Verifies the checksum (a BadDigest R2 error in `*r2_error`, and nothing committed), then
  // makes the file durable under its final name.
  Result<FinishedBlob> finish(R2Error* r2_error);
  uint64_t size() const { return file_.size(); }
  const std::filesystem::path& path() const { return file_.path(); }

 private:
  struct DigestDeleter {
    void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
  };
  using Digest = std::unique_ptr<EVP_MD_CTX, DigestDeleter>;
  BlobUpload(storage::AtomicFileWriter file, Digest md5, Digest extra,
             std::optional<ExpectedChecksum> expected)
      : file_(std::move(file)), md5_(std::move(md5)), extra_(std::move(extra)),
        expected_(std::move(expected)) {}

  storage::AtomicFileWriter file_;
  Digest md5_;
  Digest extra_;  // the expected checksum's algorithm, unless it is MD5
  std::optional<ExpectedChecksum> expected_;
};

// Lower-case hex of `bytes`.
std::string toHex(std::span<const uint8_t> bytes);

}  // namespace edged::bindings::r2
