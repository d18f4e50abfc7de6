#pragma once
// A bucket in a fresh temporary directory, and a helper that stores an object the way the ops
// do (BlobUpload, then commitObject).

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "edged/bindings/r2/blob_upload.h"
#include "edged/bindings/r2/bucket_store.h"

namespace edged::bindings::r2 {

class BucketTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("edged-r2-test-" + BucketStore::newBlobName());
    auto store = BucketStore::open(dir_);
    ASSERT_TRUE(store.ok()) << store.error().message;
    store_.emplace(std::move(store).value());
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  // Writes `body` as a new blob; returns its name (empty on failure).
  std::string writeBlob(const std::string& body, FinishedBlob* finished = nullptr,
                        std::optional<ExpectedChecksum> expected = std::nullopt,
                        R2Error* error = nullptr) {
    std::string name = BucketStore::newBlobName();
    auto upload = BlobUpload::create(store_->blobPath(name), std::move(expected));
    EXPECT_TRUE(upload.ok());
    EXPECT_TRUE(upload->append({reinterpret_cast<const uint8_t*>(body.data()), body.size()}).ok());
    R2Error r2_error;
    auto done = upload->finish(&r2_error);
    EXPECT_TRUE(done.ok());
    if (error != nullptr) *error = r2_error;
    if (finished != nullptr) *finished = done.value();
    return r2_error.code == R2ErrorCode::kNone ? name : std::string();
  }

  WriteOutcome put(const std::string& key, const std::string& body,
                   const Conditional* only_if = nullptr) {
    FinishedBlob finished;
    ObjectMeta meta;
    meta.key = key;
    meta.blob = writeBlob(body, &finished);
    meta.size = finished.size;
    meta.etag = finished.md5_hex;
    meta.checksums = finished.checksums_json;
    auto outcome = store_->commitObject(meta, only_if);
    EXPECT_TRUE(outcome.ok());
    if (outcome->error.code != R2ErrorCode::kNone) store_->unlinkBlobs({meta.blob});
    return outcome.value();
  }

  std::string read(const ObjectMeta& meta) {
    auto reader = storage::FileReader::open(store_->blobPath(meta.blob));
    EXPECT_TRUE(reader.ok());
    std::string out(reader->size(), '\0');
    auto n = reader->readAt(0, {reinterpret_cast<uint8_t*>(out.data()), out.size()});
    EXPECT_TRUE(n.ok());
    return out;
  }

  size_t blobFiles() {
    size_t n = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir_ / "blobs")) {
      (void)entry;
      ++n;
    }
    return n;
  }

  std::filesystem::path dir_;
  std::optional<BucketStore> store_;
};

}  // namespace edged::bindings::r2
