#pragma once
// One outbound HTTP/1.1 connection: writes a request (head, then its body as the caller streams
// it), parses the response off the byte stream and hands it to the listener, one request at a
// time. Between requests it sits in the pool and watches for the origin closing it.
//
// Ownership: whoever uses the connection (an HttpClientExchange, or the pool while idle) owns it
// through unique_ptr and may destroy it from inside any listener callback.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "edged/net/byte_stream.h"
#include "edged/net/http_client_types.h"
#include "edged/net/http_response_parser.h"

namespace edged::net {

class HttpClientConnection {
 public:
  struct Listener {
    std::function<void(HttpResponseHead)> on_head;
    std::function<void(std::string_view)> on_body;  // decoded content bytes
    std::function<void()> on_end;                   // the response is complete
    // The connection failed; it is unusable. `before_response`: not one byte of the response had
    // arrived (a request on a reused connection may then be retried elsewhere).
    std::function<void(std::string message, bool before_response)> on_error;
    // A 101 answered a request with `upgrade` set: the head and the connection's byte stream
    // (bytes read past the head come first). Instead of on_head/on_end; the connection is then
    // closed and owns nothing, so the listener may destroy it.
    std::function<void(HttpResponseHead, std::unique_ptr<ByteStream>)> on_upgrade = nullptr;
  };

  HttpClientConnection(std::unique_ptr<ByteStream> stream, const HttpClientLimits& limits);
  ~HttpClientConnection();
  HttpClientConnection(const HttpClientConnection&) = delete;
  HttpClientConnection& operator=(const HttpClientConnection&) = delete;

  // Writes the request head; a body follows through writeBody()/endBody() as `request.body_mode`
  // says. Only on a fresh or idle connection.
  void send(const HttpClientRequest& request, Listener listener);
  // Queues request content; `on_flushed` once the kernel took it. Content past a declared
  // Content-Length is refused (the connection then fails).
  void writeBody(std::string_view chunk, std::function<void()> on_flushed);
  // The request content is complete. Short of a declared Content-Length, the connection fails.
  void endBody();
  // False once the request content is complete or the response made it pointless.
  bool wantsBody() const { return state_ == State::kActive && !request_done_; }

  // Response backpressure: while paused the socket is not read and no body is delivered.
  void pauseResponse();
  void resumeResponse();

  // After on_end: whether another request may use this connection (RFC 9112 §9.3).
  bool reusable() const;
  // Idle in a pool: any byte, EOF or error from the origin closes it and calls `on_closed`.
  void watchIdle(std::function<void()> on_closed);
  // How many requests this connection has carried, the current one included.
  uint32_t requestCount() const { return requests_; }
  void close();

 private:
  enum class State { kIdle, kActive, kClosed };

  void onData(std::string_view bytes);
  void onEnd(Status status);
  // Hands the stream and the bytes buffered after the 101 head to the listener.
  void switchProtocols(HttpResponseHead head);
  void processInput();
  bool step();  // one parser event; false when nothing more can be done now
  void fail(std::string message);
  void updateReading();
  void writeFramed(std::string_view chunk, std::function<void()> on_flushed);

  std::unique_ptr<ByteStream> stream_;
  HttpResponseParser parser_;
  State state_ = State::kIdle;
  Listener listener_;
  std::function<void()> on_idle_closed_;
  HttpBodyMode body_mode_ = HttpBodyMode::kNone;
  uint64_t declared_length_ = 0;
  uint64_t body_sent_ = 0;
  bool request_done_ = true;
  bool response_started_ = false;  // a byte of the response arrived
  bool response_done_ = false;
  bool response_keep_alive_ = false;
  bool paused_ = false;
  bool peer_eof_ = false;
  uint32_t requests_ = 0;
  std::string in_;  // received bytes; those before in_pos_ are parsed
  size_t in_pos_ = 0;
  bool processing_ = false;
  bool process_again_ = false;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);  // expires with this object
};

}  // namespace edged::net
