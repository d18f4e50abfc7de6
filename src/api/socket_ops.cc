#include <openssl/ssl.h>
#include <v8-array-buffer.h>
#include <v8-container.h>
#include <v8-exception.h>
#include <v8-promise.h>

#include <cstring>
#include <deque>
#include <map>
#include <memory>
#include <string_view>
#include <utility>

#include "edged/api/op_promise.h"
#include "edged/api/sockets.h"
#include "edged/api/subrequests.h"
#include "edged/net/tcp_connector.h"
#include "edged/net/tls_stream.h"
#include "edged/runtime/js_values.h"

namespace edged::api {
namespace {

// Received bytes buffered ahead of the Worker's reads before the socket stops reading.
constexpr size_t kReadHighWater = 256 * 1024;
// DNS, TCP and the TLS handshake together, as for fetch().
constexpr uint32_t kConnectTimeoutMs = 30'000;

using Resolver = v8::Global<v8::Promise::Resolver>;

struct OutboundSocket {
  double id = 0;
  runtime::Realm* realm = nullptr;
  std::string request_id;  // the incoming request it belongs to
  std::string host;
  uint16_t port = 0;
  runtime::ConnectionGate::Ticket ticket = 0;  // its connection slot; 0 once freed

  std::unique_ptr<net::TcpConnector> connector;  // while connecting
  std::unique_ptr<net::TlsStream> handshaking;   // while the TLS handshake runs
  std::unique_ptr<net::ByteStream> stream;       // once open
  bool plain = true;                             // no TLS on `stream` (startTls allowed)
  // startTls() was called while connecting: once open, the connection goes to this socket.
  double successor = 0;

  bool opened = false;
  std::string failure;  // why connecting failed (opened rejects with it)
  std::string remote_address, local_address;
  Resolver pending_open;

  std::deque<std::string> chunks;  // received, not yet read by JS
  size_t buffered = 0;
  bool read_ended = false;
  std::string read_error;
  Resolver pending_read;

  std::deque<std::pair<uint64_t, std::string>> writes_before_open;
  std::map<uint64_t, Resolver> pending_writes;
  uint64_t next_write = 1;
  bool shutdown_before_open = false;
  Resolver pending_shutdown;
};

struct SocketState : runtime::RealmState {
  std::map<double, std::unique_ptr<OutboundSocket>> open;
  double next_id = 1;
  std::unique_ptr<net::TlsClientContext> tls;
  std::string tls_error;  // why `tls` could not be created

  OutboundSocket* find(double id) {
    auto it = open.find(id);
    return it == open.end() ? nullptr : it->second.get();
  }
  // The context of every socket's TLS: the system CAs, and no ALPN (the protocol on top is the
  // Worker's own, not HTTP).
  const net::TlsClientContext* tlsContext() {
    if (tls || !tls_error.empty()) return tls.get();
    auto created = net::TlsClientContext::create();
    if (!created) {
      tls_error = created.error().message;
      return nullptr;
    }
    tls = std::move(created.value());
    SSL_CTX_set_alpn_protos(tls->get(), nullptr, 0);
    return tls.get();
  }
  // Forgets a socket: closes its connection and frees its slot. `realm_alive` false: the realm
  // is going away and its limits with it.
  void erase(double id, bool realm_alive = true) {
    auto it = open.find(id);
    if (it == open.end()) return;
    std::unique_ptr<OutboundSocket> socket = std::move(it->second);
    open.erase(it);
    if (socket->stream) socket->stream->close();
    if (realm_alive && socket->ticket != 0) {
      connectionGate(*socket->realm).release(socket->request_id, socket->ticket);
    }
  }
  ~SocketState() override {
    while (!open.empty()) erase(open.begin()->first, false);
  }
};

SocketState& stateOf(runtime::Realm& realm) { return realm.state<SocketState>(); }

OutboundSocket* socketFor(const v8::FunctionCallbackInfo<v8::Value>& info) {
  runtime::Realm* realm = runtime::Realm::from(info.GetIsolate());
  double id = info[0]->NumberValue(info.GetIsolate()->GetCurrentContext()).FromMaybe(0);
  return stateOf(*realm).find(id);
}

v8::Local<v8::Value> connectionError(v8::Isolate* isolate, const std::string& message) {
  return v8::Exception::Error(runtime::newString(isolate, message));
}

// An established connection broke (reset, broken pipe): workerd's text, with net's reason.
Status connectionLost(Status status) {
  constexpr std::string_view kLost = "Network connection lost.";
  if (status || status.error().message.starts_with(kLost)) return status;
  return makeError(std::string(kLost) + " (" + status.error().message + ")");
}

void settleOpened(runtime::Realm& realm, double id) {
  OutboundSocket* socket = stateOf(realm).find(id);
  if (socket == nullptr || socket->pending_open.IsEmpty()) return;
  if (!socket->opened && socket->failure.empty()) return;
  std::string failure = socket->failure;
  std::string remote = socket->remote_address, local = socket->local_address;
  settleIn(realm, socket->request_id, std::move(socket->pending_open),
           [&](v8::Local<v8::Context> context, v8::Local<v8::Promise::Resolver> promise) {
             v8::Isolate* isolate = context->GetIsolate();
             if (!failure.empty()) {
               promise->Reject(context, connectionError(isolate, failure)).FromMaybe(false);
               return;
             }
             v8::Local<v8::Value> parts[] = {runtime::newString(isolate, remote),
                                             runtime::newString(isolate, local)};
             promise->Resolve(context, v8::Array::New(isolate, parts, 2)).FromMaybe(false);
           });
}

v8::Local<v8::Uint8Array> joinChunks(v8::Isolate* isolate, const std::deque<std::string>& chunks,
                                     size_t size) {
  std::unique_ptr<v8::BackingStore> store = v8::ArrayBuffer::NewBackingStore(isolate, size);
  auto* out = static_cast<char*>(store->Data());
  for (const std::string& chunk : chunks) {
    std::memcpy(out, chunk.data(), chunk.size());
    out += chunk.size();
  }
  return v8::Uint8Array::New(v8::ArrayBuffer::New(isolate, std::move(store)), 0, size);
}

void settleRead(runtime::Realm& realm, double id) {
  OutboundSocket* socket = stateOf(realm).find(id);
  if (socket == nullptr || socket->pending_read.IsEmpty()) return;
  if (socket->buffered == 0 && !socket->read_ended) return;
  std::deque<std::string> chunks = std::move(socket->chunks);
  socket->chunks.clear();
  size_t size = std::exchange(socket->buffered, 0);
  std::string error = socket->read_error;
  settleIn(realm, socket->request_id, std::move(socket->pending_read),
           [&](v8::Local<v8::Context> context, v8::Local<v8::Promise::Resolver> promise) {
             v8::Isolate* isolate = context->GetIsolate();
             if (size > 0) {
               promise->Resolve(context, joinChunks(isolate, chunks, size)).FromMaybe(false);
             } else if (!error.empty()) {
               promise->Reject(context, connectionError(isolate, error)).FromMaybe(false);
             } else {
               promise->Resolve(context, v8::Null(isolate)).FromMaybe(false);
             }
           });
  // Room again below the high-water mark: let the socket deliver.
  socket = stateOf(realm).find(id);
  if (socket != nullptr && socket->stream && !socket->read_ended) socket->stream->startReading();
}

// Settles the write `write_id` (or, with 0, every pending write and the shutdown) with `status`.
void settleWrites(runtime::Realm& realm, double id, uint64_t write_id, const Status& status) {
  OutboundSocket* socket = stateOf(realm).find(id);
  if (socket == nullptr) return;
  std::vector<Resolver> resolvers;
  if (write_id != 0) {
    auto it = socket->pending_writes.find(write_id);
    if (it == socket->pending_writes.end()) return;
    resolvers.push_back(std::move(it->second));
    socket->pending_writes.erase(it);
  } else {
    for (auto& [_, resolver] : socket->pending_writes) resolvers.push_back(std::move(resolver));
    socket->pending_writes.clear();
    if (!socket->pending_shutdown.IsEmpty()) {
      resolvers.push_back(std::move(socket->pending_shutdown));
    }
  }
  std::string error = status ? std::string() : status.error().message;
  for (Resolver& resolver : resolvers) {
    settleIn(realm, socket->request_id, std::move(resolver),
             [&](v8::Local<v8::Context> context, v8::Local<v8::Promise::Resolver> promise) {
               v8::Isolate* isolate = context->GetIsolate();
               if (error.empty()) {
                 promise->Resolve(context, v8::Undefined(isolate)).FromMaybe(false);
               } else {
                 promise->Reject(context, connectionError(isolate, error)).FromMaybe(false);
               }
             });
  }
}

void writeToStream(runtime::Realm& realm, OutboundSocket& socket, uint64_t write_id,
                   std::string bytes) {
  runtime::Realm* owner = &realm;
  double id = socket.id;
  socket.stream->write(std::move(bytes), [owner, id, write_id](Status status) {
    settleWrites(*owner, id, write_id, connectionLost(std::move(status)));
  });
}

void shutdownStream(runtime::Realm& realm, OutboundSocket& socket) {
  runtime::Realm* owner = &realm;
  double id = socket.id;
  socket.stream->shutdown([owner, id](Status status) {
    OutboundSocket* s = stateOf(*owner).find(id);
    if (s == nullptr || s->pending_shutdown.IsEmpty()) return;
    std::string error = status ? std::string() : status.error().message;
    settleIn(*owner, s->request_id, std::move(s->pending_shutdown),
             [&](v8::Local<v8::Context> context, v8::Local<v8::Promise::Resolver> promise) {
               v8::Isolate* isolate = context->GetIsolate();
               if (error.empty()) {
                 promise->Resolve(context, v8::Undefined(isolate)).FromMaybe(false);
               } else {
                 promise->Reject(context, connectionError(isolate, error)).FromMaybe(false);
               }
             });
  });
}

// Connecting (or the handshake) failed: everything waiting hears why.
void fail(runtime::Realm& realm, double id, std::string message) {
  OutboundSocket* socket = stateOf(realm).find(id);
  if (socket == nullptr) return;
  socket->failure = message;
  socket->read_ended = true;
  socket->read_error = message;
  socket->connector.reset();
  socket->handshaking.reset();
  // Its slot goes to the next connection of the request at once.
  runtime::ConnectionGate::Ticket ticket = std::exchange(socket->ticket, 0);
  if (ticket != 0) connectionGate(realm).release(socket->request_id, ticket);
  double successor = socket->successor;
  settleOpened(realm, id);
  settleRead(realm, id);
  settleWrites(realm, id, 0, makeError(message));
  if (successor != 0) fail(realm, successor, std::move(message));
}

void handOver(runtime::Realm& realm, double id, std::unique_ptr<net::ByteStream> stream);

// The connection is usable: reads start, writes made meanwhile go out, `opened` resolves.
void attach(runtime::Realm& realm, double id, std::unique_ptr<net::ByteStream> stream) {
  OutboundSocket* socket = stateOf(realm).find(id);
  if (socket == nullptr) return;
  socket->connector.reset();
  if (socket->successor != 0) return handOver(realm, id, std::move(stream));
  socket->stream = std::move(stream);
  runtime::Realm* owner = &realm;
  socket->stream->setHandler({
      [owner, id](std::string_view bytes) {
        OutboundSocket* s = stateOf(*owner).find(id);
        if (s == nullptr) return;
        s->chunks.emplace_back(bytes);
        s->buffered += bytes.size();
        if (s->buffered >= kReadHighWater) s->stream->stopReading();
        settleRead(*owner, id);
      },
      [owner, id](Status end) {
        OutboundSocket* s = stateOf(*owner).find(id);
        if (s == nullptr) return;
        Status status = connectionLost(std::move(end));
        s->read_ended = true;
        if (!status) s->read_error = status.error().message;
        settleRead(*owner, id);
        if (!status) settleWrites(*owner, id, 0, status);
      },
  });
  socket->stream->startReading();
  socket->opened = true;
  auto writes = std::move(socket->writes_before_open);
  socket->writes_before_open.clear();
  for (auto& [write_id, bytes] : writes) writeToStream(realm, *socket, write_id, std::move(bytes));
  if (socket->shutdown_before_open) shutdownStream(realm, *socket);
  settleOpened(realm, id);
}

void startTlsHandshake(runtime::Realm& realm, OutboundSocket& socket,
                       std::unique_ptr<net::ByteStream> transport, const std::string& host) {
  const net::TlsClientContext* context = stateOf(realm).tlsContext();
  if (context == nullptr) {
    return fail(realm, socket.id,
                "TLS is unavailable: the CA store could not be loaded. (" +
                    stateOf(realm).tls_error + ")");
  }
  socket.plain = false;
  socket.handshaking = std::make_unique<net::TlsStream>(*context, std::move(transport), host);
  runtime::Realm* owner = &realm;
  double id = socket.id;
  socket.handshaking->handshake([owner, id](Status status) {
    OutboundSocket* s = stateOf(*owner).find(id);
    if (s == nullptr) return;
    if (!status) return fail(*owner, id, status.error().message);
    attach(*owner, id, std::move(s->handshaking));
  });
}

// The plain connection of a socket whose startTls() came while it was connecting is open: what
// the old socket wrote goes out first, its reads end, and the successor starts the handshake.
void handOver(runtime::Realm& realm, double id, std::unique_ptr<net::ByteStream> stream) {
  SocketState& state = stateOf(realm);
  OutboundSocket* old = state.find(id);
  for (auto& [_, bytes] : old->writes_before_open) stream->write(std::move(bytes), nullptr);
  old->writes_before_open.clear();
  old->opened = true;
  settleOpened(realm, id);
  settleWrites(realm, id, 0, Ok{});
  old = state.find(id);
  if (old != nullptr) {
    old->read_ended = true;
    settleRead(realm, id);
  }
  old = state.find(id);
  if (old == nullptr) return;
  double successor_id = old->successor;
  std::string remote = old->remote_address, local = old->local_address;
  state.erase(id);
  OutboundSocket* successor = state.find(successor_id);
  if (successor == nullptr) return;  // closed meanwhile: `stream` closes with this scope
  successor->remote_address = remote;
  successor->local_address = local;
  startTlsHandshake(realm, *successor, std::move(stream), successor->host);
}

// Runs once the request has a connection slot.
void startConnecting(runtime::Realm& realm, double id, bool tls) {
  OutboundSocket* socket = stateOf(realm).find(id);
  if (socket == nullptr) return;
  runtime::Realm* owner = &realm;
  socket->connector = net::TcpConnector::start(
      realm.loop(), socket->host, socket->port, kConnectTimeoutMs,
      [owner, id, tls](Result<std::unique_ptr<net::TcpStream>> tcp) {
        OutboundSocket* s = stateOf(*owner).find(id);
        if (s == nullptr) return;
        if (!tcp) return fail(*owner, id, tcp.error().message);
        s->remote_address = tcp.value()->peerAddress();
        s->local_address = tcp.value()->localAddress();
        if (tls) return startTlsHandshake(*owner, *s, std::move(tcp.value()), s->host);
        attach(*owner, id, std::move(tcp.value()));
      });
}

}  // namespace

void endSocketsOf(runtime::Realm& realm, const std::string& request_id) {
  SocketState& state = stateOf(realm);
  std::vector<double> leftovers;
  for (const auto& [id, socket] : state.open) {
    if (socket->request_id == request_id) leftovers.push_back(id);
  }
  for (double id : leftovers) state.erase(id);
}

void opSocketConnect(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  runtime::Realm* realm = runtime::Realm::from(isolate);
  SocketState& state = stateOf(*realm);
  std::string host = runtime::toUtf8(isolate, info[0]);
  uint32_t port = info[1]->Uint32Value(context).FromMaybe(0);
  bool tls = info[2]->IsTrue();
  if (host.empty() || port == 0 || port > 65535) {
    return runtime::throwTypeError(isolate, "Specified address could not be parsed.");
  }
  if (!countSubrequest(*realm)) return;

  double id = state.next_id++;
  OutboundSocket& socket =
      *state.open.emplace(id, std::make_unique<OutboundSocket>()).first->second;
  socket.id = id;
  socket.realm = realm;
  socket.request_id = realm->currentRequestId();
  socket.host = std::move(host);
  socket.port = static_cast<uint16_t>(port);
  // Registered first: the slot may be free at once, and startConnecting looks the socket up.
  socket.ticket = connectionGate(*realm).acquire(
      socket.request_id, [realm, id, tls] { startConnecting(*realm, id, tls); });
  info.GetReturnValue().Set(id);
}

void opSocketOpened(const v8::FunctionCallbackInfo<v8::Value>& info) {
  OutboundSocket* socket = socketFor(info);
  if (socket == nullptr) {
    return runtime::throwTypeError(info.GetIsolate(), "The socket has been closed.");
  }
  if (returnPromise(info, &socket->pending_open).IsEmpty()) return;
  settleOpened(*socket->realm, socket->id);
}

void opSocketRead(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  OutboundSocket* socket = socketFor(info);
  if (socket == nullptr) {  // closed, or handed over to startTls(): the stream just ends
    v8::Local<v8::Promise::Resolver> resolver = returnPromise(info, nullptr);
    if (!resolver.IsEmpty()) {
      resolver->Resolve(isolate->GetCurrentContext(), v8::Null(isolate)).FromMaybe(false);
    }
    return;
  }
  if (!socket->pending_read.IsEmpty()) {
    return runtime::throwTypeError(isolate, "The socket is already being read.");
  }
  if (returnPromise(info, &socket->pending_read).IsEmpty()) return;
  settleRead(*socket->realm, socket->id);
}

void opSocketWrite(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  OutboundSocket* socket = socketFor(info);
  auto bytes = runtime::bufferSourceBytes(info[1]);
  v8::Local<v8::Promise::Resolver> resolver = returnPromise(info, nullptr);
  if (resolver.IsEmpty()) return;
  // A TLS stream takes no more writes once the peer ended it; a failed one never does.
  bool unwritable = socket == nullptr || !bytes || !socket->failure.empty() ||
                    !socket->read_error.empty() || (!socket->plain && socket->read_ended);
  if (unwritable) {
    std::string message = "The socket has been closed.";
    if (socket != nullptr && !socket->read_error.empty()) message = socket->read_error;
    if (socket != nullptr && !socket->failure.empty()) message = socket->failure;
    resolver->Reject(context, connectionError(isolate, message)).FromMaybe(false);
    return;
  }
  if (bytes->empty()) {
    resolver->Resolve(context, v8::Undefined(isolate)).FromMaybe(false);
    return;
  }
  uint64_t write_id = socket->next_write++;
  socket->pending_writes.emplace(write_id, Resolver(isolate, resolver));
  std::string chunk(reinterpret_cast<const char*>(bytes->data()), bytes->size());
  if (!socket->stream) {
    socket->writes_before_open.emplace_back(write_id, std::move(chunk));
    return;
  }
  writeToStream(*socket->realm, *socket, write_id, std::move(chunk));
}

void opSocketShutdown(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  OutboundSocket* socket = socketFor(info);
  if (socket == nullptr || !socket->failure.empty() || !socket->pending_shutdown.IsEmpty()) {
    v8::Local<v8::Promise::Resolver> resolver = returnPromise(info, nullptr);
    if (!resolver.IsEmpty()) {
      resolver->Resolve(isolate->GetCurrentContext(), v8::Undefined(isolate)).FromMaybe(false);
    }
    return;
  }
  if (returnPromise(info, &socket->pending_shutdown).IsEmpty()) return;
  if (!socket->stream) {
    socket->shutdown_before_open = true;
    return;
  }
  shutdownStream(*socket->realm, *socket);
}

void opSocketStartTls(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  OutboundSocket* old = socketFor(info);
  bool open = old != nullptr && old->stream && !old->read_ended;
  bool connecting = old != nullptr && !old->opened && old->failure.empty() && old->successor == 0;
  if (old == nullptr || !old->plain || (!open && !connecting)) {
    return runtime::throwTypeError(isolate, "The socket is closed: startTls() needs a connection.");
  }
  runtime::Realm* realm = old->realm;
  SocketState& state = stateOf(*realm);
  double id = state.next_id++;
  auto upgraded = std::make_unique<OutboundSocket>();
  upgraded->id = id;
  upgraded->realm = realm;
  upgraded->request_id = old->request_id;
  upgraded->host = runtime::toUtf8(isolate, info[1]);
  upgraded->port = old->port;
  upgraded->ticket = std::exchange(old->ticket, 0);  // the slot stays with the connection
  upgraded->remote_address = old->remote_address;
  upgraded->local_address = old->local_address;
  if (connecting) {
    // The old socket keeps connecting and hands the connection over once open (handOver).
    old->successor = id;
    state.open.emplace(id, std::move(upgraded));
    info.GetReturnValue().Set(id);
    return;
  }
  std::unique_ptr<net::ByteStream> transport = std::move(old->stream);
  // The old socket's reads end; its writes are already queued on the connection, ahead of the
  // handshake, so they count as done.
  std::vector<Resolver> old_settled;
  bool ended_read = !old->pending_read.IsEmpty();
  if (ended_read) old_settled.push_back(std::move(old->pending_read));
  for (auto& [_, resolver] : old->pending_writes) old_settled.push_back(std::move(resolver));
  state.open.erase(old->id);
  OutboundSocket& socket = *state.open.emplace(id, std::move(upgraded)).first->second;
  info.GetReturnValue().Set(id);
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  for (size_t i = 0; i < old_settled.size(); ++i) {
    v8::Local<v8::Value> value = i == 0 && ended_read ? v8::Null(isolate).As<v8::Value>()
                                                      : v8::Undefined(isolate).As<v8::Value>();
    old_settled[i].Get(isolate)->Resolve(context, value).FromMaybe(false);
  }
  startTlsHandshake(*realm, socket, std::move(transport), socket.host);
}

void opSocketClose(const v8::FunctionCallbackInfo<v8::Value>& info) {
  OutboundSocket* socket = socketFor(info);
  if (socket == nullptr) return;
  stateOf(*socket->realm).erase(socket->id);
}

}  // namespace edged::api
