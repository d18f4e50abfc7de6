#include <gtest/gtest.h>

#include "bucket_fixture.h"

namespace edged::bindings::r2 {
namespace {

TEST_F(BucketTest, PutThenHeadReturnsTheObject) {
  WriteOutcome put = this->put("a/b.txt", "hello");
  ASSERT_EQ(put.error.code, R2ErrorCode::kNone);
  EXPECT_EQ(put.object.etag, "5d41402abc4b2a76b9719d911017c592");  // md5("hello")
  EXPECT_EQ(put.object.version.size(), 32u);
  auto head = store_->head("a/b.txt");
  ASSERT_TRUE(head.ok());
  ASSERT_TRUE(head.value());
  EXPECT_EQ(head.value()->size, 5u);
  EXPECT_EQ(head.value()->checksums, R"({"md5":"5d41402abc4b2a76b9719d911017c592"})");
  EXPECT_EQ(read(*head.value()), "hello");
  EXPECT_FALSE(store_->head("missing").value());
}

TEST_F(BucketTest, ReplacingAnObjectRemovesTheOldBlob) {
  put("k", "one");
  put("k", "two!");
  EXPECT_EQ(read(*store_->head("k").value()), "two!");
  EXPECT_EQ(blobFiles(), 1u);
}

TEST_F(BucketTest, AReaderThatOpenedTheOldBlobKeepsReadingIt) {
  put("k", "old bytes");
  auto reader = storage::FileReader::open(store_->blobPath(store_->head("k").value()->blob));
  ASSERT_TRUE(reader.ok());
  put("k", "new");
  std::string out(9, '\0');
  ASSERT_EQ(reader->readAt(0, {reinterpret_cast<uint8_t*>(out.data()), out.size()}).value(), 9u);
  EXPECT_EQ(out, "old bytes");
}

TEST_F(BucketTest, FailedPreconditionStoresNothing) {
  WriteOutcome first = put("k", "v1");
  Conditional only_if;
  only_if.etag_matches = std::vector<EtagCondition>{{EtagCondition::Kind::kStrong, "nope"}};
  WriteOutcome second = put("k", "v2", &only_if);
  EXPECT_EQ(second.error.code, R2ErrorCode::kPreconditionFailed);
  EXPECT_EQ(read(*store_->head("k").value()), "v1");
  EXPECT_EQ(blobFiles(), 1u);
  only_if.etag_matches = std::vector<EtagCondition>{{EtagCondition::Kind::kStrong, first.object.etag}};
  EXPECT_EQ(put("k", "v3", &only_if).error.code, R2ErrorCode::kNone);
}

TEST_F(BucketTest, ChecksumMismatchIsBadDigestAndLeavesNoFile) {
  R2Error error;
  std::string blob = writeBlob("hello", nullptr,
                               ExpectedChecksum{HashAlgorithm::kSha256, std::string(64, '0')}, &error);
  EXPECT_TRUE(blob.empty());
  EXPECT_EQ(error.code, R2ErrorCode::kBadDigest);
  EXPECT_NE(error.message.find("You provided a SHA-256 checksum with value: 0000"), std::string::npos);
  EXPECT_NE(error.message.find(
                "Actual SHA-256 was: 2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"),
            std::string::npos);
  EXPECT_EQ(blobFiles(), 0u);
  FinishedBlob finished;
  writeBlob("hello", &finished,
            ExpectedChecksum{HashAlgorithm::kSha1, "aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d"});
  EXPECT_EQ(finished.checksums_json,
            R"({"md5":"5d41402abc4b2a76b9719d911017c592","sha1":"aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d"})");
}

TEST_F(BucketTest, DeleteRemovesRowsAndBlobsAndIgnoresMissingKeys) {
  put("a", "1");
  put("b", "2");
  ASSERT_TRUE(store_->remove({"a", "b", "zzz"}).ok());
  EXPECT_FALSE(store_->head("a").value());
  EXPECT_EQ(blobFiles(), 0u);
}

TEST_F(BucketTest, ObjectsSurviveReopening) {
  put("k", "persisted");
  store_.reset();
  auto reopened = BucketStore::open(dir_);
  ASSERT_TRUE(reopened.ok());
  store_.emplace(std::move(reopened).value());
  EXPECT_EQ(read(*store_->head("k").value()), "persisted");
}

TEST_F(BucketTest, OpenSweepsOldLeftoversOfCrashedWriters) {
  put("k", "kept");
  auto old = std::filesystem::file_time_type::clock::now() - std::chrono::hours(2);
  for (const char* name : {"orphan", "x.tmp-abcdef"}) {
    ASSERT_TRUE(storage::writeFileAtomically(dir_ / "blobs" / name, {}).ok());
    std::filesystem::last_write_time(dir_ / "blobs" / name, old);
  }
  std::filesystem::last_write_time(store_->blobPath(store_->head("k").value()->blob), old);
  ASSERT_TRUE(storage::writeFileAtomically(dir_ / "blobs" / "fresh", {}).ok());
  store_.reset();
  store_.emplace(std::move(BucketStore::open(dir_)).value());
  EXPECT_EQ(blobFiles(), 2u);  // the object's blob and the fresh file
  EXPECT_EQ(read(*store_->head("k").value()), "kept");
}

}  // namespace
}  // namespace edged::bindings::r2
