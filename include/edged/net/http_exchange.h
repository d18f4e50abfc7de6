#pragma once
// One request and its response on a server connection: what a request handler is given.
//
// Owned by shared_ptr: the handler may keep it as long as it likes. All methods must be called on
// the connection's loop thread. Once the connection is gone (or the response has ended) every
// method is a safe no-op. Callbacks may run before the method that registered them returns.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "edged/net/byte_stream.h"
#include "edged/net/http_response_writer.h"
#include "edged/net/http_types.h"
#include "edged/util/result.h"

namespace edged::net {

class HttpConnection;

class HttpExchange : public std::enable_shared_from_this<HttpExchange> {
 public:
  // Constructed by the connection only (the key type is private to it).
  struct Key {
   private:
    friend class HttpConnection;
    Key() = default;
  };
  HttpExchange(Key, HttpConnection* connection, HttpRequestHead head);

  const HttpRequestHead& head() const { return head_; }

  // Streams the request body, decoded: `on_chunk` for each piece (the view is valid only during
  // the call), then `on_end` once, with Ok at the end of the body or an error (client went
  // away, body too large, malformed chunked coding, response ended first). Call once. A request
  // without a body ends at once. With `Expect: 100-continue`, the first call sends
  // "100 Continue" (unless a response head was already written).
  void readBody(std::function<void(std::string_view)> on_chunk, std::function<void(Status)> on_end);
  // Backpressure: while paused no chunk is delivered and the socket is not read.
  void pauseBody();
  void resumeBody();

  // Starts the response; `status` must be 200..999 (no interim responses). An absent
  // content_length means chunked (HTTP/1.1) or close-delimited (HTTP/1.0). Framing headers in
  // `headers` are replaced; Date is added unless present. An empty `reason` gets the standard one.
  void writeHead(int status, std::string_view reason, const std::vector<HttpHeader>& headers,
                 std::optional<uint64_t> content_length);
  // Queues body bytes (ignored before writeHead() and after end()). `on_flushed` runs once the
  // kernel took them (or at once when they are not sent: HEAD, 204, 304, past Content-Length);
  // it is not called if the connection fails first (onClose is).
  void writeBody(std::string chunk, std::function<void()> on_flushed = {});
  // Finishes the response. Without writeHead() first, answers 500.
  void end();
  // writeHead() with `body`'s length, writeBody(body) and end(), with head and body handed to
  // the socket in one write: one TCP segment for a small response instead of two.
  void respond(int status, std::string_view reason, const std::vector<HttpHeader>& headers,
               std::string body);
  // Resets the connection (e.g. the Worker failed mid-response).
  void abort();

  // Switches the connection to `protocol` instead of responding (RFC 9110 §7.8, §15.2.2): writes
  // "101 Switching Protocols" with Connection: Upgrade, Upgrade: <protocol> and `headers` (e.g.
  // websocketAcceptHeaders()), then hands the socket over as a ByteStream: bytes the client sent
  // after the request come first, reading is off until startReading(). The exchange is over
  // (as after end(), onClose callbacks are dropped) and the connection carries no more HTTP.
  // Refused, changing nothing, after writeHead(), on a closed connection, for an HTTP/1.0
  // request, or when the request has a body not read to its end. Whether the request asked for
  // this protocol is the caller's business (checkWebSocketUpgrade). Closing the stream closes
  // the connection; a server drain leaves upgraded connections to the stream's owner.
  Result<std::unique_ptr<ByteStream>> upgrade(std::string_view protocol,
                                              const std::vector<HttpHeader>& headers);

  // True until the response ended or the connection closed.
  bool isOpen() const { return connection_ != nullptr; }
  // Runs `cb` if the connection closes before end(): the client went away, a read or write
  // failed, abort(), or the body was refused. Runs at once if that already happened.
  void onClose(std::function<void()> cb);

 private:
  friend class HttpConnection;
  enum class BodyState { kUnread, kReading, kDone, kFailed };

  // Called by the connection.
  bool wantsBody() const { return body_state_ == BodyState::kReading && !body_paused_; }
  bool bodyPaused() const { return body_state_ == BodyState::kReading && body_paused_; }
  bool bodyComplete() const { return !head_.has_body || body_state_ == BodyState::kDone; }
  bool bodyStarted() const { return body_state_ != BodyState::kUnread; }
  bool headWritten() const { return writer_.headWritten(); }
  bool responseReusable() const { return writer_.reusable(); }
  void deliverChunk(std::string_view chunk);
  void finishBody(Status status);
  // The connection is done with this exchange; `closed`: it went away before end().
  void detach(bool closed, const std::string& why);

  HttpConnection* connection_;  // null once detached
  HttpRequestHead head_;
  HttpResponseWriter writer_;
  BodyState body_state_ = BodyState::kUnread;
  bool body_paused_ = false;
  bool continue_sent_ = false;
  bool closed_ = false;  // detached because the connection closed
  std::function<void(std::string_view)> on_chunk_;
  std::function<void(Status)> on_end_;
  std::vector<std::function<void()>> on_close_;
};

// Called on the loop thread for each request, in order; the next request on the same connection
// is parsed only after this one's response has ended (RFC 9112 §9.3.2).
using RequestHandler = std::function<void(std::shared_ptr<HttpExchange>)>;

}  // namespace edged::net
