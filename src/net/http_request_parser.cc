#include "edged/net/http_request_parser.h"

#include <llhttp.h>

#include <algorithm>
#include <cctype>

#include "edged/util/metrics.h"

namespace edged::net {
namespace {

// A body over max_body_bytes: counted for /metrics before the 413 (no Worker is chosen yet).
void countBodyTooLarge() {
  metrics::Registry::global().bodiesTooLarge().fetch_add(1, std::memory_order_relaxed);
}

// tchar (RFC 9110 §5.6.2): the only bytes allowed in a field name or method.
bool isTokenChar(unsigned char c) {
  if (std::isalnum(c) != 0) return c < 0x80;
  return std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}

bool isToken(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return isTokenChar(c); });
}

// field-value bytes (RFC 9110 §5.5): VCHAR, obs-text, SP and HTAB; never NUL, CR, LF or other CTLs.
bool isFieldValue(std::string_view s) {
  return std::none_of(s.begin(), s.end(), [](char ch) {
    auto c = static_cast<unsigned char>(ch);
    return (c < 0x20 && c != '\t') || c == 0x7f;
  });
}

// A Host value: uri-host [":" port] (RFC 9112 §3.2), checked loosely but without separators that
// would let it smuggle a path, query or userinfo into the URL the runtime builds from it.
bool isHostValue(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char ch) {
    auto c = static_cast<unsigned char>(ch);
    return (std::isalnum(c) != 0 && c < 0x80) ||
           std::string_view("-._~!$&'()*+,;=:[]%").find(ch) != std::string_view::npos;
  });
}

std::string_view trimOws(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// llhttp needs a valid pointer even for an empty feed: with a span open, a null pointer would be
// taken as "no span".
constexpr char kEmptyInput[1] = {0};

}  // namespace

// llhttp's C callbacks. Each one that produces an event returns HPE_PAUSED, so llhttp_execute
// stops right after it and feed() can return that event with the exact byte count consumed.
struct HttpRequestParser::Callbacks {
  static HttpRequestParser& self(llhttp_t* p) { return *static_cast<HttpRequestParser*>(p->data); }

  static int onUrl(llhttp_t* p, const char* at, size_t n) {
    self(p).head_.target.append(at, n);
    return 0;
  }
  static int onHeaderField(llhttp_t* p, const char* at, size_t n) {
    return self(p).appendFieldBytes(self(p).field_, at, n) ? 0 : -1;
  }
  static int onHeaderValue(llhttp_t* p, const char* at, size_t n) {
    return self(p).appendFieldBytes(self(p).value_, at, n) ? 0 : -1;
  }
  static int onHeaderValueComplete(llhttp_t* p) { return self(p).addHeader() ? 0 : -1; }

  static int onHeadersComplete(llhttp_t* p) {
    HttpRequestParser& s = self(p);
    if (!s.finishHead()) return -1;
    s.pending_ = Event::kHead;
    // Without a body llhttp goes straight on to on_message_complete, which pauses.
    return s.head_.has_body ? HPE_PAUSED : 0;
  }

  static int onBody(llhttp_t* p, const char* at, size_t n) {
    HttpRequestParser& s = self(p);
    if (n == 0) return 0;  // llhttp flushes an open span at the end of every execute
    s.body_bytes_ += n;
    if (s.body_bytes_ > s.limits_.max_body_bytes) {
      countBodyTooLarge();
      s.reject(413, "request body too large");
      return -1;
    }
    s.body_ = std::string_view(at, n);
    s.pending_ = Event::kBody;
    return HPE_PAUSED;
  }

  static int onMessageComplete(llhttp_t* p) {
    HttpRequestParser& s = self(p);
    if (s.pending_ != Event::kHead) s.pending_ = Event::kMessageEnd;
    return HPE_PAUSED;
  }

  static const llhttp_settings_t& settings() {
    static const llhttp_settings_t kSettings = [] {
      llhttp_settings_t s;
      llhttp_settings_init(&s);
      s.on_url = onUrl;
      s.on_header_field = onHeaderField;
      s.on_header_value = onHeaderValue;
      s.on_header_value_complete = onHeaderValueComplete;
      s.on_headers_complete = onHeadersComplete;
      s.on_body = onBody;
      s.on_message_complete = onMessageComplete;
      return s;
    }();
    return kSettings;
  }
};

HttpRequestParser::HttpRequestParser(const HttpLimits& limits)
    : limits_(limits), llhttp_(std::make_unique<llhttp_t>()) {
  llhttp_init(llhttp_.get(), HTTP_REQUEST, &Callbacks::settings());
  llhttp_->data = this;
}

HttpRequestParser::~HttpRequestParser() = default;

HttpRequestHead HttpRequestParser::takeHead() { return std::move(ready_head_); }

HttpRequestParser::Step HttpRequestParser::feed(std::string_view bytes) {
  if (phase_ == Phase::kFailed) return {Event::kError, 0, {}};
  pending_ = Event::kNeedMore;
  body_ = {};
  const char* data = bytes.empty() ? kEmptyInput : bytes.data();
  llhttp_t* p = llhttp_.get();
  llhttp_errno_t err = llhttp_execute(p, data, bytes.size());
  size_t consumed = bytes.size();
  if (err == HPE_PAUSED) {
    consumed = static_cast<size_t>(llhttp_get_error_pos(p) - data);
    llhttp_resume(p);
  } else if (err == HPE_PAUSED_H2_UPGRADE) {  // "PRI * HTTP/2.0": HTTP/2 with prior knowledge
    return fail(505, "HTTP/2 is not supported", consumed);
  } else if (err != HPE_OK) {
    if (error_set_) return fail(error_.status, error_.reason, consumed);
    return fail(400, llhttp_get_error_reason(p), consumed);
  }

  if (phase_ == Phase::kHead) {
    if (const char* why = scanHeadBytes(bytes.substr(0, consumed))) return fail(400, why, consumed);
    head_bytes_ += consumed;
    if (head_bytes_ > limits_.max_header_bytes) {
      return fail(431, "request header section too large", consumed);
    }
  }

  switch (pending_) {
    case Event::kHead:
      ready_head_ = std::move(head_);
      if (ready_head_.has_body) {
        phase_ = Phase::kBody;
      } else {
        resetForNextMessage();
      }
      return {Event::kHead, consumed, {}};
    case Event::kBody:
      return {Event::kBody, consumed, body_};
    case Event::kMessageEnd:
      resetForNextMessage();
      return {Event::kMessageEnd, consumed, {}};
    default:
      return {Event::kNeedMore, consumed, {}};
  }
}

HttpRequestParser::Step HttpRequestParser::fail(int status, std::string reason, size_t consumed) {
  phase_ = Phase::kFailed;
  error_ = HttpParseError{status, std::move(reason)};
  return {Event::kError, consumed, {}};
}

bool HttpRequestParser::reject(int status, std::string reason) {
  error_ = HttpParseError{status, std::move(reason)};
  error_set_ = true;
  return false;
}

void HttpRequestParser::resetForNextMessage() {
  phase_ = Phase::kHead;
  head_ = HttpRequestHead{};
  field_.clear();
  value_.clear();
  head_bytes_ = 0;
  trailer_bytes_ = 0;
  trailer_count_ = 0;
  body_bytes_ = 0;
  prev_byte_ = 0;
  request_line_started_ = false;
  request_line_done_ = false;
  at_line_start_ = true;
  request_line_spaces_ = 0;
}

bool HttpRequestParser::appendFieldBytes(std::string& out, const char* at, size_t n) {
  // Trailers (RFC 9112 §7.1.2) are read to keep framing but discarded; only their size counts.
  if (phase_ == Phase::kBody) {
    trailer_bytes_ += n;
    return trailer_bytes_ <= limits_.max_header_bytes || reject(431, "trailer section too large");
  }
  out.append(at, n);
  return true;
}

bool HttpRequestParser::addHeader() {
  if (phase_ == Phase::kBody) {
    return ++trailer_count_ <= limits_.max_header_count || reject(431, "too many trailer fields");
  }
  if (head_.headers.size() >= limits_.max_header_count) {
    return reject(431, "too many header fields");
  }
  // RFC 9112 §5.1: no whitespace between name and colon (llhttp keeps it in the name); §5: the
  // name is a non-empty token.
  if (!isToken(field_)) return reject(400, "invalid header field name");
  std::string_view value = trimOws(value_);
  if (!isFieldValue(value)) return reject(400, "invalid header field value");
  head_.headers.push_back(HttpHeader{std::move(field_), std::string(value)});
  field_.clear();
  value_.clear();
  return true;
}

// Head bytes, seen after llhttp consumed them. llhttp 8.1 (non-strict build) folds obs-fold lines
// into the previous value and skips repeated spaces in the request line; RFC 9112 §5.2 and §3
// require a server to reject both.
const char* HttpRequestParser::scanHeadBytes(std::string_view bytes) {
  for (char c : bytes) {
    char prev = prev_byte_;
    prev_byte_ = c;
    if (c == '\0') return "NUL in request head";
    // RFC 9112 §2.2: lines end in CRLF; a bare CR is invalid; edged does not accept bare LF.
    if (prev == '\r' && c != '\n') return "bare CR in request head";
    if (c == '\n' && prev != '\r') return "bare LF in request head";
    if (!request_line_done_) {
      if (!request_line_started_) {
        // RFC 9112 §2.2: empty lines before the request-line are ignored.
        if (c == '\r' || c == '\n') continue;
        request_line_started_ = true;
      }
      if (c == '\t') return "HTAB in request line";
      if (c == ' ') {
        if (prev == ' ') return "repeated space in request line";
        ++request_line_spaces_;
      } else if (c == '\r' && request_line_spaces_ != 2) {
        return "malformed request line";  // method SP request-target SP HTTP-version (§3)
      } else if (c == '\n') {
        request_line_done_ = true;
        at_line_start_ = true;
      }
      continue;
    }
    // A field line that starts with whitespace is obs-fold (§5.2), or whitespace between the
    // start-line and the first field (§2.2): both are rejected.
    if (at_line_start_ && (c == ' ' || c == '\t')) return "obsolete line folding";
    at_line_start_ = c == '\n';
  }
  return nullptr;
}

bool HttpRequestParser::finishHead() {
  llhttp_t* p = llhttp_.get();
  HttpRequestHead& h = head_;
  h.method = llhttp_method_name(static_cast<llhttp_method_t>(p->method));

  // RFC 9112 §2.3: edged speaks HTTP/1.0 and 1.1. llhttp also lets through 2.0 (answered 505,
  // RFC 9110 §15.6.6) and 0.9 (a request line without a version: malformed here).
  if (p->http_major == 2) return reject(505, "HTTP version not supported");
  if (p->http_major != 1 || p->http_minor > 1) return reject(400, "invalid HTTP version");
  h.version_minor = p->http_minor;

  // edged is an origin server, not a proxy: no tunnels (RFC 9110 §9.3.6).
  if (p->method == HTTP_CONNECT) return reject(501, "CONNECT is not supported");
  // RFC 9112 §3.2: origin-form, absolute-form, or "*" for OPTIONS only.
  const std::string& t = h.target;
  bool origin_form = !t.empty() && t[0] == '/';
  bool asterisk_form = t == "*" && p->method == HTTP_OPTIONS;
  bool absolute_form = !t.empty() && std::isalpha(static_cast<unsigned char>(t[0])) != 0 &&
                       t.find("://") != std::string::npos;
  if (!origin_form && !asterisk_form && !absolute_form)
    return reject(400, "invalid request target");

  size_t hosts = 0;
  std::string transfer_encoding;
  for (const HttpHeader& field : h.headers) {
    if (equalsIgnoreCase(field.name, "host")) {
      ++hosts;
      if (!isHostValue(field.value)) return reject(400, "invalid Host header");
    } else if (equalsIgnoreCase(field.name, "transfer-encoding")) {
      transfer_encoding += transfer_encoding.empty() ? "" : ",";
      transfer_encoding += field.value;
    } else if (equalsIgnoreCase(field.name, "expect")) {
      h.expect_continue = h.expect_continue || equalsIgnoreCase(field.value, "100-continue");
    }
  }
  // RFC 9112 §3.2: exactly one Host in HTTP/1.1, never more than one.
  if (hosts > 1 || (hosts == 0 && h.version_minor == 1))
    return reject(400, "missing or repeated Host");

  // Content-Length with Transfer-Encoding, duplicate Content-Length and a final coding other
  // than chunked are refused by llhttp itself (RFC 9112 §6.1, §6.3).
  if ((p->flags & F_TRANSFER_ENCODING) != 0) {
    // RFC 9112 §6.1: Transfer-Encoding in HTTP/1.0 means faulty framing.
    if (h.version_minor == 0) return reject(400, "Transfer-Encoding in an HTTP/1.0 request");
    size_t chunked = 0, others = 0;
    std::string_view rest = transfer_encoding;
    while (!rest.empty()) {
      size_t comma = rest.find(',');
      std::string_view coding = trimOws(rest.substr(0, comma));
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
      if (coding.empty()) continue;  // empty list elements are allowed (RFC 9110 §5.6.1)
      (equalsIgnoreCase(coding, "chunked") ? chunked : others) += 1;
    }
    if (chunked != 1) return reject(400, "invalid Transfer-Encoding");
    // RFC 9112 §6.1: a transfer coding the server does not understand gets 501.
    if (others != 0) return reject(501, "unsupported transfer coding");
  }
  if ((p->flags & F_CONTENT_LENGTH) != 0) h.content_length = p->content_length;
  h.chunked = (p->flags & F_CHUNKED) != 0;
  h.has_body = h.chunked || h.content_length.value_or(0) > 0;
  if (h.content_length.value_or(0) > limits_.max_body_bytes) {
    countBodyTooLarge();
    return reject(413, "request body too large");
  }
  // RFC 9110 §10.1.1: 100-continue is ignored in HTTP/1.0, and pointless without content.
  h.expect_continue = h.expect_continue && h.version_minor == 1 && h.has_body;
  h.keep_alive = llhttp_should_keep_alive(p) != 0;
  // An Upgrade request is answered as plain HTTP (RFC 9110 §7.8 lets the server ignore it), so
  // llhttp must keep parsing HTTP after it.
  p->upgrade = 0;
  return true;
}

}  // namespace edged::net
