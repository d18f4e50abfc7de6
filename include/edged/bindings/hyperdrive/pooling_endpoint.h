#pragma once
// The loopback PostgreSQL endpoint Hyperdrive bindings point Workers at: one listener on
// 127.0.0.1 (a port the OS picks) on a loop thread of its own, one pool per Hyperdrive config,
// each config reached with the user and password generated for it when it was registered
// (per server start). The loop thread and listener start with the first registration, so a
// server without Hyperdrive bindings has neither.
//
// Versions are built on several threads (start-up, deploys, SIGHUP), so registration is
// thread-safe; everything else runs on the endpoint's loop.

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "edged/bindings/hyperdrive/client_session.h"
#include "edged/bindings/hyperdrive/connection_url.h"
#include "edged/bindings/hyperdrive/origin_pool.h"
#include "edged/net/loop_thread.h"
#include "edged/net/tcp_listener.h"
#include "edged/net/tls_stream.h"
#include "edged/util/result.h"

namespace edged::bindings::hyperdrive {

// What a Worker's binding says (workers-types `Hyperdrive`).
struct EndpointCredentials {
  std::string host = "127.0.0.1";
  uint16_t port = 0;
  std::string user;
  std::string password;
  std::string database;
  std::string connectionString() const;
};

class PoolingEndpoint {
 public:
  explicit PoolingEndpoint(PoolOptions options = {});
  ~PoolingEndpoint();
  PoolingEndpoint(const PoolingEndpoint&) = delete;
  PoolingEndpoint& operator=(const PoolingEndpoint&) = delete;

  // The credentials for config `id` with origin `connection_string` (the same pair gets the
  // same credentials every time). Starts the endpoint on first use.
  Result<EndpointCredentials> registerOrigin(const std::string& id, const std::string& connection_string);

  // The endpoint serving this process's Workers (published by `edged serve`), or null.
  static std::shared_ptr<PoolingEndpoint> published();
  static void publish(std::shared_ptr<PoolingEndpoint> endpoint);

 private:
  struct Registered {
    std::shared_ptr<EndpointTarget> target;
    ConnectionUrl origin;
  };
  Status startLocked();
  void onConnection();
  ClientSession::Lookup find(std::string_view user);
  void sessionClosed(ClientSession* session);

  PoolOptions options_;
  std::mutex mutex_;
  bool started_ = false;                      // guarded by mutex_
  uint16_t port_ = 0;                         // guarded by mutex_
  std::map<std::string, Registered> by_key_;  // id + '\n' + connection string; guarded by mutex_
  std::map<std::string, std::string> key_by_user_;  // guarded by mutex_

  // Loop thread only.
  std::unique_ptr<net::LoopThread> loop_;
  std::unique_ptr<net::TcpListener> listener_;
  // TLS to origins: checking certificates (verify-ca, verify-full) or only encrypting (prefer,
  // require), as libpq does.
  std::unique_ptr<net::TlsClientContext> verifying_tls_;
  std::unique_ptr<net::TlsClientContext> encrypting_tls_;
  std::map<std::string, std::unique_ptr<OriginPool>> pools_;  // by generated user
  std::map<ClientSession*, std::unique_ptr<ClientSession>> sessions_;
  std::vector<std::unique_ptr<ClientSession>> closed_sessions_;
};

}  // namespace edged::bindings::hyperdrive
