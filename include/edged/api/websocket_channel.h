#pragma once
// The two ends of a WebSocket as the runtime sees them (a WebSocketPair, or a JavaScript
// WebSocket and the connection it speaks over), possibly on different threads: what one end
// sends, the other receives, in order, on its own thread. An end consumes events once something
// is attached to it (a Worker's accept(), a Durable Object's acceptWebSocket(), an HTTP
// connection's WebSocketSession); until then they wait in the channel, so nothing is lost while
// an end travels (returned in a 101 response, passed back from a Durable Object).
//
// Thread-safe. Ends are 0 and 1.

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

namespace edged::api {

struct WebSocketEvent {
  // kError: the connection broke (its message in `data`); a kClose (1006) follows.
  enum class Type { kMessage, kClose, kError };
  Type type = Type::kMessage;
  bool is_text = false;
  std::string data;      // kMessage, kError
  uint16_t code = 1005;  // kClose
  std::string reason;    // kClose
  bool was_clean = true; // kClose
};

class WebSocketChannel {
 public:
  // Queues a task on the consuming thread's loop; false when that loop is stopping.
  using Post = std::function<bool(std::function<void()>)>;
  // Receives the events sent to an end, on that end's thread.
  using Sink = std::function<void(WebSocketEvent)>;

  static std::shared_ptr<WebSocketChannel> create() { return std::make_shared<WebSocketChannel>(); }
  // Each channel alive is one WebSocket connection in `edged_websockets` (util/metrics.h).
  WebSocketChannel();
  ~WebSocketChannel();
  WebSocketChannel(const WebSocketChannel&) = delete;
  WebSocketChannel& operator=(const WebSocketChannel&) = delete;

  // Events sent to `end` from now on (and those waiting) run `sink` through `post`.
  void attach(int end, Post post, Sink sink);
  // Stops delivering to `end`'s consumer (it went away); later events wait again.
  void detach(int end);
  // Sends to the other end. After a kClose from an end, nothing more it sends is delivered.
  void send(int from_end, WebSocketEvent event);

  // Hands an end to another isolate or thread: park() returns a token that claim() (once)
  // turns back into the end.
  static uint64_t park(std::shared_ptr<WebSocketChannel> channel, int end);
  static std::optional<std::pair<std::shared_ptr<WebSocketChannel>, int>> claim(uint64_t token);

 private:
  struct End {
    Post post;
    Sink sink;  // shared by the tasks posted for it
    std::deque<WebSocketEvent> waiting;
    bool closed_sending = false;  // this end sent kClose
  };
  void deliverLocked(End& to, WebSocketEvent event);

  std::mutex mutex_;
  End ends_[2];
};

}  // namespace edged::api
