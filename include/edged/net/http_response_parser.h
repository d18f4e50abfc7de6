#pragma once
// An incremental HTTP/1.1 response parser over llhttp 8.1 (HTTP_RESPONSE mode) for the outbound
// client. Like HttpRequestParser it returns one event per call, so the caller can stop between
// any two events (a paused body stays unparsed in the caller's buffer). It knows nothing of
// sockets.
//
// Interim 1xx responses (100 Continue, 103 Early Hints) are read and skipped (RFC 9110 §15.2).
// A 101 is the final head when the request asked to switch protocols (the bytes after it belong
// to the new protocol and are not parsed), an error otherwise.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "edged/net/http_client_types.h"

struct llhttp__internal_s;

namespace edged::net {

class HttpResponseParser {
 public:
  enum class Event {
    kNeedMore,    // every byte given was consumed; feed more
    kHead,        // a final response head is ready: takeHead()
    kBody,        // `body` holds decoded content bytes (a view into the fed bytes)
    kMessageEnd,  // the response is complete
    kError,       // the response is unusable: error(); the connection must be closed
  };
  struct Step {
    Event event = Event::kNeedMore;
    size_t consumed = 0;  // bytes of the input this step used; the caller drops them
    std::string_view body;
  };

  explicit HttpResponseParser(const HttpClientLimits& limits);
  ~HttpResponseParser();
  HttpResponseParser(const HttpResponseParser&) = delete;
  HttpResponseParser& operator=(const HttpResponseParser&) = delete;

  // Prepares for the response to the next request. `head_request`: a response to HEAD has no
  // content whatever its framing headers say (RFC 9110 §9.3.2). `upgrade_requested`: the request
  // carried Upgrade, so a 101 may answer it.
  void expectResponse(bool head_request, bool upgrade_requested = false);

  // Parses from the start of `bytes` up to the next event. Every response yields kHead, then
  // kBody zero or more times, then kMessageEnd (after kHead, feed an empty view to get it when
  // the response has no content).
  Step feed(std::string_view bytes);
  // The peer closed the connection: completes a close-delimited body (RFC 9112 §6.3 item 8) with
  // kMessageEnd, or kError when the response was cut short.
  Step finish();

  HttpResponseHead takeHead();
  const std::string& error() const { return error_; }

 private:
  struct Callbacks;
  friend struct Callbacks;
  enum class Phase { kIdle, kHead, kBody, kDone, kFailed };

  Step fail(std::string reason, size_t consumed);
  bool reject(std::string reason);
  bool appendFieldBytes(std::string& out, const char* at, size_t n);
  bool addHeader();
  bool finishHead();
  void resetHead();

  HttpClientLimits limits_;
  std::unique_ptr<llhttp__internal_s> llhttp_;
  Phase phase_ = Phase::kIdle;
  bool head_request_ = false;
  bool upgrade_requested_ = false;
  std::string error_;
  bool error_set_ = false;

  HttpResponseHead head_;
  HttpResponseHead ready_head_;
  std::string field_;
  std::string value_;
  size_t head_bytes_ = 0;
  size_t trailer_bytes_ = 0;
  Event pending_ = Event::kNeedMore;
  bool interim_ = false;      // the head being parsed is a 1xx, skipped
  bool end_pending_ = false;  // the message completed together with its head (no content)
  std::string_view body_;
};

}  // namespace edged::net
