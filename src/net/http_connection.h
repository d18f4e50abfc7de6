#pragma once
// One accepted HTTP/1.1 connection: reads and parses requests, hands each to the server's handler
// as an HttpExchange, one at a time (later pipelined requests wait in the input buffer), writes
// responses, and enforces the limits and timeouts. Private to src/net.
//
// Ownership: HttpServer owns every connection. A connection embeds its uv handles and the server
// frees it only from the last handle's close callback (HttpServerContext::on_closed), after
// libuv has run every pending write callback. Nothing here throws into libuv: callbacks catch.

#include <uv.h>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "edged/net/byte_stream.h"
#include "edged/net/http_exchange.h"
#include "edged/net/http_request_parser.h"
#include "edged/net/http_response_writer.h"
#include "edged/net/http_types.h"

namespace edged::net {

class HttpConnection;
class HttpUpgradedStream;
class TlsServerSession;
class TlsServerContext;
class TcpListener;

// What every connection of one HttpServer shares; owned by the server.
struct HttpServerContext {
  HttpLimits limits;
  RequestHandler handler;
  HttpDateCache date;
  std::vector<char> read_buffer;  // one loop reads one socket at a time, so one buffer serves all
  std::function<void(HttpConnection*)> on_closed;  // frees the connection
  std::shared_ptr<const TlsServerContext> tls;     // set: connections speak TLS
};

class HttpConnection {
 public:
  HttpConnection(uv_loop_t* loop, HttpServerContext& context);
  ~HttpConnection();
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;

  // Accepts the connection waiting on `listener` and starts reading; closes itself on failure.
  void start(TcpListener& listener);
  // Graceful server shutdown: close now if idle, else after the current response.
  void drain();
  // Closes at once; `reset` sends RST instead of FIN. Idempotent.
  void close(bool reset = false);

  // For HttpExchange (the current one only).
  const std::string& date() { return context_.date.now(); }
  bool willCloseAfterResponse(const HttpExchange& exchange) const;
  void sendContinue();
  // Queues head + body + suffix as one write; `on_flushed` runs when it completes successfully.
  void write(std::string head, std::string body = {}, std::string_view suffix = {},
             std::function<void()> on_flushed = {});
  void bodyStateChanged() { processInput(); }
  void responseEnded();
  // Writes `head` (a 101) and stops speaking HTTP: the current exchange is over, no further
  // request is parsed, and the socket is handed out as a ByteStream that first replays the
  // bytes buffered after the request (RFC 9110 §7.8: the new protocol starts right after the
  // 101). The connection stays alive, owned by the server as before, until that stream closes
  // it or a write fails.
  std::unique_ptr<ByteStream> upgrade(std::string head);

  // For HttpUpgradedStream.
  void setUpgradedReading(bool reading);
  void releaseUpgradedStream() { upgraded_stream_ = nullptr; }
  size_t writeQueueSize() const { return tcp_.write_queue_size; }

 private:
  enum class Timer { kNone, kHeader, kIdle, kLinger, kUnreadBody };

  static void onAlloc(uv_handle_t* handle, size_t suggested, uv_buf_t* buf);
  static void onRead(uv_stream_t* stream, ssize_t nread, const uv_buf_t* buf);
  static void onWrite(uv_write_t* req, int status);
  static void onShutdown(uv_shutdown_t* req, int status);
  static void onTimer(uv_timer_t* timer);
  static void onHandleClosed(uv_handle_t* handle);

  void handleRead(ssize_t nread, const uv_buf_t* buf);
  // Plaintext from the client (decrypted first on a TLS listener).
  void handleInput(std::string_view bytes);
  // The client's end of the stream (UV_EOF) or a socket error.
  void handleEnd(ssize_t status);
  void handleUpgradedEnd(ssize_t status);
  // Queues bytes as they are (ciphertext on a TLS listener); write() encrypts first.
  void writeRaw(std::string head, std::string body, std::string_view suffix,
                std::function<void()> on_flushed);
  // Sends what the TLS session produced on its own (handshake messages, alerts).
  void flushTlsOutput();
  void handleWriteDone(int status, const std::function<void()>& on_flushed);
  void handleTimer();
  // Runs parse steps until none can make progress; safe to call re-entrantly.
  void processInput();
  bool stepHead();
  bool stepBody();
  // Drops request body bytes the handler left unread once its response ended (skipping_body_).
  bool stepSkip();
  // The response ended and the request is wholly read: wait for the next one.
  void awaitNextRequest();
  // Answers an unusable request with `error` (if no response has started) and closes after.
  void respondError(const HttpParseError& error);
  // No more requests: flush, send FIN, discard input for a while, then close (RFC 9112 §9.6).
  void finishAndClose();
  void updateReading();
  void startTimer(Timer purpose);
  void stopTimer();
  std::string_view buffered() const { return std::string_view(in_).substr(in_pos_); }
  uv_stream_t* stream() { return reinterpret_cast<uv_stream_t*>(&tcp_); }

  uv_tcp_t tcp_;
  uv_timer_t timer_;
  std::unique_ptr<TlsServerSession> tls_;  // on a TLS listener
  uv_shutdown_t shutdown_req_;
  int open_handles_ = 0;
  HttpServerContext& context_;
  HttpRequestParser parser_;
  std::shared_ptr<HttpExchange> exchange_;  // the request being answered, if any
  std::string in_;                          // received bytes; those before in_pos_ are parsed
  size_t in_pos_ = 0;
  std::string remote_address_;
  Timer timer_purpose_ = Timer::kNone;

  bool reading_ = false;
  bool peer_eof_ = false;   // the client sent FIN: no more bytes will come
  bool closing_ = false;    // uv_close called
  bool lingering_ = false;  // finishAndClose called: input is discarded
  bool shutdown_pending_ = false;
  bool draining_ = false;           // server shutdown: no new requests
  bool processing_ = false;         // inside processInput
  bool process_again_ = false;      // processInput was re-entered
  bool waiting_for_flush_ = false;  // too many unflushed response bytes to start the next request
  // The response ended before the handler read the whole request body: the rest is read and
  // dropped (within HttpLimits::unread_body_grace_*) before the next request is parsed.
  bool skipping_body_ = false;
  uint64_t skipped_bytes_ = 0;

  // After upgrade(): the socket belongs to another protocol.
  bool upgraded_ = false;
  bool upgraded_reading_ = false;                   // the stream's reader wants bytes
  HttpUpgradedStream* upgraded_stream_ = nullptr;  // null once it closed
};

}  // namespace edged::net
