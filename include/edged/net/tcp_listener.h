#pragma once
// A listening TCP socket on one loop. Opened with SO_REUSEPORT so that every loop thread can own
// a listener on the same port and the kernel spreads incoming connections between them
// (DESIGN.md "Threads"). For port 0, open the first listener, read port(), and open the others
// on that port.

#include <uv.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "edged/net/uv_handle.h"
#include "edged/util/result.h"

namespace edged::net {

class TcpListener {
 public:
  // Called on the loop thread when a connection is waiting: call accept() once.
  using OnConnection = std::function<void()>;

  // Binds host:port (numeric address or name; "" means every interface) and starts listening.
  // Must run on `loop`'s thread.
  static Result<std::unique_ptr<TcpListener>> open(uv_loop_t* loop, const std::string& host,
                                                   uint16_t port, OnConnection on_connection,
                                                   int backlog = 511);
  // Stops listening; connections already accepted are not affected.
  ~TcpListener();
  TcpListener(const TcpListener&) = delete;
  TcpListener& operator=(const TcpListener&) = delete;

  // The bound port (the kernel's choice when opened with port 0).
  uint16_t port() const { return port_; }

  // Accepts one waiting connection into `client` (uv_tcp_init'ed on the same loop) and turns on
  // TCP_NODELAY: responses are written in whole pieces, so Nagle's delay would only add latency.
  Status accept(uv_tcp_t* client);

  // Construction goes through open() (the key is private).
  class Key {
    friend class TcpListener;
    Key() = default;
  };
  TcpListener(Key, OnConnection on_connection);

 private:
  static void onConnection(uv_stream_t* server, int status);

  UvHandle<uv_tcp_t> handle_;
  OnConnection on_connection_;
  uint16_t port_ = 0;
};

}  // namespace edged::net
