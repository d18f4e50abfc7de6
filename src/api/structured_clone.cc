#include <v8-array-buffer.h>
#include <v8-container.h>
#include <v8-exception.h>
#include <v8-value-serializer.h>

#include <vector>

#include "clone_error_delegate.h"
#include "edged/api/basic_ops.h"
#include "edged/runtime/js_values.h"

namespace edged::api {

// HTML §2.7 StructuredSerializeWithTransfer + StructuredDeserializeWithTransfer, in one step.
void opStructuredClone(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  std::vector<v8::Local<v8::ArrayBuffer>> transfers;
  if (info[1]->IsArray()) {
    auto list = info[1].As<v8::Array>();
    for (uint32_t i = 0; i < list->Length(); ++i) {
      v8::Local<v8::Value> item;
      if (!list->Get(context, i).ToLocal(&item)) return;
      if (!item->IsArrayBuffer()) {
        return runtime::throwTypeError(isolate, "Value in transfer list is not transferable.");
      }
      auto buffer = item.As<v8::ArrayBuffer>();
      if (!buffer->IsDetachable()) {
        return runtime::throwTypeError(isolate, "An ArrayBuffer is not detachable.");
      }
      for (auto& seen : transfers) {
        if (seen == buffer) {
          isolate->ThrowException(v8::Exception::Error(
              runtime::newString(isolate, "ArrayBuffer is listed more than once in transfer list.")));
          return;
        }
      }
      transfers.push_back(buffer);
    }
  }
  CloneErrorDelegate delegate(isolate);
  v8::ValueSerializer serializer(isolate, &delegate);
  for (uint32_t i = 0; i < transfers.size(); ++i) serializer.TransferArrayBuffer(i, transfers[i]);
  serializer.WriteHeader();
  if (serializer.WriteValue(context, info[0]).IsNothing()) return;
  std::pair<uint8_t*, size_t> data = serializer.Release();
  std::unique_ptr<uint8_t, decltype(&free)> owned(data.first, &free);

  std::vector<std::shared_ptr<v8::BackingStore>> stores;
  for (auto& buffer : transfers) {
    stores.push_back(buffer->GetBackingStore());
    buffer->Detach();
  }
  v8::ValueDeserializer deserializer(isolate, data.first, data.second);
  for (uint32_t i = 0; i < stores.size(); ++i) {
    deserializer.TransferArrayBuffer(i, v8::ArrayBuffer::New(isolate, stores[i]));
  }
  v8::Local<v8::Value> clone;
  if (deserializer.ReadHeader(context).IsNothing() ||
      !deserializer.ReadValue(context).ToLocal(&clone)) {
    return;
  }
  info.GetReturnValue().Set(clone);
}

}  // namespace edged::api
