#pragma once
// One open WebSocket (RFC 6455) over a ByteStream, after the opening handshake: frames in and
// out, messages reassembled from fragments, UTF-8 checks on text, pings answered, and the closing
// handshake. Loop thread only; knows nothing of V8 (the runtime turns the callbacks into events).
//
// Ownership: the caller owns the session (unique_ptr) and may destroy it at any time, also from
// inside any of its callbacks. Destroying it closes the connection at once, without a closing
// handshake, and no callback runs afterwards.
//
// Lifecycle: start() begins reading. on_close runs exactly once, when the connection is gone:
//  - after a closing handshake (either side began it): the code and reason the peer's Close
//    frame carried (1005 when it had no code), was_clean = true. The peer's code is echoed when
//    the peer began. A server closes TCP once its Close frame is flushed; a client waits for the
//    server to close TCP (RFC 6455 §7.1.1), at most close_timeout_ms;
//  - the peer broke the protocol: the session sends Close with the code the rule names (1002,
//    1007, 1009; RFC 6455 §7.1.7), on_error tells why, then TCP closes: 1006, not clean;
//  - the connection dropped (EOF or error) without a Close frame, or the peer did not answer our
//    Close within close_timeout_ms: 1006, not clean.

#include <uv.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "edged/net/byte_stream.h"
#include "edged/net/utf8_validator.h"
#include "edged/net/uv_handle.h"
#include "edged/net/websocket_close.h"
#include "edged/net/websocket_frame.h"
#include "edged/util/result.h"

namespace edged::net {

struct WebSocketOptions {
  // Largest incoming message, all fragments together; a larger one closes with 1009. Cloudflare's
  // limit for a WebSocket message is 32 MiB.
  size_t max_message_bytes = 32u << 20;
  // How long the closing handshake may take: the peer's answer to our Close, the flush of our
  // Close, and (client) the server's TCP close afterwards.
  uint32_t close_timeout_ms = 10'000;
  // Server role: also take unmasked client frames, against RFC 6455 §5.1. Only for endpoints
  // whose known clients send them: `wrangler tail` sends its first message unmasked, and
  // Cloudflare's tail endpoint takes it.
  bool accept_unmasked_client_frames = false;
};

class WebSocketSession {
 public:
  struct Handler {
    // A whole message: text (valid UTF-8) or binary.
    std::function<void(bool is_text, std::string data)> on_message;
    // A Pong arrived (an answer to sendPing, or unsolicited). Optional.
    std::function<void(std::string payload)> on_pong;
    // The peer broke the protocol or the connection failed; on_close (1006) follows. Optional.
    std::function<void(std::string message)> on_error;
    // Exactly once, last (see the lifecycle above).
    std::function<void(uint16_t code, std::string reason, bool was_clean)> on_close;
  };

  WebSocketSession(uv_loop_t* loop, std::unique_ptr<ByteStream> stream, WebSocketRole role,
                   WebSocketOptions options, Handler handler);
  ~WebSocketSession();
  WebSocketSession(const WebSocketSession&) = delete;
  WebSocketSession& operator=(const WebSocketSession&) = delete;

  // Starts reading. `already_received`: bytes of this connection read before the session took it
  // (e.g. frames that arrived with the HTTP head, when the stream does not replay them itself);
  // they are parsed first. Callbacks may run before start() returns. Once.
  void start(std::string_view already_received = {});

  // Sends one message as a single frame. After close() these fail with Workers' TypeError text;
  // once the connection is closing for another reason (the peer's Close, an error) the message
  // is dropped and Ok returned, as the WebSocket standard asks. Text must be valid UTF-8 (the
  // caller's strings are).
  Status sendText(std::string_view text);
  Status sendBinary(std::string_view data);
  // At most 125 bytes (RFC 6455 §5.5).
  Status sendPing(std::string_view payload = {});

  // Starts the closing handshake (a Worker's WebSocket.close()): checks the arguments with
  // Workers' rules (checkCloseArguments) and sends Close. A second call, or one after the peer
  // began closing, does nothing.
  Status close(std::optional<int> code = std::nullopt,
               std::optional<std::string_view> reason = std::nullopt);

  // Bytes queued and not yet handed to the kernel (WebSocket.bufferedAmount, backpressure).
  size_t bufferedAmount() const { return stream_ ? stream_->pendingWriteBytes() : 0; }
  // True until a Close frame was sent or received, or the connection failed.
  bool isOpen() const { return state_ == State::kOpen; }
  WebSocketRole role() const { return role_; }

 private:
  enum class State {
    kOpen,
    kClosing,  // our Close is out (or queued); waiting for the peer's, or for TCP to end
    kClosed,   // on_close ran (or is running)
  };

  void onData(std::string_view bytes);
  void onEnd(Status status);
  void onFrame(WebSocketFrame frame);
  void onDataFrame(WebSocketFrame frame);
  void onCloseFrame(std::string_view payload);
  // Queues one frame (masked for a client). `on_written` once the kernel took it.
  void sendFrame(WebSocketOpcode opcode, std::string_view payload,
                 std::function<void()> on_written = nullptr);
  // Queues our Close; the TCP connection ends once it is flushed (server) or the handshake is
  // over (client), or when the close timer fires.
  void sendClose(const WebSocketClose& close);
  // The peer broke the protocol: Close with `error.close_code`, on_error, then end.
  void failConnection(const WebSocketProtocolError& error);
  // Closes TCP now and reports on_close.
  void finish(uint16_t code, std::string reason, bool was_clean);
  // Whether the closing handshake is done from our side and TCP may close now.
  void maybeFinishHandshake();
  void startCloseTimer();
  static void onCloseTimer(uv_timer_t* timer);

  uv_loop_t* loop_;
  std::unique_ptr<ByteStream> stream_;  // null once closed
  WebSocketRole role_;
  WebSocketOptions options_;
  Handler handler_;
  WebSocketFrameParser parser_;
  State state_ = State::kOpen;
  bool started_ = false;

  // The data message being reassembled from fragments (RFC 6455 §5.4).
  bool message_is_text_ = false;
  std::string message_;
  Utf8Validator message_utf8_;

  bool close_requested_ = false;  // close() was called: sends now fail instead of being dropped
  bool close_sent_ = false;
  bool close_flushed_ = false;
  std::optional<WebSocketClose> close_received_;
  bool failed_ = false;  // closing because of a protocol error: nothing more is read
  std::string failure_;  // why, for the log line when TCP closes
  UvHandle<uv_timer_t> close_timer_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);  // expires with this object
};

}  // namespace edged::net
