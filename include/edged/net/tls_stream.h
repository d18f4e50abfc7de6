#pragma once
// TLS client connections with OpenSSL, driven through memory BIOs over another ByteStream (the
// TCP connection), so all socket I/O stays on libuv. Certificate and host name verification are
// on: the peer must chain to a trusted CA (the system store, SSL_CERT_FILE/SSL_CERT_DIR honoured)
// and be valid for the host name (RFC 6125) or IP address that was asked for.

#include <cstdint>
#include <memory>
#include <string>

#include "edged/net/byte_stream.h"
#include "edged/util/result.h"

// OpenSSL's types, kept out of users of this header.
struct ssl_ctx_st;
struct ssl_st;
struct bio_st;

namespace edged::net {

// What every TLS client connection of one pool shares: protocol versions, the trusted CAs.
class TlsClientContext {
 public:
  // Loads the system's default CA locations (OpenSSL's SSL_CERT_FILE / SSL_CERT_DIR environment
  // variables override them). TLS 1.2 or newer; ALPN offers http/1.1 only.
  static Result<std::unique_ptr<TlsClientContext>> create();
  ~TlsClientContext();
  TlsClientContext(const TlsClientContext&) = delete;
  TlsClientContext& operator=(const TlsClientContext&) = delete;

  ssl_ctx_st* get() const { return ctx_; }

 private:
  explicit TlsClientContext(ssl_ctx_st* ctx) : ctx_(ctx) {}
  ssl_ctx_st* ctx_;
};

class TlsStream final : public ByteStream {
 public:
  // `server_name` is sent as SNI (unless it is an IP literal) and checked against the peer's
  // certificate. `context` must outlive the stream.
  TlsStream(const TlsClientContext& context, std::unique_ptr<ByteStream> transport,
            std::string server_name);
  ~TlsStream() override;

  // Runs the handshake; `on_done` once: Ok, or an error reading "TLS peer's certificate is not
  // trusted; reason = …" when verification failed, else "TLS handshake failed. (…)" or the
  // transport's error. The stream is usable only after Ok.
  void handshake(std::function<void(Status)> on_done);

  void setHandler(Handler handler) override { handler_ = std::move(handler); }
  void startReading() override;
  void stopReading() override;
  void write(std::string bytes, std::function<void(Status)> on_written) override;
  size_t pendingWriteBytes() const override;
  // Sends close_notify (RFC 8446 §6.1), then half-closes the transport; reading goes on.
  void shutdown(std::function<void(Status)> on_done) override;
  void close() override;

 private:
  void onTransportData(std::string_view bytes);
  void onTransportEnd(Status status);
  void continueHandshake();
  // Decrypts what the transport delivered and hands the plaintext up.
  void readPlaintext();
  // Sends the ciphertext OpenSSL produced (handshake messages, records, alerts).
  void flushCiphertext(std::function<void(Status)> on_written);
  void fail(Status status);
  std::string opensslError(int ssl_result);

  std::unique_ptr<ByteStream> transport_;
  ssl_st* ssl_ = nullptr;
  bio_st* network_in_ = nullptr;   // ciphertext received, read by OpenSSL (owned by ssl_)
  bio_st* network_out_ = nullptr;  // ciphertext OpenSSL wrote, to be sent (owned by ssl_)
  std::string server_name_;
  Handler handler_;
  std::function<void(Status)> on_handshake_;
  bool established_ = false;
  bool ended_ = false;    // failed, closed, or the end was delivered
  bool reading_ = false;  // the user wants data
  // The transport ended while plaintext was still buffered: delivered after it.
  bool transport_ended_ = false;
  Status transport_status_ = Ok{};
  // Expires with this object: tells a loop that a callback destroyed the stream.
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace edged::net
