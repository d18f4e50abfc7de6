#pragma once
// Reads a byte range of a file in chunks on the libuv thread pool, one chunk at a time: the
// consumer asks for the next chunk only when it has room for it (backpressure), so a large asset
// never sits in memory and the event loop never waits for the disk.

#include <uv.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "edged/util/result.h"

namespace edged::bindings::assets {

class FileChunks : public std::enable_shared_from_this<FileChunks> {
 public:
  static constexpr uint64_t kChunkBytes = 256 * 1024;

  // `on_chunk` gets each chunk (never empty); `on_end` runs once: Ok after the last chunk, an
  // error when the file cannot be read or ends before `length` bytes.
  static std::shared_ptr<FileChunks> open(uv_loop_t* loop, std::filesystem::path file,
                                          uint64_t offset, uint64_t length,
                                          std::function<void(std::string)> on_chunk,
                                          std::function<void(Status)> on_end);
  ~FileChunks();

  // Reads the next chunk (ignored while one is being read, or after the end).
  void next();
  // Stops: no more callbacks.
  void stop();

  FileChunks(uv_loop_t* loop, std::filesystem::path file, uint64_t offset, uint64_t length);

 private:
  static void onOpen(uv_fs_t* req);
  static void onRead(uv_fs_t* req);
  void finish(Status status);

  uv_loop_t* loop_;
  std::filesystem::path file_;
  uint64_t offset_;
  uint64_t remaining_;
  uv_file fd_ = -1;
  uv_fs_t req_{};
  bool busy_ = false;    // a request is in flight (keeps this object alive through self_)
  bool wanted_ = false;  // next() called while opening
  bool done_ = false;
  std::string buffer_;
  std::shared_ptr<FileChunks> self_;
  std::function<void(std::string)> on_chunk_;
  std::function<void(Status)> on_end_;
};

}  // namespace edged::bindings::assets
