#pragma once
// The warm connections to one origin database (one Hyperdrive config): at most
// `max_connections` open, handed out one client at a time for a transaction's length
// (transaction-mode pooling), waiters served in order, idle ones closed after a while, broken
// ones never handed out again. Loop thread only.

#include <uv.h>

#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "edged/bindings/hyperdrive/connection_url.h"
#include "edged/bindings/hyperdrive/origin_connection.h"
#include "edged/bindings/hyperdrive/statement_map.h"
#include "edged/net/uv_handle.h"
#include "edged/util/result.h"

namespace edged::bindings::hyperdrive {

struct PoolOptions {
  size_t max_connections = 20;
  uint64_t idle_timeout_ms = 60'000;
  uint32_t connect_timeout_ms = 5'000;
};

class OriginPool {
 public:
  using Lease = std::unique_ptr<OriginConnection>;
  using Acquired = std::function<void(Result<Lease>)>;

  OriginPool(uv_loop_t* loop, ConnectionUrl origin, PoolOptions options, const net::TlsClientContext* tls);
  ~OriginPool();
  OriginPool(const OriginPool&) = delete;
  OriginPool& operator=(const OriginPool&) = delete;

  // `done` runs with a connection (maybe at once) or the reason none could be opened. Once
  // `owner` has expired the wait is dropped and `done` never runs.
  void acquire(std::weak_ptr<void> owner, Acquired done);
  // Back from a client. Kept when idle and healthy; otherwise closed.
  void release(Lease connection);
  // Asks the origin to cancel what `connection` runs (§55.2.4: a CancelRequest with its
  // BackendKeyData on a connection of its own). Plain TCP: a TLS-only origin refuses it.
  void cancel(const OriginConnection& connection);

  size_t openConnections() const { return open_; }
  // What the origin said at startup (ParameterStatus), empty before a first connection.
  const std::vector<std::pair<std::string, std::string>>& parameters() const { return parameters_; }
  // The origin-side names of the statements clients prepared (statement_map.h).
  OriginStatementNames& statementNames() { return statement_names_; }

 private:
  struct Waiter {
    std::weak_ptr<void> owner;
    Acquired done;
  };
  void serve();
  void opened(OriginConnection* connection, Status status);
  void keepIdle(Lease connection);
  void dropIdle(OriginConnection* connection);
  static void onIdleTimer(uv_timer_t* timer);

  uv_loop_t* loop_;
  ConnectionUrl origin_;
  PoolOptions options_;
  const net::TlsClientContext* tls_;
  std::deque<Waiter> waiters_;
  std::vector<Lease> idle_;        // most recently used last
  std::vector<Lease> connecting_;  // opened, not ready yet
  size_t open_ = 0;                // connecting + idle + leased
  std::vector<std::pair<std::string, std::string>> parameters_;
  OriginStatementNames statement_names_;
  net::UvHandle<uv_timer_t> idle_timer_;
  // CancelRequests under way; finished ones are dropped at the next cancel() (never from inside
  // their own callbacks).
  struct Cancelling {
    std::unique_ptr<net::TcpConnector> connector;
    std::unique_ptr<net::TcpStream> stream;
    bool done = false;
  };
  std::vector<std::unique_ptr<Cancelling>> cancelling_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace edged::bindings::hyperdrive
