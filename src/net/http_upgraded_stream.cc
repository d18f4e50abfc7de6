#include "http_upgraded_stream.h"

#include "http_connection.h"

namespace edged::net {

HttpUpgradedStream::~HttpUpgradedStream() { close(); }

void HttpUpgradedStream::startReading() {
  if (connection_ != nullptr && !ended_) connection_->setUpgradedReading(true);
}

void HttpUpgradedStream::stopReading() {
  if (connection_ != nullptr) connection_->setUpgradedReading(false);
}

void HttpUpgradedStream::write(std::string bytes, std::function<void(Status)> on_written) {
  if (connection_ == nullptr) return;
  // A failed write closes the connection, which ends this stream (connectionClosed) instead.
  connection_->write(std::move(bytes), {}, {}, [on_written = std::move(on_written)] {
    if (on_written) on_written(Ok{});
  });
}

size_t HttpUpgradedStream::pendingWriteBytes() const {
  return connection_ != nullptr ? connection_->writeQueueSize() : 0;
}

void HttpUpgradedStream::close() {
  if (connection_ == nullptr) return;
  HttpConnection* connection = std::exchange(connection_, nullptr);
  connection->releaseUpgradedStream();
  connection->close();
}

void HttpUpgradedStream::deliver(std::string_view bytes) {
  if (handler_.on_data) handler_.on_data(bytes);  // may close or destroy this stream
}

void HttpUpgradedStream::end(Status status) {
  if (ended_) return;
  ended_ = true;
  std::function<void(Status)> on_end = std::move(handler_.on_end);
  if (on_end) on_end(std::move(status));  // may close or destroy this stream
}

void HttpUpgradedStream::connectionClosed() {
  connection_ = nullptr;
  end(makeError("connection closed"));
}

}  // namespace edged::net
