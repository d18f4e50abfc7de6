#include "edged/net/http_exchange.h"

#include "http_connection.h"

namespace edged::net {

HttpExchange::HttpExchange(Key, HttpConnection* connection, HttpRequestHead head)
    : connection_(connection),
      head_(std::move(head)),
      writer_(head_.method == "HEAD", head_.version_minor) {}

void HttpExchange::readBody(std::function<void(std::string_view)> on_chunk,
                            std::function<void(Status)> on_end) {
  if (body_state_ != BodyState::kUnread) return;            // once only
  std::shared_ptr<HttpExchange> self = shared_from_this();  // callbacks may drop the last owner
  on_chunk_ = std::move(on_chunk);
  on_end_ = std::move(on_end);
  body_state_ = BodyState::kReading;
  if (connection_ == nullptr) {
    finishBody(makeError(closed_ ? "connection closed" : "response already ended"));
    return;
  }
  if (!head_.has_body) {
    finishBody(Ok{});
    return;
  }
  // RFC 9110 §10.1.1: the client waits for this before sending the body; too late once a final
  // response has started.
  if (head_.expect_continue && !writer_.headWritten() && !continue_sent_) {
    continue_sent_ = true;
    connection_->sendContinue();
  }
  connection_->bodyStateChanged();
}

void HttpExchange::pauseBody() {
  body_paused_ = true;
  if (connection_ != nullptr) connection_->bodyStateChanged();
}

void HttpExchange::resumeBody() {
  if (!body_paused_) return;
  body_paused_ = false;
  if (connection_ != nullptr) connection_->bodyStateChanged();
}

void HttpExchange::writeHead(int status, std::string_view reason,
                             const std::vector<HttpHeader>& headers,
                             std::optional<uint64_t> content_length) {
  if (connection_ == nullptr || writer_.headWritten()) return;
  bool close = connection_->willCloseAfterResponse(*this);
  connection_->write(
      writer_.writeHead(status, reason, headers, content_length, close, connection_->date()));
}

void HttpExchange::writeBody(std::string chunk, std::function<void()> on_flushed) {
  if (connection_ == nullptr || !writer_.headWritten()) return;
  HttpResponseWriter::Frame frame = writer_.frameBody(chunk.size());
  if (!frame.send) {  // HEAD, 204, 304, or past the declared length: the bytes are dropped
    if (on_flushed) on_flushed();
    return;
  }
  chunk.resize(frame.size);
  connection_->write(std::move(frame.prefix), std::move(chunk), frame.suffix,
                     std::move(on_flushed));
}

void HttpExchange::respond(int status, std::string_view reason,
                           const std::vector<HttpHeader>& headers, std::string body) {
  if (connection_ == nullptr || writer_.headWritten()) return;
  bool close = connection_->willCloseAfterResponse(*this);
  std::string head =
      writer_.writeHead(status, reason, headers, body.size(), close, connection_->date());
  HttpResponseWriter::Frame frame = writer_.frameBody(body.size());
  if (frame.send) {
    body.resize(frame.size);
    head += frame.prefix;
    connection_->write(std::move(head), std::move(body), frame.suffix);
  } else {
    connection_->write(std::move(head));
  }
  end();
}

void HttpExchange::end() {
  if (connection_ == nullptr) return;
  std::shared_ptr<HttpExchange> self = shared_from_this();
  if (!writer_.headWritten()) writeHead(500, {}, {}, 0);
  if (std::string_view last = writer_.finish(); !last.empty())
    connection_->write(std::string(last));
  if (body_state_ == BodyState::kReading) {
    finishBody(makeError("the response ended before the request body was read"));
    if (connection_ == nullptr) return;  // the callback aborted
  }
  HttpConnection* connection = std::exchange(connection_, nullptr);
  on_close_.clear();
  connection->responseEnded();
}

void HttpExchange::abort() {
  if (connection_ == nullptr) return;
  std::shared_ptr<HttpExchange> self = shared_from_this();
  connection_->close(/*reset=*/true);  // detaches this exchange
}

Result<std::unique_ptr<ByteStream>> HttpExchange::upgrade(std::string_view protocol,
                                                           const std::vector<HttpHeader>& headers) {
  if (connection_ == nullptr) return makeError(closed_ ? "connection closed" : "response already ended");
  if (writer_.headWritten()) return makeError("a response has already started");
  if (head_.version_minor != 1) return makeError("HTTP/1.0 cannot switch protocols");
  // Unread body bytes would be taken for the new protocol's.
  if (!bodyComplete()) return makeError("the request body was not read to its end");
  std::shared_ptr<HttpExchange> self = shared_from_this();  // the connection drops its reference
  HttpConnection* connection = std::exchange(connection_, nullptr);
  on_close_.clear();
  return connection->upgrade(serializeSwitchingProtocols(protocol, headers, connection->date()));
}

void HttpExchange::onClose(std::function<void()> cb) {
  if (connection_ != nullptr) {
    on_close_.push_back(std::move(cb));
  } else if (closed_ && cb) {
    cb();
  }
}

void HttpExchange::deliverChunk(std::string_view chunk) {
  // Held in a local while it runs: the callback may end the body (end(), abort()), which
  // resets on_chunk_.
  std::function<void(std::string_view)> on_chunk = std::move(on_chunk_);
  if (on_chunk) on_chunk(chunk);
  if (body_state_ == BodyState::kReading && !on_chunk_) on_chunk_ = std::move(on_chunk);
}

void HttpExchange::finishBody(Status status) {
  if (body_state_ != BodyState::kReading) return;
  body_state_ = status.ok() ? BodyState::kDone : BodyState::kFailed;
  on_chunk_ = nullptr;
  if (std::function<void(Status)> on_end = std::move(on_end_)) on_end(std::move(status));
}

void HttpExchange::detach(bool closed, const std::string& why) {
  connection_ = nullptr;
  closed_ = closed;
  finishBody(makeError(why));
  std::vector<std::function<void()>> callbacks = std::move(on_close_);
  on_close_.clear();
  if (closed) {
    for (auto& cb : callbacks) {
      if (cb) cb();
    }
  }
}

}  // namespace edged::net
