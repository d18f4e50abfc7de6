#pragma once
// ByteStream over a connected libuv TCP handle (from TcpConnector).

#include <uv.h>

#include <memory>
#include <vector>

#include "edged/net/byte_stream.h"
#include "edged/net/uv_handle.h"

namespace edged::net {

class TcpStream final : public ByteStream {
 public:
  // Takes a connected handle; its `data` is pointed at this stream.
  explicit TcpStream(std::unique_ptr<UvHandle<uv_tcp_t>> tcp);
  ~TcpStream() override;

  void setHandler(Handler handler) override { handler_ = std::move(handler); }
  void startReading() override;
  void stopReading() override;
  void write(std::string bytes, std::function<void(Status)> on_written) override;
  size_t pendingWriteBytes() const override;
  void shutdown(std::function<void(Status)> on_done) override;
  void close() override;

  // "address:port" of this end and of the peer ("[v6]:port" for IPv6); empty once closed.
  std::string localAddress() const;
  std::string peerAddress() const;

 private:
  static void onAlloc(uv_handle_t* handle, size_t suggested, uv_buf_t* buf);
  static void onRead(uv_stream_t* stream, ssize_t nread, const uv_buf_t* buf);
  static void onWrite(uv_write_t* req, int status);
  static void onShutdown(uv_shutdown_t* req, int status);
  void fail(Status status);
  // A write failed: ends the stream, or tells the writer when the stream already ended.
  void failWrite(Status status, const std::function<void(Status)>& on_written);
  uv_stream_t* stream() const { return reinterpret_cast<uv_stream_t*>(tcp_->get()); }

  std::unique_ptr<UvHandle<uv_tcp_t>> tcp_;  // null once closed
  Handler handler_;
  std::vector<char> read_buffer_;
  bool reading_ = false;
  bool ended_ = false;  // on_end delivered
};

}  // namespace edged::net
