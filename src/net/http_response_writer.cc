#include "edged/net/http_response_writer.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <ctime>

#include "edged/util/assert.h"
#include "edged/util/clock.h"
#include "edged/util/log.h"

namespace edged::net {
namespace {

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

bool isTokenChar(unsigned char c) {
  if (std::isalnum(c) != 0) return c < 0x80;
  return std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}

bool isCtl(char ch) {
  auto c = static_cast<unsigned char>(ch);
  return (c < 0x20 && c != '\t') || c == 0x7f;
}

// Headers the server owns: message framing and connection management (RFC 9112 §6, §9.6).
bool isFramingHeader(std::string_view name) {
  return equalsIgnoreCase(name, "content-length") || equalsIgnoreCase(name, "transfer-encoding") ||
         equalsIgnoreCase(name, "connection") || equalsIgnoreCase(name, "keep-alive");
}

// A handler header that would break the framing (CR/LF injection, RFC 9110 §5.5) is dropped: the
// runtime validates headers for JavaScript, this guards the wire.
bool isSafeHeader(const HttpHeader& h) {
  bool name_ok = !h.name.empty() && std::all_of(h.name.begin(), h.name.end(), [](char c) {
    return isTokenChar(static_cast<unsigned char>(c));
  });
  return name_ok && std::none_of(h.value.begin(), h.value.end(), isCtl);
}

}  // namespace

// RFC 9110 §15.
std::string_view reasonPhrase(int status) {
  // clang-format off
  switch (status) {
    case 100: return "Continue";
    case 101: return "Switching Protocols";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 203: return "Non-Authoritative Information";
    case 204: return "No Content";
    case 205: return "Reset Content";
    case 206: return "Partial Content";
    case 300: return "Multiple Choices";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 402: return "Payment Required";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 407: return "Proxy Authentication Required";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 411: return "Length Required";
    case 412: return "Precondition Failed";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 416: return "Range Not Satisfiable";
    case 417: return "Expectation Failed";
    case 421: return "Misdirected Request";
    case 422: return "Unprocessable Content";
    case 425: return "Too Early";
    case 426: return "Upgrade Required";
    case 428: return "Precondition Required";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 451: return "Unavailable For Legal Reasons";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    case 505: return "HTTP Version Not Supported";
    default: return "";
  }
  // clang-format on
}

std::string serializeErrorResponse(int status, std::string_view detail, std::string_view date) {
  std::string body = fmt::format("{} {}", status, reasonPhrase(status));
  if (!detail.empty()) {
    body += ": ";
    std::remove_copy_if(detail.begin(), detail.end(), std::back_inserter(body), isCtl);
  }
  body += '\n';
  return fmt::format(
      "HTTP/1.1 {} {}\r\nDate: {}\r\nContent-Type: text/plain; charset=utf-8\r\n"
      "Content-Length: {}\r\nConnection: close\r\n\r\n{}",
      status, reasonPhrase(status), date, body.size(), body);
}

std::string serializeSwitchingProtocols(std::string_view protocol,
                                        const std::vector<HttpHeader>& headers,
                                        std::string_view date) {
  std::string out = "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: ";
  std::remove_copy_if(protocol.begin(), protocol.end(), std::back_inserter(out), isCtl);
  out += "\r\n";
  bool has_date = false;
  for (const HttpHeader& h : headers) {
    if (isFramingHeader(h.name) || equalsIgnoreCase(h.name, "upgrade")) continue;
    if (!isSafeHeader(h)) {
      spdlog::warn("http: dropped invalid response header \"{}\"", h.name);
      continue;
    }
    has_date = has_date || equalsIgnoreCase(h.name, "date");
    out += h.name;
    out += ": ";
    out += h.value;
    out += "\r\n";
  }
  if (!has_date) fmt::format_to(std::back_inserter(out), "Date: {}\r\n", date);
  out += "\r\n";
  return out;
}

const std::string& HttpDateCache::now() {
  int64_t second = static_cast<int64_t>(std::time(nullptr));
  if (second != second_) {
    second_ = second;
    value_ = clock::httpDate(second);
  }
  return value_;
}

HttpResponseWriter::HttpResponseWriter(bool head_request, int version_minor)
    : head_request_(head_request), version_minor_(version_minor) {}

std::string HttpResponseWriter::writeHead(int status, std::string_view reason,
                                          const std::vector<HttpHeader>& headers,
                                          std::optional<uint64_t> content_length, bool close,
                                          std::string_view date) {
  // Interim responses (1xx) are not written through here; the runtime only produces 200..599.
  EDGED_ASSERT(!head_written_ && status >= 200 && status <= 999);
  head_written_ = true;

  // RFC 9110 §6.4.1, §8.6: 204 and 304 have no content and 204 no Content-Length. HEAD gets the
  // Content-Length a GET would have (§9.3.2) but no body bytes.
  bool no_content_status = status == 204 || status == 304;
  if (no_content_status || head_request_) {
    framing_ = Framing::kNone;
  } else if (content_length) {
    framing_ = Framing::kLength;
    declared_ = *content_length;
  } else if (version_minor_ >= 1) {
    framing_ = Framing::kChunked;
  } else {
    framing_ = Framing::kClose;  // RFC 9112 §6.3 item 8: HTTP/1.0 has no chunked coding
  }
  close_ = close || framing_ == Framing::kClose;

  std::string out = fmt::format("HTTP/1.1 {} ", status);
  std::string_view phrase = reason.empty() ? reasonPhrase(status) : reason;
  std::remove_copy_if(phrase.begin(), phrase.end(), std::back_inserter(out), isCtl);
  out += "\r\n";
  bool has_date = false;
  for (const HttpHeader& h : headers) {
    if (isFramingHeader(h.name)) continue;
    if (!isSafeHeader(h)) {
      spdlog::warn("http: dropped invalid response header \"{}\"", h.name);
      continue;
    }
    has_date = has_date || equalsIgnoreCase(h.name, "date");
    out += h.name;
    out += ": ";
    out += h.value;
    out += "\r\n";
  }
  if (!has_date) fmt::format_to(std::back_inserter(out), "Date: {}\r\n", date);
  if (framing_ == Framing::kLength || (head_request_ && content_length && !no_content_status)) {
    fmt::format_to(std::back_inserter(out), "Content-Length: {}\r\n", *content_length);
  } else if (framing_ == Framing::kChunked) {
    out += "Transfer-Encoding: chunked\r\n";
  }
  if (close_) {
    out += "Connection: close\r\n";
  } else if (version_minor_ == 0) {
    out += "Connection: keep-alive\r\n";  // RFC 9112 §9.3: 1.0 persistence must be announced
  }
  out += "\r\n";
  return out;
}

HttpResponseWriter::Frame HttpResponseWriter::frameBody(size_t size) {
  Frame frame;
  if (!head_written_ || size == 0) return frame;
  switch (framing_) {
    case Framing::kNone:
      return frame;
    case Framing::kLength: {
      uint64_t room = declared_ - sent_;
      frame.size = static_cast<size_t>(std::min<uint64_t>(size, room));
      overrun_ = overrun_ || frame.size < size;
      break;
    }
    case Framing::kChunked:
      frame.size = size;
      frame.prefix = fmt::format("{:x}\r\n", size);
      frame.suffix = "\r\n";
      break;
    case Framing::kClose:
      frame.size = size;
      break;
  }
  sent_ += frame.size;
  frame.send = frame.size > 0;
  return frame;
}

std::string_view HttpResponseWriter::finish() {
  return framing_ == Framing::kChunked ? std::string_view("0\r\n\r\n") : std::string_view();
}

bool HttpResponseWriter::reusable() const {
  if (close_ || overrun_ || framing_ == Framing::kClose) return false;
  return framing_ != Framing::kLength || sent_ == declared_;
}

}  // namespace edged::net
