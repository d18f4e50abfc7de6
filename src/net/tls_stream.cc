#include "edged/net/tls_stream.h"

#include <arpa/inet.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <fmt/format.h>

#include "edged/util/assert.h"
#include "edged/util/log.h"

namespace edged::net {
namespace {

// The largest TLS record's plaintext (RFC 8446 §5.1): one SSL_read never returns more.
constexpr size_t kMaxRecordPlaintext = 16 * 1024;

bool isIpLiteral(const std::string& host) {
  unsigned char buf[16];
  return inet_pton(AF_INET, host.c_str(), buf) == 1 || inet_pton(AF_INET6, host.c_str(), buf) == 1;
}

// The reason of the first queued OpenSSL error (the queue is cleared), or `fallback`.
std::string takeOpensslReason(std::string_view fallback) {
  unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return std::string(fallback);
  const char* reason = ERR_reason_error_string(code);
  return reason != nullptr ? reason : fmt::format("error {:#x}", code);
}

}  // namespace

Result<std::unique_ptr<TlsClientContext>> TlsClientContext::create() {
  ERR_clear_error();
  SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
  if (ctx == nullptr) return makeError("TLS setup failed: " + takeOpensslReason("SSL_CTX_new"));
  std::unique_ptr<TlsClientContext> context(new TlsClientContext(ctx));
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
  // An idle pooled connection gives its record buffers back.
  SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS);
  if (SSL_CTX_set_default_verify_paths(ctx) != 1) {
    return makeError("TLS setup failed: cannot load the system CA store: " +
                     takeOpensslReason("unknown error"));
  }
  // RFC 7301: offer only what edged speaks, so an origin never picks h2.
  static constexpr unsigned char kAlpn[] = {8, 'h', 't', 't', 'p', '/', '1', '.', '1'};
  SSL_CTX_set_alpn_protos(ctx, kAlpn, sizeof kAlpn);
  return context;
}

TlsClientContext::~TlsClientContext() { SSL_CTX_free(ctx_); }

TlsStream::TlsStream(const TlsClientContext& context, std::unique_ptr<ByteStream> transport,
                     std::string server_name)
    : transport_(std::move(transport)), server_name_(std::move(server_name)) {
  ssl_ = SSL_new(context.get());
  EDGED_ASSERT(ssl_ != nullptr);
  network_in_ = BIO_new(BIO_s_mem());
  network_out_ = BIO_new(BIO_s_mem());
  EDGED_ASSERT(network_in_ != nullptr && network_out_ != nullptr);
  BIO_set_mem_eof_return(network_in_, -1);  // no ciphertext yet means "retry", not EOF
  SSL_set_bio(ssl_, network_in_, network_out_);
  SSL_set_connect_state(ssl_);
  X509_VERIFY_PARAM* param = SSL_get0_param(ssl_);
  if (isIpLiteral(server_name_)) {
    // RFC 6066 §3: SNI carries host names only; an address is checked against iPAddress SANs.
    X509_VERIFY_PARAM_set1_ip_asc(param, server_name_.c_str());
  } else {
    SSL_set_tlsext_host_name(ssl_, server_name_.c_str());
    X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    SSL_set1_host(ssl_, server_name_.c_str());
  }
  transport_->setHandler({[this](std::string_view bytes) { onTransportData(bytes); },
                          [this](Status status) { onTransportEnd(std::move(status)); }});
}

TlsStream::~TlsStream() { close(); }

void TlsStream::handshake(std::function<void(Status)> on_done) {
  on_handshake_ = std::move(on_done);
  transport_->startReading();
  continueHandshake();
}

void TlsStream::continueHandshake() {
  ERR_clear_error();
  int rc = SSL_do_handshake(ssl_);
  int error = rc == 1 ? SSL_ERROR_NONE : SSL_get_error(ssl_, rc);
  if (error != SSL_ERROR_NONE && error != SSL_ERROR_WANT_READ) {
    // An alert may be waiting in the output BIO; it is not worth waiting for.
    fail(makeError(opensslError(rc)));
    return;
  }
  flushCiphertext(nullptr);
  if (error == SSL_ERROR_WANT_READ || ended_) return;
  established_ = true;
  if (!reading_) transport_->stopReading();
  std::weak_ptr<bool> alive = alive_;
  std::function<void(Status)> on_done = std::move(on_handshake_);
  on_done(Ok{});
  // Application data that arrived with the last handshake flight waits for startReading().
  if (!alive.expired() && reading_) readPlaintext();
}

std::string TlsStream::opensslError(int ssl_result) {
  long verify = SSL_get_verify_result(ssl_);
  if (verify != X509_V_OK) {
    ERR_clear_error();
    return fmt::format("TLS peer's certificate is not trusted; reason = {}",
                       X509_verify_cert_error_string(verify));
  }
  int error = SSL_get_error(ssl_, ssl_result);
  if (error == SSL_ERROR_SYSCALL || error == SSL_ERROR_ZERO_RETURN) {
    return "TLS handshake failed. (" + takeOpensslReason("the connection closed") + ")";
  }
  return "TLS handshake failed. (" + takeOpensslReason("protocol error") + ")";
}

void TlsStream::startReading() {
  if (ended_ || reading_) return;
  reading_ = true;
  if (!established_) return;  // the handshake reads on its own
  transport_->startReading();
  if (BIO_ctrl_pending(network_in_) > 0 || SSL_pending(ssl_) > 0) readPlaintext();
}

void TlsStream::stopReading() {
  reading_ = false;
  if (established_ && !ended_) transport_->stopReading();
}

void TlsStream::onTransportData(std::string_view bytes) {
  if (ended_) return;
  // A memory BIO grows as needed: the write always takes everything.
  BIO_write(network_in_, bytes.data(), static_cast<int>(bytes.size()));
  if (!established_) {
    continueHandshake();
  } else if (reading_) {
    readPlaintext();
  }
}

void TlsStream::onTransportEnd(Status status) {
  if (ended_) return;
  if (!established_) {
    fail(status.ok() ? Status(makeError("TLS handshake failed. (the connection closed)"))
                     : std::move(status));
    return;
  }
  transport_ended_ = true;
  transport_status_ = std::move(status);
  if (reading_) readPlaintext();  // what is buffered first, then the end
}

void TlsStream::readPlaintext() {
  std::weak_ptr<bool> alive = alive_;
  char buffer[kMaxRecordPlaintext];
  while (reading_ && !ended_) {
    ERR_clear_error();
    int n = SSL_read(ssl_, buffer, sizeof buffer);
    if (n > 0) {
      if (handler_.on_data) handler_.on_data(std::string_view(buffer, static_cast<size_t>(n)));
      if (alive.expired()) return;
      continue;
    }
    int error = SSL_get_error(ssl_, n);
    if (error == SSL_ERROR_WANT_READ) {
      flushCiphertext(nullptr);  // e.g. the answer to a TLS 1.3 KeyUpdate
      // A peer that closes without close_notify is treated as EOF: HTTP framing tells whether
      // the response was complete (RFC 8446 §6.1 leaves truncation detection to the protocol).
      if (transport_ended_) fail(std::move(transport_status_));
      return;
    }
    if (error == SSL_ERROR_ZERO_RETURN) {  // close_notify
      fail(Ok{});
      return;
    }
    fail(makeError("Network connection lost. (TLS: " + takeOpensslReason("read failed") + ")"));
    return;
  }
}

void TlsStream::write(std::string bytes, std::function<void(Status)> on_written) {
  if (ended_ || !established_ || bytes.empty()) return;
  ERR_clear_error();
  // With memory BIOs SSL_write encrypts everything at once (no partial writes).
  if (SSL_write(ssl_, bytes.data(), static_cast<int>(bytes.size())) <= 0) {
    fail(makeError("Network connection lost. (TLS: " + takeOpensslReason("write failed") + ")"));
    return;
  }
  flushCiphertext(std::move(on_written));
}

void TlsStream::flushCiphertext(std::function<void(Status)> on_written) {
  size_t pending = BIO_ctrl_pending(network_out_);
  if (pending == 0 || ended_) return;
  std::string ciphertext(pending, '\0');
  BIO_read(network_out_, ciphertext.data(), static_cast<int>(pending));
  transport_->write(std::move(ciphertext), std::move(on_written));
}

size_t TlsStream::pendingWriteBytes() const {
  return transport_ ? transport_->pendingWriteBytes() : 0;
}

void TlsStream::shutdown(std::function<void(Status)> on_done) {
  if (ssl_ == nullptr || !established_) return on_done(makeError("The connection is closed."));
  if (!ended_) {
    ERR_clear_error();
    SSL_shutdown(ssl_);  // queues close_notify; SSL_read keeps working until the peer's
    flushCiphertext(nullptr);
  }
  transport_->shutdown(std::move(on_done));
}

void TlsStream::close() {
  if (ssl_ == nullptr) return;
  if (established_ && !ended_) {
    // Best effort close_notify (RFC 8446 §6.1); the transport may drop it with its queue.
    ERR_clear_error();
    SSL_shutdown(ssl_);
    flushCiphertext(nullptr);
  }
  ended_ = true;
  reading_ = false;
  transport_->close();
  SSL_free(ssl_);  // frees both BIOs
  ssl_ = nullptr;
}

void TlsStream::fail(Status status) {
  if (ended_) return;
  ended_ = true;
  reading_ = false;
  transport_->stopReading();
  if (on_handshake_) {
    std::function<void(Status)> on_done = std::move(on_handshake_);
    on_done(status.ok() ? Status(makeError("TLS handshake failed.")) : std::move(status));
    return;
  }
  std::function<void(Status)> on_end = std::move(handler_.on_end);
  if (on_end) on_end(std::move(status));  // may destroy this stream
}

}  // namespace edged::net
