#pragma once
// A scripted origin server for the HTTP client tests: a blocking server on its own thread,
// listening on 127.0.0.1 with an OS-chosen port, plain or TLS. Each accepted connection runs
// `session` (on the origin's thread, one connection at a time), which reads requests and writes
// whatever bytes the test wants, including broken ones.

#include <openssl/ssl.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <thread>

namespace edged::net::testing {

// One accepted connection, seen from the origin.
class OriginSocket {
 public:
  OriginSocket(int fd, SSL* ssl) : fd_(fd), ssl_(ssl) {}

  // The next request's head up to and including the blank line; "" when the client closed.
  std::string readHead();
  // Exactly `n` content bytes (fewer only if the client closed).
  std::string readExactly(size_t n);
  // A chunked body, decoded, up to the last chunk (trailers skipped).
  std::string readChunked();
  // The body `head` announces (Content-Length or chunked; none otherwise).
  std::string readBody(const std::string& head);
  void write(std::string_view bytes);
  // True when the client closed its side (read returns 0) within `ms`.
  bool clientClosed(int ms);
  // The SNI host name the client sent ("" for plain TCP or none).
  std::string serverName() const;

 private:
  bool fill();  // reads more into buffer_; false at EOF or error
  std::string line();

  int fd_;
  SSL* ssl_;
  std::string buffer_;
};

class TestOrigin {
 public:
  using Session = std::function<void(OriginSocket&)>;

  // `tls`: a server context (certificate and key loaded), or null for plain HTTP.
  explicit TestOrigin(Session session, SSL_CTX* tls = nullptr);
  // Stops accepting, shuts the current connection down (so a session blocked reading returns)
  // and joins the thread.
  ~TestOrigin();
  TestOrigin(const TestOrigin&) = delete;
  TestOrigin& operator=(const TestOrigin&) = delete;

  uint16_t port() const { return port_; }
  // Connections accepted so far (TLS ones counted after a successful handshake).
  int connections() const { return connections_.load(); }
  // TLS handshakes the client broke off (for example after rejecting the certificate).
  int failedHandshakes() const { return failed_handshakes_.load(); }

 private:
  void run();

  Session session_;
  SSL_CTX* tls_;
  int listen_fd_ = -1;
  std::atomic<int> current_fd_{-1};  // the connection a session is running on
  uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> connections_{0};
  std::atomic<int> failed_handshakes_{0};
  std::thread thread_;
};

// A simple response with a Content-Length body.
std::string okResponse(std::string_view body, std::string_view extra_headers = "");

}  // namespace edged::net::testing
