#include "edged/bindings/r2/blob_upload.h"

#include <fmt/format.h>

#include <array>

namespace edged::bindings::r2 {
namespace {

const EVP_MD* digestOf(HashAlgorithm algorithm) {
  switch (algorithm) {
    case HashAlgorithm::kMd5: return EVP_md5();
    case HashAlgorithm::kSha1: return EVP_sha1();
    case HashAlgorithm::kSha256: return EVP_sha256();
    case HashAlgorithm::kSha384: return EVP_sha384();
    case HashAlgorithm::kSha512: return EVP_sha512();
  }
  return EVP_md5();
}

Result<std::string> finalHex(EVP_MD_CTX* ctx) {
  std::array<uint8_t, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_DigestFinal_ex(ctx, digest.data(), &length) != 1) return makeError("digest failed");
  return toHex(std::span<const uint8_t>(digest.data(), length));
}

}  // namespace

std::string_view hashName(HashAlgorithm algorithm) {
  switch (algorithm) {
    case HashAlgorithm::kMd5: return "MD5";
    case HashAlgorithm::kSha1: return "SHA-1";
    case HashAlgorithm::kSha256: return "SHA-256";
    case HashAlgorithm::kSha384: return "SHA-384";
    case HashAlgorithm::kSha512: return "SHA-512";
  }
  return "";
}

std::string_view hashField(HashAlgorithm algorithm) {
  switch (algorithm) {
    case HashAlgorithm::kMd5: return "md5";
    case HashAlgorithm::kSha1: return "sha1";
    case HashAlgorithm::kSha256: return "sha256";
    case HashAlgorithm::kSha384: return "sha384";
    case HashAlgorithm::kSha512: return "sha512";
  }
  return "";
}

std::optional<HashAlgorithm> hashFromField(std::string_view field) {
  for (HashAlgorithm a : {HashAlgorithm::kMd5, HashAlgorithm::kSha1, HashAlgorithm::kSha256,
                          HashAlgorithm::kSha384, HashAlgorithm::kSha512}) {
    if (hashField(a) == field) return a;
  }
  return std::nullopt;
}

std::string toHex(std::span<const uint8_t> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (uint8_t b : bytes) {
    out += kDigits[b >> 4];
    out += kDigits[b & 15];
  }
  return out;
}

Result<BlobUpload> BlobUpload::create(const std::filesystem::path& path,
                                      std::optional<ExpectedChecksum> expected) {
  Result<storage::AtomicFileWriter> file = storage::AtomicFileWriter::create(path);
  if (!file.ok()) return file.error();
  Digest md5(EVP_MD_CTX_new());
  Digest extra;
  if (!md5 || EVP_DigestInit_ex(md5.get(), EVP_md5(), nullptr) != 1) {
    return makeError("cannot start an MD5 digest");
  }
  if (expected && expected->algorithm != HashAlgorithm::kMd5) {
    extra.reset(EVP_MD_CTX_new());
    if (!extra || EVP_DigestInit_ex(extra.get(), digestOf(expected->algorithm), nullptr) != 1) {
      return makeError("cannot start a digest");
    }
  }
  return BlobUpload(std::move(file).value(), std::move(md5), std::move(extra), std::move(expected));
}

Status BlobUpload::append(std::span<const uint8_t> bytes) {
  if (EVP_DigestUpdate(md5_.get(), bytes.data(), bytes.size()) != 1 ||
      (extra_ && EVP_DigestUpdate(extra_.get(), bytes.data(), bytes.size()) != 1)) {
    return makeError("digest update failed");
  }
  return file_.append(bytes);
}

Result<FinishedBlob> BlobUpload::finish(R2Error* r2_error) {
  FinishedBlob blob;
  blob.size = file_.size();
  Result<std::string> md5 = finalHex(md5_.get());
  if (!md5.ok()) return md5.error();
  blob.md5_hex = md5.value();
  blob.checksums_json = fmt::format(R"({{"md5":"{}")", blob.md5_hex);
  if (expected_) {
    std::string actual = blob.md5_hex;
    if (extra_) {
      Result<std::string> hex = finalHex(extra_.get());
      if (!hex.ok()) return hex.error();
      actual = hex.value();
      blob.checksums_json += fmt::format(R"(,"{}":"{}")", hashField(expected_->algorithm), actual);
    }
    if (actual != expected_->hex) {
      std::string_view name = hashName(expected_->algorithm);
      r2_error->code = R2ErrorCode::kBadDigest;
      r2_error->message = fmt::format(
          "The {0} checksum you specified did not match what we received.\n"
          "You provided a {0} checksum with value: {1}\nActual {0} was: {2}",
          name, expected_->hex, actual);
      return blob;  // the writer's destructor removes the temporary file
    }
  }
  blob.checksums_json += '}';
  Status committed = file_.commit();
  if (!committed.ok()) return committed.error();
  return blob;
}

}  // namespace edged::bindings::r2
