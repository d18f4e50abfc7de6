#pragma once
// An HTTP/1.1 server on one loop: a listener plus the connections it accepted. Each loop thread
// runs its own HttpServer on the same port (SO_REUSEPORT). All methods run on the loop's thread.

#include <uv.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>

#include "edged/net/http_exchange.h"
#include "edged/net/http_types.h"
#include "edged/util/result.h"

namespace edged::net {

class HttpConnection;
class TcpListener;
class TlsServerContext;
struct HttpServerContext;

class HttpServer {
 public:
  HttpServer();
  // The server must be closed (its close callback called), or never have listened.
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Starts accepting on host:port and calls `handler` for every request. Returns the bound port
  // (the kernel's choice for port 0). Once per server.
  Result<int> listen(uv_loop_t* loop, const std::string& host, uint16_t port,
                     const HttpLimits& limits, RequestHandler handler);

  // Makes connections accepted from now on speak TLS with `tls` (null: plain HTTP); before or
  // after listen() — a reload of the certificates keeps open connections as they are.
  void setTls(std::shared_ptr<const TlsServerContext> tls);

  // Graceful drain: stops accepting, closes idle connections, lets each busy one finish its
  // current response and then closes it. `on_closed` runs once every connection is gone (at once
  // if none is open). The loop may still run close callbacks afterwards.
  void close(std::function<void()> on_closed);

  size_t connectionCount() const { return connections_.size(); }

 private:
  void onConnection();
  void onConnectionClosed(HttpConnection* connection);
  void finishCloseIfDone();

  uv_loop_t* loop_ = nullptr;
  std::unique_ptr<HttpServerContext> context_;
  std::unique_ptr<TcpListener> listener_;
  std::shared_ptr<const TlsServerContext> tls_;
  std::unordered_map<HttpConnection*, std::unique_ptr<HttpConnection>> connections_;
  bool closing_ = false;
  std::function<void()> on_closed_;
};

}  // namespace edged::net
