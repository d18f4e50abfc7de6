#include "edged/bindings/assets/file_chunks.h"

#include <fcntl.h>
#include <unistd.h>

namespace edged::bindings::assets {

std::shared_ptr<FileChunks> FileChunks::open(uv_loop_t* loop, std::filesystem::path file,
                                             uint64_t offset, uint64_t length,
                                             std::function<void(std::string)> on_chunk,
                                             std::function<void(Status)> on_end) {
  auto chunks = std::make_shared<FileChunks>(loop, std::move(file), offset, length);
  chunks->on_chunk_ = std::move(on_chunk);
  chunks->on_end_ = std::move(on_end);
  chunks->busy_ = true;
  chunks->self_ = chunks;
  chunks->req_.data = chunks.get();
  int rc = uv_fs_open(loop, &chunks->req_, chunks->file_.c_str(), O_RDONLY, 0, &FileChunks::onOpen);
  if (rc < 0) {
    chunks->busy_ = false;
    chunks->self_.reset();
    chunks->finish(makeError(std::string("cannot open the asset: ") + uv_strerror(rc)));
  }
  return chunks;
}

FileChunks::FileChunks(uv_loop_t* loop, std::filesystem::path file, uint64_t offset,
                       uint64_t length)
    : loop_(loop), file_(std::move(file)), offset_(offset), remaining_(length) {}

FileChunks::~FileChunks() {
  // Closing a regular file does not block; the destructor may run outside any loop callback.
  if (fd_ >= 0) ::close(fd_);
}

void FileChunks::onOpen(uv_fs_t* req) {
  auto* self = static_cast<FileChunks*>(req->data);
  std::shared_ptr<FileChunks> keep = std::move(self->self_);
  self->busy_ = false;
  auto result = req->result;
  uv_fs_req_cleanup(req);
  if (result < 0) {
    return self->finish(
        makeError(std::string("cannot open the asset: ") + uv_strerror(static_cast<int>(result))));
  }
  self->fd_ = static_cast<uv_file>(result);
  if (self->remaining_ == 0) return self->finish(Ok{});
  if (self->wanted_) self->next();
}

void FileChunks::next() {
  if (done_) return;
  if (busy_ || fd_ < 0) {
    wanted_ = true;
    return;
  }
  wanted_ = false;
  if (remaining_ == 0) return finish(Ok{});
  buffer_.resize(static_cast<size_t>(std::min(kChunkBytes, remaining_)));
  uv_buf_t buf = uv_buf_init(buffer_.data(), static_cast<unsigned>(buffer_.size()));
  req_.data = this;
  busy_ = true;
  self_ = shared_from_this();
  int rc =
      uv_fs_read(loop_, &req_, fd_, &buf, 1, static_cast<int64_t>(offset_), &FileChunks::onRead);
  if (rc < 0) {
    busy_ = false;
    self_.reset();
    finish(makeError(std::string("cannot read the asset: ") + uv_strerror(rc)));
  }
}

void FileChunks::onRead(uv_fs_t* req) {
  auto* self = static_cast<FileChunks*>(req->data);
  std::shared_ptr<FileChunks> keep = std::move(self->self_);
  self->busy_ = false;
  auto result = req->result;
  uv_fs_req_cleanup(req);
  if (self->done_) return;
  if (result <= 0) {
    return self->finish(makeError(result < 0 ? std::string("cannot read the asset: ") +
                                                   uv_strerror(static_cast<int>(result))
                                             : std::string("the asset file ended early")));
  }
  auto got = static_cast<uint64_t>(result);
  self->offset_ += got;
  self->remaining_ -= got;
  self->buffer_.resize(static_cast<size_t>(got));
  std::string chunk = std::move(self->buffer_);
  self->buffer_.clear();
  if (self->on_chunk_) self->on_chunk_(std::move(chunk));
  if (self->done_) return;
  if (self->remaining_ == 0) return self->finish(Ok{});
  if (self->wanted_) self->next();
}

void FileChunks::stop() {
  done_ = true;
  on_chunk_ = nullptr;
  on_end_ = nullptr;
}

void FileChunks::finish(Status status) {
  if (done_) return;
  done_ = true;
  auto on_end = std::move(on_end_);
  on_chunk_ = nullptr;
  if (on_end) on_end(std::move(status));
}

}  // namespace edged::bindings::assets
