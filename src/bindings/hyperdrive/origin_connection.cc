#include "edged/bindings/hyperdrive/origin_connection.h"

#include <openssl/evp.h>

#include "edged/bindings/hyperdrive/scram.h"
#include "edged/net/tcp_stream.h"
#include "edged/net/tls_stream.h"

namespace edged::bindings::hyperdrive {
namespace {

std::string md5Hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), digest, &length, EVP_md5(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < length; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 15];
  }
  return out;
}

// §55.3.1: md5 auth answers "md5" + md5(md5(password + user) + salt).
std::string md5Answer(const ConnectionUrl& origin, std::string_view salt) {
  return "md5" + md5Hex(md5Hex(origin.password + origin.user) + std::string(salt));
}

std::string passwordMessage(std::string_view payload, bool cstring) {
  MessageBuilder message('p');
  if (cstring) message.cstring(payload);
  else message.bytes(payload);
  return message.take();
}

}  // namespace

std::unique_ptr<OriginConnection> OriginConnection::open(uv_loop_t* loop, const ConnectionUrl& origin,
                                                         const net::TlsClientContext* tls, uint32_t timeout_ms,
                                                         Ready ready) {
  auto connection = std::make_unique<OriginConnection>(Key{}, loop, origin, tls, std::move(ready));
  OriginConnection* self = connection.get();
  self->connector_ = net::TcpConnector::start(loop, origin.host, origin.port, timeout_ms,
                                              [self](Result<std::unique_ptr<net::TcpStream>> tcp) {
                                                self->connected(std::move(tcp));
                                              });
  return connection;
}

OriginConnection::OriginConnection(Key, uv_loop_t* loop, const ConnectionUrl& origin,
                                   const net::TlsClientContext* tls, Ready ready)
    : loop_(loop), origin_(origin), tls_(tls), ready_(std::move(ready)) {}

OriginConnection::~OriginConnection() {
  *alive_ = false;
  if (stream_) stream_->close();
}

void OriginConnection::connected(Result<std::unique_ptr<net::TcpStream>> tcp) {
  if (!tcp.ok()) return fail(makeError("cannot connect to the origin database " + origin_.host + ":" +
                                       std::to_string(origin_.port) + ": " + tcp.error().message));
  std::unique_ptr<net::ByteStream> stream = std::move(tcp).value();
  if (origin_.ssl_mode == SslMode::kDisable || tls_ == nullptr) {
    if (origin_.ssl_mode != SslMode::kDisable) return fail(makeError("TLS is not available for sslmode=require"));
    return startup(std::move(stream));
  }
  negotiateTls(std::move(stream));
}

// §55.2.10: SSLRequest, then one byte: 'S' → TLS handshake, 'N' → plain (refused by require).
void OriginConnection::negotiateTls(std::unique_ptr<net::ByteStream> tcp) {
  stream_ = std::move(tcp);
  std::weak_ptr<bool> alive = alive_;
  stream_->setHandler({[this, alive](std::string_view bytes) {
                         if (alive.expired() || bytes.empty()) return;
                         // Wrapping the stream replaces this handler (and frees this closure):
                         // nothing captured is used after answered().
                         OriginConnection* self = this;
                         std::string answer(bytes);
                         self->tlsAnswered(answer);
                       },
                       [this, alive](Status status) {
                         if (alive.expired()) return;
                         fail(status.ok() ? makeError("the origin database closed the connection") : status);
                       }});
  stream_->startReading();
  stream_->write(MessageBuilder(0).int32(kSslRequestCode).take(), [](Status) {});
}

void OriginConnection::tlsAnswered(std::string_view answer) {
  stream_->stopReading();
  std::unique_ptr<net::ByteStream> plain = std::move(stream_);
  if (answer == "N") {
    if (origin_.ssl_mode == SslMode::kRequire || origin_.ssl_mode == SslMode::kVerify) {
      plain->close();
      return fail(makeError("the origin database does not accept TLS, which the connection string's sslmode requires"));
    }
    return startup(std::move(plain));
  }
  if (answer != "S") {
    plain->close();
    return fail(makeError("the origin database answered the TLS request with garbage"));
  }
  auto tls = std::make_unique<net::TlsStream>(*tls_, std::move(plain), origin_.host);
  net::TlsStream* raw = tls.get();
  stream_ = std::move(tls);
  std::weak_ptr<bool> alive = alive_;
  raw->handshake([this, alive](Status status) {
    if (alive.expired()) return;
    if (!status.ok()) return fail(status);
    startup(std::move(stream_));
  });
}

void OriginConnection::startup(std::unique_ptr<net::ByteStream> stream) {
  stream_ = std::move(stream);
  std::weak_ptr<bool> alive = alive_;
  stream_->setHandler({[this, alive](std::string_view bytes) {
                         if (!alive.expired()) onData(bytes);
                       },
                       [this, alive](Status status) {
                         if (!alive.expired()) onEnd(std::move(status));
                       }});
  stream_->startReading();
  MessageBuilder message(0);
  message.int32(kProtocolVersion3)
      .cstring("user").cstring(origin_.user)
      .cstring("database").cstring(origin_.database)
      .cstring("client_encoding").cstring("UTF8")
      .cstring("application_name").cstring("edged hyperdrive")
      .byte(0);
  send(message.take());
}

void OriginConnection::send(std::string bytes) {
  if (!stream_ || broken_) return;
  stream_->write(std::move(bytes), [](Status) {});
}

void OriginConnection::onData(std::string_view bytes) {
  framer_.append(bytes);
  std::weak_ptr<bool> alive = alive_;
  while (!alive.expired()) {
    auto next = framer_.next();
    if (!next.ok()) return fail(makeError("the origin database sent a malformed message: " + next.error().message));
    if (!next->has_value()) return;
    Message message = std::move(**next);
    if (!started_) {
      if (!handleStartup(message)) return;
      continue;
    }
    if (message.type == 'Z') {
      MessageReader reader(message.body());
      transaction_status_ = static_cast<char>(reader.byte());
    }
    // The handler may replace the relay (the connection goes back to the pool) or destroy this.
    std::function<void(Message)> handler = relay_.on_message;
    if (handler) handler(std::move(message));
  }
}

void OriginConnection::onEnd(Status status) {
  broken_ = true;
  if (!started_) {
    return fail(status.ok() ? makeError("the origin database closed the connection during startup") : status);
  }
  std::function<void(Status)> closed = relay_.on_closed;
  if (closed) closed(status.ok() ? makeError("the origin database closed the connection") : status);
}

bool OriginConnection::handleStartup(const Message& message) {
  MessageReader reader(message.body());
  switch (message.type) {
    case 'R': {
      Status status = authenticate(message);
      if (!status.ok()) {
        fail(status);
        return false;
      }
      return true;
    }
    case 'S': {
      std::string name(reader.cstring());
      std::string value(reader.cstring());
      parameters_.emplace_back(std::move(name), std::move(value));
      return true;
    }
    case 'K':
      cancel_key_.first = reader.int32();
      cancel_key_.second = reader.int32();
      return true;
    case 'N':
      return true;
    case 'E':
      fail(makeError("the origin database refused the connection: " + errorMessageOf(message.body())));
      return false;
    case 'Z':
      transaction_status_ = static_cast<char>(reader.byte());
      started_ = true;
      finishStartup(Ok{});
      return true;
    default:
      fail(makeError(std::string("unexpected message '") + message.type + "' from the origin database during startup"));
      return false;
  }
}

Status OriginConnection::authenticate(const Message& message) {
  MessageReader reader(message.body());
  uint32_t kind = reader.int32();
  switch (kind) {
    case 0:  // AuthenticationOk
      return Ok{};
    case 3:  // cleartext
      send(passwordMessage(origin_.password, true));
      return Ok{};
    case 5: {  // md5 with a 4-byte salt
      std::string_view salt = reader.bytes(4);
      if (reader.failed()) return makeError("malformed md5 authentication request from the origin database");
      send(passwordMessage(md5Answer(origin_, salt), true));
      return Ok{};
    }
    case 10: {  // SASL: a list of mechanisms
      bool scram = false;
      for (std::string_view m = reader.cstring(); !m.empty() && !reader.failed(); m = reader.cstring()) {
        if (m == "SCRAM-SHA-256") scram = true;
      }
      if (!scram) return makeError("the origin database offers no SASL mechanism edged supports (SCRAM-SHA-256)");
      scram_ = std::make_unique<ScramClient>(origin_.password, randomNonce());
      std::string first = scram_->clientFirst();
      MessageBuilder initial('p');
      initial.cstring("SCRAM-SHA-256").int32(static_cast<uint32_t>(first.size())).bytes(first);
      send(initial.take());
      return Ok{};
    }
    case 11: {  // SASLContinue: server-first-message
      if (!scram_) return makeError("unexpected SASL message from the origin database");
      auto final_message = scram_->clientFinal(reader.rest());
      if (!final_message.ok()) return final_message.error();
      send(passwordMessage(final_message.value(), false));
      return Ok{};
    }
    case 12:  // SASLFinal: server-final-message
      if (!scram_) return makeError("unexpected SASL message from the origin database");
      return scram_->verifyServerFinal(reader.rest());
    default:
      return makeError("the origin database asks for an authentication method edged does not support (code " +
                       std::to_string(kind) + ")");
  }
}

void OriginConnection::finishStartup(Status status) {
  // `ready` may destroy this connection: nothing is touched after it.
  if (ready_) std::exchange(ready_, nullptr)(this, std::move(status));
}

void OriginConnection::fail(Status status) {
  broken_ = true;
  if (stream_) {
    stream_->close();
  }
  if (ready_) return finishStartup(std::move(status));
  std::function<void(Status)> closed = relay_.on_closed;
  if (closed) closed(std::move(status));
}

}  // namespace edged::bindings::hyperdrive
