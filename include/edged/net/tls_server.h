#pragma once
// TLS termination for edged's listeners with OpenSSL: the certificates a listener serves (one per
// set of SNI names, the first also for clients that send no or an unknown name) and the TLS
// session of one accepted connection, which HttpConnection drives with the bytes it reads and
// writes (memory BIOs: all socket I/O stays on libuv). TLS 1.2 and 1.3; ALPN `http/1.1`.

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "edged/util/result.h"

struct ssl_ctx_st;
struct ssl_st;
struct bio_st;

namespace edged::net {

struct TlsCertificate {
  // The host names this certificate answers (SNI; "*.example.com" matches one label). Empty:
  // only as the default.
  std::vector<std::string> server_names;
  std::filesystem::path certificate_file;  // PEM, the leaf first, then its chain
  std::filesystem::path key_file;          // PEM private key
};

class TlsServerContext {
 public:
  // Loads every certificate and checks each key matches; the error names the file and why.
  static Result<std::shared_ptr<const TlsServerContext>> create(std::vector<TlsCertificate> certificates);
  ~TlsServerContext();
  TlsServerContext(const TlsServerContext&) = delete;
  TlsServerContext& operator=(const TlsServerContext&) = delete;

  // The context a new connection starts with (the default certificate's).
  ssl_ctx_st* defaultContext() const { return contexts_.front(); }
  // The context for an SNI name, or null when no certificate names it.
  ssl_ctx_st* contextFor(std::string_view server_name) const;

 private:
  TlsServerContext() = default;
  std::vector<TlsCertificate> certificates_;
  std::vector<ssl_ctx_st*> contexts_;  // parallel to certificates_
};

// The server side of one TLS connection.
class TlsServerSession {
 public:
  // `context` must outlive the session's handshake (HttpConnection keeps a reference).
  explicit TlsServerSession(std::shared_ptr<const TlsServerContext> context);
  ~TlsServerSession();
  TlsServerSession(const TlsServerSession&) = delete;
  TlsServerSession& operator=(const TlsServerSession&) = delete;

  // Feeds ciphertext from the socket; appends what it decrypts to `plaintext`. An error (a failed
  // handshake, a corrupt record) ends the connection. Afterwards takeOutput() may hold bytes to
  // send (handshake messages, alerts).
  Status receive(std::string_view ciphertext, std::string* plaintext);
  // Encrypts `plaintext` into records; the ciphertext is appended to takeOutput().
  Status send(std::string_view plaintext);
  // Queues a close_notify alert.
  void shutdown();
  // The ciphertext produced since the last call.
  std::string takeOutput();
  // The client sent close_notify: no more plaintext will come.
  bool peerClosed() const { return peer_closed_; }

 private:
  std::shared_ptr<const TlsServerContext> context_;
  ssl_st* ssl_ = nullptr;
  bio_st* network_in_ = nullptr;   // owned by ssl_
  bio_st* network_out_ = nullptr;  // owned by ssl_
  bool peer_closed_ = false;
};

}  // namespace edged::net
