#include "edged/api/serialization.h"

#include <v8-isolate.h>
#include <v8-value-serializer.h>

#include <cstdlib>
#include <memory>
#include <span>

#include "clone_error_delegate.h"
#include "edged/runtime/js_values.h"

namespace edged::api {

std::optional<std::string> serializeValue(v8::Local<v8::Context> context, v8::Local<v8::Value> value) {
  v8::Isolate* isolate = context->GetIsolate();
  CloneErrorDelegate delegate(isolate);
  v8::ValueSerializer serializer(isolate, &delegate);
  serializer.WriteHeader();
  if (serializer.WriteValue(context, value).IsNothing()) return std::nullopt;
  std::pair<uint8_t*, size_t> data = serializer.Release();
  std::unique_ptr<uint8_t, decltype(&free)> owned(data.first, &free);
  return std::string(reinterpret_cast<const char*>(data.first), data.second);
}

v8::MaybeLocal<v8::Value> deserializeValue(v8::Local<v8::Context> context, std::string_view bytes) {
  v8::ValueDeserializer deserializer(context->GetIsolate(),
                                     reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  if (deserializer.ReadHeader(context).IsNothing()) return {};
  return deserializer.ReadValue(context);
}

void opSerialize(const v8::FunctionCallbackInfo<v8::Value>& info) {
  auto bytes = serializeValue(info.GetIsolate()->GetCurrentContext(), info[0]);
  if (!bytes) return;
  info.GetReturnValue().Set(runtime::newUint8Array(
      info.GetIsolate(), std::span(reinterpret_cast<const uint8_t*>(bytes->data()), bytes->size())));
}

void opDeserialize(const v8::FunctionCallbackInfo<v8::Value>& info) {
  auto bytes = runtime::bufferSourceBytes(info[0]);
  if (!bytes) return runtime::throwTypeError(info.GetIsolate(), "Expected serialized bytes.");
  v8::Local<v8::Value> value;
  std::string_view view(reinterpret_cast<const char*>(bytes->data()), bytes->size());
  if (deserializeValue(info.GetIsolate()->GetCurrentContext(), view).ToLocal(&value)) {
    info.GetReturnValue().Set(value);
  }
}

}  // namespace edged::api
