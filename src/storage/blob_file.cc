#include "edged/storage/blob_file.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <utility>

namespace edged::storage {
namespace {

constexpr std::string_view kTemporaryMarker = ".tmp-";

Error osError(std::string_view what, const std::filesystem::path& path) {
  return makeError(fmt::format("{} {}: {}", what, path.string(), std::strerror(errno)));
}

// Makes the directory entries of `dir` (a rename into it) durable.
Status syncDirectory(const std::filesystem::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return osError("cannot open directory", dir);
  int rc = ::fsync(fd);
  Error error = rc != 0 ? osError("cannot sync directory", dir) : Error{};
  ::close(fd);
  if (rc != 0) return error;
  return Ok{};
}

}  // namespace

bool isTemporaryFileName(std::string_view file_name) {
  return file_name.find(kTemporaryMarker) != std::string_view::npos;
}

Result<AtomicFileWriter> AtomicFileWriter::create(const std::filesystem::path& path) {
  // mkstemp: a fresh name per writer, so concurrent writers of the same final name (other
  // threads, other processes) never share a temporary file; the last rename wins.
  std::string temp = path.string() + std::string(kTemporaryMarker) + "XXXXXX";
  int fd = ::mkostemp(temp.data(), O_CLOEXEC);
  if (fd < 0) return osError("cannot create", temp);
  return AtomicFileWriter(fd, path, temp);
}

AtomicFileWriter::AtomicFileWriter(AtomicFileWriter&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)),
      path_(std::move(other.path_)),
      temp_path_(std::exchange(other.temp_path_, {})),
      size_(other.size_) {}

AtomicFileWriter& AtomicFileWriter::operator=(AtomicFileWriter&& other) noexcept {
  if (this != &other) {
    discard();
    fd_ = std::exchange(other.fd_, -1);
    path_ = std::move(other.path_);
    temp_path_ = std::exchange(other.temp_path_, {});
    size_ = other.size_;
  }
  return *this;
}

AtomicFileWriter::~AtomicFileWriter() { discard(); }

void AtomicFileWriter::discard() {
  if (fd_ >= 0) ::close(std::exchange(fd_, -1));
  if (!temp_path_.empty()) ::unlink(std::exchange(temp_path_, {}).c_str());
}

Status AtomicFileWriter::append(std::span<const uint8_t> bytes) {
  if (fd_ < 0) return makeError("write after commit: " + path_.string());
  while (!bytes.empty()) {
    ssize_t n = ::write(fd_, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return osError("cannot write", temp_path_);
    }
    bytes = bytes.subspan(static_cast<size_t>(n));
    size_ += static_cast<uint64_t>(n);
  }
  return Ok{};
}

Status AtomicFileWriter::commit() {
  if (fd_ < 0) return makeError("commit twice: " + path_.string());
  // fdatasync: the data and the size; the timestamps a full fsync adds are not needed.
  if (::fdatasync(fd_) != 0) {
    Error error = osError("cannot sync", temp_path_);
    discard();
    return error;
  }
  ::close(std::exchange(fd_, -1));
  if (::rename(temp_path_.c_str(), path_.c_str()) != 0) {
    Error error = osError("cannot rename into place", path_);
    discard();
    return error;
  }
  temp_path_.clear();
  return syncDirectory(path_.parent_path().empty() ? "." : path_.parent_path());
}

Status writeFileAtomically(const std::filesystem::path& path, std::span<const uint8_t> bytes) {
  Result<AtomicFileWriter> writer = AtomicFileWriter::create(path);
  if (!writer.ok()) return writer.error();
  if (Status written = writer->append(bytes); !written.ok()) return written;
  return writer->commit();
}

Result<FileReader> FileReader::open(const std::filesystem::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return osError("cannot open", path);
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    Error error = osError("cannot stat", path);
    ::close(fd);
    return error;
  }
  return FileReader(fd, static_cast<uint64_t>(st.st_size));
}

FileReader::FileReader(FileReader&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), size_(other.size_) {}

FileReader& FileReader::operator=(FileReader&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    size_ = other.size_;
  }
  return *this;
}

FileReader::~FileReader() {
  if (fd_ >= 0) ::close(fd_);
}

Result<size_t> FileReader::readAt(uint64_t offset, std::span<uint8_t> out) const {
  size_t total = 0;
  while (total < out.size()) {
    ssize_t n =
        ::pread(fd_, out.data() + total, out.size() - total, static_cast<off_t>(offset + total));
    if (n < 0) {
      if (errno == EINTR) continue;
      return makeError(fmt::format("cannot read: {}", std::strerror(errno)));
    }
    if (n == 0) break;
    total += static_cast<size_t>(n);
  }
  return total;
}

}  // namespace edged::storage
