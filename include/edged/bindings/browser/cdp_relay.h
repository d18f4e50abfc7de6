#pragma once
// One client connection of a Browser Rendering session: the Worker's end of a WebSocketChannel
// (the `webSocket` of the binding's 101 answer) relayed to Chromium's DevTools WebSocket over
// loopback. Native, on the browser thread, so it neither counts against the Worker's subrequests
// or connection slots nor ends with the request that opened it (a Durable Object keeps its
// browser across requests). Messages pass unchanged for @cloudflare/puppeteer 1.1+; for 1.0 and
// earlier they are re-framed (chunked_framing.h) both ways. Loop thread only.

#include <uv.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "edged/api/websocket_channel.h"
#include "edged/bindings/browser/chunked_framing.h"
#include "edged/net/http_client_pool.h"
#include "edged/net/websocket_session.h"

namespace edged::bindings::browser {

enum class Framing {
  kText,     // /v1/devtools/browser…: one CDP message per text frame
  kChunked,  // /v1/connectDevtools: binary chunks with a length header, "ping" frames
};

class CdpRelay : public std::enable_shared_from_this<CdpRelay> {
 public:
  struct Hooks {
    // The client sent Browser.close (Chromium will exit: the session ends as the client asked).
    std::function<void()> on_browser_close;
    // Once: the client's connection is over (the client closed, or Chromium's side did, or
    // Chromium could not be reached).
    std::function<void()> on_end;
  };

  // Connects to `devtools_url` (ws://127.0.0.1:<port>/devtools/browser/<id>) and then relays
  // between it and `end` of `channel`; `post` queues work on this loop from any thread.
  static std::shared_ptr<CdpRelay> start(uv_loop_t* loop, net::HttpClientPool& pool,
                                         const std::string& devtools_url, Framing framing,
                                         std::shared_ptr<api::WebSocketChannel> channel, int end,
                                         api::WebSocketChannel::Post post, Hooks hooks);

  // Ends the connection now, without waiting for either side (the browser exited, the server is
  // stopping): the client hears a close with `code` and `reason`, the DevTools connection is
  // dropped, the channel lets go.
  void abort(uint16_t code, const std::string& reason);
  bool finished() const { return finished_; }
  // Relaying (the DevTools handshake is over).
  bool relaying() const { return session_ != nullptr; }

  // Not for callers: start() constructs.
  CdpRelay(uv_loop_t* loop, Framing framing, std::shared_ptr<api::WebSocketChannel> channel, int end,
           api::WebSocketChannel::Post post, Hooks hooks);

 private:
  void onUpgraded(net::HttpResponseHead head, std::unique_ptr<net::ByteStream> stream,
                  const std::string& key);
  void fail(const std::string& why);
  // From the client (the Worker's WebSocket), on this loop.
  void fromClient(api::WebSocketEvent event);
  // From Chromium.
  void fromBrowser(bool is_text, std::string data);
  void toBrowser(std::string message);
  void finish();

  uv_loop_t* loop_;
  Framing framing_;
  std::shared_ptr<api::WebSocketChannel> channel_;
  int end_;
  api::WebSocketChannel::Post post_;
  Hooks hooks_;
  std::shared_ptr<net::HttpClientExchange> exchange_;  // until the handshake is over
  std::unique_ptr<net::WebSocketSession> session_;
  ChunkedMessageDecoder decoder_;
  bool finished_ = false;
};

}  // namespace edged::bindings::browser
