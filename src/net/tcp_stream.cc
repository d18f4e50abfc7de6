#include "edged/net/tcp_stream.h"

#include <arpa/inet.h>

#include <fmt/format.h>

namespace edged::net {
namespace {

// One socket read: large enough that a fast origin fills few callbacks per MiB.
constexpr size_t kReadBufferSize = 64 * 1024;

// One uv_write: owns the bytes until libuv is done with them.
struct WriteRequest {
  uv_write_t req;
  std::string bytes;
  std::function<void(Status)> on_written;
};

struct ShutdownRequest {
  uv_shutdown_t req;
  std::function<void(Status)> on_done;
};

using AddressGetter = int (*)(const uv_tcp_t*, sockaddr*, int*);

std::string formatAddress(const uv_tcp_t* tcp, AddressGetter get) {
  sockaddr_storage address{};
  int length = sizeof address;
  if (get(tcp, reinterpret_cast<sockaddr*>(&address), &length) != 0) return {};
  char ip[INET6_ADDRSTRLEN] = {};
  if (address.ss_family == AF_INET6) {
    const auto* v6 = reinterpret_cast<const sockaddr_in6*>(&address);
    uv_ip6_name(v6, ip, sizeof ip);
    return fmt::format("[{}]:{}", ip, ntohs(v6->sin6_port));
  }
  const auto* v4 = reinterpret_cast<const sockaddr_in*>(&address);
  uv_ip4_name(v4, ip, sizeof ip);
  return fmt::format("{}:{}", ip, ntohs(v4->sin_port));
}

}  // namespace

TcpStream::TcpStream(std::unique_ptr<UvHandle<uv_tcp_t>> tcp) : tcp_(std::move(tcp)) {
  tcp_->get()->data = this;
}

TcpStream::~TcpStream() { close(); }

void TcpStream::startReading() {
  if (!tcp_ || reading_ || ended_) return;
  if (int rc = uv_read_start(stream(), onAlloc, onRead); rc != 0) {
    fail(makeError(fmt::format("read failed: {}", uv_strerror(rc))));
    return;
  }
  reading_ = true;
}

void TcpStream::stopReading() {
  if (!tcp_ || !reading_) return;
  uv_read_stop(stream());
  reading_ = false;
}

void TcpStream::write(std::string bytes, std::function<void(Status)> on_written) {
  if (!tcp_) return;
  auto request = std::make_unique<WriteRequest>();
  request->bytes = std::move(bytes);
  request->on_written = std::move(on_written);
  uv_buf_t buf = uv_buf_init(request->bytes.data(), static_cast<unsigned>(request->bytes.size()));
  request->req.data = request.get();
  if (int rc = uv_write(&request->req, stream(), &buf, 1, onWrite); rc != 0) {
    failWrite(makeError(fmt::format("write failed: {}", uv_strerror(rc))), request->on_written);
    return;
  }
  request.release();  // freed in onWrite
}

void TcpStream::shutdown(std::function<void(Status)> on_done) {
  if (!tcp_) return on_done(makeError("The connection is closed."));
  auto request = std::make_unique<ShutdownRequest>();
  request->on_done = std::move(on_done);
  request->req.data = request.get();
  if (int rc = uv_shutdown(&request->req, stream(), onShutdown); rc != 0) {
    return request->on_done(makeError(fmt::format("shutdown failed: {}", uv_strerror(rc))));
  }
  request.release();  // freed in onShutdown
}

void TcpStream::onShutdown(uv_shutdown_t* req, int status) {
  std::unique_ptr<ShutdownRequest> request(static_cast<ShutdownRequest*>(req->data));
  if (req->handle->data == nullptr) return;  // closed: the owner no longer listens
  request->on_done(status < 0 ? Status(makeError(fmt::format("shutdown failed: {}",
                                                             uv_strerror(status))))
                              : Status(Ok{}));
}

std::string TcpStream::localAddress() const {
  return tcp_ ? formatAddress(tcp_->get(), uv_tcp_getsockname) : std::string();
}

std::string TcpStream::peerAddress() const {
  return tcp_ ? formatAddress(tcp_->get(), uv_tcp_getpeername) : std::string();
}

size_t TcpStream::pendingWriteBytes() const { return tcp_ ? tcp_->get()->write_queue_size : 0; }

void TcpStream::close() {
  reading_ = false;
  // UvHandle clears handle->data, so write callbacks cancelled by the close only free memory.
  tcp_.reset();
}

void TcpStream::onAlloc(uv_handle_t* handle, size_t, uv_buf_t* buf) {
  auto* self = static_cast<TcpStream*>(handle->data);
  if (self->read_buffer_.empty()) self->read_buffer_.resize(kReadBufferSize);
  *buf = uv_buf_init(self->read_buffer_.data(), static_cast<unsigned>(self->read_buffer_.size()));
}

void TcpStream::onRead(uv_stream_t* stream, ssize_t nread, const uv_buf_t* buf) {
  auto* self = static_cast<TcpStream*>(stream->data);
  if (self == nullptr || nread == 0) return;
  if (nread < 0) {
    self->reading_ = false;
    self->fail(nread == UV_EOF ? Status(Ok{})
                               : Status(makeError(fmt::format("read failed: {}",
                                                              uv_strerror(static_cast<int>(nread))))));
    return;
  }
  // The handler may close or destroy this stream; nothing here touches it afterwards.
  if (self->handler_.on_data) self->handler_.on_data(std::string_view(buf->base, static_cast<size_t>(nread)));
}

void TcpStream::onWrite(uv_write_t* req, int status) {
  std::unique_ptr<WriteRequest> request(static_cast<WriteRequest*>(req->data));
  auto* self = static_cast<TcpStream*>(req->handle->data);
  if (self == nullptr) return;  // closed: the owner no longer listens
  if (status < 0) {
    self->failWrite(makeError(fmt::format("write failed: {}", uv_strerror(status))),
                    request->on_written);
    return;
  }
  if (request->on_written) request->on_written(Ok{});
}

void TcpStream::failWrite(Status status, const std::function<void(Status)>& on_written) {
  // After on_end (the peer's EOF) nobody else would hear of it: a half-open writer would wait
  // forever.
  if (ended_) {
    if (on_written) on_written(std::move(status));  // may destroy this stream
    return;
  }
  fail(std::move(status));
}

void TcpStream::fail(Status status) {
  if (ended_) return;
  ended_ = true;
  if (reading_) stopReading();
  std::function<void(Status)> on_end = std::move(handler_.on_end);
  if (on_end) on_end(std::move(status));  // may destroy this stream
}

}  // namespace edged::net
