#include "edged/bindings/browser/browser_ops.h"

#include <v8-array-buffer.h>
#include <v8-container.h>
#include <v8-primitive.h>

#include <map>

#include "edged/api/op_promise.h"
#include "edged/api/websocket.h"
#include "edged/bindings/browser/browser_service.h"
#include "edged/runtime/js_values.h"

namespace edged::bindings::browser {
namespace {

constexpr std::string_view kUnavailable = "Browser Rendering is not available in this context.";

// The acquires of one realm waiting for their browser; the anchor tells a reply posted from the
// browser thread whether the realm is still there.
struct PendingAcquires : runtime::RealmState {
  struct Anchor {
    PendingAcquires* owner;
  };
  ~PendingAcquires() override { anchor->owner = nullptr; }

  struct Pending {
    std::string request_id;
    api::ParkedResolver resolver;
  };
  runtime::Realm* realm = nullptr;
  std::shared_ptr<Anchor> anchor = std::make_shared<Anchor>(Anchor{this});
  int32_t next_id = 1;
  std::map<int32_t, Pending> pending;

  void settle(int32_t id, int status, const std::string& body) {
    auto it = pending.find(id);
    if (it == pending.end()) return;
    Pending entry = std::move(it->second);
    pending.erase(it);
    api::settleIn(*realm, entry.request_id, std::move(entry.resolver), [&](auto context, auto resolver) {
      resolver->Resolve(context, pair(context, status, body)).FromMaybe(false);
    });
  }

  static v8::Local<v8::Array> pair(v8::Local<v8::Context> context, int status, std::string_view body) {
    v8::Isolate* isolate = context->GetIsolate();
    v8::Local<v8::Value> items[] = {v8::Integer::New(isolate, status), runtime::newString(isolate, body)};
    return v8::Array::New(isolate, items, 2);
  }
};

std::string sessionIdJson(const std::string& id) { return R"({"sessionId":")" + id + "\"}"; }

}  // namespace

void opBrowserAcquire(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  runtime::Realm* realm = runtime::Realm::from(isolate);
  if (realm == nullptr) return;
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  auto keep_alive = static_cast<uint32_t>(info[0]->NumberValue(context).FromMaybe(0));
  std::shared_ptr<BrowserService> service = BrowserService::running();
  const auto& post = realm->options().post_task;
  PendingAcquires& acquires = realm->state<PendingAcquires>();
  acquires.realm = realm;
  int32_t id = acquires.next_id++;
  PendingAcquires::Pending& entry = acquires.pending[id];
  entry.request_id = realm->currentRequestId();
  v8::Local<v8::Promise::Resolver> resolver = api::returnPromise(info, &entry.resolver);
  if (resolver.IsEmpty()) {
    acquires.pending.erase(id);
    return;
  }
  if (!service || !post) {
    acquires.pending.erase(id);
    resolver->Resolve(context, PendingAcquires::pair(context, 503, kUnavailable)).FromMaybe(false);
    return;
  }
  std::weak_ptr<PendingAcquires::Anchor> anchor = acquires.anchor;
  service->acquire(keep_alive, [post, anchor, id](BrowserService::Acquired acquired) {
    int status = 200;
    std::string body;
    if (auto* session = std::get_if<std::string>(&acquired)) {
      body = sessionIdJson(*session);
    } else {
      const SessionError& error = std::get<SessionError>(acquired);
      status = error.status;
      body = error.message;
    }
    // Settled on the realm's own loop, never inside the call that asked.
    post([anchor, id, status, body = std::move(body)] {
      if (auto alive = anchor.lock(); alive && alive->owner != nullptr) alive->owner->settle(id, status, body);
    });
  });
}

void opBrowserConnect(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  runtime::Realm* realm = runtime::Realm::from(isolate);
  if (realm == nullptr) return;
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  std::shared_ptr<BrowserService> service = BrowserService::running();
  if (!service || !realm->options().post_task) {
    info.GetReturnValue().Set(PendingAcquires::pair(context, 503, kUnavailable));
    return;
  }
  std::string session_id = runtime::toUtf8(isolate, info[0]);
  Framing framing = info[1]->IsTrue() ? Framing::kChunked : Framing::kText;
  auto channel = api::WebSocketChannel::create();
  if (std::optional<SessionError> error = service->connect(session_id, framing, channel, 1)) {
    info.GetReturnValue().Set(PendingAcquires::pair(context, error->status, error->message));
    return;
  }
  int32_t id = api::adoptWebSocketEnd(*realm, std::move(channel), 0);
  // As on Workers, the connection ends with the request that opened it; the session then waits
  // keep_alive for the next connect(). A Durable Object (no request id) keeps its connection.
  if (const std::string& request_id = realm->currentRequestId(); !request_id.empty()) {
    realm->atRequestEnd(request_id, [realm, id] {
      api::dropWebSocketEnd(*realm, id, "The request that opened this browser connection ended");
    });
  }
  info.GetReturnValue().Set(id);
}

void opBrowserInfo(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  std::shared_ptr<BrowserService> service = BrowserService::running();
  if (!service) return;
  std::string kind = runtime::toUtf8(isolate, info[0]);
  std::string json = kind == "sessions" ? service->sessionsJson()
                     : kind == "history" ? service->historyJson()
                                         : service->limitsJson();
  info.GetReturnValue().Set(runtime::newString(isolate, json));
}

}  // namespace edged::bindings::browser
