#include <v8-array-buffer.h>
#include <v8-container.h>
#include <v8-function.h>
#include <v8-primitive.h>

#include <cstring>
#include <map>
#include <vector>

#include "edged/api/websocket.h"
#include "edged/runtime/js_values.h"

namespace edged::api {
namespace {

// The WebSocket ends of one realm, by the ids JavaScript knows them by.
struct WebSocketHub : runtime::RealmState {
  struct Anchor {
    WebSocketHub* hub;
  };
  ~WebSocketHub() override {
    anchor->hub = nullptr;
    // The isolate is going away: its sockets' peers are told, so connections do not linger.
    for (auto& [id, end] : ends) goAway(end, "Worker went away");
  }

  // Tells the peer this end is gone (1001) and stops listening to it.
  static void goAway(const std::pair<std::shared_ptr<WebSocketChannel>, int>& end, std::string reason) {
    WebSocketEvent going_away;
    going_away.type = WebSocketEvent::Type::kClose;
    going_away.code = 1001;
    going_away.reason = std::move(reason);
    end.first->send(end.second, std::move(going_away));
    end.first->detach(end.second);
  }

  runtime::Realm* realm = nullptr;
  std::shared_ptr<Anchor> anchor = std::make_shared<Anchor>(Anchor{this});
  int32_t next_id = 1;
  std::map<int32_t, std::pair<std::shared_ptr<WebSocketChannel>, int>> ends;
  // What JavaScript sent during this turn, released when it ends: after the turn's storage
  // writes committed (Durable Objects' output gate; their host's hook runs first).
  std::vector<std::pair<std::pair<std::shared_ptr<WebSocketChannel>, int>, WebSocketEvent>> outbox;

  void queue(const std::pair<std::shared_ptr<WebSocketChannel>, int>& end, WebSocketEvent event) {
    outbox.emplace_back(end, std::move(event));
  }
  void release() {
    auto sending = std::move(outbox);
    outbox.clear();
    for (auto& [end, event] : sending) end.first->send(end.second, std::move(event));
  }

  int32_t add(std::shared_ptr<WebSocketChannel> channel, int end) {
    int32_t id = next_id++;
    ends[id] = {std::move(channel), end};
    return id;
  }
  const std::pair<std::shared_ptr<WebSocketChannel>, int>* find(int32_t id) const {
    auto it = ends.find(id);
    return it == ends.end() ? nullptr : &it->second;
  }
  void dispatch(int32_t id, WebSocketEvent event);
};

WebSocketHub& hubOf(runtime::Realm& realm) {
  WebSocketHub& hub = realm.state<WebSocketHub>();
  if (hub.realm == nullptr) {
    hub.realm = &realm;
    realm.addTurnEndHook([&hub] { hub.release(); });
  }
  return hub;
}

void WebSocketHub::dispatch(int32_t id, WebSocketEvent event) {
  realm->enter([&](v8::Local<v8::Context> context) {
    v8::Isolate* isolate = context->GetIsolate();
    v8::Local<v8::Value> fn;
    if (!runtime::getProperty(context, realm->internals(), "wsEvent").ToLocal(&fn) ||
        !fn->IsFunction()) {
      return;
    }
    std::vector<v8::Local<v8::Value>> args = {v8::Integer::New(isolate, id)};
    if (event.type == WebSocketEvent::Type::kError) {
      args.push_back(runtime::newString(isolate, "error"));
      args.push_back(runtime::newString(isolate, event.data));
    } else if (event.type == WebSocketEvent::Type::kMessage) {
      args.push_back(runtime::newString(isolate, "message"));
      if (event.is_text) {
        args.push_back(runtime::newString(isolate, event.data));
      } else {
        auto buffer = v8::ArrayBuffer::New(isolate, event.data.size());
        if (!event.data.empty()) std::memcpy(buffer->Data(), event.data.data(), event.data.size());
        args.push_back(buffer);
      }
    } else {
      args.push_back(runtime::newString(isolate, "close"));
      args.push_back(v8::Integer::New(isolate, event.code));
      args.push_back(runtime::newString(isolate, event.reason));
      args.push_back(v8::Boolean::New(isolate, event.was_clean));
    }
    (void)fn.As<v8::Function>()->Call(context, realm->internals(), static_cast<int>(args.size()),
                                      args.data());
  });
}

const std::pair<std::shared_ptr<WebSocketChannel>, int>* endFrom(
    const v8::FunctionCallbackInfo<v8::Value>& info) {
  runtime::Realm* realm = runtime::Realm::from(info.GetIsolate());
  if (realm == nullptr || !info[0]->IsInt32()) return nullptr;
  return hubOf(*realm).find(info[0].As<v8::Int32>()->Value());
}

}  // namespace

void opWsPair(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  WebSocketHub& hub = hubOf(*runtime::Realm::from(isolate));
  auto channel = WebSocketChannel::create();
  v8::Local<v8::Value> ids[] = {v8::Integer::New(isolate, hub.add(channel, 0)),
                                v8::Integer::New(isolate, hub.add(channel, 1))};
  info.GetReturnValue().Set(v8::Array::New(isolate, ids, 2));
}

bool attachWebSocketEnd(runtime::Realm& realm, int32_t id, WebSocketChannel::Sink sink) {
  WebSocketHub& hub = hubOf(realm);
  const auto* end = hub.find(id);
  if (end == nullptr || !realm.options().post_task) return false;
  end->first->attach(end->second, realm.options().post_task, std::move(sink));
  return true;
}

bool sendFromWebSocketEnd(runtime::Realm& realm, int32_t id, WebSocketEvent event) {
  const auto* end = hubOf(realm).find(id);
  if (end == nullptr) return false;
  end->first->send(end->second, std::move(event));
  return true;
}

void opWsAccept(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  runtime::Realm* realm = runtime::Realm::from(isolate);
  if (realm == nullptr || !info[0]->IsInt32()) return;
  int32_t id = info[0].As<v8::Int32>()->Value();
  std::weak_ptr<WebSocketHub::Anchor> anchor = hubOf(*realm).anchor;
  bool attached = attachWebSocketEnd(*realm, id, [anchor, id](WebSocketEvent event) {
    if (auto alive = anchor.lock(); alive && alive->hub != nullptr) {
      alive->hub->dispatch(id, std::move(event));
    }
  });
  if (!attached) runtime::throwTypeError(isolate, "This WebSocket cannot be accepted here.");
}

void opWsSend(const v8::FunctionCallbackInfo<v8::Value>& info) {
  const auto* end = endFrom(info);
  if (end == nullptr) return;
  WebSocketEvent event;
  if (info[1]->IsString()) {
    event.is_text = true;
    event.data = runtime::toUtf8(info.GetIsolate(), info[1]);
  } else if (auto bytes = runtime::bufferSourceBytes(info[1])) {
    event.data.assign(reinterpret_cast<const char*>(bytes->data()), bytes->size());
  } else {
    return runtime::throwTypeError(info.GetIsolate(), "WebSocket data must be a string or bytes.");
  }
  hubOf(*runtime::Realm::from(info.GetIsolate())).queue(*end, std::move(event));
}

void opWsClose(const v8::FunctionCallbackInfo<v8::Value>& info) {
  const auto* end = endFrom(info);
  if (end == nullptr) return;
  WebSocketEvent event;
  event.type = WebSocketEvent::Type::kClose;
  event.code = static_cast<uint16_t>(info[1]->Int32Value(info.GetIsolate()->GetCurrentContext()).FromMaybe(1005));
  event.reason = info[2]->IsString() ? runtime::toUtf8(info.GetIsolate(), info[2]) : std::string();
  hubOf(*runtime::Realm::from(info.GetIsolate())).queue(*end, std::move(event));
}

std::optional<std::pair<std::shared_ptr<WebSocketChannel>, int>> takeWebSocketEnd(
    runtime::Realm& realm, int32_t id) {
  WebSocketHub& hub = hubOf(realm);
  auto it = hub.ends.find(id);
  if (it == hub.ends.end()) return std::nullopt;
  auto end = std::move(it->second);
  hub.ends.erase(it);
  return end;
}

int32_t adoptWebSocketEnd(runtime::Realm& realm, std::shared_ptr<WebSocketChannel> channel, int end) {
  return hubOf(realm).add(std::move(channel), end);
}

void dropWebSocketEnd(runtime::Realm& realm, int32_t id, std::string reason) {
  auto end = takeWebSocketEnd(realm, id);
  if (end) WebSocketHub::goAway(*end, std::move(reason));
}

void opWsPark(const v8::FunctionCallbackInfo<v8::Value>& info) {
  runtime::Realm* realm = runtime::Realm::from(info.GetIsolate());
  if (realm == nullptr || !info[0]->IsInt32()) return;
  auto end = takeWebSocketEnd(*realm, info[0].As<v8::Int32>()->Value());
  if (!end) return runtime::throwTypeError(info.GetIsolate(), "This WebSocket was already handed over.");
  uint64_t token = WebSocketChannel::park(std::move(end->first), end->second);
  info.GetReturnValue().Set(static_cast<double>(token));
}

void opWsClaim(const v8::FunctionCallbackInfo<v8::Value>& info) {
  runtime::Realm* realm = runtime::Realm::from(info.GetIsolate());
  if (realm == nullptr || !info[0]->IsNumber()) return;
  auto end = WebSocketChannel::claim(static_cast<uint64_t>(info[0].As<v8::Number>()->Value()));
  if (!end) return info.GetReturnValue().SetNull();
  info.GetReturnValue().Set(adoptWebSocketEnd(*realm, std::move(end->first), end->second));
}

}  // namespace edged::api
