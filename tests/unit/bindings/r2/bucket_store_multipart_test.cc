#include <gtest/gtest.h>

#include "bucket_fixture.h"

namespace edged::bindings::r2 {
namespace {

class MultipartTest : public BucketTest {
 protected:
  std::string part(const std::string& upload, int number, const std::string& body) {
    FinishedBlob finished;
    std::string blob = writeBlob(body, &finished);
    auto result = store_->commitPart("big", upload, number, blob, finished.size, finished.md5_hex);
    EXPECT_TRUE(result.ok());
    EXPECT_EQ(result->first.code, R2ErrorCode::kNone);
    return result->second;
  }
  std::string upload() {
    auto id = store_->createUpload("big", R"({"contentType":"a/b"})", "{}", "Standard");
    EXPECT_TRUE(id.ok());
    return id.value();
  }
  WriteOutcome complete(const std::string& upload, std::vector<std::pair<int, std::string>> parts) {
    auto plan = store_->planCompletion("big", upload, parts);
    EXPECT_TRUE(plan.ok());
    if (plan->error.code != R2ErrorCode::kNone) return {plan->error, {}};
    auto blob = BucketStore::concatenate(dir_ / "blobs", plan->parts);
    EXPECT_TRUE(blob.ok());
    return store_->finishCompletion(plan.value(), upload, blob.value()).value();
  }
};

TEST_F(MultipartTest, CompletedPartsBecomeOneObject) {
  std::string id = upload();
  std::string five_mib(kMinPartBytes, 'x');
  std::string e1 = part(id, 1, five_mib);
  std::string e2 = part(id, 2, "tail");
  WriteOutcome done = complete(id, {{1, e1}, {2, e2}});
  ASSERT_EQ(done.error.code, R2ErrorCode::kNone);
  EXPECT_EQ(done.object.size, kMinPartBytes + 4);
  EXPECT_TRUE(done.object.etag.ends_with("-2"));
  EXPECT_EQ(done.object.http_metadata, R"({"contentType":"a/b"})");
  auto head = store_->head("big").value();
  EXPECT_EQ(read(*head), five_mib + "tail");
  EXPECT_EQ(blobFiles(), 1u);  // the parts are gone
  // Completed: aborting is a no-op, uploading another part fails.
  EXPECT_EQ(store_->abortUpload("big", id).value().code, R2ErrorCode::kNone);
  auto late = store_->commitPart("big", id, 3, "x", 1, "00");
  EXPECT_EQ(late->first.code, R2ErrorCode::kNoSuchUpload);
}

TEST_F(MultipartTest, PartRulesAreR2s) {
  std::string id = upload();
  std::string e1 = part(id, 1, "small");
  std::string e2 = part(id, 2, "tail");
  EXPECT_EQ(complete(id, {{1, e1}, {2, e2}}).error.code, R2ErrorCode::kEntityTooSmall);
  EXPECT_EQ(complete(id, {{1, "wrong"}}).error.code, R2ErrorCode::kInvalidPart);
  EXPECT_EQ(complete(id, {{7, e1}}).error.code, R2ErrorCode::kInvalidPart);
  EXPECT_EQ(complete(id, {{1, e1}}).error.code, R2ErrorCode::kNone);  // one small part is fine
}

TEST_F(MultipartTest, AbortDropsPartsAndUnknownUploadsFail) {
  std::string id = upload();
  part(id, 1, "p1");
  part(id, 1, "p1 again");  // replaces the first
  EXPECT_EQ(blobFiles(), 1u);
  EXPECT_EQ(store_->abortUpload("big", id).value().code, R2ErrorCode::kNone);
  EXPECT_EQ(blobFiles(), 0u);
  EXPECT_EQ(complete(id, {}).error.code, R2ErrorCode::kNoSuchUpload);
  EXPECT_EQ(store_->abortUpload("big", "nope").value().code, R2ErrorCode::kNoSuchUpload);
  EXPECT_EQ(store_->abortUpload("other-key", id).value().code, R2ErrorCode::kNoSuchUpload);
}

}  // namespace
}  // namespace edged::bindings::r2
