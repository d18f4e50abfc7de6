#pragma once
// Shared by the Durable Object storage tests: a throwaway data directory and an object opened in
// it, with helpers that fail the test on an unexpected error.

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>

#include "edged/bindings/durable_objects/object_storage.h"

namespace edged::bindings::durable_objects::testing {

class StorageTest : public ::testing::Test {
 protected:
  StorageTest() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "edged-do-storage-XXXXXX").string();
    dir_ = ::mkdtemp(pattern.data());
  }
  ~StorageTest() override {
    object_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  std::filesystem::path file() const { return dir_ / "do" / "Counter" / "object.sqlite"; }

  ObjectStorage& object(ObjectStorageOptions options = {}) {
    if (!object_) object_ = reopen(options);
    return *object_;
  }
  std::unique_ptr<ObjectStorage> reopen(ObjectStorageOptions options = {}) {
    auto opened = ObjectStorage::open(file(), options);
    EXPECT_TRUE(opened.ok()) << (opened.ok() ? "" : opened.error().message);
    return opened.ok() ? std::move(opened).value() : nullptr;
  }
  void close() { object_.reset(); }

  std::filesystem::path dir_;
  std::unique_ptr<ObjectStorage> object_;
};

// "Kind: message" of a failed result, "ok" otherwise.
template <typename T>
std::string describe(const StorageResult<T>& result) {
  if (result.ok()) return "ok";
  const char* kind = "InternalError";
  switch (result.error().kind) {
    case StorageError::Kind::kInternal: break;
    case StorageError::Kind::kError: kind = "Error"; break;
    case StorageError::Kind::kTypeError: kind = "TypeError"; break;
    case StorageError::Kind::kRangeError: kind = "RangeError"; break;
  }
  return std::string(kind) + ": " + result.error().message;
}

}  // namespace edged::bindings::durable_objects::testing
