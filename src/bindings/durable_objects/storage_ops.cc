// The key-value, alarm and transaction ops of ctx.storage. Values are structured-cloned with
// V8's serializer (api/serialization.h), as workerd stores them.
#include <v8-function.h>
#include <v8-container.h>
#include <v8-exception.h>
#include <v8-primitive.h>

#include <string>
#include <vector>

#include "edged/api/serialization.h"
#include "edged/bindings/durable_objects/storage_ops.h"
#include "edged/runtime/js_values.h"
#include "storage_op_support.h"

namespace edged::bindings::durable_objects {
namespace {

// Throws the DataCloneError DOMException workerd throws for a value it cannot store.
void throwDataCloneError(v8::Isolate* isolate, const std::string& message) {
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  runtime::Realm* realm = runtime::Realm::from(isolate);
  v8::Local<v8::Value> ctor;
  if (realm == nullptr ||
      !runtime::getProperty(context, realm->internals(), "DOMException").ToLocal(&ctor) ||
      !ctor->IsFunction()) {
    isolate->ThrowException(v8::Exception::Error(runtime::newString(isolate, message)));
    return;
  }
  v8::Local<v8::Value> args[] = {runtime::newString(isolate, message),
                                 runtime::newString(isolate, "DataCloneError")};
  v8::Local<v8::Object> error;
  if (ctor.As<v8::Function>()->NewInstance(context, 2, args).ToLocal(&error)) {
    isolate->ThrowException(error);
  }
}

// The serialized bytes of `value`, or nullopt with a DataCloneError thrown.
std::optional<std::string> serialize(v8::Isolate* isolate, v8::Local<v8::Value> value) {
  std::string message = "The value could not be cloned.";
  {
    v8::TryCatch trap(isolate);
    std::optional<std::string> bytes = api::serializeValue(isolate->GetCurrentContext(), value);
    if (bytes) return bytes;
    if (!trap.HasCaught() || !trap.CanContinue()) {
      if (trap.HasCaught()) trap.ReThrow();
      return std::nullopt;
    }
    v8::Local<v8::Value> original = trap.Exception();
    v8::Local<v8::Value> text;
    if (original->IsObject() &&
        runtime::getProperty(isolate->GetCurrentContext(), original.As<v8::Object>(), "message")
            .ToLocal(&text)) {
      message = runtime::toUtf8(isolate, text);
    }
  }
  // Thrown once the trap is gone, so that it reaches JavaScript.
  throwDataCloneError(isolate, message);
  return std::nullopt;
}

// The strings of a JS array (the JS half has already made every key a string).
bool stringsOf(v8::Isolate* isolate, v8::Local<v8::Value> value, std::vector<std::string>& out) {
  if (!value->IsArray()) {
    runtime::throwTypeError(isolate, "expected an array of keys");
    return false;
  }
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  auto array = value.As<v8::Array>();
  for (uint32_t i = 0; i < array->Length(); ++i) {
    v8::Local<v8::Value> item;
    if (!array->Get(context, i).ToLocal(&item)) return false;
    out.push_back(runtime::toUtf8(isolate, item));
  }
  return true;
}

// [key, value, key, value…] with values deserialized; empty with an exception on failure.
v8::MaybeLocal<v8::Array> entriesToArray(v8::Isolate* isolate,
                                         const std::vector<KeyValue>& entries) {
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  v8::Local<v8::Array> out = v8::Array::New(isolate, static_cast<int>(entries.size() * 2));
  uint32_t index = 0;
  for (const KeyValue& entry : entries) {
    v8::Local<v8::Value> value;
    if (!api::deserializeValue(context, entry.value).ToLocal(&value)) return {};
    if (out->Set(context, index++, runtime::newString(isolate, entry.key)).IsNothing() ||
        out->Set(context, index++, value).IsNothing()) {
      return {};
    }
  }
  return out;
}

std::optional<std::string> optionalString(v8::Isolate* isolate, v8::Local<v8::Value> value) {
  if (value->IsUndefined()) return std::nullopt;
  return runtime::toUtf8(isolate, value);
}

void notifyAlarmChanged(const v8::FunctionCallbackInfo<v8::Value>& info,
                        std::optional<int64_t> scheduled_ms) {
  runtime::Realm* realm = runtime::Realm::from(info.GetIsolate());
  if (realm == nullptr) return;
  StorageAlarmHook& hook = realm->state<StorageAlarmHook>();
  if (hook.on_alarm_changed) hook.on_alarm_changed(info[0].As<v8::Int32>()->Value(), scheduled_ms);
}

}  // namespace

void opDoStorageGet(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  ObjectStorage* storage = storageFor(info);
  if (storage == nullptr) return;
  auto value = storage->get(runtime::toUtf8(isolate, info[1]));
  if (!value.ok()) return throwStorageError(isolate, value.error());
  if (!value.value()) return;  // undefined
  v8::Local<v8::Value> result;
  if (!api::deserializeValue(isolate->GetCurrentContext(), *value.value()).ToLocal(&result)) return;
  info.GetReturnValue().Set(result);
}

void opDoStorageGetMany(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  ObjectStorage* storage = storageFor(info);
  std::vector<std::string> keys;
  if (storage == nullptr || !stringsOf(isolate, info[1], keys)) return;
  auto found = storage->getMany(keys);
  if (!found.ok()) return throwStorageError(isolate, found.error());
  v8::Local<v8::Array> result;
  if (entriesToArray(isolate, found.value()).ToLocal(&result)) info.GetReturnValue().Set(result);
}

void opDoStoragePut(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  ObjectStorage* storage = storageFor(info);
  if (storage == nullptr) return;
  std::string key = runtime::toUtf8(isolate, info[1]);
  std::optional<std::string> value = serialize(isolate, info[2]);
  if (!value) return;
  auto written = storage->put(key, *value);
  if (!written.ok()) throwStorageError(isolate, written.error());
}

void opDoStoragePutMany(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  ObjectStorage* storage = storageFor(info);
  if (storage == nullptr) return;
  if (!info[1]->IsArray()) return runtime::throwTypeError(isolate, "expected an array of entries");
  auto flat = info[1].As<v8::Array>();
  std::vector<KeyValue> entries;
  for (uint32_t i = 0; i + 1 < flat->Length(); i += 2) {
    v8::Local<v8::Value> key;
    v8::Local<v8::Value> value;
    if (!flat->Get(context, i).ToLocal(&key) || !flat->Get(context, i + 1).ToLocal(&value)) return;
    std::optional<std::string> bytes = serialize(isolate, value);
    if (!bytes) return;
    entries.push_back({runtime::toUtf8(isolate, key), std::move(*bytes)});
  }
  auto written = storage->putMany(entries);
  if (!written.ok()) throwStorageError(isolate, written.error());
}

void opDoStorageDelete(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  ObjectStorage* storage = storageFor(info);
  if (storage == nullptr) return;
  auto existed = storage->remove(runtime::toUtf8(isolate, info[1]));
  if (!existed.ok()) return throwStorageError(isolate, existed.error());
  info.GetReturnValue().Set(existed.value());
}

void opDoStorageDeleteMany(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  ObjectStorage* storage = storageFor(info);
  std::vector<std::string> keys;
  if (storage == nullptr || !stringsOf(isolate, info[1], keys)) return;
  auto deleted = storage->removeMany(keys);
  if (!deleted.ok()) return throwStorageError(isolate, deleted.error());
  info.GetReturnValue().Set(static_cast<double>(deleted.value()));
}

void opDoStorageList(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  ObjectStorage* storage = storageFor(info);
  if (storage == nullptr) return;
  ListOptions options;
  options.start = optionalString(isolate, info[1]);
  options.start_after = optionalString(isolate, info[2]);
  options.end = optionalString(isolate, info[3]);
  options.prefix = optionalString(isolate, info[4]);
  options.reverse = info[5]->BooleanValue(isolate);
  if (!info[6]->IsUndefined()) {
    double limit = info[6]->NumberValue(isolate->GetCurrentContext()).FromMaybe(0);
    options.limit = limit >= 1 ? static_cast<int64_t>(std::min(limit, 9.0e15)) : 0;
  }
  auto entries = storage->list(options);
  if (!entries.ok()) return throwStorageError(isolate, entries.error());
  v8::Local<v8::Array> result;
  if (entriesToArray(isolate, entries.value()).ToLocal(&result)) info.GetReturnValue().Set(result);
}

void opDoStorageDeleteAll(const v8::FunctionCallbackInfo<v8::Value>& info) {
  ObjectStorage* storage = storageFor(info);
  if (storage == nullptr) return;
  auto deleted = storage->deleteAll();
  if (!deleted.ok()) return throwStorageError(info.GetIsolate(), deleted.error());
  info.GetReturnValue().Set(static_cast<double>(deleted.value()));
}

void opDoStorageGetAlarm(const v8::FunctionCallbackInfo<v8::Value>& info) {
  ObjectStorage* storage = storageFor(info);
  if (storage == nullptr) return;
  auto alarm = storage->getAlarm();
  if (!alarm.ok()) return throwStorageError(info.GetIsolate(), alarm.error());
  if (!alarm.value()) return info.GetReturnValue().SetNull();
  info.GetReturnValue().Set(static_cast<double>(*alarm.value()));
}

void opDoStorageSetAlarm(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  ObjectStorage* storage = storageFor(info);
  if (storage == nullptr) return;
  double ms = info[1]->NumberValue(isolate->GetCurrentContext()).FromMaybe(0);
  auto scheduled = static_cast<int64_t>(ms);
  auto written = storage->setAlarm(scheduled);
  if (!written.ok()) return throwStorageError(isolate, written.error());
  notifyAlarmChanged(info, scheduled);
}

void opDoStorageDeleteAlarm(const v8::FunctionCallbackInfo<v8::Value>& info) {
  ObjectStorage* storage = storageFor(info);
  if (storage == nullptr) return;
  auto written = storage->deleteAlarm();
  if (!written.ok()) return throwStorageError(info.GetIsolate(), written.error());
  notifyAlarmChanged(info, std::nullopt);
}

void opDoStorageTransactionBegin(const v8::FunctionCallbackInfo<v8::Value>& info) {
  ObjectStorage* storage = storageFor(info);
  if (storage == nullptr) return;
  auto depth = storage->beginSavepoint();
  if (!depth.ok()) return throwStorageError(info.GetIsolate(), depth.error());
  info.GetReturnValue().Set(depth.value());
}

void opDoStorageTransactionCommit(const v8::FunctionCallbackInfo<v8::Value>& info) {
  ObjectStorage* storage = storageFor(info);
  if (storage == nullptr) return;
  auto done = storage->releaseSavepoint();
  if (!done.ok()) throwStorageError(info.GetIsolate(), done.error());
}

void opDoStorageTransactionRollback(const v8::FunctionCallbackInfo<v8::Value>& info) {
  ObjectStorage* storage = storageFor(info);
  if (storage == nullptr) return;
  auto done = storage->rollbackSavepoint();
  if (!done.ok()) throwStorageError(info.GetIsolate(), done.error());
}

void opDoStorageSync(const v8::FunctionCallbackInfo<v8::Value>& info) {
  ObjectStorage* storage = storageFor(info);
  if (storage == nullptr) return;
  auto done = storage->flush();
  if (!done.ok()) throwStorageError(info.GetIsolate(), done.error());
}

}  // namespace edged::bindings::durable_objects
