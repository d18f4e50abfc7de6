#pragma once
// Serializes one HTTP/1.1 response: the status line and header section, then body framing
// (Content-Length, chunked, or close-delimited) chosen from what the request allows
// (RFC 9112 §4, §6, §7.1). Pure bytes in, bytes out: the connection does the I/O.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "edged/net/http_types.h"

namespace edged::net {

// The standard reason phrase for a status code, or "" for an unknown one.
std::string_view reasonPhrase(int status);

// A complete small response that ends the connection: parse errors, limits, timeouts.
std::string serializeErrorResponse(int status, std::string_view detail, std::string_view date);

// "101 Switching Protocols" to `protocol` (RFC 9110 §15.2.2, §7.8): Connection: Upgrade and
// Upgrade: <protocol>, then `headers` (framing, Connection and Upgrade fields among them are
// dropped, as are invalid ones) and Date unless given. Nothing of HTTP follows it.
std::string serializeSwitchingProtocols(std::string_view protocol,
                                        const std::vector<HttpHeader>& headers,
                                        std::string_view date);

// The interim response sent when a handler starts reading an `Expect: 100-continue` body.
inline constexpr std::string_view kContinueResponse = "HTTP/1.1 100 Continue\r\n\r\n";

// The Date header value (RFC 9110 §6.6.1), recomputed at most once per second.
class HttpDateCache {
 public:
  const std::string& now();

 private:
  int64_t second_ = -1;
  std::string value_;
};

class HttpResponseWriter {
 public:
  // `head_request`: the body is never sent (RFC 9110 §9.3.2). `version_minor`: an HTTP/1.0
  // client cannot receive chunked content, so an unknown length means close-delimited.
  HttpResponseWriter(bool head_request, int version_minor);

  // The status line and header section. Framing headers given by the handler (Content-Length,
  // Transfer-Encoding, Connection, Keep-Alive) are replaced by the server's own; Date is added
  // unless the handler set one. `close`: the connection ends after this response.
  std::string writeHead(int status, std::string_view reason, const std::vector<HttpHeader>& headers,
                        std::optional<uint64_t> content_length, bool close, std::string_view date);

  // Framing around one body chunk. `send` is false when the bytes must not go on the wire (HEAD,
  // 204, 304, empty chunk, or everything past a declared Content-Length, which also makes the
  // connection unusable). `size` is the number of chunk bytes to send (may truncate).
  struct Frame {
    bool send = false;
    size_t size = 0;
    std::string prefix;       // chunk-size line for chunked content
    std::string_view suffix;  // CRLF after chunk data
  };
  Frame frameBody(size_t size);

  // Bytes that end the body: the last chunk for chunked content (RFC 9112 §7.1), else "".
  std::string_view finish();

  // Whether another response may follow on this connection once this one is finished: false when
  // close-delimited, announced "Connection: close", or fewer bytes than the declared length.
  bool reusable() const;
  bool headWritten() const { return head_written_; }

 private:
  enum class Framing { kNone, kLength, kChunked, kClose };

  bool head_request_;
  int version_minor_;
  bool head_written_ = false;
  bool close_ = false;
  bool overrun_ = false;
  Framing framing_ = Framing::kNone;
  uint64_t declared_ = 0;
  uint64_t sent_ = 0;
};

}  // namespace edged::net
