#include "test_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <thread>
#include <utility>

namespace edged::net {
namespace {

// recv() that resumes after a signal. With SO_RCVTIMEO set, Linux does not restart a socket read
// interrupted by a signal, and even a stop/continue (debugger, strace, Ctrl-Z, a stalled VM)
// interrupts it: without this retry a stall would look like the server closing.
ssize_t recvRetrying(int fd, char* buf, size_t len) {
  ssize_t n;
  do {
    n = ::recv(fd, buf, len, 0);
  } while (n < 0 && errno == EINTR);
  return n;
}

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

std::optional<std::string> TestResponse::header(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (equalsIgnoreCase(n, name)) return v;
  }
  return std::nullopt;
}

std::string getRequest(std::string_view target, std::string_view extra_headers) {
  return "GET " + std::string(target) + " HTTP/1.1\r\nHost: test\r\n" + std::string(extra_headers) +
         "\r\n";
}

TestClient::TestClient(uint16_t port, int timeout_ms, int receive_buffer)
    : timeout_ms_(timeout_ms) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return;
  // Before connect(), so the window scale offered in the SYN matches the small buffer.
  if (receive_buffer > 0) {
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof receive_buffer);
  }
  timeval tv{timeout_ms / 1000, (timeout_ms % 1000) * 1000};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  int on = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return;
  }
  fd_ = fd;
}

TestClient::~TestClient() {
  if (fd_ >= 0) ::close(fd_);
}

bool TestClient::send(std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;  // see recvRetrying
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

void TestClient::shutdownWrite() { ::shutdown(fd_, SHUT_WR); }

bool TestClient::waitWriteShutdownAcked() {
  // The kernel reports no event for "our FIN was acknowledged", so this polls the TCP state
  // (the server may delay that ACK by a few tens of milliseconds).
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms_);
  while (true) {
    tcp_info info{};
    socklen_t len = sizeof info;
    if (getsockopt(fd_, IPPROTO_TCP, TCP_INFO, &info, &len) != 0) return false;
    if (info.tcpi_state == TCP_FIN_WAIT2 || info.tcpi_state == TCP_TIME_WAIT ||
        info.tcpi_state == TCP_CLOSE) {
      return true;
    }
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

bool TestClient::fill() {
  if (eof_) return false;
  char chunk[65536];
  ssize_t n = recvRetrying(fd_, chunk, sizeof chunk);
  if (n <= 0) {
    eof_ = true;
    return false;
  }
  buffer_.append(chunk, static_cast<size_t>(n));
  return true;
}

bool TestClient::readUntil(std::string_view delimiter, size_t* pos) {
  while ((*pos = buffer_.find(delimiter)) == std::string::npos) {
    if (!fill()) return false;
  }
  return true;
}

bool TestClient::readExactly(size_t n, std::string* out) {
  while (buffer_.size() < n) {
    if (!fill()) return false;
  }
  out->append(buffer_, 0, n);
  buffer_.erase(0, n);
  return true;
}

TestResponse TestClient::readResponse(bool head_request) {
  TestResponse r = readHead();
  if (r.status == 0) return r;
  return readResponseBody(std::move(r), head_request);
}

TestResponse TestClient::readHead() {
  TestResponse r;
  size_t end = 0;
  if (!readUntil("\r\n\r\n", &end)) return r;
  r.head = buffer_.substr(0, end + 4);
  buffer_.erase(0, end + 4);
  r.status = std::atoi(r.head.c_str() + 9);
  size_t line = r.head.find("\r\n") + 2;
  while (line < r.head.size() - 2) {
    size_t next = r.head.find("\r\n", line);
    std::string field = r.head.substr(line, next - line);
    size_t colon = field.find(':');
    std::string value = field.substr(colon + 1);
    value.erase(0, value.find_first_not_of(' '));
    r.headers.emplace_back(field.substr(0, colon), value);
    line = next + 2;
  }
  return r;
}

TestResponse TestClient::readResponseBody(TestResponse r, bool head_request) {
  if (head_request || r.status / 100 == 1 || r.status == 204 || r.status == 304) {
    r.complete = true;
  } else if (auto cl = r.header("content-length")) {
    r.complete = readExactly(std::stoull(*cl), &r.body);
  } else if (r.header("transfer-encoding")) {
    while (true) {
      size_t eol = 0;
      if (!readUntil("\r\n", &eol)) return r;
      size_t size = std::stoull(buffer_.substr(0, eol), nullptr, 16);
      buffer_.erase(0, eol + 2);
      std::string crlf;
      if (size == 0) {
        r.complete = readExactly(2, &crlf) && crlf == "\r\n";
        return r;
      }
      if (!readExactly(size, &r.body) || !readExactly(2, &crlf) || crlf != "\r\n") return r;
    }
  } else {
    r.body = readToEnd();
    r.complete = true;
  }
  return r;
}

uint64_t TestClient::discard(uint64_t n) {
  uint64_t dropped = 0;
  while (dropped < n) {
    if (buffer_.empty() && !fill()) break;
    size_t take = static_cast<size_t>(std::min<uint64_t>(buffer_.size(), n - dropped));
    buffer_.erase(0, take);
    dropped += take;
  }
  return dropped;
}

std::string TestClient::readToEnd() {
  while (fill()) {
  }
  return std::exchange(buffer_, {});
}

bool TestClient::waitClosed() {
  if (!buffer_.empty()) return false;
  char byte;
  ssize_t n = recvRetrying(fd_, &byte, 1);
  if (n == 0) return true;
  if (n < 0) return errno == ECONNRESET;
  buffer_.push_back(byte);
  return false;
}

bool TestClient::waitEof() {
  if (!buffer_.empty()) return false;
  char byte;
  ssize_t n = recvRetrying(fd_, &byte, 1);
  if (n > 0) buffer_.push_back(byte);
  return n == 0;
}

}  // namespace edged::net
