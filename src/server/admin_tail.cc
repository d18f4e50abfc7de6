// The live log stream on the admin listener, as Cloudflare's tail API and `wrangler tail` use it:
// POST …/workers/scripts/:name/tails creates a tail and answers {id, url, expires_at}; the client
// opens a WebSocket to `url` (subprotocol "trace-v1", no API token: the id in the URL is the
// capability) and receives one JSON TailEvent per message; DELETE …/tails/:id ends it.

#include <deque>
#include <memory>
#include <mutex>

#include "edged/net/http_exchange.h"
#include "edged/net/loop_thread.h"
#include "edged/net/websocket_handshake.h"
#include "edged/net/websocket_session.h"
#include "edged/server/admin_server.h"
#include "edged/server/served_workers.h"
#include "edged/server/tail_event.h"
#include "edged/server/tail_hub.h"
#include "edged/server/worker_registry.h"
#include "edged/util/clock.h"
#include "edged/util/json_escape.h"
#include "edged/util/log.h"

namespace edged::server {
namespace {

constexpr const char* kTails = "/client/v4/accounts/:account_id/workers/scripts/:script_name/tails";
// Where a tail's WebSocket connects: no token, the id is the capability.
constexpr const char* kTailSocketPrefix = "/tails/";
constexpr const char* kTraceProtocol = "trace-v1";
// A slow client: events waiting for the admin loop, and bytes the socket has not taken yet,
// past which new events are dropped (and counted) instead of slowing any serving thread.
constexpr size_t kMaxQueuedEvents = 512;
constexpr size_t kMaxBufferedBytes = 4u << 20;
constexpr uint64_t kAnnounceRetryMs = 100;

// One connected tail client, on the admin loop. Serving threads deliver() into a bounded queue;
// the loop drains it into the WebSocket. It keeps itself alive while the connection is open.
class TailClient : public TailSink, public std::enable_shared_from_this<TailClient> {
 public:
  TailClient(net::LoopThread& loop, TailHub& hub) : loop_(loop), hub_(hub) {}

  // Loop thread: the 101 for tail `record` went out; `stream` is the connection.
  void start(std::unique_ptr<net::ByteStream> stream, TailRecord record) {
    record_ = std::move(record);
    self_ = shared_from_this();
    net::WebSocketSession::Handler handler;
    // The client's one message is {"debug": bool} (wrangler's --debug); nothing to do with it.
    handler.on_message = [](bool, std::string) {};
    // A tail ends with its client: wrangler never reconnects, and its DELETE on exit is
    // best-effort (Ctrl-C usually ends the process first).
    handler.on_close = [this](uint16_t, std::string, bool) {
      std::shared_ptr<TailClient> keep = std::move(self_);
      hub_.remove(record_.worker, record_.id);
      session_.reset();
      expiry_.close();
      announce_timer_.close();
    };
    net::WebSocketOptions options;
    options.max_message_bytes = 64 * 1024;         // the client only sends {"debug": bool}
    options.accept_unmasked_client_frames = true;  // wrangler sends that one unmasked
    session_ = std::make_unique<net::WebSocketSession>(
        loop_.loop(), std::move(stream), net::WebSocketRole::kServer, options, std::move(handler));
    if (expiry_.init([&](uv_timer_t* t) { return uv_timer_init(loop_.loop(), t); }, this) == 0) {
      int64_t left = record_.expires_at_ms - static_cast<int64_t>(clock::nowMs());
      uv_timer_start(expiry_.get(), &TailClient::onExpired,
                     static_cast<uint64_t>(std::max<int64_t>(left, 0)), 0);
    }
    session_->start();
    drain();
  }

  void deliver(std::shared_ptr<const std::string> event_json) override {
    std::lock_guard lock(mutex_);
    if (queue_.size() >= kMaxQueuedEvents) {
      ++dropped_;
      return;
    }
    queue_.push_back(std::move(event_json));
    if (drain_posted_) return;
    drain_posted_ = true;
    loop_.post([weak = weak_from_this()] {
      if (auto self = weak.lock()) self->drain();
    });
  }

  void end() override {
    loop_.post([weak = weak_from_this()] {
      auto self = weak.lock();
      if (self && self->session_) (void)self->session_->close(1000, "tail ended");
    });
  }

 private:
  static void onExpired(uv_timer_t* timer) {
    auto* self = static_cast<TailClient*>(timer->data);
    // remove() ends this client (a Close on the next turn).
    self->hub_.remove(self->record_.worker, self->record_.id);
  }

  void drain() {
    std::deque<std::shared_ptr<const std::string>> events;
    uint64_t dropped = 0;
    {
      std::lock_guard lock(mutex_);
      drain_posted_ = false;
      events.swap(queue_);
      dropped = std::exchange(dropped_, 0);
    }
    if (!session_ || !session_->isOpen()) return;
    for (auto& event : events) {
      if (session_->bufferedAmount() > kMaxBufferedBytes) {
        ++dropped;
        continue;
      }
      (void)session_->sendText(*event);
    }
    if (dropped != 0) {
      dropped_total_ += dropped;
      unannounced_ += dropped;
      log::warn("tail " + record_.id.substr(0, 8) + "… of " + record_.worker + ": dropped " +
                std::to_string(dropped) + " events for a slow client (" +
                std::to_string(dropped_total_) + " in all)");
    }
    announce();
  }

  // Tells the client how many events it lost once its socket has room again (polled: the
  // session reports no flushes).
  void announce() {
    if (unannounced_ == 0 || !session_ || !session_->isOpen()) return;
    if (session_->bufferedAmount() <= kMaxBufferedBytes) {
      (void)session_->sendText(tailOverloadJson(std::exchange(unannounced_, 0), clock::nowMs()));
      return;
    }
    if (!announce_timer_ &&
        announce_timer_.init([&](uv_timer_t* t) { return uv_timer_init(loop_.loop(), t); }, this) !=
            0) {
      return;
    }
    uv_timer_start(
        announce_timer_.get(),
        [](uv_timer_t* timer) { static_cast<TailClient*>(timer->data)->announce(); },
        kAnnounceRetryMs, 0);
  }

  net::LoopThread& loop_;
  TailHub& hub_;
  TailRecord record_;                 // loop thread, from start()
  std::shared_ptr<TailClient> self_;  // while the connection is open
  std::unique_ptr<net::WebSocketSession> session_;
  net::UvHandle<uv_timer_t> expiry_;
  net::UvHandle<uv_timer_t> announce_timer_;
  uint64_t dropped_total_ = 0;  // loop thread
  uint64_t unannounced_ = 0;    // dropped and not yet told to the client

  std::mutex mutex_;
  std::deque<std::shared_ptr<const std::string>> queue_;  // guarded by mutex_
  uint64_t dropped_ = 0;                                  // guarded by mutex_
  bool drain_posted_ = false;                             // guarded by mutex_
};

std::string tailJson(const TailRecord& tail, const std::string& host) {
  return "{\"id\":" + jsonQuote(tail.id) +
         ",\"url\":" + jsonQuote("ws://" + host + kTailSocketPrefix + tail.id) +
         ",\"expires_at\":" + jsonQuote(apiTime(tail.expires_at_ms)) + "}";
}

// The address the client reached the admin API at, which the tail's URL must use too.
std::string hostFor(const AdminRequest& request, const AdminServer& admin) {
  std::string host = headerValue(request, "Host");
  return host.empty() ? "127.0.0.1:" + std::to_string(admin.port()) : host;
}

// The tail socket's calls are logged like the other admin calls, with only the start of the id:
// the whole id is the capability.
void logConnect(const std::string& id, int status) {
  log::info("admin: GET " + std::string(kTailSocketPrefix) + id.substr(0, 8) + "… -> " +
            std::to_string(status));
}

void refuse(const std::shared_ptr<net::HttpExchange>& exchange, const std::string& id,
            const AdminResponse& response) {
  logConnect(id, response.status);
  exchange->respond(response.status, {}, {{"Content-Type", response.content_type}}, response.body);
}

void connect(TailHub& tails, net::LoopThread& loop, const std::string& id,
             const std::shared_ptr<net::HttpExchange>& exchange) {
  auto handshake = net::checkWebSocketUpgrade(exchange->head());
  if (!handshake.ok()) return refuse(exchange, id, apiError(400, 10400, handshake.error().message));
  std::string protocol;
  for (const std::string& offered : handshake->protocols) {
    if (offered == kTraceProtocol) protocol = offered;
  }
  if (protocol.empty() && !handshake->protocols.empty()) {
    return refuse(exchange, id, apiError(400, 10400, "a tail speaks only the trace-v1 protocol"));
  }
  // attach() both checks the capability and claims the tail for this client.
  auto client = std::make_shared<TailClient>(loop, tails);
  Result<TailRecord> attached = tails.attach(id, client);
  if (!attached.ok()) return refuse(exchange, id, apiError(404, 10404, attached.error().message));
  auto stream =
      exchange->upgrade("websocket", net::websocketAcceptHeaders(handshake->key, protocol));
  if (!stream.ok()) {
    tails.detach(id, client.get());
    return;
  }
  logConnect(id, 101);
  client->start(std::move(stream).value(), std::move(attached).value());
}

}  // namespace

void addTailRoutes(AdminServer& admin, TailHub& tails, const WorkerRegistry& registry) {
  auto exists = [&registry](const std::string& name) {
    return registry.snapshot()->find(name) != nullptr;
  };
  admin.addRoute(
      "POST", kTails, [&admin, &tails, exists](AdminRequest request, AdminRespond respond) {
        const std::string& worker = request.params["script_name"];
        if (!exists(worker))
          return respond(apiError(404, 10007, "This Worker does not exist on your account."));
        Result<TailFilters> filters = parseTailFilters(request.body, request.remote_address);
        if (!filters.ok()) return respond(apiError(400, 10400, filters.error().message));
        Result<TailRecord> tail = tails.create(worker, std::move(filters).value());
        if (!tail.ok()) return respond(apiError(429, 10429, tail.error().message));
        log::info("tail " + tail->id.substr(0, 8) + "… created for " + worker);
        respond(apiResult(tailJson(tail.value(), hostFor(request, admin))));
      });
  admin.addRoute(
      "GET", kTails, [&admin, &tails, exists](AdminRequest request, AdminRespond respond) {
        const std::string& worker = request.params["script_name"];
        if (!exists(worker))
          return respond(apiError(404, 10007, "This Worker does not exist on your account."));
        std::string list = "[";
        for (const TailRecord& tail : tails.list(worker)) {
          if (list.size() > 1) list += ',';
          list += tailJson(tail, hostFor(request, admin));
        }
        respond(apiResult(list + "]"));
      });
  admin.addRoute("DELETE", std::string(kTails) + "/:id",
                 [&tails](AdminRequest request, AdminRespond respond) {
                   if (!tails.remove(request.params["script_name"], request.params["id"])) {
                     return respond(apiError(404, 10404, "Tail not found"));
                   }
                   respond(apiResult("null"));
                 });
  admin.addUpgradeRoute(std::string(kTailSocketPrefix) + ":id",
                        [&admin, &tails](std::map<std::string, std::string> params,
                                         std::shared_ptr<net::HttpExchange> exchange) {
                          connect(tails, admin.loopThread(), params["id"], exchange);
                        });
  // Open tail connections are closed (1000) before the listener drains, which waits for them.
  admin.onStop([&tails] { tails.endAll(); });
}

}  // namespace edged::server
