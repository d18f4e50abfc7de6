#include "edged/net/tcp_listener.h"

#include <fmt/format.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include "edged/util/log.h"

namespace edged::net {
namespace {

Error listenError(const std::string& host, uint16_t port, std::string_view step, int uv_error) {
  return makeError(fmt::format("listen on {}:{}: {}: {}", host.empty() ? "*" : host, port, step,
                               uv_strerror(uv_error)));
}

// Closes a raw socket unless ownership was handed to libuv.
struct FdGuard {
  int fd = -1;
  ~FdGuard() {
    if (fd >= 0) ::close(fd);
  }
  int release() { return std::exchange(fd, -1); }
};

}  // namespace

TcpListener::TcpListener(Key, OnConnection on_connection)
    : on_connection_(std::move(on_connection)) {}

TcpListener::~TcpListener() = default;  // handle_ closes the socket

Result<std::unique_ptr<TcpListener>> TcpListener::open(uv_loop_t* loop, const std::string& host,
                                                       uint16_t port, OnConnection on_connection,
                                                       int backlog) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  std::string service = std::to_string(port);
  if (int rc = getaddrinfo(host.empty() ? nullptr : host.c_str(), service.c_str(), &hints, &found);
      rc != 0) {
    return makeError(fmt::format("listen on {}:{}: {}", host, port, gai_strerror(rc)));
  }
  std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> addresses(found, freeaddrinfo);

  // libuv cannot set SO_REUSEPORT before bind, so the socket is made here and handed over.
  FdGuard socket_fd{::socket(found->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0)};
  if (socket_fd.fd < 0) return listenError(host, port, "socket", uv_translate_sys_error(errno));
  int on = 1;
  // SO_REUSEADDR: restart while old connections sit in TIME_WAIT. SO_REUSEPORT: one listening
  // socket per loop thread on the same port.
  if (setsockopt(socket_fd.fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) != 0 ||
      setsockopt(socket_fd.fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof on) != 0) {
    return listenError(host, port, "setsockopt", uv_translate_sys_error(errno));
  }
  if (::bind(socket_fd.fd, found->ai_addr, found->ai_addrlen) != 0) {
    return listenError(host, port, "bind", uv_translate_sys_error(errno));
  }
  sockaddr_storage bound{};
  socklen_t bound_len = sizeof bound;
  if (getsockname(socket_fd.fd, reinterpret_cast<sockaddr*>(&bound), &bound_len) != 0) {
    return listenError(host, port, "getsockname", uv_translate_sys_error(errno));
  }

  auto listener = std::make_unique<TcpListener>(Key{}, std::move(on_connection));
  listener->port_ =
      ntohs(bound.ss_family == AF_INET6 ? reinterpret_cast<const sockaddr_in6*>(&bound)->sin6_port
                                        : reinterpret_cast<const sockaddr_in*>(&bound)->sin_port);
  int rc =
      listener->handle_.init([&](uv_tcp_t* h) { return uv_tcp_init(loop, h); }, listener.get());
  if (rc != 0) return listenError(host, port, "uv_tcp_init", rc);
  if (rc = uv_tcp_open(listener->handle_.get(), socket_fd.fd); rc != 0) {
    return listenError(host, port, "uv_tcp_open", rc);
  }
  socket_fd.release();  // closed with the handle from now on
  rc = uv_listen(reinterpret_cast<uv_stream_t*>(listener->handle_.get()), backlog, onConnection);
  if (rc != 0) return listenError(host, port, "listen", rc);
  return listener;
}

Status TcpListener::accept(uv_tcp_t* client) {
  int rc = uv_accept(reinterpret_cast<uv_stream_t*>(handle_.get()),
                     reinterpret_cast<uv_stream_t*>(client));
  if (rc != 0) return makeError(fmt::format("accept: {}", uv_strerror(rc)));
  uv_tcp_nodelay(client, 1);
  return Ok{};
}

void TcpListener::onConnection(uv_stream_t* server, int status) {
  auto* self = static_cast<TcpListener*>(server->data);
  if (self == nullptr) return;
  if (status < 0) {  // e.g. EMFILE: nothing to accept now; libuv retries on the next event
    spdlog::warn("tcp: incoming connection failed: {}", uv_strerror(status));
    return;
  }
  try {
    self->on_connection_();
  } catch (const std::exception& e) {  // never unwind through libuv (STYLE.md)
    spdlog::error("tcp: connection callback threw: {}", e.what());
  }
}

}  // namespace edged::net
