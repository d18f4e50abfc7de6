#include "edged/net/tcp_connector.h"

#include <fmt/format.h>

namespace edged::net {
namespace {

// One uv_connect: freed in its callback, which runs even when the socket was closed meanwhile
// (with UV_ECANCELED; the handle's data is then null).
struct ConnectRequest {
  uv_connect_t req;
};

}  // namespace

TcpConnector::TcpConnector(uv_loop_t* loop, Callback callback)
    : loop_(loop), callback_(std::move(callback)) {}

TcpConnector::~TcpConnector() = default;  // members close the socket, timer and lookup

std::unique_ptr<TcpConnector> TcpConnector::start(uv_loop_t* loop, std::string host,
                                                  uint16_t port, uint32_t timeout_ms,
                                                  Callback callback) {
  std::unique_ptr<TcpConnector> connector(new TcpConnector(loop, std::move(callback)));
  TcpConnector* self = connector.get();
  // A timer init cannot fail on a live loop.
  EDGED_ASSERT(self->timer_.init([loop](uv_timer_t* t) { return uv_timer_init(loop, t); }, self) == 0);
  uv_timer_start(self->timer_.get(), onTimeout, timeout_ms, 0);
  Result<std::unique_ptr<DnsLookup>> lookup = DnsLookup::start(
      loop, host, port, [self](Result<std::vector<sockaddr_storage>> r) { self->resolved(std::move(r)); });
  if (!lookup) {
    // Reported from the timer on the next loop turn, never from start().
    self->last_error_ = lookup.error().message;
    uv_timer_start(self->timer_.get(), onTimeout, 0, 0);
  } else {
    self->lookup_ = std::move(lookup.value());
  }
  return connector;
}

void TcpConnector::resolved(Result<std::vector<sockaddr_storage>> addresses) {
  lookup_.reset();
  if (!addresses) {
    finish(addresses.error());
    return;
  }
  addresses_ = std::move(addresses.value());
  tryNext();
}

// Tries the addresses one after another (a simple form of RFC 8305's fallback, without racing).
void TcpConnector::tryNext() {
  while (next_ < addresses_.size()) {
    const sockaddr_storage& address = addresses_[next_++];
    auto tcp = std::make_unique<UvHandle<uv_tcp_t>>();
    if (int rc = tcp->init([this](uv_tcp_t* t) { return uv_tcp_init(loop_, t); }, this); rc != 0) {
      last_error_ = uv_strerror(rc);
      continue;
    }
    auto request = std::make_unique<ConnectRequest>();
    request->req.data = request.get();
    int rc = uv_tcp_connect(&request->req, tcp->get(), reinterpret_cast<const sockaddr*>(&address),
                            onConnect);
    if (rc != 0) {
      last_error_ = uv_strerror(rc);
      continue;  // `tcp` closes as it goes out of scope
    }
    request.release();  // freed in onConnect
    attempt_ = std::move(tcp);
    return;
  }
  finish(makeError(fmt::format("Network connection lost. (connect: {})", last_error_)));
}

void TcpConnector::onConnect(uv_connect_t* req, int status) {
  std::unique_ptr<ConnectRequest> request(static_cast<ConnectRequest*>(req->data));
  auto* self = static_cast<TcpConnector*>(req->handle->data);
  if (self == nullptr) return;  // the attempt was abandoned
  if (status < 0) {
    self->last_error_ = uv_strerror(status);
    self->attempt_.reset();
    self->tryNext();
    return;
  }
  uv_tcp_nodelay(self->attempt_->get(), 1);  // requests are written whole; do not delay them
  self->finish(std::make_unique<TcpStream>(std::move(self->attempt_)));
}

void TcpConnector::onTimeout(uv_timer_t* timer) {
  auto* self = static_cast<TcpConnector*>(timer->data);
  if (self == nullptr) return;
  self->finish(makeError(self->last_error_.empty() || self->lookup_ || self->attempt_
                             ? std::string("Connection timed out.")
                             : self->last_error_));
}

void TcpConnector::finish(Result<std::unique_ptr<TcpStream>> result) {
  if (!callback_) return;
  uv_timer_stop(timer_.get());
  lookup_.reset();
  attempt_.reset();
  Callback callback = std::move(callback_);
  callback(std::move(result));  // may destroy this connector
}

}  // namespace edged::net
