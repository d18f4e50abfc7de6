#include "edged/bindings/hyperdrive/origin_pool.h"

#include <algorithm>

#include "edged/util/log.h"

namespace edged::bindings::hyperdrive {

OriginPool::OriginPool(uv_loop_t* loop, ConnectionUrl origin, PoolOptions options, const net::TlsClientContext* tls)
    : loop_(loop), origin_(std::move(origin)), options_(options), tls_(tls) {
  idle_timer_.init([loop](uv_timer_t* t) { return uv_timer_init(loop, t); }, this);
  uint64_t period = std::max<uint64_t>(options_.idle_timeout_ms / 2, 100);
  uv_timer_start(idle_timer_.get(), onIdleTimer, period, period);
  // The sweep alone must not keep a stopping loop alive.
  uv_unref(reinterpret_cast<uv_handle_t*>(idle_timer_.get()));
}

OriginPool::~OriginPool() { *alive_ = false; }

void OriginPool::acquire(std::weak_ptr<void> owner, Acquired done) {
  waiters_.push_back({std::move(owner), std::move(done)});
  serve();
}

void OriginPool::serve() {
  std::weak_ptr<bool> alive = alive_;
  while (!waiters_.empty() && !alive.expired()) {
    if (waiters_.front().owner.expired()) {
      waiters_.pop_front();
      continue;
    }
    if (idle_.empty()) break;
    Lease connection = std::move(idle_.back());
    idle_.pop_back();
    connection->setRelay({});
    Waiter waiter = std::move(waiters_.front());
    waiters_.pop_front();
    waiter.done(std::move(connection));
  }
  if (alive.expired()) return;
  // One new connection per waiter not covered by those already being opened.
  size_t live_waiters = static_cast<size_t>(std::count_if(
      waiters_.begin(), waiters_.end(), [](const Waiter& w) { return !w.owner.expired(); }));
  while (live_waiters > connecting_.size() && open_ < options_.max_connections) {
    ++open_;
    connecting_.push_back(OriginConnection::open(loop_, origin_, tls_, options_.connect_timeout_ms,
                                                 [this, alive](OriginConnection* connection, Status status) {
                                                   if (!alive.expired()) opened(connection, std::move(status));
                                                 }));
  }
}

void OriginPool::opened(OriginConnection* connection, Status status) {
  auto it = std::find_if(connecting_.begin(), connecting_.end(),
                         [connection](const Lease& c) { return c.get() == connection; });
  if (it == connecting_.end()) return;
  Lease lease = std::move(*it);
  connecting_.erase(it);
  if (!status.ok()) {
    --open_;
    // The oldest waiter hears why; the others wait for the next attempt (serve() makes one).
    while (!waiters_.empty()) {
      Waiter waiter = std::move(waiters_.front());
      waiters_.pop_front();
      if (waiter.owner.expired()) continue;
      waiter.done(status.error());
      break;
    }
    // Freed here, inside its own callback: it touches nothing after calling it.
    lease.reset();
    serve();
    return;
  }
  if (parameters_.empty()) parameters_ = lease->parameters();
  keepIdle(std::move(lease));
  serve();
}

void OriginPool::release(Lease connection) {
  if (!connection) return;
  if (connection->broken() || connection->transactionStatus() != 'I') {
    --open_;
    connection.reset();
    serve();
    return;
  }
  keepIdle(std::move(connection));
  serve();
}

void OriginPool::keepIdle(Lease connection) {
  OriginConnection* raw = connection.get();
  std::weak_ptr<bool> alive = alive_;
  raw->setIdleSince(uv_now(loop_));
  // An idle connection the origin closes (restart, idle_session_timeout) leaves the pool.
  raw->setRelay({[](Message) {},
                 [this, alive, raw](Status) {
                   if (!alive.expired()) dropIdle(raw);
                 }});
  idle_.push_back(std::move(connection));
}

void OriginPool::dropIdle(OriginConnection* connection) {
  auto it = std::find_if(idle_.begin(), idle_.end(), [connection](const Lease& c) { return c.get() == connection; });
  if (it == idle_.end()) return;
  // Called from the connection's own callback, which touches nothing after it.
  idle_.erase(it);
  --open_;
}

void OriginPool::onIdleTimer(uv_timer_t* timer) {
  auto* pool = static_cast<OriginPool*>(timer->data);
  if (pool == nullptr) return;
  uint64_t now = uv_now(pool->loop_);
  auto& idle = pool->idle_;
  size_t before = idle.size();
  idle.erase(std::remove_if(idle.begin(), idle.end(),
                            [&](const Lease& c) { return now - c->idleSinceMs() >= pool->options_.idle_timeout_ms; }),
             idle.end());
  pool->open_ -= before - idle.size();
}

void OriginPool::cancel(const OriginConnection& connection) {
  std::erase_if(cancelling_, [](const auto& c) { return c->done; });
  auto [process_id, secret] = connection.cancelKey();
  if (process_id == 0 && secret == 0) return;  // the origin sent no BackendKeyData
  std::string request = MessageBuilder(0).int32(kCancelRequestCode).int32(process_id).int32(secret).take();
  auto owned = std::make_unique<Cancelling>();
  Cancelling* c = owned.get();
  cancelling_.push_back(std::move(owned));
  std::weak_ptr<bool> alive = alive_;
  c->connector = net::TcpConnector::start(
      loop_, origin_.host, origin_.port, options_.connect_timeout_ms,
      [c, alive, request = std::move(request)](Result<std::unique_ptr<net::TcpStream>> tcp) mutable {
        if (alive.expired()) return;
        if (!tcp.ok()) {
          log::warn("hyperdrive: cannot send a cancel request to the origin: " + tcp.error().message);
          c->done = true;
          return;
        }
        c->stream = std::move(tcp).value();
        // The origin reads the request and closes the connection without an answer.
        c->stream->write(std::move(request), [c, alive](Status) {
          if (alive.expired()) return;
          c->stream->close();
          c->done = true;
        });
      });
}

}  // namespace edged::bindings::hyperdrive
