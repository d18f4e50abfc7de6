#include "edged/net/http_client_connection.h"

#include "edged/net/http_request_writer.h"
#include "edged/util/assert.h"
#include "edged/util/log.h"
#include "prefixed_stream.h"

namespace edged::net {
namespace {

// Unparsed response bytes kept before the socket stops being read (the body is paused or the
// listener is slow): bounds memory per connection.
constexpr size_t kReadHighWater = 64 * 1024;

}  // namespace

HttpClientConnection::HttpClientConnection(std::unique_ptr<ByteStream> stream,
                                           const HttpClientLimits& limits)
    : stream_(std::move(stream)), parser_(limits) {
  stream_->setHandler({[this](std::string_view bytes) { onData(bytes); },
                       [this](Status status) { onEnd(std::move(status)); }});
}

HttpClientConnection::~HttpClientConnection() { close(); }

void HttpClientConnection::send(const HttpClientRequest& request, Listener listener) {
  EDGED_ASSERT(state_ == State::kIdle);
  state_ = State::kActive;
  ++requests_;
  listener_ = std::move(listener);
  on_idle_closed_ = nullptr;
  parser_.expectResponse(request.method == "HEAD", !request.upgrade.empty());
  body_mode_ = request.body_mode;
  declared_length_ = request.body_mode == HttpBodyMode::kLength ? request.content_length : 0;
  body_sent_ = 0;
  request_done_ = body_mode_ == HttpBodyMode::kNone ||
                  (body_mode_ == HttpBodyMode::kLength && declared_length_ == 0);
  response_started_ = false;
  response_done_ = false;
  response_keep_alive_ = false;
  paused_ = false;
  stream_->write(serializeRequestHead(request), nullptr);
  updateReading();
}

void HttpClientConnection::writeBody(std::string_view chunk, std::function<void()> on_flushed) {
  if (!wantsBody() || chunk.empty()) return;
  if (body_mode_ == HttpBodyMode::kLength && body_sent_ + chunk.size() > declared_length_) {
    fail("The request body is longer than its declared Content-Length.");
    return;
  }
  body_sent_ += chunk.size();
  writeFramed(chunk, std::move(on_flushed));
}

void HttpClientConnection::writeFramed(std::string_view chunk, std::function<void()> on_flushed) {
  std::string bytes;
  if (body_mode_ == HttpBodyMode::kChunked) {
    bytes = chunkPrefix(chunk.size());
    bytes.reserve(bytes.size() + chunk.size() + kChunkSuffix.size());
    bytes += chunk;
    bytes += kChunkSuffix;
  } else {
    bytes.assign(chunk);
  }
  stream_->write(std::move(bytes), [on_flushed = std::move(on_flushed)](Status) {
    if (on_flushed) on_flushed();
  });
}

void HttpClientConnection::endBody() {
  if (!wantsBody()) return;
  request_done_ = true;
  if (body_mode_ == HttpBodyMode::kChunked) {
    stream_->write(std::string(kLastChunk), nullptr);
  } else if (body_sent_ < declared_length_) {
    fail("The request body is shorter than its declared Content-Length.");
  }
}

void HttpClientConnection::pauseResponse() {
  paused_ = true;
  updateReading();
}

void HttpClientConnection::resumeResponse() {
  if (!paused_) return;
  paused_ = false;
  processInput();
}

bool HttpClientConnection::reusable() const {
  return state_ == State::kActive && response_done_ && request_done_ && response_keep_alive_ &&
         !peer_eof_ && in_pos_ == in_.size();
}

void HttpClientConnection::watchIdle(std::function<void()> on_closed) {
  EDGED_ASSERT(reusable());
  state_ = State::kIdle;
  listener_ = {};
  on_idle_closed_ = std::move(on_closed);
  if (in_.capacity() > kReadHighWater) std::string().swap(in_);  // idle: give memory back
  in_.clear();
  in_pos_ = 0;
  updateReading();
}

void HttpClientConnection::close() {
  state_ = State::kClosed;
  if (stream_) stream_->close();
}

void HttpClientConnection::onData(std::string_view bytes) {
  if (state_ == State::kIdle) {
    // RFC 9112 §9.3: nothing may arrive between responses; an origin that sends anything (often
    // a 408 before it closes) has given up on the connection.
    fail("the origin sent data on an idle connection");
    return;
  }
  if (state_ != State::kActive) return;
  response_started_ = true;
  if (in_pos_ == in_.size()) {
    in_.clear();
    in_pos_ = 0;
  } else if (in_pos_ >= kReadHighWater / 4) {
    in_.erase(0, in_pos_);
    in_pos_ = 0;
  }
  in_.append(bytes);
  processInput();
}

void HttpClientConnection::onEnd(Status status) {
  if (state_ == State::kClosed) return;
  if (!status || state_ == State::kIdle) {
    if (!status) spdlog::debug("http client: connection failed: {}", status.error().message);
    fail("Network connection lost.");
    return;
  }
  peer_eof_ = true;
  processInput();
}

void HttpClientConnection::processInput() {
  if (processing_) {
    process_again_ = true;
    return;
  }
  processing_ = true;
  std::weak_ptr<bool> alive = alive_;
  do {
    process_again_ = false;
    while (step()) {
      if (alive.expired()) return;
    }
    if (alive.expired()) return;
  } while (process_again_);
  processing_ = false;
  updateReading();
}

bool HttpClientConnection::step() {
  if (state_ != State::kActive || response_done_ || paused_) return false;
  std::string_view buffered = std::string_view(in_).substr(in_pos_);
  HttpResponseParser::Step step = parser_.feed(buffered);
  in_pos_ += step.consumed;  // step.body still points into in_, which is not touched meanwhile
  switch (step.event) {
    case HttpResponseParser::Event::kHead: {
      HttpResponseHead head = parser_.takeHead();
      if (head.status == 101) {  // only when the request asked (HttpResponseParser)
        switchProtocols(std::move(head));
        return false;
      }
      response_keep_alive_ = head.keep_alive;
      listener_.on_head(std::move(head));
      return true;
    }
    case HttpResponseParser::Event::kBody:
      listener_.on_body(step.body);
      return true;
    case HttpResponseParser::Event::kMessageEnd:
      response_done_ = true;
      listener_.on_end();  // may hand this connection to the pool, or destroy it
      return false;
    case HttpResponseParser::Event::kError:
      fail("Received an invalid HTTP response. (" + parser_.error() + ")");
      return false;
    case HttpResponseParser::Event::kNeedMore:
      if (!peer_eof_) return false;
      // RFC 9112 §6.3 item 8: a close-delimited body ends at EOF; anything else was cut short.
      if (parser_.finish().event == HttpResponseParser::Event::kMessageEnd) {
        response_done_ = true;
        response_keep_alive_ = false;
        listener_.on_end();
      } else {
        fail("Network connection lost.");
      }
      return false;
  }
  return false;
}

void HttpClientConnection::switchProtocols(HttpResponseHead head) {
  state_ = State::kClosed;  // no more HTTP: never back to the pool, close() leaves the stream be
  std::string rest = in_.substr(in_pos_);
  std::string().swap(in_);
  in_pos_ = 0;
  // PrefixedStream takes the stream's callbacks over before anything else can run.
  auto stream = std::make_unique<PrefixedStream>(std::move(stream_), std::move(rest), peer_eof_);
  std::function<void(HttpResponseHead, std::unique_ptr<ByteStream>)> on_upgrade =
      std::move(listener_.on_upgrade);
  listener_ = {};
  if (on_upgrade) on_upgrade(std::move(head), std::move(stream));  // may destroy this connection
}

void HttpClientConnection::fail(std::string message) {
  if (state_ == State::kClosed) return;
  bool idle = state_ == State::kIdle;
  bool before_response = !response_started_;
  state_ = State::kClosed;
  stream_->close();
  if (idle) {
    std::function<void()> on_closed = std::move(on_idle_closed_);
    if (on_closed) on_closed();  // the pool drops (destroys) this connection
    return;
  }
  std::function<void(std::string, bool)> on_error = std::move(listener_.on_error);
  if (on_error) on_error(std::move(message), before_response);  // may destroy this connection
}

void HttpClientConnection::updateReading() {
  if (state_ == State::kClosed || peer_eof_) return;
  bool want = state_ == State::kIdle ||
              (!paused_ && std::string_view(in_).substr(in_pos_).size() < kReadHighWater);
  if (want) {
    stream_->startReading();
  } else {
    stream_->stopReading();
  }
}

}  // namespace edged::net
