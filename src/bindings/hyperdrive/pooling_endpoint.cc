#include "edged/bindings/hyperdrive/pooling_endpoint.h"

#include <openssl/ssl.h>

#include <future>

#include "edged/util/log.h"

namespace edged::bindings::hyperdrive {
namespace {

// The process-wide link from version building to the endpoint `edged serve` runs: bindings
// are built far from the server's objects (project loading, deploys, reloads).
std::mutex g_link_mutex;
std::weak_ptr<PoolingEndpoint> g_link;

std::string hexOf(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (char c : bytes) {
    out += kHex[static_cast<unsigned char>(c) >> 4];
    out += kHex[static_cast<unsigned char>(c) & 15];
  }
  return out;
}

}  // namespace

std::string EndpointCredentials::connectionString() const {
  return "postgresql://" + percentEncode(user) + ":" + percentEncode(password) + "@" + host + ":" +
         std::to_string(port) + "/" + percentEncode(database) + "?sslmode=disable";
}

PoolingEndpoint::PoolingEndpoint(PoolOptions options) : options_(options) {}

PoolingEndpoint::~PoolingEndpoint() {
  if (!loop_) return;
  loop_->runSync([this] {
    listener_.reset();
    // Closing a session reports it to sessionClosed(), which must not find it in the map.
    auto sessions = std::move(sessions_);
    sessions_.clear();
    for (auto& [raw, session] : sessions) session->close();
    sessions.clear();
    closed_sessions_.clear();
    pools_.clear();
  });
  loop_->stop();
}

std::shared_ptr<PoolingEndpoint> PoolingEndpoint::published() {
  std::lock_guard lock(g_link_mutex);
  return g_link.lock();
}

void PoolingEndpoint::publish(std::shared_ptr<PoolingEndpoint> endpoint) {
  std::lock_guard lock(g_link_mutex);
  g_link = endpoint;
}

Result<EndpointCredentials> PoolingEndpoint::registerOrigin(const std::string& id, const std::string& connection_string) {
  auto origin = parseConnectionUrl(connection_string);
  if (!origin.ok()) return origin.error();
  std::lock_guard lock(mutex_);
  if (!started_) {
    if (Status status = startLocked(); !status.ok()) return status.error();
  }
  std::string key = id + '\n' + connection_string;
  auto it = by_key_.find(key);
  if (it == by_key_.end()) {
    auto target = std::make_shared<EndpointTarget>();
    target->id = id;
    target->user = "hyperdrive_" + hexOf(randomBytes(6));
    target->password = hexOf(randomBytes(16));
    target->database = origin->database;
    // One PBKDF2 iteration: stretching protects guessable passwords, and this one is 128 random
    // bits on a loopback-only listener; 4096 iterations cost every request's new client a few
    // milliseconds of the Worker's CPU (bench/hyperdrive.sh: 1.6x the requests/s with 1).
    target->verifier = ScramVerifier::fromPassword(target->password, randomBytes(16), 1);
    key_by_user_[target->user] = key;
    it = by_key_.emplace(key, Registered{std::move(target), origin.value()}).first;
  }
  EndpointCredentials credentials;
  credentials.port = port_;
  credentials.user = it->second.target->user;
  credentials.password = it->second.target->password;
  credentials.database = it->second.target->database;
  return credentials;
}

Status PoolingEndpoint::startLocked() {
  loop_ = std::make_unique<net::LoopThread>();
  loop_->start();
  Result<int> port = makeError("the loop is stopping");
  loop_->runSync([&] {
    for (bool verify : {true, false}) {
      auto tls = net::TlsClientContext::create();
      if (!tls.ok()) continue;
      // PostgreSQL ≥ 17 refuses an ALPN other than its own.
      static constexpr unsigned char kAlpn[] = "\x0apostgresql";
      SSL_CTX_set_alpn_protos(tls.value()->get(), kAlpn, sizeof kAlpn - 1);
      if (!verify) SSL_CTX_set_verify(tls.value()->get(), SSL_VERIFY_NONE, nullptr);
      (verify ? verifying_tls_ : encrypting_tls_) = std::move(tls).value();
    }
    auto listener = net::TcpListener::open(loop_->loop(), "127.0.0.1", 0, [this] { onConnection(); });
    if (!listener.ok()) {
      port = listener.error();
      return;
    }
    listener_ = std::move(listener).value();
    port = static_cast<int>(listener_->port());
  });
  if (!port.ok()) {
    loop_->stop();
    loop_.reset();
    return makeError("cannot start the Hyperdrive endpoint: " + port.error().message);
  }
  port_ = static_cast<uint16_t>(port.value());
  started_ = true;
  log::info("hyperdrive: pooling endpoint on 127.0.0.1:" + std::to_string(port_));
  return Ok{};
}

void PoolingEndpoint::onConnection() {
  auto tcp = std::make_unique<net::UvHandle<uv_tcp_t>>();
  uv_loop_t* loop = loop_->loop();
  if (tcp->init([loop](uv_tcp_t* t) { return uv_tcp_init(loop, t); }, nullptr) != 0) return;
  if (!listener_->accept(tcp->get()).ok()) return;
  auto stream = std::make_unique<net::TcpStream>(std::move(tcp));
  auto session = std::make_unique<ClientSession>(
      std::move(stream), [this](std::string_view user) { return find(user); },
      [this](uint32_t process_id, uint32_t secret) -> ClientSession* {
        for (const auto& [raw, session] : sessions_) {
          if (session->hasCancelKey(process_id, secret)) return raw;
        }
        return nullptr;
      },
      [this](ClientSession* closed) { sessionClosed(closed); });
  ClientSession* raw = session.get();
  sessions_.emplace(raw, std::move(session));
  raw->start();
}

ClientSession::Lookup PoolingEndpoint::find(std::string_view user) {
  std::shared_ptr<EndpointTarget> target;
  ConnectionUrl origin;
  {
    std::lock_guard lock(mutex_);
    auto key = key_by_user_.find(std::string(user));
    if (key == key_by_user_.end()) return {};
    const Registered& registered = by_key_.at(key->second);
    target = registered.target;
    origin = registered.origin;
  }
  auto& pool = pools_[target->user];
  if (!pool) {
    const net::TlsClientContext* tls =
        origin.ssl_mode == SslMode::kVerify ? verifying_tls_.get() : encrypting_tls_.get();
    pool = std::make_unique<OriginPool>(loop_->loop(), origin, options_, tls);
  }
  return {target.get(), pool.get()};
}

void PoolingEndpoint::sessionClosed(ClientSession* session) {
  auto it = sessions_.find(session);
  if (it == sessions_.end()) return;
  // Freed on the next loop turn: the session is still on the stack that reported it.
  closed_sessions_.push_back(std::move(it->second));
  sessions_.erase(it);
  loop_->post([this] { closed_sessions_.clear(); });
}

}  // namespace edged::bindings::hyperdrive
