#include "edged/net/http_client_exchange.h"

#include <charconv>

#include "edged/net/http_client_pool.h"
#include "edged/net/http_syntax.h"

namespace edged::net {
namespace {

// RFC 9112 §9.3 leaves idle time to each side; many origins announce theirs in a Keep-Alive
// header ("timeout=5", Node's default). The pool gives up a second earlier, so it never sends a
// request the origin is about to close on.
uint32_t idleTimeoutFor(const HttpResponseHead& head, uint32_t limit_ms) {
  for (const HttpHeader& h : head.headers) {
    if (!equalsIgnoreCase(h.name, "keep-alive")) continue;
    std::string_view value = h.value;
    size_t at = value.find("timeout=");
    if (at == std::string_view::npos) continue;
    std::string_view digits = value.substr(at + 8);
    uint32_t seconds = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), seconds);
    if (ec != std::errc()) continue;
    uint32_t announced_ms = seconds > 1 ? (seconds - 1) * 1000 : 0;
    return std::min(limit_ms, announced_ms);
  }
  return limit_ms;
}

}  // namespace

HttpClientExchange::HttpClientExchange(Key, std::weak_ptr<HttpClientPool> pool,
                                       HttpClientRequest request, Handler handler)
    : pool_(std::move(pool)), request_(std::move(request)), handler_(std::move(handler)) {}

HttpClientExchange::~HttpClientExchange() { abort(); }

void HttpClientExchange::begin(bool fresh) {
  std::shared_ptr<HttpClientPool> pool = pool_.lock();
  if (!pool) {  // a retry after the pool was destroyed
    finish(makeError("Network connection lost."));
    return;
  }
  if (!fresh) {
    if (std::unique_ptr<HttpClientConnection> idle = pool->takeIdle(request_.origin)) {
      attach(std::move(idle));
      return;
    }
  }
  connector_ = pool->connect(request_.origin, [this](Result<std::unique_ptr<ByteStream>> stream) {
    std::shared_ptr<HttpClientExchange> keep = shared_from_this();
    connector_.reset();
    if (!stream) {
      finish(stream.error());
      return;
    }
    std::shared_ptr<HttpClientPool> pool = pool_.lock();
    if (!pool) {
      finish(makeError("Network connection lost."));
      return;
    }
    attach(std::make_unique<HttpClientConnection>(std::move(stream.value()), pool->limits()));
  });
}

void HttpClientExchange::attach(std::unique_ptr<HttpClientConnection> connection) {
  connection_ = std::move(connection);
  // The connection's callbacks run only while it is ours: it is destroyed or handed back to the
  // pool (which replaces them) before this exchange goes away.
  connection_->send(request_, {
      [this](HttpResponseHead head) {
        std::shared_ptr<HttpClientExchange> keep = shared_from_this();
        onHead(std::move(head));
      },
      [this](std::string_view bytes) {
        std::shared_ptr<HttpClientExchange> keep = shared_from_this();
        if (handler_.on_body) handler_.on_body(bytes);
      },
      [this] {
        std::shared_ptr<HttpClientExchange> keep = shared_from_this();
        onResponseEnd();
      },
      [this](std::string message, bool before_response) {
        std::shared_ptr<HttpClientExchange> keep = shared_from_this();
        onConnectionError(std::move(message), before_response);
      },
      [this](HttpResponseHead head, std::unique_ptr<ByteStream> stream) {
        std::shared_ptr<HttpClientExchange> keep = shared_from_this();
        onUpgrade(std::move(head), std::move(stream));
      },
  });
  while (!pending_body_.empty() && connection_ && connection_->wantsBody()) {
    PendingChunk chunk = std::move(pending_body_.front());
    pending_body_.pop_front();
    connection_->writeBody(chunk.bytes, std::move(chunk.on_flushed));
  }
  pending_body_.clear();
  if (body_ended_ && connection_) connection_->endBody();
  if (paused_ && connection_) connection_->pauseResponse();
}

void HttpClientExchange::writeBody(std::string chunk, std::function<void()> on_flushed) {
  if (!wantsBody() || chunk.empty()) return;
  if (connection_) {
    connection_->writeBody(chunk, std::move(on_flushed));
  } else {
    pending_body_.push_back({std::move(chunk), std::move(on_flushed)});
  }
}

void HttpClientExchange::endBody() {
  if (body_ended_ || finished_) return;
  body_ended_ = true;
  if (connection_) connection_->endBody();
}

bool HttpClientExchange::wantsBody() const {
  if (finished_ || body_ended_ || request_.body_mode == HttpBodyMode::kNone) return false;
  return !connection_ || connection_->wantsBody();
}

void HttpClientExchange::pauseResponse() {
  paused_ = true;
  if (connection_) connection_->pauseResponse();
}

void HttpClientExchange::resumeResponse() {
  paused_ = false;
  if (connection_) connection_->resumeResponse();
}

void HttpClientExchange::abort() {
  finished_ = true;
  handler_ = {};
  pending_body_.clear();
  connector_.reset();
  connection_.reset();
}

void HttpClientExchange::onHead(HttpResponseHead head) {
  std::shared_ptr<HttpClientPool> pool = pool_.lock();
  idle_timeout_ms_ = head.keep_alive && pool ? idleTimeoutFor(head, pool->limits().idle_timeout_ms)
                                             : 0;
  if (handler_.on_head) handler_.on_head(std::move(head));
}

void HttpClientExchange::onResponseEnd() {
  // The connection goes back first, so a request started from the handler can reuse it. One
  // whose request body is unfinished (the origin answered early) cannot be reused.
  std::shared_ptr<HttpClientPool> pool = pool_.lock();
  if (pool && connection_ && connection_->reusable()) {
    pool->release(request_.origin, std::move(connection_), idle_timeout_ms_);
  }
  finish(Ok{});
}

void HttpClientExchange::onUpgrade(HttpResponseHead head, std::unique_ptr<ByteStream> stream) {
  if (finished_) return;
  finished_ = true;
  pending_body_.clear();
  connector_.reset();
  connection_.reset();  // it gave its stream away
  Handler handler = std::move(handler_);
  handler_ = {};
  if (handler.on_upgrade) {
    handler.on_upgrade(std::move(head), std::move(stream));
  } else if (handler.on_end) {
    handler.on_end(makeError("the origin switched protocols, but nobody takes the connection"));
  }
}

// A reused connection the origin closed while it was idle fails before any response byte: the
// request never reached the origin's application, so one retry on a new connection is safe for
// a request without content (RFC 9112 §9.3.1).
bool HttpClientExchange::retryable() const {
  return !retried_ && connection_ && connection_->requestCount() > 1 &&
         (request_.body_mode == HttpBodyMode::kNone ||
          (request_.body_mode == HttpBodyMode::kLength && request_.content_length == 0));
}

void HttpClientExchange::onConnectionError(std::string message, bool before_response) {
  if (before_response && retryable()) {
    retried_ = true;
    connection_.reset();
    begin(/*fresh=*/true);
    return;
  }
  finish(makeError(std::move(message)));
}

void HttpClientExchange::finish(Status status) {
  if (finished_) return;
  finished_ = true;
  pending_body_.clear();
  connector_.reset();
  connection_.reset();  // a connection not handed back is not reusable
  std::function<void(Status)> on_end = std::move(handler_.on_end);
  handler_ = {};
  if (on_end) on_end(std::move(status));
}

}  // namespace edged::net
