#pragma once
// Opens an outbound TCP connection to host:port: resolves the name (DnsLookup), then tries each
// address in turn until one accepts, all within one deadline. Loop thread only.

#include <sys/socket.h>
#include <uv.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "edged/net/dns_resolver.h"
#include "edged/net/tcp_stream.h"
#include "edged/net/uv_handle.h"
#include "edged/util/result.h"

namespace edged::net {

class TcpConnector {
 public:
  using Callback = std::function<void(Result<std::unique_ptr<TcpStream>>)>;

  // Starts connecting; `callback` runs once, later on the loop (never from start()), unless the
  // connector is destroyed first, which cancels everything. Errors read "DNS lookup failed. …",
  // "Network connection lost. (connect: <reason>)" or "Connection timed out.".
  static std::unique_ptr<TcpConnector> start(uv_loop_t* loop, std::string host, uint16_t port,
                                             uint32_t timeout_ms, Callback callback);
  ~TcpConnector();
  TcpConnector(const TcpConnector&) = delete;
  TcpConnector& operator=(const TcpConnector&) = delete;

 private:
  TcpConnector(uv_loop_t* loop, Callback callback);
  static void onConnect(uv_connect_t* req, int status);
  static void onTimeout(uv_timer_t* timer);
  void resolved(Result<std::vector<sockaddr_storage>> addresses);
  void tryNext();
  void finish(Result<std::unique_ptr<TcpStream>> result);

  uv_loop_t* loop_;
  Callback callback_;
  std::unique_ptr<DnsLookup> lookup_;
  std::vector<sockaddr_storage> addresses_;
  size_t next_ = 0;
  std::unique_ptr<UvHandle<uv_tcp_t>> attempt_;  // the socket being connected
  std::string last_error_;
  UvHandle<uv_timer_t> timer_;  // the deadline; also defers an early failure to the loop
};

}  // namespace edged::net
