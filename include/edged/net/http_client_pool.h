#pragma once
// Outbound HTTP/1.1 for one event loop: starts exchanges and keeps their connections alive
// between requests, per origin (RFC 9112 §9.3), within bounds: at most max_idle_per_origin idle
// connections to one origin and max_idle_total overall, each closed after idle_timeout_ms (or
// sooner when the origin's Keep-Alive header says so). The TLS context (system CA store) is
// loaded on the first https request. Loop thread only.

#include <uv.h>

#include <cstdint>
#include <list>
#include <memory>
#include <string>

#include "edged/net/http_client_exchange.h"
#include "edged/net/http_client_types.h"
#include "edged/net/origin_connector.h"
#include "edged/net/tls_stream.h"
#include "edged/net/uv_handle.h"

namespace edged::net {

class HttpClientPool : public std::enable_shared_from_this<HttpClientPool> {
 public:
  static std::shared_ptr<HttpClientPool> create(uv_loop_t* loop, HttpClientLimits limits = {});
  // Closes the idle connections. Exchanges in flight go on; their connections are then closed
  // instead of returned.
  ~HttpClientPool();
  HttpClientPool(const HttpClientPool&) = delete;
  HttpClientPool& operator=(const HttpClientPool&) = delete;

  // Sends `request`. No handler callback runs before this returns.
  std::shared_ptr<HttpClientExchange> start(HttpClientRequest request,
                                            HttpClientExchange::Handler handler);

  size_t idleConnections() const { return idle_.size(); }
  const HttpClientLimits& limits() const { return limits_; }

  // For HttpClientExchange.
  std::unique_ptr<HttpClientConnection> takeIdle(const HttpOrigin& origin);
  std::unique_ptr<OriginConnector> connect(const HttpOrigin& origin,
                                           OriginConnector::Callback callback);
  // Keeps a connection whose exchange ended cleanly, for up to `idle_timeout_ms`.
  void release(const HttpOrigin& origin, std::unique_ptr<HttpClientConnection> connection,
               uint32_t idle_timeout_ms);

 private:
  struct Idle {
    std::string key;
    std::unique_ptr<HttpClientConnection> connection;
    uint64_t expires_at = 0;  // loop time, ms
  };

  HttpClientPool(uv_loop_t* loop, HttpClientLimits limits);
  static void onSweep(uv_timer_t* timer);
  void dropIdle(const HttpClientConnection* connection);

  uv_loop_t* loop_;
  HttpClientLimits limits_;
  std::unique_ptr<TlsClientContext> tls_;
  bool tls_failed_ = false;
  std::list<Idle> idle_;  // least recently released first
  UvHandle<uv_timer_t> sweeper_;
};

}  // namespace edged::net
