#pragma once
// One Worker's connection to the pooling endpoint: the PostgreSQL startup as a server speaks it
// (SSLRequest and GSSENCRequest declined, SCRAM-SHA-256 against the generated password,
// ParameterStatus, BackendKeyData, ReadyForQuery), then its queries relayed through an origin
// connection borrowed from the pool for each transaction (query_relay.h). Loop thread only.

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <utility>

#include "edged/bindings/hyperdrive/origin_pool.h"
#include "edged/bindings/hyperdrive/pg_message.h"
#include "edged/bindings/hyperdrive/query_relay.h"
#include "edged/bindings/hyperdrive/scram.h"
#include "edged/net/tcp_stream.h"

namespace edged::bindings::hyperdrive {

// A Hyperdrive config as the endpoint serves it: the credentials a Worker gets, the origin.
struct EndpointTarget {
  std::string id;
  std::string user;
  std::string password;
  std::string database;  // the origin's
  ScramVerifier verifier;
};

class ClientSession {
 public:
  // Which target (and its pool) a startup message's user names; null: none.
  struct Lookup {
    const EndpointTarget* target = nullptr;
    OriginPool* pool = nullptr;
  };
  using FindTarget = std::function<Lookup(std::string_view user)>;
  // The session a CancelRequest's key names (null: none), so its running query is cancelled.
  using FindByCancelKey = std::function<ClientSession*(uint32_t process_id, uint32_t secret)>;

  // `on_closed` runs once when the session ends; the owner frees the session later (not from
  // inside the call).
  ClientSession(std::unique_ptr<net::TcpStream> stream, FindTarget find,
                FindByCancelKey find_by_cancel_key, std::function<void(ClientSession*)> on_closed);
  ~ClientSession();
  ClientSession(const ClientSession&) = delete;
  ClientSession& operator=(const ClientSession&) = delete;

  void start();
  // Ends the session now (server stopping).
  void close();
  // Whether this session's BackendKeyData is (process_id, secret).
  bool hasCancelKey(uint32_t process_id, uint32_t secret) const {
    return phase_ == Phase::kReady && cancel_key_ == std::pair{process_id, secret};
  }
  // The client's CancelRequest: the origin is asked to cancel what runs for this client now.
  void cancelRunningQuery();

 private:
  enum class Phase { kStartup, kSaslInitial, kSaslResponse, kWaitingForOrigin, kReady, kClosed };

  void onData(std::string_view bytes);
  void handle(Message message);
  void handleStartup(const Message& message);
  void handleSasl(const Message& message);
  void greet();
  void relay(Message message);
  void acquire();
  void acquired(Result<OriginPool::Lease> lease);
  void flushPending();
  void fromOrigin(Message message);
  void originLost(Status status);
  void releaseIfSettled();
  void send(std::string bytes);
  void fatal(std::string_view sqlstate, std::string_view message);
  void finish();

  std::unique_ptr<net::TcpStream> stream_;
  FindTarget find_;
  FindByCancelKey find_by_cancel_key_;
  std::function<void(ClientSession*)> on_closed_;
  std::pair<uint32_t, uint32_t> cancel_key_{0, 0};
  Phase phase_ = Phase::kStartup;
  MessageFramer framer_{true};
  Lookup target_;
  std::unique_ptr<ScramServer> scram_;
  QueryRelay relay_;
  OriginPool::Lease lease_;
  bool acquiring_ = false;
  std::deque<Message> pending_;  // client messages waiting for an origin connection
  // Expires with the session: pool waits and callbacks check it.
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace edged::bindings::hyperdrive
