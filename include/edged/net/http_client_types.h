#pragma once
// Plain data of the outbound HTTP/1.1 client: where a request goes, what it sends, what came
// back, and what the client may cost. No behaviour lives here. Field lines reuse HttpHeader.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "edged/net/http_types.h"

namespace edged::net {

// The scheme, host and port a connection is made to (RFC 9110 §4.3.2 "origin"): the unit of
// connection reuse.
struct HttpOrigin {
  bool tls = false;  // https
  std::string host;  // DNS name or IP literal, IPv6 without brackets; SNI and certificate name
  uint16_t port = 80;

  // "https://host:port": the pool's key.
  std::string key() const;
};

// How the request content is framed on the wire (RFC 9112 §6).
enum class HttpBodyMode {
  kNone,     // no content (and no Content-Length)
  kLength,   // Content-Length: content_length
  kChunked,  // Transfer-Encoding: chunked, length unknown up front
};

struct HttpClientRequest {
  HttpOrigin origin;
  std::string method;
  std::string target;       // origin-form request-target: absolute path and query (RFC 9112 §3.2.1)
  std::string host_header;  // Host value: the authority of the target URI (RFC 9112 §3.2)
  // Field lines as given. Host and the framing and connection headers (Content-Length,
  // Transfer-Encoding, Connection, Keep-Alive, TE, Upgrade, Proxy-Connection) are the client's
  // own and are replaced; lines with invalid names or values are dropped.
  std::vector<HttpHeader> headers;
  HttpBodyMode body_mode = HttpBodyMode::kNone;
  uint64_t content_length = 0;  // for kLength
  // Non-empty: ask to switch to this protocol (RFC 9110 §7.8), e.g. "websocket" (with the
  // fields of websocketRequestHeaders()). Sends "Connection: Upgrade" and "Upgrade: <value>"; a
  // 101 answer then hands the connection over (HttpClientExchange::Handler::on_upgrade).
  std::string upgrade;
};

// The status line and header section of a final response (RFC 9112 §4, §5).
struct HttpResponseHead {
  int status = 0;
  std::string reason;
  int version_minor = 1;
  std::vector<HttpHeader> headers;         // received order, values trimmed
  std::optional<uint64_t> content_length;  // from Content-Length when not chunked
  bool has_body = false;                   // content follows (false for HEAD, 204, 304, CL: 0)
  bool keep_alive = true;                  // the connection may carry another request afterwards
};

// What outbound requests may cost; defaults suit production, tests shrink them.
struct HttpClientLimits {
  size_t max_header_bytes = 128 * 1024;  // response status line + header section
  size_t max_header_count = 256;
  uint32_t connect_timeout_ms = 30'000;  // DNS + TCP + TLS handshake
  uint32_t idle_timeout_ms = 30'000;     // a pooled keep-alive connection, unless the origin says less
  size_t max_idle_per_origin = 8;
  size_t max_idle_total = 64;
};

}  // namespace edged::net
