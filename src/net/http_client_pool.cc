#include "edged/net/http_client_pool.h"

#include <csignal>

#include "edged/util/log.h"

namespace edged::net {
namespace {

// How often idle connections are checked for expiry.
constexpr uint64_t kSweepIntervalMs = 1000;

}  // namespace

std::string HttpOrigin::key() const {
  return (tls ? "https://" : "http://") + host + ":" + std::to_string(port);
}

std::shared_ptr<HttpClientPool> HttpClientPool::create(uv_loop_t* loop, HttpClientLimits limits) {
  // A write to a socket the origin already closed must be EPIPE, not death (as in HttpServer).
  std::signal(SIGPIPE, SIG_IGN);
  return std::shared_ptr<HttpClientPool>(new HttpClientPool(loop, limits));
}

HttpClientPool::HttpClientPool(uv_loop_t* loop, HttpClientLimits limits)
    : loop_(loop), limits_(limits) {
  EDGED_ASSERT(sweeper_.init([loop](uv_timer_t* t) { return uv_timer_init(loop, t); }, this) == 0);
}

HttpClientPool::~HttpClientPool() = default;  // idle connections and the timer close themselves

std::shared_ptr<HttpClientExchange> HttpClientPool::start(HttpClientRequest request,
                                                          HttpClientExchange::Handler handler) {
  auto exchange = std::make_shared<HttpClientExchange>(HttpClientExchange::Key{}, weak_from_this(),
                                                       std::move(request), std::move(handler));
  exchange->begin(/*fresh=*/false);
  return exchange;
}

std::unique_ptr<HttpClientConnection> HttpClientPool::takeIdle(const HttpOrigin& origin) {
  std::string key = origin.key();
  // The most recently used connection first: the likeliest to still be open.
  for (auto it = idle_.rbegin(); it != idle_.rend(); ++it) {
    if (it->key != key) continue;
    std::unique_ptr<HttpClientConnection> connection = std::move(it->connection);
    idle_.erase(std::next(it).base());
    return connection;
  }
  return nullptr;
}

std::unique_ptr<OriginConnector> HttpClientPool::connect(const HttpOrigin& origin,
                                                         OriginConnector::Callback callback) {
  if (origin.tls && !tls_ && !tls_failed_) {
    Result<std::unique_ptr<TlsClientContext>> context = TlsClientContext::create();
    if (context) {
      tls_ = std::move(context.value());
    } else {
      tls_failed_ = true;
      spdlog::error("http client: {}", context.error().message);
    }
  }
  return OriginConnector::start(loop_, origin, tls_.get(), limits_, std::move(callback));
}

void HttpClientPool::release(const HttpOrigin& origin,
                             std::unique_ptr<HttpClientConnection> connection,
                             uint32_t idle_timeout_ms) {
  if (idle_timeout_ms == 0 || limits_.max_idle_per_origin == 0 || limits_.max_idle_total == 0) {
    return;  // `connection` closes
  }
  std::string key = origin.key();
  size_t same_origin = 0;
  for (const Idle& idle : idle_) same_origin += idle.key == key ? 1 : 0;
  // Over a bound, the least recently used connection goes.
  if (same_origin >= limits_.max_idle_per_origin) {
    for (auto it = idle_.begin(); it != idle_.end(); ++it) {
      if (it->key == key) {
        idle_.erase(it);
        break;
      }
    }
  }
  if (idle_.size() >= limits_.max_idle_total) idle_.pop_front();
  HttpClientConnection* raw = connection.get();
  idle_.push_back(Idle{std::move(key), std::move(connection), uv_now(loop_) + idle_timeout_ms});
  raw->watchIdle([this, raw] { dropIdle(raw); });
  if (!uv_is_active(reinterpret_cast<uv_handle_t*>(sweeper_.get()))) {
    uv_timer_start(sweeper_.get(), onSweep, kSweepIntervalMs, kSweepIntervalMs);
  }
}

void HttpClientPool::dropIdle(const HttpClientConnection* connection) {
  for (auto it = idle_.begin(); it != idle_.end(); ++it) {
    if (it->connection.get() == connection) {
      idle_.erase(it);  // destroys the connection from inside its own callback: allowed
      return;
    }
  }
}

void HttpClientPool::onSweep(uv_timer_t* timer) {
  auto* self = static_cast<HttpClientPool*>(timer->data);
  if (self == nullptr) return;
  uint64_t now = uv_now(self->loop_);
  self->idle_.remove_if([now](const Idle& idle) { return idle.expires_at <= now; });
  if (self->idle_.empty()) uv_timer_stop(timer);
}

}  // namespace edged::net
