#include "edged/net/origin_connector.h"

namespace edged::net {

std::unique_ptr<OriginConnector> OriginConnector::start(uv_loop_t* loop, const HttpOrigin& origin,
                                                        const TlsClientContext* tls,
                                                        const HttpClientLimits& limits,
                                                        Callback callback) {
  std::unique_ptr<OriginConnector> connector(new OriginConnector(std::move(callback)));
  OriginConnector* self = connector.get();
  self->origin_ = origin;
  self->tls_ = tls;
  EDGED_ASSERT(self->timer_.init([loop](uv_timer_t* t) { return uv_timer_init(loop, t); }, self) == 0);
  if (origin.tls && tls == nullptr) {
    // Reported from the timer on the next loop turn, never from start().
    self->early_error_ = "TLS is unavailable: the CA store could not be loaded.";
    uv_timer_start(self->timer_.get(), onTimeout, 0, 0);
    return connector;
  }
  uv_timer_start(self->timer_.get(), onTimeout, limits.connect_timeout_ms, 0);
  // The TCP connector gets the same deadline; whichever fires first reports it.
  self->tcp_connector_ = TcpConnector::start(
      loop, origin.host, origin.port, limits.connect_timeout_ms,
      [self](Result<std::unique_ptr<TcpStream>> tcp) { self->connected(std::move(tcp)); });
  return connector;
}

OriginConnector::~OriginConnector() = default;

void OriginConnector::connected(Result<std::unique_ptr<TcpStream>> tcp) {
  if (!tcp) {
    finish(tcp.error());
    return;
  }
  if (!origin_.tls) {
    finish(std::unique_ptr<ByteStream>(std::move(tcp.value())));
    return;
  }
  handshaking_ = std::make_unique<TlsStream>(*tls_, std::move(tcp.value()), origin_.host);
  handshaking_->handshake([this](Status status) {
    if (!status) {
      finish(status.error());
      return;
    }
    finish(std::unique_ptr<ByteStream>(std::move(handshaking_)));
  });
}

void OriginConnector::onTimeout(uv_timer_t* timer) {
  auto* self = static_cast<OriginConnector*>(timer->data);
  if (self == nullptr) return;
  self->finish(makeError(self->early_error_.empty() ? "Connection timed out." : self->early_error_));
}

void OriginConnector::finish(Result<std::unique_ptr<ByteStream>> result) {
  if (!callback_) return;
  timer_.close();
  Callback callback = std::move(callback_);
  // Destroying a TlsStream from inside its own handshake callback is allowed (it checks that it
  // is alive), so a failed handshake can be dropped here.
  std::unique_ptr<TlsStream> failed = std::move(handshaking_);
  tcp_connector_.reset();
  callback(std::move(result));  // may destroy this connector
}

}  // namespace edged::net
