#include "edged/bindings/durable_objects/object_ops.h"

#include "edged/api/serialization.h"
#include "edged/bindings/durable_objects/object_host.h"
#include "edged/bindings/durable_objects/object_id.h"
#include "edged/bindings/durable_objects/storage_lookup.h"
#include "edged/runtime/js_values.h"

namespace edged::bindings::durable_objects {
namespace {

ObjectIdFactory factoryFrom(const v8::FunctionCallbackInfo<v8::Value>& info) {
  return ObjectIdFactory(runtime::toUtf8(info.GetIsolate(), info[0]),
                         runtime::toUtf8(info.GetIsolate(), info[1]));
}

}  // namespace

void opDoIdFromName(const v8::FunctionCallbackInfo<v8::Value>& info) {
  std::string id = factoryFrom(info).fromName(runtime::toUtf8(info.GetIsolate(), info[2]));
  info.GetReturnValue().Set(runtime::newString(info.GetIsolate(), id));
}

void opDoNewUniqueId(const v8::FunctionCallbackInfo<v8::Value>& info) {
  info.GetReturnValue().Set(runtime::newString(info.GetIsolate(), factoryFrom(info).newUnique()));
}

void opDoIdFromString(const v8::FunctionCallbackInfo<v8::Value>& info) {
  auto id = factoryFrom(info).fromString(runtime::toUtf8(info.GetIsolate(), info[2]));
  if (!id.ok()) return runtime::throwTypeError(info.GetIsolate(), id.error().message);
  info.GetReturnValue().Set(runtime::newString(info.GetIsolate(), id.value()));
}

void opDoCall(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  runtime::Realm* realm = runtime::Realm::from(isolate);
  ObjectHost* host = realm == nullptr ? nullptr : ObjectHost::of(*realm);
  if (host == nullptr) {
    return runtime::throwTypeError(isolate, "Durable Objects are not available in this context.");
  }
  ObjectCall call;
  call.target.worker = runtime::toUtf8(isolate, info[0]);
  call.target.class_name = runtime::toUtf8(isolate, info[1]);
  call.target.id = runtime::toUtf8(isolate, info[2]);
  if (info[3]->IsString()) call.target.name = runtime::toUtf8(isolate, info[3]);
  call.kind = runtime::toUtf8(isolate, info[4]) == "fetch" ? CallKind::kFetch : CallKind::kRpc;
  auto payload = api::serializeValue(isolate->GetCurrentContext(), info[5]);
  if (!payload) return;
  call.payload = std::move(*payload);
  info.GetReturnValue().Set(host->send(std::move(call)));
}

void opDoReply(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  runtime::Realm* realm = runtime::Realm::from(isolate);
  ObjectHost* host = realm == nullptr ? nullptr : ObjectHost::of(*realm);
  if (host == nullptr || !info[0]->IsInt32()) return;
  auto serialized = api::serializeValue(isolate->GetCurrentContext(), info[1]);
  if (!serialized) return;
  host->reply(info[0].As<v8::Int32>()->Value(), std::move(*serialized));
}

ObjectStorage* findObjectStorage(runtime::Realm& realm, int32_t handle) {
  ObjectHost* host = ObjectHost::of(realm);
  return host == nullptr ? nullptr : host->storage(handle);
}

}  // namespace edged::bindings::durable_objects
