#include "edged/net/websocket_session.h"

#include "edged/util/log.h"

namespace edged::net {
namespace {

// The reason on_close reports when the connection ended without a Close frame (workerd's text).
constexpr std::string_view kDisconnectedReason = "WebSocket disconnected without sending Close frame.";

}  // namespace

WebSocketSession::WebSocketSession(uv_loop_t* loop, std::unique_ptr<ByteStream> stream,
                                   WebSocketRole role, WebSocketOptions options, Handler handler)
    : loop_(loop),
      stream_(std::move(stream)),
      role_(role),
      options_(options),
      handler_(std::move(handler)),
      parser_(role, options.max_message_bytes, options.accept_unmasked_client_frames) {
  // The stream runs no callback after close() or destruction, and this session closes it first
  // thing when it goes, so `this` is always alive in these.
  stream_->setHandler({[this](std::string_view bytes) { onData(bytes); },
                       [this](Status status) { onEnd(std::move(status)); }});
}

WebSocketSession::~WebSocketSession() {
  if (stream_) stream_->close();
}

void WebSocketSession::start(std::string_view already_received) {
  if (started_) return;
  started_ = true;
  if (!already_received.empty()) {
    std::weak_ptr<bool> alive = alive_;
    onData(already_received);
    if (alive.expired()) return;
  }
  if (stream_ && state_ != State::kClosed && !failed_) stream_->startReading();
}

// --- sending ----------------------------------------------------------------------------------

Status WebSocketSession::sendText(std::string_view text) {
  if (close_requested_) return makeError("Can't call WebSocket send() after close().");
  if (state_ == State::kOpen) sendFrame(WebSocketOpcode::kText, text);
  return Ok{};
}

Status WebSocketSession::sendBinary(std::string_view data) {
  if (close_requested_) return makeError("Can't call WebSocket send() after close().");
  if (state_ == State::kOpen) sendFrame(WebSocketOpcode::kBinary, data);
  return Ok{};
}

Status WebSocketSession::sendPing(std::string_view payload) {
  if (payload.size() > kMaxControlPayload) {
    return makeError("A WebSocket ping payload must not be longer than 125 bytes.");
  }
  if (close_requested_) return makeError("Can't call WebSocket send() after close().");
  if (state_ == State::kOpen) sendFrame(WebSocketOpcode::kPing, payload);
  return Ok{};
}

Status WebSocketSession::close(std::optional<int> code, std::optional<std::string_view> reason) {
  // As in workerd, a second close() is ignored before its arguments are even looked at.
  if (close_requested_ || state_ != State::kOpen) {
    close_requested_ = true;
    return Ok{};
  }
  Result<WebSocketClose> close = checkCloseArguments(code, reason);
  if (!close) return close.error();
  close_requested_ = true;
  sendClose(close.value());
  return Ok{};
}

void WebSocketSession::sendFrame(WebSocketOpcode opcode, std::string_view payload,
                                 std::function<void()> on_written) {
  if (!stream_) return;
  WebSocketFrameHeader header{true, opcode, std::nullopt};
  if (role_ == WebSocketRole::kClient) {  // RFC 6455 §5.3: every client frame, a fresh key
    Result<std::array<uint8_t, 4>> key = randomMaskingKey();
    if (!key) {
      spdlog::error("websocket: cannot mask a frame: {}", key.error().message);
      finish(kCloseAbnormal, "", false);
      return;
    }
    header.mask = key.value();
  }
  std::function<void(Status)> written;
  if (on_written) written = [on_written = std::move(on_written)](Status) { on_written(); };
  // A write that fails at once ends the stream from inside this call (onEnd, on_close).
  stream_->write(serializeWebSocketFrame(header, payload), std::move(written));
}

void WebSocketSession::sendClose(const WebSocketClose& close) {
  close_sent_ = true;
  if (state_ == State::kOpen) state_ = State::kClosing;
  std::weak_ptr<bool> alive = alive_;
  sendFrame(WebSocketOpcode::kClose, serializeClosePayload(close), [this] {
    close_flushed_ = true;
    maybeFinishHandshake();
  });
  if (alive.expired() || state_ == State::kClosed) return;
  startCloseTimer();
}

// --- receiving --------------------------------------------------------------------------------

void WebSocketSession::onData(std::string_view bytes) {
  std::weak_ptr<bool> alive = alive_;
  // Nothing is read once the peer's Close arrived (RFC 6455 §5.5.1: it sends nothing after) or
  // the connection failed; the bytes are dropped.
  while (!bytes.empty() && state_ != State::kClosed && !failed_ && !close_received_) {
    WebSocketFrameParser::Step step = parser_.feed(bytes);
    bytes.remove_prefix(step.consumed);
    switch (step.event) {
      case WebSocketFrameParser::Event::kNeedMore:
        return;
      case WebSocketFrameParser::Event::kError:
        failConnection(parser_.error());
        return;
      case WebSocketFrameParser::Event::kFrame:
        onFrame(parser_.takeFrame());
        if (alive.expired()) return;
        break;
    }
  }
}

void WebSocketSession::onFrame(WebSocketFrame frame) {
  switch (frame.opcode) {
    case WebSocketOpcode::kContinuation:
    case WebSocketOpcode::kText:
    case WebSocketOpcode::kBinary:
      onDataFrame(std::move(frame));
      return;
    case WebSocketOpcode::kPing:
      // RFC 6455 §5.5.2: answer with the same payload, unless our Close is already out.
      if (!close_sent_) sendFrame(WebSocketOpcode::kPong, frame.payload);
      return;
    case WebSocketOpcode::kPong:
      if (handler_.on_pong) handler_.on_pong(std::move(frame.payload));
      return;
    case WebSocketOpcode::kClose:
      onCloseFrame(frame.payload);
      return;
  }
}

void WebSocketSession::onDataFrame(WebSocketFrame frame) {
  // The parser already enforced the fragment order (§5.4) and the size limit.
  if (frame.opcode != WebSocketOpcode::kContinuation) {
    message_is_text_ = frame.opcode == WebSocketOpcode::kText;
    message_.clear();
    message_utf8_.reset();
  }
  // §8.1: invalid UTF-8 fails the connection as soon as it is seen, even mid-message.
  if (message_is_text_ && !message_utf8_.feed(frame.payload)) {
    failConnection({kCloseInvalidPayload, "invalid UTF-8 in a text message"});
    return;
  }
  if (!frame.fin) {
    message_.append(frame.payload);
    return;
  }
  if (message_is_text_ && !message_utf8_.complete()) {
    failConnection({kCloseInvalidPayload, "a text message ends inside a UTF-8 sequence"});
    return;
  }
  std::string data;
  if (message_.empty()) {
    data = std::move(frame.payload);
  } else {
    message_.append(frame.payload);
    data = std::move(message_);
    message_ = std::string();
  }
  if (handler_.on_message) handler_.on_message(message_is_text_, std::move(data));
}

void WebSocketSession::onCloseFrame(std::string_view payload) {
  WebSocketClose close;
  if (std::optional<WebSocketProtocolError> error = parseClosePayload(payload, close)) {
    failConnection(*error);
    return;
  }
  close_received_ = std::move(close);
  // §5.5.1: answer a Close with a Close, echoing the code (the reason is ours to choose: none).
  if (!close_sent_) {
    std::weak_ptr<bool> alive = alive_;
    sendClose(WebSocketClose{close_received_->code, {}});
    if (alive.expired()) return;
  }
  maybeFinishHandshake();
}

void WebSocketSession::onEnd(Status status) {
  if (state_ == State::kClosed) return;
  if (!status) spdlog::debug("websocket: connection failed: {}", status.error().message);
  // A client's handshake normally ends here: the server closes TCP after the Close frames.
  if (close_received_ && close_sent_ && !failed_) {
    finish(close_received_->code.value_or(kCloseNoStatus), close_received_->reason, true);
    return;
  }
  finish(kCloseAbnormal, failed_ ? std::string() : std::string(kDisconnectedReason), false);
}

// --- closing ----------------------------------------------------------------------------------

void WebSocketSession::failConnection(const WebSocketProtocolError& error) {
  if (state_ == State::kClosed || failed_) return;
  failed_ = true;
  failure_ = error.message;
  message_ = std::string();
  if (stream_) stream_->stopReading();
  std::weak_ptr<bool> alive = alive_;
  // RFC 6455 §7.1.7: send Close with the code the broken rule names, then close TCP.
  if (!close_sent_) {
    sendClose(WebSocketClose{error.close_code, error.message});
    if (alive.expired() || state_ == State::kClosed) return;
  }
  if (handler_.on_error) handler_.on_error(error.message);
  if (alive.expired()) return;
  maybeFinishHandshake();
}

void WebSocketSession::maybeFinishHandshake() {
  if (state_ == State::kClosed) return;
  if (failed_) {
    if (close_flushed_) finish(kCloseAbnormal, "", false);
    return;
  }
  if (!close_received_ || !close_sent_) return;
  // RFC 6455 §7.1.1: the server closes TCP first, once both Close frames passed; the client
  // waits for that (onEnd) or for the close timer.
  if (role_ == WebSocketRole::kServer && close_flushed_) {
    finish(close_received_->code.value_or(kCloseNoStatus), close_received_->reason, true);
  }
}

void WebSocketSession::startCloseTimer() {
  if (!close_timer_) {
    int rc = close_timer_.init([this](uv_timer_t* t) { return uv_timer_init(loop_, t); }, this);
    if (rc != 0) {  // no timer means no bound on the handshake: end it now instead
      finish(kCloseAbnormal, "", false);
      return;
    }
  }
  uv_timer_start(close_timer_.get(), onCloseTimer, options_.close_timeout_ms, 0);
}

void WebSocketSession::onCloseTimer(uv_timer_t* timer) {
  auto* self = static_cast<WebSocketSession*>(timer->data);
  if (self == nullptr) return;
  if (self->close_received_ && self->close_sent_ && !self->failed_) {
    self->finish(self->close_received_->code.value_or(kCloseNoStatus),
                 self->close_received_->reason, true);
  } else {
    self->finish(kCloseAbnormal, "", false);
  }
}

void WebSocketSession::finish(uint16_t code, std::string reason, bool was_clean) {
  if (state_ == State::kClosed) return;
  state_ = State::kClosed;
  if (failed_) spdlog::debug("websocket: closed after a protocol error: {}", failure_);
  close_timer_.close();
  message_ = std::string();
  // Closing (not destroying) the stream: this may run inside one of its callbacks.
  if (stream_) stream_->close();
  std::function<void(uint16_t, std::string, bool)> on_close = std::move(handler_.on_close);
  handler_.on_close = nullptr;
  if (on_close) on_close(code, std::move(reason), was_clean);  // may destroy this session
}

}  // namespace edged::net
