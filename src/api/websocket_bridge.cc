#include "edged/api/websocket_bridge.h"

#include <set>
#include <vector>

#include "edged/net/websocket_session.h"

namespace edged::api {
namespace {

struct Bridge;
// The live bridges of this thread (each lives on one loop thread).
thread_local std::set<Bridge*> live_bridges;

struct Bridge {
  Bridge() { live_bridges.insert(this); }
  ~Bridge() { live_bridges.erase(this); }
  std::unique_ptr<net::WebSocketSession> session;
};

}  // namespace

void closeBridgedWebSockets() {
  std::vector<Bridge*> bridges(live_bridges.begin(), live_bridges.end());
  for (Bridge* bridge : bridges) {
    if (live_bridges.contains(bridge) && bridge->session) {
      (void)bridge->session->close(1001, "server shutting down");
    }
  }
}

void bridgeWebSocket(uv_loop_t* loop, std::unique_ptr<net::ByteStream> stream, net::WebSocketRole role,
                     std::shared_ptr<WebSocketChannel> channel, int end, WebSocketChannel::Post post) {
  auto bridge = std::make_shared<Bridge>();
  net::WebSocketSession::Handler handler;
  handler.on_message = [channel, end](bool is_text, std::string data) {
    WebSocketEvent event;
    event.is_text = is_text;
    event.data = std::move(data);
    channel->send(end, std::move(event));
  };
  handler.on_error = [channel, end](std::string message) {
    WebSocketEvent event;
    event.type = WebSocketEvent::Type::kError;
    event.data = std::move(message);
    channel->send(end, std::move(event));
  };
  // The connection is gone: the JavaScript end hears the close, and the channel lets go of the
  // bridge (and so of the session, which allows being destroyed from its own callback).
  handler.on_close = [channel, end](uint16_t code, std::string reason, bool was_clean) {
    WebSocketEvent event;
    event.type = WebSocketEvent::Type::kClose;
    event.code = code;
    event.reason = std::move(reason);
    event.was_clean = was_clean;
    channel->send(end, std::move(event));
    channel->detach(end);
  };
  bridge->session = std::make_unique<net::WebSocketSession>(loop, std::move(stream), role,
                                                            net::WebSocketOptions{}, std::move(handler));
  net::WebSocketSession* session = bridge->session.get();
  channel->attach(end, std::move(post), [bridge](WebSocketEvent event) {
    net::WebSocketSession& s = *bridge->session;
    if (event.type == WebSocketEvent::Type::kMessage) {
      (void)(event.is_text ? s.sendText(event.data) : s.sendBinary(event.data));
      return;
    }
    if (event.type == WebSocketEvent::Type::kError) return;
    std::optional<int> code;
    std::optional<std::string_view> reason;
    if (event.code != 1005 && event.code != 1006) {
      code = event.code;
      reason = event.reason;
    }
    (void)s.close(code, reason);
  });
  session->start();
}

}  // namespace edged::api
