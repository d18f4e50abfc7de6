#pragma once
// Large values kept as plain files beside an index database (R2 objects, cached bodies).
//
// AtomicFileWriter writes a file that appears under its final name complete or not at all: the
// bytes go to a temporary file in the same directory, are flushed to disk (fsync), the
// temporary file is renamed over the final name, and the directory is synced so the rename
// survives a crash too. An index row that names the file should be committed only after
// commit() returned: then a crash leaves at worst an unreferenced file, never a reference to a
// missing or half-written one. Leftover temporary files of crashed writers are recognised by
// isTemporaryFileName().
//
// All calls block (commit() for as long as the disk takes to flush): event-loop code runs them
// on the libuv thread pool or keeps them short.

#include <cstdint>
#include <filesystem>
#include <span>
#include <string_view>

#include "edged/util/result.h"

namespace edged::storage {

class AtomicFileWriter {
 public:
  // Starts writing the file that will be `path`; its directory must exist.
  static Result<AtomicFileWriter> create(const std::filesystem::path& path);

  AtomicFileWriter(AtomicFileWriter&& other) noexcept;
  // Discards this writer's own unfinished file first.
  AtomicFileWriter& operator=(AtomicFileWriter&& other) noexcept;
  AtomicFileWriter(const AtomicFileWriter&) = delete;
  AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;
  // Removes the temporary file unless commit() succeeded.
  ~AtomicFileWriter();

  Status append(std::span<const uint8_t> bytes);
  // fsync, rename to the final name, fsync the directory. The writer is finished either way.
  Status commit();

  uint64_t size() const { return size_; }
  const std::filesystem::path& path() const { return path_; }

 private:
  AtomicFileWriter(int fd, std::filesystem::path path, std::filesystem::path temp_path)
      : fd_(fd), path_(std::move(path)), temp_path_(std::move(temp_path)) {}
  void discard();

  int fd_ = -1;
  std::filesystem::path path_;
  std::filesystem::path temp_path_;  // empty once committed or discarded
  uint64_t size_ = 0;
};

// Replaces (or creates) `path` with `bytes`, atomically and durably (see AtomicFileWriter).
Status writeFileAtomically(const std::filesystem::path& path, std::span<const uint8_t> bytes);

// True for the temporary files AtomicFileWriter creates (a crashed writer may leave them).
bool isTemporaryFileName(std::string_view file_name);

// Reads a file at any offset. The file stays open: what it held when opened stays readable even
// if it is unlinked or replaced by a rename meanwhile.
class FileReader {
 public:
  static Result<FileReader> open(const std::filesystem::path& path);

  FileReader(FileReader&& other) noexcept;
  FileReader& operator=(FileReader&& other) noexcept;
  FileReader(const FileReader&) = delete;
  FileReader& operator=(const FileReader&) = delete;
  ~FileReader();

  // Fills `out` from `offset` on; returns the bytes read (fewer only at the end of the file).
  Result<size_t> readAt(uint64_t offset, std::span<uint8_t> out) const;
  uint64_t size() const { return size_; }

 private:
  FileReader(int fd, uint64_t size) : fd_(fd), size_(size) {}
  int fd_ = -1;
  uint64_t size_ = 0;
};

}  // namespace edged::storage
