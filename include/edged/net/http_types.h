#pragma once
// Plain data shared by the HTTP/1.1 server pieces: a request head as parsed off the wire and the
// limits the server enforces. No behaviour lives here.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace edged::net {

// One field line. `name` keeps the case it was received (or given) in; comparisons are
// case-insensitive (RFC 9110 §5.1).
struct HttpHeader {
  std::string name;
  std::string value;
};

// The request line and header section of one request (RFC 9112 §3, §5), after validation.
struct HttpRequestHead {
  std::string method;     // e.g. "GET"; methods are case-sensitive (RFC 9110 §9.1)
  std::string target;     // request-target as received: origin-, absolute- or asterisk-form
  int version_minor = 1;  // HTTP/1.<minor>; only 1.0 and 1.1 are accepted
  std::vector<HttpHeader> headers;  // in received order, values without surrounding whitespace
  std::optional<uint64_t> content_length;  // from Content-Length, absent when chunked or none
  bool chunked = false;          // Transfer-Encoding: chunked (the body is decoded for the handler)
  bool has_body = false;         // chunked, or Content-Length > 0
  bool expect_continue = false;  // HTTP/1.1 "Expect: 100-continue" with a body (RFC 9110 §10.1.1)
  bool keep_alive = true;        // the client allows another request on this connection
  std::string remote_address;    // peer IP, filled in by the connection
};

// What one connection may cost the server. Defaults suit production; tests shrink them.
struct HttpLimits {
  size_t max_header_bytes = 64 * 1024;     // request line + header section -> 431
  size_t max_header_count = 128;           // field lines -> 431
  uint64_t max_body_bytes = 100ull << 20;  // decoded request content -> 413
  uint32_t header_timeout_ms = 30000;      // connection or first byte -> end of headers -> 408
  uint32_t idle_timeout_ms = 60000;        // keep-alive wait for the next request -> quiet close
  // A request body the handler left unread is read and dropped after the response, so the
  // connection can carry the next request, if it ends within these bounds (workerd's
  // canceledUploadGraceBytes and canceledUploadGracePeriod); past either one the connection
  // closes. A response that starts with more unread than this announces "Connection: close".
  uint64_t unread_body_grace_bytes = 64 * 1024;
  uint32_t unread_body_grace_ms = 1000;
};

}  // namespace edged::net
