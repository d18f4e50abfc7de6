#include "edged/bindings/hyperdrive/client_session.h"

#include "edged/util/log.h"

namespace edged::bindings::hyperdrive {
namespace {

std::string authenticationMessage(uint32_t code, std::string_view data = {}) {
  return MessageBuilder('R').int32(code).bytes(data).take();
}

uint32_t randomUint32() {
  std::string bytes = randomBytes(4);
  return MessageReader(bytes).int32();
}

}  // namespace

ClientSession::ClientSession(std::unique_ptr<net::TcpStream> stream, FindTarget find,
                             FindByCancelKey find_by_cancel_key,
                             std::function<void(ClientSession*)> on_closed)
    : stream_(std::move(stream)),
      find_(std::move(find)),
      find_by_cancel_key_(std::move(find_by_cancel_key)),
      on_closed_(std::move(on_closed)),
      relay_({[this](std::string bytes) {
                if (lease_) lease_->send(std::move(bytes));
              },
              [this](std::string bytes) { send(std::move(bytes)); }}) {}

ClientSession::~ClientSession() {
  *alive_ = false;
  if (lease_) {
    // A client gone mid-transaction (or with answers outstanding): the connection's state is
    // unknown, so it is closed rather than reused (origin_pool.h drops it).
    if (!relay_.settled()) lease_->markBroken();
    if (target_.pool != nullptr) target_.pool->release(std::move(lease_));
  }
  if (stream_) stream_->close();
}

void ClientSession::start() {
  std::weak_ptr<bool> alive = alive_;
  stream_->setHandler({[this, alive](std::string_view bytes) {
                         if (!alive.expired()) onData(bytes);
                       },
                       [this, alive](Status) {
                         if (!alive.expired()) finish();
                       }});
  stream_->startReading();
}

void ClientSession::close() { finish(); }

void ClientSession::send(std::string bytes) {
  if (stream_ && phase_ != Phase::kClosed) stream_->write(std::move(bytes), [](Status) {});
}

void ClientSession::fatal(std::string_view sqlstate, std::string_view message) {
  send(errorResponse("FATAL", sqlstate, message));
  if (stream_) stream_->shutdown([](Status) {});
  finish();
}

void ClientSession::finish() {
  if (phase_ == Phase::kClosed) return;
  phase_ = Phase::kClosed;
  if (lease_) {
    if (!relay_.settled() || lease_->transactionStatus() != 'I') lease_->markBroken();
    target_.pool->release(std::move(lease_));
  }
  pending_.clear();
  if (on_closed_) std::exchange(on_closed_, nullptr)(this);
}

void ClientSession::onData(std::string_view bytes) {
  framer_.append(bytes);
  std::weak_ptr<bool> alive = alive_;
  while (!alive.expired() && phase_ != Phase::kClosed) {
    auto next = framer_.next();
    if (!next.ok()) return fatal("08P01", "invalid frontend message: " + next.error().message);
    if (!next->has_value()) return;
    handle(std::move(**next));
  }
}

void ClientSession::handle(Message message) {
  switch (phase_) {
    case Phase::kStartup:
      return handleStartup(message);
    case Phase::kSaslInitial:
    case Phase::kSaslResponse:
      return handleSasl(message);
    case Phase::kWaitingForOrigin:
      return fatal("08P01", "unexpected message before the connection was ready");
    case Phase::kReady:
      return relay(std::move(message));
    case Phase::kClosed:
      return;
  }
}

// §55.2.1: a startup packet, or one of the requests sent in its place.
void ClientSession::handleStartup(const Message& message) {
  MessageReader reader(message.body());
  uint32_t code = reader.int32();
  if (code == kSslRequestCode || code == kGssEncRequestCode) {
    // Loopback only: encryption would add nothing. The client goes on in plain text.
    send("N");
    framer_.expectStartup();
    return;
  }
  if (code == kCancelRequestCode) {
    // §55.2.4: the key names another session; the server answers nothing and closes.
    uint32_t process_id = reader.int32();
    uint32_t secret = reader.int32();
    if (!reader.failed()) {
      if (ClientSession* target = find_by_cancel_key_(process_id, secret)) target->cancelRunningQuery();
    }
    return finish();
  }
  if (code != kProtocolVersion3) return fatal("0A000", "unsupported frontend protocol");
  std::string user, database;
  while (!reader.failed() && !reader.atEnd()) {
    std::string_view key = reader.cstring();
    if (key.empty()) break;
    std::string_view value = reader.cstring();
    if (key == "user") user = value;
    else if (key == "database") database = value;
  }
  if (reader.failed()) return fatal("08P01", "invalid startup packet");
  target_ = find_(user);
  if (target_.target == nullptr) {
    return fatal("28P01", "password authentication failed for user \"" + user + "\"");
  }
  if (!database.empty() && database != target_.target->database) {
    return fatal("3D000", "database \"" + database + "\" does not exist");
  }
  std::string mechanisms = MessageBuilder('R').int32(10).cstring("SCRAM-SHA-256").byte(0).take();
  send(std::move(mechanisms));
  phase_ = Phase::kSaslInitial;
}

// §55.3.2: SASLInitialResponse, then SASLResponse, both type 'p'.
void ClientSession::handleSasl(const Message& message) {
  if (message.type != 'p') return fatal("08P01", "expected a SASL response");
  MessageReader reader(message.body());
  if (phase_ == Phase::kSaslInitial) {
    std::string_view mechanism = reader.cstring();
    uint32_t length = reader.int32();
    std::string_view data = reader.rest();
    if (reader.failed() || mechanism != "SCRAM-SHA-256" || length != data.size()) {
      return fatal("28000", "SCRAM-SHA-256 is the only supported authentication method");
    }
    scram_ = std::make_unique<ScramServer>(target_.target->verifier, randomNonce());
    auto first = scram_->serverFirst(data);
    if (!first.ok()) return fatal("08P01", first.error().message);
    send(authenticationMessage(11, first.value()));
    phase_ = Phase::kSaslResponse;
    return;
  }
  auto final_message = scram_->serverFinal(reader.rest());
  if (!final_message.ok()) {
    return fatal("28P01", "password authentication failed for user \"" + target_.target->user + "\"");
  }
  send(authenticationMessage(12, final_message.value()));
  send(authenticationMessage(0));
  if (!target_.pool->parameters().empty()) return greet();
  // The first client of a pool waits for the origin: its ParameterStatus values are the ones
  // relayed, and an unreachable origin is reported at once.
  phase_ = Phase::kWaitingForOrigin;
  acquire();
}

void ClientSession::greet() {
  for (const auto& [name, value] : target_.pool->parameters()) {
    send(MessageBuilder('S').cstring(name).cstring(value).take());
  }
  cancel_key_ = {randomUint32() & 0x7fffffff, randomUint32()};
  send(MessageBuilder('K').int32(cancel_key_.first).int32(cancel_key_.second).take());
  send(readyForQuery('I'));
  phase_ = Phase::kReady;
}

void ClientSession::cancelRunningQuery() {
  // Between transactions nothing runs for this client on the origin.
  if (lease_ && !relay_.settled()) target_.pool->cancel(*lease_);
}

void ClientSession::relay(Message message) {
  if (message.type == 'X') return finish();  // Terminate
  pending_.push_back(std::move(message));
  if (lease_) return flushPending();
  acquire();
}

void ClientSession::acquire() {
  if (acquiring_) return;
  acquiring_ = true;
  std::weak_ptr<bool> alive = alive_;
  target_.pool->acquire(alive_, [this, alive](Result<OriginPool::Lease> lease) {
    if (!alive.expired()) acquired(std::move(lease));
  });
}

void ClientSession::acquired(Result<OriginPool::Lease> lease) {
  acquiring_ = false;
  if (phase_ == Phase::kClosed) {
    if (lease.ok()) target_.pool->release(std::move(lease).value());
    return;
  }
  if (!lease.ok()) {
    std::string message = "Failed to connect to the origin database: " + lease.error().message;
    log::warn("hyperdrive " + target_.target->id + ": " + message);
    if (phase_ == Phase::kWaitingForOrigin) return fatal("08006", message);
    // The queries waiting get the error and the client may try again.
    pending_.clear();
    send(errorResponse("ERROR", "08006", message));
    send(readyForQuery('I'));
    return;
  }
  lease_ = std::move(lease).value();
  relay_.reset();
  std::weak_ptr<bool> alive = alive_;
  lease_->setRelay({[this, alive](Message message) {
                      if (!alive.expired()) fromOrigin(std::move(message));
                    },
                    [this, alive](Status status) {
                      if (!alive.expired()) originLost(std::move(status));
                    }});
  if (phase_ == Phase::kWaitingForOrigin) {
    greet();
    releaseIfSettled();
    return;
  }
  flushPending();
}

void ClientSession::flushPending() {
  while (!pending_.empty() && lease_) {
    Message message = std::move(pending_.front());
    pending_.pop_front();
    relay_.fromClient(message, lease_->preparedStatements(), target_.pool->statementNames());
  }
}

void ClientSession::fromOrigin(Message message) {
  relay_.fromOrigin(message, lease_->preparedStatements());
  if (message.type == 'Z') releaseIfSettled();
}

// Transaction mode: back to the pool once the origin is idle and nothing is outstanding.
void ClientSession::releaseIfSettled() {
  if (!lease_ || !relay_.settled() || !pending_.empty() || lease_->transactionStatus() != 'I') return;
  lease_->setRelay({});
  target_.pool->release(std::move(lease_));
}

void ClientSession::originLost(Status status) {
  log::warn("hyperdrive " + target_.target->id + ": lost the origin connection: " + status.error().message);
  if (lease_) lease_->markBroken();
  fatal("08006", "The connection to the origin database was lost: " + status.error().message);
}

}  // namespace edged::bindings::hyperdrive
