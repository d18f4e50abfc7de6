#include "edged/api/fetch_client.h"

#include <v8-array-buffer.h>
#include <v8-container.h>
#include <v8-exception.h>
#include <v8-promise.h>

#include <algorithm>
#include <cstring>
#include <strings.h>
#include <deque>
#include <map>
#include <utility>
#include <unordered_map>

#include "edged/api/fetch_event.h"
#include "edged/api/op_promise.h"
#include "edged/api/subrequests.h"
#include "edged/api/websocket.h"
#include "edged/api/websocket_bridge.h"
#include "edged/net/http_client_pool.h"
#include "edged/net/http_syntax.h"
#include "edged/net/websocket_handshake.h"
#include "edged/runtime/js_values.h"

namespace edged::api {
namespace {

// Response bytes buffered ahead of the Worker's reads before the socket is paused.
constexpr size_t kReadHighWater = 256 * 1024;
// Request bytes handed to the connection but not yet flushed, above which fetchClientWrite makes
// the Worker wait (backpressure towards a slow origin).
constexpr size_t kWriteHighWater = 256 * 1024;

struct Subrequest {
  double id = 0;
  runtime::Realm* realm = nullptr;
  std::string request_id;  // the incoming request it belongs to
  std::shared_ptr<net::HttpClientExchange> exchange;  // null once the exchange ended

  // Its place among the request's simultaneous connections (api/subrequests.h): 0 once its
  // head arrived or it ended. While it waits in line there is no exchange yet, and the request
  // body it is given waits here.
  runtime::ConnectionGate::Ticket ticket = 0;
  bool waiting_for_slot = false;
  std::deque<std::string> body_before_start;
  bool body_ended_before_start = false;

  std::optional<net::HttpResponseHead> head;  // arrived, not yet given to JS
  bool head_delivered = false;
  bool has_body = false;
  v8::Global<v8::Promise::Resolver> pending_head;

  std::deque<std::string> chunks;  // response bytes not yet read by JS
  size_t buffered = 0;
  bool ended = false;  // the exchange is over; `error` says whether it failed
  std::string error;
  v8::Global<v8::Promise::Resolver> pending_read;

  size_t unflushed = 0;  // request bytes not yet taken by the kernel
  v8::Global<v8::Promise::Resolver> pending_flush;

  // WebSocket handshakes (Upgrade: websocket): the key sent, and once the origin switched
  // protocols, the realm's id of the JavaScript end of the new socket (0: none).
  std::string websocket_key;
  std::vector<std::string> websocket_protocols;
  int32_t websocket_id = 0;

  BodyPipe pipe;  // set once the body goes to the client natively (pipeSubrequestBody)
};

// Frees `sub`'s connection slot (its head arrived, or it ended): a fetch of the same request
// waiting in line may start now.
void releaseSlot(Subrequest& sub) {
  runtime::ConnectionGate::Ticket ticket = std::exchange(sub.ticket, 0);
  if (ticket != 0) connectionGate(*sub.realm).release(sub.request_id, ticket);
}

struct FetchClientState : runtime::RealmState {
  std::shared_ptr<net::HttpClientPool> pool;
  std::map<double, std::unique_ptr<Subrequest>> open;
  double next_id = 1;

  Subrequest* find(double id) {
    auto it = open.find(id);
    return it == open.end() ? nullptr : it->second.get();
  }
  // Forgets a subrequest, aborting its exchange if it still runs; a piped body hears why, and
  // its connection slot goes to the next in line. `realm_alive` false: the realm is going away
  // and nothing may be called back into it.
  void erase(double id, bool realm_alive = true) {
    auto it = open.find(id);
    if (it == open.end()) return;
    std::unique_ptr<Subrequest> sub = std::move(it->second);
    open.erase(it);
    if (sub->exchange) sub->exchange->abort();
    if (!realm_alive) return;
    releaseSlot(*sub);
    if (sub->pipe.on_end) sub->pipe.on_end(makeError("The subrequest was cancelled."));
  }
  ~FetchClientState() override {
    while (!open.empty()) erase(open.begin()->first, false);
  }
};

FetchClientState& stateOf(runtime::Realm& realm) { return realm.state<FetchClientState>(); }

Subrequest* subrequestFor(const v8::FunctionCallbackInfo<v8::Value>& info) {
  runtime::Realm* realm = runtime::Realm::from(info.GetIsolate());
  double id = info[0]->NumberValue(info.GetIsolate()->GetCurrentContext()).FromMaybe(0);
  return stateOf(*realm).find(id);
}

// Settling fails only while JavaScript is being terminated: nothing is left to do then.
void resolve(v8::Local<v8::Promise::Resolver> resolver, v8::Local<v8::Context> context,
             v8::Local<v8::Value> value) {
  resolver->Resolve(context, value).FromMaybe(false);
}
void reject(v8::Local<v8::Promise::Resolver> resolver, v8::Local<v8::Context> context,
            v8::Local<v8::Value> value) {
  resolver->Reject(context, value).FromMaybe(false);
}

using Resolver = v8::Global<v8::Promise::Resolver>;

v8::Local<v8::Value> typeError(v8::Isolate* isolate, const std::string& message) {
  return v8::Exception::TypeError(runtime::newString(isolate, message));
}

// Response bytes as one Uint8Array (fewer promises than one per socket read).
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

v8::Local<v8::Array> headArray(v8::Isolate* isolate, const net::HttpResponseHead& head,
                              int32_t websocket_id) {
  std::vector<v8::Local<v8::Value>> flat;
  flat.reserve(head.headers.size() * 2);
  for (const net::HttpHeader& h : head.headers) {
    flat.push_back(runtime::newLatin1(isolate, h.name));
    flat.push_back(runtime::newLatin1(isolate, h.value));
  }
  v8::Local<v8::Value> parts[] = {
      v8::Integer::New(isolate, head.status), runtime::newLatin1(isolate, head.reason),
      v8::Array::New(isolate, flat.data(), flat.size()), v8::Boolean::New(isolate, head.has_body),
      v8::Integer::New(isolate, websocket_id)};
  return v8::Array::New(isolate, parts, 5);
}

// Gives JS the head (or the failure) its fetchClientResponse promise waits for. A failure, or a
// head without content after the exchange ended, finishes the subrequest.
void settleHead(runtime::Realm& realm, double id) {
  FetchClientState& state = stateOf(realm);
  Subrequest* sub = state.find(id);
  if (sub == nullptr || sub->pending_head.IsEmpty() || (!sub->head && !sub->ended)) return;
  std::string request_id = sub->request_id;
  Resolver resolver = std::move(sub->pending_head);
  if (sub->head) {
    net::HttpResponseHead head = std::move(*sub->head);
    sub->head.reset();
    sub->head_delivered = true;
    sub->has_body = head.has_body;
    if (sub->ended && !head.has_body) state.erase(id);
    int32_t websocket_id = sub->websocket_id;
    settleIn(realm, std::move(request_id), std::move(resolver), [&](auto context, auto promise) {
      resolve(promise, context, headArray(context->GetIsolate(), head, websocket_id));
    });
    return;
  }
  std::string error = sub->error;
  state.erase(id);
  settleIn(realm, std::move(request_id), std::move(resolver), [&](auto context, auto promise) {
    reject(promise, context, typeError(context->GetIsolate(), error));
  });
}

// Gives JS the body bytes, the end (null) or the failure its fetchClientRead promise waits for.
// The end or a failure finishes the subrequest.
void settleRead(runtime::Realm& realm, double id) {
  FetchClientState& state = stateOf(realm);
  Subrequest* sub = state.find(id);
  if (sub == nullptr || sub->pending_read.IsEmpty() || (sub->buffered == 0 && !sub->ended)) return;
  std::string request_id = sub->request_id;
  Resolver resolver = std::move(sub->pending_read);
  if (sub->buffered > 0) {
    std::deque<std::string> chunks = std::move(sub->chunks);
    size_t size = std::exchange(sub->buffered, 0);
    sub->chunks.clear();
    settleIn(realm, std::move(request_id), std::move(resolver), [&](auto context, auto promise) {
      resolve(promise, context, joinChunks(context->GetIsolate(), chunks, size));
    });
    return;
  }
  std::string error = sub->error;
  state.erase(id);
  settleIn(realm, std::move(request_id), std::move(resolver), [&](auto context, auto promise) {
    if (error.empty()) {
      resolve(promise, context, v8::Null(context->GetIsolate()));
    } else {
      reject(promise, context, typeError(context->GetIsolate(), error));
    }
  });
}

// Lets an upload waiting for room go on (there is room again, or the body is not wanted).
void resolveFlush(runtime::Realm& realm, double id) {
  Subrequest* sub = stateOf(realm).find(id);
  if (sub == nullptr || sub->pending_flush.IsEmpty()) return;
  settleIn(realm, sub->request_id, std::move(sub->pending_flush), [](auto context, auto promise) {
    resolve(promise, context, v8::Undefined(context->GetIsolate()));
  });
}

// The origin accepted a WebSocket handshake: the connection becomes a client session bridged to
// a channel whose other end JavaScript gets as the response's `webSocket`.
void onUpgraded(runtime::Realm& realm, double id, net::HttpResponseHead head,
                std::unique_ptr<net::ByteStream> stream) {
  Subrequest* sub = stateOf(realm).find(id);
  if (sub == nullptr) return;
  sub->exchange.reset();
  sub->ended = true;
  releaseSlot(*sub);
  sub = stateOf(realm).find(id);
  if (sub == nullptr) return;
  Status accepted = net::checkWebSocketResponse(head, sub->websocket_key, sub->websocket_protocols);
  if (!accepted.ok() || !realm.options().post_task) {
    sub->error = accepted.ok() ? "WebSockets are not available in this context."
                               : "WebSocket handshake failed: " + accepted.error().message;
    settleHead(realm, id);
    return;
  }
  auto channel = WebSocketChannel::create();
  bridgeWebSocket(realm.loop(), std::move(stream), net::WebSocketRole::kClient, channel, 0,
                  realm.options().post_task);
  sub->websocket_id = adoptWebSocketEnd(realm, std::move(channel), 1);
  head.has_body = false;
  sub->head = std::move(head);
  settleHead(realm, id);
}

// A request asking for a WebSocket: edged runs the handshake itself (its own key, no extensions),
// keeping the Worker's other fields and its Sec-WebSocket-Protocol offer.
Status prepareWebSocketRequest(net::HttpClientRequest& request, Subrequest& sub) {
  auto named = [](const net::HttpHeader& h, const char* name) {
    return strcasecmp(h.name.c_str(), name) == 0;
  };
  for (const net::HttpHeader& h : request.headers) {
    if (!named(h, "sec-websocket-protocol")) continue;
    for (size_t start = 0; start <= h.value.size();) {
      size_t comma = std::min(h.value.find(',', start), h.value.size());
      std::string item = h.value.substr(start, comma - start);
      item.erase(0, item.find_first_not_of(" \t"));
      item.erase(item.find_last_not_of(" \t") + 1);
      if (!item.empty()) sub.websocket_protocols.push_back(item);
      start = comma + 1;
    }
  }
  std::erase_if(request.headers, [&](const net::HttpHeader& h) {
    return named(h, "upgrade") || named(h, "connection") || named(h, "sec-websocket-key") ||
           named(h, "sec-websocket-version") || named(h, "sec-websocket-extensions") ||
           named(h, "sec-websocket-protocol");
  });
  auto key = net::newWebSocketKey();
  if (!key.ok()) return key.error();
  sub.websocket_key = key.value();
  for (net::HttpHeader& h : net::websocketRequestHeaders(sub.websocket_key, sub.websocket_protocols)) {
    request.headers.push_back(std::move(h));
  }
  request.upgrade = "websocket";
  return Ok{};
}

bool asksForWebSocket(const std::vector<net::HttpHeader>& headers) {
  return std::any_of(headers.begin(), headers.end(), [](const net::HttpHeader& h) {
    return strcasecmp(h.name.c_str(), "upgrade") == 0 && strcasecmp(h.value.c_str(), "websocket") == 0;
  });
}

// The exchange's callbacks find the subrequest by id: JS may have aborted it meanwhile.
net::HttpClientExchange::Handler handlerFor(runtime::Realm* realm, double id) {
  return {
      [realm, id](net::HttpResponseHead head) {
        Subrequest* sub = stateOf(*realm).find(id);
        if (sub == nullptr) return;
        sub->head = std::move(head);
        releaseSlot(*sub);
        settleHead(*realm, id);
      },
      [realm, id](std::string_view bytes) {
        Subrequest* sub = stateOf(*realm).find(id);
        if (sub == nullptr) return;
        if (sub->pipe.on_chunk) return sub->pipe.on_chunk(bytes);
        sub->chunks.emplace_back(bytes);
        sub->buffered += bytes.size();
        if (sub->buffered >= kReadHighWater && sub->exchange) sub->exchange->pauseResponse();
        settleRead(*realm, id);
      },
      [realm, id](Status status) {
        Subrequest* sub = stateOf(*realm).find(id);
        if (sub == nullptr) return;
        sub->ended = true;
        if (!status) sub->error = status.error().message;
        sub->exchange.reset();  // over: it may be destroyed from inside this callback
        releaseSlot(*sub);
        sub = stateOf(*realm).find(id);  // the next in line started: the map may have moved
        if (sub == nullptr) return;
        if (sub->pipe.on_end) {
          auto on_end = std::move(sub->pipe.on_end);
          stateOf(*realm).erase(id);
          return on_end(std::move(status));
        }
        resolveFlush(*realm, id);  // an upload waiting for room learns that it is not wanted
        settleHead(*realm, id);
        sub = stateOf(*realm).find(id);
        if (sub == nullptr || !sub->head_delivered) return;
        if (sub->has_body) {
          settleRead(*realm, id);
        } else {
          stateOf(*realm).erase(id);
        }
      },
      [realm, id](net::HttpResponseHead head, std::unique_ptr<net::ByteStream> stream) {
        onUpgraded(*realm, id, std::move(head), std::move(stream));
      },
  };
}

bool isRequestTarget(std::string_view target) {
  return !target.empty() && target[0] == '/' &&
         std::none_of(target.begin(), target.end(), [](char c) {
           auto b = static_cast<unsigned char>(c);
           return b <= 0x20 || b == 0x7f;
         });
}

std::vector<net::HttpHeader> headersFrom(v8::Local<v8::Context> context, v8::Local<v8::Value> flat) {
  std::vector<net::HttpHeader> headers;
  if (!flat->IsArray()) return headers;
  v8::Isolate* isolate = context->GetIsolate();
  auto array = flat.As<v8::Array>();
  for (uint32_t i = 0; i + 1 < array->Length(); i += 2) {
    v8::Local<v8::Value> name, value;
    if (!array->Get(context, i).ToLocal(&name) || !array->Get(context, i + 1).ToLocal(&value) ||
        !name->IsString() || !value->IsString()) {
      continue;
    }
    // Values go out UTF-8 encoded, as workerd sends them.
    headers.push_back({runtime::toLatin1(isolate, name.As<v8::String>()),
                       runtime::toUtf8(isolate, value)});
  }
  return headers;
}

// Hands request body bytes to the exchange; the Worker waits (pending_flush) while too many are
// not yet flushed.
void writeToExchange(runtime::Realm& realm, Subrequest& sub, std::string bytes) {
  size_t size = bytes.size();
  runtime::Realm* owner = &realm;
  double id = sub.id;
  sub.exchange->writeBody(std::move(bytes), [owner, id, size] {
    Subrequest* s = stateOf(*owner).find(id);
    if (s == nullptr) return;
    s->unflushed -= size;
    if (s->unflushed < kWriteHighWater) resolveFlush(*owner, id);
  });
}

// Starts subrequest `id`'s exchange now that it has a connection slot, with the body the Worker
// gave it while it waited.
void startExchange(runtime::Realm& realm, double id, net::HttpClientRequest request) {
  FetchClientState& state = stateOf(realm);
  Subrequest* sub = state.find(id);
  if (sub == nullptr) return;
  sub->waiting_for_slot = false;
  if (!state.pool) state.pool = net::HttpClientPool::create(realm.loop());
  std::shared_ptr<net::HttpClientExchange> exchange =
      state.pool->start(std::move(request), handlerFor(&realm, id));
  sub = state.find(id);  // the exchange may have failed (and been settled) already
  if (sub == nullptr || sub->ended) return;
  sub->exchange = std::move(exchange);
  std::deque<std::string> body = std::move(sub->body_before_start);
  sub->body_before_start.clear();
  for (std::string& chunk : body) writeToExchange(realm, *sub, std::move(chunk));
  if (sub->body_ended_before_start) sub->exchange->endBody();
}

}  // namespace

void endSubrequestsOf(runtime::Realm& realm, const std::string& request_id) {
  FetchClientState& state = stateOf(realm);
  // Its line goes first: aborting its open subrequests must not start the ones waiting.
  endRequestLimits(realm, request_id);
  std::vector<double> leftovers;
  for (const auto& [id, sub] : state.open) {
    if (sub->request_id == request_id) leftovers.push_back(id);
  }
  for (double id : leftovers) state.erase(id);
}

bool pipeSubrequestBody(runtime::Realm& realm, double id, BodyPipe pipe) {
  FetchClientState& state = stateOf(realm);
  Subrequest* sub = state.find(id);
  if (sub == nullptr || !sub->pending_read.IsEmpty() || !sub->head_delivered) return false;
  std::deque<std::string> chunks = std::move(sub->chunks);
  sub->chunks.clear();
  sub->buffered = 0;
  for (const std::string& chunk : chunks) pipe.on_chunk(chunk);
  if (sub->ended) {
    Status status = sub->error.empty() ? Status(Ok{}) : Status(makeError(sub->error));
    state.erase(id);
    pipe.on_end(std::move(status));
    return true;
  }
  sub->pipe = std::move(pipe);
  if (sub->exchange) sub->exchange->resumeResponse();
  return true;
}

void pauseSubrequestBody(runtime::Realm& realm, double id, bool paused) {
  Subrequest* sub = stateOf(realm).find(id);
  if (sub == nullptr || !sub->exchange) return;
  if (paused) {
    sub->exchange->pauseResponse();
  } else {
    sub->exchange->resumeResponse();
  }
}

void abortSubrequest(runtime::Realm& realm, double id) { stateOf(realm).erase(id); }

void opFetchClientStart(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  runtime::Realm* realm = runtime::Realm::from(isolate);
  FetchClientState& state = stateOf(*realm);

  net::HttpClientRequest request;
  request.method = runtime::toUtf8(isolate, info[0]);
  request.origin.tls = info[1]->IsTrue();
  request.origin.host = runtime::toUtf8(isolate, info[2]);
  request.origin.port = static_cast<uint16_t>(info[3]->Uint32Value(context).FromMaybe(0));
  request.target = runtime::toUtf8(isolate, info[4]);
  request.host_header = runtime::toUtf8(isolate, info[5]);
  request.headers = headersFrom(context, info[6]);
  if (info[7]->IsNumber()) {
    double length = info[7].As<v8::Number>()->Value();
    request.body_mode = length < 0 ? net::HttpBodyMode::kChunked : net::HttpBodyMode::kLength;
    request.content_length = length < 0 ? 0 : static_cast<uint64_t>(length);
  }
  if (!net::isToken(request.method)) {
    return runtime::throwTypeError(isolate, "Invalid HTTP method string: " + request.method);
  }
  if (!isRequestTarget(request.target) || request.origin.host.empty() ||
      !net::isFieldValue(request.host_header)) {
    return runtime::throwTypeError(isolate, "Invalid URL: " + request.host_header + request.target);
  }

  if (!countSubrequest(*realm)) return;

  double id = state.next_id++;
  Subrequest& sub = *state.open.emplace(id, std::make_unique<Subrequest>()).first->second;
  sub.id = id;
  sub.realm = realm;
  sub.request_id = realm->currentRequestId();
  if (asksForWebSocket(request.headers)) {
    if (request.method != "GET") {
      state.erase(id);
      return runtime::throwTypeError(isolate, "A WebSocket handshake must use the GET method.");
    }
    Status prepared = prepareWebSocketRequest(request, sub);
    if (!prepared.ok()) {
      state.erase(id);
      return runtime::throwTypeError(isolate, prepared.error().message);
    }
  }
  // Registered first: the exchange's callbacks look the subrequest up by id. It starts once the
  // request has a connection slot (at once, unless six of its fetches wait for their heads).
  sub.waiting_for_slot = true;
  auto start = [realm, id, request = std::make_shared<net::HttpClientRequest>(std::move(request))] {
    startExchange(*realm, id, std::move(*request));
  };
  // A slot stays taken until the head arrives or the subrequest is erased (releaseSlot).
  sub.ticket = connectionGate(*realm).acquire(sub.request_id, std::move(start));
  info.GetReturnValue().Set(id);
}

void opFetchClientWrite(const v8::FunctionCallbackInfo<v8::Value>& info) {
  Subrequest* sub = subrequestFor(info);
  auto bytes = runtime::bufferSourceBytes(info[1]);
  bool waiting = sub != nullptr && sub->waiting_for_slot;
  if (sub == nullptr || (!waiting && (!sub->exchange || !sub->exchange->wantsBody()))) {
    info.GetReturnValue().Set(false);
    return;
  }
  if (!bytes || bytes->empty()) return;
  std::string chunk(reinterpret_cast<const char*>(bytes->data()), bytes->size());
  sub->unflushed += chunk.size();
  if (waiting) {
    sub->body_before_start.push_back(std::move(chunk));
  } else {
    writeToExchange(*sub->realm, *sub, std::move(chunk));
  }
  if (sub->unflushed >= kWriteHighWater) returnPromise(info, &sub->pending_flush);
}

void opFetchClientEnd(const v8::FunctionCallbackInfo<v8::Value>& info) {
  Subrequest* sub = subrequestFor(info);
  if (sub == nullptr) return;
  if (sub->waiting_for_slot) {
    sub->body_ended_before_start = true;
  } else if (sub->exchange) {
    sub->exchange->endBody();
  }
}

void opFetchClientResponse(const v8::FunctionCallbackInfo<v8::Value>& info) {
  Subrequest* sub = subrequestFor(info);
  if (sub == nullptr) {
    return runtime::throwTypeError(info.GetIsolate(), "This fetch is no longer running.");
  }
  if (returnPromise(info, &sub->pending_head).IsEmpty()) return;
  settleHead(*sub->realm, sub->id);
}

void opFetchClientRead(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  Subrequest* sub = subrequestFor(info);
  if (sub == nullptr) {  // aborted: the stream was already errored by JS
    v8::Local<v8::Promise::Resolver> resolver;
    if (!v8::Promise::Resolver::New(isolate->GetCurrentContext()).ToLocal(&resolver)) return;
    resolve(resolver, isolate->GetCurrentContext(), v8::Null(isolate));
    info.GetReturnValue().Set(resolver->GetPromise());
    return;
  }
  if (!sub->pending_read.IsEmpty()) {
    return runtime::throwTypeError(isolate, "The response body is already being read.");
  }
  if (returnPromise(info, &sub->pending_read).IsEmpty()) return;
  runtime::Realm* realm = sub->realm;
  double id = sub->id;
  settleRead(*realm, id);
  // Room again below the high-water mark: let the socket deliver (possibly right now).
  sub = stateOf(*realm).find(id);
  if (sub != nullptr && sub->buffered < kReadHighWater && sub->exchange) {
    sub->exchange->resumeResponse();
  }
}

void opFetchClientAbort(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  Subrequest* sub = subrequestFor(info);
  if (sub == nullptr) return;
  v8::Local<v8::Value> reason = info[1];
  if (!reason->IsUndefined()) {
    for (v8::Global<v8::Promise::Resolver>* slot : {&sub->pending_head, &sub->pending_read}) {
      if (slot->IsEmpty()) continue;
      v8::Local<v8::Promise::Resolver> resolver = slot->Get(isolate);
      slot->Reset();
      reject(resolver, context, reason);
    }
  }
  // An upload waiting for room goes on, and its next write learns that it is not wanted.
  if (!sub->pending_flush.IsEmpty()) {
    v8::Local<v8::Promise::Resolver> resolver = sub->pending_flush.Get(isolate);
    sub->pending_flush.Reset();
    resolve(resolver, context, v8::Undefined(isolate));
  }
  stateOf(*sub->realm).erase(sub->id);
}

}  // namespace edged::api
