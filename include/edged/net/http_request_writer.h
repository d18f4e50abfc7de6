#pragma once
// Serializes an outbound HTTP/1.1 request for the client: the request line and header section
// (RFC 9112 §3, §5) and the chunked framing of a body whose length is unknown (§7.1). Pure bytes
// out: the connection does the I/O.

#include <string>
#include <string_view>

#include "edged/net/http_client_types.h"

namespace edged::net {

// "METHOD target HTTP/1.1", Host first, the caller's fields, Connection: Upgrade and Upgrade
// when `request.upgrade` asks for them, then the framing the body mode needs (Content-Length or
// Transfer-Encoding: chunked). The client owns Host, framing and
// connection-management fields: the caller's are dropped, as are lines with invalid names or
// values (RFC 9110 §5.5: CR/LF would let a value inject fields).
std::string serializeRequestHead(const HttpClientRequest& request);

// The chunk-size line before `size` bytes of chunked content (RFC 9112 §7.1).
std::string chunkPrefix(size_t size);
inline constexpr std::string_view kChunkSuffix = "\r\n";
// The last chunk with an empty trailer section: the end of chunked content.
inline constexpr std::string_view kLastChunk = "0\r\n\r\n";

}  // namespace edged::net
