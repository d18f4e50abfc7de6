#pragma once
// An incremental HTTP/1.1 request parser over llhttp 8.1 that returns one event per call, so the
// caller runs handlers outside llhttp's callbacks and can stop between any two events (pipelined
// requests stay buffered, a paused body stays unparsed). It knows nothing of sockets.
//
// llhttp is used without lenient flags. Where the Debian build of llhttp 8.1 still accepts what
// RFC 9112 rejects (obs-fold, whitespace before a colon, empty names, extra spaces in the
// request line, HTTP/1.0 with Transfer-Encoding, a missing or repeated Host), this class rejects
// it itself; see the .cc for each rule.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "edged/net/http_types.h"

// llhttp's parser type (`llhttp_t` is a typedef of this struct); the header stays private.
struct llhttp__internal_s;

namespace edged::net {

// Why a request was refused: the status to answer with and a short reason for the body and logs.
struct HttpParseError {
  int status = 400;
  std::string reason;
};

class HttpRequestParser {
 public:
  enum class Event {
    kNeedMore,    // every byte given was consumed; feed more
    kHead,        // a request head is ready: takeHead()
    kBody,        // `body` holds decoded content bytes (a view into the fed bytes)
    kMessageEnd,  // the request's body is complete; the next feed starts the next request
    kError,       // the request is unusable: error(); the connection must close after answering
  };
  struct Step {
    Event event = Event::kNeedMore;
    size_t consumed = 0;  // bytes of the input this step used; the caller drops them
    std::string_view body;
  };

  explicit HttpRequestParser(const HttpLimits& limits);
  ~HttpRequestParser();
  HttpRequestParser(const HttpRequestParser&) = delete;
  HttpRequestParser& operator=(const HttpRequestParser&) = delete;

  // Parses from the start of `bytes` up to the next event. A request without a body yields only
  // kHead (its end is implied); one with a body yields kHead, kBody..., kMessageEnd. After kHead
  // with a body, feeding an empty view is valid and may return kMessageEnd.
  Step feed(std::string_view bytes);

  // The head parsed by the last kHead event (moved out).
  HttpRequestHead takeHead();
  const HttpParseError& error() const { return error_; }

 private:
  struct Callbacks;  // llhttp callbacks, friends of this class
  friend struct Callbacks;

  enum class Phase { kHead, kBody, kFailed };

  Step fail(int status, std::string reason, size_t consumed);
  // Records why a callback refused the request; returns false for `return reject(...)` chains.
  bool reject(int status, std::string reason);
  // Byte-level checks on head bytes that llhttp lets through (RFC 9112 §2.2, §3, §5.2).
  const char* scanHeadBytes(std::string_view bytes);
  // Checks and completes head_ once llhttp has read the header section; sets error_ on failure.
  bool finishHead();
  bool appendFieldBytes(std::string& out, const char* at, size_t n);
  bool addHeader();  // field_/value_ complete: validate and append (or count a trailer)
  void resetForNextMessage();

  HttpLimits limits_;
  std::unique_ptr<llhttp__internal_s> llhttp_;
  Phase phase_ = Phase::kHead;
  HttpParseError error_;
  bool error_set_ = false;  // a callback chose error_ (otherwise llhttp's errno decides)

  // Current message.
  HttpRequestHead head_;
  HttpRequestHead ready_head_;  // handed out by takeHead()
  std::string field_;           // header name being received
  std::string value_;           // header value being received
  size_t head_bytes_ = 0;       // bytes of this head seen so far (limit: max_header_bytes)
  size_t trailer_bytes_ = 0;    // chunked trailer section, discarded but bounded
  size_t trailer_count_ = 0;
  uint64_t body_bytes_ = 0;           // decoded content so far (limit: max_body_bytes)
  Event pending_ = Event::kNeedMore;  // event signalled by the callback that paused llhttp
  std::string_view body_;

  // State of scanHeadBytes across feeds.
  char prev_byte_ = 0;
  bool request_line_started_ = false;
  bool request_line_done_ = false;
  bool at_line_start_ = true;
  int request_line_spaces_ = 0;
};

}  // namespace edged::net
