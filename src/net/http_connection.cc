#include "http_connection.h"

#include <exception>

#include "edged/net/tcp_listener.h"
#include "edged/net/tls_server.h"
#include "http_upgraded_stream.h"
#include "prefixed_stream.h"
#include "edged/util/assert.h"
#include "edged/util/log.h"

namespace edged::net {
namespace {

// Unparsed input kept before the socket stops being read: bounds memory per connection while a
// handler has not read the body yet or pipelined requests wait their turn.
constexpr size_t kReadHighWater = 64 * 1024;
// Unflushed response bytes above which the next pipelined request waits (the client is not
// reading its responses).
constexpr size_t kMaxWriteBacklog = 256 * 1024;
// How long a closing connection keeps draining input after its FIN (RFC 9112 §9.6).
constexpr uint64_t kLingerMs = 2000;

// One uv_write: owns the bytes until libuv is done with them.
struct WriteRequest {
  uv_write_t req;
  std::string head;
  std::string body;
  std::string_view suffix;  // static storage
  std::function<void()> on_flushed;
};

// Exceptions must not unwind through libuv's C frames (STYLE.md): a throwing callback costs its
// connection, not the process.
template <typename F>
void guarded(HttpConnection* connection, F&& fn) noexcept {
  try {
    fn();
  } catch (const std::exception& e) {
    spdlog::error("http: callback threw: {}", e.what());
    connection->close(/*reset=*/true);
  } catch (...) {
    spdlog::error("http: callback threw a non-standard exception");
    connection->close(/*reset=*/true);
  }
}

std::string peerAddress(const uv_tcp_t* tcp) {
  sockaddr_storage addr{};
  int len = sizeof addr;
  if (uv_tcp_getpeername(tcp, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return {};
  char name[INET6_ADDRSTRLEN] = {};
  if (addr.ss_family == AF_INET6) {
    uv_ip6_name(reinterpret_cast<const sockaddr_in6*>(&addr), name, sizeof name);
  } else {
    uv_ip4_name(reinterpret_cast<const sockaddr_in*>(&addr), name, sizeof name);
  }
  return name;
}

}  // namespace

HttpConnection::HttpConnection(uv_loop_t* loop, HttpServerContext& context)
    : context_(context), parser_(context.limits) {
  // Neither init can fail for a plain TCP handle or a timer.
  EDGED_ASSERT(uv_tcp_init(loop, &tcp_) == 0);
  EDGED_ASSERT(uv_timer_init(loop, &timer_) == 0);
  tcp_.data = this;
  timer_.data = this;
  open_handles_ = 2;
  if (context.tls) tls_ = std::make_unique<TlsServerSession>(context.tls);
}

HttpConnection::~HttpConnection() { EDGED_ASSERT(open_handles_ == 0); }

void HttpConnection::start(TcpListener& listener) {
  Status accepted = listener.accept(&tcp_);
  if (!accepted) {
    spdlog::debug("http: accept failed: {}", accepted.error().message);
    close();
    return;
  }
  remote_address_ = peerAddress(&tcp_);
  // RFC 9112 has no timer, but a server must bound how long a client may take to send a head.
  startTimer(Timer::kHeader);
  updateReading();
}

// --- libuv callbacks ------------------------------------------------------------------------

void HttpConnection::onAlloc(uv_handle_t* handle, size_t, uv_buf_t* buf) {
  auto* self = static_cast<HttpConnection*>(handle->data);
  std::vector<char>& buffer = self->context_.read_buffer;
  *buf = uv_buf_init(buffer.data(), static_cast<unsigned>(buffer.size()));
}

void HttpConnection::onRead(uv_stream_t* stream, ssize_t nread, const uv_buf_t* buf) {
  auto* self = static_cast<HttpConnection*>(stream->data);
  guarded(self, [&] { self->handleRead(nread, buf); });
}

void HttpConnection::onWrite(uv_write_t* req, int status) {
  std::unique_ptr<WriteRequest> write(static_cast<WriteRequest*>(req->data));
  auto* self = static_cast<HttpConnection*>(req->handle->data);
  guarded(self, [&] { self->handleWriteDone(status, write->on_flushed); });
}

void HttpConnection::onShutdown(uv_shutdown_t* req, int status) {
  auto* self = static_cast<HttpConnection*>(req->handle->data);
  self->shutdown_pending_ = false;
  if (self->closing_) return;
  // Our FIN is out and every response byte with it. Keep reading (and discarding) until the
  // client closes too, so unread input does not make the kernel answer with RST, which could
  // destroy the response before the client has read it. A draining server does not wait.
  if (status < 0 || self->peer_eof_ || self->draining_) {
    self->close();
  } else {
    self->startTimer(Timer::kLinger);
  }
}

void HttpConnection::onTimer(uv_timer_t* timer) {
  auto* self = static_cast<HttpConnection*>(timer->data);
  guarded(self, [&] { self->handleTimer(); });
}

void HttpConnection::onHandleClosed(uv_handle_t* handle) {
  auto* self = static_cast<HttpConnection*>(handle->data);
  if (--self->open_handles_ == 0) self->context_.on_closed(self);  // frees `self`
}

// --- reading and parsing --------------------------------------------------------------------

void HttpConnection::handleRead(ssize_t nread, const uv_buf_t* buf) {
  if (closing_ || nread == 0) return;
  if (nread < 0) return handleEnd(nread);
  std::string_view bytes(buf->base, static_cast<size_t>(nread));
  if (!tls_) return handleInput(bytes);
  std::string plaintext;
  Status received = tls_->receive(bytes, &plaintext);
  flushTlsOutput();
  if (!received.ok()) {
    spdlog::debug("http: {}", received.error().message);
    close();
    return;
  }
  if (!plaintext.empty()) handleInput(plaintext);
  if (tls_->peerClosed() && !closing_ && !peer_eof_) {
    // close_notify: the client's last byte; treat it as the end of the stream.
    if (reading_) uv_read_stop(stream());
    handleEnd(UV_EOF);
  }
}

void HttpConnection::handleEnd(ssize_t status) {
  if (upgraded_) {
    handleUpgradedEnd(status);
    return;
  }
  if (status != UV_EOF) {  // reset or other socket error: the client is gone
    close();
    return;
  }
  peer_eof_ = true;
  reading_ = false;  // libuv stops reading at EOF
  if (lingering_) {
    if (!shutdown_pending_) close();
    return;
  }
  processInput();  // buffered requests are still answered; then the connection closes
}

void HttpConnection::handleInput(std::string_view bytes) {
  if (closing_) return;
  if (upgraded_) {
    if (upgraded_stream_ != nullptr) upgraded_stream_->deliver(bytes);
    return;
  }
  if (lingering_) return;  // discarded
  if (in_pos_ == in_.size()) {
    in_.clear();
    in_pos_ = 0;
  } else if (in_pos_ >= kReadHighWater / 4) {
    in_.erase(0, in_pos_);
    in_pos_ = 0;
  }
  in_.append(bytes);
  if (timer_purpose_ == Timer::kIdle) startTimer(Timer::kHeader);  // first byte of a request
  processInput();
}

void HttpConnection::processInput() {
  if (processing_) {
    process_again_ = true;
    return;
  }
  processing_ = true;
  do {
    process_again_ = false;
    while (!closing_ && !lingering_ && !upgraded_ &&
           (exchange_ ? stepBody() : skipping_body_ ? stepSkip() : stepHead())) {
    }
  } while (process_again_ && !closing_ && !lingering_ && !upgraded_);
  processing_ = false;
  updateReading();
}

bool HttpConnection::stepHead() {
  if (draining_) {
    finishAndClose();
    return false;
  }
  // Responses are strictly in request order; do not start another while the client is not
  // even reading the previous ones.
  if (tcp_.write_queue_size > kMaxWriteBacklog) {
    waiting_for_flush_ = true;
    return false;
  }
  HttpRequestParser::Step step = parser_.feed(buffered());
  in_pos_ += step.consumed;
  switch (step.event) {
    case HttpRequestParser::Event::kHead: {
      stopTimer();
      HttpRequestHead head = parser_.takeHead();
      head.remote_address = remote_address_;
      exchange_ = std::make_shared<HttpExchange>(HttpExchange::Key{}, this, std::move(head));
      std::shared_ptr<HttpExchange> exchange = exchange_;  // the handler may end it at once
      context_.handler(std::move(exchange));
      return true;
    }
    case HttpRequestParser::Event::kError:
      respondError(parser_.error());
      return false;
    case HttpRequestParser::Event::kNeedMore:
      // Nothing more will come (a partial request is dropped quietly); the last response may
      // still be queued (a half-closed client still reads it), so flush, then FIN. close()
      // here would cancel the queued writes and cut the response short.
      if (peer_eof_) finishAndClose();
      return false;
    default:
      EDGED_ASSERT(false && "body event without an exchange");
      return false;
  }
}

bool HttpConnection::stepBody() {
  std::shared_ptr<HttpExchange> exchange = exchange_;
  if (!exchange->wantsBody()) return false;
  HttpRequestParser::Step step = parser_.feed(buffered());
  in_pos_ += step.consumed;  // step.body still points into in_, which is not touched meanwhile
  switch (step.event) {
    case HttpRequestParser::Event::kBody:
      exchange->deliverChunk(step.body);
      return true;
    case HttpRequestParser::Event::kMessageEnd:
      exchange->finishBody(Ok{});
      return true;
    case HttpRequestParser::Event::kNeedMore:
      if (peer_eof_) respondError(HttpParseError{400, "incomplete request body"});
      return false;
    case HttpRequestParser::Event::kError:
      respondError(parser_.error());
      return false;
    default:
      EDGED_ASSERT(false && "request head inside a body");
      return false;
  }
}

bool HttpConnection::stepSkip() {
  HttpRequestParser::Step step = parser_.feed(buffered());
  in_pos_ += step.consumed;
  skipped_bytes_ += step.consumed;
  switch (step.event) {
    case HttpRequestParser::Event::kMessageEnd:
      skipping_body_ = false;
      awaitNextRequest();
      return true;
    case HttpRequestParser::Event::kBody:
      break;
    case HttpRequestParser::Event::kNeedMore:
      if (peer_eof_) {
        finishAndClose();
        return false;
      }
      break;
    default:  // a malformed or oversized body: its response is already out, so just close
      finishAndClose();
      return false;
  }
  if (skipped_bytes_ > context_.limits.unread_body_grace_bytes) {
    finishAndClose();
    return false;
  }
  return step.event == HttpRequestParser::Event::kBody;
}

void HttpConnection::respondError(const HttpParseError& error) {
  stopTimer();
  std::shared_ptr<HttpExchange> exchange = std::move(exchange_);
  bool response_started = exchange && exchange->headWritten();
  if (exchange) exchange->detach(/*closed=*/true, error.reason);
  if (closing_ || lingering_) return;
  if (!response_started) write(serializeErrorResponse(error.status, error.reason, date()));
  finishAndClose();
}

void HttpConnection::updateReading() {
  if (closing_ || peer_eof_) return;
  bool paused = exchange_ && exchange_->bodyPaused();
  bool want = upgraded_ ? upgraded_reading_
                        : lingering_ || (buffered().size() < kReadHighWater && !paused);
  if (want && !reading_) {
    if (uv_read_start(stream(), onAlloc, onRead) != 0) {
      close();
      return;
    }
    reading_ = true;
  } else if (!want && reading_) {
    uv_read_stop(stream());
    reading_ = false;
  }
}

// --- writing and the end of a response ------------------------------------------------------

bool HttpConnection::willCloseAfterResponse(const HttpExchange& exchange) const {
  const HttpRequestHead& head = exchange.head();
  // A client waiting for "100 Continue" that gets a final answer instead may or may not send
  // the body (RFC 9110 §10.1.1): the connection cannot be reused reliably.
  if (!head.keep_alive || draining_ || peer_eof_ ||
      (head.expect_continue && !exchange.bodyStarted())) {
    return true;
  }
  // A body nobody has started reading, too large (or of unknown size) to be skipped after the
  // response: say so now. A client told nothing would take the connection for its next request
  // and meet the close instead of an answer (undici: "other side closed").
  bool unread = !exchange.bodyStarted() && !exchange.bodyComplete();
  return unread && !(head.content_length &&
                     *head.content_length <= context_.limits.unread_body_grace_bytes);
}

void HttpConnection::sendContinue() { write(std::string(kContinueResponse)); }

void HttpConnection::write(std::string head, std::string body, std::string_view suffix,
                           std::function<void()> on_flushed) {
  if (closing_ || lingering_) return;
  if (tls_) {
    for (std::string_view part : {std::string_view(head), std::string_view(body), suffix}) {
      Status sent = tls_->send(part);
      if (!sent.ok()) {
        spdlog::debug("http: {}", sent.error().message);
        close();
        return;
      }
    }
    writeRaw(tls_->takeOutput(), {}, {}, std::move(on_flushed));
    return;
  }
  writeRaw(std::move(head), std::move(body), suffix, std::move(on_flushed));
}

void HttpConnection::flushTlsOutput() {
  std::string ciphertext = tls_->takeOutput();
  if (!ciphertext.empty()) writeRaw(std::move(ciphertext), {}, {}, {});
}

void HttpConnection::writeRaw(std::string head, std::string body, std::string_view suffix,
                              std::function<void()> on_flushed) {
  if (closing_) return;
  auto request = std::make_unique<WriteRequest>();
  request->head = std::move(head);
  request->body = std::move(body);
  request->suffix = suffix;
  request->on_flushed = std::move(on_flushed);
  uv_buf_t bufs[3];
  unsigned count = 0;
  for (std::string_view part :
       {std::string_view(request->head), std::string_view(request->body), request->suffix}) {
    if (!part.empty()) bufs[count++] = uv_buf_init(const_cast<char*>(part.data()), part.size());
  }
  if (count == 0) {
    if (request->on_flushed) request->on_flushed();
    return;
  }
  request->req.data = request.get();
  if (uv_write(&request->req, stream(), bufs, count, onWrite) != 0) {
    close();
    return;
  }
  request.release();  // freed in onWrite
}

void HttpConnection::handleWriteDone(int status, const std::function<void()>& on_flushed) {
  if (closing_) return;  // cancelled by close(): the exchange already heard through onClose
  if (status < 0) {
    close();  // EPIPE, ECONNRESET: the client went away
    return;
  }
  if (on_flushed) on_flushed();
  if (waiting_for_flush_ && tcp_.write_queue_size <= kMaxWriteBacklog) {
    waiting_for_flush_ = false;
    processInput();
  }
}

void HttpConnection::responseEnded() {
  std::shared_ptr<HttpExchange> exchange = std::move(exchange_);
  EDGED_ASSERT(exchange != nullptr);
  // RFC 9112 §9.3: persist only if both sides allow it and the framing is intact.
  bool reusable = exchange->head().keep_alive && exchange->responseReusable() && !draining_;
  if (!reusable) {
    finishAndClose();
    return;
  }
  if (!exchange->bodyComplete()) {
    // The next request starts after this one's body (RFC 9112 §6.3): read the rest and drop it,
    // within the grace bounds. Closing at once instead would race the client's next request
    // on a connection it was told stays open.
    skipping_body_ = true;
    skipped_bytes_ = 0;
    startTimer(Timer::kUnreadBody);
  } else {
    awaitNextRequest();
  }
  processInput();
}

void HttpConnection::awaitNextRequest() {
  if (buffered().empty()) {
    if (in_.capacity() > kReadHighWater) std::string().swap(in_);  // idle: give memory back
    in_.clear();
    in_pos_ = 0;
    startTimer(Timer::kIdle);
  } else {
    startTimer(Timer::kHeader);  // a pipelined request has begun arriving
  }
}

// --- switching protocols (RFC 9110 §7.8) ----------------------------------------------------

std::unique_ptr<ByteStream> HttpConnection::upgrade(std::string head) {
  EDGED_ASSERT(exchange_ != nullptr && !upgraded_ && !closing_ && !lingering_);
  write(std::move(head));
  upgraded_ = true;
  exchange_.reset();  // the exchange detaches itself
  waiting_for_flush_ = false;
  stopTimer();  // no header or idle timeouts: the new protocol has its own
  std::string buffered_after_head(buffered());
  std::string().swap(in_);
  in_pos_ = 0;
  auto stream = std::make_unique<HttpUpgradedStream>(this);
  upgraded_stream_ = stream.get();
  updateReading();  // off until the stream's reader starts it
  if (buffered_after_head.empty() && !peer_eof_) return stream;
  return std::make_unique<PrefixedStream>(std::move(stream), std::move(buffered_after_head),
                                          peer_eof_);
}

void HttpConnection::setUpgradedReading(bool reading) {
  upgraded_reading_ = reading;
  updateReading();
}

void HttpConnection::handleUpgradedEnd(ssize_t status) {
  if (upgraded_stream_ == nullptr) return;
  if (status != UV_EOF) {  // reset or another socket error
    close();
    return;
  }
  // The peer will send nothing more but may still read: the stream's owner decides when to close.
  peer_eof_ = true;
  reading_ = false;
  upgraded_stream_->end(Ok{});
}

// --- timers and closing ---------------------------------------------------------------------

void HttpConnection::startTimer(Timer purpose) {
  uint64_t ms = purpose == Timer::kHeader       ? context_.limits.header_timeout_ms
                : purpose == Timer::kIdle       ? context_.limits.idle_timeout_ms
                : purpose == Timer::kUnreadBody ? context_.limits.unread_body_grace_ms
                                                : kLingerMs;
  timer_purpose_ = purpose;
  if (ms == 0) {  // a zero limit disables that timer
    uv_timer_stop(&timer_);
    return;
  }
  uv_timer_start(&timer_, onTimer, ms, 0);
}

void HttpConnection::stopTimer() {
  timer_purpose_ = Timer::kNone;
  uv_timer_stop(&timer_);
}

void HttpConnection::handleTimer() {
  Timer purpose = std::exchange(timer_purpose_, Timer::kNone);
  if (purpose == Timer::kHeader && !exchange_) {
    respondError(HttpParseError{408, "request header timeout"});
  } else if (purpose == Timer::kUnreadBody) {
    // The client is slow to send a body nobody wants. The response may still be queued.
    finishAndClose();
  } else {
    close();  // idle keep-alive connection, or a lingering close that ran out of time
  }
}

void HttpConnection::drain() {
  draining_ = true;
  if (upgraded_) return;  // the new protocol's owner closes it (e.g. WebSocket close 1001)
  if (closing_ || exchange_) return;  // the current response ends it
  if (lingering_) {
    if (!shutdown_pending_) close();  // the response is out: do not wait for the linger timer
    return;
  }
  // close() would cancel queued writes; finishAndClose() flushes them first.
  if (buffered().empty() && tcp_.write_queue_size == 0) {
    close();
  } else {
    finishAndClose();
  }
}

void HttpConnection::finishAndClose() {
  if (closing_ || lingering_) return;
  if (tls_) {
    tls_->shutdown();
    flushTlsOutput();
  }
  lingering_ = true;
  stopTimer();
  // uv_shutdown waits for queued writes, then sends FIN.
  if (uv_shutdown(&shutdown_req_, stream(), onShutdown) != 0) {
    close();
    return;
  }
  shutdown_pending_ = true;
  updateReading();
}

void HttpConnection::close(bool reset) {
  if (closing_) return;
  closing_ = true;
  waiting_for_flush_ = false;
  uv_timer_stop(&timer_);
  if (std::shared_ptr<HttpExchange> exchange = std::move(exchange_)) {
    exchange->detach(/*closed=*/true, "connection closed");
  }
  if (HttpUpgradedStream* stream = std::exchange(upgraded_stream_, nullptr)) {
    stream->connectionClosed();  // may destroy the stream, never this connection
  }
  uv_read_stop(stream());
  // RST only when asked (abort) and possible: libuv refuses it during a pending shutdown.
  if (!reset || shutdown_pending_ || uv_tcp_close_reset(&tcp_, onHandleClosed) != 0) {
    uv_close(reinterpret_cast<uv_handle_t*>(&tcp_), onHandleClosed);
  }
  uv_close(reinterpret_cast<uv_handle_t*>(&timer_), onHandleClosed);
}

}  // namespace edged::net
