#include "edged/bindings/durable_objects/object_host.h"

#include <v8-array-buffer.h>
#include <v8-context.h>
#include <v8-function.h>
#include <v8-object.h>
#include <v8-primitive.h>

#include <cstring>
#include <span>

#include "edged/api/serialization.h"
#include "edged/api/websocket.h"
#include "edged/bindings/durable_objects/object_storage.h"
#include "edged/bindings/durable_objects/storage_ops.h"
#include "edged/runtime/js_values.h"
#include "edged/util/clock.h"
#include "edged/util/log.h"
#include "edged/util/metrics.h"

namespace edged::bindings::durable_objects {
namespace {

void freeTimer(uv_handle_t* handle) { delete reinterpret_cast<uv_timer_t*>(handle); }

// Cloudflare's retries of a throwing alarm() handler.
constexpr int kMaxAlarmRetries = 6;

uint64_t monotonicMs() { return clock::monotonicNs() / 1'000'000; }

const char* kindName(CallKind kind) {
  switch (kind) {
    case CallKind::kFetch: return "fetch";
    case CallKind::kRpc: return "rpc";
    case CallKind::kAlarm: return "alarm";
  }
  return "rpc";
}

// Calls internals[name](...args); empty when it threw.
v8::MaybeLocal<v8::Value> callInternal(runtime::Realm& realm, v8::Local<v8::Context> context,
                                       std::string_view name, std::span<v8::Local<v8::Value>> args) {
  v8::Local<v8::Value> fn;
  if (!runtime::getProperty(context, realm.internals(), name).ToLocal(&fn) || !fn->IsFunction()) {
    return {};
  }
  return fn.As<v8::Function>()->Call(context, realm.internals(), static_cast<int>(args.size()),
                                     args.data());
}

}  // namespace

ObjectHost::~ObjectHost() {
  if (anchor_) anchor_->host = nullptr;
  metrics::Registry::global().durableObjects() -= static_cast<int64_t>(live_.size());
  // The isolate is going away (a broken limit, shutdown): callers must not wait forever.
  for (auto& [token, reply] : replies_) reply(makeError("The Durable Object was reset."));
  for (auto& [reply, serialized] : held_) reply(makeError("The Durable Object was reset."));
  if (evict_timer_ != nullptr) {
    uv_timer_stop(evict_timer_);
    uv_close(reinterpret_cast<uv_handle_t*>(evict_timer_), &freeTimer);
  }
}

void ObjectHost::attach(runtime::Realm& realm, ObjectHostOptions options) {
  ObjectHost& host = realm.state<ObjectHost>();
  host.realm_ = &realm;
  host.options_ = options;
  host.anchor_ = std::make_shared<Anchor>(Anchor{&host});
  realm.addTurnEndHook([&host] { host.onTurnEnd(); });
  host.evict_timer_ = new uv_timer_t;
  uv_timer_init(realm.loop(), host.evict_timer_);
  host.evict_timer_->data = &host;
  uint64_t period = std::max<uint64_t>(10, std::min<uint64_t>(1000, options.idle_timeout_ms / 2));
  uv_timer_start(host.evict_timer_, &ObjectHost::onEvictTimer, period, period);
  // Idle objects must not keep a stopping loop alive.
  uv_unref(reinterpret_cast<uv_handle_t*>(host.evict_timer_));
  realm.state<StorageAlarmHook>().on_alarm_changed = [&host](int32_t handle,
                                                             std::optional<int64_t> scheduled_ms) {
    host.onAlarmChanged(handle, scheduled_ms);
  };
  if (!options.classes.empty() && options.router != nullptr) {
    std::vector<std::string> names;
    for (const ObjectClass& object_class : options.classes) names.push_back(object_class.name);
    ObjectRouter* router = options.router;
    size_t thread = options.thread;
    host.alarms_ = std::make_unique<AlarmScheduler>(
        realm.loop(), realm.options().data_dir / "durable-objects" / realm.workerName(),
        std::move(names), [router, thread](const std::string& id) { return router->ownerOf(id) == thread; },
        [&host](const std::string& class_name, const std::string& id, int64_t ms, int retry) {
          host.fireAlarm(class_name, id, ms, retry);
        });
  }
}

void ObjectHost::onAlarmChanged(int32_t handle, std::optional<int64_t> scheduled_ms) {
  auto it = live_.find(handle);
  if (it == live_.end() || !alarms_) return;
  const ObjectAddress& address = it->second.address;
  if (scheduled_ms) {
    alarms_->set(address.class_name, address.id, *scheduled_ms);
  } else {
    cleared_alarms_.emplace_back(address.class_name, address.id);
  }
}

void ObjectHost::fireAlarm(const std::string& class_name, const std::string& id,
                           int64_t scheduled_ms, int retry_count) {
  ObjectAddress address{realm_->workerName(), class_name, id, {}};
  int32_t handle = handleFor(address);
  ObjectStorage* store = storage(handle);
  if (store == nullptr) return;
  // The object's file is the truth (alarm_index.h): the alarm may have moved or gone.
  auto actual = store->getAlarm();
  if (!actual.ok() || !actual.value()) {
    alarms_->clear(class_name, id, scheduled_ms);
    return;
  }
  int64_t due = *actual.value();
  if (due > static_cast<int64_t>(clock::nowMs()) + 5) {
    alarms_->set(class_name, id, due);
    return;
  }
  ObjectCall call;
  call.target = address;
  call.kind = CallKind::kAlarm;
  bool serialized = realm_->enter([&](v8::Local<v8::Context> context) {
    v8::Isolate* isolate = context->GetIsolate();
    v8::Local<v8::Object> info = v8::Object::New(isolate);
    info->Set(context, runtime::newString(isolate, "retryCount"), v8::Integer::New(isolate, retry_count))
        .Check();
    info->Set(context, runtime::newString(isolate, "isRetry"), v8::Boolean::New(isolate, retry_count > 0))
        .Check();
    auto bytes = api::serializeValue(context, info);
    if (bytes) call.payload = std::move(*bytes);
  });
  if (!serialized) return;
  // As on Cloudflare, the handler runs with no alarm set (it may set the next one); the deletion
  // commits with the handler's first turn of writes.
  (void)store->deleteAlarm();
  call.reply = [this, address, due, retry_count](Result<std::string> reply) {
    alarmDone(address, due, retry_count, std::move(reply));
  };
  deliver(std::move(call));
}

void ObjectHost::alarmDone(const ObjectAddress& address, int64_t scheduled_ms, int retry_count,
                           Result<std::string> reply) {
  bool ok = false;
  if (reply.ok()) {
    realm_->enter([&](v8::Local<v8::Context> context) {
      v8::TryCatch try_catch(context->GetIsolate());
      v8::Local<v8::Value> value;
      v8::Local<v8::Value> flag;
      ok = api::deserializeValue(context, reply.value()).ToLocal(&value) && value->IsObject() &&
           runtime::getProperty(context, value.As<v8::Object>(), "ok").ToLocal(&flag) && flag->IsTrue();
    });
  }
  if (ok || retry_count >= kMaxAlarmRetries) {
    if (!ok) {
      log::workerLine(spdlog::level::err, realm_->workerName(), {},
                      "Durable Object " + address.class_name + " " + address.id +
                          ": alarm() failed " + std::to_string(retry_count + 1) + " times; giving up");
    }
    // Unless the handler set the next alarm, this one is done.
    if (!alarms_->has(address.class_name, address.id)) {
      alarms_->clear(address.class_name, address.id, scheduled_ms);
    }
    return;
  }
  // Cloudflare retries a failed alarm with exponential backoff from 2 s, at most 6 times.
  int64_t retry_at = static_cast<int64_t>(clock::nowMs()) + (int64_t{2000} << retry_count);
  int32_t handle = handleFor(address);
  ObjectStorage* store = storage(handle);
  if (store == nullptr) return;
  alarms_->set(address.class_name, address.id, retry_at, retry_count + 1);
  if (!store->setAlarm(retry_at).ok() || !store->flush().ok()) {
    log::workerLine(spdlog::level::err, realm_->workerName(), {},
                    "Durable Object " + address.id + ": could not schedule the alarm's retry");
  }
}

ObjectHost* ObjectHost::of(runtime::Realm& realm) {
  ObjectHost& host = realm.state<ObjectHost>();
  return host.realm_ == nullptr ? nullptr : &host;
}

v8::Local<v8::Promise> ObjectHost::send(ObjectCall call) {
  v8::Isolate* isolate = realm_->isolate();
  v8::Local<v8::Context> context = realm_->context();
  v8::Local<v8::Promise::Resolver> resolver = v8::Promise::Resolver::New(context).ToLocalChecked();
  int32_t id = next_pending_++;
  ObjectRouter* router = options_.router;
  size_t thread = options_.thread;
  std::weak_ptr<Anchor> anchor = anchor_;
  call.reply = [router, thread, anchor, id](Result<std::string> reply) {
    router->post(thread, [anchor, id, reply = std::move(reply)]() mutable {
      if (auto alive = anchor.lock(); alive && alive->host != nullptr) {
        alive->host->settle(id, std::move(reply));
      }
    });
  };
  if (!router->send(std::move(call))) {
    resolver->Reject(context, v8::Exception::Error(runtime::newString(
                                  isolate, "The Durable Object's thread is shutting down.")))
        .Check();
    return resolver->GetPromise();
  }
  pending_[id].Reset(isolate, resolver);
  return resolver->GetPromise();
}

void ObjectHost::settle(int32_t pending_id, Result<std::string> reply) {
  auto it = pending_.find(pending_id);
  if (it == pending_.end()) return;
  v8::Global<v8::Promise::Resolver> resolver = std::move(it->second);
  pending_.erase(it);
  realm_->enter([&](v8::Local<v8::Context> context) {
    v8::Isolate* isolate = context->GetIsolate();
    v8::Local<v8::Promise::Resolver> local = resolver.Get(isolate);
    if (!reply.ok()) {
      local->Reject(context, v8::Exception::Error(runtime::newString(isolate, reply.error().message)))
          .Check();
      return;
    }
    v8::TryCatch try_catch(isolate);
    v8::Local<v8::Value> value;
    if (api::deserializeValue(context, reply.value()).ToLocal(&value)) {
      local->Resolve(context, value).Check();
    } else {
      local->Reject(context, try_catch.Exception()).Check();
    }
  });
}

int32_t ObjectHost::handleFor(const ObjectAddress& address) {
  std::string key = address.class_name + "/" + address.id;
  auto found = handles_.find(key);
  if (found != handles_.end()) return found->second;
  int32_t handle = next_handle_++;
  handles_[key] = handle;
  live_[handle].address = address;
  ++metrics::Registry::global().durableObjects();  // `edged_durable_objects`
  return handle;
}

void ObjectHost::deliver(ObjectCall call) {
  int32_t handle = handleFor(call.target);
  Live& live = live_[handle];
  live.last_event_ms = monotonicMs();
  int32_t token = next_token_++;
  replies_[token] = std::move(call.reply);
  std::string failure;
  bool entered = realm_->enter([&](v8::Local<v8::Context> context) {
    v8::Isolate* isolate = context->GetIsolate();
    v8::Local<v8::Value> payload;
    {
      v8::TryCatch try_catch(isolate);
      if (!api::deserializeValue(context, call.payload).ToLocal(&payload)) {
        failure = "The Durable Object could not read its event.";
        return;
      }
    }
    v8::Local<v8::Value> args[] = {
        v8::Integer::New(isolate, handle),
        runtime::newString(isolate, call.target.worker),
        runtime::newString(isolate, call.target.class_name),
        runtime::newString(isolate, call.target.id),
        call.target.name.empty() ? v8::Undefined(isolate).As<v8::Value>()
                                 : runtime::newString(isolate, call.target.name).As<v8::Value>(),
        runtime::newString(isolate, kindName(call.kind)),
        payload,
        v8::Integer::New(isolate, token),
    };
    (void)callInternal(*realm_, context, "doDeliver", args);
  });
  if (!entered && failure.empty()) failure = "The Durable Object failed.";
  auto pending = replies_.find(token);
  if (failure.empty() || pending == replies_.end()) return;
  auto reply = std::move(pending->second);
  replies_.erase(pending);
  reply(makeError(failure));
}

void ObjectHost::reply(int32_t token, std::string serialized) {
  auto it = replies_.find(token);
  if (it == replies_.end()) return;
  held_.emplace_back(std::move(it->second), std::move(serialized));
  replies_.erase(it);
}

ObjectStorage* ObjectHost::storage(int32_t handle) {
  auto it = live_.find(handle);
  if (it == live_.end()) return nullptr;
  Live& live = it->second;
  if (!live.storage) {
    std::filesystem::path file = realm_->options().data_dir / "durable-objects" /
                                 live.address.worker / live.address.class_name /
                                 (live.address.id + ".sqlite");
    ObjectStorageOptions storage_options;
    for (const ObjectClass& object_class : options_.classes) {
      if (object_class.name == live.address.class_name && !object_class.sqlite) {
        storage_options.backend = StorageBackend::kKeyValue;
      }
    }
    auto opened = ObjectStorage::open(file, storage_options);
    if (!opened.ok()) {
      log::workerLine(spdlog::level::err, realm_->workerName(), realm_->currentRequestId(),
                      "Durable Object storage: " + opened.error().message);
      return nullptr;
    }
    live.storage = std::move(opened).value();
  }
  return live.storage.get();
}

ObjectHost::ObjectSockets* ObjectHost::sockets(int32_t handle) {
  auto it = live_.find(handle);
  if (it == live_.end()) return nullptr;
  return &sockets_[it->second.address.class_name + "/" + it->second.address.id];
}

bool ObjectHost::acceptWebSocket(int32_t handle, int32_t socket, std::vector<std::string> tags) {
  auto it = live_.find(handle);
  if (it == live_.end()) return false;
  ObjectAddress address = it->second.address;
  std::weak_ptr<Anchor> anchor = anchor_;
  bool attached = api::attachWebSocketEnd(
      *realm_, socket, [anchor, address, socket](api::WebSocketEvent event) {
        if (auto alive = anchor.lock(); alive && alive->host != nullptr) {
          alive->host->onSocketEvent(address, socket, std::move(event));
        }
      });
  if (!attached) return false;
  sockets_[address.class_name + "/" + address.id].by_id[socket].tags = std::move(tags);
  return true;
}

void ObjectHost::onSocketEvent(const ObjectAddress& address, int32_t socket,
                               api::WebSocketEvent event) {
  ObjectSockets& sockets = sockets_[address.class_name + "/" + address.id];
  auto record = sockets.by_id.find(socket);
  if (record == sockets.by_id.end()) return;
  bool closing = event.type == api::WebSocketEvent::Type::kClose;
  bool failed = event.type == api::WebSocketEvent::Type::kError;
  // The automatic response answers without waking the object (setWebSocketAutoResponse).
  if (!closing && !failed && event.is_text && sockets.auto_response && event.data == sockets.auto_response->first) {
    api::WebSocketEvent response;
    response.is_text = true;
    response.data = sockets.auto_response->second;
    api::sendFromWebSocketEnd(*realm_, socket, std::move(response));
    record->second.auto_response_ms = static_cast<int64_t>(clock::nowMs());
    return;
  }
  int32_t handle = handleFor(address);
  live_[handle].last_event_ms = monotonicMs();
  std::string attachment = record->second.attachment;
  if (closing) sockets.by_id.erase(record);
  realm_->enter([&](v8::Local<v8::Context> context) {
    v8::Isolate* isolate = context->GetIsolate();
    v8::Local<v8::Value> attachment_value = v8::Null(isolate);
    if (!attachment.empty()) {
      attachment_value = runtime::newUint8Array(
          isolate, std::span(reinterpret_cast<const uint8_t*>(attachment.data()), attachment.size()));
    }
    v8::Local<v8::Value> data;
    if (closing) {
      data = v8::Integer::New(isolate, event.code);
    } else if (failed || event.is_text) {
      data = runtime::newString(isolate, event.data);
    } else {
      auto buffer = v8::ArrayBuffer::New(isolate, event.data.size());
      if (!event.data.empty()) std::memcpy(buffer->Data(), event.data.data(), event.data.size());
      data = buffer;
    }
    v8::Local<v8::Value> args[] = {
        v8::Integer::New(isolate, handle),
        runtime::newString(isolate, address.worker),
        runtime::newString(isolate, address.class_name),
        runtime::newString(isolate, address.id),
        address.name.empty() ? v8::Undefined(isolate).As<v8::Value>()
                             : runtime::newString(isolate, address.name).As<v8::Value>(),
        v8::Integer::New(isolate, socket),
        attachment_value,
        runtime::newString(isolate, closing ? "close" : failed ? "error" : "message"),
        data,
        runtime::newString(isolate, event.reason),
        v8::Boolean::New(isolate, event.was_clean),
    };
    (void)callInternal(*realm_, context, "doWebSocketEvent", args);
  });
}

void ObjectHost::onTurnEnd() {
  std::string failure;
  for (auto& [handle, live] : live_) {
    if (!live.storage) continue;
    auto flushed = live.storage->flush();
    if (!flushed.ok()) {
      failure = "Durable Object storage write failed: " + flushed.error().message;
      log::workerLine(spdlog::level::err, realm_->workerName(), {}, failure);
      live.storage.reset();
    }
  }
  if (failure.empty() && alarms_) {
    for (const auto& [class_name, id] : cleared_alarms_) alarms_->clear(class_name, id, std::nullopt);
  }
  cleared_alarms_.clear();
  if (held_.empty()) return;
  auto held = std::move(held_);
  held_.clear();
  for (auto& [reply, serialized] : held) {
    if (failure.empty()) {
      reply(std::move(serialized));
    } else {
      reply(makeError(failure));
    }
  }
}

void ObjectHost::onEvictTimer(uv_timer_t* timer) { static_cast<ObjectHost*>(timer->data)->evictIdle(); }

void ObjectHost::evictIdle() {
  uint64_t now = monotonicMs();
  std::vector<int32_t> idle;
  for (const auto& [handle, live] : live_) {
    if (now - live.last_event_ms >= options_.idle_timeout_ms) idle.push_back(handle);
  }
  if (idle.empty()) return;
  realm_->enter([&](v8::Local<v8::Context> context) {
    v8::Isolate* isolate = context->GetIsolate();
    for (int32_t handle : idle) {
      v8::Local<v8::Value> args[] = {v8::Integer::New(isolate, handle)};
      v8::Local<v8::Value> evicted;
      if (!callInternal(*realm_, context, "doEvict", args).ToLocal(&evicted) ||
          !evicted->IsTrue()) {
        continue;
      }
      Live& live = live_[handle];
      log::workerLine(spdlog::level::debug, realm_->workerName(), {},
                      "Durable Object " + live.address.class_name + " " + live.address.id +
                          " left memory (idle)");
      if (live.storage) (void)live.storage->flush();
      handles_.erase(live.address.class_name + "/" + live.address.id);
      live_.erase(handle);
      --metrics::Registry::global().durableObjects();
    }
  });
}

}  // namespace edged::bindings::durable_objects
