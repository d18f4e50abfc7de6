#include "edged/net/http_response_parser.h"

#include <llhttp.h>

#include <algorithm>

#include "edged/net/http_syntax.h"

namespace edged::net {
namespace {

// llhttp needs a valid pointer even for an empty feed (see http_request_parser.cc).
constexpr char kEmptyInput[1] = {0};

}  // namespace

// llhttp's C callbacks. Each one that produces an event returns HPE_PAUSED, so llhttp_execute
// stops right after it and feed() reports the exact number of bytes consumed.
struct HttpResponseParser::Callbacks {
  static HttpResponseParser& self(llhttp_t* p) { return *static_cast<HttpResponseParser*>(p->data); }

  static int onStatus(llhttp_t* p, const char* at, size_t n) {
    self(p).head_.reason.append(at, n);
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
    HttpResponseParser& s = self(p);
    // RFC 9110 §15.2.2: a 101 only answers a request that asked to switch protocols; it is the
    // last HTTP on the connection, with no content.
    if (p->status_code == 101) {
      if (!s.upgrade_requested_) return s.reject("unexpected 101 Switching Protocols") ? 0 : -1;
      if (!s.finishHead()) return -1;
      s.head_.has_body = false;
      s.head_.keep_alive = false;
      s.pending_ = Event::kHead;
      return 1;  // llhttp: no body (F_SKIPBODY); on_message_complete follows at once
    }
    // RFC 9110 §15.2: a client must parse and may ignore interim responses before the final one.
    if (p->status_code >= 100 && p->status_code < 200) {
      s.interim_ = true;
      return 0;
    }
    if (!s.finishHead()) return -1;
    s.pending_ = Event::kHead;
    if (s.head_request_) return 1;  // llhttp: skip the body (F_SKIPBODY)
    return s.head_.has_body ? HPE_PAUSED : 0;
  }

  static int onBody(llhttp_t* p, const char* at, size_t n) {
    HttpResponseParser& s = self(p);
    if (n == 0) return 0;
    s.body_ = std::string_view(at, n);
    s.pending_ = Event::kBody;
    return HPE_PAUSED;
  }

  static int onMessageComplete(llhttp_t* p) {
    HttpResponseParser& s = self(p);
    if (s.interim_) {  // go on with the final response in the same bytes
      s.interim_ = false;
      s.resetHead();
      return 0;
    }
    if (s.pending_ == Event::kHead) {
      s.end_pending_ = true;
    } else {
      s.pending_ = Event::kMessageEnd;
    }
    return HPE_PAUSED;
  }

  static const llhttp_settings_t& settings() {
    static const llhttp_settings_t kSettings = [] {
      llhttp_settings_t s;
      llhttp_settings_init(&s);
      s.on_status = onStatus;
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

HttpResponseParser::HttpResponseParser(const HttpClientLimits& limits)
    : limits_(limits), llhttp_(std::make_unique<llhttp_t>()) {}

HttpResponseParser::~HttpResponseParser() = default;

void HttpResponseParser::expectResponse(bool head_request, bool upgrade_requested) {
  // A fresh llhttp state per response: a response may only follow on a kept-alive connection,
  // and nothing of the previous one may leak into it.
  llhttp_init(llhttp_.get(), HTTP_RESPONSE, &Callbacks::settings());
  llhttp_->data = this;
  head_request_ = head_request;
  upgrade_requested_ = upgrade_requested;
  phase_ = Phase::kHead;
  error_.clear();
  error_set_ = false;
  interim_ = false;
  end_pending_ = false;
  resetHead();
}

HttpResponseHead HttpResponseParser::takeHead() { return std::move(ready_head_); }

HttpResponseParser::Step HttpResponseParser::feed(std::string_view bytes) {
  if (phase_ == Phase::kFailed) return {Event::kError, 0, {}};
  if (phase_ == Phase::kIdle || phase_ == Phase::kDone) {
    if (bytes.empty()) return {};
    return fail("the origin sent data without a request", 0);
  }
  if (end_pending_) {
    end_pending_ = false;
    phase_ = Phase::kDone;
    return {Event::kMessageEnd, 0, {}};
  }
  pending_ = Event::kNeedMore;
  body_ = {};
  const char* data = bytes.empty() ? kEmptyInput : bytes.data();
  llhttp_t* p = llhttp_.get();
  llhttp_errno_t err = llhttp_execute(p, data, bytes.size());
  size_t consumed = bytes.size();
  if (err == HPE_PAUSED) {
    consumed = static_cast<size_t>(llhttp_get_error_pos(p) - data);
    llhttp_resume(p);
  } else if (err != HPE_OK) {
    return fail(error_set_ ? error_ : std::string(llhttp_get_error_reason(p)), consumed);
  }

  if (phase_ == Phase::kHead) {
    head_bytes_ += consumed;
    if (head_bytes_ > limits_.max_header_bytes) {
      return fail("response header section too large", consumed);
    }
  }

  switch (pending_) {
    case Event::kHead:
      ready_head_ = std::move(head_);
      phase_ = Phase::kBody;
      return {Event::kHead, consumed, {}};
    case Event::kBody:
      return {Event::kBody, consumed, body_};
    case Event::kMessageEnd:
      phase_ = Phase::kDone;
      return {Event::kMessageEnd, consumed, {}};
    default:
      return {Event::kNeedMore, consumed, {}};
  }
}

HttpResponseParser::Step HttpResponseParser::finish() {
  if (phase_ == Phase::kFailed) return {Event::kError, 0, {}};
  if (phase_ == Phase::kIdle || phase_ == Phase::kDone) return {};
  if (end_pending_) return feed({});
  pending_ = Event::kNeedMore;
  llhttp_errno_t err = llhttp_finish(llhttp_.get());
  if ((err == HPE_OK || err == HPE_PAUSED) && pending_ == Event::kMessageEnd) {
    phase_ = Phase::kDone;
    return {Event::kMessageEnd, 0, {}};
  }
  return fail("the connection closed before the response was complete", 0);
}

HttpResponseParser::Step HttpResponseParser::fail(std::string reason, size_t consumed) {
  phase_ = Phase::kFailed;
  error_ = std::move(reason);
  return {Event::kError, consumed, {}};
}

bool HttpResponseParser::reject(std::string reason) {
  error_ = std::move(reason);
  error_set_ = true;
  return false;
}

void HttpResponseParser::resetHead() {
  head_ = HttpResponseHead{};
  field_.clear();
  value_.clear();
  head_bytes_ = 0;
  trailer_bytes_ = 0;
}

bool HttpResponseParser::appendFieldBytes(std::string& out, const char* at, size_t n) {
  // Trailers (RFC 9112 §7.1.2) keep the framing intact but are discarded; only their size counts.
  if (phase_ == Phase::kBody) {
    trailer_bytes_ += n;
    return trailer_bytes_ <= limits_.max_header_bytes || reject("trailer section too large");
  }
  out.append(at, n);
  return true;
}

bool HttpResponseParser::addHeader() {
  if (phase_ == Phase::kBody) return true;  // a trailer field
  if (head_.headers.size() >= limits_.max_header_count) return reject("too many header fields");
  if (!isToken(field_)) return reject("invalid header field name");
  // RFC 9112 §5.2: a user agent replaces each obs-fold in a response with SP.
  std::replace_if(value_.begin(), value_.end(), [](char c) { return c == '\r' || c == '\n'; }, ' ');
  std::string_view value = trimOws(value_);
  if (!isFieldValue(value)) return reject("invalid header field value");
  head_.headers.push_back(HttpHeader{std::move(field_), std::string(value)});
  field_.clear();
  value_.clear();
  return true;
}

bool HttpResponseParser::finishHead() {
  llhttp_t* p = llhttp_.get();
  if (p->http_major != 1 || p->http_minor > 1) return reject("unsupported HTTP version");
  HttpResponseHead& h = head_;
  h.status = p->status_code;
  h.version_minor = p->http_minor;
  bool chunked = (p->flags & F_CHUNKED) != 0;
  if (!chunked && (p->flags & F_CONTENT_LENGTH) != 0) h.content_length = p->content_length;
  // RFC 9112 §6.3: HEAD, 204 and 304 have no content; otherwise chunked or Content-Length frame
  // it, and without either it runs until the connection closes.
  bool close_delimited = llhttp_message_needs_eof(p) != 0;
  bool no_content_status = h.status == 204 || h.status == 304;
  h.has_body = !head_request_ && !no_content_status &&
               (chunked || h.content_length.value_or(0) > 0 || close_delimited);
  // RFC 9112 §9.3: HTTP/1.1 persists unless "close"; HTTP/1.0 only with "keep-alive".
  bool persistent = p->http_minor >= 1 ? (p->flags & F_CONNECTION_CLOSE) == 0
                                       : (p->flags & F_CONNECTION_KEEP_ALIVE) != 0;
  h.keep_alive = persistent && (head_request_ || !close_delimited);
  return true;
}

}  // namespace edged::net
