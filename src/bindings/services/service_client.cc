#include "edged/bindings/services/service_client.h"

#include <v8-context.h>
#include <v8-exception.h>
#include <v8-object.h>
#include <v8-primitive.h>

#include <string_view>

#include "edged/api/serialization.h"
#include "edged/runtime/js_values.h"

namespace edged::bindings::services {

ServiceClient::~ServiceClient() {
  if (anchor_) anchor_->client = nullptr;
}

void ServiceClient::attach(runtime::Realm& realm, std::vector<config::ServiceBinding> bindings,
                           ServiceDeliver deliver) {
  ServiceClient& client = realm.state<ServiceClient>();
  client.realm_ = &realm;
  client.bindings_ = std::move(bindings);
  client.deliver_ = std::move(deliver);
  client.anchor_ = std::make_shared<Anchor>(Anchor{&client});
}

ServiceClient* ServiceClient::of(runtime::Realm& realm) {
  ServiceClient& client = realm.state<ServiceClient>();
  return client.realm_ == nullptr ? nullptr : &client;
}

v8::MaybeLocal<v8::Promise> ServiceClient::send(const std::string& binding, ServiceCallKind kind,
                                                std::string payload) {
  v8::Isolate* isolate = realm_->isolate();
  v8::Local<v8::Context> context = realm_->context();
  const config::ServiceBinding* found = nullptr;
  for (const config::ServiceBinding& candidate : bindings_) {
    if (candidate.binding == binding) found = &candidate;
  }
  const auto& post = realm_->options().post_task;
  if (found == nullptr || !post) {
    runtime::throwTypeError(isolate, "Service binding \"" + binding + "\" is not available here.");
    return {};
  }
  // Every service call is one subrequest of the caller: count it here when limits need it.
  v8::Local<v8::Promise::Resolver> resolver;
  if (!v8::Promise::Resolver::New(context).ToLocal(&resolver)) return {};
  int32_t id = next_id_++;

  ServiceCall call;
  call.caller = realm_->workerName();
  call.binding = found->binding;
  call.service = found->service;
  call.entrypoint = found->entrypoint;
  if (found->props_json) call.props_json = *found->props_json;
  call.kind = kind;
  call.payload = std::move(payload);
  std::weak_ptr<Anchor> anchor = anchor_;
  call.reply = [post, anchor, id](ServiceOutcome outcome) {
    post([anchor, id, outcome = std::move(outcome)]() mutable {
      if (auto alive = anchor.lock(); alive && alive->client != nullptr) {
        alive->client->settle(id, std::move(outcome));
      }
    });
  };
  // The target runs on a later loop turn, never inside this V8 call.
  bool posted = post([anchor, call]() mutable {
    auto alive = anchor.lock();
    if (!alive || alive->client == nullptr) return;  // the caller is gone: nobody waits
    alive->client->deliver_(std::move(call));
  });
  if (!posted) {
    v8::Local<v8::Value> stopping =
        v8::Exception::Error(runtime::newString(isolate, "The server is stopping."));
    resolver->Reject(context, stopping).FromMaybe(false);
    return resolver->GetPromise();
  }
  pending_[id].Reset(isolate, resolver);
  return resolver->GetPromise();
}

void ServiceClient::settle(int32_t id, ServiceOutcome outcome) {
  auto it = pending_.find(id);
  if (it == pending_.end()) return;
  v8::Global<v8::Promise::Resolver> resolver = std::move(it->second);
  pending_.erase(it);
  realm_->enter([&](v8::Local<v8::Context> context) {
    v8::Isolate* isolate = context->GetIsolate();
    v8::Local<v8::Promise::Resolver> local = resolver.Get(isolate);
    if (!outcome.error.empty()) {
      // {ok: false, error: {name: "Error", message}, unknownService}
      auto set = [&](v8::Local<v8::Object> object, std::string_view key,
                     v8::Local<v8::Value> value) {
        return object->Set(context, runtime::newString(isolate, key), value).FromMaybe(false);
      };
      v8::Local<v8::Object> error = v8::Object::New(isolate);
      v8::Local<v8::Object> reply = v8::Object::New(isolate);
      bool built = set(error, "name", runtime::newString(isolate, "Error")) &&
                   set(error, "message", runtime::newString(isolate, outcome.error)) &&
                   set(reply, "ok", v8::False(isolate)) && set(reply, "error", error) &&
                   set(reply, "unknownService", v8::Boolean::New(isolate, outcome.unknown_service));
      if (built) local->Resolve(context, reply).FromMaybe(false);
      return;
    }
    v8::TryCatch try_catch(isolate);
    v8::Local<v8::Value> value;
    if (api::deserializeValue(context, outcome.serialized).ToLocal(&value)) {
      local->Resolve(context, value).FromMaybe(false);
    } else if (try_catch.HasCaught()) {
      local->Reject(context, try_catch.Exception()).FromMaybe(false);
    }
  });
}

}  // namespace edged::bindings::services
