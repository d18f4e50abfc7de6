#include "edged/net/http_server.h"

#include <csignal>

#include "edged/net/tcp_listener.h"
#include "edged/util/assert.h"
#include "edged/util/log.h"
#include "http_connection.h"

namespace edged::net {
namespace {
constexpr size_t kReadBufferSize = 64 * 1024;
}  // namespace

HttpServer::HttpServer() = default;

HttpServer::~HttpServer() {
  // Connections are freed from their close callbacks, which reach back into this server.
  EDGED_ASSERT(connections_.empty() && "HttpServer destroyed before close() finished");
}

Result<int> HttpServer::listen(uv_loop_t* loop, const std::string& host, uint16_t port,
                               const HttpLimits& limits, RequestHandler handler) {
  EDGED_ASSERT(loop_ == nullptr && "listen() is called once per server");
  // A write to a socket the client already closed raises SIGPIPE, whose default action would
  // kill the whole process; libuv reports EPIPE instead once the signal is ignored.
  std::signal(SIGPIPE, SIG_IGN);
  loop_ = loop;
  context_ = std::make_unique<HttpServerContext>(HttpServerContext{
      limits, std::move(handler), HttpDateCache{}, std::vector<char>(kReadBufferSize),
      [this](HttpConnection* connection) { onConnectionClosed(connection); }, tls_});
  Result<std::unique_ptr<TcpListener>> listener =
      TcpListener::open(loop, host, port, [this] { onConnection(); });
  if (!listener) return listener.error();
  listener_ = std::move(listener).value();
  return listener_->port();
}

void HttpServer::setTls(std::shared_ptr<const TlsServerContext> tls) {
  tls_ = std::move(tls);
  if (context_) context_->tls = tls_;
}

void HttpServer::onConnection() {
  auto connection = std::make_unique<HttpConnection>(loop_, *context_);
  HttpConnection* raw = connection.get();
  connections_.emplace(raw, std::move(connection));
  raw->start(*listener_);
}

void HttpServer::onConnectionClosed(HttpConnection* connection) {
  connections_.erase(connection);
  finishCloseIfDone();
}

void HttpServer::close(std::function<void()> on_closed) {
  if (closing_) return;
  closing_ = true;
  on_closed_ = std::move(on_closed);
  listener_.reset();
  // drain() never frees a connection synchronously (that happens in close callbacks), so the
  // map is stable while iterating.
  for (auto& [raw, connection] : connections_) connection->drain();
  finishCloseIfDone();
}

void HttpServer::finishCloseIfDone() {
  if (!closing_ || !connections_.empty() || !on_closed_) return;
  std::function<void()> on_closed = std::move(on_closed_);
  on_closed_ = nullptr;
  on_closed();
}

}  // namespace edged::net
