// Blob files: written whole or not at all, readable while being replaced or removed.
#include "edged/storage/blob_file.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <fstream>
#include <sstream>

#include "../server/temp_dir.h"

namespace edged::storage {
namespace {

using server::testing::TempDir;

std::span<const uint8_t> bytesOf(std::string_view text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream out;
  out << in.rdbuf();
  return out.str();
}

std::vector<std::string> listDir(const std::filesystem::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

TEST(BlobFile, IsWrittenAndReplacedAtomically) {
  TempDir dir;
  std::filesystem::path path = dir.path("object");
  ASSERT_TRUE(writeFileAtomically(path, bytesOf("first")).ok());
  EXPECT_EQ(slurp(path), "first");

  auto writer = AtomicFileWriter::create(path);
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE(writer->append(bytesOf("sec")).ok());
  ASSERT_TRUE(writer->append(bytesOf("ond")).ok());
  EXPECT_EQ(writer->size(), 6u);
  EXPECT_EQ(slurp(path), "first");  // the old content until commit
  ASSERT_TRUE(writer->commit().ok());
  EXPECT_EQ(slurp(path), "second");
  EXPECT_EQ(listDir(dir.path()), std::vector<std::string>({"object"}));
  EXPECT_FALSE(writer->append(bytesOf("more")).ok());
}

TEST(BlobFile, AnAbandonedWriterLeavesNothing) {
  TempDir dir;
  {
    auto writer = AtomicFileWriter::create(dir.path("object"));
    ASSERT_TRUE(writer->append(bytesOf("partial")).ok());
  }
  EXPECT_TRUE(listDir(dir.path()).empty());
}

TEST(BlobFile, AssigningAWriterDiscardsTheFileItWasWriting) {
  TempDir dir;
  auto first = AtomicFileWriter::create(dir.path("first"));
  auto second = AtomicFileWriter::create(dir.path("second"));
  ASSERT_TRUE(first->append(bytesOf("1")).ok());
  ASSERT_TRUE(second->append(bytesOf("22")).ok());
  first.value() = std::move(second).value();
  EXPECT_EQ(listDir(dir.path()).size(), 1u);  // only second's temporary file is left
  EXPECT_EQ(first->size(), 2u);
  ASSERT_TRUE(first->commit().ok());
  EXPECT_EQ(listDir(dir.path()), std::vector<std::string>({"second"}));
  EXPECT_EQ(slurp(dir.path("second")), "22");
}

// A writer killed mid-write leaves only a temporary file, recognisable for cleanup; the final
// name never holds partial data.
TEST(BlobFile, AWriterKilledMidWriteLeavesOnlyATemporaryFile) {
  TempDir dir;
  std::filesystem::path path = dir.path("object");
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto writer = AtomicFileWriter::create(path);
    if (!writer.ok() || !writer->append(bytesOf("partial")).ok()) ::_exit(1);
    ::raise(SIGKILL);
    ::_exit(2);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status));
  auto names = listDir(dir.path());
  ASSERT_EQ(names.size(), 1u);
  EXPECT_TRUE(isTemporaryFileName(names[0]));
  EXPECT_FALSE(isTemporaryFileName("object"));
  EXPECT_FALSE(std::filesystem::exists(path));
}

TEST(BlobFile, CreateFailsInAMissingDirectory) {
  TempDir dir;
  auto writer = AtomicFileWriter::create(dir.path("missing/object"));
  ASSERT_FALSE(writer.ok());
  EXPECT_NE(writer.error().message.find("missing/object"), std::string::npos);
}

TEST(FileReader, ReadsAtOffsetsAndKeepsWhatItOpened) {
  TempDir dir;
  std::filesystem::path path = dir.path("object");
  ASSERT_TRUE(writeFileAtomically(path, bytesOf("0123456789")).ok());
  auto reader = FileReader::open(path);
  ASSERT_TRUE(reader.ok());
  EXPECT_EQ(reader->size(), 10u);
  std::vector<uint8_t> buffer(4);
  EXPECT_EQ(reader->readAt(3, buffer).value(), 4u);
  EXPECT_EQ(std::string(buffer.begin(), buffer.end()), "3456");

  // Replaced and then removed: the open reader still sees the content it opened.
  ASSERT_TRUE(writeFileAtomically(path, bytesOf("other")).ok());
  std::filesystem::remove(path);
  EXPECT_EQ(reader->readAt(8, buffer).value(), 2u);  // short read at the end
  EXPECT_EQ(std::string(buffer.begin(), buffer.begin() + 2), "89");
  EXPECT_EQ(reader->readAt(10, buffer).value(), 0u);
  EXPECT_FALSE(FileReader::open(path).ok());
}

}  // namespace
}  // namespace edged::storage
