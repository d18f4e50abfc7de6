#include "edged/bindings/browser/cdp_relay.h"

#include "edged/net/websocket_handshake.h"

namespace edged::bindings::browser {
namespace {

// The largest message either side may send: Cloudflare's WebSocket message limit, which a
// full-page screenshot of a long page can approach.
constexpr size_t kMaxMessageBytes = 32u << 20;

struct DevToolsAddress {
  std::string host;
  uint16_t port = 0;
  std::string target;
};

// ws://127.0.0.1:<port>/devtools/browser/<id>, as Chromium prints it.
std::optional<DevToolsAddress> parseDevToolsUrl(const std::string& url) {
  constexpr std::string_view kScheme = "ws://";
  if (!url.starts_with(kScheme)) return std::nullopt;
  size_t slash = url.find('/', kScheme.size());
  size_t colon = url.rfind(':', slash);
  if (slash == std::string::npos || colon == std::string::npos || colon < kScheme.size()) return std::nullopt;
  DevToolsAddress address;
  address.host = url.substr(kScheme.size(), colon - kScheme.size());
  int port = std::atoi(url.substr(colon + 1, slash - colon - 1).c_str());
  if (port <= 0 || port > 65535) return std::nullopt;
  address.port = static_cast<uint16_t>(port);
  address.target = url.substr(slash);
  return address;
}

}  // namespace

CdpRelay::CdpRelay(uv_loop_t* loop, Framing framing, std::shared_ptr<api::WebSocketChannel> channel,
                   int end, api::WebSocketChannel::Post post, Hooks hooks)
    : loop_(loop),
      framing_(framing),
      channel_(std::move(channel)),
      end_(end),
      post_(std::move(post)),
      hooks_(std::move(hooks)),
      decoder_(kMaxMessageBytes) {}

std::shared_ptr<CdpRelay> CdpRelay::start(uv_loop_t* loop, net::HttpClientPool& pool,
                                          const std::string& devtools_url, Framing framing,
                                          std::shared_ptr<api::WebSocketChannel> channel, int end,
                                          api::WebSocketChannel::Post post, Hooks hooks) {
  auto relay = std::make_shared<CdpRelay>(loop, framing, std::move(channel), end, std::move(post),
                                          std::move(hooks));
  std::optional<DevToolsAddress> address = parseDevToolsUrl(devtools_url);
  Result<std::string> key = net::newWebSocketKey();
  if (!address || !key.ok()) {
    relay->fail("cannot connect to Chromium's DevTools endpoint " + devtools_url);
    return relay;
  }
  net::HttpClientRequest request;
  request.origin.host = address->host;
  request.origin.port = address->port;
  request.method = "GET";
  request.target = address->target;
  request.host_header = address->host + ":" + std::to_string(address->port);
  request.headers = net::websocketRequestHeaders(key.value());
  request.upgrade = "websocket";
  std::weak_ptr<CdpRelay> weak = relay;
  net::HttpClientExchange::Handler handler;
  handler.on_head = [weak](net::HttpResponseHead head) {
    if (auto self = weak.lock()) {
      self->fail("Chromium refused the DevTools connection with status " + std::to_string(head.status));
    }
  };
  handler.on_body = [](std::string_view) {};
  handler.on_end = [weak](Status status) {
    auto self = weak.lock();
    if (self && !status.ok()) self->fail("cannot reach Chromium: " + status.error().message);
  };
  handler.on_upgrade = [weak, key = key.value()](net::HttpResponseHead head, std::unique_ptr<net::ByteStream> stream) {
    if (auto self = weak.lock()) self->onUpgraded(std::move(head), std::move(stream), key);
  };
  relay->exchange_ = pool.start(std::move(request), std::move(handler));
  return relay;
}

void CdpRelay::onUpgraded(net::HttpResponseHead head, std::unique_ptr<net::ByteStream> stream,
                          const std::string& key) {
  exchange_.reset();
  if (Status accepted = net::checkWebSocketResponse(head, key); !accepted.ok()) {
    return fail("Chromium's DevTools handshake failed: " + accepted.error().message);
  }
  std::weak_ptr<CdpRelay> weak = weak_from_this();
  net::WebSocketSession::Handler handler;
  handler.on_message = [weak](bool is_text, std::string data) {
    if (auto self = weak.lock()) self->fromBrowser(is_text, std::move(data));
  };
  handler.on_close = [weak](uint16_t code, std::string reason, bool was_clean) {
    auto self = weak.lock();
    if (!self) return;
    api::WebSocketEvent event;
    event.type = api::WebSocketEvent::Type::kClose;
    event.code = code;
    event.reason = std::move(reason);
    event.was_clean = was_clean;
    self->channel_->send(self->end_, std::move(event));
    self->finish();
  };
  net::WebSocketOptions options;
  options.max_message_bytes = kMaxMessageBytes;
  session_ = std::make_unique<net::WebSocketSession>(loop_, std::move(stream), net::WebSocketRole::kClient,
                                                     options, std::move(handler));
  // The sink holds the relay until the channel lets go of it (finish()).
  channel_->attach(end_, post_, [self = shared_from_this()](api::WebSocketEvent event) {
    self->fromClient(std::move(event));
  });
  session_->start();
}

void CdpRelay::fail(const std::string& why) {
  if (finished_) return;
  exchange_.reset();
  api::WebSocketEvent error;
  error.type = api::WebSocketEvent::Type::kError;
  error.data = why;
  channel_->send(end_, std::move(error));
  api::WebSocketEvent closed;
  closed.type = api::WebSocketEvent::Type::kClose;
  closed.code = 1011;
  closed.reason = "Browser Rendering: the browser is not reachable";
  closed.was_clean = false;
  channel_->send(end_, std::move(closed));
  finish();
}

void CdpRelay::fromClient(api::WebSocketEvent event) {
  if (!session_) return;
  if (event.type == api::WebSocketEvent::Type::kClose) {
    // The client is gone from now on: its session may take another client (or start idling)
    // without waiting for Chromium's half of the closing handshake.
    if (auto on_end = std::move(hooks_.on_end)) on_end();
    std::optional<int> code;
    std::optional<std::string_view> reason;
    if (event.code != 1005 && event.code != 1006) {
      code = event.code;
      reason = event.reason;
    }
    (void)session_->close(code, reason);
    return;
  }
  if (event.type != api::WebSocketEvent::Type::kMessage) return;
  if (framing_ == Framing::kText) return toBrowser(std::move(event.data));
  // Chunked: the keep-alive "ping" is no CDP message; anything else is a chunk.
  if (event.is_text) return;
  Result<std::optional<std::string>> message = decoder_.push(event.data);
  if (!message.ok()) {
    (void)session_->close(1007, "Browser Rendering: " + message.error().message);
    return;
  }
  if (message.value()) toBrowser(std::move(*message.value()));
}

void CdpRelay::toBrowser(std::string message) {
  // Only the method name matters here: a Browser.close ends the session as the client's choice.
  if (message.find("\"Browser.close\"") != std::string::npos && hooks_.on_browser_close) {
    hooks_.on_browser_close();
  }
  (void)session_->sendText(message);
}

void CdpRelay::fromBrowser(bool is_text, std::string data) {
  if (framing_ == Framing::kText) {
    api::WebSocketEvent event;
    event.is_text = is_text;
    event.data = std::move(data);
    channel_->send(end_, std::move(event));
    return;
  }
  for (std::string& chunk : encodeChunkedMessage(data)) {
    api::WebSocketEvent event;
    event.is_text = false;
    event.data = std::move(chunk);
    channel_->send(end_, std::move(event));
  }
}

void CdpRelay::abort(uint16_t code, const std::string& reason) {
  if (finished_) return;
  api::WebSocketEvent event;
  event.type = api::WebSocketEvent::Type::kClose;
  event.code = code;
  event.reason = reason;
  event.was_clean = false;
  channel_->send(end_, std::move(event));
  exchange_.reset();
  session_.reset();
  finish();
}

void CdpRelay::finish() {
  if (finished_) return;
  finished_ = true;
  auto keep = shared_from_this();  // detach() drops the sink's reference
  channel_->detach(end_);
  if (auto on_end = std::move(hooks_.on_end)) on_end();
}

}  // namespace edged::bindings::browser
