#pragma once
// A blocking raw-socket HTTP client for the net tests: sends exact bytes, reads exact responses.
// Every read has a timeout so a broken server fails a test instead of hanging it.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace edged::net {

struct TestResponse {
  bool complete = false;  // a whole response was read
  int status = 0;
  std::string head;  // status line and headers, as received
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;  // decoded when chunked

  // The first value of `name` (case-insensitive), if present.
  std::optional<std::string> header(std::string_view name) const;
};

class TestClient {
 public:
  // `receive_buffer`: SO_RCVBUF set before connecting (0 keeps the kernel's autotuning). A small
  // one makes the server's writes queue up in its process while this client does not read.
  explicit TestClient(uint16_t port, int timeout_ms = 5000, int receive_buffer = 0);
  ~TestClient();
  TestClient(const TestClient&) = delete;
  TestClient& operator=(const TestClient&) = delete;

  bool connected() const { return fd_ >= 0; }
  // False if the peer is gone.
  bool send(std::string_view bytes);
  void shutdownWrite();
  // After shutdownWrite(): true once the server's kernel acknowledged our FIN (the socket left
  // FIN_WAIT1), so the EOF is waiting for the server's loop. False on timeout.
  bool waitWriteShutdownAcked();
  // Reads one response. `head_request`: no body follows the head.
  TestResponse readResponse(bool head_request = false);
  // Reads only the status line and headers (status 0 if none arrived).
  TestResponse readHead();
  // Reads and drops up to `n` body bytes without keeping them; returns how many arrived.
  uint64_t discard(uint64_t n);
  // Reads exactly `n` bytes into `out` (appended); false at EOF, error or timeout.
  bool readBytes(size_t n, std::string* out) { return readExactly(n, out); }
  // Reads what arrives until EOF (or error/timeout).
  std::string readToEnd();
  // True once the server closed the connection (EOF or reset) with no more bytes pending, false
  // on timeout or if bytes arrive.
  bool waitClosed();
  // Stricter: true only if the server ended the stream with a FIN (recv() returns 0) and no
  // bytes were pending; false on a reset, a timeout or unexpected bytes.
  bool waitEof();
  // Bytes received but not yet consumed by readResponse.
  const std::string& pending() const { return buffer_; }

 private:
  // Reads more into buffer_; returns false at EOF, error or timeout.
  bool fill();
  TestResponse readResponseBody(TestResponse r, bool head_request);
  bool readUntil(std::string_view delimiter, size_t* pos);
  bool readExactly(size_t n, std::string* out);

  int fd_ = -1;
  int timeout_ms_ = 0;
  std::string buffer_;
  bool eof_ = false;
};

// Full requests for the common cases.
std::string getRequest(std::string_view target, std::string_view extra_headers = "");

}  // namespace edged::net
