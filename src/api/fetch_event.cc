#include "edged/api/fetch_event.h"

#include <strings.h>
#include <v8-container.h>
#include <v8-function.h>
#include <v8-promise.h>

#include <deque>
#include <map>

#include "edged/api/fetch_client.h"
#include "edged/api/sockets.h"
#include "edged/api/websocket.h"
#include "edged/api/websocket_bridge.h"
#include "edged/net/websocket_handshake.h"
#include "edged/runtime/js_values.h"
#include "edged/util/clock.h"
#include "edged/util/log.h"

namespace edged::api {
namespace {

// Response bytes handed to the socket but not yet flushed, above which fetchWrite makes the
// Worker wait (backpressure towards a slow client).
constexpr size_t kWriteHighWater = 256 * 1024;
// Request bytes buffered ahead of the Worker's reads before the socket is paused.
constexpr size_t kReadHighWater = 256 * 1024;
// How long waitUntil work may run after the response (Cloudflare: 30 s).
constexpr uint64_t kWaitUntilLimitMs = 30'000;

struct FetchContext {
  double id = 0;
  runtime::Realm* realm = nullptr;
  std::shared_ptr<net::HttpExchange> exchange;
  std::string request_id;
  std::function<void(const FetchOutcome&)> on_finished;
  FetchOutcome outcome;

  // Request body.
  bool reading = false;
  bool body_ended = false;
  std::string body_error;
  std::deque<std::string> chunks;
  size_t buffered = 0;
  v8::Global<v8::Promise::Resolver> pending_read;
  // fetchBodyReadAll: the whole body is gathered here and handed over once.
  bool read_all = false;
  std::string all;

  // Response.
  bool head_sent = false;
  bool response_ended = false;
  size_t unflushed = 0;
  v8::Global<v8::Promise::Resolver> pending_flush;
  // A native body piped to this response (respondWithNativeBody): how to stop it if the client
  // goes away, and what JS waits on.
  std::function<void()> abort_pipe;
  v8::Global<v8::Promise::Resolver> pending_pipe;

  // When the response ended (loop time, ms); from then on only waitUntil work keeps it open.
  uint64_t ended_at_ms = 0;
};

void closeTimer(uv_handle_t* handle) {
  std::unique_ptr<uv_timer_t> owned(reinterpret_cast<uv_timer_t*>(handle));
}

void onSweep(uv_timer_t* timer);

struct FetchState : runtime::RealmState {
  double next_id = 1;
  std::map<double, std::unique_ptr<FetchContext>> open;
  // One timer per realm bounds waitUntil work of every request (not one timer per request).
  uv_timer_t* sweeper = nullptr;

  FetchContext* find(double id) {
    auto it = open.find(id);
    return it == open.end() ? nullptr : it->second.get();
  }
  // Forgets a request and tells the server it is over.
  void finish(double id) {
    auto it = open.find(id);
    if (it == open.end()) return;
    std::unique_ptr<FetchContext> ctx = std::move(it->second);
    open.erase(it);
    if (ctx->exchange && !ctx->response_ended) ctx->exchange->abort();
    // As on Workers, a request's outstanding subrequests end with it.
    endSubrequestsOf(*ctx->realm, ctx->request_id);
    endSocketsOf(*ctx->realm, ctx->request_id);
    ctx->realm->endRequest(ctx->request_id);
    ctx->outcome.cpu_ns = ctx->realm->takeCpuAccount(ctx->request_id);
    if (ctx->realm->broken() == runtime::Realm::Broken::kCpuLimit) {
      ctx->outcome.kind = FetchOutcome::Kind::kExceededCpu;
    } else if (ctx->realm->broken() == runtime::Realm::Broken::kHeapLimit) {
      ctx->outcome.kind = FetchOutcome::Kind::kExceededMemory;
    }
    if (ctx->on_finished) ctx->on_finished(ctx->outcome);
  }
  void armSweeper(runtime::Realm& realm) {
    if (sweeper == nullptr) {
      sweeper = std::make_unique<uv_timer_t>().release();
      uv_timer_init(realm.loop(), sweeper);
      sweeper->data = &realm;
    }
    if (!uv_is_active(reinterpret_cast<uv_handle_t*>(sweeper))) {
      uv_timer_start(sweeper, &onSweep, 1000, 1000);
    }
  }
  ~FetchState() override {
    while (!open.empty()) finish(open.begin()->first);
    if (sweeper != nullptr) {
      uv_timer_stop(sweeper);
      uv_close(reinterpret_cast<uv_handle_t*>(sweeper), &closeTimer);
    }
  }
};

FetchContext* contextFor(const v8::FunctionCallbackInfo<v8::Value>& info) {
  runtime::Realm* realm = runtime::Realm::from(info.GetIsolate());
  double id = info[0]->NumberValue(info.GetIsolate()->GetCurrentContext()).FromMaybe(0);
  return realm->state<FetchState>().find(id);
}

// Resolves the whole-body read with everything, or with the error.
void settleReadAll(FetchContext& ctx) {
  if (ctx.pending_read.IsEmpty() || !ctx.body_ended) return;
  ctx.realm->enter(
      [&](v8::Local<v8::Context> context) {
        v8::Isolate* isolate = context->GetIsolate();
        v8::Local<v8::Promise::Resolver> resolver = ctx.pending_read.Get(isolate);
        ctx.pending_read.Reset();
        if (!ctx.body_error.empty()) {
          (void)resolver->Reject(context, v8::Exception::TypeError(runtime::newString(
                                              isolate, ctx.body_error)));
          return;
        }
        std::string all = std::move(ctx.all);
        (void)resolver->Resolve(
            context, runtime::newUint8Array(
                         isolate, {reinterpret_cast<const uint8_t*>(all.data()), all.size()}));
      },
      ctx.request_id);
}

// Resolves the pending body read with the next chunk, the end (null) or the error.
void settleRead(FetchContext& ctx) {
  if (ctx.read_all) return settleReadAll(ctx);
  if (ctx.pending_read.IsEmpty()) return;
  if (ctx.chunks.empty() && !ctx.body_ended) return;
  runtime::Realm& realm = *ctx.realm;
  realm.enter(
      [&](v8::Local<v8::Context> context) {
        v8::Isolate* isolate = context->GetIsolate();
        v8::Local<v8::Promise::Resolver> resolver = ctx.pending_read.Get(isolate);
        ctx.pending_read.Reset();
        if (!ctx.chunks.empty()) {
          std::string chunk = std::move(ctx.chunks.front());
          ctx.chunks.pop_front();
          ctx.buffered -= chunk.size();
          if (ctx.buffered < kReadHighWater && ctx.exchange) ctx.exchange->resumeBody();
          (void)resolver->Resolve(
              context, runtime::newUint8Array(
                           isolate, {reinterpret_cast<const uint8_t*>(chunk.data()), chunk.size()}));
        } else if (!ctx.body_error.empty()) {
          (void)resolver->Reject(context, v8::Exception::TypeError(runtime::newString(
                                              isolate, ctx.body_error)));
        } else {
          (void)resolver->Resolve(context, v8::Null(isolate));
        }
      },
      ctx.request_id);
}

void startReading(FetchContext& ctx) {
  ctx.reading = true;
  runtime::Realm* realm = ctx.realm;
  double id = ctx.id;
  // Callbacks look the request up by id: it may be gone by the time the socket delivers.
  ctx.exchange->readBody(
      [realm, id](std::string_view chunk) {
        FetchContext* c = realm->state<FetchState>().find(id);
        if (c == nullptr) return;
        if (c->read_all) {
          c->all.append(chunk);  // bounded by the server's body size limit
          return;
        }
        c->chunks.emplace_back(chunk);
        c->buffered += chunk.size();
        if (c->buffered >= kReadHighWater) c->exchange->pauseBody();
        settleRead(*c);
      },
      [realm, id](Status end) {
        FetchContext* c = realm->state<FetchState>().find(id);
        if (c == nullptr) return;
        c->body_ended = true;
        if (!end.ok()) c->body_error = end.error().message;
        settleRead(*c);
      });
}

std::vector<net::HttpHeader> headersFrom(v8::Local<v8::Context> context,
                                         v8::Local<v8::Value> flat) {
  std::vector<net::HttpHeader> headers;
  if (!flat->IsArray()) return headers;
  v8::Isolate* isolate = context->GetIsolate();
  auto array = flat.As<v8::Array>();
  uint32_t n = array->Length();
  headers.reserve(n / 2);
  for (uint32_t i = 0; i + 1 < n; i += 2) {
    v8::Local<v8::Value> name, value;
    if (!array->Get(context, i).ToLocal(&name) || !array->Get(context, i + 1).ToLocal(&value) ||
        !name->IsString() || !value->IsString()) {
      continue;
    }
    headers.push_back({runtime::toLatin1(isolate, name.As<v8::String>()),
                       runtime::toLatin1(isolate, value.As<v8::String>())});
  }
  return headers;
}

void sendError(FetchContext& ctx, int status, const std::string& body) {
  if (!ctx.exchange || ctx.response_ended) return;
  if (ctx.head_sent) {
    ctx.exchange->abort();
  } else {
    ctx.exchange->respond(status, {}, {{"Content-Type", "text/plain;charset=UTF-8"}}, body);
    ctx.outcome.status = status;
  }
  ctx.head_sent = true;
  ctx.response_ended = true;
  ctx.outcome.response_ns = clock::monotonicNs();
}

// Ends requests whose waitUntil work outlived the bound; stops when none is left waiting.
void onSweep(uv_timer_t* timer) {
  auto* realm = static_cast<runtime::Realm*>(timer->data);
  FetchState& state = realm->state<FetchState>();
  uint64_t now = uv_now(realm->loop());
  std::vector<double> expired;
  bool waiting = false;
  for (auto& [id, ctx] : state.open) {
    if (ctx->ended_at_ms == 0) continue;
    waiting = true;
    if (now - ctx->ended_at_ms >= kWaitUntilLimitMs) expired.push_back(id);
  }
  for (double id : expired) {
    FetchContext* ctx = state.find(id);
    log::workerLine(spdlog::level::warn, realm->workerName(), ctx->request_id,
                    "waitUntil() tasks did not complete within 30 s after the response; they "
                    "were cancelled");
    state.finish(id);
  }
  if (!waiting) uv_timer_stop(timer);
}

// Lets the JS waiting on a piped body go on (its response is over either way).
void settlePipe(FetchContext& ctx, Status status) {
  ctx.abort_pipe = nullptr;
  if (ctx.pending_pipe.IsEmpty()) return;
  auto resolver = std::move(ctx.pending_pipe);
  ctx.realm->enter(
      [&](v8::Local<v8::Context> context) {
        v8::Isolate* isolate = context->GetIsolate();
        auto local = resolver.Get(isolate);
        if (status.ok()) {
          (void)local->Resolve(context, v8::Undefined(isolate));
        } else {
          (void)local->Reject(context, v8::Exception::TypeError(
                                           runtime::newString(isolate, status.error().message)));
        }
      },
      ctx.request_id);
}

// The response is out: from now on only waitUntil work keeps the request open, for a bounded
// time.
void responseEnded(FetchContext& ctx) {
  ctx.response_ended = true;
  ctx.outcome.response_ns = clock::monotonicNs();
  ctx.ended_at_ms = uv_now(ctx.realm->loop());
  ctx.realm->state<FetchState>().armSweeper(*ctx.realm);
}

}  // namespace

const char* outcomeName(FetchOutcome::Kind kind) {
  switch (kind) {
    case FetchOutcome::Kind::kOk: return "ok";
    case FetchOutcome::Kind::kException: return "exception";
    case FetchOutcome::Kind::kExceededCpu: return "exceededCpu";
    case FetchOutcome::Kind::kExceededMemory: return "exceededMemory";
    case FetchOutcome::Kind::kCanceled: return "canceled";
  }
  return "ok";
}

void dispatchFetch(runtime::Realm& realm, IncomingRequest request,
                   std::function<void(const FetchOutcome&)> on_finished) {
  FetchState& state = realm.state<FetchState>();
  auto owned = std::make_unique<FetchContext>();
  FetchContext& ctx = *owned;
  ctx.id = state.next_id++;
  ctx.realm = &realm;
  ctx.exchange = std::move(request.exchange);
  ctx.request_id = std::move(request.request_id);
  ctx.on_finished = std::move(on_finished);
  realm.startCpuAccount(ctx.request_id);
  double id = ctx.id;
  state.open.emplace(id, std::move(owned));

  runtime::Realm* realm_ptr = &realm;
  ctx.exchange->onClose([realm_ptr, id] {
    FetchContext* c = realm_ptr->state<FetchState>().find(id);
    if (c == nullptr) return;
    if (!c->body_ended) {
      c->body_ended = true;
      c->body_error = "The client closed the connection before sending the whole body.";
      settleRead(*c);
    }
    // The client went away before the whole response was out.
    if (!c->response_ended) c->outcome.kind = FetchOutcome::Kind::kCanceled;
    c->response_ended = true;
    // A piped body stops; settling its promise (respondWithNativeBody) lets the JavaScript finish.
    if (c->abort_pipe) {
      auto abort = std::move(c->abort_pipe);
      abort();
      settlePipe(*c, Ok{});
    }
  });

  const net::HttpRequestHead& head = ctx.exchange->head();
  bool ok = realm.enter(
      [&](v8::Local<v8::Context> context) {
        v8::Isolate* isolate = context->GetIsolate();
        v8::Local<v8::Value> dispatch;
        if (!runtime::getProperty(context, realm.internals(), "dispatchFetch").ToLocal(&dispatch) ||
            !dispatch->IsFunction()) {
          return;
        }
        std::vector<v8::Local<v8::Value>> flat;
        flat.reserve(head.headers.size() * 2);
        for (const net::HttpHeader& h : head.headers) {
          flat.push_back(runtime::newLatin1(isolate, h.name));
          flat.push_back(runtime::newLatin1(isolate, h.value));
        }
        v8::Local<v8::Array> headers = v8::Array::New(isolate, flat.data(), flat.size());
        v8::Local<v8::Value> args[] = {
            v8::Number::New(isolate, id), runtime::newLatin1(isolate, head.method),
            runtime::newString(isolate, request.url), headers,
            v8::Boolean::New(isolate, head.has_body)};
        (void)dispatch.As<v8::Function>()->Call(context, realm.internals(), 5, args);
      },
      state.find(id) ? state.find(id)->request_id : std::string());
  if (!ok) {
    if (FetchContext* c = state.find(id)) {
      c->outcome.kind = FetchOutcome::Kind::kException;
      sendError(*c, 500, "Worker threw exception");
      state.finish(id);
    }
  }
}

void failAllFetches(runtime::Realm& realm, int status, const std::string& message) {
  FetchState& state = realm.state<FetchState>();
  while (!state.open.empty()) {
    FetchContext& ctx = *state.open.begin()->second;
    sendError(ctx, status, message);
    state.finish(ctx.id);
  }
}

size_t openFetchCount(runtime::Realm& realm) { return realm.state<FetchState>().open.size(); }

void opFetchBodyRead(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Local<v8::Context> context = info.GetIsolate()->GetCurrentContext();
  v8::Local<v8::Promise::Resolver> resolver;
  if (!v8::Promise::Resolver::New(context).ToLocal(&resolver)) return;
  info.GetReturnValue().Set(resolver->GetPromise());
  FetchContext* ctx = contextFor(info);
  if (ctx == nullptr || !ctx->exchange) {
    (void)resolver->Resolve(context, v8::Null(info.GetIsolate()));
    return;
  }
  if (!ctx->pending_read.IsEmpty()) {
    return runtime::throwTypeError(info.GetIsolate(), "The request body is already being read.");
  }
  ctx->pending_read.Reset(info.GetIsolate(), resolver);
  if (!ctx->reading) startReading(*ctx);
  settleRead(*ctx);
}

void opFetchBodyReadAll(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Local<v8::Context> context = info.GetIsolate()->GetCurrentContext();
  v8::Local<v8::Promise::Resolver> resolver;
  if (!v8::Promise::Resolver::New(context).ToLocal(&resolver)) return;
  info.GetReturnValue().Set(resolver->GetPromise());
  FetchContext* ctx = contextFor(info);
  if (ctx == nullptr || !ctx->exchange || ctx->reading) {
    (void)resolver->Resolve(context, runtime::newUint8Array(info.GetIsolate(), {}));
    return;
  }
  ctx->read_all = true;
  if (ctx->exchange->head().content_length) ctx->all.reserve(*ctx->exchange->head().content_length);
  ctx->pending_read.Reset(info.GetIsolate(), resolver);
  startReading(*ctx);
  settleRead(*ctx);
}

void opFetchRespond(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  FetchContext* ctx = contextFor(info);
  if (ctx == nullptr || ctx->head_sent || !ctx->exchange) return;
  ctx->head_sent = true;
  int status = info[1]->Int32Value(context).FromMaybe(200);
  ctx->outcome.status = status;
  std::string reason = info[2]->IsString() ? runtime::toLatin1(isolate, info[2].As<v8::String>())
                                           : std::string();
  std::vector<net::HttpHeader> headers = headersFrom(context, info[3]);
  v8::Local<v8::Value> body = info[4];
  if (body->IsNumber()) {
    double length = body.As<v8::Number>()->Value();
    std::optional<uint64_t> content_length;
    if (length >= 0) content_length = static_cast<uint64_t>(length);
    ctx->exchange->writeHead(status, reason, headers, content_length);
    return;
  }
  std::string bytes;
  if (body->IsString()) {
    bytes = runtime::toUtf8(isolate, body);
  } else if (auto view = runtime::bufferSourceBytes(body)) {
    bytes.assign(reinterpret_cast<const char*>(view->data()), view->size());
  }
  ctx->exchange->respond(status, reason, headers, std::move(bytes));
  responseEnded(*ctx);
}

void opFetchUpgrade(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  FetchContext* ctx = contextFor(info);
  if (ctx == nullptr || ctx->head_sent || !ctx->exchange || !info[1]->IsInt32()) return;
  auto upgrade = net::checkWebSocketUpgrade(ctx->exchange->head());
  if (!upgrade.ok()) {
    return runtime::throwTypeError(isolate,
                                   "Worker tried to return a WebSocket in a response to a request "
                                   "which did not contain the header \"Upgrade: websocket\".");
  }
  runtime::Realm& realm = *ctx->realm;
  if (!realm.options().post_task) {
    return runtime::throwTypeError(isolate, "WebSockets are not available in this context.");
  }
  auto end = takeWebSocketEnd(realm, info[1].As<v8::Int32>()->Value());
  if (!end) return runtime::throwTypeError(isolate, "This WebSocket was already handed over.");
  std::string protocol;
  std::vector<net::HttpHeader> headers;
  // The handshake's own fields are edged's to write (a proxied backend's 101 carries ones made
  // for edged's key, not the client's).
  for (net::HttpHeader& header : headersFrom(context, info[2])) {
    const char* name = header.name.c_str();
    if (strcasecmp(name, "sec-websocket-protocol") == 0) {
      protocol = header.value;
    } else if (strcasecmp(name, "sec-websocket-accept") != 0 &&
               strcasecmp(name, "sec-websocket-extensions") != 0 &&
               strcasecmp(name, "connection") != 0 && strcasecmp(name, "upgrade") != 0) {
      headers.push_back(std::move(header));
    }
  }
  for (net::HttpHeader& header : net::websocketAcceptHeaders(upgrade->key, protocol)) {
    headers.push_back(std::move(header));
  }
  auto stream = ctx->exchange->upgrade("websocket", headers);
  ctx->head_sent = true;
  if (!stream.ok()) {
    WebSocketEvent gone;
    gone.type = WebSocketEvent::Type::kClose;
    gone.code = 1006;
    gone.was_clean = false;
    end->first->send(end->second, std::move(gone));
    return;
  }
  ctx->outcome.status = 101;
  responseEnded(*ctx);
  bridgeWebSocket(realm.loop(), std::move(stream).value(), net::WebSocketRole::kServer,
                  std::move(end->first), end->second, realm.options().post_task);
}

void opFetchWrite(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  FetchContext* ctx = contextFor(info);
  if (ctx == nullptr || ctx->response_ended || !ctx->exchange) return;
  auto view = runtime::bufferSourceBytes(info[1]);
  if (!view || view->empty()) return;
  ctx->unflushed += view->size();
  runtime::Realm* realm = ctx->realm;
  double id = ctx->id;
  size_t size = view->size();
  ctx->exchange->writeBody(std::string(reinterpret_cast<const char*>(view->data()), size),
                           [realm, id, size] {
                             FetchContext* c = realm->state<FetchState>().find(id);
                             if (c == nullptr) return;
                             c->unflushed -= size;
                             if (c->unflushed >= kWriteHighWater || c->pending_flush.IsEmpty()) {
                               return;
                             }
                             realm->enter(
                                 [&](v8::Local<v8::Context> context) {
                                   auto resolver = c->pending_flush.Get(context->GetIsolate());
                                   c->pending_flush.Reset();
                                   (void)resolver->Resolve(context,
                                                           v8::Undefined(context->GetIsolate()));
                                 },
                                 c->request_id);
                           });
  if (ctx->unflushed < kWriteHighWater) return;
  v8::Local<v8::Promise::Resolver> resolver;
  if (!v8::Promise::Resolver::New(isolate->GetCurrentContext()).ToLocal(&resolver)) return;
  ctx->pending_flush.Reset(isolate, resolver);
  info.GetReturnValue().Set(resolver->GetPromise());
}

void respondWithNativeBody(const v8::FunctionCallbackInfo<v8::Value>& info, NativeBodySource source) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  FetchContext* ctx = contextFor(info);
  if (ctx == nullptr || ctx->head_sent || !ctx->exchange) return;
  v8::Local<v8::Promise::Resolver> resolver;
  if (!v8::Promise::Resolver::New(context).ToLocal(&resolver)) return;
  ctx->head_sent = true;
  std::string reason = info[3]->IsString() ? runtime::toLatin1(isolate, info[3].As<v8::String>())
                                           : std::string();
  std::optional<uint64_t> content_length;
  if (info[5]->IsNumber() && info[5].As<v8::Number>()->Value() >= 0) {
    content_length = static_cast<uint64_t>(info[5].As<v8::Number>()->Value());
  }
  ctx->outcome.status = info[2]->Int32Value(context).FromMaybe(200);
  ctx->exchange->writeHead(ctx->outcome.status, reason, headersFrom(context, info[4]),
                           content_length);
  ctx->pending_pipe.Reset(isolate, resolver);
  info.GetReturnValue().Set(resolver->GetPromise());
  runtime::Realm* realm = ctx->realm;
  double id = ctx->id;
  ctx->abort_pipe = source.abort;
  BodyPipe pipe;
  pipe.on_chunk = [realm, id, pause = source.pause](std::string_view bytes) {
    FetchContext* c = realm->state<FetchState>().find(id);
    if (c == nullptr || c->response_ended || !c->exchange) return;
    size_t size = bytes.size();
    c->unflushed += size;
    c->exchange->writeBody(std::string(bytes), [realm, id, pause, size] {
      FetchContext* flushed = realm->state<FetchState>().find(id);
      if (flushed == nullptr) return;
      flushed->unflushed -= size;
      if (flushed->unflushed < kWriteHighWater && flushed->abort_pipe) pause(false);
    });
    if (c->unflushed >= kWriteHighWater) pause(true);
  };
  pipe.on_end = [realm, id](Status status) {
    FetchContext* c = realm->state<FetchState>().find(id);
    if (c == nullptr) return;
    // The client went away first: nothing failed that the Worker should hear of.
    if (c->response_ended || !c->exchange) return settlePipe(*c, Ok{});
    if (status.ok()) {
      c->exchange->end();
      responseEnded(*c);
    } else {
      c->exchange->abort();
    }
    settlePipe(*c, std::move(status));
  };
  if (!source.start(std::move(pipe))) {
    ctx->exchange->abort();
    settlePipe(*ctx, makeError("The response body is no longer available."));
  }
}

void opFetchPipe(const v8::FunctionCallbackInfo<v8::Value>& info) {
  if (!info[1]->IsNumber()) return;
  runtime::Realm* realm = runtime::Realm::from(info.GetIsolate());
  double sub = info[1].As<v8::Number>()->Value();
  respondWithNativeBody(info, {
      [realm, sub](BodyPipe pipe) { return pipeSubrequestBody(*realm, sub, std::move(pipe)); },
      [realm, sub](bool paused) { pauseSubrequestBody(*realm, sub, paused); },
      [realm, sub] { abortSubrequest(*realm, sub); },
  });
}

void opFetchEnd(const v8::FunctionCallbackInfo<v8::Value>& info) {
  FetchContext* ctx = contextFor(info);
  if (ctx == nullptr || ctx->response_ended || !ctx->exchange) return;
  ctx->exchange->end();
  responseEnded(*ctx);
}

void opFetchFail(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  FetchContext* ctx = contextFor(info);
  runtime::Realm* realm = runtime::Realm::from(isolate);
  realm->logException(info[1], "Uncaught");
  if (ctx == nullptr) return;
  ctx->outcome.kind = FetchOutcome::Kind::kException;
  sendError(*ctx, 500, "Worker threw exception");
}

void opFetchDone(const v8::FunctionCallbackInfo<v8::Value>& info) {
  FetchContext* ctx = contextFor(info);
  if (ctx == nullptr) return;
  ctx->realm->state<FetchState>().finish(ctx->id);
}

}  // namespace edged::api
