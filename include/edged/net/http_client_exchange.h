#pragma once
// One outbound request and its response, from the caller's side: it gets a connection (an idle
// one from the pool or a new one), streams the request body the caller writes (buffering what is
// written before the connection is ready), delivers the response, and hands a still-usable
// connection back to the pool at the end. Loop thread only.
//
// Owned by the caller through shared_ptr (HttpClientPool::start). The handler may drop that
// last reference from inside any callback. Destroying or abort()ing it closes its connection.

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "edged/net/http_client_connection.h"
#include "edged/net/http_client_types.h"
#include "edged/net/origin_connector.h"

namespace edged::net {

class HttpClientPool;

class HttpClientExchange : public std::enable_shared_from_this<HttpClientExchange> {
 public:
  struct Handler {
    std::function<void(HttpResponseHead)> on_head;
    std::function<void(std::string_view)> on_body;  // valid only during the call
    // Once, last: Ok when the response is complete; else why the exchange failed (connecting,
    // before the head, or in the middle of the body). Messages are meant for the Worker.
    std::function<void(Status)> on_end;
    // The origin switched protocols (101) for a request with `upgrade` set: its head and the
    // raw connection, which never returns to the pool (bytes read past the head come first).
    // Runs instead of on_head and on_end; the exchange is over. Checking that the 101 is the
    // answer asked for (checkWebSocketResponse) is the caller's job. Any other status is an
    // ordinary response through on_head/on_body/on_end.
    std::function<void(HttpResponseHead, std::unique_ptr<ByteStream>)> on_upgrade = nullptr;
  };

  // Constructed by HttpClientPool::start() only.
  struct Key {
   private:
    friend class HttpClientPool;
    Key() = default;
  };
  HttpClientExchange(Key, std::weak_ptr<HttpClientPool> pool, HttpClientRequest request,
                     Handler handler);
  ~HttpClientExchange();
  HttpClientExchange(const HttpClientExchange&) = delete;
  HttpClientExchange& operator=(const HttpClientExchange&) = delete;

  // Request content, as the body mode of the request says. `on_flushed` once the kernel took the
  // bytes. Ignored (on_flushed never runs) when !wantsBody().
  void writeBody(std::string chunk, std::function<void()> on_flushed);
  void endBody();
  // False once the body is complete, the exchange is over, or the origin answered without
  // waiting for the rest of the body.
  bool wantsBody() const;

  // Response backpressure: while paused no body is delivered and the socket is not read.
  void pauseResponse();
  void resumeResponse();

  // Ends the exchange now and closes its connection. No callback runs afterwards.
  void abort();

 private:
  friend class HttpClientPool;
  struct PendingChunk {
    std::string bytes;
    std::function<void()> on_flushed;
  };

  // Takes an idle connection from the pool, or opens a new one (`fresh`: never reuse).
  void begin(bool fresh);
  void attach(std::unique_ptr<HttpClientConnection> connection);
  void onHead(HttpResponseHead head);
  void onResponseEnd();
  void onUpgrade(HttpResponseHead head, std::unique_ptr<ByteStream> stream);
  void onConnectionError(std::string message, bool before_response);
  void finish(Status status);
  bool retryable() const;

  std::weak_ptr<HttpClientPool> pool_;
  HttpClientRequest request_;
  Handler handler_;
  std::unique_ptr<OriginConnector> connector_;
  std::unique_ptr<HttpClientConnection> connection_;
  std::deque<PendingChunk> pending_body_;  // written before a connection was ready
  uint32_t idle_timeout_ms_ = 0;           // how long the origin lets the connection idle
  bool body_ended_ = false;
  bool finished_ = false;
  bool paused_ = false;
  bool retried_ = false;
};

}  // namespace edged::net
