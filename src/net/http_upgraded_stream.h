#pragma once
// The socket of a server connection after "101 Switching Protocols", as a ByteStream for the new
// protocol (a WebSocketSession). The HttpConnection keeps owning the uv handles (their write
// requests point at it) and stops parsing HTTP; this stream only forwards to it. Private to
// src/net.
//
// Either side may go first: closing or destroying the stream closes the connection; a
// connection that closes (server shutdown, a failed write) ends the stream with an error.

#include <string>
#include <string_view>

#include "edged/net/byte_stream.h"

namespace edged::net {

class HttpConnection;

class HttpUpgradedStream final : public ByteStream {
 public:
  explicit HttpUpgradedStream(HttpConnection* connection) : connection_(connection) {}
  ~HttpUpgradedStream() override;

  void setHandler(Handler handler) override { handler_ = std::move(handler); }
  void startReading() override;
  void stopReading() override;
  void write(std::string bytes, std::function<void(Status)> on_written) override;
  size_t pendingWriteBytes() const override;
  void close() override;

  // For the connection.
  void deliver(std::string_view bytes);
  // EOF (Ok) or failure; after a failure the connection is gone.
  void end(Status status);
  void connectionClosed();

 private:
  HttpConnection* connection_;  // null once either side closed
  Handler handler_;
  bool ended_ = false;
};

}  // namespace edged::net
