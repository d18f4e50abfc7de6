#include "edged/net/http_request_writer.h"

#include <fmt/format.h>

#include "edged/net/http_syntax.h"
#include "edged/util/log.h"

namespace edged::net {
namespace {

// Fields the client sets itself: the target's authority, message framing and hop-by-hop
// connection management (RFC 9110 §7.6.1, RFC 9112 §6, §9.6).
bool isClientOwnedField(std::string_view name) {
  for (std::string_view owned : {"host", "content-length", "transfer-encoding", "connection",
                                 "keep-alive", "te", "upgrade", "proxy-connection"}) {
    if (equalsIgnoreCase(name, owned)) return true;
  }
  return false;
}

}  // namespace

std::string serializeRequestHead(const HttpClientRequest& request) {
  std::string out = fmt::format("{} {} HTTP/1.1\r\nHost: {}\r\n", request.method, request.target,
                                request.host_header);
  for (const HttpHeader& h : request.headers) {
    if (isClientOwnedField(h.name)) continue;
    if (!isToken(h.name) || !isFieldValue(h.value)) {
      spdlog::warn("http client: dropped invalid request header \"{}\"", h.name);
      continue;
    }
    out += h.name;
    out += ": ";
    out += h.value;
    out += "\r\n";
  }
  if (!request.upgrade.empty() && isFieldValue(request.upgrade)) {
    fmt::format_to(std::back_inserter(out), "Connection: Upgrade\r\nUpgrade: {}\r\n",
                   request.upgrade);
  }
  switch (request.body_mode) {
    case HttpBodyMode::kNone:
      break;
    case HttpBodyMode::kLength:
      fmt::format_to(std::back_inserter(out), "Content-Length: {}\r\n", request.content_length);
      break;
    case HttpBodyMode::kChunked:
      out += "Transfer-Encoding: chunked\r\n";
      break;
  }
  out += "\r\n";
  return out;
}

std::string chunkPrefix(size_t size) { return fmt::format("{:x}\r\n", size); }

}  // namespace edged::net
