#pragma once
// Opens a byte stream to an HTTP origin: TCP (TcpConnector), then for https a TLS handshake
// (TlsStream), all within one deadline (HttpClientLimits::connect_timeout_ms).

#include <uv.h>

#include <functional>
#include <memory>

#include "edged/net/byte_stream.h"
#include "edged/net/http_client_types.h"
#include "edged/net/tcp_connector.h"
#include "edged/net/tls_stream.h"
#include "edged/net/uv_handle.h"

namespace edged::net {

class OriginConnector {
 public:
  using Callback = std::function<void(Result<std::unique_ptr<ByteStream>>)>;

  // `tls` must outlive the connector and the stream; an https origin without it fails.
  // `callback` runs once, later on the loop, unless the connector is destroyed first.
  static std::unique_ptr<OriginConnector> start(uv_loop_t* loop, const HttpOrigin& origin,
                                                const TlsClientContext* tls,
                                                const HttpClientLimits& limits, Callback callback);
  ~OriginConnector();
  OriginConnector(const OriginConnector&) = delete;
  OriginConnector& operator=(const OriginConnector&) = delete;

 private:
  OriginConnector(Callback callback) : callback_(std::move(callback)) {}
  static void onTimeout(uv_timer_t* timer);
  void connected(Result<std::unique_ptr<TcpStream>> tcp);
  void finish(Result<std::unique_ptr<ByteStream>> result);

  Callback callback_;
  HttpOrigin origin_;
  const TlsClientContext* tls_ = nullptr;
  std::unique_ptr<TcpConnector> tcp_connector_;
  std::unique_ptr<TlsStream> handshaking_;
  std::string early_error_;     // a failure known at start(), reported from the timer
  UvHandle<uv_timer_t> timer_;  // the deadline
};

}  // namespace edged::net
