#include "http_client_test_origin.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <stdexcept>

namespace edged::net::testing {

bool OriginSocket::fill() {
  char chunk[16 * 1024];
  for (;;) {
    ssize_t n = ssl_ != nullptr ? SSL_read(ssl_, chunk, sizeof chunk)
                                : ::read(fd_, chunk, sizeof chunk);
    if (n > 0) {
      buffer_.append(chunk, static_cast<size_t>(n));
      return true;
    }
    if (n < 0 && ssl_ == nullptr && errno == EINTR) continue;
    return false;
  }
}

std::string OriginSocket::line() {
  size_t end;
  while ((end = buffer_.find("\r\n")) == std::string::npos) {
    if (!fill()) return {};
  }
  std::string out = buffer_.substr(0, end);
  buffer_.erase(0, end + 2);
  return out;
}

std::string OriginSocket::readHead() {
  size_t end;
  while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) {
    if (!fill()) return {};
  }
  std::string head = buffer_.substr(0, end + 4);
  buffer_.erase(0, end + 4);
  return head;
}

std::string OriginSocket::readExactly(size_t n) {
  while (buffer_.size() < n) {
    if (!fill()) break;
  }
  std::string out = buffer_.substr(0, std::min(n, buffer_.size()));
  buffer_.erase(0, out.size());
  return out;
}

std::string OriginSocket::readChunked() {
  std::string body;
  for (;;) {
    std::string size_line = line();
    if (size_line.empty()) return body;
    size_t size = std::strtoul(size_line.c_str(), nullptr, 16);
    if (size == 0) {
      while (!line().empty()) {
      }
      return body;
    }
    body += readExactly(size);
    line();
  }
}

std::string OriginSocket::readBody(const std::string& head) {
  std::string lower;
  for (char c : head) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower.find("transfer-encoding: chunked") != std::string::npos) return readChunked();
  size_t at = lower.find("content-length: ");
  if (at == std::string::npos) return {};
  return readExactly(std::strtoul(lower.c_str() + at + 16, nullptr, 10));
}

void OriginSocket::write(std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ssl_ != nullptr ? SSL_write(ssl_, bytes.data(), static_cast<int>(bytes.size()))
                                : ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0) {
      if (n < 0 && ssl_ == nullptr && errno == EINTR) continue;
      return;
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
}

bool OriginSocket::clientClosed(int ms) {
  pollfd p{fd_, POLLIN, 0};
  if (::poll(&p, 1, ms) <= 0) return false;
  return !fill();
}

std::string OriginSocket::serverName() const {
  const char* name = ssl_ != nullptr ? SSL_get_servername(ssl_, TLSEXT_NAMETYPE_host_name) : nullptr;
  return name != nullptr ? name : "";
}

TestOrigin::TestOrigin(Session session, SSL_CTX* tls) : session_(std::move(session)), tls_(tls) {
  std::signal(SIGPIPE, SIG_IGN);  // OpenSSL writes alerts with write(2) to sockets the client closed
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(listen_fd_, 16) != 0 ||
      ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    throw std::runtime_error("test origin: cannot listen");
  }
  port_ = ntohs(addr.sin_port);
  thread_ = std::thread([this] { run(); });
}

TestOrigin::~TestOrigin() {
  stopping_ = true;
  ::shutdown(listen_fd_, SHUT_RDWR);  // wakes accept()
  if (int fd = current_fd_.load(); fd >= 0) ::shutdown(fd, SHUT_RDWR);  // wakes a session's read
  thread_.join();
  ::close(listen_fd_);
}

void TestOrigin::run() {
  while (!stopping_) {
    int fd = ::accept(listen_fd_, nullptr, nullptr);
    if (fd < 0) {
      if (errno == EINTR) continue;
      return;
    }
    current_fd_ = fd;
    if (stopping_) ::shutdown(fd, SHUT_RDWR);
    SSL* ssl = nullptr;
    if (tls_ != nullptr) {
      ssl = SSL_new(tls_);
      SSL_set_fd(ssl, fd);
      if (SSL_accept(ssl) != 1) {
        ++failed_handshakes_;
        SSL_free(ssl);
        current_fd_ = -1;
        ::close(fd);
        continue;
      }
    }
    ++connections_;
    OriginSocket socket(fd, ssl);
    session_(socket);
    if (ssl != nullptr) {
      SSL_shutdown(ssl);
      SSL_free(ssl);
    }
    current_fd_ = -1;
    ::close(fd);
  }
}

std::string okResponse(std::string_view body, std::string_view extra_headers) {
  return "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body.size()) + "\r\n" +
         std::string(extra_headers) + "\r\n" + std::string(body);
}

}  // namespace edged::net::testing
