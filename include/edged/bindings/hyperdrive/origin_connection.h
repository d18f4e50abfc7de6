#pragma once
// One connection from the pool to the origin PostgreSQL server: TCP (and TLS when sslmode asks),
// the startup message, authentication (trust, cleartext, md5, SCRAM-SHA-256) as the origin
// demands, then a relay of whole backend messages. Loop thread only.

#include <uv.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "edged/bindings/hyperdrive/connection_url.h"
#include "edged/bindings/hyperdrive/pg_message.h"
#include "edged/net/byte_stream.h"
#include "edged/net/tcp_connector.h"
#include "edged/util/result.h"

namespace edged::net {
class TlsClientContext;
}

namespace edged::bindings::hyperdrive {

class OriginConnection {
 public:
  using Ready = std::function<void(OriginConnection*, Status)>;
  struct Relay {
    std::function<void(Message)> on_message;
    std::function<void(Status)> on_closed;  // the origin closed or failed
  };

  // Starts connecting; `ready` runs once (never from inside open()) with this connection: Ok
  // once the origin sent its first ReadyForQuery, else the reason, after which the connection
  // is useless. `tls` (verifying or not, as the sslmode asks) must outlive the connection;
  // null: TLS is never tried.
  static std::unique_ptr<OriginConnection> open(uv_loop_t* loop, const ConnectionUrl& origin,
                                                const net::TlsClientContext* tls, uint32_t timeout_ms,
                                                Ready ready);
  ~OriginConnection();
  OriginConnection(const OriginConnection&) = delete;
  OriginConnection& operator=(const OriginConnection&) = delete;

  // After Ok: backend messages go to `relay` from now on.
  void setRelay(Relay relay) { relay_ = std::move(relay); }
  void send(std::string bytes);
  // Last ReadyForQuery's status: 'I' idle, 'T' in a transaction, 'E' in a failed one.
  char transactionStatus() const { return transaction_status_; }
  bool broken() const { return broken_; }
  void markBroken() { broken_ = true; }
  // ParameterStatus pairs the origin sent at startup (server_version, TimeZone...).
  const std::vector<std::pair<std::string, std::string>>& parameters() const { return parameters_; }
  // Statement names prepared on this connection by the pool (statement_map.h).
  std::set<std::string>& preparedStatements() { return prepared_; }
  uint64_t idleSinceMs() const { return idle_since_ms_; }
  // The origin's BackendKeyData (process id, secret): what a CancelRequest for it must carry.
  std::pair<uint32_t, uint32_t> cancelKey() const { return cancel_key_; }
  void setIdleSince(uint64_t ms) { idle_since_ms_ = ms; }

  class Key {
    friend class OriginConnection;
    Key() = default;
  };
  OriginConnection(Key, uv_loop_t* loop, const ConnectionUrl& origin, const net::TlsClientContext* tls, Ready ready);

 private:
  void connected(Result<std::unique_ptr<net::TcpStream>> tcp);
  void negotiateTls(std::unique_ptr<net::ByteStream> tcp);
  // The origin's one-byte answer to SSLRequest: 'S' → handshake, 'N' → plain text or refusal.
  void tlsAnswered(std::string_view answer);
  void startup(std::unique_ptr<net::ByteStream> stream);
  void onData(std::string_view bytes);
  void onEnd(Status status);
  // A message of the startup phase; false once the connection failed.
  bool handleStartup(const Message& message);
  Status authenticate(const Message& message);
  void finishStartup(Status status);
  void fail(Status status);

  uv_loop_t* loop_;
  ConnectionUrl origin_;
  const net::TlsClientContext* tls_;
  Ready ready_;
  Relay relay_;
  std::unique_ptr<net::TcpConnector> connector_;
  std::unique_ptr<net::ByteStream> stream_;
  std::unique_ptr<class ScramClient> scram_;
  MessageFramer framer_;
  bool started_ = false;  // ReadyForQuery seen
  bool broken_ = false;
  char transaction_status_ = 'I';
  std::vector<std::pair<std::string, std::string>> parameters_;
  std::set<std::string> prepared_;
  uint64_t idle_since_ms_ = 0;
  std::pair<uint32_t, uint32_t> cancel_key_{0, 0};
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace edged::bindings::hyperdrive
